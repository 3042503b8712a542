"""Login throttling with django-axes: the backend in front of Django's, and the lockout page."""

import math

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for logins that come with an HTTP request.

    Every login form a person can reach (the admin's, the desk's) passes the request.
    Code that authenticates without one (the test client's ``login()``, a shell) has no
    client address to count failures against, so it goes straight to the next backend
    instead of failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def attempted_username(request: HttpRequest, credentials: dict | None) -> str | None:
    """The user name a failed login is counted under, as it fits the attempts table.

    Django's login form checks the name's length only after trying to log in, so a name
    of any length reaches django-axes, whose column holds 255 characters. No account's
    name is longer than the user model allows, so cutting there changes no real count.
    """
    form_field = settings.AXES_USERNAME_FORM_FIELD
    username = (credentials or {}).get(form_field) or request.POST.get(form_field)
    if username is None:
        return None
    limit = get_user_model()._meta.get_field(get_user_model().USERNAME_FIELD).max_length
    return str(username).replace("\x00", "")[:limit]


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """The page a locked-out login gets: 429, saying for how long, with Retry-After."""
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else None
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    response = render(request, "registration/locked_out.html", context, status=429)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
