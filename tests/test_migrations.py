"""Migrations are the same on every machine: they never read the host's time zone list."""

import os
import shutil
import subprocess
import sys
import zoneinfo
from pathlib import Path

import tzdata

from courses.models import TIME_ZONES

ROOT = Path(__file__).resolve().parent.parent


def _makemigrations_check(**environ):
    return subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "training_hub.settings.dev", **environ},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_makemigrations_check_passes_with_another_zone_list(tmp_path):
    # A zone directory unlike the host's: one extra zone and a different local zone. Code
    # that built choices from zoneinfo.available_timezones() would see "Test/Extra_Zone".
    zones = tmp_path / "zoneinfo"
    source = Path(tzdata.__file__).parent / "zoneinfo" / "Asia" / "Jakarta"
    (zones / "Test").mkdir(parents=True)
    shutil.copy(source, zones / "Test" / "Extra_Zone")
    shutil.copy(source, zones / "localtime")
    result = _makemigrations_check(PYTHONTZPATH=str(zones), TZDIR=str(zones), TZ="Pacific/Fiji")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


def test_the_zone_list_is_the_projects_own_and_every_zone_loads():
    assert list(TIME_ZONES) == sorted(TIME_ZONES)
    assert "localtime" not in TIME_ZONES and "Asia/Jakarta" in TIME_ZONES
    for name in TIME_ZONES:
        zoneinfo.ZoneInfo(name)  # raises for a name tzdata does not know
