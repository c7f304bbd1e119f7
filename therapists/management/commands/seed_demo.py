"""Create a demo couple and a demo therapist for trying CoupleSafe locally (idempotent).

It lives in the therapists app because that app is the leaf that may read every other app.
"""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from couplesafe.accounts.models import Couple, Membership, User
from therapists.models import CareConsent, CareLink, TherapistProfile

DEMO_PASSWORD = "demo-practice-2026"
PEOPLE = [
    ("alex@demo.couplesafe.test", "Alex", "Europe/Berlin", User.Role.PARTNER),
    ("jordan@demo.couplesafe.test", "Jordan", "Europe/Berlin", User.Role.PARTNER),
    ("dr.rivera@demo.couplesafe.test", "Dr. Rivera", "Europe/Berlin", User.Role.THERAPIST),
]


class Command(BaseCommand):
    help = "Create the demo couple (Alex and Jordan) and demo therapist, and print their logins."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        if getattr(settings, "PRODUCTION", False):
            raise CommandError("seed_demo is for local trials only, never production.")
        users = []
        for email, name, tz, role in PEOPLE:
            user, created = User.objects.get_or_create(
                email=email,
                # Demo accounts are ready to log in: their (fictional) addresses count as confirmed.
                defaults={
                    "display_name": name,
                    "time_zone": tz,
                    "role": role,
                    "email_verified_at": timezone.now(),
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            users.append(user)
        alex, jordan, therapist = users
        if alex.active_couple is None and jordan.active_couple is None:
            couple = Couple.objects.create()
            Membership.objects.create(couple=couple, user=alex, seat=1)
            Membership.objects.create(couple=couple, user=jordan, seat=2)
            alex.forget_couple_cache()
            jordan.forget_couple_cache()
        self._link_therapist(therapist, alex, jordan)
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        for email, name, _tz, role in PEOPLE:
            self.stdout.write(f"  {name:<11} {role:<10} {email}")
        self.stdout.write(
            "Dr. Rivera is linked to Alex and Jordan (both consented). At first login the\n"
            "dashboard asks to set up an authenticator app (two-step sign-in) before any data."
        )
        self.stdout.write(f"Open {settings.SITE_URL} and log in.\n")

    def _link_therapist(self, therapist: User, alex: User, jordan: User) -> None:
        """The demo therapist with a profile and an active link, each partner's consent given
        as if they had accepted the code on their own account."""
        TherapistProfile.objects.get_or_create(
            user=therapist, defaults={"practice_name": "Rivera Couples Practice"}
        )
        couple = alex.active_couple
        if couple is None or not couple.has_member(jordan):
            return
        link = CareLink.objects.open().filter(therapist=therapist, couple=couple).first()
        if link is None:
            link = CareLink.objects.create(therapist=therapist, couple=couple)
        for partner in (alex, jordan):
            CareConsent.objects.get_or_create(link=link, user=partner)
