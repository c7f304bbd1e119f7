from __future__ import annotations

from couplesafe.accounts.models import Invite
from tests.matrix import ROLES, Row, World, private


def everyone(status: int) -> dict[str, int]:
    return {role: status for role in ROLES}


def logged_in(status: int) -> dict[str, int]:
    return {**everyone(status), "anonymous": 302}


def rows(world: World) -> list[Row]:
    invite = Invite.objects.create(inviter=world.solo, token_hash="x" * 64)
    claimed = Invite.objects.create(inviter=world.solo, token_hash="y" * 64, claimed_by=world.tara)
    return [
        Row("landing", "/", {**everyone(302), "anonymous": 200}),
        Row("home", "/home/", logged_in(200)),
        Row("help", "/help/", everyone(200)),
        # Django's own language switch for visitors: a POST that redirects back.
        Row(
            "set_language",
            "/i18n/setlang/",
            everyone(302),
            method="POST",
            data={"language": "es"},
            anonymous_redirect="/",
        ),
        Row("healthz", "/healthz", everyone(200)),
        Row("accounts:signup", "/accounts/signup/", {**everyone(302), "anonymous": 200}),
        Row("accounts:login", "/accounts/login/", {**everyone(302), "anonymous": 200}),
        Row(
            "accounts:logout",
            "/accounts/logout/",
            everyone(302),
            method="POST",
            anonymous_redirect="/",
        ),
        Row("accounts:profile", "/accounts/profile/", logged_in(200)),
        Row("accounts:password-change", "/accounts/password/", logged_in(200)),
        Row("accounts:password-reset", "/accounts/password/reset/", everyone(200)),
        Row("accounts:password-reset-sent", "/accounts/password/reset/sent/", everyone(200)),
        Row(
            "accounts:password-reset-confirm",
            "/accounts/password/reset/MQ/bad-token/",
            everyone(200),
        ),
        Row("accounts:password-reset-done", "/accounts/password/reset/done/", everyone(200)),
        Row("accounts:invite", "/accounts/invite/", logged_in(200)),
        Row(
            "accounts:invite-code",
            "/accounts/invite/code/",
            logged_in(200),
            method="POST",
            data={"code": "NOPE2345"},
        ),
        # Only the inviter may cancel; anyone else learns nothing (404).
        Row(
            "accounts:invite-cancel",
            f"/accounts/invite/{invite.public_id}/cancel/",
            private("solo", solo=302),
            method="POST",
        ),
        Row(
            "accounts:invite-accept", "/accounts/invite/accept/not-a-real-token/", {**everyone(404)}
        ),
        # Only the inviter answers "is this your partner?"; anyone else learns nothing (404).
        Row(
            "accounts:invite-confirm",
            f"/accounts/invite/{claimed.public_id}/confirm/",
            private("solo", solo=302),
            method="POST",
            data={"answer": "no"},
        ),
        Row("accounts:signup-sent", "/accounts/signup/sent/", everyone(200)),
        Row("accounts:confirm-email", "/accounts/confirm/not-a-token/", everyone(404)),
        Row(
            "accounts:confirm-resend",
            "/accounts/confirm/resend/",
            logged_in(302),
            method="POST",
        ),
        # The couple page to leave: partners see it; people without a couple are sent home.
        Row(
            "accounts:leave",
            "/accounts/couple/leave/",
            {**logged_in(302), "alice": 200, "carol": 200},
        ),
    ]
