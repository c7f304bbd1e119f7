"""Every email CoupleSafe sends: one function per message, three templates each.

Templates live in templates/emails/<name>/{subject.txt,body.txt,body.html}. No email ever
carries a person's own words (PRODUCT.md): only names, times and links.

Each function renders its message for its recipient (`render`, inside
`couplesafe.lib.addressing.addressed_to`: the recipient's time zone and per-person settings)
and records it in the outbox (`couplesafe.outbox.services.message_record`). The outbox sends
it from a Celery task after the transaction commits; nothing here talks to a mail server.
"""

from __future__ import annotations

import datetime as dt
from email.utils import formataddr, parseaddr
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from couplesafe.lib.addressing import addressed_to
from couplesafe.lib.language import language_of
from couplesafe.outbox import services as outbox
from couplesafe.outbox.services import Draft

if TYPE_CHECKING:
    from couplesafe.accounts.models import Invite, User
    from couplesafe.outbox.models import OutgoingMessage


# The one link a discreet email keeps, whichever message it stands in for.
LINKS = ("link_url", "conversation_url", "accept_url")


def discreet_sender() -> str:
    """The default sender's address under a neutral name."""
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return formataddr((str(_("A note from your practice app")), address))


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def _render_plain(template_name: str, context: dict[str, Any]) -> str:
    """Subjects and text bodies are plain text by construction: rendered without HTML
    escaping, so a name such as O'Brien stays O'Brien (never O&#x27;Brien)."""
    template = get_template(template_name)
    return template.template.render(Context(context, autoescape=False))  # type: ignore[attr-defined]


def render(
    name: str, *, recipient: User | None, context: dict[str, Any], language: str | None = None
) -> Draft:
    """Render templates/emails/<name>/ for one recipient, inside `addressed_to(recipient)`:
    every date and time reads in their zone (a recipient without an account yet reads UTC)
    and every word in their language (without an account: `language`, else the active one).
    For a person who chose discreet notifications (the one decision:
    `addressing.is_discreet`) every message becomes templates/emails/discreet/: a neutral
    subject and sender and only the way in — no app name, no partner's name, no topic."""
    with addressed_to(recipient, language=language) as addressing:
        context = {"site_url": settings.SITE_URL, "recipient": recipient, **context}
        folder, headers = name, dict[str, str]()
        if addressing.discreet:
            folder, headers = "discreet", {"From": discreet_sender()}
            context = {
                "site_url": settings.SITE_URL,
                "link_url": next((context[k] for k in LINKS if context.get(k)), ""),
                "unsubscribe_url": context.get("unsubscribe_url", ""),
            }
        # One line, whatever a name holds: a line break in a header would refuse the email.
        subject = " ".join(_render_plain(f"emails/{folder}/subject.txt", context).split())
        text = _render_plain(f"emails/{folder}/body.txt", context)
        html = render_to_string(f"emails/{folder}/body.html", context)
    return Draft(
        kind=name, subject=subject, body_text=text, body_html=html, headers=headers or None
    )


class UnconfirmedAddress(Exception):
    """The address belongs to an account whose owner has not confirmed it yet."""


def send(
    name: str,
    *,
    recipient: User | None = None,
    to: str = "",
    context: dict[str, Any],
    headers: dict[str, str] | None = None,
    key: str | None = None,
    driven_by_caller: bool = False,
    about_partner: bool = False,
    confirmed_only: bool = False,
    language: str | None = None,
) -> OutgoingMessage | None:
    """Render and record one email (sent after commit by the outbox task). `to` defaults to
    the recipient's address. A partner-facing message (`about_partner`) is recorded only if
    `outbox.partner_messages_allowed` says it may go to this person; otherwise None. With
    `confirmed_only`, a recipient whose address is not yet confirmed by its owner raises
    UnconfirmedAddress instead (nothing is recorded; a reminder records that as a failure)."""
    address = to or (recipient.email if recipient is not None else "")
    if confirmed_only and recipient is not None and not recipient.email_verified:
        raise UnconfirmedAddress("the address is not confirmed yet")
    if about_partner and recipient is not None and not outbox.partner_messages_allowed(recipient):
        return None
    draft = render(name, recipient=recipient, context=context, language=language)
    if headers:
        merged = {**headers, **(draft.headers or {})}
        draft = Draft(draft.kind, draft.subject, draft.body_text, draft.body_html, merged)
    return outbox.message_record(
        draft,
        to=address,
        user=recipient,
        key=key,
        driven_by_caller=driven_by_caller,
    )


def send_invite(*, invite: Invite, token: str) -> None:
    send(
        "invite",
        to=invite.email,
        context={
            "inviter_name": invite.inviter.display_name,
            "accept_url": absolute(reverse("accounts:invite-accept", args=[token])),
            "code": invite.pretty_code,
            "valid_days": settings.INVITE_VALID_DAYS,
        },
        # The partner has no account yet: the inviter's language is the best guess.
        language=language_of(invite.inviter),
    )


def send_password_reset(*, user: User, reset_url: str) -> None:
    send("password_reset", recipient=user, context={"name": user.display_name, "url": reset_url})


def send_conversation_invite(*, recipient: User, partner_name: str, path: str) -> None:
    """A partner asked for a guided conversation. Only their name and a link: never the
    topic, the practice or any words (the subject line is read on lock screens)."""
    send(
        "conversation_invite",
        recipient=recipient,
        context={"partner_name": partner_name, "conversation_url": absolute(path)},
        about_partner=True,
        confirmed_only=True,
    )


def send_conversation_time(
    *, recipient: User, partner_name: str, path: str, when: dt.datetime | None
) -> None:
    """The time the couple agreed for a conversation is near (read in the recipient's zone).
    Only the partner's name, the time and a link: never the topic, the practice or any words.
    Partner-facing: none while the recipient is on a break, discreet if they chose that."""
    send(
        "conversation_time",
        recipient=recipient,
        context={
            "partner_name": partner_name,
            "conversation_url": absolute(path),
            "when": when,
            "agreed_for": when,
        },
        about_partner=True,
        confirmed_only=True,
    )


def _unsubscribe_headers(unsubscribe_url: str) -> dict[str, str]:
    # RFC 8058 one-click: mail clients POST "List-Unsubscribe=One-Click" to the link.
    return {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def _send_reminder(
    name: str, *, recipient: User, link_url: str, unsubscribe_url: str, key: str
) -> OutgoingMessage | None:
    # The reminder's own delivery row drives the send, once per local day (`key`).
    return send(
        name,
        recipient=recipient,
        context={
            "name": recipient.display_name,
            "link_url": link_url,
            "unsubscribe_url": unsubscribe_url,
        },
        headers=_unsubscribe_headers(unsubscribe_url),
        key=key,
        driven_by_caller=True,
        confirmed_only=True,
    )


def send_reminder_checkin(
    *, recipient: User, link_url: str, unsubscribe_url: str, key: str
) -> OutgoingMessage | None:
    """The daily check-in reminder (rituals). Names and links only, never anyone's words."""
    return _send_reminder(
        "reminder-checkin",
        recipient=recipient,
        link_url=link_url,
        unsubscribe_url=unsubscribe_url,
        key=key,
    )


def send_reminder_commitment(
    *, recipient: User, link_url: str, unsubscribe_url: str, key: str
) -> OutgoingMessage | None:
    """A nudge about a plan the couple made together (rituals). Never says what the plan is."""
    return _send_reminder(
        "reminder-commitment",
        recipient=recipient,
        link_url=link_url,
        unsubscribe_url=unsubscribe_url,
        key=key,
    )


def send_therapist_digest(
    *,
    recipient: User,
    completions: list[dict[str, Any]],
    link_url: str,
    unsubscribe_url: str,
) -> None:
    """A therapist's daily list of homework done (therapists). Each completion is only a
    couple's first names, the homework title and when — never anyone's words."""
    send(
        "therapist-digest",
        recipient=recipient,
        context={
            "name": recipient.display_name,
            "completions": completions,
            "link_url": link_url,
            "unsubscribe_url": unsubscribe_url,
        },
        headers=_unsubscribe_headers(unsubscribe_url),
        confirmed_only=True,
    )


def send_email_confirmation(
    *, to: str, name: str, confirm_url: str, language: str | None = None
) -> None:
    """The link that confirms a new account's address (sign-up). Only a name and a link, in
    the language chosen at sign-up."""
    send(
        "email_confirmation",
        to=to,
        context={"name": name, "confirm_url": confirm_url},
        language=language,
    )


def send_signup_existing(
    *, to: str, login_url: str, reset_url: str, language: str | None = None
) -> None:
    """Someone tried to sign up with an address that already has an account. The page said
    the same as for a new address (it must not reveal who has an account); this email tells
    the owner how to log in or reset their password, in the owner's own language."""
    send(
        "signup_existing",
        to=to,
        context={"login_url": login_url, "reset_url": reset_url},
        language=language,
    )
