"""Check-ins: record and edit, one a day, reveal together, the couple page."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import IntegrityError

from couplesafe.visibility import Sight
from rituals import checkins, selectors
from rituals.models import CheckIn
from tests.factories import CoupleFactory

UTC = dt.UTC
pytestmark = pytest.mark.usefixtures("ritual_content")


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def test_checking_in_saves_mood_words_and_text_for_the_local_day(alice_client, alice) -> None:
    with time_machine.travel(at(2026, 6, 10, 22, 30), tick=False):  # 00:30 on 11 June in Berlin
        response = alice_client.post(
            "/rituals/today/",
            {"mood": "4", "feelings": ["happy", "safe"], "space_text": "Work", "need_text": "Rest"},
        )
    assert response.status_code == 302
    checkin = CheckIn.objects.get(user=alice)
    assert checkin.local_date == dt.date(2026, 6, 11)
    assert (checkin.mood, checkin.feelings, checkin.space_text) == (4, ["happy", "safe"], "Work")


def test_the_check_in_text_is_encrypted_at_rest(alice) -> None:
    from django.db import connection

    checkins.checkin_record(user=alice, mood=3, feelings=[], space_text="my secret day")
    with connection.cursor() as cursor:
        cursor.execute("SELECT space_text FROM rituals_checkin")
        (stored,) = cursor.fetchone()
    assert "my secret day" not in stored


def test_checking_in_again_the_same_day_edits_the_same_row(alice) -> None:
    with time_machine.travel(at(2026, 6, 10, 8, 0), tick=False):
        checkins.checkin_record(user=alice, mood=2, feelings=["tired"])
    with time_machine.travel(at(2026, 6, 10, 21, 59), tick=False):  # 23:59 Berlin
        checkins.checkin_record(user=alice, mood=4, feelings=["relieved"])
    assert CheckIn.objects.get(user=alice).mood == 4


def test_after_local_midnight_a_new_day_starts(alice) -> None:
    with time_machine.travel(at(2026, 6, 10, 21, 59), tick=False):
        checkins.checkin_record(user=alice, mood=2, feelings=[])
    with time_machine.travel(at(2026, 6, 10, 22, 0), tick=False):  # 00:00 Berlin
        checkins.checkin_record(user=alice, mood=5, feelings=[])
    assert list(CheckIn.objects.order_by("local_date").values_list("mood", flat=True)) == [2, 5]


def test_the_database_refuses_a_second_check_in_for_one_person_and_day(alice, couple) -> None:
    CheckIn.objects.create(user=alice, couple=couple, local_date=dt.date(2026, 6, 10), mood=3)
    with pytest.raises(IntegrityError):
        CheckIn.objects.create(user=alice, couple=couple, local_date=dt.date(2026, 6, 10), mood=4)


def test_more_than_three_feeling_words_is_kindly_refused_and_nothing_typed_is_lost(
    alice_client,
) -> None:
    response = alice_client.post(
        "/rituals/today/",
        {"mood": "3", "feelings": ["happy", "safe", "tired", "flat"], "space_text": "keep me"},
    )
    assert response.status_code == 200
    assert "Please keep the three that fit best" in response.text
    assert "keep me" in response.text
    assert not CheckIn.objects.exists()


def test_a_missing_mood_says_what_to_do(alice_client) -> None:
    response = alice_client.post("/rituals/today/", {"space_text": "x"})
    assert "Choose the word closest to how you are today." in response.text


def test_htmx_check_in_returns_the_card_fragment(alice_client) -> None:
    response = alice_client.post(
        "/rituals/today/", {"mood": "5", "feelings": ["proud"]}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "Thank you for checking in" in response.text


def test_htmx_validation_error_comes_back_in_the_fragment_with_status_200(alice_client) -> None:
    response = alice_client.post("/rituals/today/", {"space_text": "x"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "<html" not in response.text
    assert "Choose the word closest" in response.text


def test_the_mood_scale_has_words_not_only_numbers(alice_client) -> None:
    response = alice_client.get("/rituals/today/")
    assert "Heavy" in response.text and "Bright" in response.text
    assert "grateful" in response.text  # a feeling word from the content app


def test_partner_sees_only_checked_in_until_both_have_checked_in(alice, bob, alice_client) -> None:
    checkins.checkin_record(user=bob, mood=2, feelings=["drained"], space_text="BOB-PRIVATE")
    before = alice_client.get("/rituals/together/")
    assert "Checked in" in before.text
    assert "BOB-PRIVATE" not in before.text and "drained" not in before.text
    checkins.checkin_record(user=alice, mood=4, feelings=[])
    after = alice_client.get("/rituals/together/")
    assert "BOB-PRIVATE" in after.text and "drained" in after.text


def revealed_to(checkin: CheckIn, user) -> bool:  # type: ignore[no-untyped-def]
    eyes = selectors.partner_eyes(user, CheckIn.objects.filter(couple=checkin.couple))
    sight = selectors.sight_for(user, checkin, eyes, checkin.user.time_zone)
    return sight == Sight.FULL


def test_reveal_rule_for_a_single_check_in(alice, bob) -> None:
    theirs = checkins.checkin_record(user=bob, mood=2, feelings=[])
    assert revealed_to(theirs, bob)
    assert not revealed_to(theirs, alice)
    checkins.checkin_record(user=alice, mood=3, feelings=[])
    assert revealed_to(theirs, alice)


def test_another_couple_never_sees_a_check_in(alice, carol, carol_client) -> None:
    checkins.checkin_record(user=alice, mood=2, feelings=[], space_text="ALICE-PRIVATE")
    checkins.checkin_record(user=carol, mood=3, feelings=[])
    assert not CheckIn.objects.visible_to(carol).filter(user=alice).exists()
    assert "ALICE-PRIVATE" not in carol_client.get("/rituals/together/").text


def test_the_partners_past_day_shows_only_on_days_both_checked_in(alice, bob, couple) -> None:
    # Each check-in made during its own day (Berlin), as checkin_record would.
    alone = CheckIn.objects.create(
        user=bob,
        couple=couple,
        local_date=dt.date(2026, 6, 1),
        mood=1,
        space_text="ALONE",
        created_at=at(2026, 6, 1, 8, 0),
    )
    together = CheckIn.objects.create(
        user=bob,
        couple=couple,
        local_date=dt.date(2026, 6, 2),
        mood=5,
        space_text="TOGETHER",
        created_at=at(2026, 6, 2, 8, 0),
    )
    CheckIn.objects.create(
        user=alice,
        couple=couple,
        local_date=dt.date(2026, 6, 2),
        mood=4,
        created_at=at(2026, 6, 2, 9, 0),
    )
    from tests.conftest import client_for

    with time_machine.travel(at(2026, 6, 10, 9, 0), tick=False):
        text = client_for(alice).get("/rituals/together/").text
    assert "TOGETHER" in text and "ALONE" not in text
    assert revealed_to(together, alice) and not revealed_to(alone, alice)


def test_gentle_counts_count_days_and_never_reset(alice, bob, couple, alice_client) -> None:
    for day in (1, 2, 5):
        CheckIn.objects.create(user=alice, couple=couple, local_date=dt.date(2026, 6, day), mood=3)
    for day in (2, 5):
        CheckIn.objects.create(user=bob, couple=couple, local_date=dt.date(2026, 6, day), mood=3)
    CheckIn.objects.create(user=alice, couple=couple, local_date=dt.date(2026, 5, 20), mood=3)
    CheckIn.objects.create(user=bob, couple=couple, local_date=dt.date(2026, 5, 20), mood=3)
    with time_machine.travel(at(2026, 6, 20, 9, 0), tick=False):  # a long gap: no scolding
        text = alice_client.get("/rituals/together/").text
    assert "Days you both checked in this month: <strong>2</strong>" in text
    assert "Days you checked in this month: <strong>3</strong>" in text
    assert "since you started: <strong>3</strong>" in text
    assert "streak" not in text.lower() and "missed" not in text.lower()


def test_the_mood_chart_is_an_svg_with_title_desc_and_word_labels(
    alice, bob, couple, alice_client
) -> None:
    with time_machine.travel(at(2026, 6, 10, 9, 0), tick=False):
        checkins.checkin_record(user=alice, mood=4, feelings=[])
        checkins.checkin_record(user=bob, mood=2, feelings=[])
        text = alice_client.get("/rituals/together/").text
    assert '<svg class="chart mood-chart"' in text
    assert '<title id="mood-chart-title">' in text and '<desc id="mood-chart-desc">' in text
    # Told apart by shape and line style, not colour; the levels are words.
    assert "circles and a solid line" in text and "squares and a dashed line" in text
    assert ">Heavy</text>" in text and ">Bright</text>" in text
    assert "You, 10 June: Good" in text and "Bob, 10 June: Low" in text


def test_today_side_by_side_refreshes_as_an_htmx_fragment(alice_client) -> None:
    response = alice_client.get("/rituals/together/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in response.text and 'id="today-pair"' in response.text
    assert "data-poll" in response.text


def test_couple_page_queries_stay_the_same_with_ten_times_the_history(
    alice, bob, couple, alice_client, django_assert_num_queries
) -> None:
    def fill(days: int) -> None:
        CheckIn.objects.filter(couple=couple).delete()
        for offset in range(days):
            day = dt.date(2026, 6, 10) - dt.timedelta(days=offset)
            CheckIn.objects.create(user=alice, couple=couple, local_date=day, mood=3)
            CheckIn.objects.create(user=bob, couple=couple, local_date=day, mood=4)

    counts = []
    for days in (3, 30):
        fill(days)
        with time_machine.travel(at(2026, 6, 10, 9, 0), tick=False):
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as queries:
                assert alice_client.get("/rituals/together/").status_code == 200
            counts.append(len(queries))
    assert counts[0] == counts[1]
    with (
        time_machine.travel(at(2026, 6, 10, 9, 0), tick=False),
        django_assert_num_queries(counts[1]),
    ):
        alice_client.get("/rituals/together/")


def test_partners_in_different_zones_each_check_in_on_their_own_day(db) -> None:
    pair = CoupleFactory(
        first__time_zone="Pacific/Auckland", second__time_zone="America/Los_Angeles"
    )
    with time_machine.travel(at(2026, 6, 10, 20, 0), tick=False):
        mine = checkins.checkin_record(user=pair.first, mood=3, feelings=[])  # 08:00 on 11 June
        theirs = checkins.checkin_record(user=pair.second, mood=3, feelings=[])  # 13:00 on 10 June
    assert mine.local_date == dt.date(2026, 6, 11)
    assert theirs.local_date == dt.date(2026, 6, 10)


def test_days_together_count_each_partners_own_overlapping_day(db) -> None:
    """Auckland's 10 June and Los Angeles's 9 June are mostly the same hours: both partners'
    pages count it as one day you both checked in, and show it on one row."""
    from tests.conftest import client_for

    pair = CoupleFactory(
        first__time_zone="Pacific/Auckland", second__time_zone="America/Los_Angeles"
    )
    with time_machine.travel(at(2026, 6, 10, 2, 0), tick=False):  # 14:00 Auckland, 19:00 LA
        checkins.checkin_record(user=pair.first, mood=4, feelings=[], space_text="FIRST-WORDS")
        checkins.checkin_record(user=pair.second, mood=2, feelings=[], space_text="SECOND-WORDS")
        for person in (pair.first, pair.second):
            text = client_for(person).get("/rituals/together/").text
            assert "Days you both checked in this month: <strong>1</strong>" in text
            assert "since you started: <strong>1</strong>" in text
            assert "FIRST-WORDS" in text and "SECOND-WORDS" in text
