from __future__ import annotations

from couplesafe.notifications import calendar
from couplesafe.outbox.models import PushSubscription
from tests.matrix import ROLES, Row, World, private


def everyone(status: int) -> dict[str, int]:
    return {role: status for role in ROLES}


def logged_in(status: int) -> dict[str, int]:
    return {**everyone(status), "anonymous": 302}


def rows(world: World) -> list[Row]:
    device = PushSubscription.objects.create(
        user=world.alice, endpoint="https://push.example/alice", p256dh="k", auth="a"
    )
    feed = calendar.feed_for(world.alice)
    return [
        Row("notifications:settings", "/notifications/", logged_in(200)),
        # A form post is not a browser's subscription: a kind 400, never a 500.
        Row("notifications:device-add", "/notifications/devices/", logged_in(400), method="POST"),
        Row(
            "notifications:device-remove",
            f"/notifications/devices/{device.public_id}/remove/",
            private("alice", alice=302),
            method="POST",
        ),
        # Before the rotate row below (which gives alice a new address). The secret address is the key (calendar apps cannot log in); a wrong one is a 404.
        Row("notifications:calendar-feed", f"/calendar/{feed.token}.ics", everyone(200)),
        Row(
            "notifications:calendar-rotate",
            "/notifications/calendar/rotate/",
            logged_in(302),
            method="POST",
        ),
        Row("notifications:manifest", "/manifest.webmanifest", everyone(200)),
        Row("notifications:service-worker", "/sw.js", everyone(200)),
        Row("notifications:offline", "/offline/", everyone(200)),
    ]
