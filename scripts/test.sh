#!/usr/bin/env bash
# The whole suite, as `make test` and CI run it:
#   1. the quick tests on SQLite (everything but the PostgreSQL, Elasticsearch and browser ones);
#   2. a throwaway PostgreSQL 15 cluster and Elasticsearch 8 node on free ports;
#   3. the whole suite on PostgreSQL, with Elasticsearch and the browser journeys.
# With CI=true a service that cannot start fails the run; elsewhere its tests are skipped
# with a loud reason. Services are stopped and their files removed when the run ends.
set -uo pipefail
cd "$(dirname "$0")/.."

py=.venv/bin/python
work=$(mktemp -d /tmp/training-hub-test.XXXXXX)
chmod 755 "$work"
cleanup() {
    scripts/elasticsearch.sh stop "$work/es" >/dev/null 2>&1 || true
    scripts/postgres.sh stop "$work/pg" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
    $py -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
missing() {
    if [ "${CI:-}" = "true" ]; then
        echo "FAILED: $1 is required under CI=true." >&2
        exit 1
    fi
    echo "!!! WARNING: $1 is not available; its tests will be SKIPPED. !!!" >&2
}

export DJANGO_SETTINGS_MODULE=training_hub.settings.test
unset DATABASE_URL ELASTICSEARCH_URL

# The CJK face of the certificates, made once per machine (about a minute the first time).
$py manage.py certificate_fonts || exit 1

echo "== 1/2: quick tests on SQLite"
$py -m pytest -q -m "not postgres and not elasticsearch and not browser" "$@"
status=$?
[ $status -eq 0 ] || exit $status

echo "== starting PostgreSQL 15 and Elasticsearch 8 in $work"
pg_port=$(free_port)
if scripts/postgres.sh start "$work/pg" "$pg_port"; then
    export DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/training_hub"
else
    missing "PostgreSQL"
fi
es_port=$(free_port)
if scripts/elasticsearch.sh start "$work/es" "$es_port"; then
    export ELASTICSEARCH_URL="http://127.0.0.1:$es_port"
else
    missing "Elasticsearch"
fi

db_label=SQLite
[ -n "${DATABASE_URL:-}" ] && db_label="PostgreSQL (port $pg_port)"
echo "== 2/2: the whole suite on $db_label, with Elasticsearch and Chromium"
$py -m pytest -q "$@"
