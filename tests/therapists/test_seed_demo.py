from __future__ import annotations

from io import StringIO
from typing import Any

from django.core.management import call_command

from couplesafe.accounts.models import User
from therapists.models import CareLink


def test_seed_demo_links_the_demo_therapist_to_the_demo_couple_with_both_consents(db: Any) -> None:
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())  # idempotent
    therapist = User.objects.get(email="dr.rivera@demo.couplesafe.test")
    link = CareLink.objects.active().get(therapist=therapist)
    names = sorted(c.user.display_name for c in link.consents.all())
    assert names == ["Alex", "Jordan"]
    assert therapist.therapist_profile.practice_name == "Rivera Couples Practice"
