"""Reads for the couple page: today side by side, the timeline, gentle counts, the mood chart.

A fixed number of queries whatever the amount of history (tested under
django_assert_num_queries).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from couplesafe import visibility
from couplesafe.lib.tz import day_end, day_start, local_today
from couplesafe.visibility import PartnerEyes, Sight
from rituals.content import mood_label
from rituals.models import Appreciation, CheckIn

if TYPE_CHECKING:
    from couplesafe.accounts.models import Couple, User

TIMELINE_DAYS = 28


def partner_eyes(user: User, checkins: Iterable[CheckIn]) -> PartnerEyes:
    """`user` as the partner looking, with their own check-ins among `checkins`."""
    own = {c.local_date: c for c in checkins if c.user_id == user.pk}
    return PartnerEyes(user_id=user.pk, zone=user.time_zone, own=own)


def sight_for(user: User, checkin: CheckIn, eyes: PartnerEyes, author_zone: str) -> Sight:
    """How much of a check-in in `user`'s couple they see (the rule: couplesafe.visibility)."""
    return visibility.checkin_sight(checkin, author_zone=author_zone, partner=eyes)


@dataclass
class PartnerToday:
    """The partner's check-in that belongs to the viewer's today, and how much of it shows."""

    checkin: CheckIn | None = None
    sight: Sight | None = None

    @property
    def revealed(self) -> bool:
        return self.sight == Sight.FULL


def partner_today(
    *, user: User, partner: User | None, recent: list[CheckIn], now: dt.datetime
) -> PartnerToday:
    """The partner's latest check-in on a day of theirs that overlaps your today (it stays
    for the rest of your local day), and how much of it you see. `recent` holds both
    partners' check-ins of the last few days."""
    if partner is None:
        return PartnerToday()
    today = local_today(user.time_zone, now)
    my_start, my_end = day_start(today, user.time_zone), day_end(today, user.time_zone)
    overlapping = [
        c
        for c in recent
        if c.user_id == partner.pk
        and day_start(c.local_date, partner.time_zone) < my_end
        and day_end(c.local_date, partner.time_zone) > my_start
    ]
    if not overlapping:
        return PartnerToday()
    latest = max(overlapping, key=lambda c: c.local_date)
    eyes = partner_eyes(user, recent)
    return PartnerToday(latest, sight_for(user, latest, eyes, partner.time_zone))


def recent_checkins(couple: Couple, user: User, now: dt.datetime | None = None) -> list[CheckIn]:
    """Both partners' check-ins from three days before the viewer's today (enough for any
    two zones' todays)."""
    since = local_today(user.time_zone, now) - dt.timedelta(days=3)
    return list(CheckIn.objects.filter(couple=couple, local_date__gte=since))


@dataclass
class Day:
    date: dt.date
    mine: CheckIn | None = None
    theirs: CheckIn | None = None
    theirs_sight: Sight | None = None

    @property
    def theirs_revealed(self) -> bool:
        return self.theirs_sight == Sight.FULL


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
    their_today = local_today(partner.time_zone, now) if partner else today
    start = min(today, their_today) - dt.timedelta(days=TIMELINE_DAYS + 2)
    month_start = today.replace(day=1)
    # The words are read below, only for the check-ins the page shows with their words.
    recent = list(
        CheckIn.objects.filter(couple=couple, local_date__gte=min(start, month_start))
        .defer(*WORDS)
        .order_by("local_date")
    )
    mine = {c.local_date: c for c in recent if c.user_id == user.pk}
    partner_zone = partner.time_zone if partner else user.time_zone
    # Each of their check-ins sits on the day of yours it overlaps most (the same date when
    # you share a zone), so a row and a "day you both checked in" mean the same thing.
    theirs = {
        my_day_for(c.local_date, partner_zone, user.time_zone): c
        for c in recent
        if c.user_id != user.pk
    }
    both_all_time = _days_together(couple, user, partner_zone)
    eyes = partner_eyes(user, recent)
    days = []
    for day in (today - dt.timedelta(days=offset) for offset in range(TIMELINE_DAYS)):
        theirs_then = theirs.get(day)
        sight = sight_for(user, theirs_then, eyes, partner_zone) if theirs_then else None
        days.append(Day(date=day, mine=mine.get(day), theirs=theirs_then, theirs_sight=sight))
    now_theirs = partner_today(user=user, partner=partner, recent=recent, now=now)
    _read_words(
        [d.mine for d in days if d.mine]
        + [d.theirs for d in days if d.theirs and d.theirs_revealed]
        + ([now_theirs.checkin] if now_theirs.checkin and now_theirs.revealed else []),
        among=recent,
    )
    return CoupleView(
        today=today,
        mine_today=mine.get(today),
        theirs_today=now_theirs.checkin,
        theirs_revealed=now_theirs.revealed,
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


WORDS = ("space_text", "need_text")


def _read_words(shown: list[CheckIn], *, among: list[CheckIn]) -> None:
    """Read (and decrypt) the words of the check-ins shown, in one query. The others keep
    them unread and empty: a partner's words that are not revealed are never decrypted."""
    ids = {c.pk for c in shown}
    words = (
        {row["pk"]: row for row in CheckIn.objects.filter(pk__in=ids).values("pk", *WORDS)}
        if ids
        else {}
    )
    for checkin in among:
        row = words.get(checkin.pk, {})
        for name in WORDS:
            setattr(checkin, name, row.get(name, ""))


def my_day_for(their_day: dt.date, their_zone: str, my_zone: str) -> dt.date:
    """The local day of mine that overlaps most with a local day of theirs."""
    start, end = day_start(their_day, their_zone), day_end(their_day, their_zone)

    def overlap(mine: dt.date) -> dt.timedelta:
        return min(end, day_end(mine, my_zone)) - max(start, day_start(mine, my_zone))

    return max((their_day + dt.timedelta(days=n) for n in (-1, 0, 1)), key=overlap)


def _days_together(couple: Couple, user: User, partner_zone: str) -> int:
    """Days both of you checked in, ever (a count that only grows), on your own days."""
    rows = CheckIn.objects.filter(couple=couple).values_list("user_id", "local_date")
    mine: set[dt.date] = set()
    theirs: set[dt.date] = set()
    for user_id, day in rows:
        if user_id == user.pk:
            mine.add(day)
        else:
            theirs.add(my_day_for(day, partner_zone, user.time_zone))
    return len(mine & theirs)


# The chart is drawn at about its own size (a 360-unit viewBox in a box at most 400 px wide),
# so its 15-unit labels read at 13 px or more on a 390 px phone, and a margin of at least
# CHART_POINT around the plot keeps every point whole.
CHART_WIDTH = 360
CHART_HEIGHT = 220
CHART_LEFT = 60
CHART_RIGHT = 12
CHART_TOP = 12
CHART_BOTTOM = 36
CHART_POINT = 4


def mood_chart(*, days: list[Day], mood_scale: list[dict[str, Any]]) -> dict[str, Any]:
    """Points for a small SVG chart, oldest day first. The partner's mood shows only where
    their check-in is revealed to you (couplesafe.visibility); one's own mood always shows. Told apart without colour:
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
        if day.theirs and day.theirs_revealed:
            theirs.append(
                {"x": x, "y": y_for(day.theirs.mood), "date": day.date, "mood": day.theirs.mood}
            )
    for point in (*mine, *theirs):
        point["label"] = mood_label(mood_scale, point["mood"])
    levels = [
        {"y": y_for(int(s["value"])), "label": s["label"], "value": s["value"]} for s in mood_scale
    ]
    # A date every seven days counted back from the last day, so the newest day always has
    # its label and no two labels crowd each other.
    last = len(days) - 1
    ticks = [
        {"x": round(CHART_LEFT + index * step, 1), "date": day.date}
        for index, day in enumerate(days)
        if (last - index) % 7 == 0
    ]
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "left": CHART_LEFT,
        "right": CHART_WIDTH - CHART_RIGHT,
        "bottom": CHART_HEIGHT - CHART_BOTTOM,
        "point": CHART_POINT,
        "mine": mine,
        "theirs": theirs,
        "mine_path": " ".join(f"{p['x']},{p['y']}" for p in mine),
        "theirs_path": " ".join(f"{p['x']},{p['y']}" for p in theirs),
        "levels": levels,
        "ticks": ticks,
        "first": days[0].date if days else None,
        "last": days[-1].date if days else None,
    }
