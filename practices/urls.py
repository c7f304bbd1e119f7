from django.urls import path

from practices import asking_views, record_views, views

app_name = "practices"

urlpatterns = [
    path("", asking_views.conversation_list, name="list"),
    path("start/<slug:key>/", asking_views.start, name="start"),
    path("gentle/", views.gentle_check, name="gentle"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/version/", views.version, name="version"),
    path("<uuid:public_id>/turn/", views.turn, name="turn"),
    path("<uuid:public_id>/accept/", asking_views.accept, name="accept"),
    path("<uuid:public_id>/propose/", asking_views.propose, name="propose"),
    path("<uuid:public_id>/agree/", asking_views.agree, name="agree"),
    path("<uuid:public_id>/decline/", asking_views.decline, name="decline"),
    path("<uuid:public_id>/mode/", views.mode, name="mode"),
    path("<uuid:public_id>/regroup/", views.regroup, name="regroup"),
    path("<uuid:public_id>/switch/", views.switch, name="switch"),
    path("<uuid:public_id>/pause/", views.pause, name="pause"),
    path("<uuid:public_id>/resume/", views.resume, name="resume"),
    path("<uuid:public_id>/transcript/", record_views.transcript, name="transcript"),
    path("<uuid:public_id>/note/", record_views.note, name="note"),
    path("<uuid:public_id>/delete/", record_views.delete, name="delete"),
    path("<uuid:public_id>/plan-reminder/", record_views.plan_reminder, name="plan-reminder"),
]
