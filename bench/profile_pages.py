"""Where a signed-in page's server time goes: cProfile over repeated GETs, and query counts.

    .venv/bin/python bench/profile_pages.py [--repeat 30] [--top 30] [--scale 1] [--only home]

The same data and pages as bench/page_ratios.py (bench/pages_data.py; database
`cs_pages_bench`, made and migrated if missing), the real settings with DEBUG off and Redis
as the cache (`cached_db` sessions), and Django's test client in this process (no network,
so what is measured is the view, middleware and templates). Prints, per page, the mean time
per request and the number of queries, then the functions with the most own time over all
pages together, then our own functions by cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.page_ratios import ENV, production_django  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--only", default="", help="profile only pages whose name contains this")
    args = parser.parse_args()
    production_django({**ENV, "DB_POOL_MAX": "0"})
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.pages_data import pages, prepare

    sessions = prepare(scale=args.scale)
    cookies = {"anon": "", "partner": sessions.partner, "therapist": sessions.therapist}
    profile = cProfile.Profile()
    print(f"| page | ms per request (mean of {args.repeat}, under cProfile) | queries |")
    print("|---|---|---|")
    for name, (url, who) in pages(sessions).items():
        if args.only and args.only not in name:
            continue
        client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
        if cookies[who]:
            client.cookies["sessionid"] = cookies[who]
        extra = {"HTTP_HX_REQUEST": "true"} if "poll" in name else {}
        response = client.get(url, **extra)  # warm
        assert response.status_code in {200, 204}, (url, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(url, **extra)
        count = len(queries)  # read now: the next request clears the connection's log
        started = time.perf_counter()
        profile.enable()
        for _ in range(args.repeat):
            client.get(url, **extra)
        profile.disable()
        ms = (time.perf_counter() - started) * 1000 / args.repeat
        print(f"| {name} | {ms:.1f} | {count} |")
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out).strip_dirs().sort_stats("tottime")
    stats.print_stats(args.top)
    print(out.getvalue())
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(
        r"couplesafe|practices|rituals|therapists|safety", args.top
    )
    print(out.getvalue())


if __name__ == "__main__":
    os.environ.update(ENV)
    main()
