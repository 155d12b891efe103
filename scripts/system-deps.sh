#!/usr/bin/env bash
# Install the Debian packages the test suite needs, only those that are missing:
# PostgreSQL 15 (server binaries), Chromium (browser journeys), Noto fonts (scripts of every
# member language, CJK included: certificates are drawn in them), HarfBuzz's hb-view and
# Poppler's tools and zbarimg (the certificate tests compare shaped names, read the PDFs
# and their QR codes), Java 17 and Maven (the Elasticsearch node), curl, gettext (the test
# that the translation catalogues are current runs makemessages).
#
# `scripts/system-deps.sh fonts` installs only the certificate fonts: what `make run` needs.
set -euo pipefail

need=()
[ -f /usr/share/fonts/truetype/noto/NotoSansKhmer-Regular.ttf ] || need+=(fonts-noto-core)
[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || need+=(fonts-noto-cjk)
if [ "${1:-}" != "fonts" ]; then
    [ -x /usr/lib/postgresql/15/bin/initdb ] || need+=(postgresql-15)
    [ -x /usr/bin/chromium ] || need+=(chromium)
    command -v hb-view >/dev/null || need+=(libharfbuzz-bin)
    command -v pdftoppm >/dev/null || need+=(poppler-utils)
    command -v zbarimg >/dev/null || need+=(zbar-tools)
    command -v javac >/dev/null || need+=(openjdk-17-jdk-headless)
    command -v mvn >/dev/null || need+=(maven)
    command -v curl >/dev/null || need+=(curl)
    command -v unzip >/dev/null || need+=(unzip)
    command -v xgettext >/dev/null || need+=(gettext)
fi

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
