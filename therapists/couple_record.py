"""One couple, as their therapist may see it: the engagement timeline and what the couple
chose to share (and the same view for a partner's "view as your therapist")."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from couplesafe import visibility
from couplesafe.accounts.models import User
from couplesafe.lib.tz import local_today
from couplesafe.visibility import (
    PartnerEyes,
    Sight,
    TherapistEyes,
)
from practices.models import Conversation, Pause, Turn
from rituals.models import Appreciation, CheckIn
from therapists.caseload import TREND_DAYS, PartnerSummary
from therapists.models import CareConsent, CareLink, SharedItem
from therapists.titles import homework_titles


@dataclass
class Event:
    when: dt.datetime
    text: str  # HTML-safe: a title shown in English is marked (`_say`)
    kind: str


def _say(message: str, **values: Any) -> SafeString:
    """A line of the record naming library words: escaped, and a title shown in English
    to a reader of another language marked so (content.models.ShownText)."""
    escaped = conditional_escape(message) % {k: conditional_escape(v) for k, v in values.items()}
    return mark_safe(escaped)  # noqa: S308 - the sentence and every value escaped above


def timeline(link: CareLink, *, days: int = 30, limit: int = 60) -> list[Event]:
    """Engagement only: who did what, when. No words, no moods unless shared (shown elsewhere)."""
    couple_id = link.couple_id or 0  # no couple: matches nothing, as in refresh_homework
    names = {c.user_id: c.user.display_name for c in link.consents.all()}
    since = timezone.now() - dt.timedelta(days=days)
    events: list[Event] = []
    for user_id, when in CheckIn.objects.filter(
        couple_id=couple_id, created_at__gte=since
    ).values_list("user_id", "created_at"):
        events.append(
            Event(
                when,
                _("%(name)s checked in") % {"name": names.get(user_id) or _("A partner")},
                "checkin",
            )
        )
    for author_id, when in Appreciation.objects.filter(
        couple_id=couple_id, created_at__gte=since
    ).values_list("author_id", "created_at"):
        who = names.get(author_id) or _("A partner")
        events.append(
            Event(when, _("%(name)s wrote an appreciation") % {"name": who}, "appreciation")
        )
    for conv in (
        Conversation.objects.filter(couple_id=couple_id)
        .filter(Q(created_at__gte=since) | Q(completed_at__gte=since))
        .select_related("version")
    ):
        title = conv.shown_title
        if conv.created_at >= since:
            events.append(
                Event(conv.created_at, _say(_("Started “%(title)s”"), title=title), "practice")
            )
        if conv.status == "completed" and conv.completed_at and conv.completed_at >= since:
            events.append(
                Event(conv.completed_at, _say(_("Completed “%(title)s”"), title=title), "practice")
            )
    for pause in Pause.objects.filter(
        conversation__couple_id=couple_id, started_at__gte=since
    ).select_related("conversation__version"):
        who = names.get(pause.paused_by_id or 0) or _("A partner")
        label = _say(
            _("%(name)s took a pause during “%(title)s”"),
            name=who,
            title=pause.conversation.shown_title,
        )
        events.append(Event(pause.started_at, label, "pause"))
    homework = list(link.homework.all())
    homework_titles(homework)
    for hw in homework:
        if hw.assigned_at >= since:
            events.append(
                Event(
                    hw.assigned_at,
                    _say(_("Homework given: %(title)s"), title=hw.shown_title),
                    "homework",
                )
            )
        if hw.completed_at and hw.completed_at >= since:
            events.append(
                Event(
                    hw.completed_at,
                    _say(_("Homework done: %(title)s"), title=hw.shown_title),
                    "homework",
                )
            )
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
    check-in words and mood also follow the viewer's own reveal rule. Every decision is
    couplesafe.visibility's."""
    partners = [c.user for c in link.consents.all()]
    partner_ids = {p.pk for p in partners}
    names = {p.pk: p.display_name for p in partners}
    couple_id = link.couple_id or 0  # no couple: matches nothing, as in refresh_homework
    zones = {p.pk: p.time_zone for p in partners}
    eyes: PartnerEyes | None = None
    if viewer is not None:
        eyes = PartnerEyes(
            user_id=viewer.pk,
            zone=viewer.time_zone,
            own={c.local_date: c for c in CheckIn.objects.filter(user=viewer, couple_id=couple_id)},
        )

    shares = list(SharedItem.objects.filter(link=link, user_id__in=partner_ids))
    by_kind: dict[str, dict[Any, set[int]]] = defaultdict(lambda: defaultdict(set))
    for share in shares:
        by_kind[share.kind][share.item_id].add(share.user_id)

    conversations: list[dict[str, Any]] = []
    both = [
        item_id
        for item_id, users in by_kind[SharedItem.Kind.CONVERSATION].items()
        if visibility.conversation_shared_with_therapist(users, partner_ids)
    ]
    if both:
        found = list(
            Conversation.objects.filter(couple_id=couple_id, public_id__in=both)
            .select_related("version")
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
                    "title": conversation.shown_title,
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

    sharing = [c for c in link.consents.all() if c.share_mood]
    checkin_shares = by_kind[SharedItem.Kind.CHECKIN]
    therapist = TherapistEyes(
        mood_sharers={c.user_id for c in sharing},
        shared={(user, item) for item, users in checkin_shares.items() for user in users},
    )

    def sight(c: CheckIn) -> Sight:
        zone = zones.get(c.user_id, "UTC")
        return visibility.checkin_sight(c, author_zone=zone, partner=eyes, therapist=therapist)

    checkins: list[dict[str, Any]] = []
    if checkin_shares:
        for c in CheckIn.objects.filter(
            couple_id=couple_id, public_id__in=list(checkin_shares)
        ).order_by("-local_date"):
            if sight(c) == Sight.FULL:
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
    if sharing:
        until = local_today(viewer.time_zone if viewer else link.therapist.time_zone)
        since_day = until - dt.timedelta(days=TREND_DAYS - 1)
        rows = CheckIn.objects.filter(
            user_id__in=[c.user_id for c in sharing],
            couple_id=couple_id,
            local_date__gte=since_day - dt.timedelta(days=2),
        ).only("public_id", "user_id", "local_date", "mood", "created_at", "private")
        by_id = {
            c.user_id: PartnerSummary(user=c.user, share_mood=True, until=until) for c in sharing
        }
        for row in rows:
            if sight(row) >= Sight.MOOD:
                by_id[row.user_id].moods[row.local_date] = row.mood
        moods = list(by_id.values())
    return SharedView(conversations, appreciations, checkins, moods)


def link_for_couple_page(therapist: User, couple_public_id: Any) -> CareLink | None:
    return (
        CareLink.objects.active()
        .for_therapist(therapist)
        .filter(couple__public_id=couple_public_id)
        .select_related("couple", "therapist")
        .prefetch_related(
            Prefetch(
                "consents",
                queryset=CareConsent.objects.select_related("user").order_by("user__display_name"),
            ),
            "homework",
        )
        .first()
    )
