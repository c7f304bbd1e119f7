"""Writes of the therapist dashboard: sign-up, care links and consent, sharing, homework,
notes and the audit trail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from couplesafe.accounts import codes
from couplesafe.accounts.models import Couple, Membership, User
from couplesafe.lib import live
from therapists.models import (
    AuditEntry,
    CareConsent,
    CareLink,
    Homework,
    SharedItem,
    TherapistNote,
    TherapistProfile,
)


class CareError(Exception):
    """A care-link step that cannot happen; the message is shown to the person as it is."""


@transaction.atomic
def therapist_signup(
    *,
    email: str,
    password: str,
    display_name: str,
    practice_name: str,
    time_zone: str,
    language: str = "en",
) -> User:
    """Create a therapist account with its profile. Two-factor setup follows at first login."""
    user = User.objects.create_user(
        email,
        password,
        display_name=display_name,
        time_zone=time_zone,
        language=language,
        role=User.Role.THERAPIST,
    )
    TherapistProfile.objects.create(user=user, practice_name=practice_name)
    return user


def link_create(*, therapist: User) -> CareLink:
    """A new invitation code for one couple, to hand over in session."""
    if not therapist.is_therapist:
        raise CareError(_("Only therapist accounts can invite couples."))
    link = CareLink(therapist=therapist)
    link.set_code_hash()
    link.save()
    return link


def link_find(*, code: str) -> CareLink | None:
    return (
        CareLink.objects.filter(code_hash=codes.lookup_hash(code))
        .select_related("therapist", "couple")
        .first()
    )


def link_problem(link: CareLink, user: User) -> str | None:
    """Why this person cannot accept this link now, in words for them; None if they can."""
    if link.ended_at is not None:
        return "This invitation has ended. Ask your therapist for a new code if you wish."
    if user.is_therapist:
        return "This code is for a couple to accept, each from their own account."
    couple = user.active_couple
    if couple is None:
        return "Please pair up with your partner first; then you can each accept this code."
    if link.couple_id is not None and link.couple_id != couple.pk:
        return "This code is already in use by another couple. Ask your therapist for a new one."
    if link.consents.filter(user=user).exists():
        return "You have already accepted. It becomes active when your partner accepts too."
    other = (
        CareLink.objects.open()
        .filter(therapist=link.therapist, couple=couple)
        .exclude(pk=link.pk)
        .exists()
    )
    if other:
        return (
            f"You already have a link with {link.therapist.display_name}. "
            "You can see it on your care page."
        )
    return None


@transaction.atomic
def link_accept(*, link: CareLink, user: User) -> CareLink:
    """One partner's consent. The link becomes active when both partners have accepted."""
    locked = CareLink.objects.select_for_update().get(pk=link.pk)
    user.forget_couple_cache()
    problem = link_problem(locked, user)
    if problem:
        raise CareError(problem)
    couple = user.active_couple
    assert couple is not None
    if locked.couple_id is None:
        locked.couple = couple
        try:
            with transaction.atomic():
                locked.save(update_fields=["couple"])
        except IntegrityError as error:
            raise CareError(
                _("You already have a link with %(name)s.")
                % {"name": locked.therapist.display_name}
            ) from error
    CareConsent.objects.create(link=locked, user=user)
    return locked


@transaction.atomic
def link_end(*, link: CareLink, user: User) -> None:
    """Either partner (or the therapist) ends the link alone, at once."""
    CareLink.objects.filter(pk=link.pk, ended_at__isnull=True).update(
        ended_at=timezone.now(), ended_by=user
    )
    user.__dict__.pop("_therapist_ids", None)  # integration.therapist_ids_for's memo
    _end_streams([link.pk])


def _end_streams(link_ids: list[int]) -> None:
    """Everyone on an ended link: the therapist and the couple's members."""
    rows = CareLink.objects.filter(pk__in=link_ids).values_list("therapist_id", "couple_id")
    couple_ids = {couple_id for _, couple_id in rows if couple_id}
    members = Membership.objects.filter(couple_id__in=couple_ids, ended_at__isnull=True)
    user_ids = [t for t, _ in rows] + list(members.values_list("user_id", flat=True))
    live.end_streams(user_ids=user_ids)


def links_end_for(*, user: User, couple: Couple | None) -> None:
    """Leaving a couple or deleting an account ends every link the person is part of."""
    if couple is not None:
        links = CareLink.objects.open().filter(couple=couple)
    else:
        mine = Q(therapist=user) | Q(consents__user=user)
        if user.active_couple is not None:
            mine |= Q(couple=user.active_couple)
        links = CareLink.objects.open().filter(mine)
    ids = list(links.values_list("pk", flat=True).distinct())
    CareLink.objects.filter(pk__in=ids).update(ended_at=timezone.now(), ended_by=user)
    _end_streams(ids)


def sharing_update(*, consent: CareConsent, share_mood: bool) -> CareConsent:
    consent.share_mood = share_mood
    consent.save(update_fields=["share_mood"])
    return consent


def item_share_set(*, link: CareLink, user: User, kind: str, item_id: str, shared: bool) -> None:
    """Share or stop sharing one item. The caller has checked the person may share it."""
    if shared:
        SharedItem.objects.get_or_create(link=link, user=user, kind=kind, item_id=item_id)
    else:
        SharedItem.objects.filter(link=link, user=user, kind=kind, item_id=item_id).delete()


def homework_assign(
    *,
    link: CareLink,
    kind: str,
    target: str,
    title: str,
    note: str = "",
    due_date: dt.date | None = None,
) -> Homework:
    return Homework.objects.create(
        link=link, kind=kind, target=target, title=title, note=note, due_date=due_date
    )


def homework_mark_done(*, homework: Homework) -> None:
    """A set of cards leaves no trace of its own, so the couple says when they used it."""
    Homework.objects.filter(pk=homework.pk, completed_at__isnull=True).update(
        completed_at=timezone.now()
    )


def homework_record_completions(completed: dict[int, dt.datetime]) -> None:
    """Write the completion times computed from practices/rituals data (homework pk → when)."""
    for pk, when in completed.items():
        Homework.objects.filter(pk=pk, completed_at__isnull=True).update(completed_at=when)


def note_add(*, therapist: User, couple: Couple, text: str) -> TherapistNote:
    return TherapistNote.objects.create(therapist=therapist, couple=couple, text=text)


def audit_record(*, therapist: User, couples: Iterable[Couple], action: str) -> None:
    """One append-only row per couple whose data the therapist is being shown (one query)."""
    now = timezone.now()
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                therapist=therapist,
                therapist_name=therapist.display_name,
                couple=couple,
                action=action,
                created_at=now,
            )
            for couple in couples
        ]
    )


# The dashboard shows engagement only and is opened (and re-filtered) many times a day: its
# looks are recorded once per couple per hour, so a GET does not write a row per couple each
# time. The couple's log says so (templates/therapists/care.html). Pages with words (the
# couple page, exports) are still recorded on every look.
DASHBOARD_LOOK_PERIOD = dt.timedelta(hours=1)


def audit_dashboard_look(*, therapist: User, couples: Iterable[Couple]) -> None:
    """Record the therapist's dashboard look at these couples, once per couple per period.
    Which couples already have a row this period is remembered in the shared cache (one read
    per request); a lost cache only means one more row, never a missing one."""
    from django.core.cache import cache

    keys = {f"audit-look:{therapist.pk}:{couple.pk}": couple for couple in couples}
    if not keys:
        return
    seen = cache.get_many(list(keys))
    due = [couple for key, couple in keys.items() if key not in seen]
    if not due:
        return
    audit_record(therapist=therapist, couples=due, action=AuditEntry.Action.DASHBOARD)
    cache.set_many(
        {key: 1 for key, couple in keys.items() if couple in due},
        timeout=int(DASHBOARD_LOOK_PERIOD.total_seconds()),
    )


def _own_key(*, therapist: User, kind: str, title: str) -> str:
    from django.utils.text import slugify

    from couplesafe.content.models import Item

    base = slugify(title)[:60].strip("-") or kind
    key, n = base, 1
    # Never the key of a shipped item either: lookups by key prefer the shipped one.
    taken = Item.objects.filter(kind=kind).filter(Q(owner=therapist) | Q(owner__isnull=True))
    while taken.filter(key=key).exists():
        n += 1
        key = f"{base}-{n}"
    return key


@transaction.atomic
def own_item_publish(*, therapist: User, kind: str, data: dict[str, Any]) -> Any:
    """Publish a therapist's own card set or practice through the content app (validated
    like the shipped library). Only the couples linked to them see it (owner resolver).
    Raises content.validation.ContentError for a draft that cannot be published."""
    from couplesafe.content.models import Item
    from couplesafe.content.services import item_publish

    key = _own_key(therapist=therapist, kind=kind, title=str(data["title"]))
    data = {**data, "key": key}
    if kind == Item.Kind.DECK:
        data["cards"] = [
            {**card, "key": f"{key}-{i:03d}"} for i, card in enumerate(data["cards"], 1)
        ]
    item = Item.objects.create(
        kind=kind, key=key, owner=therapist, title=str(data["title"]), draft=data
    )
    item_publish(item=item, source=f"{therapist.display_name}'s {kind}")
    return item


def deck_create(
    *, therapist: User, title: str, description: str, category: str, cards: list[str]
) -> Any:
    """A therapist's own card set."""
    from couplesafe.content.models import Item

    data: dict[str, Any] = {
        "title": title,
        "categories": {category: title},
        "cards": [{"category": category, "depth": "light", "text": text} for text in cards],
    }
    if description:
        data["description"] = description
    return own_item_publish(therapist=therapist, kind=Item.Kind.DECK, data=data)


def practice_create(
    *,
    therapist: User,
    title: str,
    kind: str,
    summary: str,
    for_whom: str,
    why: str,
    minutes: int,
    steps: list[tuple[str, str]],
) -> Any:
    """A therapist's own practice: each step is done by both partners, in writing, in turn."""
    from couplesafe.content.models import Item

    step_rows: list[dict[str, Any]] = []
    for index, (step_title, instructions) in enumerate(steps, start=1):
        step_rows.append(
            {
                "key": f"step-{index}",
                "actor": "both",
                "title": step_title,
                "instructions": instructions,
                "waiting": "Waiting for {name} to finish this step.",
                "input": "text",
                "stems": ["What I notice is…", "What I would like is…"],
            }
        )
    step_rows[-1]["then"] = "end"
    data = {
        "title": title,
        "kind": kind,
        "summary": summary,
        "for_whom": for_whom,
        "why": why,
        "minutes": minutes,
        "steps": step_rows,
    }
    return own_item_publish(therapist=therapist, kind=Item.Kind.PRACTICE, data=data)
