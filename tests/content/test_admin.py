"""Editors: drafts and read-only versions, an all-or-nothing publish action, a preview."""

from __future__ import annotations

import pytest
import yaml
from django.urls import reverse

from couplesafe.content.models import Item
from tests.content.factories import make_deck, make_practice, practice_data


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        email="editor@example.com", password="x", display_name="Eddie"
    )
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def publish(client, *items: Item):
    return client.post(
        reverse("admin:content_item_changelist"),
        {"action": "publish", "_selected_action": [item.pk for item in items]},
        follow=True,
    )


def test_the_change_page_shows_the_draft_and_read_only_versions(editor_client, db) -> None:
    item = make_practice()
    response = editor_client.get(reverse("admin:content_item_change", args=[item.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Preview the draft step by step" in html
    assert "?version=1" in html
    assert 'name="versions-0-number"' not in html  # versions cannot be edited


def test_publish_makes_a_new_version_from_each_changed_draft(editor_client, db) -> None:
    first = make_practice()
    second = make_practice(key="other-talk", title="Other Talk")
    first.draft = practice_data(summary="Changed.")
    first.save()
    response = publish(editor_client, first, second)
    assert "Published: Tiny Talk v2." in response.content.decode()
    assert first.versions.count() == 2
    assert second.versions.count() == 1


def test_publish_is_all_or_nothing(editor_client, db) -> None:
    good = make_practice()
    bad = make_practice(key="other-talk", title="Other Talk")
    good.draft = practice_data(summary="Changed.")
    good.save()
    bad.draft = practice_data(key="other-talk", title="Other Talk", kind="lecture")
    bad.save()
    html = publish(editor_client, good, bad).content.decode()
    assert "Nothing was published. draft of Other Talk: item &#x27;other-talk&#x27;" in html
    good.refresh_from_db()
    assert good.versions.count() == 1
    assert good.current_version.data["summary"] == "A very short talk."


def test_the_preview_shows_a_practice_step_by_step(editor_client, db) -> None:
    item = make_practice()
    item.draft = practice_data(title="Tiny Talk, redrafted")
    item.save()
    url = reverse("admin:content_item_preview", args=[item.pk])
    draft = editor_client.get(url).content.decode()
    assert "Tiny Talk, redrafted" in draft
    assert "Step 2: Did they get it?" in draft
    assert "If “Almost”: go to step 1, “Share”" in draft
    v1 = editor_client.get(url, {"version": 1}).content.decode()
    assert "Previewing the <strong>version 1</strong>" in v1
    assert "Tiny Talk, redrafted" not in v1


def test_the_preview_of_a_broken_draft_says_what_is_wrong(editor_client, db) -> None:
    item = make_practice()
    item.draft = practice_data(minutes=-1)
    item.save()
    html = editor_client.get(reverse("admin:content_item_preview", args=[item.pk])).content
    assert b"This draft cannot be published yet" in html
    assert b"field &#x27;minutes&#x27;" in html


def test_the_preview_is_for_practices_and_editors_only(editor_client, alice_client) -> None:
    deck = make_deck()
    practice = make_practice()
    assert (
        editor_client.get(reverse("admin:content_item_preview", args=[deck.pk])).status_code == 404
    )
    response = alice_client.get(reverse("admin:content_item_preview", args=[practice.pk]))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_an_editor_can_walk_through_a_practice_following_its_flow_rules(editor_client, db) -> None:
    item = make_practice()
    url = reverse("admin:content_item_preview", args=[item.pk])
    first = editor_client.get(url, {"version": 1, "step": "share"}).content.decode()
    assert "Walking through — step 1: Share" in first
    assert "“Alex is writing.”" in first
    assert 'href="?version=1&amp;step=check"' in first or 'href="?version=1&step=check"' in first
    check = editor_client.get(url, {"step": "check"}).content.decode()
    assert "Answer “Yes” → step 3, Thank each other" in check
    assert "Answer “Almost” → step 1, Share" in check
    last = editor_client.get(url, {"step": "thanks"}).content.decode()
    assert "Carry on → the end." in last
    assert editor_client.get(url, {"step": "nope"}).status_code == 404
    assert editor_client.get(url, {"version": "x"}).status_code == 404


def test_the_draft_is_edited_as_yaml_and_a_typo_is_explained(editor_client, db) -> None:
    item = make_practice()
    url = reverse("admin:content_item_change", args=[item.pk])
    page = editor_client.get(url).content.decode()
    assert "summary: A very short talk." in page
    form = {
        "kind": "practice",
        "key": "tiny-talk",
        "title": "Tiny Talk",
        "owner": "",
        "versions-TOTAL_FORMS": "1",
        "versions-INITIAL_FORMS": "1",
        "versions-0-id": str(item.current_version_id),
        "versions-0-item": str(item.pk),
    }
    broken = editor_client.post(url, {**form, "draft": "key: [unclosed\n"})
    assert "This is not valid YAML near line 2." in broken.content.decode()
    draft = yaml.safe_dump(practice_data(summary="Edited in the admin."), sort_keys=False)
    response = editor_client.post(url, {**form, "draft": draft})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.draft["summary"] == "Edited in the admin."
    assert item.has_unpublished_changes
    assert item.current_version.data["summary"] == "A very short talk."
