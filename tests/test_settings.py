"""Deployment values come from the environment; bad ones stop start-up naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from training_hub.settings import env

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "SECRET_KEY": "k" * 20 + "-production-secret-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "traininghub.example.org",
    "DATABASE_URL": "postgres://hub:hub@db:5432/training_hub",
    "ELASTICSEARCH_URL": "http://elasticsearch:9200",
}


@pytest.fixture(scope="module", autouse=True)
def _signing_key(tmp_path_factory):
    """Production needs the organisation's key and certificate: a development pair here."""
    from certificates.pdf.signing import development_key_environment

    PRODUCTION_ENV.update(development_key_environment(tmp_path_factory.mktemp("signing")))


def _manage(*args, **environ):
    dropped = {*PRODUCTION_ENV, "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "training_hub.settings.production", **environ},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check_without_warnings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "missing",
    [
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "TRAINING_HUB_SIGNING_KEY",
        "TRAINING_HUB_SIGNING_CERT",
    ],
)
def test_production_refuses_to_start_without_a_required_value(missing):
    environ = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = _manage("check", **environ)
    assert result.returncode != 0
    assert f"Environment variable {missing}" in result.stderr


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("DATABASE_URL", "mysqlish://nowhere", "DATABASE_URL"),
        ("ELASTICSEARCH_URL", "elasticsearch:9200", "ELASTICSEARCH_URL"),
        ("EMAIL_PORT", "twenty-five", "EMAIL_PORT"),
        ("DEBUG", "perhaps", "DEBUG"),
        ("SECRET_KEY", "short", "SECRET_KEY"),
        ("TRAINING_HUB_SIGNING_KEY", "/nowhere/key.pem", "TRAINING_HUB_SIGNING_KEY"),
    ],
)
def test_malformed_values_are_named(name, value, expected):
    result = _manage("check", **{**PRODUCTION_ENV, name: value})
    assert result.returncode != 0
    assert f"Environment variable {expected}" in result.stderr
    assert expected in result.stderr.strip().splitlines()[-1]


def test_env_helpers(monkeypatch):
    monkeypatch.setenv("TH_FLAG", "yes")
    monkeypatch.setenv("TH_NUMBER", "7")
    monkeypatch.setenv("TH_LIST", "a, b,,c")
    assert env.env_bool("TH_FLAG") is True
    assert env.env_int("TH_NUMBER", minimum=1) == 7
    assert env.env_list("TH_LIST") == ["a", "b", "c"]
    assert env.env_str("TH_UNSET", "fallback") == "fallback"
    with pytest.raises(ImproperlyConfigured, match="TH_UNSET is required"):
        env.env_str("TH_UNSET")
    with pytest.raises(ImproperlyConfigured, match="TH_NUMBER=7 is below 10"):
        env.env_int("TH_NUMBER", minimum=10)
    assert env.env_database("TH_UNSET", "sqlite:///x.db")["ENGINE"] == "django.db.backends.sqlite3"
