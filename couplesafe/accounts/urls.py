from django.contrib.auth import views as auth_views
from django.urls import path

from couplesafe.accounts import signup_views, views

app_name = "accounts"

urlpatterns = [
    path("signup/", signup_views.signup, name="signup"),
    path("signup/sent/", signup_views.signup_sent, name="signup-sent"),
    path("confirm/resend/", signup_views.confirm_resend, name="confirm-resend"),
    path("confirm/<str:token>/", signup_views.confirm_email, name="confirm-email"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("profile/", views.profile, name="profile"),
    path("password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="accounts/password_reset_sent.html", http_method_names=["get"]
        ),
        name="password-reset-sent",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_done.html", http_method_names=["get"]
        ),
        name="password-reset-done",
    ),
    path("invite/", views.invite, name="invite"),
    path("invite/code/", views.invite_code, name="invite-code"),
    path("invite/<uuid:public_id>/cancel/", views.invite_cancel, name="invite-cancel"),
    path("invite/<uuid:public_id>/confirm/", views.invite_confirm, name="invite-confirm"),
    path("invite/accept/<str:token>/", views.invite_accept, name="invite-accept"),
    path("couple/leave/", views.leave_couple, name="leave"),
    path("data/export/", views.data_export, name="export"),
    path("delete/", views.account_delete, name="delete"),
]
