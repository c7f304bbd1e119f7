"""How soon a partner sees a move, polling against server-sent events, in one run.

    .venv/bin/python bench/live_latency.py [--conversations 200] [--moving 20] [--seconds 40]
                                           [--capacity 2000]

It creates (or reuses) the PostgreSQL database `cs_live_bench`, makes --conversations couples,
each with an accepted Intentional Dialogue and both partners signed in, and starts gunicorn
(2 sync workers, DEBUG off) and the event server (uvicorn, 1 process) on loopback. Then two
phases of --seconds each, against the same servers:

poll  every partner's phone polls its conversation every 2 s (the page's poll URL, with the
      fast-path token), as the browser does without a stream;
sse   every phone holds an event stream; on a "change" for its conversation it fetches the
      region (the same poll URL, which now answers 200 with the fragment).

In both, --moving partners move (a break asked for, then ended: POST /pause/, POST /resume/)
every 2–4 s, and a "move seen" is the time from sending the move to the partner's phone
holding the new region. Meanwhile a page loader opens a conversation page twice a second.
Last, --capacity streams are opened against the one event-server process to measure memory
per stream (RSS before and after, from /proc) and that it holds them all.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import html
import os
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "cs_live_bench"
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
ENV = {
    **os.environ,
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
    "DJANGO_SETTINGS_MODULE": "couplesafe.settings",
    "DEBUG": "0",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "AXES_ENABLED": "0",
    "LOG_LEVEL": "WARNING",
    "CACHE_URL": REDIS,
    "CELERY_BROKER_URL": REDIS,
    "LIVE_PREFIX": "cs-bench-live",
    "MAIL_URL": "file:///tmp/cs-live-bench-mail",
    "PYTHONPATH": str(ROOT),
}
POLL_EVERY = 2.0
V_RE = re.compile(r'hx-get="([^"]+/version/[^"]+)"')


def prepare(count: int) -> list[dict[str, str]]:
    """Couples with an accepted dialogue; for each: both session cookies and the poll URL."""
    sys.path.insert(0, str(ROOT))
    from bench.setup_db import migrated_django

    migrated_django(DB_NAME, ENV)
    from django.contrib.auth.hashers import make_password
    from django.test import Client

    from bench.setup_db import dialogue_version
    from couplesafe.accounts.models import Couple, Membership, User
    from practices import scheduling, services

    version = dialogue_version()
    password = make_password("bench")
    pairs = []
    for n in range(count):
        a, _ = User.objects.get_or_create(
            email=f"live-a{n}@example.com", defaults={"display_name": f"A{n}", "password": password}
        )
        b, _ = User.objects.get_or_create(
            email=f"live-b{n}@example.com", defaults={"display_name": f"B{n}", "password": password}
        )
        if a.active_couple is None:
            couple = Couple.objects.create()
            Membership.objects.create(couple=couple, user=a, seat=1)
            Membership.objects.create(couple=couple, user=b, seat=2)
            a.forget_couple_cache()
        conv = services.conversation_start(user=a, version=version, topic="Bench", sender=a)
        scheduling.conversation_accept(conversation=conv, user=b, mode="apart")
        entry = {"id": str(conv.public_id)}
        for who, user in (("a", a), ("b", b)):
            client = Client()
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            page = client.get(f"/practices/{conv.public_id}/", HTTP_HOST="127.0.0.1")
            entry[f"{who}_cookie"] = (
                f"sessionid={client.cookies['sessionid'].value}; "
                f"csrftoken={client.cookies['csrftoken'].value}"
                if "csrftoken" in client.cookies
                else f"sessionid={client.cookies['sessionid'].value}"
            )
            entry[f"{who}_poll"] = html.unescape(V_RE.search(page.content.decode()).group(1))  # type: ignore[union-attr]
        pairs.append(entry)
    return pairs


# --- a tiny HTTP/1.1 client on asyncio streams (cheap enough to drive 400 phones) ----------


async def request(
    port: int, method: str, path: str, headers: dict[str, str], body: str = ""
) -> tuple[int, dict[str, str], str]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    if body:
        lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
    writer.write(("\r\n".join(lines) + "\r\n\r\n" + body).encode())
    raw = await reader.read()
    writer.close()
    head, _, rest = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    got = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        got.setdefault(name.strip().lower(), value.strip())
        if name.strip().lower() == "set-cookie":
            got["set-cookie"] = got.get("set-cookie", "") + ";" + value
    return int(status_line.split()[1]), got, rest.decode(errors="replace")


class Phone:
    """One partner's phone on the conversation page."""

    def __init__(self, pair: dict[str, str], who: str) -> None:
        self.pair = pair
        self.cookie = pair[f"{who}_cookie"]
        self.poll = pair[f"{who}_poll"]
        self.waiting: list[float] = []  # moves sent to this phone and not yet seen
        self.seen: list[float] = []

    def headers(self) -> dict[str, str]:
        return {"Cookie": self.cookie, "HX-Request": "true"}

    async def fetch(self, port: int) -> None:
        status, _, body = await request(port, "GET", self.poll, self.headers())
        if status == 200:
            found = V_RE.search(body)
            if found:
                self.poll = html.unescape(found.group(1))
            now = time.perf_counter()
            self.seen += [now - sent for sent in self.waiting]
            self.waiting.clear()


async def poll_loop(phone: Phone, port: int, stop: float) -> None:
    await asyncio.sleep(random.uniform(0, POLL_EVERY))
    while time.perf_counter() < stop:
        started = time.perf_counter()
        with contextlib.suppress(OSError):
            await phone.fetch(port)
        await asyncio.sleep(max(0.0, POLL_EVERY - (time.perf_counter() - started)))


async def sse_loop(phone: Phone, web: int, events: int, stop: float, opened: list[int]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", events)
    writer.write(
        (
            f"GET /live/events/ HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {phone.cookie}\r\n"
            "Accept: text/event-stream\r\n\r\n"
        ).encode()
    )
    await writer.drain()
    try:
        await reader.readuntil(b": open")
    except (asyncio.IncompleteReadError, OSError):
        writer.close()
        return
    opened[0] += 1
    try:
        while time.perf_counter() < stop:
            try:
                line = await asyncio.wait_for(reader.readline(), stop - time.perf_counter())
            except TimeoutError:
                break
            if not line:
                break
            if line.startswith(b"data: ") and phone.pair["id"].encode() in line:
                await phone.fetch(web)
    finally:
        writer.close()


async def mover(pair: dict[str, str], own: Phone, partner: Phone, port: int, stop: float) -> None:
    """Moves from the mover's own phone: like the page's htmx form, the answer is the fresh
    region, so the mover's own phone holds the new version (its next fetch is a 204)."""
    cookie = pair["a_cookie"]
    token = re.search(r"csrftoken=([^;]+)", cookie)
    headers = {
        "Cookie": cookie,
        "X-CSRFToken": token.group(1) if token else "",
        "HX-Request": "true",
    }
    paused = False
    await asyncio.sleep(random.uniform(0, 2))
    while time.perf_counter() < stop - 4:
        action = "resume" if paused else "pause"
        body = "" if paused else "minutes=20"
        partner.waiting.append(time.perf_counter())
        status, _, answer = await request(
            port, "POST", f"/practices/{pair['id']}/{action}/", headers, body
        )
        if (found := V_RE.search(answer)) is not None:
            own.poll = html.unescape(found.group(1))
        if status not in {200, 302}:
            partner.waiting.pop()
            if status != 409:  # 409: left paused (or not) by the phase before; flip and go on
                print(f"  move {action} answered {status}", file=sys.stderr)
        paused = not paused
        await asyncio.sleep(random.uniform(2, 4))


async def page_loader(pair: dict[str, str], port: int, stop: float, times: list[float]) -> None:
    while time.perf_counter() < stop:
        started = time.perf_counter()
        await request(port, "GET", f"/practices/{pair['id']}/", {"Cookie": pair["b_cookie"]})
        times.append(time.perf_counter() - started)
        await asyncio.sleep(0.5)


async def warm_up(pairs: list[dict[str, str]], web: int, events: int) -> None:
    """A fresh worker imports every view and template on its first requests: not a move to time."""
    pair = pairs[0]
    headers = {"Cookie": pair["b_cookie"], "HX-Request": "true"}
    for _ in range(3):
        await asyncio.gather(
            *[request(web, "GET", f"/practices/{pair['id']}/", headers) for _ in range(4)],
            *[request(web, "GET", pair["b_poll"], headers) for _ in range(4)],
            request(events, "GET", "/live/events/", {}),
        )


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def phase(
    mode: str, pairs: list[dict[str, str]], moving: int, seconds: float, web: int, events: int
) -> dict[str, object]:
    phones = [Phone(pair, who) for pair in pairs for who in ("a", "b")]
    partners = {p.pair["id"]: p for p in phones if p.poll == p.pair["b_poll"]}
    movers = {p.pair["id"]: p for p in phones if p.poll == p.pair["a_poll"]}
    stop = time.perf_counter() + seconds
    opened = [0]
    tasks = []
    for phone in phones:
        if mode == "poll":
            tasks.append(poll_loop(phone, web, stop))
        else:
            tasks.append(sse_loop(phone, web, events, stop, opened))
    running = [asyncio.ensure_future(task) for task in tasks]
    if mode == "sse":
        # Every stream open before the first move (opening 400 takes a moment).
        while opened[0] < len(phones) and time.perf_counter() < stop - seconds / 2:
            await asyncio.sleep(0.1)
        print(f"  {opened[0]} streams open", flush=True)
    loads: list[float] = []
    extra = [
        mover(pair, movers[pair["id"]], partners[pair["id"]], web, stop) for pair in pairs[:moving]
    ]
    extra.append(page_loader(pairs[-1], web, stop, loads))
    await asyncio.gather(*running, *extra)
    seen = [s for p in phones for s in p.seen]
    missed = sum(len(p.waiting) for p in phones)
    return {
        "mode": mode,
        "moves seen": len(seen),
        "not seen": missed,
        "p50": statistics.median(seen) if seen else float("nan"),
        "p95": pct(seen, 0.95),
        "max": max(seen) if seen else float("nan"),
        "page p50": statistics.median(loads) if loads else float("nan"),
        "page p95": pct(loads, 0.95),
    }


async def capacity(pairs: list[dict[str, str]], events: int, pid: int, count: int) -> str:
    cookies = [pair[f"{who}_cookie"] for pair in pairs for who in ("a", "b")]
    before = rss_kib(pid)
    writers = []
    ok = 0
    for n in range(count):
        reader, writer = await asyncio.open_connection("127.0.0.1", events)
        writer.write(
            f"GET /live/events/ HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookies[n % len(cookies)]}\r\n\r\n".encode()
        )
        writers.append((reader, writer))
    for reader, _ in writers:
        try:
            head = await asyncio.wait_for(reader.readuntil(b": open"), 30)
            ok += b"200 OK" in head
        except (TimeoutError, asyncio.IncompleteReadError):
            pass
    await asyncio.sleep(2)
    after = rss_kib(pid)
    for _, writer in writers:
        writer.close()
    per = (after - before) / max(ok, 1)
    return (
        f"{ok}/{count} streams open on one process; RSS {before / 1024:.0f} → "
        f"{after / 1024:.0f} MiB: {per:.1f} KiB per stream"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--conversations", type=int, default=200)
    parser.add_argument("--moving", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--capacity", type=int, default=2000)
    args = parser.parse_args()
    print(f"Preparing {args.conversations} conversations…", flush=True)
    pairs = prepare(args.conversations)
    from tests.live.servers import event_server_args, free_port, gunicorn_args, wait_for_port

    web, events = free_port(), free_port()
    env = {**ENV, "DB_POOL_MAX": "4"}
    procs = [
        subprocess.Popen(gunicorn_args(web, workers=2), cwd=ROOT, env=env),
        subprocess.Popen(event_server_args(events), cwd=ROOT, env=env),
    ]
    try:
        wait_for_port(web, procs[0])
        wait_for_port(events, procs[1])
        print("Warming up both servers…", flush=True)
        asyncio.run(warm_up(pairs, web, events))
        results = []
        for mode in ("poll", "sse"):
            print(f"Phase {mode}: {args.seconds:.0f} s…", flush=True)
            results.append(asyncio.run(phase(mode, pairs, args.moving, args.seconds, web, events)))
            # Printed at once: the capacity step after the phases can take long on a busy
            # machine, and a run stopped there keeps its latency figures.
            print(f"  {results[-1]}", flush=True)
            time.sleep(5)  # let both servers settle before the next phase
        print(f"Capacity: {args.capacity} streams…", flush=True)
        cap = asyncio.run(capacity(pairs, events, procs[1].pid, args.capacity))
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(15)
    print(
        f"\n{args.conversations} live conversations ({2 * args.conversations} phones), "
        f"{args.moving} moving, {args.seconds:.0f} s per phase"
    )
    print("| mode | moves seen | not seen | p50 s | p95 s | max s | page p50 s | page p95 s |")
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['mode']} | {r['moves seen']} | {r['not seen']} | {r['p50']:.3f} | "
            f"{r['p95']:.3f} | {r['max']:.3f} | {r['page p50']:.3f} | {r['page p95']:.3f} |"
        )
    poll, sse = results
    print(f"p95 sse / poll: {sse['p95'] / poll['p95']:.2f}")  # type: ignore[operator]
    print(cap)


if __name__ == "__main__":
    main()
