from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from therapists.models import AuditEntry, CareLink, TherapistProfile


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    """Read-only: audit rows cannot be changed or removed through the app."""

    list_display = ["created_at", "therapist_name", "couple", "action"]
    list_filter = ["action"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CareLink)
class CareLinkAdmin(admin.ModelAdmin[CareLink]):
    list_display = ["public_id", "therapist", "couple", "created_at", "ended_at"]
    readonly_fields = ["public_id", "therapist", "couple", "code", "created_at"]


@admin.register(TherapistProfile)
class TherapistProfileAdmin(admin.ModelAdmin[TherapistProfile]):
    list_display = ["user", "practice_name", "digest_enabled"]
