"""People, couples and invitations.

A person logs in with their email. Partners are linked through a Couple of exactly two
memberships; the database guarantees a person is in at most one active couple and a couple
never has more than two active members.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from couplesafe.accounts import codes

if TYPE_CHECKING:
    from django_stubs_ext.db.models.manager import RelatedManager


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("A person needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    class Role(models.TextChoices):
        PARTNER = "partner", _("Partner")
        THERAPIST = "therapist", _("Therapist")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("email address"), max_length=254)
    display_name = models.CharField(_("name"), max_length=60)
    time_zone = models.CharField(max_length=64, default="UTC")
    # Everything CoupleSafe says to this person, on pages, in emails and pushes
    # (couplesafe/lib/language.py). Chosen at sign-up (the browser's language preselected).
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.PARTNER)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    # Set when the person opens the link we emailed at sign-up. Until then no reminder,
    # conversation invitation or digest is emailed to the address, and they cannot email
    # invitations from it (couplesafe/lib/emails.py, accounts/services.py).
    email_verified_at = models.DateTimeField(null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_short_name(self) -> str:
        return self.display_name

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def is_therapist(self) -> bool:
        return self.role == self.Role.THERAPIST

    @property
    def active_couple(self) -> Couple | None:
        """The couple this person is in now, cached on the instance for the request."""
        if not hasattr(self, "_active_couple"):
            # One query for the couple and both seats (Couple.members() then needs none):
            # every current seat of the couple in which this person has a current seat.
            seats = list(
                Membership.objects.filter(
                    ended_at__isnull=True,
                    couple__memberships__user=self,
                    couple__memberships__ended_at__isnull=True,
                )
                .select_related("couple", "user")
                .order_by("seat")
            )
            couple = seats[0].couple if seats else None
            if couple is not None:
                couple._members = [self if m.user_id == self.pk else m.user for m in seats]
            self._active_couple = couple
        return self._active_couple

    def forget_couple_cache(self) -> None:
        self.__dict__.pop("_active_couple", None)


class CoupleQuerySet(models.QuerySet["Couple"]):
    def active(self) -> CoupleQuerySet:
        return self.filter(ended_at__isnull=True)

    def for_user(self, user: User) -> CoupleQuerySet:
        """Couples the person is an active member of (zero or one)."""
        return self.active().filter(memberships__user=user, memberships__ended_at__isnull=True)


class Couple(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = CoupleQuerySet.as_manager()

    if TYPE_CHECKING:
        memberships: RelatedManager[Membership]

    def __str__(self) -> str:
        return f"Couple {self.public_id}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None

    def members(self) -> list[User]:
        """Both partners, in seat order (cached: the membership rarely changes mid-request)."""
        if not hasattr(self, "_members"):
            self._members = [
                m.user
                for m in self.memberships.filter(ended_at__isnull=True)
                .select_related("user")
                .order_by("seat")
            ]
        return self._members

    def has_member(self, user: User) -> bool:
        return any(member.pk == user.pk for member in self.members())

    def partner_of(self, user: User) -> User | None:
        for member in self.members():
            if member.pk != user.pk:
                return member
        return None


class Membership(models.Model):
    """A person's seat in a couple. Seat 1 invited, seat 2 accepted."""

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    seat = models.PositiveSmallIntegerField()
    joined_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(seat__in=[1, 2]), name="membership_seat_1_or_2"
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(ended_at__isnull=True),
                name="membership_one_active_couple_per_person",
            ),
            models.UniqueConstraint(
                fields=["couple", "seat"],
                condition=models.Q(ended_at__isnull=True),
                name="membership_two_seats_per_couple",
            ),
        ]


def _new_code() -> str:
    """The random code of invites before codes were derived; migration 0001 refers to it."""
    return "".join(secrets.choice(codes.ALPHABET) for _ in range(8))


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _default_expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=settings.INVITE_VALID_DAYS)


class InviteQuerySet(models.QuerySet["Invite"]):
    def pending(self) -> InviteQuerySet:
        return self.filter(status=Invite.Status.PENDING, expires_at__gt=timezone.now())


class Invite(models.Model):
    """An invitation from one person to become a couple with another.

    The link's token and the short code (for sharing by voice or message) are derived from
    the public id with SECRET_KEY (accounts/codes.py); only their hashes are stored, so a
    database read cannot be turned into a working link or code.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    inviter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invites_sent"
    )
    email = models.EmailField(blank=True)
    code_hash = models.CharField(max_length=64, unique=True, default=codes.unset_hash)
    token_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=_default_expiry)
    responded_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Someone who entered the code and asked to pair; the inviter confirms it is their
    # partner before anything is shared (a guessed code never pairs a stranger unseen).
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    claimed_at = models.DateTimeField(null=True, blank=True)

    objects = InviteQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["inviter", "created_at"])]

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.status == self.Status.PENDING and not self.is_expired

    @property
    def code(self) -> str:
        return codes.derive_code("invite", self.public_id, 8)

    @property
    def pretty_code(self) -> str:
        return f"{self.code[:4]}-{self.code[4:]}"

    @property
    def token(self) -> str:
        return codes.derive_token("invite", self.public_id)

    def set_secrets(self) -> None:
        """Store the hashes of this invite's code and link token (never the values)."""
        self.code_hash = codes.lookup_hash(self.code)
        self.token_hash = hash_token(self.token)
