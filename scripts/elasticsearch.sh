#!/usr/bin/env bash
# A throwaway single-node Elasticsearch 8 for the tests and for local runs: Elastic's test
# distribution from Maven Central (see elasticsearch/pom.xml), run on the machine's Java 17+.
#   scripts/elasticsearch.sh start DIR PORT   start on http://127.0.0.1:PORT (no TLS, no auth)
#                                             and wait until the cluster is yellow or green
#   scripts/elasticsearch.sh stop DIR         stop it; no error if it is not running
# Everything lives under DIR: dist/ (the unpacked distribution, reused by later starts in the
# same DIR), config/, data/, logs/, tmp/, es.log (console output) and es.pid (the process group).
# Elasticsearch refuses to run as root, so as root it runs as a system user of its own.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
pom=$here/elasticsearch/pom.xml
run_user=training-hub-search

usage() { echo "usage: $0 start DIR PORT | stop DIR" >&2; exit 2; }
[ $# -ge 2 ] || usage
cmd=$1
dir=$2

# es.pid names the leader of the node's own process group (runuser or the launcher, the
# launcher's JVM and the server's JVM); it counts only while that process is ours.
is_running() {
    local pid cmdline
    [ -f "$dir/es.pid" ] || return 1
    pid=$(cat "$dir/es.pid")
    kill -0 "$pid" 2>/dev/null || return 1
    cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)
    [[ "$cmdline" == *"$dir/dist/"* ]]
}

stop() {
    [ -d "$dir" ] || return 0
    dir=$(cd "$dir" && pwd)
    if is_running; then
        local pid
        pid=$(cat "$dir/es.pid")
        # TERM to the leader: runuser passes it on to the launcher, which stops the server
        # cleanly; whatever is left of the group after 30 s is killed.
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 60); do
            kill -0 -- "-$pid" 2>/dev/null || break
            sleep 0.5
        done
        kill -KILL -- "-$pid" 2>/dev/null || true
        for _ in $(seq 1 20); do
            kill -0 -- "-$pid" 2>/dev/null || break
            sleep 0.25
        done
    fi
    rm -f "$dir/es.pid"
}

need_tools() {
    local missing=()
    # Maven compiles our analysis plugin (a JDK, not just a JRE).
    if ! command -v java >/dev/null || ! command -v javac >/dev/null; then
        missing+=(openjdk-17-jdk-headless)
    fi
    command -v mvn >/dev/null || missing+=(maven)
    command -v unzip >/dev/null || missing+=(unzip)
    command -v curl >/dev/null || missing+=(curl)
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "missing ${missing[*]}: install them (scripts/system-deps.sh) or run as root" >&2
        exit 1
    fi
    echo "installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq "${missing[@]}" >&2
}

# The test distribution has no analysis-common module, so the analysis our course index
# uses (search/documents.py: asciifolding, edge_ngram, stemmer, synonym_graph, the thai
# tokenizer) and Wagtail's ngram would be refused ("Unknown filter type [stemmer]"). Our
# plugin, search/analysis/ (a Maven project), registers them under analysis-common's own
# names and settings, from the Lucene jars the node ships. It is built against the versions
# of the distribution in DIR, and again whenever its sources change.
plugin_src=$(cd "$here/../search/analysis" && pwd)
plugin_name=training-hub-analysis

plugin_stamp() {
    (cd "$plugin_src" && find pom.xml src -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-16
}

install_analysis_plugin() {
    local home=$1 stamp es_version lucene_version
    stamp=$(plugin_stamp)
    [ -f "$home/plugins/$plugin_name/.stamp-$stamp" ] && return 0
    es_version=$(sed -n 's/^elasticsearch\.version=//p' "$home/modules/transport-netty4/plugin-descriptor.properties")
    lucene_version=$(find "$home/lib" -maxdepth 1 -name 'lucene-core-*.jar' -printf '%f\n' | sed 's/^lucene-core-\(.*\)\.jar$/\1/')
    [ -n "$es_version" ] && [ -n "$lucene_version" ] || {
        echo "cannot read the Elasticsearch and Lucene versions of $home" >&2
        exit 1
    }
    rm -rf "$dir/plugin-build"
    if ! mvn -q -B -f "$plugin_src/pom.xml" package -Dbuild.dir="$dir/plugin-build" \
        -Delasticsearch.version="$es_version" -Dlucene.version="$lucene_version" >"$dir/plugin-mvn.log" 2>&1; then
        echo "Maven could not build the analysis plugin ($plugin_src):" >&2
        cat "$dir/plugin-mvn.log" >&2
        exit 1
    fi
    rm -rf "$home/plugins/$plugin_name"
    cp -r "$dir/plugin-build/plugin" "$home/plugins/$plugin_name"
    touch "$home/plugins/$plugin_name/.stamp-$stamp"
    rm -rf "$dir/plugin-build"
}

fail() {
    echo "Elasticsearch did not start on 127.0.0.1:$port: $1; last lines of $dir/es.log:" >&2
    tail -n 60 "$dir/es.log" >&2 2>/dev/null || true
    stop
    exit 1
}

case "$cmd" in
start)
    [ $# -eq 3 ] || usage
    port=$3
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if is_running; then
        echo "Elasticsearch is already running from $dir (pid $(cat "$dir/es.pid"))" >&2
        exit 1
    fi
    rm -f "$dir/es.pid"
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "port $port on 127.0.0.1 is already in use" >&2
        exit 1
    fi
    need_tools
    java_bin=$(readlink -f "$(command -v java)")
    java_home=$(dirname "$(dirname "$java_bin")")
    java_major=$("$java_bin" -XshowSettings:properties -version 2>&1 |
        sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')
    if [ "${java_major:-0}" -lt 17 ]; then
        echo "Elasticsearch 8 needs Java 17 or newer; $java_bin is Java ${java_major:-?}" >&2
        exit 1
    fi

    # The distribution, resolved by Maven (cached in ~/.m2) and unpacked once per DIR.
    if [ ! -f "$dir/dist/bin/elasticsearch" ]; then
        rm -rf "$dir/dist" "$dir/download"
        if ! mvn -q -B -f "$pom" dependency:copy-dependencies -DincludeTypes=zip \
            -DoutputDirectory="$dir/download" >"$dir/mvn.log" 2>&1; then
            echo "Maven could not fetch the Elasticsearch distribution:" >&2
            cat "$dir/mvn.log" >&2
            exit 1
        fi
        unzip -q "$dir"/download/elasticsearch-*.zip -d "$dir/download"
        mv "$dir"/download/elasticsearch-*/ "$dir/dist"
        rm -rf "$dir/download"
    fi
    install_analysis_plugin "$dir/dist"

    # A fresh config each start; data and logs stay under DIR.
    rm -rf "$dir/config"
    cp -r "$dir/dist/config" "$dir/config"
    cat >>"$dir/config/elasticsearch.yml" <<YML

# --- scripts/elasticsearch.sh ---
cluster.name: training-hub-test
node.name: test-node
path.data: $dir/data
path.logs: $dir/logs
network.host: 127.0.0.1
http.port: $port
transport.port: 9300-9399
discovery.type: single-node
xpack.security.enabled: false
action.destructive_requires_name: false
cluster.routing.allocation.disk.threshold_enabled: false
YML
    # jvm.options writes the GC log and crash files to logs/ and heap dumps to data/,
    # relative to the working directory: that is DIR (below), so they land here too.
    mkdir -p "$dir/data" "$dir/logs" "$dir/tmp"
    : >"$dir/es.log"

    runner=()
    if [ "$(id -u)" -eq 0 ]; then
        if ! id "$run_user" >/dev/null 2>&1; then
            useradd --system --no-create-home --shell /usr/sbin/nologin "$run_user"
        fi
        chown -R "$run_user:" "$dir"
        if ! runuser -u "$run_user" -- test -w "$dir/data"; then
            echo "$run_user cannot reach $dir: choose a DIR whose parents it can enter (e.g. under /tmp)" >&2
            exit 1
        fi
        runner=(runuser -u "$run_user" --)
    fi

    # setsid: the node gets a process group of its own, whose leader's pid goes to es.pid.
    (
        cd "$dir"
        exec env ES_JAVA_HOME="$java_home" ES_PATH_CONF="$dir/config" ES_TMPDIR="$dir/tmp" \
            ES_JAVA_OPTS="${ES_JAVA_OPTS:--Xms512m -Xmx1g}" \
            setsid "${runner[@]}" "$dir/dist/bin/elasticsearch" </dev/null >>"$dir/es.log" 2>&1
    ) &
    pid=$!
    echo "$pid" >"$dir/es.pid"

    deadline=$((SECONDS + ${ES_START_TIMEOUT:-180}))
    while [ $SECONDS -lt $deadline ]; do
        kill -0 "$pid" 2>/dev/null || fail "the process exited"
        health=$(curl -s -m 5 "http://127.0.0.1:$port/_cluster/health" 2>/dev/null || true)
        case "$health" in
        *'"status":"green"'* | *'"status":"yellow"'*)
            # Make sure it is this node that answers (its logs are in DIR/logs).
            node=$(curl -s -m 5 "http://127.0.0.1:$port/_nodes/_local/settings?filter_path=nodes.*.settings.path.logs" || true)
            case "$node" in
            *"\"$dir/logs\""*) exit 0 ;;
            *) fail "another Elasticsearch answers on port $port" ;;
            esac ;;
        esac
        sleep 1
    done
    fail "no yellow or green health within ${ES_START_TIMEOUT:-180}s"
    ;;
stop)
    [ $# -eq 2 ] || usage
    stop
    ;;
*)
    usage
    ;;
esac
