"""Display names are normalised; control characters, direction overrides and invisible-only
names are refused with a kind message, everywhere a name is set."""

from __future__ import annotations

import pytest
from django import forms

from couplesafe.accounts.names import clean_display_name


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("Anna\nBcc: someone@example.com", "control_character"),
        ("Anna\tB", "control_character"),
        ("Anna\x07", "control_character"),
        ("Ann\u202ea", "bidi_control"),
        ("\u2066Anna\u2069", "bidi_control"),
        ("\u200b\u200c\u200d", "invisible"),
        ("\u2060 \ufeff", "invisible"),
        ("   ", "required"),
    ],
)
def test_unsafe_names_are_refused(raw: str, code: str) -> None:
    with pytest.raises(forms.ValidationError) as error:
        clean_display_name(raw)
    assert error.value.code == code


def test_names_are_trimmed_and_composed() -> None:
    assert clean_display_name("  Zoe\u0308 ") == "Zoë"
    assert clean_display_name("O'Brien") == "O'Brien"
    assert clean_display_name("محمد") == "محمد"
    assert clean_display_name("李 小龍") == "李 小龍"


def test_signup_and_therapist_signup_refuse_a_name_with_a_line_break(client, db) -> None:
    data = {
        "display_name": "Anna\nB",
        "email": "anna@example.com",
        "time_zone": "UTC",
        "password": "a quiet morning walk",
    }
    page = client.post("/accounts/signup/", data)
    assert page.status_code == 200
    assert "Please write your name on one line" in page.content.decode()
    page = client.post("/therapist/signup/", {**data, "practice_name": "Calm"})
    assert page.status_code == 200
    assert "Please write your name on one line" in page.content.decode()
