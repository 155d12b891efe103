#!/usr/bin/env bash
# Install the Debian packages the test suite needs, only those that are missing:
# PostgreSQL 15 (server binaries), Chromium (browser journeys), Noto fonts (scripts of every
# member language), Java 17 and Maven (the Elasticsearch node), curl, gettext (makemessages).
set -euo pipefail

need=()
[ -x /usr/lib/postgresql/15/bin/initdb ] || need+=(postgresql-15)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -d /usr/share/fonts/truetype/noto ] || need+=(fonts-noto-core)
command -v javac >/dev/null || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || need+=(maven)
command -v curl >/dev/null || need+=(curl)
command -v unzip >/dev/null || need+=(unzip)
# xgettext: the test that the translation catalogues are current runs makemessages.
command -v xgettext >/dev/null || need+=(gettext)

if [ ${#need[@]} -eq 0 ]; then
    exit 0
fi
echo "Installing system packages: ${need[*]}"
if [ "$(id -u)" -ne 0 ]; then
    sudo=sudo
else
    sudo=
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
