"""Leaving and deleting: the leaver's words leave with them; the partner keeps theirs."""

from __future__ import annotations

import json

from couplesafe.lib import registry
from rituals import appreciations, checkins, data_rights
from rituals.models import Appreciation, CheckIn, ReminderSchedule
from tests.rituals.factories import reminder_for


def test_rituals_registers_a_data_handler() -> None:
    assert "rituals" in {handler.name for handler in registry.data_handlers()}


def test_leaving_deletes_the_leavers_words_and_ends_their_reminders(alice, bob, couple) -> None:
    checkins.checkin_record(user=alice, mood=3, feelings=[], space_text="alice words")
    checkins.checkin_record(user=bob, mood=4, feelings=[], space_text="bob words")
    appreciations.appreciation_send(author=alice, text="from alice")
    to_alice = appreciations.appreciation_send(author=bob, text="from bob")
    appreciations.appreciation_respond(appreciation=to_alice, user=alice, response="alice answer")
    reminder_for(alice)
    reminder_for(bob)

    data_rights.forget(user=alice, couple=couple)

    assert not CheckIn.objects.filter(user=alice).exists()
    assert CheckIn.objects.get(user=bob).space_text == "bob words"
    assert list(Appreciation.objects.values_list("text", flat=True)) == ["from bob"]
    assert Appreciation.objects.get().response == ""
    assert list(ReminderSchedule.objects.values_list("user", flat=True)) == [bob.pk]


def test_leaving_one_couple_leaves_words_from_another_couple_alone(alice, couple) -> None:
    from rituals.models import CheckIn as Model
    from tests.factories import CoupleFactory

    other = CoupleFactory().couple
    Model.objects.create(user=alice, couple=other, local_date="2025-01-01", mood=3)
    data_rights.forget(user=alice, couple=couple)
    assert Model.objects.filter(user=alice, couple=other).exists()
    data_rights.forget(user=alice, couple=None)
    assert not Model.objects.filter(user=alice).exists()


def test_export_holds_the_persons_own_rituals_as_json(alice, bob) -> None:
    checkins.checkin_record(user=alice, mood=3, feelings=["safe"], space_text="mine")
    appreciations.appreciation_send(author=alice, text="thank you")
    reminder_for(alice)
    data = json.loads(json.dumps(data_rights.export(alice)))
    assert data["checkins"][0]["taking_up_space"] == "mine"
    assert data["appreciations_written"][0]["text"] == "thank you"
    assert data["reminders"][0]["local_time"] == "20:00"
    assert data_rights.export(bob)["checkins"] == []
