"""The abusive load of bench/availability.py, in its own process (asyncio, no threads).

    .venv/bin/python bench/availability_load.py flood-one --port 8000 --seconds 15 --clients 200
    .venv/bin/python bench/availability_load.py storm --port 8000 --seconds 15 --rate 500 \
        --cookie SESSION --path '/practices/…/version/?v=…&t=…'

Prints one JSON object at the end: {"sent": n, "statuses": {"429": n, ...}, "seconds": s}.

Why a process of its own: the first runs drove 200 flood threads and the second person's
requests from one Python process. Under the flood that process's GIL was the bottleneck — the
second person's thread waited its turn among 200 runnable threads — so part of "the server is
slow" was the client. Here the load runs on one event loop in another process, and the second
person measures from a process that does nothing else.

Each request is a new connection with `Connection: close`, like the many clients of a flood.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import time
from collections import Counter

TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
COOKIE = re.compile(rb"csrftoken=([^;\r\n]+)", re.IGNORECASE)


async def fetch(
    port: int, method: str, path: str, headers: dict[str, str], body: str = ""
) -> tuple[int, bytes, bytes]:
    """(status, raw header block, body) of one request on a new connection."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        if body:
            lines.append(f"Content-Length: {len(body.encode())}")
        writer.write(("\r\n".join(lines) + "\r\n\r\n" + body).encode())
        await writer.drain()
        raw = await reader.read()
    finally:
        writer.close()
    head, _, content = raw.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/") else 0
    return status, head, content


async def login_flood(
    port: int, clients: int, seconds: float, many_addresses: bool
) -> Counter[int]:
    """`clients` attackers, each in a loop: GET the login page, POST a random email with a
    wrong password (from one address, or from a random one through a trusted proxy)."""
    statuses: Counter[int] = Counter()
    deadline = time.monotonic() + seconds

    async def one() -> None:
        while time.monotonic() < deadline:
            address = f"198.51.{random.randrange(256)}.{random.randrange(1, 255)}"
            headers = {"X-Forwarded-For": address} if many_addresses else {}
            try:
                status, head, body = await fetch(port, "GET", "/accounts/login/", headers)
                token, cookie = TOKEN.search(body), COOKIE.search(head)
                if not token or not cookie:
                    statuses[status] += 1
                    continue
                form = (
                    f"csrfmiddlewaretoken={token.group(1).decode()}"
                    f"&username=nobody{random.randrange(10**9)}%40example.com"
                    f"&password=wrong-{random.random()}"
                )
                status, _, _ = await fetch(
                    port,
                    "POST",
                    "/accounts/login/",
                    {
                        **headers,
                        "Cookie": f"csrftoken={cookie.group(1).decode()}",
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Referer": f"http://127.0.0.1:{port}/accounts/login/",
                    },
                    form,
                )
            except OSError:
                status = 0
            statuses[status] += 1

    await asyncio.gather(*(one() for _ in range(clients)))
    return statuses


async def poll_storm(
    port: int, cookie: str, path: str, rate: int, seconds: float, in_flight: int
) -> Counter[int]:
    """Open loop: one poll every 1/rate s whether or not earlier ones were answered (at most
    `in_flight` open at once, as a browser's connection limit would also cap it)."""
    statuses: Counter[int] = Counter()
    slots = asyncio.Semaphore(in_flight)
    headers = {"Cookie": f"sessionid={cookie}", "HX-Request": "true"}

    async def one() -> None:
        try:
            status, _, _ = await fetch(port, "GET", path, headers)
        except OSError:
            status = 0
        finally:
            slots.release()
        statuses[status] += 1

    tasks = set()
    start = time.monotonic()
    sent = 0
    while (now := time.monotonic()) < start + seconds:
        due = int((now - start) * rate) + 1
        while sent < due and now < start + seconds:
            await slots.acquire()
            task = asyncio.create_task(one())
            tasks.add(task)
            task.add_done_callback(tasks.discard)
            sent += 1
        await asyncio.sleep(max(0.0, start + sent / rate - time.monotonic()))
    await asyncio.gather(*tasks)
    return statuses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("kind", choices=["flood-one", "flood-many", "storm"])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--rate", type=int, default=500)
    parser.add_argument("--in-flight", type=int, default=100)
    parser.add_argument("--cookie", default="")
    parser.add_argument("--path", default="")
    args = parser.parse_args()
    start = time.monotonic()
    if args.kind == "storm":
        statuses = asyncio.run(
            poll_storm(args.port, args.cookie, args.path, args.rate, args.seconds, args.in_flight)
        )
    else:
        statuses = asyncio.run(
            login_flood(args.port, args.clients, args.seconds, args.kind == "flood-many")
        )
    print(
        json.dumps(
            {
                "sent": sum(statuses.values()),
                "statuses": {str(k): v for k, v in sorted(statuses.items())},
                "seconds": time.monotonic() - start,
            }
        )
    )


if __name__ == "__main__":
    main()
