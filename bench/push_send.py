"""Push benchmark: 10,000 Web Pushes through the one outgoing path to a local stand-in push
service (the one the tests use: it verifies each VAPID signature and decrypts each payload).

    .venv/bin/python bench/push_send.py              # --people 1000 --events 10 --threads 8

1,000 people with one device each; 10 events each are recorded with `pushes.notify` in one
transaction, and the commit enqueues 10,000 `outbox.send_message` tasks into Redis. A real
Celery worker (thread pool) sends them. Measured: from the commit until every row is `sent`;
then every payload the stand-in decrypted is counted per device and event: exactly once each.

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/cs_mail_bench),
BENCH_BROKER_URL (default redis://127.0.0.1:6379/4). The database is created if missing.
"""

from __future__ import annotations

import argparse
import collections
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cs_mail_bench")
BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/4")
os.environ["DATABASE_URL"] = DB_URL
os.environ["CELERY_BROKER_URL"] = BROKER_URL
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.push_settings"
if not os.environ.get("VAPID_PRIVATE_KEY"):
    from couplesafe.outbox.management.commands.vapid_keys import new_private_key

    os.environ["VAPID_PRIVATE_KEY"] = new_private_key()


def setup() -> None:
    import psycopg

    name = urlsplit(DB_URL).path.lstrip("/")
    with psycopg.connect(DB_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--events", type=int, default=10)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    setup()
    from django.db import transaction

    from couplesafe import celery_app
    from couplesafe.accounts.models import User
    from couplesafe.lib import pushes
    from couplesafe.outbox import webpush
    from couplesafe.outbox.models import OutgoingMessage, PushSubscription
    from tests.outbox.pushservice import PushService

    OutgoingMessage.objects.all().delete()
    PushSubscription.objects.all().delete()
    User.objects.filter(email__endswith="@push-bench.test").delete()
    celery_app.control.purge()
    service = PushService(server_key=webpush.public_key())
    people = User.objects.bulk_create(
        User(email=f"p{i}@push-bench.test", display_name=f"Person {i}", time_zone="Europe/Berlin")
        for i in range(args.people)
    )
    devices = {}
    for person in people:
        device = service.new_device()
        data = device.subscription_json()
        devices[person.pk] = PushSubscription(
            user=person,
            endpoint=data["endpoint"],
            p256dh=data["keys"]["p256dh"],
            auth=data["keys"]["auth"],
            name="bench",
        )
    PushSubscription.objects.bulk_create(devices.values())

    env = {**os.environ}
    worker = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/celery"),
            "-A",
            "couplesafe",
            "worker",
            "--pool",
            "threads",
            f"--concurrency={args.threads}",
            "--loglevel=WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        time.sleep(8)  # the worker connects
        total = args.people * args.events
        record_start = time.monotonic()
        with transaction.atomic():
            for event in range(args.events):
                for person in people:
                    pushes.notify(
                        "card-drawn",
                        recipient=person,
                        key=f"bench:{event}:{person.pk}",
                        url=f"/bench/{event}/",
                        partner_name="Alex",
                    )
        start = time.monotonic()
        print(f"recorded {total} pushes in {start - record_start:.1f} s; sending…", flush=True)
        while True:
            done = OutgoingMessage.objects.filter(status__in=["sent", "failed"]).count()
            if done >= total or time.monotonic() - start > 1800:
                break
            time.sleep(0.5)
        elapsed = time.monotonic() - start
    finally:
        worker.terminate()
        worker.wait(30)
    statuses = collections.Counter(OutgoingMessage.objects.values_list("status", flat=True))
    per_device_event = collections.Counter(
        (device_id, payload["url"])
        for device_id, payloads in service.received.items()
        for payload in payloads
    )
    once = sum(1 for count in per_device_event.values() if count == 1)
    twice = sum(1 for count in per_device_event.values() if count > 1)
    print(
        f"sent {statuses.get('sent', 0)} / failed {statuses.get('failed', 0)} in {elapsed:.1f} s"
        f" = {statuses.get('sent', 0) / elapsed:.0f} pushes/s with {args.threads} threads"
    )
    print(
        f"stand-in decrypted {sum(per_device_event.values())} payloads: {once} exactly once, "
        f"{twice} more than once, {total - once - twice} missing; "
        f"requests {service.requests}, rejected {len(service.rejected)}"
    )
    service.stop()


if __name__ == "__main__":
    main()
