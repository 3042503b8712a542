"""Settings read the environment: database, secret key, hosts."""

from pathlib import Path

from tests.support.settings_probe import settings_value

ROOT = Path(__file__).resolve().parents[2]


def test_without_database_url_the_database_is_a_sqlite_file():
    result = settings_value(
        "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME']", DEBUG="1"
    )
    assert "django.db.backends.sqlite3" in result.stdout
    assert "db.sqlite3" in result.stdout


def test_a_postgres_database_url_selects_postgresql_with_a_connect_timeout():
    result = settings_value(
        "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'], "
        "s.DATABASES['default']['OPTIONS']['connect_timeout']",
        DEBUG="1",
        DATABASE_URL="postgres://u:p@db.example:5432/news",
    )
    assert result.stdout.strip() == "django.db.backends.postgresql news 2"


def test_secret_key_is_required_outside_debug():
    result = settings_value("s.SECRET_KEY")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_hosts_and_trusted_origins_come_from_the_environment():
    result = settings_value(
        "s.ALLOWED_HOSTS, s.CSRF_TRUSTED_ORIGINS, s.DEBUG",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="news.example, live.example",
        CSRF_TRUSTED_ORIGINS="https://news.example",
    )
    assert (
        result.stdout.strip() == "['news.example', 'live.example'] ['https://news.example'] False"
    )
