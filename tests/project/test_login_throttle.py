"""Failed admin logins are throttled: locked after the limit, open again after the cool-off."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from tests.support.factories import make_user

PASSWORD = "a-long-test-password"


def log_in(client, username, password, address="203.0.113.7"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


@pytest.mark.django_db
def test_login_is_locked_after_repeated_failures_even_with_the_right_password(client, settings):
    make_user(username="editor", is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = log_in(client, "editor", "guess")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()
    locked = log_in(client, "editor", "guess")
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()
    assert int(locked["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()

    response = log_in(client, "editor", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_lockout_ends_after_the_cool_off(client, settings):
    make_user(username="editor", is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "editor", "guess")
    assert log_in(client, "editor", PASSWORD).status_code == 429
    past = timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    AccessAttempt.objects.update(attempt_time=past)
    response = log_in(client, "editor", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/admin/"


@pytest.mark.django_db
def test_a_lockout_does_not_shut_the_account_out_from_another_address(client, settings):
    # Guessing from one place must not let an attacker lock a journalist out everywhere.
    make_user(username="journalist", is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "journalist", "guess", address="198.51.100.9")
    assert log_in(client, "journalist", PASSWORD, address="198.51.100.9").status_code == 429
    response = log_in(client, "journalist", PASSWORD, address="192.0.2.44")
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_successful_login_resets_the_failure_count(client, settings):
    make_user(username="editor", is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "editor", "guess")
    assert log_in(client, "editor", PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "editor", "guess")
    assert log_in(client, "editor", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_test_clients_login_and_force_login_still_work(client):
    user = make_user(username="editor", is_staff=True, is_superuser=True)
    assert client.login(username="editor", password=PASSWORD)
    assert client.get("/admin/").status_code == 200
    client.logout()
    client.force_login(user)
    assert client.get("/admin/").status_code == 200
