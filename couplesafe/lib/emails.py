"""Every email CoupleSafe sends: one function per message, three templates each.

Templates live in templates/emails/<name>/{subject.txt,body.txt,body.html}. No email ever
carries a person's own words (PRODUCT.md): only names, times and links.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import reverse

if TYPE_CHECKING:
    from couplesafe.accounts.models import Invite


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def _render_plain(template_name: str, context: dict[str, Any]) -> str:
    """Subjects and text bodies are plain text, not HTML: escaping would turn a name such as
    O'Brien into O&#x27;Brien. The HTML part is rendered with escaping as usual."""
    template = get_template(template_name)
    return template.template.render(Context(context, autoescape=False))  # type: ignore[attr-defined]


class UnconfirmedAddress(Exception):
    """The address belongs to an account whose owner has not confirmed it yet."""


def send(
    name: str,
    *,
    to: str,
    context: dict[str, Any],
    headers: dict[str, str] | None = None,
    confirmed_only: bool = False,
) -> None:
    """Render templates/emails/<name>/ and send it. Raises on SMTP failure; callers that must
    record failures (reminders) catch and record. With confirmed_only, an account's address
    not yet confirmed by its owner raises UnconfirmedAddress instead (nothing is sent)."""
    if confirmed_only:
        from couplesafe.accounts.models import address_confirmed

        if not address_confirmed(to):
            raise UnconfirmedAddress("the address is not confirmed yet")
    context = {"site_url": settings.SITE_URL, **context}
    subject = _render_plain(f"emails/{name}/subject.txt", context).strip()
    text = _render_plain(f"emails/{name}/body.txt", context)
    html = render_to_string(f"emails/{name}/body.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to], headers=headers or {})
    message.attach_alternative(html, "text/html")
    message.send()


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
    )


def send_conversation_invite(*, to: str, partner_name: str, path: str) -> None:
    """A partner asked for a guided conversation. Only their name and a link: never the
    topic, the practice or any words (the subject line is read on lock screens)."""
    send(
        "conversation_invite",
        confirmed_only=True,
        to=to,
        context={"partner_name": partner_name, "conversation_url": absolute(path)},
    )


def _unsubscribe_headers(unsubscribe_url: str) -> dict[str, str]:
    # RFC 8058 one-click: mail clients POST "List-Unsubscribe=One-Click" to the link.
    return {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def send_reminder_checkin(*, to: str, name: str, link_url: str, unsubscribe_url: str) -> None:
    """The daily check-in reminder (rituals). Names and links only, never anyone's words."""
    send(
        "reminder-checkin",
        confirmed_only=True,
        to=to,
        context={"name": name, "link_url": link_url, "unsubscribe_url": unsubscribe_url},
        headers=_unsubscribe_headers(unsubscribe_url),
    )


def send_reminder_commitment(*, to: str, name: str, link_url: str, unsubscribe_url: str) -> None:
    """A nudge about a plan the couple made together (rituals). Never says what the plan is."""
    send(
        "reminder-commitment",
        confirmed_only=True,
        to=to,
        context={"name": name, "link_url": link_url, "unsubscribe_url": unsubscribe_url},
        headers=_unsubscribe_headers(unsubscribe_url),
    )


def send_therapist_digest(
    *, to: str, name: str, completions: list[dict[str, str]], link_url: str, unsubscribe_url: str
) -> None:
    """A therapist's daily list of homework done (therapists). Each completion is only a
    couple's first names, the homework title and a date — never anyone's words."""
    send(
        "therapist-digest",
        confirmed_only=True,
        to=to,
        context={
            "name": name,
            "completions": completions,
            "link_url": link_url,
            "unsubscribe_url": unsubscribe_url,
        },
        headers=_unsubscribe_headers(unsubscribe_url),
    )


def send_email_confirmation(*, to: str, name: str, confirm_url: str) -> None:
    """The link that confirms a new account's address (sign-up). Only a name and a link."""
    send("email_confirmation", to=to, context={"name": name, "confirm_url": confirm_url})


def send_signup_existing(*, to: str, login_url: str, reset_url: str) -> None:
    """Someone tried to sign up with an address that already has an account. The page said
    the same as for a new address (it must not reveal who has an account); this email tells
    the owner how to log in or reset their password."""
    send("signup_existing", to=to, context={"login_url": login_url, "reset_url": reset_url})
