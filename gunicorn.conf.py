"""gunicorn settings for the production image (gunicorn reads ./gunicorn.conf.py by default).

gthread workers: each process serves several requests at once on threads, so a slow request
(an Argon2 password hash, a large export) no longer holds up the fast ones behind it, as a sync
worker did. Argon2 and PostgreSQL release the GIL while they work.

The worker class is gthread taking clients in turn (couplesafe/lib/fair_worker.py): under a
login flood or a poll storm a signed-in person's request waits for one request of each other
client, not for the whole flood queued ahead of it.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# WEB_CONCURRENCY processes (the Heroku/Docker convention), GUNICORN_THREADS threads in each.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "couplesafe.lib.fair_worker.FairThreadWorker"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = 30
graceful_timeout = 20
keepalive = 5
# Access logs stay off on purpose: invite and password-reset URLs carry one-time tokens.
accesslog = None
errorlog = "-"
