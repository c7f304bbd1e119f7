"""The Celery app. Tasks live in each feature app's tasks.py and are autodiscovered."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "couplesafe.settings")

app = Celery("couplesafe")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The request id of the web request that enqueued a task is on the task's log lines.
from celery.signals import before_task_publish, task_prerun  # noqa: E402

from couplesafe.lib.request_log import add_request_id_header, adopt_request_id  # noqa: E402

before_task_publish.connect(add_request_id_header, weak=False)
task_prerun.connect(adopt_request_id, weak=False)
