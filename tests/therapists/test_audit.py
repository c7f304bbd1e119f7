"""The append-only audit log of every therapist look, which the couple can read."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.admin.sites import site
from django.test import Client, RequestFactory

from therapists.models import AppendOnlyError, AuditEntry, CareLink


def test_every_therapist_view_of_couple_data_writes_a_row(
    theo_link: CareLink, theo_client: Client
) -> None:
    couple = theo_link.couple
    theo_client.get("/therapist/couples/")
    theo_client.get(f"/therapist/couples/{couple.public_id}/")
    theo_client.get("/therapist/export.csv")
    actions = list(AuditEntry.objects.filter(couple=couple).values_list("action", flat=True))
    assert sorted(actions) == ["couple_page", "dashboard", "export"]
    assert set(AuditEntry.objects.values_list("therapist_name", flat=True)) == {"Theo"}


def test_the_couple_sees_the_list_of_looks(
    theo_link: CareLink, theo_client: Client, alice_client: Client
) -> None:
    theo_client.get(f"/therapist/couples/{theo_link.couple.public_id}/")
    body = alice_client.get("/therapist/care/").content.decode()
    assert "Each time Theo looked (1)" in body
    assert "Opened your couple page" in body


def test_view_as_does_not_write_an_audit_row(theo_link: CareLink, alice_client: Client) -> None:
    alice_client.get(f"/therapist/care/{theo_link.public_id}/view/")
    assert not AuditEntry.objects.exists()


def test_audit_rows_cannot_be_changed_or_deleted_through_the_app(
    theo_link: CareLink, theo_client: Client
) -> None:
    theo_client.get("/therapist/couples/")
    entry = AuditEntry.objects.get()
    entry.action = "export"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().update(action="export")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get().action == "dashboard"


def test_the_admin_offers_no_way_to_change_audit_rows(theo: Any) -> None:
    request = RequestFactory().get("/")
    request.user = theo
    admin = site._registry[AuditEntry]
    assert not admin.has_add_permission(request)
    assert not admin.has_change_permission(request)
    assert not admin.has_delete_permission(request)


def test_the_couple_still_sees_the_looks_after_the_link_ends(
    theo_link: CareLink, theo_client: Client, alice_client: Client
) -> None:
    theo_client.get(f"/therapist/couples/{theo_link.couple.public_id}/")
    alice_client.post(f"/therapist/care/{theo_link.public_id}/end/")
    body = alice_client.get("/therapist/care/").content.decode()
    assert "Links that have ended" in body
    assert "Each time Theo looked (1)" in body


def test_a_couple_page_shown_again_after_a_form_error_is_logged_as_a_look(
    theo_link: CareLink, theo_client: Client
) -> None:
    couple = theo_link.couple
    homework = theo_client.post(f"/therapist/couples/{couple.public_id}/homework/", {})
    note = theo_client.post(f"/therapist/couples/{couple.public_id}/notes/", {"text": ""})
    assert homework.status_code == note.status_code == 200
    assert "<html" in homework.content.decode() and "<html" in note.content.decode()
    actions = list(AuditEntry.objects.filter(couple=couple).values_list("action", flat=True))
    assert actions == ["couple_page", "couple_page"]


def test_dashboard_looks_are_recorded_once_an_hour_and_a_get_writes_nothing_more(
    theo_link: CareLink, theo_client: Client
) -> None:
    """Every dashboard GET (htmx filter changes too) used to add a row per couple shown. The
    first look of the hour is recorded; the next ones within the hour write nothing."""
    import time_machine
    from django.utils import timezone

    couple = theo_link.couple
    theo_client.get("/therapist/couples/")
    first = theo_client.get("/therapist/couples/", {"show": "all"}).status_code
    theo_client.get("/therapist/couples/", {"sort": "name"}, HTTP_HX_REQUEST="true")
    assert first == 200
    assert AuditEntry.objects.filter(couple=couple, action="dashboard").count() == 1
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=61), tick=False):
        from django.core.cache import cache

        cache.clear()  # the hour's mark expires in Redis; time_machine cannot move Redis' clock
        theo_client.get("/therapist/couples/")
    assert AuditEntry.objects.filter(couple=couple, action="dashboard").count() == 2


def test_the_couples_log_says_how_dashboard_looks_are_listed(
    theo_link: CareLink, theo_client: Client, alice_client: Client
) -> None:
    theo_client.get("/therapist/couples/")
    body = alice_client.get("/therapist/care/").content.decode()
    assert "Saw your engagement summary on the dashboard" in body
    assert "listed once an hour" in body


def test_only_the_couples_on_the_dashboard_page_shown_are_recorded(
    theo: Any, theo_client: Client
) -> None:
    from tests.therapists.test_dashboard import linked_couples

    linked_couples(theo, 22)
    theo_client.get("/therapist/couples/", {"sort": "name"})
    assert AuditEntry.objects.filter(action="dashboard").count() == 20
    theo_client.get("/therapist/couples/", {"sort": "name", "page": 2})
    assert AuditEntry.objects.filter(action="dashboard").count() == 22
