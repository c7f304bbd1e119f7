"""The Together page in plain words: labels that say whose words they are, not the bare
"Taking up space" / "Needs today"; a mood chart whose points all sit inside it."""

from __future__ import annotations

import datetime as dt
import itertools

from rituals import checkins
from rituals.models import CheckIn
from rituals.selectors import CHART_HEIGHT, CHART_WIDTH, Day, mood_chart


def test_the_together_page_labels_say_whose_words_they_are(
    alice, bob, alice_client, ritual_content
) -> None:  # type: ignore[no-untyped-def]
    checkins.checkin_record(
        user=alice, mood=4, feelings=[], space_text="work deadline", need_text="a walk"
    )
    checkins.checkin_record(
        user=bob, mood=3, feelings=[], space_text="my mother", need_text="sleep"
    )
    page = alice_client.get("/rituals/together/").content.decode()
    assert "Taking up space" not in page and "Needs today" not in page
    assert "On your mind" in page and "What would help you today" in page
    assert "On Bob's mind" in page and "What would help Bob today" in page


def test_every_chart_point_and_label_sits_inside_the_chart(alice) -> None:  # type: ignore[no-untyped-def]
    scale = [{"value": v, "label": f"L{v}"} for v in range(1, 6)]
    today = dt.date(2026, 11, 30)
    days = []
    for n in range(28):
        day = today - dt.timedelta(days=27 - n)
        mood = 5 if n % 2 else 1
        mine = CheckIn(user=alice, local_date=day, mood=mood)
        theirs = CheckIn(user=alice, local_date=day, mood=6 - mood)
        days.append(Day(date=day, mine=mine, theirs=theirs))
    chart = mood_chart(days=days, mood_scale=scale)
    radius = chart["point"]
    for point in chart["mine"] + chart["theirs"]:
        assert radius <= point["x"] <= CHART_WIDTH - radius
        assert radius <= point["y"] <= CHART_HEIGHT - radius
    ticks = [tick["x"] for tick in chart["ticks"]]
    assert chart["ticks"][-1]["date"] == today  # the newest day always has its date
    assert all(b - a >= 60 for a, b in itertools.pairwise(ticks))  # never crowded
