from __future__ import annotations

from rituals import reminders
from rituals.models import Appreciation, ReminderSchedule
from tests.matrix import ROLES, Row, World


def couples_only(*, allowed: tuple[str, ...] = ("alice", "carol")) -> dict[str, int]:
    """Rituals pages: people in a couple see their own; anyone without one is sent home."""
    expect = {role: 302 for role in ROLES}
    for role in allowed:
        expect[role] = 200
    return expect


def only(role: str, others: int = 404) -> dict[str, int]:
    expect = {r: others for r in ROLES}
    expect["anonymous"] = 302
    expect[role] = 200
    return expect


def rows(world: World) -> list[Row]:
    # Bob thanked Alice: only Alice (the recipient) may answer; everyone else learns nothing.
    thanks = Appreciation.objects.create(
        couple=world.alice.active_couple,
        author=world.bob,
        recipient=world.alice,
        text="Thank you for the soup",
    )
    plan = reminders.commitment_reminder_create(user=world.alice)
    checkin_schedule = ReminderSchedule.objects.create(user=world.alice, time_zone="UTC")
    token = reminders.unsubscribe_token(checkin_schedule)
    everyone_200 = {role: 200 for role in ROLES}
    return [
        Row("rituals:today", "/rituals/today/", couples_only()),
        Row("rituals:couple", "/rituals/together/", couples_only()),
        Row("rituals:appreciations", "/rituals/appreciations/", couples_only()),
        Row(
            "rituals:appreciation-respond",
            f"/rituals/appreciations/{thanks.public_id}/respond/",
            only("alice"),
        ),
        Row("rituals:reminders", "/rituals/reminders/", couples_only()),
        Row(
            "rituals:reminder-off",
            f"/rituals/reminders/{plan.public_id}/off/",
            {**only("alice"), "alice": 302},
            method="POST",
        ),
        # The signed link works for anyone holding it, logged in or not.
        Row("rituals:unsubscribe", f"/rituals/unsubscribe/{token}/", everyone_200),
    ]
