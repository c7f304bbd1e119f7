from django.urls import path

from safety import hub_views, twofactor_views, views

app_name = "safety"

urlpatterns = [
    path("", hub_views.hub, name="hub"),
    path("check/", views.check, name="check"),
    path("check/later/", views.put_off, name="put-off"),
    path("check/<uuid:public_id>/delete/", views.check_delete, name="check-delete"),
    path("support/", views.support, name="support"),
    path("break/", views.step_back, name="step-back"),
    path("break/end/", views.break_end, name="break-end"),
    path("therapist/", views.message, name="message"),
    path("therapist/<uuid:public_id>/delete/", views.message_delete, name="message-delete"),
    path("devices/", hub_views.devices, name="devices"),
    path("still-here/", hub_views.still_here, name="still-here"),
    path("two-step/", twofactor_views.setup, name="twofactor-setup"),
    path("two-step/verify/", twofactor_views.verify, name="twofactor-verify"),
    path("two-step/off/", twofactor_views.turn_off, name="twofactor-off"),
    path("devices/sign-out-everywhere/", hub_views.sign_out_everywhere, name="sign-out-everywhere"),
]
