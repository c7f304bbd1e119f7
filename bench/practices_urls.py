"""The app's URLs plus two bare views behind the same middleware, for bench/practices_poll.py."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from couplesafe.urls import urlpatterns as app_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(status=204)


@login_required
def bare_login(request: HttpRequest) -> HttpResponse:
    return HttpResponse(status=204)


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/bare-login/", bare_login),
    *app_urlpatterns,
]
