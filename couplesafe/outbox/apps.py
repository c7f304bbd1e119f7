from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "couplesafe.outbox"
    label = "outbox"
    verbose_name = "Outgoing messages"
