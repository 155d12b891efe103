#!/usr/bin/env bash
# A throwaway single-node Elasticsearch 8 for the tests, from the official test distribution
# on Maven Central (org.elasticsearch.distribution.integ-test-zip), run on the machine's Java.
#   scripts/elasticsearch.sh start DIR PORT   unpack (cached), start on 127.0.0.1:PORT, wait
#   scripts/elasticsearch.sh stop DIR         stop it (no error if it is not running)
# Elasticsearch refuses to run as root, so as root it runs as a system user of its own.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cmd=${1:?usage: elasticsearch.sh start DIR PORT | stop DIR}
dir=${2:?missing DIR}
version=$(sed -n 's:.*<elasticsearch.version>\(.*\)</elasticsearch.version>.*:\1:p' "$here/elasticsearch/pom.xml")
# As root the server runs as another user, who must be able to read the unpacked copy.
if [ "$(id -u)" -eq 0 ]; then default_cache=/var/cache/training-hub; else default_cache=$HOME/.cache/training-hub; fi
cache=${TRAINING_HUB_CACHE:-$default_cache}/elasticsearch-$version
run_user=training-hub-search

stop() {
    [ -f "$dir/es.pid" ] || return 0
    pid=$(cat "$dir/es.pid")
    if kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$dir/es.pid"
}

case "$cmd" in
start)
    port=${3:?missing PORT}
    command -v java >/dev/null || { echo "Java 17+ is required (scripts/system-deps.sh)" >&2; exit 1; }
    if [ ! -x "$cache/bin/elasticsearch" ]; then
        command -v mvn >/dev/null || { echo "Maven is required (scripts/system-deps.sh)" >&2; exit 1; }
        tmp=$(mktemp -d)
        mvn -q -f "$here/elasticsearch/pom.xml" dependency:copy-dependencies \
            -DincludeTypes=zip -DoutputDirectory="$tmp" >/dev/null
        mkdir -p "$(dirname "$cache")"
        unzip -q "$tmp"/elasticsearch-*.zip -d "$tmp/unpacked"
        rm -rf "$cache"
        mv "$tmp/unpacked/elasticsearch-$version" "$cache"
        rm -rf "$tmp"
    fi
    mkdir -p "$dir"
    # Each run gets its own copy of the config; data and logs stay under DIR.
    rm -rf "$dir/config" && cp -r "$cache/config" "$dir/config"
    cat >>"$dir/config/elasticsearch.yml" <<YML
cluster.name: training-hub-test
node.name: test-node
path.data: $dir/data
path.logs: $dir/logs
network.host: 127.0.0.1
http.port: $port
transport.port: 9300-9400
discovery.type: single-node
xpack.security.enabled: false
action.destructive_requires_name: false
cluster.routing.allocation.disk.threshold_enabled: false
YML
    mkdir -p "$dir/data" "$dir/logs"
    # jvm.options names logs/ relative to the install; keep every log under DIR instead.
    sed -i "s#=logs/#=$dir/logs/#g; s#file=logs/#file=$dir/logs/#g" "$dir/config/jvm.options"
    runner=()
    if [ "$(id -u)" -eq 0 ]; then
        id "$run_user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$run_user"
        chown -R "$run_user" "$dir"
        chmod -R a+rX "$cache"
        chmod 755 "$dir"
        runner=(runuser -u "$run_user" --)
    fi
    java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    cd "$dir"
    env ES_JAVA_HOME="$java_home" ES_PATH_CONF="$dir/config" \
        ES_JAVA_OPTS="${ES_JAVA_OPTS:--Xms512m -Xmx512m}" \
        "${runner[@]}" "$cache/bin/elasticsearch" -d -p "$dir/es.pid" >"$dir/es.out" 2>&1 || {
            cat "$dir/es.out" >&2; exit 1; }
    for _ in $(seq 1 180); do
        if curl -fsS "http://127.0.0.1:$port/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1; then
            exit 0
        fi
        sleep 1
    done
    echo "Elasticsearch did not become healthy on port $port; last log lines:" >&2
    tail -n 40 "$dir/logs/training-hub-test.log" "$dir/es.out" >&2 2>/dev/null || true
    stop
    exit 1
    ;;
stop)
    stop
    ;;
*)
    echo "usage: elasticsearch.sh start DIR PORT | stop DIR" >&2
    exit 2
    ;;
esac
