"""The practice library and the practice preview, as couples see them."""

from __future__ import annotations

from django.urls import reverse

from couplesafe.content.models import Item
from couplesafe.content.views import start_url
from tests.content.factories import make_practice
from tests.content.shipped import shipped_practices

LIBRARY = "/content/practices/"


def test_anonymous_people_are_sent_to_log_in(client, library) -> None:
    item = Item.objects.filter(kind="practice").first()
    for url in (LIBRARY, f"/content/practices/{item.public_id}/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_the_library_lists_every_shipped_practice_with_why_and_a_start_link(
    alice_client, library
) -> None:
    response = alice_client.get(LIBRARY)
    assert response.status_code == 200
    html = response.content.decode()
    practices = Item.objects.filter(kind="practice")
    assert practices.count() == len(shipped_practices())
    for item in practices:
        data = item.current_version.data
        assert item.title in html
        assert f"/content/practices/{item.public_id}/" in html
        assert f'href="{start_url(item.key)}"' in html
        assert data["why"].splitlines()[0].replace("'", "&#x27;") in html
    assert "Why this helps" in html


def test_the_start_link_leads_to_a_page_that_exists(alice_client, library) -> None:
    url = start_url("intentional-dialogue")
    assert "intentional-dialogue" in url
    assert alice_client.get(url).status_code in (200, 302)


def test_the_library_filters_by_kind(alice_client, library) -> None:
    html = alice_client.get(LIBRARY, {"kind": "repair"}).content.decode()
    assert "Repair After a Hard Moment" in html
    assert "Intentional Dialogue" not in html


def test_the_library_filters_by_time_needed(alice_client, library) -> None:
    html = alice_client.get(LIBRARY, {"time": "15"}).content.decode()
    assert "Validation Practice" in html  # 12 minutes
    assert "Appreciation Dialogue" in html  # 15 minutes
    assert "Intentional Dialogue" not in html  # 25 minutes
    assert "Repair After a Hard Moment" not in html


def test_an_unknown_filter_value_is_explained_and_everything_is_shown(
    alice_client, library
) -> None:
    html = alice_client.get(LIBRARY, {"kind": "nonsense"}).content.decode()
    assert "Select a valid choice" in html
    assert "Intentional Dialogue" in html


def test_an_htmx_filter_gets_only_the_list(alice_client, library) -> None:
    response = alice_client.get(LIBRARY, {"kind": "repair"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="practice-list"' in html
    assert "Repair After a Hard Moment" in html


def test_the_practice_preview_shows_every_step_with_its_stems(alice_client, library) -> None:
    item = Item.objects.get(kind="practice", key="intentional-dialogue")
    html = alice_client.get(f"/content/practices/{item.public_id}/").content.decode()
    for step in item.current_version.steps:
        assert step.title.replace("'", "&#x27;") in html
    assert "Did I get that?" in html
    assert "Then you swap roles and begin again." in html
    assert "If “Almost”: go to step 4, “Fill in the gap”" in html


def test_the_library_page_lists_at_most_a_fixed_number_of_queries(
    alice_client, library, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(6):
        alice_client.get(LIBRARY)


def test_the_library_and_preview_answer_only_get(alice_client, library) -> None:
    item = Item.objects.filter(kind="practice").first()
    assert alice_client.post(LIBRARY).status_code == 405
    assert alice_client.post(f"/content/practices/{item.public_id}/").status_code == 405


def test_a_therapists_own_practice_is_seen_only_by_her_linked_couples(
    alice_client, carol_client, tara, tara_links_alice
) -> None:
    own = make_practice(owner=tara, key="taras-talk", title="Tara's Talk")
    url = f"/content/practices/{own.public_id}/"
    assert "Tara&#x27;s Talk" in alice_client.get(LIBRARY).content.decode()
    assert "From your therapist" in alice_client.get(LIBRARY).content.decode()
    assert alice_client.get(url).status_code == 200
    assert "Tara&#x27;s Talk" not in carol_client.get(LIBRARY).content.decode()
    assert carol_client.get(url).status_code == 404


def test_an_unknown_practice_is_a_404(alice_client, db) -> None:
    url = reverse("content:practice", args=["00000000-0000-0000-0000-000000000000"])
    assert alice_client.get(url).status_code == 404


def test_going_back_to_a_filtered_list_gets_the_whole_page(alice_client, library) -> None:
    response = alice_client.get(
        LIBRARY,
        {"kind": "repair"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )
    assert "<html" in response.content.decode()
    assert "HX-Request" in response["Vary"]
