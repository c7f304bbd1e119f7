"""The installable app in Chromium: manifest, icons, a service worker that controls the page,
and the calm offline page (and the crisis-help page) when the network is cut."""

from __future__ import annotations

import json

from tests.e2e.conftest import check_a11y, log_in, screenshot
from tests.factories import PASSWORD, CoupleFactory


def test_the_app_installs_works_offline_and_keeps_crisis_help(new_partner_page, db) -> None:  # type: ignore[no-untyped-def]
    CoupleFactory(first__email="maya@example.com", first__display_name="Maya")
    page = new_partner_page()
    log_in(page, "maya@example.com", PASSWORD)

    manifest_href = page.locator("link[rel=manifest]").get_attribute("href")
    manifest = page.evaluate("async (href) => (await fetch(href)).json()", manifest_href)
    for required in ("name", "short_name", "start_url", "display", "icons", "theme_color"):
        assert manifest.get(required), required
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/home/"
    assert manifest["background_color"] == "#faf7f2" and manifest["theme_color"] == "#2f6f73"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])
    for icon in manifest["icons"]:
        answer = page.evaluate(
            """async (src) => {
                const r = await fetch(src);
                const blob = await r.blob();
                const bitmap = await createImageBitmap(blob);
                return [r.status, blob.type, bitmap.width + "x" + bitmap.height];
            }""",
            icon["src"],
        )
        assert answer == [200, "image/png", icon["sizes"]], (icon, answer)

    # The service worker, registered from static/js/app.js, takes control of the page.
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15_000)
    scope = page.evaluate("navigator.serviceWorker.ready.then((r) => r.scope)")
    assert scope.endswith("/")

    page.context.set_offline(True)
    page.goto("/home/")
    assert page.get_by_role("heading", name="You're offline").is_visible()
    assert "your partner's words will appear when you're back" in page.content()
    assert "Maya" not in page.content()  # the cached page was fetched without her cookies
    check_a11y(page)
    screenshot(page, "offline-390")
    page.get_by_role("link", name="Where to find help in a crisis").click()
    page.wait_for_url("**/help/")
    assert page.get_by_role("heading", level=1).is_visible()
    assert "You're offline" not in page.content()
    page.context.set_offline(False)


def test_the_notifications_settings_page_reads_well(new_partner_page, db) -> None:  # type: ignore[no-untyped-def]
    CoupleFactory(first__email="maya@example.com", first__display_name="Maya")
    for width in (390, 1280):
        page = new_partner_page(width=width)
        log_in(page, "maya@example.com", PASSWORD)
        page.goto("/accounts/profile/")
        page.get_by_role(
            "link", name="Notifications on your phone and your private calendar"
        ).click()
        page.wait_for_url("**/notifications/")
        assert page.get_by_role("button", name="Turn on notifications on this device").is_visible()
        assert page.get_by_role("link", name="Add to calendar").is_visible()
        check_a11y(page)
        screenshot(page, f"notifications-{width}")


# The browser's own push service (Google's, Mozilla's, Apple's) is not reachable from these
# machines, so `pushManager.subscribe` is answered with a subscription on the test suite's
# stand-in push service: everything after it — our page, push.js, the device view, the outbox,
# the encryption and the VAPID signature — is the real thing.
STAND_IN_SUBSCRIPTION = """
(subscription) => {
  PushManager.prototype.subscribe = async function () {
    return { endpoint: subscription.endpoint, toJSON: () => subscription };
  };
}
"""


def test_after_asking_for_a_first_conversation_a_nudge_can_be_turned_on_and_arrives(
    new_partner_page, db, settings, push_service
) -> None:  # type: ignore[no-untyped-def]
    from couplesafe.outbox.models import PushSubscription
    from practices.models import Conversation
    from tests.outbox.helpers import deliver_outbox
    from tests.practices.conftest import practice_data, publish

    settings.DEBUG = True  # the stand-in listens on http://127.0.0.1, allowed only in DEBUG
    publish("practice", "validation-practice", practice_data("validation-practice"))
    pair = CoupleFactory(
        first__email="maya@example.com",
        first__display_name="Maya",
        second__email="leo@example.com",
        second__display_name="Leo",
    )
    phone = push_service.new_device("maya")
    maya = new_partner_page()
    maya.context.grant_permissions(["notifications"])
    maya.add_init_script(f"({STAND_IN_SUBSCRIPTION})({json.dumps(phone.subscription_json())})")
    log_in(maya, "maya@example.com", PASSWORD)
    maya.goto("/practices/start/validation-practice/")
    maya.get_by_label("What would you like to talk about?").fill("Sunday mornings")
    maya.get_by_role("button", name="Ask Leo").click()
    maya.get_by_role("heading", name="Get a nudge when Leo answers?").wait_for()
    maya.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15_000)
    check_a11y(maya)
    screenshot(maya, "push-nudge-390")
    maya.get_by_role("button", name="Yes, nudge me").click()
    maya.get_by_text("Done. This device will get a nudge when Leo answers.").wait_for()
    device = PushSubscription.objects.get(user=pair.first)
    assert device.endpoint == phone.endpoint and device.name == "Linux"

    leo = new_partner_page(width=1280, height=900)
    log_in(leo, "leo@example.com", PASSWORD)
    leo.get_by_role("link", name="Answer: now, later, or not this topic").click()
    leo.get_by_role("button", name="Apart, each on our phone").click()
    conversation = Conversation.objects.get()
    for _ in range(100):  # the answer is an htmx post; wait until it is recorded
        conversation.refresh_from_db()
        if conversation.status == Conversation.Status.ACTIVE:
            break
        leo.wait_for_timeout(100)
    # Maya's page moves on by itself; the offer made for that moment goes with it.
    maya.get_by_role("heading", name="Get a nudge when Leo answers?").wait_for(state="hidden")
    deliver_outbox()
    assert push_service.payloads(phone) == [
        {
            "title": "Leo is ready to talk now",
            "body": "Open CoupleSafe to begin.",
            "url": f"/practices/{conversation.public_id}/",
            "tag": "conversation-accepted",
        }
    ]
    assert "Sunday" not in str(push_service.payloads(phone))
