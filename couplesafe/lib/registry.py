"""Where feature apps plug into the foundation without the foundation importing them.

`couplesafe.*` never imports a feature app (STYLE.md §1). Instead each feature app registers,
in its AppConfig.ready(), what it adds to the home page and what it does with a person's data
when they leave a couple, delete their account or ask for an export.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.http import HttpRequest

    from couplesafe.accounts.models import Couple, User


@dataclass(frozen=True)
class HomeSection:
    """A card on the home page: `context(request)` returns None to show nothing."""

    order: int
    template: str
    context: Callable[[HttpRequest], dict[str, Any] | None]


@dataclass(frozen=True)
class DataHandler:
    """What one app does with a person's data.

    forget(user, couple): remove the person's own words; with a couple, only within it
    (leaving), without one, everywhere (account deletion).
    export(user): everything of theirs, JSON-serialisable.
    """

    name: str
    forget: Callable[..., None]
    export: Callable[[User], Any]


@dataclass(frozen=True)
class NavItem:
    """A link in the main navigation, shown when `visible(user)` is true."""

    order: int
    label: str
    url_name: str
    visible: Callable[[User], bool]


_home_sections: list[HomeSection] = []
_time_zone_listeners: list[Callable[[User], None]] = []
_nav_items: list[NavItem] = []
_data_handlers: dict[str, DataHandler] = {}
_availability_checks: list[Callable[[User], bool]] = []
_discreet_checks: list[Callable[[str], bool]] = []


def register_home_section(section: HomeSection) -> None:
    if section not in _home_sections:
        _home_sections.append(section)
        _home_sections.sort(key=lambda s: s.order)


def home_sections() -> list[HomeSection]:
    return list(_home_sections)


def register_nav_item(item: NavItem) -> None:
    if item not in _nav_items:
        _nav_items.append(item)
        _nav_items.sort(key=lambda i: i.order)


def nav_items() -> list[NavItem]:
    return list(_nav_items)


def register_data_handler(handler: DataHandler) -> None:
    _data_handlers[handler.name] = handler


def data_handlers() -> list[DataHandler]:
    return list(_data_handlers.values())


def register_time_zone_listener(listener: Callable[[User], None]) -> None:
    """Called with the person after they change their time zone (e.g. to move reminders)."""
    if listener not in _time_zone_listeners:
        _time_zone_listeners.append(listener)


def time_zone_changed(user: User) -> None:
    for listener in _time_zone_listeners:
        listener(user)


def forget_everywhere(*, user: User, couple: Couple | None) -> None:
    for handler in data_handlers():
        handler.forget(user=user, couple=couple)


def register_availability_check(check: Callable[[User], bool]) -> None:
    """The safety app says whether a person is available for joint things (not on a break)."""
    if check not in _availability_checks:
        _availability_checks.append(check)


def is_available(user: User) -> bool:
    """Whether something joint (a card the partner drew, a partner-facing message) may reach
    this person now. The rule itself lives in safety.availability."""
    return all(check(user) for check in _availability_checks)


def register_discreet_check(check: Callable[[str], bool]) -> None:
    """The safety app says, for an email address, whether its owner asked for discreet email."""
    if check not in _discreet_checks:
        _discreet_checks.append(check)


def wants_discreet_email(address: str) -> bool:
    return any(check(address) for check in _discreet_checks)
