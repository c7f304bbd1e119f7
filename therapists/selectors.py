"""Heavy reads for the dashboard, the couple page and the export.

Everything here is engagement (what was done, when) unless a partner explicitly shared more.
The dashboard runs a fixed number of queries however many couples a therapist has: each
source is read once for all couples, then grouped in Python.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone

from couplesafe.accounts.models import Couple, User
from couplesafe.lib.tz import local_today
from practices.models import Conversation, Pause, Turn
from rituals.models import Appreciation, CheckIn
from therapists import services
from therapists.models import CareConsent, CareLink, Homework, SharedItem

TREND_DAYS = 14
QUIET_DAYS = 7
SEVERAL_PAUSES = 3


@dataclass
class PartnerSummary:
    user: User
    checkins: int = 0
    share_mood: bool = False
    moods: dict[dt.date, int] = field(default_factory=dict)
    # The last day of the trend (the viewer's today), so a quiet week shows as a gap.
    until: dt.date | None = None

    @property
    def trend_points(self) -> str:
        """SVG polyline points for the mood trend, oldest day on the left."""
        return " ".join(f"{x},{y}" for x, y, _day, _mood in self.trend)

    @property
    def trend(self) -> list[tuple[int, int, dt.date, int]]:
        if not self.moods:
            return []
        today = self.until or max(self.moods)
        points = []
        for day, mood in sorted(self.moods.items()):
            offset = (today - day).days
            if not 0 <= offset < TREND_DAYS:
                continue
            x = 4 + (TREND_DAYS - 1 - offset) * 10
            y = 44 - (mood - 1) * 10
            points.append((x, y, day, mood))
        return points

    @property
    def trend_label(self) -> str:
        if not self.moods:
            return f"{self.user.display_name} has not shared a mood in the last {TREND_DAYS} days."
        values = ", ".join(str(mood) for _day, mood in sorted(self.moods.items()))
        return f"{self.user.display_name}'s mood, 1 (low) to 5 (good), last {TREND_DAYS} days: {values}"


@dataclass
class CoupleSummary:
    link: CareLink
    couple: Couple
    partners: list[PartnerSummary]
    last_activity: dt.datetime | None = None
    completed: int = 0
    active: int = 0
    paused: int = 0
    repairs: int = 0
    pauses_week: int = 0
    pauses_total: int = 0
    homework_open: int = 0
    homework_done: int = 0
    homework_overdue: int = 0

    @property
    def name(self) -> str:
        return " & ".join(p.user.display_name for p in self.partners)

    @property
    def attention(self) -> list[str]:
        markers = []
        quiet_since = timezone.now() - dt.timedelta(days=QUIET_DAYS)
        if self.last_activity is None:
            markers.append("No activity yet")
        elif self.last_activity < quiet_since:
            markers.append(f"No activity for {QUIET_DAYS} days")
        if self.pauses_week >= SEVERAL_PAUSES:
            # PRODUCT.md: pauses are care, never counted against the couple. The issue asks for
            # this marker; it is worded as care, for a therapist who may want to check in.
            markers.append("Took several breaks this week (care taken)")
        if self.homework_overdue:
            markers.append("Homework past its date")
        return markers


def active_links(therapist: User) -> list[CareLink]:
    """The therapist's active links with both partners (two queries)."""
    return list(
        CareLink.objects.active()
        .for_therapist(therapist)
        .select_related("couple")
        .prefetch_related(
            Prefetch(
                "consents",
                queryset=CareConsent.objects.select_related("user").order_by("user__display_name"),
            ),
            "homework",
        )
    )


def _later(a: dt.datetime | None, b: dt.datetime | None) -> dt.datetime | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def _bump_last_activity(summaries: dict[int, CoupleSummary], rows: QuerySet[Any]) -> None:
    """Move each couple's last activity up to its latest `created_at` among `rows`."""
    for row in rows.values("couple_id").annotate(last=Max("created_at")):
        s = summaries[row["couple_id"]]
        s.last_activity = _later(s.last_activity, row["last"])


def dashboard(therapist: User) -> list[CoupleSummary]:
    links = active_links(therapist)
    if not links:
        return []
    refresh_homework([hw for link in links for hw in link.homework.all()])
    today = local_today(therapist.time_zone)
    since_day = today - dt.timedelta(days=TREND_DAYS - 1)
    week_ago = timezone.now() - dt.timedelta(days=7)
    # Active links all have a couple (the filter is for the type checker).
    couple_ids = [link.couple_id for link in links if link.couple_id is not None]
    summaries: dict[int, CoupleSummary] = {}
    by_user: dict[tuple[int, int], PartnerSummary] = {}
    for link in links:
        assert link.couple is not None
        partners = []
        for consent in link.consents.all():
            partner = PartnerSummary(user=consent.user, share_mood=consent.share_mood, until=today)
            partners.append(partner)
            by_user[(link.couple.pk, consent.user_id)] = partner
        summary = CoupleSummary(link=link, couple=link.couple, partners=partners)
        for hw in link.homework.all():
            if hw.is_done:
                summary.homework_done += 1
            else:
                summary.homework_open += 1
                summary.homework_overdue += int(hw.is_overdue(today))
            summary.last_activity = _later(summary.last_activity, hw.completed_at)
        summaries[link.couple.pk] = summary

    recent = CheckIn.objects.filter(couple_id__in=couple_ids, local_date__gte=since_day)
    for couple_id, user_id, day, mood in recent.values_list(
        "couple_id", "user_id", "local_date", "mood"
    ):
        found = by_user.get((couple_id, user_id))
        if found is None:
            continue
        found.checkins += 1
        if found.share_mood and mood is not None:
            found.moods[day] = mood
    _bump_last_activity(summaries, CheckIn.objects.filter(couple_id__in=couple_ids))

    _bump_last_activity(summaries, Appreciation.objects.filter(couple_id__in=couple_ids))

    counts = (
        Conversation.objects.filter(couple_id__in=couple_ids)
        .values("couple_id", "status", "version__data__kind")
        .annotate(n=Count("id"), last=Max("updated_at"))
    )
    for row in counts:
        s = summaries[row["couple_id"]]
        s.last_activity = _later(s.last_activity, row["last"])
        if row["status"] == "completed":
            s.completed += row["n"]
        elif row["status"] == "paused":
            s.paused += row["n"]
        elif row["status"] in {"active", "invited"}:
            s.active += row["n"]
        if row["version__data__kind"] == "repair" and row["status"] != "cancelled":
            s.repairs += row["n"]

    pauses = (
        Pause.objects.filter(conversation__couple_id__in=couple_ids)
        .values("conversation__couple_id")
        .annotate(total=Count("id"), week=Count("id", filter=Q(started_at__gte=week_ago)))
    )
    for pause_row in pauses:
        s = summaries[pause_row["conversation__couple_id"]]
        s.pauses_total = pause_row["total"]
        s.pauses_week = pause_row["week"]
    return list(summaries.values())


SORTS = {
    "name": lambda s: s.name.lower(),
    "activity": lambda s: -(s.last_activity.timestamp() if s.last_activity else 0),
    "attention": lambda s: (-len(s.attention), s.name.lower()),
}
FILTERS = {
    "all": lambda s: True,
    "attention": lambda s: bool(s.attention),
    "homework": lambda s: s.homework_open > 0,
}


def sort_and_filter(rows: list[CoupleSummary], *, sort: str, show: str) -> list[CoupleSummary]:
    rows = [row for row in rows if FILTERS.get(show, FILTERS["all"])(row)]
    return sorted(rows, key=SORTS.get(sort, SORTS["attention"]))


# --- Homework completion: computed from what the couple did after the assignment ---------


def refresh_homework(homework: list[Homework]) -> None:
    """Record completions for open homework from practices/rituals data (at most three
    queries for any number of couples)."""
    open_hw = [hw for hw in homework if hw.completed_at is None and hw.kind != Homework.Kind.CARDS]
    if not open_hw:
        return
    couple_of: dict[int, int] = {hw.pk: hw.link.couple_id or 0 for hw in open_hw}
    couple_ids = set(couple_of.values())
    earliest = min(hw.assigned_at for hw in open_hw)
    done: dict[int, dt.datetime] = {}

    practice_hw = [hw for hw in open_hw if hw.kind == Homework.Kind.PRACTICE]
    if practice_hw:
        completions = Conversation.objects.filter(
            couple_id__in=couple_ids, status="completed", completed_at__gte=earliest
        ).values_list("couple_id", "version__item__key", "completed_at")
        finished: dict[tuple[int, str], list[dt.datetime]] = defaultdict(list)
        for couple_id, key, completed_at in completions:
            assert completed_at is not None  # completed_at__gte leaves out NULL
            finished[(couple_id, key)].append(completed_at)
        for hw in practice_hw:
            times = [t for t in finished[(couple_of[hw.pk], hw.target)] if t >= hw.assigned_at]
            if times:
                done[hw.pk] = min(times)

    checkin_hw = [
        hw for hw in open_hw if hw.kind == Homework.Kind.RITUAL and hw.target == "checkin"
    ]
    if checkin_hw:
        checked_in = CheckIn.objects.filter(
            couple_id__in=couple_ids, created_at__gte=earliest
        ).values_list("couple_id", "user_id", "created_at")
        by_couple: dict[int, list[tuple[int, dt.datetime]]] = defaultdict(list)
        for couple_id, user_id, when in checked_in:
            by_couple[couple_id].append((user_id, when))
        for hw in checkin_hw:
            firsts: dict[int, dt.datetime] = {}
            for user_id, when in by_couple[couple_of[hw.pk]]:
                if when >= hw.assigned_at and (user_id not in firsts or when < firsts[user_id]):
                    firsts[user_id] = when
            if len(firsts) >= 2:  # both partners checked in since it was assigned
                done[hw.pk] = max(firsts.values())

    appreciation_hw = [
        hw for hw in open_hw if hw.kind == Homework.Kind.RITUAL and hw.target == "appreciation"
    ]
    if appreciation_hw:
        appreciated = Appreciation.objects.filter(
            couple_id__in=couple_ids, created_at__gte=earliest
        ).values_list("couple_id", "created_at")
        written: dict[int, list[dt.datetime]] = defaultdict(list)
        for couple_id, when in appreciated:
            written[couple_id].append(when)
        for hw in appreciation_hw:
            times = [t for t in written[couple_of[hw.pk]] if t >= hw.assigned_at]
            if times:
                done[hw.pk] = min(times)

    if done:
        services.homework_record_completions(done)
        for hw in open_hw:
            if hw.pk in done:
                hw.completed_at = done[hw.pk]


# --- One couple: timeline and shared items -----------------------------------------------


@dataclass
class Event:
    when: dt.datetime
    text: str
    kind: str


def timeline(link: CareLink, *, days: int = 30, limit: int = 60) -> list[Event]:
    """Engagement only: who did what, when. No words, no moods unless shared (shown elsewhere)."""
    couple_id = link.couple_id or 0  # no couple: matches nothing, as in refresh_homework
    names = {c.user_id: c.user.display_name for c in link.consents.all()}
    since = timezone.now() - dt.timedelta(days=days)
    events: list[Event] = []
    for user_id, when in CheckIn.objects.filter(
        couple_id=couple_id, created_at__gte=since
    ).values_list("user_id", "created_at"):
        events.append(Event(when, f"{names.get(user_id, 'A partner')} checked in", "checkin"))
    for author_id, when in Appreciation.objects.filter(
        couple_id=couple_id, created_at__gte=since
    ).values_list("author_id", "created_at"):
        who = names.get(author_id, "A partner")
        events.append(Event(when, f"{who} wrote an appreciation", "appreciation"))
    for title, status, created, completed in (
        Conversation.objects.filter(couple_id=couple_id)
        .filter(Q(created_at__gte=since) | Q(completed_at__gte=since))
        .values_list("version__item__title", "status", "created_at", "completed_at")
    ):
        if created >= since:
            events.append(Event(created, f"Started “{title}”", "practice"))
        if status == "completed" and completed and completed >= since:
            events.append(Event(completed, f"Completed “{title}”", "practice"))
    for who_id, when, title in Pause.objects.filter(
        conversation__couple_id=couple_id, started_at__gte=since
    ).values_list("paused_by_id", "started_at", "conversation__version__item__title"):
        who = names.get(who_id, "A partner")
        events.append(Event(when, f"{who} took a pause during “{title}”", "pause"))
    for hw in link.homework.all():
        if hw.assigned_at >= since:
            events.append(Event(hw.assigned_at, f"Homework given: {hw.title}", "homework"))
        if hw.completed_at and hw.completed_at >= since:
            events.append(Event(hw.completed_at, f"Homework done: {hw.title}", "homework"))
    events.sort(key=lambda e: e.when, reverse=True)
    return events[:limit]


@dataclass
class SharedView:
    conversations: list[dict[str, Any]]
    appreciations: list[dict[str, Any]]
    checkins: list[dict[str, Any]]
    moods: list[PartnerSummary]


def shared_with_therapist(link: CareLink, *, viewer: User | None = None) -> SharedView:
    """Exactly what the couple chose to show: conversations both partners shared, their own
    appreciations and check-ins each author shared, and each mood trend its owner shares.

    With a `viewer` (a partner looking at "view as your therapist"), the other partner's
    check-in words and mood still follow the reveal rule (PRODUCT.md): they show only for
    days the viewer has checked in too."""
    partners = [c.user for c in link.consents.all()]
    partner_ids = {p.pk for p in partners}
    names = {p.pk: p.display_name for p in partners}
    couple_id = link.couple_id or 0  # no couple: matches nothing, as in refresh_homework
    viewer_days: set[dt.date] = set()
    if viewer is not None:
        viewer_days = set(
            CheckIn.objects.filter(user=viewer, couple_id=couple_id).values_list(
                "local_date", flat=True
            )
        )

    def hidden(user_id: int, day: dt.date) -> bool:
        return viewer is not None and user_id != viewer.pk and day not in viewer_days

    shares = list(SharedItem.objects.filter(link=link, user_id__in=partner_ids))
    by_kind: dict[str, dict[Any, set[int]]] = defaultdict(lambda: defaultdict(set))
    for share in shares:
        by_kind[share.kind][share.item_id].add(share.user_id)

    conversations: list[dict[str, Any]] = []
    both = [
        item_id
        for item_id, users in by_kind[SharedItem.Kind.CONVERSATION].items()
        if users >= partner_ids and len(partner_ids) == 2
    ]
    if both:
        found = list(
            Conversation.objects.filter(couple_id=couple_id, public_id__in=both)
            .select_related("version__item")
            .order_by("-completed_at")
        )
        turns_of: dict[int, list[Any]] = defaultdict(list)
        for turn in Turn.objects.filter(
            conversation_id__in=[c.pk for c in found], removed=False
        ).order_by("created_at"):
            turns_of[turn.conversation_id].append(turn)
        for conversation in found:
            turns = [
                {"author": names.get(t.author_id, "A partner"), "text": t.text}
                for t in turns_of[conversation.pk]
                if t.text
            ]
            conversations.append(
                {
                    "title": conversation.version.item.title,
                    "completed_at": conversation.completed_at,
                    "turns": turns,
                }
            )

    appreciations: list[dict[str, Any]] = []
    # An item counts as shared only when its author shared it (PRODUCT.md).
    shared_by = by_kind[SharedItem.Kind.APPRECIATION]
    if shared_by:
        for a in Appreciation.objects.filter(
            couple_id=couple_id, public_id__in=list(shared_by)
        ).order_by("-created_at"):
            if a.author_id in shared_by[a.public_id]:
                appreciations.append(
                    {
                        "author": names.get(a.author_id, "A partner"),
                        "text": a.text,
                        "created_at": a.created_at,
                    }
                )

    checkins: list[dict[str, Any]] = []
    shared_by = by_kind[SharedItem.Kind.CHECKIN]
    if shared_by:
        for c in CheckIn.objects.filter(
            couple_id=couple_id, public_id__in=list(shared_by)
        ).order_by("-local_date"):
            if c.user_id in shared_by[c.public_id] and not hidden(c.user_id, c.local_date):
                checkins.append(
                    {
                        "author": names.get(c.user_id, "A partner"),
                        "local_date": c.local_date,
                        "mood": c.mood,
                        "space_text": c.space_text,
                        "need_text": c.need_text,
                    }
                )

    moods: list[PartnerSummary] = []
    sharing = [c for c in link.consents.all() if c.share_mood]
    if sharing:
        since_day = local_today(sharing[0].user.time_zone) - dt.timedelta(days=TREND_DAYS - 1)
        rows = CheckIn.objects.filter(
            user_id__in=[c.user_id for c in sharing],
            couple_id=couple_id,
            local_date__gte=since_day,
        ).values_list("user_id", "local_date", "mood")
        by_id = {
            c.user_id: PartnerSummary(
                user=c.user, share_mood=True, until=since_day + dt.timedelta(days=TREND_DAYS - 1)
            )
            for c in sharing
        }
        for user_id, day, mood in rows:
            if not hidden(user_id, day):
                by_id[user_id].moods[day] = mood
        moods = list(by_id.values())
    return SharedView(conversations, appreciations, checkins, moods)


def link_for_couple_page(therapist: User, couple_public_id: Any) -> CareLink | None:
    return (
        CareLink.objects.active()
        .for_therapist(therapist)
        .filter(couple__public_id=couple_public_id)
        .select_related("couple")
        .prefetch_related(
            Prefetch(
                "consents",
                queryset=CareConsent.objects.select_related("user").order_by("user__display_name"),
            ),
            "homework",
        )
        .first()
    )
