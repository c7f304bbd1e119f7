"""Celery tasks: thin, they call a service (STYLE.md §4)."""

from __future__ import annotations

from celery import shared_task

from practices import scheduling


@shared_task(name="practices.tasks.sweep_agreed_times", ignore_result=True)
def sweep_agreed_times() -> int:
    """Run by beat once a minute: remind both partners shortly before an agreed time. Safe to
    run twice at once (each agreed time is claimed once)."""
    return scheduling.agreed_reminders_send()
