"""The therapist's daily email of homework completions. No personal words: couple first
names, homework titles and dates only (PRODUCT.md)."""

from __future__ import annotations

import datetime as dt

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from couplesafe.lib import emails
from couplesafe.lib.language import language_of
from couplesafe.lib.tz import local_now
from therapists import caseload, homework_progress, services
from therapists.models import AuditEntry, CareLink, Homework, TherapistProfile
from therapists.titles import homework_titles

DIGEST_HOUR = 7
SALT = "therapists.digest-unsubscribe"


def unsubscribe_token(profile: TherapistProfile) -> str:
    return signing.dumps(str(profile.user.public_id), salt=SALT)


def profile_from_token(token: str) -> TherapistProfile | None:
    try:
        public_id = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return TherapistProfile.objects.filter(user__public_id=public_id).first()


def digest_due(profile: TherapistProfile, now: dt.datetime) -> bool:
    local = local_now(profile.user.time_zone, now)
    if local.hour < DIGEST_HOUR:
        return False
    start_of_day = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return profile.last_digest_at is None or profile.last_digest_at < start_of_day


def digest_send(*, profile_id: int, now: dt.datetime | None = None) -> int:
    """Send one therapist's digest if it is due. Claims the day by compare-and-set on
    last_digest_at, so two sweeps never send twice. Returns how many completions it listed."""
    now = now or timezone.now()
    profile = TherapistProfile.objects.select_related("user").get(pk=profile_id)
    if not profile.digest_enabled or not digest_due(profile, now):
        return 0
    claimed = TherapistProfile.objects.filter(
        pk=profile.pk, last_digest_at=profile.last_digest_at
    ).update(last_digest_at=now)
    if claimed != 1:
        return 0
    therapist = profile.user
    links = caseload.active_links(therapist)
    homework_progress.refresh_homework([hw for link in links for hw in link.homework.all()])
    names = {
        link.pk: " & ".join(c.user.display_name for c in link.consents.all()) for link in links
    }
    done = list(
        Homework.objects.filter(
            link__in=[link.pk for link in links],
            completed_at__isnull=False,
            digested_at__isnull=True,
        ).order_by("completed_at")
    )
    if not done:
        return 0
    # Titles in the therapist's own language, the one the email is written in.
    homework_titles(done, language=language_of(therapist))
    completions = [
        {"couple": names[hw.link_id], "title": hw.shown_title, "completed_at": hw.completed_at}
        for hw in done
    ]
    try:
        with transaction.atomic():
            # Recorded in the outbox with the homework marked digested; the outbox task sends
            # it (and retries it) after the commit, in the therapist's own time zone.
            emails.send_therapist_digest(
                recipient=therapist,
                completions=completions,
                link_url=emails.absolute(reverse("therapists:dashboard")),
                unsubscribe_url=emails.absolute(
                    reverse("therapists:digest-stop", args=[unsubscribe_token(profile)])
                ),
            )
            Homework.objects.filter(pk__in=[hw.pk for hw in done]).update(digested_at=now)
    except emails.UnconfirmedAddress:
        # Not confirmed yet (issue #11): nothing sent, nothing marked; a later day lists it.
        return 0
    couples = {link.couple for link in links if link.pk in {hw.link_id for hw in done}}
    services.audit_record(
        therapist=therapist,
        couples=[c for c in couples if c is not None],
        action=AuditEntry.Action.DIGEST,
    )
    return len(completions)


def due_profile_ids(now: dt.datetime | None = None) -> list[int]:
    now = now or timezone.now()
    has_links = CareLink.objects.open().values("therapist_id")
    return [
        profile.pk
        for profile in TherapistProfile.objects.filter(
            digest_enabled=True, user__in=has_links
        ).select_related("user")
        if digest_due(profile, now)
    ]
