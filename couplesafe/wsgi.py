import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "couplesafe.settings")

application = get_wsgi_application()

# Load every URLconf (and so every view module) now, while the worker starts, not inside its
# first request: otherwise the first request of each gunicorn worker imports them (Web Push's
# HTTP client builds an SSL context on import) while every other thread of that worker waits
# on the import lock — seconds on a busy machine (seen in bench/availability.py's profile).
from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns  # noqa: B018
