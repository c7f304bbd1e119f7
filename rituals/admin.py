"""Operators see reminder plumbing (times, statuses, errors) — never check-ins or
appreciations: those are people's words and have no admin on purpose."""

from django.contrib import admin

from rituals.models import ReminderDelivery, ReminderSchedule


@admin.register(ReminderSchedule)
class ReminderScheduleAdmin(admin.ModelAdmin):
    list_display = ["public_id", "kind", "local_time", "time_zone", "enabled", "next_due_at"]
    list_filter = ["kind", "enabled"]
    readonly_fields = ["public_id", "user", "next_due_at", "created_at", "updated_at"]


@admin.register(ReminderDelivery)
class ReminderDeliveryAdmin(admin.ModelAdmin):
    list_display = ["public_id", "kind", "local_date", "due_at", "status", "attempts"]
    list_filter = ["status", "kind"]
    date_hierarchy = "due_at"
    readonly_fields = [field.name for field in ReminderDelivery._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
