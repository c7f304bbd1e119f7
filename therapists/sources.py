"""The other apps' models, looked up by name (cross-app contract in the brief).

The therapist dashboard is a leaf: it reads practices and rituals through their querysets.
Looking the models up through the app registry keeps this app working (showing less) in a
deployment where one of those apps has no such model.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps


def model(app_label: str, name: str) -> Any:
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def checkin_model() -> Any:
    return model("rituals", "CheckIn")


def appreciation_model() -> Any:
    return model("rituals", "Appreciation")


def conversation_model() -> Any:
    return model("practices", "Conversation")


def turn_model() -> Any:
    return model("practices", "Turn")


def pause_model() -> Any:
    return model("practices", "Pause")
