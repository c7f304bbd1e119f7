from django.urls import path

from couplesafe.notifications import pwa, views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.settings_page, name="settings"),
    path("notifications/devices/", views.device_add, name="device-add"),
    path(
        "notifications/devices/<uuid:public_id>/remove/",
        views.device_remove,
        name="device-remove",
    ),
    path("notifications/calendar/rotate/", views.calendar_rotate, name="calendar-rotate"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service-worker"),
    path("offline/", pwa.offline, name="offline"),
]
