from django.urls import path

from therapists import views

app_name = "therapists"

urlpatterns = [
    # The therapist's side.
    path("couples/", views.dashboard, name="dashboard"),
    path("signup/", views.signup, name="signup"),
    path("two-factor/setup/", views.twofactor_setup, name="twofactor-setup"),
    path("two-factor/verify/", views.twofactor_verify, name="twofactor-verify"),
    path("links/new/", views.link_create, name="link-create"),
    path("links/<uuid:public_id>/cancel/", views.link_cancel, name="link-cancel"),
    path("digest/", views.digest_settings, name="digest"),
    path("export.csv", views.export_csv, name="export"),
    path("digest/stop/<str:token>/", views.digest_stop, name="digest-stop"),
    path("couples/<uuid:public_id>/", views.couple_detail, name="couple"),
    path("couples/<uuid:public_id>/notes/", views.note_create, name="note-create"),
    path("couples/<uuid:public_id>/homework/", views.homework_create, name="homework-create"),
    path("content/", views.content, name="content"),
    # The couple's side.
    path("care/", views.care, name="care"),
    path("care/code/", views.join_code, name="join-code"),
    path("join/<str:code>/", views.join, name="join"),
    path("care/<uuid:public_id>/end/", views.link_end, name="link-end"),
    path("care/<uuid:public_id>/sharing/", views.sharing, name="sharing"),
    path("care/<uuid:public_id>/share/", views.share_item, name="share-item"),
    path("care/<uuid:public_id>/view/", views.view_as, name="view-as"),
    path("homework/<uuid:public_id>/done/", views.homework_done, name="homework-done"),
]
