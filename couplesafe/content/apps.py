from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "couplesafe.content"
    label = "content"
    verbose_name = "Content library"
