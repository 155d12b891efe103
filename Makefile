# Training Hub — `make run` and `make test` are the two commands; `make help` lists the rest.
.DEFAULT_GOAL := help
PY := .venv/bin/python
export DJANGO_SETTINGS_MODULE ?= training_hub.settings.dev

.PHONY: help install system-deps run demo test lint check bench

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

install: ## Create .venv and install the project (only when pyproject.toml changed)
	@scripts/bootstrap.sh

system-deps: ## Install the Debian packages the tests need (PostgreSQL, Chromium, Java, Maven, fonts)
	@scripts/system-deps.sh

demo: install ## Migrate the SQLite database and load the demo data (idempotent)
	@scripts/system-deps.sh fonts
	@$(PY) manage.py certificate_fonts
	@$(PY) manage.py certificate_signing_key
	@$(PY) manage.py migrate --noinput -v0
	@$(PY) manage.py load_demo_data

run: demo ## Set up and serve the site with demo data on http://127.0.0.1:8000
	@echo "Serving http://127.0.0.1:8000 (admin at /admin/). Stop with Ctrl-C."
	@$(PY) manage.py runserver 127.0.0.1:8000

test: install system-deps ## Install what the tests need and run the whole suite
	@scripts/test.sh

lint: install ## ruff, the app layers (import-linter), Django's system check, the migrations check
	@.venv/bin/ruff check .
	@.venv/bin/ruff format --check .
	@.venv/bin/lint-imports --no-logo --no-cache
	@$(PY) manage.py check --fail-level WARNING
	@$(PY) manage.py makemigrations --check --dry-run

check: lint test ## Everything CI runs

bench: install ## Catalogue at 100 and 5,000 courses; feeds at 40,000 sessions; nominations over HTTP on PostgreSQL; search on Elasticsearch and the database; certificate pages and a 30-person bulk issue; the coordination dashboard and matching at 5,000 needs
	@$(PY) bench/catalogue.py
	@$(PY) bench/feeds.py
	@$(PY) bench/nominations.py
	@$(PY) bench/search.py
	@$(PY) bench/certificates.py
	@$(PY) bench/coordination.py
