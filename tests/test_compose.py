"""compose.yaml is valid against the Compose specification and in step with the settings."""

import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "compose.yaml"
SETTINGS = ROOT / "training_hub" / "settings"


def _compose():
    return yaml.safe_load(COMPOSE.read_text())


def _variables_read_by_settings():
    names = set()
    for module in SETTINGS.glob("*.py"):
        names |= set(re.findall(r'env_\w+\(\s*"([A-Z_]+)"', module.read_text()))
    return names | {"DJANGO_SETTINGS_MODULE"}


def test_compose_file_matches_the_compose_specification():
    check = Path(sys.executable).with_name("check-jsonschema")
    result = subprocess.run(
        [str(check), "--builtin-schema", "vendor.compose-spec", str(COMPOSE)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_shape_has_every_part_with_health_checks():
    services = _compose()["services"]
    assert {"web", "worker", "db", "elasticsearch"} <= set(services)
    assert "gunicorn" in Path(ROOT / "Dockerfile").read_text()
    assert services["worker"]["command"] == ["python", "manage.py", "db_worker"]
    assert services["db"]["image"].startswith("postgres:15")
    assert services["elasticsearch"]["image"].startswith(
        "docker.elastic.co/elasticsearch/elasticsearch:8."
    )
    for name in ("web", "worker", "db", "elasticsearch"):
        assert "healthcheck" in services[name], name
    assert "media" in _compose()["volumes"]
    assert any(v.startswith("media:") for v in services["web"]["volumes"])


def test_app_environment_names_only_variables_the_settings_read():
    environment = _compose()["services"]["web"]["environment"]
    unknown = set(environment) - _variables_read_by_settings()
    assert not unknown, f"compose.yaml sets variables no setting reads: {sorted(unknown)}"
    for required in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "ELASTICSEARCH_URL"):
        assert required in environment


def test_worker_uses_the_database_task_backend_the_settings_accept():
    from django.utils.module_loading import import_string

    environment = _compose()["services"]["worker"]["environment"]
    assert import_string(environment["TRAINING_HUB_TASK_BACKEND"])
    assert environment["DATABASE_URL"].startswith("postgres://")


def test_the_official_image_is_the_test_nodes_version():
    """The analysis plugin registers analysis-common's names for the test node; the index
    settings are then the official image's own only if both run the same version."""
    import re

    image = re.search(r"elasticsearch/elasticsearch:([\d.]+)", (ROOT / "compose.yaml").read_text())
    pom = (ROOT / "scripts" / "elasticsearch" / "pom.xml").read_text()
    node = re.search(r"<elasticsearch.version>([\d.]+)</elasticsearch.version>", pom)
    plugin = (ROOT / "search" / "analysis" / "pom.xml").read_text()
    default = re.search(r"<elasticsearch.version>([\d.]+)</elasticsearch.version>", plugin)
    assert image.group(1) == node.group(1) == default.group(1)
