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
    # javac and jar build the small analysis plugin below (a JDK, not just a JRE).
    if ! command -v java >/dev/null || ! command -v javac >/dev/null || ! command -v jar >/dev/null; then
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

# The test distribution has no analysis-common module, so the asciifolding, ngram and
# edge_ngram analysis that Wagtail's Elasticsearch backend puts in every index it creates
# would be refused ("Unknown tokenizer type [ngram]"). This small plugin adds them from
# the Lucene classes the distribution already ships (same names, options and defaults).
build_analysis_plugin() {
    local home=$1 name=training-hub-analysis
    local src=$home/plugin-src plugin=$home/plugins/$name
    mkdir -p "$src/classes" "$plugin"
    cat >"$src/NGramAnalysisPlugin.java" <<'JAVA'
package org.traininghub.testanalysis;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenizer;
import org.apache.lucene.analysis.ngram.NGramTokenFilter;
import org.apache.lucene.analysis.ngram.NGramTokenizer;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.PreConfiguredTokenFilter;
import org.elasticsearch.index.analysis.PreConfiguredTokenizer;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;

/** asciifolding, ngram and edge_ngram as in Elasticsearch's analysis-common module. */
public class NGramAnalysisPlugin extends Plugin implements AnalysisPlugin {
    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.of(
            "asciifolding", (index, env, name, s) -> {
                boolean keep = s.getAsBoolean("preserve_original", false);
                return filter(name, true, in -> new ASCIIFoldingFilter(in, keep));
            },
            "ngram", (index, env, name, s) -> {
                int min = s.getAsInt("min_gram", 1), max = s.getAsInt("max_gram", 2);
                checkDiff(index, name, min, max);
                boolean keep = s.getAsBoolean("preserve_original", false);
                return filter(name, false, in -> new NGramTokenFilter(in, min, max, keep));
            },
            "edge_ngram", (index, env, name, s) -> {
                int min = s.getAsInt("min_gram", 1), max = s.getAsInt("max_gram", 2);
                boolean keep = s.getAsBoolean("preserve_original", false);
                return filter(name, false, in -> new EdgeNGramTokenFilter(in, min, max, keep));
            });
    }

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        return Map.of(
            "ngram", (index, env, name, s) -> {
                int min = s.getAsInt("min_gram", 1), max = s.getAsInt("max_gram", 2);
                checkDiff(index, name, min, max);
                noTokenChars(name, s);
                return TokenizerFactory.newFactory(name, () -> new NGramTokenizer(min, max));
            },
            "edge_ngram", (index, env, name, s) -> {
                int min = s.getAsInt("min_gram", 1), max = s.getAsInt("max_gram", 2);
                noTokenChars(name, s);
                return TokenizerFactory.newFactory(name, () -> new EdgeNGramTokenizer(min, max));
            });
    }

    @Override
    public List<PreConfiguredTokenFilter> getPreConfiguredTokenFilters() {
        return List.of(
            PreConfiguredTokenFilter.singleton("asciifolding", true, ASCIIFoldingFilter::new),
            PreConfiguredTokenFilter.singleton("ngram", false, false, in -> new NGramTokenFilter(in, 1, 2, false)),
            PreConfiguredTokenFilter.singleton("edge_ngram", false, false, in -> new EdgeNGramTokenFilter(in, 1)));
    }

    @Override
    public List<PreConfiguredTokenizer> getPreConfiguredTokenizers() {
        return List.of(
            PreConfiguredTokenizer.singleton("ngram", NGramTokenizer::new),
            PreConfiguredTokenizer.singleton("edge_ngram", () -> new EdgeNGramTokenizer(1, 1)));
    }

    private static TokenFilterFactory filter(String name, boolean normalizes, Function<TokenStream, TokenStream> make) {
        return new TokenFilterFactory() {
            public String name() { return name; }
            public TokenStream create(TokenStream in) { return make.apply(in); }
            public TokenStream normalize(TokenStream in) { return normalizes ? make.apply(in) : in; }
        };
    }

    private static void checkDiff(IndexSettings index, String name, int min, int max) {
        if (index != null && max - min > index.getMaxNgramDiff()) {
            throw new IllegalArgumentException("The difference between max_gram and min_gram in NGram [" + name
                + "] must be less than or equal to: [" + index.getMaxNgramDiff() + "] but was [" + (max - min)
                + "]. This limit can be set by changing the [" + IndexSettings.MAX_NGRAM_DIFF_SETTING.getKey() + "] index level setting.");
        }
    }

    private static void noTokenChars(String name, Settings s) {
        if (s.get("token_chars") != null || s.getAsList("token_chars").isEmpty() == false) {
            throw new IllegalArgumentException("[" + name + "]: token_chars is not supported by the test node's analysis plugin");
        }
    }
}
JAVA
    javac -nowarn --release 17 -cp "$home/lib/*" -d "$src/classes" "$src/NGramAnalysisPlugin.java" >&2
    jar cf "$plugin/$name.jar" -C "$src/classes" .
    local version
    version=$(sed -n 's/^elasticsearch\.version=//p' "$home/modules/transport-netty4/plugin-descriptor.properties")
    cat >"$plugin/plugin-descriptor.properties" <<PROPS
description=asciifolding, ngram and edge_ngram analysis (scripts/elasticsearch.sh)
version=1
name=$name
classname=org.traininghub.testanalysis.NGramAnalysisPlugin
java.version=17
elasticsearch.version=$version
PROPS
    rm -rf "$src"
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
        build_analysis_plugin "$dir/download"/elasticsearch-*/
        mv "$dir"/download/elasticsearch-*/ "$dir/dist"
        rm -rf "$dir/download"
    fi

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
