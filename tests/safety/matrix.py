"""URL × role rows for the safety pages. Everything is the person's own: no page takes
another person's id, and another person's answers or messages are a 404."""

from __future__ import annotations

from safety import services
from safety.models import TherapistMessage
from tests.matrix import ROLES, Row, World


def _expect(alice: int, carol: int, others: int) -> dict[str, int]:
    """alice and carol are partners in a couple; solo, theo and tara are not."""
    expect = {role: others for role in ROLES}
    expect.update({"anonymous": 302, "alice": alice, "carol": carol})
    return expect


def rows(world: World) -> list[Row]:
    check = services.check_record(user=world.alice, answers={"afraid": "no"})
    message = TherapistMessage.objects.create(
        author=world.alice, therapist=world.theo, couple=world.alice.active_couple, text="x"
    )
    signed_in = {**{role: 200 for role in ROLES}, "anonymous": 302}
    acted = {role: 302 for role in ROLES}
    return [
        Row("safety:hub", "/safety/", signed_in),
        Row("safety:check", "/safety/check/", _expect(200, 200, 302)),
        Row("safety:put-off", "/safety/check/later/", acted, method="POST"),
        Row(
            "safety:check-delete",
            f"/safety/check/{check.public_id}/delete/",
            _expect(302, 404, 302),
            method="POST",
        ),
        Row("safety:support", "/safety/support/", signed_in),
        Row("safety:step-back", "/safety/break/", acted, method="POST"),
        Row("safety:break-end", "/safety/break/end/", acted, method="POST"),
        Row("safety:message", "/safety/therapist/", _expect(200, 200, 302)),
        Row(
            "safety:message-delete",
            f"/safety/therapist/{message.public_id}/delete/",
            _expect(302, 404, 302),
            method="POST",
        ),
        Row("safety:devices", "/safety/devices/", signed_in),
        # Partners may set up two-step sign-in; therapists are sent to their own (required) one.
        Row(
            "safety:twofactor-setup",
            "/safety/two-step/",
            {**signed_in, "theo": 302, "tara": 302},
        ),
        # Nothing to verify without an authenticator: sent on.
        Row("safety:twofactor-verify", "/safety/two-step/verify/", acted),
        Row("safety:twofactor-off", "/safety/two-step/off/", acted, method="POST"),
        Row(
            "safety:still-here",
            "/safety/still-here/",
            {**{r: 204 for r in ROLES}, "anonymous": 302},
        ),
        Row(
            "safety:sign-out-everywhere",
            "/safety/devices/sign-out-everywhere/",
            acted,
            method="POST",
        ),
    ]
