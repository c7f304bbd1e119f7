"""Helpers for therapist tests: links in every state and OTP-verified clients."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from therapists.models import CareConsent, CareLink, TherapistProfile


def verify(client: Client, user: Any) -> None:
    """Give a logged-in therapist's session a verified second factor (as after entering a code)."""
    if not getattr(user, "is_therapist", False):
        return
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    TherapistProfile.objects.get_or_create(user=user, defaults={"practice_name": "Calm Rooms"})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def therapist_client(user: Any, *, verified: bool = True) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    if verified:
        verify(client, user)
    return client


def make_link(therapist: Any, *partners: Any, ended: bool = False) -> CareLink:
    """A link for the couple of the given partners, accepted by exactly those partners."""
    from django.utils import timezone

    from therapists.services import link_create

    link = link_create(therapist=therapist)
    if partners:
        link.couple = partners[0].active_couple
        link.save(update_fields=["couple"])
    for partner in partners:
        CareConsent.objects.create(link=link, user=partner)
    if ended:
        link.ended_at = timezone.now()
        link.save(update_fields=["ended_at"])
    return link
