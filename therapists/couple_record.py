"""One couple, as their therapist may see it: the engagement timeline and what the couple
chose to share (and the same view for a partner's "view as your therapist")."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, cast

from django.db.models import Count, F, Prefetch, Q
from django.db.models import Window as Over
from django.db.models.functions import RowNumber
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from couplesafe import visibility
from couplesafe.accounts.models import User
from couplesafe.lib import paging
from couplesafe.lib.paging import Window
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
    # Each source gives at most `limit` rows, newest first: the page costs the same however
    # busy the month was.
    for user_id, when in (
        CheckIn.objects.filter(couple_id=couple_id, created_at__gte=since)
        .order_by("-created_at")
        .values_list("user_id", "created_at")[:limit]
    ):
        events.append(
            Event(
                when,
                _("%(name)s checked in") % {"name": names.get(user_id) or _("A partner")},
                "checkin",
            )
        )
    for author_id, when in (
        Appreciation.objects.filter(couple_id=couple_id, created_at__gte=since)
        .order_by("-created_at")
        .values_list("author_id", "created_at")[:limit]
    ):
        who = names.get(author_id) or _("A partner")
        events.append(
            Event(when, _("%(name)s wrote an appreciation") % {"name": who}, "appreciation")
        )
    for conv in (
        Conversation.objects.filter(couple_id=couple_id)
        .filter(Q(created_at__gte=since) | Q(completed_at__gte=since))
        .select_related("version")
        .order_by("-updated_at")[:limit]
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
    for pause in (
        Pause.objects.filter(conversation__couple_id=couple_id, started_at__gte=since)
        .select_related("conversation__version")
        .order_by("-started_at")[:limit]
    ):
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
    conversations: Window[dict[str, Any]]
    appreciations: list[dict[str, Any]]
    checkins: list[dict[str, Any]]
    moods: list[PartnerSummary]
    # One shared conversation opened to read in full (?read=<id>), a page of turns at a time.
    reading: dict[str, Any] | None = None


# A couple's shared conversations are listed a few at a time, each with its first turns;
# the whole of one is read a page at a time. Only the turns on the page are decrypted.
SHARED_CONVERSATIONS_PAGE = 3
FIRST_TURNS = 12
READING_PAGE = 40


def _said(conversation_ids: list[int]) -> Any:
    return Turn.objects.filter(conversation_id__in=conversation_ids, removed=False).exclude(text="")


def _shared_conversations(
    couple_id: int, both: list[Any], names: dict[int, str], request: HttpRequest
) -> Window[dict[str, Any]]:
    found = paging.window(
        Conversation.objects.filter(couple_id=couple_id, public_id__in=both)
        .select_related("version__item")
        .defer("topic", "version__data")
        .order_by("-completed_at", "-pk"),
        request,
        size=SHARED_CONVERSATIONS_PAGE,
        param="shared",
        region="shared-conversations",
    )
    if not found.items:
        return cast("Window[dict[str, Any]]", found)
    # The first FIRST_TURNS turns of each conversation on the page, and how many it has, in
    # one query: only the turns shown are decrypted.
    first = (
        _said([c.pk for c in found.items])
        .annotate(
            n=Over(
                RowNumber(), partition_by=[F("conversation_id")], order_by=F("created_at").asc()
            ),
            total=Over(Count("id"), partition_by=[F("conversation_id")]),
        )
        .filter(n__lte=FIRST_TURNS)
        .order_by("conversation_id", "created_at")
    )
    turns_of: dict[int, list[Any]] = defaultdict(list)
    for turn in first:
        turns_of[turn.conversation_id].append(turn)
    shown = []
    for conversation in found.items:
        turns = turns_of[conversation.pk]
        shown.append(
            {
                "public_id": conversation.public_id,
                "title": conversation.shown_title,
                "completed_at": conversation.completed_at,
                "turns": [
                    {"author": names.get(t.author_id) or _("A partner"), "text": t.text}
                    for t in turns
                ],
                "more": bool(turns) and turns[0].total > FIRST_TURNS,
            }
        )
    found.items = shown  # type: ignore[assignment]
    return cast("Window[dict[str, Any]]", found)


def _reading(
    couple_id: int, both: list[Any], names: dict[int, str], request: HttpRequest
) -> dict[str, Any] | None:
    wanted = request.GET.get("read", "")
    try:
        public_id = uuid.UUID(wanted)
    except ValueError:
        return None
    if public_id not in both:  # not shared by both (or not theirs): nothing, as if absent
        return None
    conversation = (
        Conversation.objects.filter(couple_id=couple_id, public_id=public_id)
        .select_related("version__item")
        .defer("topic", "version__data")
        .first()
    )
    if conversation is None:
        return None
    turns = paging.window(
        _said([conversation.pk]).order_by("created_at", "pk"),
        request,
        size=READING_PAGE,
        param="turns",
        region="shared-reading",
    )
    turns.items = [  # type: ignore[assignment]
        {"author": names.get(t.author_id) or _("A partner"), "text": t.text} for t in turns.items
    ]
    return {
        "public_id": conversation.public_id,
        "title": conversation.shown_title,
        "completed_at": conversation.completed_at,
        "turns": turns,
    }


def shared_with_therapist(
    link: CareLink, *, request: HttpRequest, viewer: User | None = None
) -> SharedView:
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

    both = [
        item_id
        for item_id, users in by_kind[SharedItem.Kind.CONVERSATION].items()
        if visibility.conversation_shared_with_therapist(users, partner_ids)
    ]
    conversations = _shared_conversations(couple_id, both, names, request)
    reading = _reading(couple_id, both, names, request)

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
    return SharedView(conversations, appreciations, checkins, moods, reading)


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
