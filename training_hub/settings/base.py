"""Settings shared by every environment; deployment values come from the environment."""

import ipaddress
import os
from pathlib import Path

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_database, env_int, env_list, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY", "insecure-dev-key-change-me-" + "x" * 30)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "training_hub",
    "catalogue",
    "courses",
    "nominations",
    "certificates",
    "search",
    # Content in every language (pages and snippets); the locales' admin replaces Wagtail's.
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "training_hub.apps.TrainingHubUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    # Renders /api/docs from django-ninja's bundled Swagger UI (static files), not a CDN.
    "ninja",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Early, so that every response below it gets the header.
    "training_hub.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language of people's pages is their URL's prefix (none: English); see urls.py.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "training_hub.middleware.ProtectedDeleteMiddleware",
    # Last, so it sees the outcome of authentication attempts.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "training_hub.urls"
WSGI_APPLICATION = "training_hub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "training_hub" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "training_hub.context_processors.identity",
            ],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "training_hub.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses locked-out credentials before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal"
LOGOUT_REDIRECT_URL = "/"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Brute-force lockout: after this many failures for one username from one address the
# login is refused for the cool-off period, with the same message as any other failure.
AXES_FAILURE_LIMIT = env_int("TRAINING_HUB_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("TRAINING_HUB_LOGIN_COOLOFF_MINUTES", 15, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "training_hub.accounts.views.lockout_response"
# The address a failure is counted against (see training_hub.middleware.client_ip). Behind
# reverse proxies, set the number of them that append to X-Forwarded-For; otherwise every
# client would share the proxy's address and anyone could lock any username out. 0 (the
# default) trusts no proxy and ignores the header, so it cannot be forged to dodge a lockout.
AXES_CLIENT_IP_CALLABLE = "training_hub.middleware.client_ip"
TRAINING_HUB_TRUSTED_PROXY_COUNT = env_int("TRAINING_HUB_TRUSTED_PROXY_COUNT", 0, minimum=0)


def env_networks(name):
    """A comma-separated list of IP addresses or networks, normalised to CIDR notation."""
    networks = []
    for item in env_list(name, []):
        try:
            networks.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError:
            raise ImproperlyConfigured(
                f"Environment variable {name}={item!r} is not an IP address or network."
            ) from None
    return networks


# Optionally, the proxies' own addresses or networks (comma-separated): X-Forwarded-For is
# then believed only from them, not from a client that reaches the app past the proxy.
TRAINING_HUB_TRUSTED_PROXY_ADDRESSES = env_networks("TRAINING_HUB_TRUSTED_PROXY_ADDRESSES")

# Content-Security-Policy (django-csp 4). The public site and the portal: everything from
# this origin, no inline script or style (an inline script would need
# nonce="{{ request.csp_nonce }}"), no plugins, forms post only here, framed only by this
# site: the admin's preview panel frames the page, rendered through this policy too (Wagtail
# runs the preview through the middleware with the page's own path); X_FRAME_OPTIONS (DENY,
# SAMEORIGIN on previews) still refuses the rest.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}
# Where another policy replaces it (by path prefix; see training_hub.middleware).
TRAINING_HUB_CSP_BY_PATH = {
    # Wagtail's admin (8.0) is not yet CSP-clean (wagtail/wagtail#1288, #7053) and gives
    # its inline code no nonce. Checked in headless Chromium (dashboard, explorer, page and
    # session editors, Draftail with the link chooser, the preview panel):
    # - script-src 'unsafe-inline': form widgets and panels write inline <script>s (the
    #   date/time choosers, InlinePanel, MultipleChooserPanel), and jQuery (vendor.js) runs
    #   the scripts that come with modal and panel HTML.
    # - style-src 'unsafe-inline': vendor.js inserts <style> elements; editors and some admin
    #   templates use style="" attributes.
    # - img-src data: blob: (Wagtail's own list, #7053): icons and previews drawn from data:
    #   URLs, upload previews from blob: URLs. Gravatar is switched off below: no other host.
    # - frame-src / frame-ancestors 'self': the preview panel frames the page from this site.
    # Not 'unsafe-eval': its uses in the admin bundles are polyfill fallbacks (globalThis)
    # and axe-core's templates, which run in the previewed page, not under this policy.
    "/admin/": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
    # Swagger UI (django-ninja's bundled copy): its stylesheet draws icons from data: URLs.
    "/api/docs": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# The interface's languages; each has a complete catalogue in locale/ (tests check it).
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("th", "ไทย"),
    ("id", "Bahasa Indonesia"),
    ("vi", "Tiếng Việt"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Content (centres, courses, curricula, topics, languages, modules) is written in English and
# translated with wagtail-localize into the other languages of the interface. A page with no
# live translation is the English page, with a note (see training_hub/localization.py).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# A translation starts as a draft, whatever the state of its source: only the RSO publishes.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("TRAINING_HUB_STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "training_hub" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("TRAINING_HUB_MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# E-mail: console output unless an SMTP URL-ish configuration is given.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Training Hub <no-reply@traininghub.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work: in-process unless a worker backend is configured (production).
TASKS = {
    "default": {
        "BACKEND": env_str(
            "TRAINING_HUB_TASK_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# One cache per process. Calendar feeds keep their built bytes in it under a key naming
# their content, so a stale entry is never served; the lifetime only bounds memory
# (0 turns the feed cache off).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "training-hub",
    }
}
TRAINING_HUB_FEED_CACHE_SECONDS = env_int("TRAINING_HUB_FEED_CACHE_SECONDS", 3600, minimum=0)

# Search: the database backend unless an Elasticsearch URL is given.
ELASTICSEARCH_URL = env_url("ELASTICSEARCH_URL", None)
TRAINING_HUB_SEARCH_INDEX_PREFIX = env_str("TRAINING_HUB_SEARCH_INDEX_PREFIX", "training_hub_")
# Seconds an anonymous visitor's catalogue page is kept (0: never kept).
TRAINING_HUB_CATALOGUE_CACHE_SECONDS = env_int(
    "TRAINING_HUB_CATALOGUE_CACHE_SECONDS", 60, minimum=0
)
# Seconds a search waits for Elasticsearch before the database answers instead.
TRAINING_HUB_SEARCH_TIMEOUT = env_int("TRAINING_HUB_SEARCH_TIMEOUT", 3, minimum=1)
# Wagtail's own search (the admin's lists and choosers) stays on the database, also when
# Elasticsearch is set: the course index (search/) is the only thing in Elasticsearch, kept
# by one sync path, so no piece of data is indexed twice by mechanisms that could drift.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# The admin's fallback name; pages and the admin's branding read SiteIdentity (the RSO's).
WAGTAIL_SITE_NAME = "Training Hub"
WAGTAILADMIN_BASE_URL = env_str("TRAINING_HUB_BASE_URL", "http://127.0.0.1:8000")
# Every asset from this site: no avatars from gravatar.com, no release check from the
# browser against wagtail.org (the CSP above would block both anyway).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("TRAINING_HUB_LOG_LEVEL", "INFO")},
    # In-process tasks log every run at INFO; that is noise outside a worker.
    "loggers": {
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# Nominations: how long an acceptance e-mail's confirmation link works, and the organiser
# named in calendar invitations.
TRAINING_HUB_CONFIRMATION_DAYS = env_int("TRAINING_HUB_CONFIRMATION_DAYS", 14, minimum=1)
TRAINING_HUB_ORGANIZER_EMAIL = env_str("TRAINING_HUB_ORGANIZER_EMAIL", "rso@traininghub.local")

# Certificates (certificates/, README "Certificates").
# Issued PDFs: a storage of their own, never served as media (only the scoped download).
TRAINING_HUB_PRIVATE_MEDIA_ROOT = Path(
    env_str("TRAINING_HUB_PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private"))
)
STORAGES["certificates"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(TRAINING_HUB_PRIVATE_MEDIA_ROOT), "base_url": None},
}
# Where the Noto faces are (Debian's fonts-noto-core), and where `manage.py
# certificate_fonts` keeps the CJK face it converts to TrueType (shared by every checkout
# of the project for one user, so the minute it takes is spent once per machine).
TRAINING_HUB_FONT_DIRS = env_list("TRAINING_HUB_FONT_DIRS", ["/usr/share/fonts/truetype/noto"])
TRAINING_HUB_FONT_CACHE = Path(
    env_str(
        "TRAINING_HUB_FONT_CACHE",
        str(Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "training-hub"),
    )
)
# The issuing organisation's signing key and certificate (PEM files; the key may be
# encrypted with the passphrase). Unset outside production: `make run` and the tests make
# a development key and self-signed certificate in TRAINING_HUB_SIGNING_DEV_DIR.
TRAINING_HUB_SIGNING_KEY = env_str("TRAINING_HUB_SIGNING_KEY", "")
TRAINING_HUB_SIGNING_CERT = env_str("TRAINING_HUB_SIGNING_CERT", "")
TRAINING_HUB_SIGNING_KEY_PASSPHRASE = env_str("TRAINING_HUB_SIGNING_KEY_PASSPHRASE", "")
TRAINING_HUB_SIGNING_DEV_DIR = BASE_DIR / "var" / "signing"
# Public verification, per client address (training_hub.middleware.client_ip): lookups by
# code and PDF uploads, as "<count>/<s|m|h>".
TRAINING_HUB_VERIFY_RATE = env_str("TRAINING_HUB_VERIFY_RATE", "20/m")
TRAINING_HUB_VERIFY_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
RATELIMIT_USE_CACHE = "default"
RATELIMIT_IP_META_KEY = "training_hub.middleware.client_ip"
# Coordination: the currency the dashboard and reports add funding up in (pledges in others
# are converted at the rates the RSO records; one without a rate is named, never guessed).
TRAINING_HUB_REPORTING_CURRENCY = env_str("TRAINING_HUB_REPORTING_CURRENCY", "USD")
