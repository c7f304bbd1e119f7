"""Every email CoupleSafe sends: one function per message, three templates each.

Templates live in templates/emails/<name>/{subject.txt,body.txt,body.html}. No email ever
carries a person's own words (PRODUCT.md): only names, times and links.
"""

from __future__ import annotations

from email.utils import formataddr, parseaddr
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from couplesafe.lib import registry

if TYPE_CHECKING:
    from couplesafe.accounts.models import Invite


# The one link a discreet email keeps, whichever message it stands in for.
LINKS = ("link_url", "conversation_url", "accept_url")


def discreet_sender() -> str:
    """The default sender's address under a neutral name."""
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return formataddr((str(_("A note from your practice app")), address))


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def _render_plain(template_name: str, context: dict[str, Any]) -> str:
    """Subjects and text bodies are plain text, not HTML: escaping would turn a name such as
    O'Brien into O&#x27;Brien. The HTML part is rendered with escaping as usual."""
    template = get_template(template_name)
    return template.template.render(Context(context, autoescape=False))  # type: ignore[attr-defined]


def send(
    name: str,
    *,
    to: str,
    context: dict[str, Any],
    headers: dict[str, str] | None = None,
) -> None:
    """Render templates/emails/<name>/ and send it. Raises on SMTP failure; callers that must
    record failures (reminders) catch and record."""
    context = {"site_url": settings.SITE_URL, **context}
    sender = None
    if registry.wants_discreet_email(to):
        # Discreet (the person's own setting, safety): a neutral subject and sender, a body with
        # only a link — no app name in the subject, no partner's name anywhere.
        name, sender = "discreet", discreet_sender()
        context = {
            "link_url": next((context[k] for k in LINKS if context.get(k)), ""),
            "unsubscribe_url": context.get("unsubscribe_url", ""),
        }
    subject = _render_plain(f"emails/{name}/subject.txt", context).strip()
    text = _render_plain(f"emails/{name}/body.txt", context)
    html = render_to_string(f"emails/{name}/body.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=[to], headers=headers or {}, from_email=sender
    )
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
        to=to,
        context={"name": name, "link_url": link_url, "unsubscribe_url": unsubscribe_url},
        headers=_unsubscribe_headers(unsubscribe_url),
    )


def send_reminder_commitment(*, to: str, name: str, link_url: str, unsubscribe_url: str) -> None:
    """A nudge about a plan the couple made together (rituals). Never says what the plan is."""
    send(
        "reminder-commitment",
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
        to=to,
        context={
            "name": name,
            "completions": completions,
            "link_url": link_url,
            "unsubscribe_url": unsubscribe_url,
        },
        headers=_unsubscribe_headers(unsubscribe_url),
    )
