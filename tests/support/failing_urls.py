"""A URL whose view fails, for the server error page's test."""

from django.urls import path


def fails(request):
    raise RuntimeError("a bug")


urlpatterns = [path("fails/", fails)]
