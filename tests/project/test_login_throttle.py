"""Failed admin logins are throttled: locked after the limit, open again after the cool-off."""

import re
from datetime import timedelta
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
from axes.helpers import IPWARE_INSTALLED
from axes.models import AccessAttempt
from django.conf import global_settings
from django.utils import timezone

from tests.support.factories import make_user
from tests.support.figures import count
from tests.support.settings_probe import settings_value

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


# --- the client's address behind nginx ----------------------------------------------------


def test_behind_the_proxy_the_settings_trust_nginxs_x_real_ip_only():
    proxied = settings_value(
        "s.AXES_IPWARE_META_PRECEDENCE_ORDER", SECRET_KEY="x" * 50, BEHIND_HTTPS_PROXY="1"
    )
    direct = settings_value("s.AXES_IPWARE_META_PRECEDENCE_ORDER", SECRET_KEY="x" * 50)
    assert proxied.stdout.strip() == "['HTTP_X_REAL_IP', 'REMOTE_ADDR']"
    assert direct.stdout.strip() == "['REMOTE_ADDR']"
    # Without django-ipware, django-axes ignores its AXES_IPWARE_* settings.
    assert IPWARE_INSTALLED


@pytest.fixture
def behind_proxy(settings):
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_REAL_IP", "REMOTE_ADDR"]


def log_in_from(client, username, password, real_ip, **headers):
    # Every request comes from nginx (REMOTE_ADDR); X-Real-IP names the client.
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_REAL_IP=real_ip,
        **headers,
    )


@pytest.mark.django_db
def test_behind_the_proxy_failures_count_against_the_clients_address(
    client, settings, behind_proxy
):
    make_user(username="victim", is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in_from(client, "victim", "guess", "198.51.100.9")
    assert log_in_from(client, "victim", PASSWORD, "198.51.100.9").status_code == 429
    # X-Forwarded-For is the client's to write; it names no one here.
    forged = log_in_from(
        client, "victim", PASSWORD, "198.51.100.9", HTTP_X_FORWARDED_FOR="192.0.2.44"
    )
    assert forged.status_code == 429
    assert log_in_from(client, "victim", PASSWORD, "192.0.2.44").status_code == 302


# --- through nginx, as deployed (tests/project/conftest.py) --------------------------------

CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def log_in_through(stack, username, password, *, source, headers=None):
    """The admin's login form, filled in from loopback address ``source``."""
    form = stack.request("/admin/login/", source=source)
    cookie = SimpleCookie(form.headers["Set-Cookie"])["csrftoken"].value
    body = urlencode(
        {
            "csrfmiddlewaretoken": CSRF_TOKEN.search(form.body)[1],
            "username": username,
            "password": password,
            "next": "/admin/",
        }
    )
    return stack.request(
        "/admin/login/?next=/admin/",
        source=source,
        method="POST",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie}",
            **(headers or {}),
        },
    )


@pytest.fixture
def production_hashers(settings):
    # gunicorn checks passwords with the production hashers, not the tests' fast one.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS


def test_behind_nginx_a_lockout_at_one_address_leaves_the_account_open_at_another(
    behind_nginx, settings, production_hashers
):
    make_user(username="victim", is_staff=True)
    attacker, victim = "127.0.0.41", "127.0.0.42"
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in_through(behind_nginx, "victim", "guess", source=attacker).status == 200
    locked = log_in_through(behind_nginx, "victim", "guess", source=attacker)
    assert locked.status == 429 and "Too many failed logins" in locked.body
    # Headers naming the victim's address change nothing: nginx writes X-Real-IP itself.
    forged = {"X-Real-IP": victim, "X-Forwarded-For": victim}
    again = log_in_through(behind_nginx, "victim", PASSWORD, source=attacker, headers=forged)
    assert again.status == 429
    answer = log_in_through(behind_nginx, "victim", PASSWORD, source=victim)
    assert answer.status == 302 and answer.headers["Location"] == "/admin/"


def test_behind_nginx_one_address_trying_many_names_is_refused(
    behind_nginx, settings, production_hashers
):
    make_user(username="colleague", is_staff=True)
    sprayer, colleague = "127.0.0.43", "127.0.0.44"
    statuses = [
        log_in_through(behind_nginx, f"name-{n}", "guess", source=sprayer).status for n in range(20)
    ]
    count("login spraying: attempts from one address", len(statuses))
    count("login spraying: refused with 429", statuses.count(429))
    assert 429 in statuses
    # Someone mistyping their password a few times is never refused by it.
    assert statuses.index(429) > settings.AXES_FAILURE_LIMIT
    assert log_in_through(behind_nginx, "colleague", PASSWORD, source=colleague).status == 302
