"""The daily digest: homework completions, once a day at 07:00 local, no personal words."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine
from django.test import Client

from tests.outbox.helpers import deliver_outbox
from tests.therapists import data
from therapists import digest, tasks
from therapists.models import AuditEntry, CareLink, Homework, TherapistProfile

# 07:30 in Berlin (Theo's time zone from the factory) on a winter day.
MORNING = dt.datetime(2026, 12, 3, 6, 30, tzinfo=dt.UTC)


def setup_done_homework(theo_link: CareLink, alice: Any, bob: Any) -> Homework:
    # The therapist has turned the digest on (it is off until they do).
    TherapistProfile.objects.update_or_create(
        user=theo_link.therapist, defaults={"practice_name": "P", "digest_enabled": True}
    )
    homework = Homework.objects.create(
        link=theo_link,
        kind="ritual",
        target="checkin",
        title="Daily check-in",
        assigned_at=MORNING - dt.timedelta(days=2),
    )
    data.checkin(alice, space_text="MARKER-DIGEST-SPACE", created_at=MORNING - dt.timedelta(days=1))
    data.checkin(bob, need_text="MARKER-DIGEST-NEED", created_at=MORNING - dt.timedelta(hours=20))
    return homework


def test_digest_lists_completions_once_without_any_words(
    theo_link: CareLink, alice: Any, bob: Any, mailoutbox: list[Any]
) -> None:
    setup_done_homework(theo_link, alice, bob)
    with time_machine.travel(MORNING, tick=False):
        ids = digest.due_profile_ids()
        assert len(ids) == 1
        assert digest.digest_send(profile_id=ids[0]) == 1
        assert digest.digest_send(profile_id=ids[0]) == 0  # the day is claimed
        assert digest.due_profile_ids() == []
    deliver_outbox()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    body = message.body + message.alternatives[0][0]
    assert "Alice & Bob: Daily check-in" in message.body
    assert "MARKER" not in body + message.subject
    assert message.to == ["theo@example.com"]
    assert "List-Unsubscribe" in message.extra_headers
    assert AuditEntry.objects.filter(action="digest").count() == 1


def test_no_digest_before_seven_local_or_when_switched_off(
    theo_link: CareLink, alice: Any, bob: Any, mailoutbox: list[Any]
) -> None:
    setup_done_homework(theo_link, alice, bob)
    with time_machine.travel(MORNING - dt.timedelta(hours=1), tick=False):
        assert digest.due_profile_ids() == []
    TherapistProfile.objects.update(digest_enabled=False)
    with time_machine.travel(MORNING, tick=False):
        assert digest.due_profile_ids() == []
    deliver_outbox()
    assert mailoutbox == []


def test_the_sweep_task_enqueues_due_digests(
    theo_link: CareLink,
    alice: Any,
    bob: Any,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
    settings: Any,
) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from couplesafe.celery import app

    app.conf.task_always_eager = True
    try:
        setup_done_homework(theo_link, alice, bob)
        with time_machine.travel(MORNING, tick=False):
            assert tasks.sweep_digests() == 1
    finally:
        app.conf.task_always_eager = False
    deliver_outbox()
    assert len(mailoutbox) == 1


def test_one_click_unsubscribe_needs_no_login(theo: Any) -> None:
    profile = TherapistProfile.objects.create(user=theo, practice_name="P")
    url = f"/therapist/digest/stop/{digest.unsubscribe_token(profile)}/"
    client = Client(enforce_csrf_checks=True)
    assert client.get(url).status_code == 200
    assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    profile.refresh_from_db()
    assert not profile.digest_enabled
    assert Client().get("/therapist/digest/stop/not-a-token/").status_code == 404


def test_digest_setting_can_be_switched_on_the_dashboard(theo: Any, theo_client: Client) -> None:
    theo_client.post("/therapist/digest/", {})
    assert not TherapistProfile.objects.get(user=theo).digest_enabled
    theo_client.post("/therapist/digest/", {"digest_enabled": "on"})
    assert TherapistProfile.objects.get(user=theo).digest_enabled


def test_no_digest_to_an_unconfirmed_address_and_the_list_waits_for_it(
    theo_link: CareLink, alice: Any, bob: Any, mailoutbox: list[Any]
) -> None:
    homework = setup_done_homework(theo_link, alice, bob)
    theo = theo_link.therapist
    type(theo).objects.filter(pk=theo.pk).update(email_verified_at=None)
    with time_machine.travel(MORNING, tick=False):
        assert digest.digest_send(profile_id=digest.due_profile_ids()[0]) == 0
    deliver_outbox()
    assert mailoutbox == []
    homework.refresh_from_db()
    assert homework.digested_at is None
    # Once confirmed, the next morning's digest lists it.
    type(theo).objects.filter(pk=theo.pk).update(email_verified_at=MORNING)
    with time_machine.travel(MORNING + dt.timedelta(days=1), tick=False):
        assert digest.digest_send(profile_id=digest.due_profile_ids()[0]) == 1
    deliver_outbox()
    assert len(mailoutbox) == 1
