"""Homework completion: computed from what the couple did after the assignment, and written
when that activity happens (therapists.signals) or by the digest task, never by a page."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from practices.models import Conversation
from rituals.models import Appreciation, CheckIn
from therapists import services
from therapists.models import CareLink, Homework


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


def homework_progress_for_couple(couple_id: int) -> None:
    """Record what a couple's latest activity completed (their active links' open homework)."""
    open_hw = list(
        Homework.objects.filter(
            link__in=CareLink.objects.active().filter(couple_id=couple_id),
            completed_at__isnull=True,
        )
        .exclude(kind=Homework.Kind.CARDS)
        .select_related("link")
    )
    refresh_homework(open_hw)
