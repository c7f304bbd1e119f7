"""Pairing and leaving: the writes that change who is a couple with whom."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from couplesafe.accounts import codes
from couplesafe.accounts.models import Couple, Invite, Membership, User, hash_token
from couplesafe.lib import emails, live, registry


class PairingError(Exception):
    """A pairing step that cannot happen; the message is shown to the person as it is."""


def _today_start(user: User) -> dt.datetime:
    from couplesafe.lib.tz import local_now

    local = local_now(user.time_zone)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def invite_create(*, inviter: User, email: str = "") -> tuple[Invite, str]:
    """Create an invite (and email it when an address is given). Returns the invite and
    the one-time token for its link; the token itself is never stored."""
    email = email.strip().lower()
    if inviter.active_couple is not None:
        raise PairingError(_("You are already paired with a partner."))
    if email and not inviter.email_verified:
        raise PairingError(
            _(
                "Please confirm your own email address first: open the link we sent you. "
                "Until then, you can share the code instead (leave the email empty)."
            )
        )
    if email and email == inviter.email.lower():
        raise PairingError(_("That is your own email address. Invite your partner's instead."))
    sent_today = Invite.objects.filter(inviter=inviter, created_at__gte=_today_start(inviter))
    if sent_today.count() >= settings.INVITES_PER_DAY:
        raise PairingError(
            ngettext(
                "You have sent %(count)d invitation today, which is the daily limit. Your "
                "earlier invitations still work; you can send a new one tomorrow.",
                "You have sent %(count)d invitations today, which is the daily limit. Your "
                "earlier invitations still work; you can send a new one tomorrow.",
                settings.INVITES_PER_DAY,
            )
            % {"count": settings.INVITES_PER_DAY}
        )
    with transaction.atomic():
        # One open invite at a time keeps it clear which link is the real one.
        Invite.objects.filter(inviter=inviter, status=Invite.Status.PENDING).update(
            status=Invite.Status.CANCELLED, responded_at=timezone.now()
        )
        invite = _create_with_unique_code(inviter=inviter, email=email)
        token = invite.token
        if email:
            # Recorded with the invite; sent by the outbox task after commit, so a mail server
            # that is down never turns the invitation into an error page.
            emails.send_invite(invite=invite, token=token)
    return invite, token


def _create_with_unique_code(*, inviter: User, email: str) -> Invite:
    """A derived 8-character code can, rarely, equal an older invite's: draw a new public id."""
    for _attempt in range(5):
        invite = Invite(inviter=inviter, email=email)
        invite.set_secrets()
        try:
            with transaction.atomic():
                invite.save()
        except IntegrityError:
            continue
        return invite
    raise PairingError(_("We could not make a new code just now. Please try again."))


def invite_find(*, token: str | None = None, code: str | None = None) -> Invite | None:
    qs = Invite.objects.select_related("inviter")
    if token:
        return qs.filter(token_hash=hash_token(token)).first()
    if code:
        return qs.filter(code_hash=codes.lookup_hash(code)).first()
    return None


def invite_problem(invite: Invite, user: User) -> str | None:
    """Why this person cannot accept this invite now, in words for them; None if they can."""
    if invite.status == Invite.Status.ACCEPTED:
        return "This invitation has already been used."
    if invite.status == Invite.Status.CANCELLED:
        return "This invitation was cancelled. Ask your partner for a new one."
    if invite.status == Invite.Status.DECLINED:
        return "This invitation was declined. Your partner can send a new one."
    if invite.is_expired:
        return "This invitation has expired. Ask your partner to send a new one."
    if invite.inviter_id == user.pk:
        return "This is your own invitation. Share it with your partner to pair up."
    if user.is_therapist:
        return "Therapist accounts cannot pair as a couple. Use a personal account instead."
    if user.active_couple is not None:
        return "You are already paired with a partner, so you cannot accept another invitation."
    if invite.inviter.active_couple is not None:
        return f"{invite.inviter.display_name} is already paired with someone else."
    return None


@transaction.atomic
def invite_accept(*, invite: Invite, user: User) -> Couple:
    """Make the inviter and this person a couple. Safe against two people (or two clicks)
    accepting at once: the invite row is locked and the membership constraints hold."""
    locked = Invite.objects.select_for_update().select_related("inviter").get(pk=invite.pk)
    user.forget_couple_cache()
    locked.inviter.forget_couple_cache()
    problem = invite_problem(locked, user)
    if problem:
        raise PairingError(problem)
    couple = Couple.objects.create()
    try:
        with transaction.atomic():
            Membership.objects.create(couple=couple, user=locked.inviter, seat=1)
            Membership.objects.create(couple=couple, user=user, seat=2)
    except IntegrityError as error:
        raise PairingError(
            _("One of you was paired a moment ago. Please reload the page.")
        ) from error
    locked.status = Invite.Status.ACCEPTED
    locked.accepted_by = user
    locked.responded_at = timezone.now()
    locked.save(update_fields=["status", "accepted_by", "responded_at"])
    user.forget_couple_cache()
    return couple


def invite_decline(*, invite: Invite, user: User) -> None:
    Invite.objects.filter(pk=invite.pk, status=Invite.Status.PENDING).update(
        status=Invite.Status.DECLINED, responded_at=timezone.now()
    )


def invite_cancel(*, invite: Invite, user: User) -> None:
    Invite.objects.filter(pk=invite.pk, inviter=user, status=Invite.Status.PENDING).update(
        status=Invite.Status.CANCELLED, responded_at=timezone.now()
    )


@transaction.atomic
def profile_update(*, user: User, changed: list[str]) -> None:
    """Save the profile; a new time zone moves everything scheduled in local time at once."""
    user.save()
    if "time_zone" in changed:
        transaction.on_commit(lambda: registry.time_zone_changed(user))


@transaction.atomic
def couple_leave(*, user: User) -> None:
    """End the couple. The leaver's own words leave with them (PRODUCT.md); the former
    partner keeps theirs. Every feature app's data handler does its part."""
    couple = user.active_couple
    if couple is None:
        return
    now = timezone.now()
    # Both partners' open streams close: nothing of the other may reach them from now on.
    live.end_streams(user_ids=[m.pk for m in couple.members()])
    registry.forget_everywhere(user=user, couple=couple)
    Membership.objects.filter(couple=couple, ended_at__isnull=True).update(ended_at=now)
    couple.ended_at = now
    couple.save(update_fields=["ended_at"])
    user.forget_couple_cache()


@transaction.atomic
def invite_claim(*, invite: Invite, user: User) -> None:
    """Someone entered the code and asked to pair. Nothing is shared yet: the inviter sees
    their name and email and confirms (invite_confirm) or refuses (invite_refuse_claim).
    A code can be guessed, however unlikely with the throttles; a link in an email cannot."""
    locked = Invite.objects.select_for_update().select_related("inviter").get(pk=invite.pk)
    problem = invite_problem(locked, user)
    if problem:
        raise PairingError(problem)
    if locked.claimed_by_id not in (None, user.pk):
        raise PairingError(
            _(
                "Someone else has already asked to pair with this code. "
                "Please ask your partner to check their home page."
            )
        )
    locked.claimed_by = user
    locked.claimed_at = timezone.now()
    locked.save(update_fields=["claimed_by", "claimed_at"])


def invite_confirm(*, invite: Invite, inviter: User) -> Couple:
    """The inviter says the person who entered the code is their partner: pair them."""
    if invite.inviter_id != inviter.pk or invite.claimed_by is None:
        raise PairingError(_("There is nobody waiting for you to confirm."))
    return invite_accept(invite=invite, user=invite.claimed_by)


def invite_refuse_claim(*, invite: Invite, inviter: User) -> None:
    """Not their partner: the code is out in the world, so it ends; they can make a new one."""
    invite_cancel(invite=invite, user=inviter)
