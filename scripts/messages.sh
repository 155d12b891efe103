#!/usr/bin/env bash
# Bring the translation catalogues in locale/ up to date with the code and templates, for
# every language of settings.LANGUAGES. New strings arrive with an empty msgstr (the
# catalogue test fails until each is translated); strings no longer used are dropped.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-training_hub.settings.dev}
mapfile -t languages < <(.venv/bin/python -c 'import django; django.setup(); from django.conf import settings; [print(f"--locale={c}") for c, _ in settings.LANGUAGES if c != settings.LANGUAGE_CODE]')
.venv/bin/python manage.py makemessages "${languages[@]}" --no-obsolete --add-location=file -v0 \
    --ignore=.venv --ignore=var --ignore=tests --ignore=bench --ignore=build --ignore=search/analysis
