"""The Celery app. Tasks live in each feature app's tasks.py and are autodiscovered."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "couplesafe.settings")

app = Celery("couplesafe")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
