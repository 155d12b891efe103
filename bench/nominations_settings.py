"""Production settings for bench/nominations.py: gunicorn on 127.0.0.1 over plain HTTP.

bench/nominations.py sets the environment production.py requires (SECRET_KEY, ALLOWED_HOSTS,
DATABASE_URL, no SSL redirect, the database task backend as in compose.yaml) before this is
imported, by gunicorn's workers and by the benchmark itself. Only what plain HTTP and a
throwaway run need differs from production.
"""

from training_hub.settings.production import *  # noqa: F403

# Over http:// a client does not send Secure cookies back: no sign-in would stick.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# No collectstatic for a throwaway run: pages link static files, nothing fetches them.
STORAGES = {
    **STORAGES,  # noqa: F405  (the certificates' private storage stays as production has it)
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Sign-ins are not measured; a fast hash keeps making and signing in 40 accounts quick.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
