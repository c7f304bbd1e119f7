"""Library words named outside the library's own pages — homework, the therapist's record,
the conversation list, the transcript, the digest email, the check-in's moods — come in the
reader's language through the content app's one lookup (`Version.shown_title`,
`content.selectors.titles`), and in English marked `lang="en"` where not translated."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import time_machine
from django.test import Client
from django.utils import translation

from couplesafe.accounts.models import User
from couplesafe.content import selectors
from couplesafe.content.models import Item, Version, checksum
from tests.conftest import client_for
from tests.outbox.helpers import deliver_outbox
from tests.therapists import data
from tests.therapists.helpers import make_link, therapist_client
from therapists import digest
from therapists.models import Homework, TherapistProfile

KEY = "repair-after-rupture"


def translated_practice(*languages: str) -> Version:
    """A practice whose heading is translated into `languages` (tagged "ES …", "DE …")."""
    english = data.practice_version(KEY).data
    heading = ("title", "summary", "for_whom", "why")
    translations = {
        code: {"key": KEY, **{name: f"{code.upper()} {english[name]}" for name in heading}}
        for code in languages
    }
    item = Item.objects.get(kind="practice", key=KEY, owner__isnull=True)
    version = Version.objects.create(
        item=item,
        number=item.versions.count() + 1,
        data=english,
        translations=translations,
        checksum=checksum(english, translations),
    )
    item.current_version = version
    item.save(update_fields=["current_version"])
    return version


def speaks(user: Any, code: str) -> Client:
    User.objects.filter(pk=user.pk).update(language=code)
    user.refresh_from_db()
    return therapist_client(user) if user.is_therapist else client_for(user)


def test_one_lookup_gives_titles_in_the_asked_language_and_flags_english(db) -> None:
    translated_practice("es")
    found = selectors.titles("practice", [KEY, "no-such-practice"], language="es")
    assert list(found) == [KEY]
    assert str(found[KEY]) == "ES Repair After Rupture" and not found[KEY].fallback
    german = selectors.titles("practice", [KEY], language="de")[KEY]
    assert str(german) == "Repair After Rupture" and german.fallback
    # In a page, an English fallback marks itself; printed as text it is only the words.
    assert german.__html__().startswith('<span lang="en">Repair After Rupture</span>')
    assert "Not yet translated" in german.__html__()
    with translation.override("es"):
        assert selectors.titles("practice", [KEY])[KEY].text == "ES Repair After Rupture"


def test_homework_is_named_in_each_partners_language_on_their_home_page(
    theo: Any, alice: Any, bob: Any
) -> None:
    translated_practice("es")
    link = make_link(theo, alice, bob)
    Homework.objects.create(link=link, kind="practice", target=KEY, title="Repair After Rupture")
    spanish = speaks(alice, "es").get("/home/").content.decode()
    assert "ES Repair After Rupture" in spanish
    assert '<span lang="en">Repair After Rupture</span>' not in spanish
    german = speaks(bob, "de").get("/home/").content.decode()
    assert '<span lang="en">Repair After Rupture</span>' in german  # not translated: marked
    assert "ES Repair After Rupture" not in german


def test_the_therapists_couple_page_names_homework_and_practices_in_their_language(
    theo: Any, alice: Any, bob: Any
) -> None:
    translated_practice("es")
    link = make_link(theo, alice, bob)
    Homework.objects.create(link=link, kind="practice", target=KEY, title="Repair After Rupture")
    Homework.objects.create(link=link, kind="ritual", target="appreciation", title="x")
    conversation = data.conversation(alice.active_couple, alice)
    data.pause(conversation, bob)
    page = speaks(theo, "es").get(f"/therapist/couples/{link.couple.public_id}/")
    body = page.content.decode()
    # Homework list and the activity record: "Homework given", "Started", "Completed",
    # "took a pause during" all name the practice by its Spanish title.
    assert body.count("ES Repair After Rupture") >= 5, body
    assert "Repair After Rupture</span>" not in body  # nothing shown in English
    # The therapist reads in English: the English title, unmarked.
    english = speaks(theo, "en").get(f"/therapist/couples/{link.couple.public_id}/")
    assert "ES Repair" not in english.content.decode()
    assert "Homework given: Repair After Rupture" in english.content.decode()


def test_a_partner_sees_homework_done_in_their_language_and_the_message_too(
    theo: Any, alice: Any, bob: Any
) -> None:
    from couplesafe.content.models import Item as ContentItem

    deck = ContentItem.objects.create(kind="deck", key="small-deck", title="Small deck")
    english = {"key": "small-deck", "title": "Small deck", "description": "d", "cards": []}
    version = Version.objects.create(
        item=deck,
        number=1,
        data=english,
        translations={"es": {"key": "small-deck", "title": "Baraja pequeña", "description": "p"}},
        checksum="x",
    )
    deck.current_version = version
    deck.save(update_fields=["current_version"])
    link = make_link(theo, alice, bob)
    homework = Homework.objects.create(
        link=link, kind="cards", target="small-deck", title="Small deck"
    )
    client = speaks(alice, "es")
    response = client.post(f"/therapist/homework/{homework.public_id}/done/", follow=True)
    assert "Baraja pequeña" in response.content.decode()


def test_the_conversation_list_and_transcript_name_the_practice_in_the_readers_language(
    alice: Any, bob: Any
) -> None:
    translated_practice("es")
    conversation = data.conversation(alice.active_couple, alice)
    spanish = speaks(alice, "es")
    assert "ES Repair After Rupture" in spanish.get("/practices/").content.decode()
    transcript = spanish.get(f"/practices/{conversation.public_id}/transcript/").content.decode()
    assert re.search(r"<h1>ES Repair After Rupture</h1>", transcript)
    german = speaks(bob, "de")
    transcript = german.get(f"/practices/{conversation.public_id}/transcript/").content.decode()
    assert re.search(
        r'<h1><span lang="en">Repair After Rupture</span> <span class="untranslated"', transcript
    )


def test_the_digest_names_homework_in_the_therapists_language(
    theo: Any, alice: Any, bob: Any, mailoutbox: list[Any]
) -> None:
    translated_practice("de")
    User.objects.filter(pk=theo.pk).update(language="de")
    link = make_link(theo, alice, bob)
    TherapistProfile.objects.update_or_create(
        user=theo, defaults={"practice_name": "P", "digest_enabled": True}
    )
    morning = dt.datetime(2026, 12, 3, 6, 30, tzinfo=dt.UTC)  # 07:30 in Berlin
    Homework.objects.create(
        link=link,
        kind="practice",
        target=KEY,
        title="Repair After Rupture",
        assigned_at=morning - dt.timedelta(days=2),
        completed_at=morning - dt.timedelta(days=1),
    )
    # The sweep runs in the site's language, not the therapist's.
    with time_machine.travel(morning, tick=False), translation.override("en"):
        assert digest.digest_send(profile_id=theo.therapist_profile.pk) == 1
    deliver_outbox()
    message = mailoutbox[0]
    assert "DE Repair After Rupture" in message.body
    assert "DE Repair After Rupture" in message.alternatives[0][0]
    assert "<span" not in message.body  # the text part is plain words


def test_mood_words_come_from_the_content_and_are_marked_when_not_translated(
    library: Any, alice: Any, bob: Any
) -> None:
    item = Item.objects.get(kind="checkin", key="checkin")
    version = item.current_version
    spanish_moods = {m["value"]: m["label"] for m in version.translations["es"]["mood_scale"]}
    client = speaks(alice, "es")
    today = client.get("/rituals/today/").content.decode()
    assert spanish_moods[4] in today and "Mostly good today" not in today
    # A check-in with its words drops one mood's translation: that mood shows in English,
    # marked, the others stay Spanish.
    without = {
        **version.translations,
        "es": {
            **version.translations["es"],
            "mood_scale": [m for m in version.translations["es"]["mood_scale"] if m["value"] != 4],
        },
    }
    newer = Version.objects.create(
        item=item,
        number=version.number + 1,
        data=version.data,
        translations=without,
        checksum=checksum(version.data, without),
    )
    item.current_version = newer
    item.save(update_fields=["current_version"])
    today = client.get("/rituals/today/").content.decode()
    assert '<span lang="en">Good — Mostly good today</span>' in today
    assert spanish_moods[5] in today
    data.checkin(alice, mood=4)
    together = client.get("/rituals/together/").content.decode()
    assert '<span class="pill"><span lang="en">Good</span>' in together


def test_a_library_title_is_never_printed_raw_into_a_page_title(alice: Any) -> None:
    """The marked form is for the page body: a <title> gets the plain words."""
    translated_practice("es")
    conversation = data.conversation(alice.active_couple, alice, status="active")
    page = speaks(alice, "de").get(f"/practices/{conversation.public_id}/").content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "Repair After Rupture" in title
    assert "<span" not in title and "&lt;span" not in title
