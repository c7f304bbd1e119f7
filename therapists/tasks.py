"""Celery tasks: thin, they take ids and call a service (STYLE.md §4)."""

from __future__ import annotations

from celery import shared_task

from therapists import digest


@shared_task(name="therapists.tasks.sweep_digests", ignore_result=True)
def sweep_digests() -> int:
    """Run by beat every 15 minutes: enqueue each therapist's digest once it is due locally."""
    ids = digest.due_profile_ids()
    for profile_id in ids:
        send_digest.delay(profile_id)
    return len(ids)


@shared_task(name="therapists.tasks.send_digest", acks_late=True, ignore_result=True)
def send_digest(profile_id: int) -> int:
    return digest.digest_send(profile_id=profile_id)
