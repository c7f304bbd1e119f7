from django.urls import path

from rituals import views

app_name = "rituals"

urlpatterns = [
    path("today/", views.today, name="today"),
    path("together/", views.couple, name="couple"),
    path("appreciations/", views.appreciations, name="appreciations"),
    path(
        "appreciations/<uuid:public_id>/respond/",
        views.appreciation_respond,
        name="appreciation-respond",
    ),
    path("reminders/", views.reminders, name="reminders"),
    path("reminders/<uuid:public_id>/off/", views.reminder_off, name="reminder-off"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
