"""Homework is marked done when the activity that completes it happens (not when a page is
read): a check-in, an appreciation or a completed conversation of a couple with open homework.

Signals keep the arrow pointing the right way: rituals and practices never import therapists.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

from practices.models import Conversation
from rituals.models import Appreciation, CheckIn
from therapists import homework_progress


def _activity(sender: Any, instance: Any, **kwargs: Any) -> None:
    if sender is Conversation and instance.status != "completed":
        return
    if instance.couple_id:
        homework_progress.homework_progress_for_couple(instance.couple_id)


def connect() -> None:
    for model in (CheckIn, Appreciation, Conversation):
        post_save.connect(_activity, sender=model, dispatch_uid=f"homework-{model.__name__}")
