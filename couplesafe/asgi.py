import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "couplesafe.settings")
# The ASGI process is the event server (README: "Live updates"): /live/ streams only.
os.environ.setdefault("COUPLESAFE_EVENT_SERVER", "1")

application = get_asgi_application()
