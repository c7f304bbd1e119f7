"""Where a signed-in page's server time goes: cProfile over repeated GETs, and query counts.

    .venv/bin/python bench/profile_pages.py [--repeat 30] [--top 25]

Uses the database `cs_live_bench` (bench/live_latency.py makes it; this script adds a couple
with a finished 60-turn conversation, 40 check-ins each and 40 appreciations if missing),
the real settings with DEBUG off and Redis as the cache (cached_db sessions), and Django's
test client in this process (no network, so what is measured is the view, middleware and
templates). Prints, per page, the mean time per request and the number of queries, then the
functions with the most own time over all pages together.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
os.environ.update(
    {
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/cs_live_bench",
        "DJANGO_SETTINGS_MODULE": "couplesafe.settings",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "testserver,127.0.0.1",
        "CACHE_URL": REDIS,
        "CELERY_BROKER_URL": REDIS,
        "LIVE_PREFIX": "cs-bench-live",
        "LOG_LEVEL": "ERROR",
        "DB_POOL_MAX": os.environ.get("DB_POOL_MAX", "0"),
        "MAIL_URL": "file:///tmp/cs-live-bench-mail",
    }
)
sys.path.insert(0, str(ROOT))


def prepare() -> tuple[object, object, str]:
    from django.contrib.auth.hashers import make_password

    from couplesafe.accounts.models import Couple, Membership, User
    from practices.models import Conversation, Turn
    from rituals.models import Appreciation, CheckIn

    a, _ = User.objects.get_or_create(
        email="profile-a@example.com",
        defaults={"display_name": "Pat", "password": make_password("x")},
    )
    b, _ = User.objects.get_or_create(
        email="profile-b@example.com",
        defaults={"display_name": "Robin", "password": make_password("x")},
    )
    if a.active_couple is None:
        couple = Couple.objects.create()
        Membership.objects.create(couple=couple, user=a, seat=1)
        Membership.objects.create(couple=couple, user=b, seat=2)
        a.forget_couple_cache()
    couple = a.active_couple
    conv = Conversation.objects.filter(couple=couple).first()
    if conv is None:
        from couplesafe.content.models import Item
        from practices import scheduling, services

        version = Item.objects.get(kind="practice", key="intentional-dialogue").current_version
        conv = services.conversation_start(user=a, version=version, topic="Sundays", sender=a)
        scheduling.conversation_accept(conversation=conv, user=b, mode="apart")
        Turn.objects.bulk_create(
            Turn(
                conversation=conv,
                author=a if n % 2 else b,
                step_key="send",
                visit=10_000 + n,
                text=f"Some words said in turn {n}, about Sunday mornings.",
            )
            for n in range(60)
        )
        today = dt.date.today()
        for n in range(40):
            for who in (a, b):
                CheckIn.objects.get_or_create(
                    user=who,
                    local_date=today - dt.timedelta(days=n + 1),
                    defaults={"couple": couple, "mood": 3, "feelings": ["calm"]},
                )
            Appreciation.objects.create(
                couple=couple, author=b, recipient=a, text=f"Thank you for the {n}th coffee."
            )
    return a, b, str(conv.public_id)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    a, _, conv = prepare()
    client = Client()
    client.force_login(a, backend="django.contrib.auth.backends.ModelBackend")
    pages = {
        "home": "/home/",
        "conversation": f"/practices/{conv}/",
        "transcript": f"/practices/{conv}/transcript/",
        "conversations": "/practices/",
        "cards": "/content/cards/",
        "check-in": "/rituals/today/",
        "together": "/rituals/together/",
        "appreciations": "/rituals/appreciations/",
    }
    profile = cProfile.Profile()
    print(f"| page | ms per request (mean of {args.repeat}) | queries |")
    print("|---|---|---|")
    for name, url in pages.items():
        response = client.get(url)  # warm
        assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        count = len(queries)  # read now: the next request clears the connection's log
        started = time.perf_counter()
        profile.enable()
        for _ in range(args.repeat):
            client.get(url)
        profile.disable()
        ms = (time.perf_counter() - started) * 1000 / args.repeat
        print(f"| {name} | {ms:.1f} | {count} |")
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out).strip_dirs().sort_stats("tottime")
    stats.print_stats(args.top)
    print(out.getvalue())
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(
        r"couplesafe|practices|rituals|therapists", args.top
    )
    print(out.getvalue())


if __name__ == "__main__":
    main()
