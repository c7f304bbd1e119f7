from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "couplesafe.notifications"
    label = "notifications"
    verbose_name = "Notifications and calendar"
