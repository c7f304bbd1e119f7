"""How a recorded message leaves: by email through Django's default mailer, or by Web Push."""

from __future__ import annotations

import email.policy
from typing import Any

from django.core.mail import EmailMultiAlternatives, mailers

from couplesafe.outbox.models import OutgoingMessage, PushSubscription


class _Email(EmailMultiAlternatives):
    def message(self, *, policy: Any = email.policy.default) -> Any:
        # A one-click unsubscribe URL is one "word" longer than 78 characters. Under the
        # default line length Python writes such a header as RFC 2047 encoded-words, which mail
        # providers do not read as a link; 998 is RFC 5322's hard limit for a line.
        return super().message(policy=policy.clone(max_line_length=998))


def email_message(message: OutgoingMessage) -> EmailMultiAlternatives:
    built = _Email(
        subject=message.subject,
        body=message.body_text,
        to=[message.to],
        headers=dict(message.headers),
    )
    if message.body_html:
        built.attach_alternative(message.body_html, "text/html")
    return built


def send(message: OutgoingMessage) -> None:
    if message.channel == OutgoingMessage.Channel.PUSH:
        from couplesafe.outbox import webpush

        webpush.send(message)
        return
    mailers.default.send_messages([email_message(message)])


def forget_subscription(message: OutgoingMessage) -> None:
    if message.subscription_id is not None:
        PushSubscription.objects.filter(pk=message.subscription_id).delete()
