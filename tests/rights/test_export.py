"""Each person can take everything that is theirs: one ZIP with data.json and data.html."""

from __future__ import annotations

import zoneinfo

import pytest

from couplesafe.lib import registry
from tests.rights.helpers import download_export, handled
from tests.rights.markers import OWNERSHIP, markers


def test_export_page_explains_what_is_included_and_asks_for_the_password(alice_client) -> None:
    response = alice_client.get("/accounts/data/export/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Download your data" in body
    assert "private notes are never in it" in body
    assert 'type="password"' in body


def test_export_with_a_wrong_password_says_so_and_sends_no_file(alice_client) -> None:
    response = alice_client.post("/accounts/data/export/", {"password": "not my password"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "That password is not right" in response.content.decode()


def test_export_is_a_zip_download_that_no_cache_keeps(alice_client) -> None:
    from tests.factories import PASSWORD

    response = alice_client.post("/accounts/data/export/", {"password": PASSWORD})
    assert response["Content-Disposition"].startswith('attachment; filename="couplesafe-data-')
    assert response["Cache-Control"] == "no-store"


def test_export_answers_other_methods_with_405(alice_client) -> None:
    assert alice_client.put("/accounts/data/export/").status_code == 405


def test_export_holds_the_profile_and_every_registered_apps_part(alice, alice_client) -> None:
    data, _, html = download_export(alice_client)
    assert data["profile"]["email"] == "alice@example.com"
    assert data["profile"]["name"] == "Alice"
    assert data["couples"][0]["partner"] == "Bob"
    assert data["about"]["format"] == "couplesafe-export/1"
    for handler in registry.data_handlers():
        assert handler.name in data, handler.name
    assert "<h1>Your CoupleSafe data</h1>" in html
    assert "alice@example.com" in html
    # Moments read in her own time zone (Europe/Berlin is an hour or two ahead of UTC).
    joined = alice.date_joined.astimezone(zoneinfo.ZoneInfo("Europe/Berlin"))
    assert f"{joined:%-d %B %Y, %H:%M}</time>" in html
    assert "times are in Europe/Berlin" in html


def test_export_html_escapes_what_people_typed(alice, alice_client) -> None:
    alice.display_name = "Al<script>x</script>"
    alice.save()
    data, _, html = download_export(alice_client)
    assert data["profile"]["name"] == "Al<script>x</script>"
    assert "<script>" not in html
    assert "Al&lt;script&gt;x&lt;/script&gt;" in html


def test_export_contains_her_own_words_from_every_app(planted, alice_client) -> None:
    _, raw, html = download_export(alice_client)
    expected = {key: m for key, m in markers("alice").items() if handled(key.rsplit(".", 1)[0])}
    assert expected, "No app with personal words has registered a data handler yet."
    missing = sorted(key for key, m in expected.items() if m not in raw)
    assert not missing, f"Her own words missing from her export: {missing}"
    assert all(m in html for m in expected.values())


def test_export_never_holds_another_couples_words_or_the_partners_private_notes(
    planted, alice_client
) -> None:
    _, raw, html = download_export(alice_client)
    assert "mk-carol-" not in raw and "mk-carol-" not in html
    assert "carol@example.com" not in raw and "Dave" not in raw
    private = [m for key, m in markers("bob").items() if key.startswith("practices.ReflectionNote")]
    for m in private + list(markers("theo", role="therapist").values()):
        assert m not in raw


@pytest.mark.parametrize("persona", ["theo", "solo"])
def test_people_without_a_couple_can_export_too(persona, request) -> None:
    from tests.conftest import client_for

    user = request.getfixturevalue(persona)
    data, _, _ = download_export(client_for(user))
    assert data["profile"]["email"] == user.email
    assert data["couples"] == []


def test_a_therapist_export_holds_the_therapists_own_notes(planted, theo) -> None:
    from tests.conftest import client_for

    _, raw, _ = download_export(client_for(theo))
    expected = {
        key: m
        for key, m in markers("theo", role="therapist").items()
        if handled(key.rsplit(".", 1)[0]) and OWNERSHIP[key.rsplit(".", 1)[0]] == "therapist"
    }
    missing = sorted(key for key, m in expected.items() if m not in raw)
    assert not missing, f"The therapist's own words missing from their export: {missing}"


def test_someone_with_two_step_sign_in_must_use_it_before_export_or_deletion(theo) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.conftest import client_for
    from tests.factories import PASSWORD
    from tests.therapists.helpers import verify

    TOTPDevice.objects.create(user=theo, name="phone", confirmed=True)
    client = client_for(theo)  # a password alone, as with a stolen one
    for url in ("/accounts/data/export/", "/accounts/delete/"):
        response = client.post(url, {"password": PASSWORD})
        assert response.status_code == 302
        assert response["Location"].startswith("/therapist/two-factor/verify/?next=")
    assert theo.__class__.objects.filter(pk=theo.pk).exists()
    verify(client, theo)
    assert client.post("/accounts/data/export/", {"password": PASSWORD}).status_code == 200
