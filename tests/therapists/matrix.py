"""URL × role rows for the therapist dashboard and the couple's care pages.

Theo is linked to Alice and Bob (both consented); Tara is a therapist with no link. Every
therapist client here is OTP-verified (the preparer below); tests/therapists/test_consent.py
covers unverified sessions.
"""

from __future__ import annotations

import uuid

from tests.matrix import CLIENT_PREPARERS, ROLES, Row, World, private
from tests.therapists.helpers import make_link, verify
from therapists.digest import unsubscribe_token
from therapists.models import Homework, TherapistProfile

if verify not in CLIENT_PREPARERS:
    CLIENT_PREPARERS.append(verify)


def _all(status: int, **overrides: int) -> dict[str, int]:
    expect = {role: status for role in ROLES}
    expect.update(overrides)
    return expect


def rows(world: World) -> list[Row]:
    link = make_link(world.theo, world.alice, world.bob)
    couple = world.alice.active_couple
    cards = Homework.objects.create(link=link, kind="cards", target="x", title="Cards")
    pending = make_link(world.tara)
    profile, _ = TherapistProfile.objects.get_or_create(
        user=world.theo, defaults={"practice_name": "Calm Rooms"}
    )
    therapist_only = private("theo", tara=200)
    couple_page = private("theo")
    partner_page = _all(404, anonymous=302, alice=200)
    c = couple.public_id
    return [
        Row("therapists:dashboard", "/therapist/couples/", therapist_only),
        Row("therapists:signup", "/therapist/signup/", _all(302, anonymous=200)),
        # Verified therapists are sent on from the 2FA pages; partners learn nothing.
        Row(
            "therapists:twofactor-setup",
            "/therapist/two-factor/setup/",
            private((), theo=302, tara=302),
        ),
        Row(
            "therapists:twofactor-verify",
            "/therapist/two-factor/verify/",
            private((), theo=302, tara=302),
        ),
        Row(
            "therapists:link-create",
            "/therapist/links/new/",
            private((), theo=302, tara=302),
            method="POST",
        ),
        Row(
            "therapists:link-cancel",
            f"/therapist/links/{pending.public_id}/cancel/",
            private((), tara=302),
            method="POST",
        ),
        Row(
            "therapists:digest",
            "/therapist/digest/",
            private((), theo=302, tara=302),
            method="POST",
        ),
        Row("therapists:export", "/therapist/export.csv", therapist_only),
        Row(
            "therapists:digest-stop",
            f"/therapist/digest/stop/{unsubscribe_token(profile)}/",
            _all(200),
        ),
        Row("therapists:couple", f"/therapist/couples/{c}/", couple_page),
        Row(
            "therapists:note-create",
            f"/therapist/couples/{c}/notes/",
            private((), theo=302),
            method="POST",
            data={"text": "A note"},
        ),
        Row(
            "therapists:homework-create",
            f"/therapist/couples/{c}/homework/",
            private((), theo=302),
            method="POST",
            data={"choice": "ritual:checkin"},
        ),
        Row("therapists:content", "/therapist/content/", therapist_only),
        # The couple's side: partners with a couple see it; therapists are sent to their own.
        Row("therapists:care", "/therapist/care/", _all(200, anonymous=302, theo=302, tara=302)),
        Row(
            "therapists:join-code",
            "/therapist/care/code/",
            _all(200, anonymous=302, theo=404, tara=404),
            method="POST",
            data={"code": "NOPE2-34567"},
        ),
        Row(
            "therapists:join",
            f"/therapist/join/{pending.code}/",
            _all(200, anonymous=302, theo=404, tara=404),
        ),
        Row(
            "therapists:sharing",
            f"/therapist/care/{link.public_id}/sharing/",
            private((), alice=302),
            method="POST",
            data={"share_mood": "on"},
        ),
        Row(
            "therapists:share-item",
            f"/therapist/care/{link.public_id}/share/",
            private(()),
            method="POST",
            data={"kind": "checkin", "item": str(uuid.uuid4()), "shared": "1"},
        ),
        Row("therapists:view-as", f"/therapist/care/{link.public_id}/view/", partner_page),
        Row(
            "therapists:homework-done",
            f"/therapist/homework/{cards.public_id}/done/",
            private((), alice=302),
            method="POST",
        ),
        # Last: it ends the link the rows above use.
        Row(
            "therapists:link-end",
            f"/therapist/care/{link.public_id}/end/",
            private((), alice=302),
            method="POST",
        ),
    ]
