"""The data bench/page_ratios.py and bench/profile_pages.py measure the pages with.

A couple (Pat and Robin) with an open Intentional Dialogue of 60 turns, a finished one of 60
turns, 40 check-ins each, 40 appreciations each way, a few cards drawn; a therapist (Dr. Lee,
with a verified second factor) linked to 20 couples, Pat and Robin among them, each with
check-ins, a conversation, a pause, appreciations and homework. `--scale 10` makes ten times
as much of everything a person can grow (not more couples: the dashboard pages by twenty).
Made once per database and scale; the sessions are new every run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass
class Sessions:
    partner: str  # Pat's session cookie
    therapist: str
    conversation: str  # public ids
    finished: str
    couple: str  # Pat and Robin's couple, for the therapist's couple page
    poll: str  # the poll URL the conversation page hands the browser


def _client_session(user: Any, *, verify: bool = False) -> str:
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    if verify:
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return str(client.cookies["sessionid"].value)


def _couple(email_a: str, email_b: str, names: tuple[str, str]) -> tuple[Any, Any]:
    from django.utils import timezone

    from couplesafe.accounts.models import Couple, Membership, User

    a = User.objects.filter(email=email_a).first()
    if a is None:
        a = User.objects.create_user(
            email_a, "x", display_name=names[0], email_verified_at=timezone.now()
        )
        b = User.objects.create_user(
            email_b, "x", display_name=names[1], email_verified_at=timezone.now()
        )
        couple = Couple.objects.create()
        Membership.objects.create(couple=couple, user=a, seat=1)
        Membership.objects.create(couple=couple, user=b, seat=2)
        a.forget_couple_cache()
    b = a.active_couple.partner_of(a)
    return a, b


def _grow(a: Any, b: Any, *, scale: int, turns: int) -> None:
    """What a couple accumulates: check-ins, appreciations, finished conversations."""
    from django.utils import timezone

    from practices.models import Conversation, Turn
    from rituals.models import Appreciation, CheckIn

    couple = a.active_couple
    today = timezone.localdate()
    CheckIn.objects.bulk_create(
        CheckIn(
            user=who,
            couple=couple,
            local_date=today - dt.timedelta(days=n + 1),
            mood=1 + (n % 5),
            feelings=["calm"],
            space_text=f"Day {n} felt full.",
            need_text="A slow evening.",
        )
        for n in range(40 * scale)
        for who in (a, b)
    )
    now = timezone.now()
    Appreciation.objects.bulk_create(
        Appreciation(
            couple=couple,
            author=author,
            recipient=recipient,
            text=f"Thank you for the {n}th coffee.",
            response="It was a pleasure." if n % 3 == 0 else "",
            acknowledged_at=now if n % 3 == 0 else None,
            created_at=now - dt.timedelta(hours=n),
        )
        for n in range(40 * scale)
        for author, recipient in ((a, b), (b, a))
    )
    from bench.setup_db import dialogue_version

    version = dialogue_version()
    done = Conversation.objects.bulk_create(
        Conversation(
            couple=couple,
            version=version,
            topic=f"Evening {n}",
            status=Conversation.Status.COMPLETED,
            started_by=a,
            sender=a,
            completed_at=now - dt.timedelta(days=n),
            updated_at=now - dt.timedelta(days=n),
        )
        for n in range(5 * scale)
    )
    Turn.objects.bulk_create(
        Turn(
            conversation=done[0],
            author=a if n % 2 else b,
            step_key="send",
            visit=10_000 + n,
            text=f"Some words said in turn {n}, about Sunday mornings.",
        )
        for n in range(turns * scale)
    )


def prepare(*, scale: int = 1) -> Sessions:
    from django.core.management import call_command

    from couplesafe.accounts.models import User
    from couplesafe.content import services as content_services
    from practices import scheduling, services
    from practices.models import Conversation, Turn
    from therapists.models import CareConsent, CareLink, Homework, SharedItem
    from therapists.services import link_create

    a, b = _couple(f"pat-{scale}@bench.test", f"robin-{scale}@bench.test", ("Pat", "Robin"))
    couple = a.active_couple
    if not Conversation.objects.filter(couple=couple).exists():
        call_command("load_content", verbosity=0)
        from bench.setup_db import dialogue_version

        conv = services.conversation_start(
            user=a, version=dialogue_version(), topic="Sundays", sender=a
        )
        scheduling.conversation_accept(mode="apart", conversation=conv, user=b)
        Turn.objects.bulk_create(
            Turn(
                conversation=conv,
                author=a if n % 2 else b,
                step_key="send",
                visit=20_000 + n,
                text=f"Words of turn {n}.",
            )
            for n in range(60)
        )
        _grow(a, b, scale=scale, turns=60)
        for _ in range(3):
            content_services.card_draw(couple=couple, user=b)
    conv = Conversation.objects.filter(couple=couple, status="active").first()
    finished = Conversation.objects.filter(couple=couple, status="completed").order_by(
        "-completed_at"
    )[0]
    assert conv is not None

    therapist = User.objects.filter(email=f"lee-{scale}@bench.test").first()
    if therapist is None:
        from therapists.services import therapist_signup

        therapist = therapist_signup(
            email=f"lee-{scale}@bench.test",
            password="x",
            display_name="Dr. Lee",
            practice_name="Bench Rooms",
            time_zone="Europe/Berlin",
        )
        pairs = [(a, b)] + [
            _couple(f"p{n}-{scale}@bench.test", f"q{n}-{scale}@bench.test", (f"P{n}", f"Q{n}"))
            for n in range(19)
        ]
        for n, (x, y) in enumerate(pairs):
            link = link_create(therapist=therapist)
            link.couple = x.active_couple
            link.save(update_fields=["couple"])
            for partner in (x, y):
                CareConsent.objects.create(link=link, user=partner, share_mood=True)
            Homework.objects.create(link=link, kind="ritual", target="checkin", title="Check in")
            if n:
                _grow(x, y, scale=scale, turns=12)
        # Pat and Robin share their finished conversations with Dr. Lee (the couple page then
        # has words to show: the page that used to decrypt all of them).
        link = CareLink.objects.get(therapist=therapist, couple=couple)
        for done in Conversation.objects.filter(couple=couple, status="completed"):
            for partner in (a, b):
                SharedItem.objects.create(
                    link=link, user=partner, kind="conversation", item_id=done.public_id
                )

    partner_session = _client_session(a)
    from django.test import Client

    client = Client()
    client.cookies["sessionid"] = partner_session
    import html
    import re

    page = client.get(
        f"/practices/{conv.public_id}/", HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https"
    ).content.decode()
    found = re.search(r'hx-get="([^"]+/version/[^"]+)"', page)
    poll = html.unescape(found.group(1)) if found else f"/practices/{conv.public_id}/version/"
    return Sessions(
        partner=partner_session,
        therapist=_client_session(therapist, verify=True),
        conversation=str(conv.public_id),
        finished=str(finished.public_id),
        couple=str(couple.public_id),
        poll=poll,
    )


def pages(s: Sessions) -> dict[str, tuple[str, str]]:
    """Name → (path, who): "anon", "partner" or "therapist"."""
    return {
        "B0 bare view, anonymous": ("/bench/bare/", "anon"),
        "Bs bare view, signed in": ("/bench/bare-login/", "partner"),
        "poll, unchanged (204)": (s.poll, "partner"),
        "poll, changed (fragment)": (f"/practices/{s.conversation}/version/?v=0", "partner"),
        "home": ("/home/", "partner"),
        "conversation (60 turns)": (f"/practices/{s.conversation}/", "partner"),
        "transcript": (f"/practices/{s.finished}/transcript/", "partner"),
        "conversations": ("/practices/", "partner"),
        "cards": ("/content/cards/", "partner"),
        "check-in": ("/rituals/today/", "partner"),
        "together": ("/rituals/together/", "partner"),
        "appreciations": ("/rituals/appreciations/", "partner"),
        "therapist dashboard (20 couples)": ("/therapist/couples/", "therapist"),
        "therapist couple page": (f"/therapist/couples/{s.couple}/", "therapist"),
    }
