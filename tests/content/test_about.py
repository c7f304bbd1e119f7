"""The "About these practices" page: credits the methods in our own words, says plainly that
CoupleSafe is not affiliated with them, and is reachable from the library."""

from __future__ import annotations

from django.test import Client


def test_the_about_page_credits_each_method_and_says_we_are_not_affiliated(db) -> None:
    response = Client().get("/content/practices/about/")
    assert response.status_code == 200
    page = response.content.decode()
    for name in (
        "Imago Relationship Therapy",
        "Harville Hendrix",
        "Helen LaKelly Hunt",
        "Gottman Method",
        "Encounter-centered Couples Transformation",
        "Hedy and Yumi Schleifer",
    ):
        assert name in page, name
    assert "not affiliated with" in page
    assert "practice tool" in page


def test_the_library_and_each_practice_link_to_the_about_page(alice_client, library) -> None:  # type: ignore[no-untyped-def]
    assert (
        'href="/content/practices/about/"'
        in alice_client.get("/content/practices/").content.decode()
    )
    from couplesafe.content.models import Item

    item = Item.objects.filter(kind="practice").first()
    assert item is not None
    page = alice_client.get(f"/content/practices/{item.public_id}/").content.decode()
    assert 'href="/content/practices/about/"' in page
    assert f"<title>{item.title} · CoupleSafe</title>" in page
