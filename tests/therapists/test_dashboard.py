"""The dashboard: engagement per couple, attention markers, sort and filter, and a query
count that does not grow with the number of couples."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import CoupleFactory
from tests.therapists import data
from tests.therapists.helpers import make_link
from therapists.models import CareLink, Homework


def linked_couples(theo: Any, n: int) -> None:
    for i in range(n):
        pair = CoupleFactory()
        link = make_link(theo, pair.first, pair.second)
        link.consents.filter(user=pair.first).update(share_mood=True)
        data.checkin(pair.first, mood=3, days_ago=1)
        data.checkin(pair.second, mood=4, days_ago=2)
        convo = data.conversation(pair.couple, pair.first)
        data.pause(convo, pair.second)
        data.appreciation(pair.first, f"words {i}")
        Homework.objects.create(link=link, kind="ritual", target="checkin", title="Check in")
        Homework.objects.create(link=link, kind="practice", target="x", title="X")


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_dashboard_queries_do_not_grow_with_the_number_of_couples(
    theo: Any, theo_client: Client, django_assert_num_queries: Any
) -> None:
    linked_couples(theo, 5)
    theo_client.get("/therapist/couples/")  # the first homework refresh records completions
    five = count_queries(theo_client, "/therapist/couples/")
    linked_couples(theo, 45)
    theo_client.get("/therapist/couples/")
    with django_assert_num_queries(five):
        response = theo_client.get("/therapist/couples/")
    # Twenty couples a page, so the page's HTML stays the same size too.
    assert response.content.decode().count('class="card couple-row"') == 20
    theo_client.get("/therapist/couples/", {"page": 3, "sort": "name"})  # its first look: recorded
    with django_assert_num_queries(five):
        last = theo_client.get("/therapist/couples/", {"page": 3, "sort": "name"})
    assert last.content.decode().count('class="card couple-row"') == 10
    assert 'rel="prev"' in last.content.decode()
    assert 'rel="next"' not in last.content.decode()


def test_dashboard_pages_work_with_htmx_and_without(theo: Any, theo_client: Client) -> None:
    linked_couples(theo, 25)
    page = theo_client.get("/therapist/couples/", {"sort": "name"}).content.decode()
    assert 'href="?sort=name&amp;page=2"' in page  # a real link: works without JavaScript
    second = theo_client.get(
        "/therapist/couples/",
        {"sort": "name", "page": "2"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="couple-list",
    )
    body = second.content.decode()
    assert "<html" not in body
    assert body.count('class="card couple-row"') == 5
    assert 'aria-label="More couples"' in body
    # A page past the end, or a page that is not a number, is kind, never a 500.
    beyond = theo_client.get("/therapist/couples/", {"page": "9"}).content.decode()
    assert "No more couples here." in beyond
    assert theo_client.get("/therapist/couples/", {"page": "two"}).status_code == 200


def test_export_queries_do_not_grow_with_the_number_of_couples(
    theo: Any, theo_client: Client
) -> None:
    linked_couples(theo, 5)
    theo_client.get("/therapist/export.csv")
    five = count_queries(theo_client, "/therapist/export.csv")
    linked_couples(theo, 45)
    theo_client.get("/therapist/export.csv")
    assert count_queries(theo_client, "/therapist/export.csv") == five


def test_dashboard_shows_engagement_counts_per_partner(
    theo_link: CareLink, theo_client: Client, alice: Any, bob: Any
) -> None:
    for days in (0, 1, 2):
        data.checkin(alice, days_ago=days)
    data.checkin(bob, days_ago=20)  # outside the 14 days
    data.conversation(theo_link.couple, alice)  # a completed repair
    data.conversation(
        theo_link.couple, alice, key="intentional-dialogue", kind="dialogue", status="paused"
    )
    body = theo_client.get("/therapist/couples/").content.decode()
    assert "Alice's check-ins, 14 days</dt><dd>3</dd>" in body
    assert "Bob's check-ins, 14 days</dt><dd>0</dd>" in body
    assert "Practices completed</dt><dd>1</dd>" in body
    assert "Under way</dt><dd>0</dd>" in body
    assert "Paused for now</dt><dd>1</dd>" in body
    assert "Repair conversations</dt><dd>1</dd>" in body


def test_quiet_couples_and_several_pauses_are_marked_for_attention(
    theo: Any, theo_client: Client, alice: Any, bob: Any, carol: Any, dave: Any
) -> None:
    make_link(theo, alice, bob)
    make_link(theo, carol, dave)
    convo = data.conversation(carol.active_couple, carol, status="active")
    for _ in range(3):
        data.pause(convo, dave)
    data.checkin(alice, days_ago=10, created_at=timezone.now() - dt.timedelta(days=10))
    body = theo_client.get("/therapist/couples/").content.decode()
    alice_row = body[body.index("Alice &amp; Bob") :]
    alice_row = alice_row[: alice_row.index("</li>")]
    assert "No activity for 7 days" in alice_row
    carol_row = body[body.index("Carol &amp; Dave") :]
    carol_row = carol_row[: carol_row.index("</li>")]
    assert "Took several breaks this week (care taken)" in carol_row
    assert "No activity" not in carol_row


def test_sort_by_name_and_filter_by_open_homework(
    theo: Any, theo_client: Client, alice: Any, bob: Any, carol: Any, dave: Any
) -> None:
    make_link(theo, alice, bob)
    carol_link = make_link(theo, carol, dave)
    body = theo_client.get("/therapist/couples/?sort=name").content.decode()
    assert body.index("Alice &amp; Bob") < body.index("Carol &amp; Dave")
    Homework.objects.create(link=carol_link, kind="cards", target="x", title="Cards")
    body = theo_client.get("/therapist/couples/?show=homework").content.decode()
    assert "Carol &amp; Dave" in body
    assert "Alice &amp; Bob" not in body


def test_htmx_filter_returns_only_the_list(theo_link: CareLink, theo_client: Client) -> None:
    response = theo_client.get("/therapist/couples/?sort=name", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert 'id="couple-list"' in body
    assert "Alice &amp; Bob" in body


def test_empty_dashboard_explains_how_to_invite(theo_client: Client) -> None:
    body = theo_client.get("/therapist/couples/").content.decode()
    assert "No linked couples yet" in body
    assert "Create an invitation code" in body


def test_creating_an_invitation_shows_its_code(theo: Any, theo_client: Client) -> None:
    response = theo_client.post("/therapist/links/new/", follow=True)
    link = CareLink.objects.get(therapist=theo)
    assert link.pretty_code in response.content.decode()


def test_mood_trend_places_each_day_from_today_backwards() -> None:
    from tests.factories import UserFactory
    from therapists.caseload import PartnerSummary

    today = dt.date(2026, 3, 14)
    partner = PartnerSummary(
        user=UserFactory.build(display_name="Ana"),
        share_mood=True,
        moods={today - dt.timedelta(days=3): 5, today: 1, today - dt.timedelta(days=30): 2},
        until=today,
    )
    assert [(x, y) for x, y, _d, _m in partner.trend] == [("104", "4"), ("134", "44")]
    assert partner.trend_points == "104,4 134,44"


def test_a_therapists_home_page_leads_to_two_factor_setup_then_the_dashboard(
    theo: Any, theo_link: CareLink
) -> None:
    from tests.therapists.helpers import therapist_client

    body = therapist_client(theo, verified=False).get("/home/").content.decode()
    assert "Set up two-step sign-in" in body
    assert "Alice" not in body
    body = therapist_client(theo).get("/home/").content.decode()
    assert "You are linked with 1 couple." in body
    assert "Alice" not in body


def test_a_filtered_dashboard_never_lists_an_active_link_as_an_invitation_to_withdraw(
    theo_link: CareLink, theo_client: Client
) -> None:
    body = theo_client.get("/therapist/couples/?show=homework").content.decode()
    assert theo_link.pretty_code not in body
    assert f"/therapist/links/{theo_link.public_id}/cancel/" not in body


def test_a_newly_linked_couple_is_marked_as_having_no_activity_yet(
    theo: Any, theo_client: Client, alice: Any, bob: Any
) -> None:
    make_link(theo, alice, bob)
    body = theo_client.get("/therapist/couples/").content.decode()
    assert "No activity yet" in body
    assert "No activity for 7 days" not in body
