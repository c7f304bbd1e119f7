"""Root URLs. Feature apps are included by dotted string: the foundation never imports them."""

from django.contrib import admin
from django.urls import include, path

from couplesafe import health, views
from couplesafe.lib import stream

urlpatterns = [
    path("", views.landing, name="landing"),
    path("home/", views.home, name="home"),
    path("help/", views.crisis_help, name="help"),
    # Django's set_language (POST, CSRF-checked): the signed-out visitors' language switcher
    # (templates/includes/language_switcher.html); a signed-in person's choice is their
    # settings' (couplesafe/lib/language.py).
    path("i18n/", include("django.conf.urls.i18n")),
    # For load balancers and compose health checks (no trailing slash, by convention).
    path("healthz", health.healthz, name="healthz"),
    path("live/events/", stream.events, name="live-events"),
    path("accounts/", include("couplesafe.accounts.urls")),
    path("", include("couplesafe.notifications.urls")),
    path("content/", include("couplesafe.content.urls")),
    path("practices/", include("practices.urls")),
    path("rituals/", include("rituals.urls")),
    path("therapist/", include("therapists.urls")),
    path("safety/", include("safety.urls")),
    path("admin/", admin.site.urls),
]

# Error pages in the app's own layout (couplesafe/errors.py); CSRF_FAILURE_VIEW is in settings.
handler400 = "couplesafe.errors.bad_request"
handler403 = "couplesafe.errors.permission_denied"
handler404 = "couplesafe.errors.page_not_found"
handler500 = "couplesafe.errors.server_error"
