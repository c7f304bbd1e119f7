"""Deleting an account: the person's own words leave with them, everywhere, at once."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.test import Client

from couplesafe.accounts import data_rights
from couplesafe.accounts.models import Couple, Invite, User
from couplesafe.lib import registry
from tests.conftest import client_for
from tests.factories import PASSWORD, UserFactory
from tests.rights.helpers import handled
from tests.rights.markers import (
    TO_PARTNER,
    find_marker,
    marker_for,
    markers,
    own_fields,
    planted_markers,
)

RULE = [
    "Your own words leave with you.",
    "Your check-ins, private notes and appreciations are deleted.",
    "Your turns in joint conversations are replaced by a neutral “removed” marker.",
    "Your reminders and sessions end, on every device.",
    "Therapist links end.",
    "Your former partner (Bob) keeps their own words.",
]


def delete_account(client: Client, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    return client.post("/accounts/delete/", {"password": password})


def sessions_of(user: User) -> int:
    return sum(
        1 for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk)
    )


def test_the_confirmation_screen_states_the_rule_before_anything_happens(alice_client) -> None:  # type: ignore[no-untyped-def]
    response = alice_client.get("/accounts/delete/")
    body = response.content.decode()
    assert response.status_code == 200
    for sentence in RULE:
        assert sentence in body, sentence
    assert "Download your data first" in body


def test_a_wrong_password_deletes_nothing_and_says_so_kindly(alice, alice_client) -> None:  # type: ignore[no-untyped-def]
    response = delete_account(alice_client, password="guess")
    assert response.status_code == 200
    assert "That password is not right" in response.content.decode()
    assert User.objects.filter(pk=alice.pk).exists()


def test_delete_answers_other_methods_with_405(alice_client) -> None:  # type: ignore[no-untyped-def]
    assert alice_client.put("/accounts/delete/").status_code == 405


def test_deleting_logs_out_and_says_goodbye(alice, alice_client) -> None:  # type: ignore[no-untyped-def]
    response = delete_account(alice_client)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert not User.objects.filter(pk=alice.pk).exists()
    landing = alice_client.get("/", follow=True)
    assert "Your account is deleted" in landing.content.decode()
    assert alice_client.get("/home/").status_code == 302


def test_deletion_leaves_none_of_her_words_and_not_her_email_anywhere(  # type: ignore[no-untyped-def]
    planted, alice, alice_client
) -> None:
    # Sanity: the markers are there to be found before.
    assert all(find_marker(m) for m in markers("alice").values())
    Invite.objects.create(inviter=alice, email="old-flame@example.com", token_hash="a" * 64)
    AccessAttempt.objects.create(
        username="alice@example.com",
        ip_address="127.0.0.1",
        user_agent="x",
        http_accept="",
        path_info="/",
        get_data="",
        post_data="",
        failures_since_start=1,
    )

    assert delete_account(alice_client).status_code == 302

    left = {
        key: find_marker(m) for key, m in markers("alice").items() if handled(key.rsplit(".", 1)[0])
    }
    assert not any(left.values()), {k: v for k, v in left.items() if v}
    assert find_marker("alice@example.com") == []
    assert find_marker("old-flame@example.com") == []


def bobs_words_left(planted, *, addressed_to_her: bool) -> list[str]:  # type: ignore[no-untyped-def]
    """Bob's planted words that are no longer there (rows he addressed to her, or the rest)."""
    lost = []
    for label, row in planted["bob"].items():
        model = type(row)
        if any(lab == label for lab, _ in TO_PARTNER) != addressed_to_her:
            continue
        fresh = model._base_manager.filter(pk=row.pk).first()
        for field_name in own_fields(label):
            if fresh is None or marker_for("bob", model, field_name) not in getattr(
                fresh, field_name
            ):
                lost.append(f"{label}.{field_name}")
    return lost


def test_deletion_leaves_the_former_partner_their_own_words(planted, alice_client, bob) -> None:  # type: ignore[no-untyped-def]
    delete_account(alice_client)
    assert bobs_words_left(planted, addressed_to_her=False) == []
    # Other couples are untouched.
    assert all(find_marker(m) for m in planted_markers(planted["carol"], "carol", "dave"))
    bob.forget_couple_cache()
    assert bob.active_couple is None
    assert client_for(bob).get("/home/").status_code == 200


def test_deletion_keeps_what_the_partner_wrote_to_her(planted, alice_client) -> None:  # type: ignore[no-untyped-def]
    delete_account(alice_client)
    assert bobs_words_left(planted, addressed_to_her=True) == []


def test_her_turns_in_joint_conversations_become_a_removed_marker(planted, alice_client) -> None:  # type: ignore[no-untyped-def]
    turn = planted["alice"].get("practices.Turn")
    if turn is None or not handled("practices.Turn"):
        pytest.fail("practices.Turn or its data handler is missing: the rule cannot be checked.")
    delete_account(alice_client)
    fresh = type(turn)._base_manager.get(pk=turn.pk)
    assert fresh.removed is True
    assert fresh.text == ""


def test_deletion_ends_every_session_of_hers_and_only_hers(alice, bob) -> None:  # type: ignore[no-untyped-def]
    phone, laptop, partner = Client(), Client(), Client()
    for client, user in ((phone, alice), (laptop, alice), (partner, bob)):
        assert (
            client.post(
                "/accounts/login/", {"username": user.email, "password": PASSWORD}
            ).status_code
            == 302
        )
    assert sessions_of(alice) == 2
    assert find_marker("alice@example.com")  # her account row and her login records
    delete_account(laptop)
    assert sessions_of(alice) == 0
    assert phone.get("/home/").status_code == 302
    assert sessions_of(bob) == 1
    assert partner.get("/home/").status_code == 200
    # Login records (django-axes keeps the address used to log in) go with her too.
    assert find_marker("alice@example.com") == []


def test_deletion_ends_therapist_links(alice, bob, theo, alice_client) -> None:  # type: ignore[no-untyped-def]
    from therapists.models import CareConsent, CareLink

    couple = alice.active_couple
    link = CareLink.objects.create(therapist=theo, couple=couple)
    CareConsent.objects.create(link=link, user=alice)
    CareConsent.objects.create(link=link, user=bob)
    delete_account(alice_client)
    link.refresh_from_db()
    assert link.ended_at is not None
    assert not CareLink.objects.filter(couple=couple, ended_at__isnull=True).exists()


def test_invitations_she_sent_go_and_her_address_leaves_those_sent_to_her(alice, solo) -> None:  # type: ignore[no-untyped-def]
    mine = Invite.objects.create(inviter=alice, email="x@example.com", token_hash="b" * 64)
    to_her = Invite.objects.create(inviter=solo, email="Alice@Example.com", token_hash="c" * 64)
    data_rights.account_delete(user=alice)
    assert not Invite.objects.filter(pk=mine.pk).exists()
    to_her.refresh_from_db()
    assert to_her.email == ""


def test_a_therapist_deleting_their_account_takes_their_notes_and_leaves_the_couples_words(  # type: ignore[no-untyped-def]
    planted, theo
) -> None:
    assert delete_account(client_for(theo)).status_code == 302
    for key, m in markers("theo", role="therapist").items():
        assert find_marker(m) == [], key
    assert all(find_marker(m) for m in markers("alice").values())


def test_a_person_without_a_couple_can_delete_their_account(solo) -> None:  # type: ignore[no-untyped-def]
    assert delete_account(client_for(solo)).status_code == 302
    assert not User.objects.filter(pk=solo.pk).exists()


def test_deletion_is_all_or_nothing_when_an_app_fails(planted, alice, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken_forget(*, user, couple) -> None:  # type: ignore[no-untyped-def]
        raise RuntimeError("disk on fire")

    handlers = {**registry._data_handlers}
    handlers["zz-broken"] = registry.DataHandler("zz-broken", broken_forget, lambda user: None)
    monkeypatch.setattr(registry, "_data_handlers", handlers)
    with pytest.raises(RuntimeError):
        data_rights.account_delete(user=alice)
    assert User.objects.filter(pk=alice.pk).exists()
    assert Couple.objects.get(pk=alice.active_couple.pk).ended_at is None
    assert all(find_marker(m) for m in markers("alice").values())


def test_no_reminder_email_after_deletion_even_with_a_send_task_already_queued(  # type: ignore[no-untyped-def]
    alice, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    from rituals.models import ReminderDelivery
    from rituals.reminders import commitment_reminder_create
    from rituals.tasks import send_reminder

    def queue_reminder(user: User) -> int:
        schedule = commitment_reminder_create(user=user)
        delivery = ReminderDelivery.objects.create(
            schedule=schedule,
            user=user,
            kind=schedule.kind,
            local_date=schedule.next_due_at.date(),
            due_at=schedule.next_due_at,  # type: ignore[union-attr]
        )
        return delivery.pk

    # The control: the same queued task does send for a person who stays.
    stays = UserFactory(email="stays@example.com")
    send_reminder.apply(args=[queue_reminder(stays)])
    assert [m.to for m in mailoutbox] == [["stays@example.com"]]

    queued = queue_reminder(alice)  # the broker already holds this task's message
    data_rights.account_delete(user=alice)
    send_reminder.apply(args=[queued])
    assert len(mailoutbox) == 1


def test_a_therapist_whose_practice_a_couple_used_can_still_delete_their_account(  # type: ignore[no-untyped-def]
    alice, bob, theo
) -> None:
    from django.apps import apps

    from couplesafe.content.models import Item, Version, checksum
    from tests.rights.markers import Planter

    data = {"key": "theos-own", "title": "Theo's practice", "kind": "dialogue", "steps": []}
    item = Item.objects.create(kind="practice", key="theos-own", title="Theo's", owner=theo)
    version = Version.objects.create(item=item, number=1, data=data, checksum=checksum(data))
    planter = Planter(owner=bob, couple=alice.active_couple, tag="bob", partner=alice)
    planter.built["version"] = version
    model = apps.get_model("practices", "Conversation")
    conversation = planter.row(model)

    assert delete_account(client_for(theo)).status_code == 302
    assert not User.objects.filter(pk=theo.pk).exists()
    # The couple's conversation keeps its pinned wording and Bob's words.
    fresh = model._base_manager.get(pk=conversation.pk)
    assert "mk-bob-" in fresh.topic
    assert fresh.version.data["title"] == "Theo's practice"
    # Retired, not turned into shipped content that everyone would see.
    assert not Item.objects.shipped().filter(key="theos-own").exists()
    assert Item.objects.visible_to(alice).filter(key="theos-own").count() == 0


def test_the_marker_scan_finds_words_hidden_in_a_session(alice_client) -> None:  # type: ignore[no-untyped-def]
    session = alice_client.session
    session["draft"] = "mk-session-draft-zq"
    session.save()
    assert find_marker("mk-session-draft-zq") == ["django_session.session_data (decoded)"]
    delete_account(alice_client)
    assert find_marker("mk-session-draft-zq") == []
