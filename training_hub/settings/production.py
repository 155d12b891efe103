"""Production: every secret from the environment, HTTPS enforced, PostgreSQL required."""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .env import env_bool, env_database, env_int, env_list, env_str

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("insecure"):
    raise ImproperlyConfigured(
        "Environment variable SECRET_KEY must be at least 50 random characters."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Environment variable ALLOWED_HOSTS lists no host.")
# The container health check calls http://localhost:8000/healthz from inside the container.
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "localhost"]
DATABASES = {"default": env_database("DATABASE_URL")}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("TRAINING_HUB_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("TRAINING_HUB_HSTS_SECONDS", 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Production runs behind one TLS-terminating reverse proxy (see SECURE_PROXY_SSL_HEADER and
# README, "Production shape") that appends the client's address to X-Forwarded-For: count
# the sign-in lockout against that address, not the proxy's. Set
# TRAINING_HUB_TRUSTED_PROXY_ADDRESSES to the proxy's address as well if port 8000 can be
# reached without going through it; 0 if nothing stands in front of gunicorn.
TRAINING_HUB_TRUSTED_PROXY_COUNT = env_int("TRAINING_HUB_TRUSTED_PROXY_COUNT", 1, minimum=0)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Static files are served by the app itself behind the proxy (no separate file server).
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]  # noqa: F405
STORAGES["certificates"] = {  # noqa: F405 (issued PDFs; never served as media)
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(TRAINING_HUB_PRIVATE_MEDIA_ROOT), "base_url": None},  # noqa: F405
}

# Certificates are signed with the issuing organisation's own key and certificate (PEM
# files, e.g. Docker secrets; README, "Certificates"): no development key in production.
for _name in ("TRAINING_HUB_SIGNING_KEY", "TRAINING_HUB_SIGNING_CERT"):
    _path = env_str(_name)
    if not Path(_path).is_file():
        raise ImproperlyConfigured(f"Environment variable {_name} names no readable file: {_path}")
