"""Care links between a therapist and a couple, what each partner shares, homework, the
therapist's private notes and the append-only audit log of every look.

A link is active only while both partners of a still-active couple have accepted it and
nobody has ended it (PRODUCT.md). Every dashboard request goes through
`CareLink.objects.active()`, so ending a link takes effect on the very next request.
"""

from __future__ import annotations

import secrets
import uuid
from typing import TYPE_CHECKING, Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from couplesafe.accounts import codes
from couplesafe.accounts.models import Couple, User
from couplesafe.content.models import ShownText
from couplesafe.lib.fields import EncryptedTextField

if TYPE_CHECKING:
    from django_stubs_ext.db.models.manager import RelatedManager


class TherapistProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="therapist_profile"
    )
    practice_name = models.CharField("practice name", max_length=120)
    # Off until the therapist turns it on (README).
    digest_enabled = models.BooleanField(default=False)
    last_digest_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.user} ({self.practice_name})"


def new_link_code() -> str:
    """The random code of links before codes were derived; migration 0001 refers to it."""
    return "".join(secrets.choice(codes.ALPHABET) for _ in range(10))


class CareLinkQuerySet(models.QuerySet["CareLink"]):
    def open(self) -> CareLinkQuerySet:
        """Not ended: waiting for partners, or active."""
        return self.filter(ended_at__isnull=True)

    def active(self) -> CareLinkQuerySet:
        """Both partners of a current couple have accepted, and nobody has ended it."""
        return (
            self.open()
            .filter(couple__isnull=False, couple__ended_at__isnull=True)
            .annotate(_consents=Count("consents", distinct=True))
            .filter(_consents=2)
        )

    def for_therapist(self, user: User) -> CareLinkQuerySet:
        return self.filter(therapist=user)

    def for_partner(self, user: User) -> CareLinkQuerySet:
        """Links this person's current couple is part of (any state)."""
        couple = user.active_couple
        if couple is None:
            return self.none()
        return self.filter(couple=couple)


class CareLink(models.Model):
    """A therapist's invitation to a couple, which becomes their link once both accept."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="care_links"
    )
    # Set by the first partner who accepts; the second must be that person's partner.
    couple = models.ForeignKey(
        Couple, null=True, blank=True, on_delete=models.CASCADE, related_name="care_links"
    )
    # Only a keyed hash of the code is stored; the code is derived from the public id
    # (couplesafe/accounts/codes.py), so a database copy alone cannot link anyone.
    code_hash = models.CharField(max_length=64, unique=True, default=codes.unset_hash)
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CareLinkQuerySet.as_manager()

    if TYPE_CHECKING:
        consents: RelatedManager[CareConsent]

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["therapist", "couple"],
                condition=Q(ended_at__isnull=True, couple__isnull=False),
                name="carelink_one_open_link_per_couple",
            ),
        ]

    def __str__(self) -> str:
        return f"Care link {self.public_id}"

    @property
    def code(self) -> str:
        return codes.derive_code("care-link", self.public_id, 10)

    def set_code_hash(self) -> None:
        self.code_hash = codes.lookup_hash(self.code)

    @property
    def pretty_code(self) -> str:
        return f"{self.code[:5]}-{self.code[5:]}"

    def consent_of(self, user: User) -> CareConsent | None:
        for consent in self.consents.all():
            if consent.user_id == user.pk:
                return consent
        return None

    @property
    def is_active(self) -> bool:
        return (
            self.ended_at is None
            and self.couple is not None
            and self.couple.ended_at is None
            and len(self.consents.all()) == 2
        )

    @property
    def state(self) -> str:
        if self.ended_at is not None:
            return "ended"
        return "active" if self.is_active else "waiting"


class CareConsent(models.Model):
    """One partner's yes to a link, and what they choose to share beyond engagement."""

    link = models.ForeignKey(CareLink, on_delete=models.CASCADE, related_name="consents")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="care_consents"
    )
    accepted_at = models.DateTimeField(default=timezone.now)
    share_mood = models.BooleanField("share my mood trend", default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["link", "user"], name="careconsent_once_per_person"),
        ]


class SharedItem(models.Model):
    """One partner's explicit choice to show one item to the therapist.

    A joint conversation is shown only when both partners have a row for it; an appreciation
    or a check-in's words only when its author has one.
    """

    class Kind(models.TextChoices):
        CONVERSATION = "conversation", _("Conversation")
        APPRECIATION = "appreciation", _("Appreciation")
        CHECKIN = "checkin", _("Check-in")

    link = models.ForeignKey(CareLink, on_delete=models.CASCADE, related_name="shared_items")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=14, choices=Kind.choices)
    item_id = models.UUIDField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["link", "user", "kind", "item_id"], name="shareditem_once"
            ),
        ]


class Homework(models.Model):
    class Kind(models.TextChoices):
        PRACTICE = "practice", _("A practice")
        RITUAL = "ritual", _("A daily ritual")
        CARDS = "cards", _("A set of cards")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    link = models.ForeignKey(CareLink, on_delete=models.CASCADE, related_name="homework")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # A practice key, a ritual key ("checkin", "appreciation") or a card deck key.
    target = models.CharField(max_length=80)
    title = models.CharField(max_length=200)
    note = EncryptedTextField(blank=True)
    due_date = models.DateField(null=True, blank=True)
    assigned_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    digested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["completed_at", "due_date", "-assigned_at"]

    def __str__(self) -> str:
        return self.title

    @cached_property
    def shown_title(self) -> ShownText:
        """What the homework is called for the reader (therapists.titles; a page listing
        several fills them all at once with `homework_titles`)."""
        from therapists.titles import homework_titles

        homework_titles([self])
        title: ShownText = self.__dict__["shown_title"]
        return title

    @property
    def is_done(self) -> bool:
        return self.completed_at is not None

    def is_overdue(self, today: Any) -> bool:
        return self.completed_at is None and self.due_date is not None and self.due_date < today


class TherapistNote(models.Model):
    """The therapist's own notes about a couple: never shown to the couple."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="therapist_notes"
    )
    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="+")
    text = EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]


class AppendOnlyError(Exception):
    """An audit row was about to be changed or removed through the app."""


class AuditQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit entries cannot be changed.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("Audit entries cannot be deleted.")


class AuditEntry(models.Model):
    """Who looked at which couple's data, what and when. Append-only: the queryset refuses
    update() and delete(), the model refuses a second save() and delete(), the admin is
    read-only. Rows go only when the couple itself is deleted (database cascade)."""

    class Action(models.TextChoices):
        DASHBOARD = "dashboard", _("Saw your engagement summary on the dashboard")
        COUPLE_PAGE = "couple_page", _("Opened your couple page")
        EXPORT = "export", _("Exported your engagement to a spreadsheet")
        DIGEST = "digest", _("Received the daily homework email")

    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    therapist_name = models.CharField(max_length=60)
    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="+")
    action = models.CharField(max_length=20, choices=Action.choices)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "audit entries"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit entries cannot be deleted.")
