"""Settings for the live-blog project, read from the environment.

Every environment variable read here is listed in the README. Defaults are safe for
development only: outside DEBUG a SECRET_KEY must be given, and the HTTPS settings are
switched on by the variables documented for production.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from liveblog.env import env_bool, env_frame_sources, env_list

BASE_DIR = Path(__file__).resolve().parent.parent


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_htmx",
    "template_partials",
    # Listed so the API docs page serves Swagger UI from our static files, not a CDN.
    "ninja",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "stories",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "liveblog.security.ContentSecurityPolicyMiddleware",
    "liveblog.security.RejectNullCharactersMiddleware",
    "liveblog.outage.DatabaseUnavailableMiddleware",
    # Before anything reads the database: whether this request may read from a replica.
    "liveblog.db_router.ReadRoutingMiddleware",
    "liveblog.locale.NewsroomLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "liveblog.poll_path.PollShortcutMiddleware",  # polls skip the editors' middleware below
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "liveblog.lazy_messages.LazyMessageMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its own answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "liveblog.urls"
WSGI_APPLICATION = "liveblog.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "liveblog.security.csp_nonce",
            ],
        },
    },
]


# SQLite when DATABASE_URL is unset, so one command runs the demo; PostgreSQL in
# CI, benchmarks and production. Connections are kept open and health-checked, and a
# short connect timeout makes a database outage answer 503 quickly instead of hanging.
def database(url: str | None = None) -> dict:
    """A database's settings from its URL; DATABASE_URL's when none is given."""
    options = {
        "conn_max_age": int(os.environ.get("CONN_MAX_AGE", "60")),
        "conn_health_checks": True,
    }
    if url is None:
        config = dj_database_url.config(default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", **options)
    else:
        config = dj_database_url.parse(url, **options)
    if config["ENGINE"] == "django.db.backends.postgresql":
        config.setdefault("OPTIONS", {}).setdefault(
            "connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "2"))
        )
    return config


def replica_database(url: str) -> dict:
    """A streaming replica of the default database: under test it reads the default's."""
    return database(url) | {"TEST": {"MIRROR": "default"}}


DATABASES = {"default": database()}
# Streaming replicas (replica1, replica2, …): public pages read from one of them; the
# admin, the desk, every write and everything outside a request use the default.
for number, url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    DATABASES[f"replica{number}"] = replica_database(url)
DATABASE_REPLICAS = [alias for alias in DATABASES if alias != "default"]
DATABASE_ROUTERS = ["liveblog.db_router.PrimaryReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The story's live cursor is cached here (see stories/live/cache.py). Local memory by
# default; with several app servers set REDIS_URL so they share one cache.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "liveblog"}
}
# Rendered HTML in each process's memory, bounded in entries and in bytes (liveblog/
# local_cache.py), which bounds a worker's: each update's (stories/reader/fragments.py);
# pages and poll answers briefly (stories/reader/rendered.py).
_MIB = 1024 * 1024
_FRAGMENTS = {
    "MAX_ENTRIES": int(os.environ.get("LIVEBLOG_FRAGMENT_CACHE_ENTRIES", "5000")),
    "MAX_BYTES": int(os.environ.get("LIVEBLOG_FRAGMENT_CACHE_MB", "32")) * _MIB,
}
_PAGES = {
    "MAX_ENTRIES": int(os.environ.get("LIVEBLOG_PAGE_CACHE_ENTRIES", "200")),
    "MAX_BYTES": int(os.environ.get("LIVEBLOG_PAGE_CACHE_MB", "16")) * _MIB,
}
for _name, _limit in (("fragments", _FRAGMENTS), ("pages", _PAGES)):
    _LOCAL = "liveblog.local_cache.BoundedLocMemCache"
    CACHES[_name] = {"BACKEND": _LOCAL, "LOCATION": _name, "OPTIONS": _limit}
CACHES["fragments"]["TIMEOUT"] = 3600

# nginx servers (http://address:port, comma-separated) whose cached poll answers the app
# refreshes after each commit (stories/live/proxy_refresh.py); none by default.
LIVEBLOG_NGINX_REFRESH_URLS = env_list("LIVEBLOG_NGINX_REFRESH_URLS")

# Background jobs (django-tasks): rows in the database, run by `manage.py db_worker`
# processes on any machine (docs/deploy.md); tests run them with tests/support/tasks.py.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Host names stories/safe_fetch.py may reach even on private or loopback addresses: for
# tests and local development only; empty in production.
LIVEBLOG_FETCH_ALLOWED_HOSTS = env_list("LIVEBLOG_FETCH_ALLOWED_HOSTS")
# Hosts of the players a card may swap in when a reader clicks "Show the original post".
LIVEBLOG_EMBED_FRAME_HOSTS = (  # noqa: SIM905 (a list of words, read as one)
    "www.youtube-nocookie.com www.youtube.com player.vimeo.com t.me platform.twitter.com "
    "www.instagram.com www.facebook.com www.tiktok.com embed.bsky.app www.dailymotion.com "
    "open.spotify.com w.soundcloud.com"
).split()

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "admin:login"

# Failed logins are counted by django-axes per user name and address together, so guessing
# one account's password from one place is locked out without letting anyone lock a
# journalist out from elsewhere. The throttle backend must come first.
AUTHENTICATION_BACKENDS = [
    "liveblog.login_throttle.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "liveblog.login_throttle.locked_out"
AXES_USERNAME_CALLABLE = "liveblog.login_throttle.attempted_username"

LANGUAGE_CODE = "en-gb"
# Story.language is one of these (liveblog/locale.py; formats in liveblog/formats/).
LANGUAGES = [("en-gb", "English"), ("uk", "Українська")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["liveblog.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Where collectstatic puts the files nginx (or WhiteNoise) serves.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# HTTPS and cookie hardening: off by default so development and tests run over plain
# HTTP; production turns them on through the environment (see README, "Production").
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES")
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES")
# The client's address, which failed logins are counted against (with django-ipware):
# behind nginx, the X-Real-IP it writes (deploy/nginx.conf); a client's own is overwritten.
# Not X-Forwarded-For: nginx appends to what the client sent, so its other entries are
# the client's to choose.
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
if env_bool("BEHIND_HTTPS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_REAL_IP", "REMOTE_ADDR"]
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# The Content-Security-Policy of every response (see liveblog/security.py). Scripts and
# styles only from our origin: no inline code, no eval (htmx runs with allowEval off).
# Update bodies may show images from any https address.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "https:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        # Providers' players, loaded only when a reader asks (stories/evidence/metadata.py).
        "frame-src": [f"https://{host}" for host in LIVEBLOG_EMBED_FRAME_HOSTS],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        # Only the embed page may be framed: stories/embed.py, LIVEBLOG_EMBED_ALLOWED_ORIGINS.
        "frame-ancestors": [NONE],
    },
}

# Public pages must stay cacheable by a CDN: no session or CSRF cookie is set for
# anonymous readers, and their pages never vary on Cookie.
SESSION_COOKIE_HTTPONLY = True

LIVEBLOG = {
    # Updates on the first page of a story, and per "show older updates" page.
    "PAGE_SIZE": int(os.environ.get("LIVEBLOG_PAGE_SIZE", "20")),
    # How long (seconds) a cached story state may be trusted before it is re-read.
    "STATE_CACHE_SECONDS": int(os.environ.get("LIVEBLOG_STATE_CACHE_SECONDS", "5")),
    # How long (seconds) each process reuses a state it read from the cache.
    "LOCAL_STATE_SECONDS": float(os.environ.get("LIVEBLOG_LOCAL_STATE_SECONDS", "1")),
    # Longest max-age (seconds) for poll answers; never more than half the interval.
    "POLL_MAX_AGE": int(os.environ.get("LIVEBLOG_POLL_MAX_AGE", "3")),
    # The newsroom publishing the site: named as the author of its fact checks.
    "NEWSROOM_NAME": os.environ.get("LIVEBLOG_NEWSROOM_NAME", "Live news"),
    # Public address of the site (https://live.news.example) for links that leave it
    # without a request to take the host from, such as the embed code in the admin.
    "PUBLIC_URL": os.environ.get("LIVEBLOG_PUBLIC_URL", "").rstrip("/"),
    # Origins whose pages may frame /stories/<slug>/embed/ (CSP frame-ancestors).
    "EMBED_ALLOWED_ORIGINS": env_frame_sources("LIVEBLOG_EMBED_ALLOWED_ORIGINS", "'self'"),
    "API_WRITE_RATE": os.environ.get("LIVEBLOG_API_WRITE_RATE", "60/m"),  # per token
}

# The Telegram desk (stories/telegram/): its bot token, webhook secret and Bot API address.
TELEGRAM = {k: os.environ.get(f"TELEGRAM_{k}", "") for k in ("BOT_TOKEN", "SECRET", "API_URL")}
VAPID_PRIVATE_KEY = os.environ.get("VAPID_PRIVATE_KEY", "")  # push alerts: see the README
VAPID_SUBJECT = os.environ.get("VAPID_SUBJECT", "mailto:newsroom@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
