"""Where feature apps plug into the foundation without the foundation importing them.

`couplesafe.*` never imports a feature app (STYLE.md §1). Instead each app declares, as
attributes of its AppConfig, what it adds:

    class RitualsConfig(AppConfig):
        home_sections = [HomeSection(order=20, template="…", context="rituals.home.context")]
        nav_items = [NavItem(order=20, label="Check-in", url_name="…", visible="rituals.home.x")]
        data_rights = "rituals.data_rights"  # a module with forget(*, user, couple) and export(user)
        time_zone_listeners = ["rituals.reminders.resync_on_time_zone_change"]
        calendar_sources = ["rituals.calendar.calendar_events"]

Callables are given as dotted paths (an apps.py imports no models); `load_declared()`, run by
this app's own ready() once every app is loaded, resolves and registers them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from importlib import import_module
from typing import TYPE_CHECKING, Any

from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from django.http import HttpRequest
    from django.utils.functional import _StrOrPromise as StrOrPromise

    from couplesafe.accounts.models import Couple, User


@dataclass(frozen=True)
class HomeSection:
    """A card on the home page: `context(request)` returns None to show nothing."""

    order: int
    template: str
    context: Callable[[HttpRequest], dict[str, Any] | None] | str

    def context_for(self, request: HttpRequest) -> dict[str, Any] | None:
        result: dict[str, Any] | None = _resolve(self.context)(request)
        return result


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
    label: StrOrPromise
    url_name: str
    visible: Callable[[User], bool] | str

    def visible_to(self, user: User) -> bool:
        return bool(_resolve(self.visible)(user))


@dataclass(frozen=True)
class CalendarEvent:
    """One event in a person's calendar feed. No words: titles like "Daily check-in".

    `start` is a naive local date-time in `time_zone`; with `weekdays` (0 = Monday) it repeats
    weekly on those days, written as an RRULE with the zone so DST moves correctly."""

    uid: str
    title: str
    start: dt.datetime
    time_zone: str
    duration: dt.timedelta
    weekdays: tuple[int, ...] = ()
    url: str = ""
    tentative: bool = False


_home_sections: list[HomeSection] = []
_calendar_sources: list[Callable[[User], list[CalendarEvent]]] = []
_time_zone_listeners: list[Callable[[User], None]] = []
_nav_items: list[NavItem] = []
_data_handlers: dict[str, DataHandler] = {}


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


def register_calendar_source(source: Callable[[User], list[CalendarEvent]]) -> None:
    """A feature app's events for a person's private calendar feed (rituals: reminder times;
    practices: conversation times)."""
    if source not in _calendar_sources:
        _calendar_sources.append(source)


def calendar_events(user: User) -> list[CalendarEvent]:
    return [event for source in _calendar_sources for event in source(user)]


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


def _resolve(target: Any) -> Any:
    return import_string(target) if isinstance(target, str) else target


def load_declared(configs: Iterable[Any]) -> None:
    """Register what each AppConfig declares (see the module docstring)."""
    for config in configs:
        for section in getattr(config, "home_sections", ()):
            register_home_section(replace(section, context=_resolve(section.context)))
        for item in getattr(config, "nav_items", ()):
            register_nav_item(replace(item, visible=_resolve(item.visible)))
        module_path = getattr(config, "data_rights", None)
        if module_path:
            module = import_module(module_path)
            register_data_handler(
                DataHandler(name=config.label, forget=module.forget, export=module.export)
            )
        for listener in getattr(config, "time_zone_listeners", ()):
            register_time_zone_listener(_resolve(listener))
        for source in getattr(config, "calendar_sources", ()):
            register_calendar_source(_resolve(source))
