from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "couplesafe.lib"
    label = "lib"
    verbose_name = "Plumbing"
