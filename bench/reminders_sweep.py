"""Reminder benchmarks (PostgreSQL + Redis, their own database and queue).

    .venv/bin/python bench/reminders_sweep.py sweep   # 100k schedules / 10k due, then 1M / 10k due
    .venv/bin/python bench/reminders_sweep.py fault   # 2,000 sends while workers are SIGKILLed

`sweep` times `rituals.reminder_sweep.reminders_sweep()` — the real code path: claim with
SELECT … FOR UPDATE SKIP LOCKED, write deliveries, move next_due_at, enqueue on commit into
Redis — with no worker running, then counts the messages waiting in Redis.

`fault` starts real Celery workers (prefork, 2 processes) and kills the whole worker
(SIGKILL to its process group) at random moments while 2,000 reminders go out, restarting
it each time; the sweep keeps running (its janitor re-enqueues lost messages and records
interrupted sends). Mail goes to files; every message is counted per recipient.

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/cs_rituals_bench),
BENCH_BROKER_URL (default redis://127.0.0.1:6379/3). The database is created if missing.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from email import message_from_bytes
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cs_rituals_bench")
BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/3")
MAIL_DIR = Path("/tmp/rituals-bench-mail")
os.environ["DATABASE_URL"] = DB_URL
os.environ["CELERY_BROKER_URL"] = BROKER_URL
os.environ["MAIL_URL"] = f"file://{MAIL_DIR}"
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.reminders_settings"

ZONES = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu", "UTC"]


def ensure_database() -> None:
    import psycopg

    parts = urlsplit(DB_URL)
    name = parts.path.lstrip("/")
    admin = DB_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django() -> None:
    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def sql(statement: str, params: list | None = None) -> None:  # type: ignore[type-arg]
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def scalar(statement: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement)
        return int(cursor.fetchone()[0])


def wipe() -> None:
    # The benchmark database is its own: empty every table that points at people.
    sql("TRUNCATE accounts_user CASCADE")


def add_people(first: int, last: int, *, kind: str = "commitment") -> None:
    """People and one schedule each, in two INSERT … SELECT generate_series statements.
    Everyone is due at some moment in the next day; `make_due` picks who is due now."""
    zones = "ARRAY[" + ",".join(f"'{z}'" for z in ZONES) + "]"
    before = scalar("SELECT coalesce(max(id), 0) FROM accounts_user")
    sql(
        f"""
        INSERT INTO accounts_user (password, is_superuser, public_id, email, display_name,
            time_zone, role, is_active, is_staff, date_joined)
        SELECT '!', false, gen_random_uuid(), 'bench' || g || '@example.com', 'Bench ' || g,
            ({zones})[1 + g % {len(ZONES)}], 'partner', true, false, now()
        FROM generate_series({first}, {last}) AS g
        """
    )
    sql(
        f"""
        INSERT INTO rituals_reminderschedule (public_id, kind, label_key, local_time, weekdays,
            enabled, paused_until, time_zone, next_due_at, created_at, updated_at, user_id)
        SELECT gen_random_uuid(), '{kind}', '', '20:00', 127, true, NULL, u.time_zone,
            now() + interval '1 hour' + random() * interval '22 hours', now(), now(), u.id
        FROM accounts_user u
        WHERE u.id > {before}
        """
    )


def make_due(count: int) -> None:
    sql("DELETE FROM rituals_reminderdelivery")
    sql(
        "UPDATE rituals_reminderschedule SET next_due_at = now() + interval '1 hour' "
        "+ random() * interval '22 hours' WHERE next_due_at <= now() + interval '1 hour'"
    )
    # All of them in the same minute.
    sql(
        f"""
        UPDATE rituals_reminderschedule SET next_due_at =
            date_trunc('minute', now()) - interval '1 minute' + (id % 60) * interval '1 second'
        WHERE id IN (SELECT id FROM rituals_reminderschedule ORDER BY random() LIMIT {count})
        """
    )
    sql("VACUUM ANALYZE rituals_reminderschedule")
    sql("VACUUM ANALYZE rituals_reminderdelivery")
    sql("VACUUM ANALYZE accounts_user")


def redis_client():  # type: ignore[no-untyped-def]
    import redis

    return redis.Redis.from_url(BROKER_URL)


def purge_queue() -> None:
    from couplesafe import celery_app

    celery_app.control.purge()


def timed_sweep(label: str, total: int) -> dict[str, object]:
    from django.utils import timezone

    from rituals import reminder_sweep
    from rituals.models import ReminderSchedule

    purge_queue()
    now = timezone.now()
    with __import__("django.db").db.transaction.atomic():
        plan = (
            ReminderSchedule.objects.filter(next_due_at__lte=now)
            .order_by("next_due_at")
            .select_for_update(skip_locked=True, of=("self",))[: reminder_sweep.SWEEP_BATCH]
            .explain()
        )
    started = time.perf_counter()
    result = reminder_sweep.reminders_sweep(now=now)
    elapsed = time.perf_counter() - started
    waiting = redis_client().llen("celery")
    deliveries = scalar("SELECT count(*) FROM rituals_reminderdelivery")
    uses_index = "reminder_next_due_idx" in plan
    print(
        f"{label}: {total:,} schedules, claimed {result.claimed:,}, deliveries {deliveries:,}, "
        f"enqueued in Redis {waiting:,}, {elapsed:.2f} s, index used: {uses_index}"
    )
    print("  plan:", " | ".join(line.strip() for line in plan.splitlines()[:4]))
    purge_queue()
    return {"elapsed": elapsed, "claimed": result.claimed, "enqueued": waiting}


def repeated(label: str, total: int, due: int, repeat: int) -> dict[str, object]:
    """Run the timed sweep `repeat` times (a fresh set of due schedules each time) and keep
    the fastest: on a shared, busy machine the minimum is the least noisy estimate."""
    runs = []
    for index in range(repeat):
        if index:
            make_due(due)
        runs.append(timed_sweep(f"{label} #{index + 1}", total))
    best = min(runs, key=lambda run: float(run["elapsed"]))  # type: ignore[arg-type]
    times = ", ".join(f"{float(run['elapsed']):.2f}" for run in runs)  # type: ignore[arg-type]
    print(f"{label}: runs {times} s; best {float(best['elapsed']):.2f} s")  # type: ignore[arg-type]
    return {**best, "enqueued": min(int(run["enqueued"]) for run in runs)}  # type: ignore[call-overload]


def run_sweep(due: int, small: int, large: int, repeat: int) -> None:
    setup_django()
    wipe()
    t0 = time.perf_counter()
    add_people(1, small)
    make_due(due)
    print(f"seeded {small:,} schedules in {time.perf_counter() - t0:.1f} s")
    first = repeated("small", small, due, repeat)
    t0 = time.perf_counter()
    step = 250_000
    for start in range(small + 1, large + 1, step):
        add_people(start, min(start + step - 1, large))
    make_due(due)
    print(f"seeded up to {large:,} schedules in {time.perf_counter() - t0:.1f} s")
    second = repeated("large", large, due, repeat)
    ratio = float(second["elapsed"]) / float(first["elapsed"])  # type: ignore[arg-type]
    print(f"ratio large/small (best of each): {ratio:.2f} (must be <= 1.5)")
    ok = (
        first["enqueued"] == due
        and second["enqueued"] == due
        and float(first["elapsed"]) < 20  # type: ignore[arg-type]
        and ratio <= 1.5
    )
    print("RESULT:", "PASS" if ok else "FAIL")


def start_worker() -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [
            str(ROOT / ".venv/bin/celery"),
            "-A",
            "couplesafe",
            "worker",
            "--pool=prefork",
            "--concurrency=2",
            "--loglevel=WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def kill(worker: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()


def count_mail() -> dict[str, int]:
    counts: dict[str, int] = {}
    for path in MAIL_DIR.glob("*"):
        raw = path.read_bytes()
        # The file backend appends messages separated by a line of 79 dashes.
        for chunk in raw.split(b"-" * 79):
            if b"To:" not in chunk:
                continue
            to = message_from_bytes(chunk.strip()).get("To", "")
            if to:
                counts[to] = counts.get(to, 0) + 1
    return counts


def run_fault(total: int, seed: int) -> None:
    setup_django()
    from rituals import reminder_sweep
    from rituals.models import ReminderDelivery

    random.seed(seed)
    wipe()
    add_people(1, total)
    make_due(total)
    shutil.rmtree(MAIL_DIR, ignore_errors=True)
    MAIL_DIR.mkdir(parents=True)
    purge_queue()
    redis_client().delete("unacked", "unacked_index")
    worker = start_worker()
    kills = 0
    started = time.monotonic()
    reminder_sweep.reminders_sweep()
    deadline = started + 600
    while time.monotonic() < deadline:
        time.sleep(random.uniform(0.5, 3.0))
        open_count = ReminderDelivery.objects.filter(status__in=["queued", "sending"]).count()
        if open_count == 0:
            break
        if kills < 15 and random.random() < 0.7:
            kill(worker)
            kills += 1
            worker = start_worker()
        reminder_sweep.reminders_sweep()
    kill(worker)
    elapsed = time.monotonic() - started
    mail = count_mail()
    statuses: dict[str, int] = {}
    duplicates = missing = sent_without_mail = failed_but_mailed = 0
    for d in ReminderDelivery.objects.select_related("user"):
        statuses[d.status] = statuses.get(d.status, 0) + 1
        got = mail.get(d.user.email, 0)
        duplicates += max(0, got - 1)
        if d.status == "sent" and got == 0:
            sent_without_mail += 1
        if d.status == "failed" and got:
            failed_but_mailed += 1
        if got == 0 and d.status not in ("failed", "skipped", "late"):
            missing += 1  # silently lost: no email and no recorded failure
    deliveries = sum(statuses.values())
    print(f"fault run: {total:,} reminders, {kills} worker kills, {elapsed:.0f} s")
    print(f"  deliveries: {deliveries:,} (one per schedule: {deliveries == total}) {statuses}")
    print(f"  emails received: {sum(mail.values()):,} for {len(mail):,} people")
    print(f"  duplicates: {duplicates}")
    print(f"  missing (no email and no recorded failure): {missing}")
    print(f"  recorded sent but no email: {sent_without_mail}")
    print(
        f"  interrupted mid-send, recorded failed: {statuses.get('failed', 0)} "
        f"(of which the email had in fact left: {failed_but_mailed})"
    )
    print(
        "RESULT:", "PASS" if duplicates == 0 and missing == 0 and sent_without_mail == 0 else "FAIL"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sweep = sub.add_parser("sweep")
    sweep.add_argument("--due", type=int, default=10_000)
    sweep.add_argument("--small", type=int, default=100_000)
    sweep.add_argument("--large", type=int, default=1_000_000)
    sweep.add_argument("--repeat", type=int, default=3)
    fault = sub.add_parser("fault")
    fault.add_argument("--sends", type=int, default=2_000)
    fault.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    if args.command == "sweep":
        run_sweep(args.due, args.small, args.large, args.repeat)
    else:
        run_fault(args.sends, args.seed)


if __name__ == "__main__":
    main()
