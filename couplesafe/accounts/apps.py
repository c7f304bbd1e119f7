from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "couplesafe.accounts"
    label = "accounts"
    verbose_name = "People and couples"
