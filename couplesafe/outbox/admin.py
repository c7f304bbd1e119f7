"""Operators see each outgoing message's state (queued, sending, sent, failed) and its error,
never its body: bodies hold one-time links (invites, password resets)."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from couplesafe.outbox import services
from couplesafe.outbox.models import OutgoingMessage, PushSubscription


@admin.register(OutgoingMessage)
class OutgoingMessageAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["public_id", "channel", "kind", "to", "status", "attempts", "created_at"]
    list_filter = ["status", "channel", "kind"]
    date_hierarchy = "created_at"
    fields = readonly_fields = (
        "public_id",
        "channel",
        "kind",
        "key",
        "to",
        "subscription",
        "status",
        "attempts",
        "error",
        "created_at",
        "enqueued_at",
        "sending_at",
        "finished_at",
    )
    actions = ["send_again"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.action(description="Send the selected failed messages again")
    def send_again(self, request: HttpRequest, queryset: QuerySet[OutgoingMessage]) -> None:
        count = services.message_retry(message_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"{count} failed message(s) queued again.", messages.SUCCESS)


@admin.register(PushSubscription)
class PushSubscriptionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["public_id", "name", "created_at", "last_success_at"]
    fields = readonly_fields = ("public_id", "user", "name", "created_at", "last_success_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
