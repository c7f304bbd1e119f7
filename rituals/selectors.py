"""Reads for the couple page: today side by side, the timeline, gentle counts, the mood chart.

A fixed number of queries whatever the amount of history (tested under
django_assert_num_queries).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from couplesafe.lib.tz import local_today
from rituals.content import mood_label
from rituals.models import Appreciation, CheckIn

if TYPE_CHECKING:
    from couplesafe.accounts.models import Couple, User

TIMELINE_DAYS = 28


@dataclass
class Day:
    date: dt.date
    mine: CheckIn | None = None
    theirs: CheckIn | None = None

    @property
    def both(self) -> bool:
        """Both checked in, so the partner's check-in shows — unless they kept it private."""
        return self.mine is not None and self.theirs is not None and not self.theirs.private


@dataclass
class CoupleView:
    today: dt.date
    mine_today: CheckIn | None
    theirs_today: CheckIn | None
    theirs_revealed: bool
    days: list[Day]
    both_this_month: int
    mine_this_month: int
    both_all_time: int
    chart: dict[str, Any]
    appreciations_week: list[Appreciation] = field(default_factory=list)


def couple_view(
    *, user: User, couple: Couple, mood_scale: list[dict[str, Any]], now: dt.datetime | None = None
) -> CoupleView:
    now = now or timezone.now()
    partner = couple.partner_of(user)
    today = local_today(user.time_zone, now)
    partner_today = local_today(partner.time_zone, now) if partner else today
    start = min(today, partner_today) - dt.timedelta(days=TIMELINE_DAYS)
    month_start = today.replace(day=1)
    recent = list(
        CheckIn.objects.filter(couple=couple, local_date__gte=min(start, month_start)).order_by(
            "local_date"
        )
    )
    mine = {c.local_date: c for c in recent if c.user_id == user.pk}
    theirs = {c.local_date: c for c in recent if c.user_id != user.pk}
    both_all_time = _days_together(couple, user)
    days = [
        Day(date=day, mine=mine.get(day), theirs=theirs.get(day))
        for day in (today - dt.timedelta(days=offset) for offset in range(TIMELINE_DAYS))
    ]
    theirs_today = theirs.get(partner_today)
    return CoupleView(
        today=today,
        mine_today=mine.get(today),
        theirs_today=theirs_today,
        # Reveal together: their check-in shows once I have checked in on that same day.
        theirs_revealed=theirs_today is not None
        and partner_today in mine
        and not theirs_today.private,
        days=[d for d in days if d.mine or d.theirs],
        both_this_month=sum(1 for day in mine if day >= month_start and day in theirs),
        mine_this_month=sum(1 for day in mine if day >= month_start),
        both_all_time=both_all_time,
        chart=mood_chart(days=list(reversed(days)), mood_scale=mood_scale),
        appreciations_week=list(
            Appreciation.objects.filter(couple=couple, created_at__gte=now - dt.timedelta(days=7))
            .select_related("author", "recipient")
            .order_by("-created_at")
        ),
    )


def _days_together(couple: Couple, user: User) -> int:
    """Days both of you checked in, ever: a count that only grows."""
    from django.db.models import Count

    return (
        CheckIn.objects.filter(couple=couple)
        .values("local_date")
        .annotate(people=Count("user", distinct=True))
        .filter(people__gte=2)
        .count()
    )


CHART_WIDTH = 600
CHART_HEIGHT = 240
CHART_LEFT = 84
CHART_RIGHT = 16
CHART_TOP = 16
CHART_BOTTOM = 40


def mood_chart(*, days: list[Day], mood_scale: list[dict[str, Any]]) -> dict[str, Any]:
    """Points for a small SVG chart, oldest day first. Only days both checked in show the
    partner's mood (reveal together); one's own mood always shows. Told apart without colour:
    circles and a solid line are yours, squares and a dashed line your partner's."""
    plot_width = CHART_WIDTH - CHART_LEFT - CHART_RIGHT
    plot_height = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    step = plot_width / max(len(days) - 1, 1)

    def y_for(mood: int) -> float:
        return round(CHART_TOP + plot_height * (5 - mood) / 4, 1)

    mine: list[dict[str, Any]] = []
    theirs: list[dict[str, Any]] = []
    for index, day in enumerate(days):
        x = round(CHART_LEFT + index * step, 1)
        if day.mine:
            mine.append(
                {"x": x, "y": y_for(day.mine.mood), "date": day.date, "mood": day.mine.mood}
            )
        if day.both and day.theirs:
            theirs.append(
                {"x": x, "y": y_for(day.theirs.mood), "date": day.date, "mood": day.theirs.mood}
            )
    for point in (*mine, *theirs):
        point["label"] = mood_label(mood_scale, point["mood"])
    levels = [
        {"y": y_for(int(s["value"])), "label": s["label"], "value": s["value"]} for s in mood_scale
    ]
    ticks = [
        {"x": round(CHART_LEFT + index * step, 1), "date": day.date}
        for index, day in enumerate(days)
        if index % 7 == 0 or index == len(days) - 1
    ]
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "left": CHART_LEFT,
        "right": CHART_WIDTH - CHART_RIGHT,
        "bottom": CHART_HEIGHT - CHART_BOTTOM,
        "mine": mine,
        "theirs": theirs,
        "mine_path": " ".join(f"{p['x']},{p['y']}" for p in mine),
        "theirs_path": " ".join(f"{p['x']},{p['y']}" for p in theirs),
        "levels": levels,
        "ticks": ticks,
        "first": days[0].date if days else None,
        "last": days[-1].date if days else None,
    }
