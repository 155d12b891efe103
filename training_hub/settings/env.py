"""Typed reads of deployment values from the environment.

Every error names the variable, so a misconfigured deployment stops at start-up with a
message an operator can act on instead of failing later on first use.
"""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name, default):
    value = os.environ.get(name)
    if value is None:
        if default is _REQUIRED:
            raise ImproperlyConfigured(f"Environment variable {name} is required but not set.")
        return None
    return value.strip()


_REQUIRED = object()


def env_str(name, default=_REQUIRED):
    value = _raw(name, default)
    if value is None:
        return default
    if value == "" and default is _REQUIRED:
        raise ImproperlyConfigured(f"Environment variable {name} is required but empty.")
    return value


def env_bool(name, default=False):
    value = _raw(name, default)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"Environment variable {name}={value!r} is not a boolean (use true/false, 1/0)."
    )


def env_int(name, default=_REQUIRED, minimum=None):
    value = _raw(name, default)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"Environment variable {name}={value!r} is not a whole number."
        ) from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"Environment variable {name}={number} is below {minimum}.")
    return number


def env_list(name, default=_REQUIRED):
    """Comma-separated list; empty items are dropped."""
    value = _raw(name, default)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_database(name="DATABASE_URL", default=_REQUIRED):
    value = env_str(name, default)
    try:
        config = dj_database_url.parse(value, conn_max_age=60, conn_health_checks=True)
    except Exception as error:  # the library raises several types for a bad URL
        raise ImproperlyConfigured(
            f"Environment variable {name} is not a valid database URL: {error}"
        ) from None
    if not config.get("ENGINE"):
        raise ImproperlyConfigured(f"Environment variable {name} names no known database engine.")
    if config["ENGINE"] != "django.db.backends.sqlite3" and not config.get("NAME"):
        raise ImproperlyConfigured(f"Environment variable {name} names no database.")
    return config


def env_url(name, default=_REQUIRED, schemes=("http", "https")):
    """An URL with one of the allowed schemes, or None when unset and the default is None."""
    value = env_str(name, default)
    if value in (None, ""):
        return None
    scheme, sep, rest = value.partition("://")
    if not sep or scheme not in schemes or not rest:
        raise ImproperlyConfigured(
            f"Environment variable {name}={value!r} is not a URL starting with "
            + " or ".join(f"{s}://" for s in schemes)
            + "."
        )
    return value
