#!/bin/sh
# What `make test` needs beyond Python, Java 17 + Maven and Node, from Debian's packages:
# docker-compose (to parse docker-compose.yml), nginx-light (the Browser guide server's
# configuration, run for real), chromium + chromium-driver (Neo4j Browser, end to end).
# Installs what is missing with apt-get (as root, or through sudo); otherwise stops, before any
# test runs, with one line naming the packages and the command that installs them.
set -eu

missing=""
have() { command -v "$1" >/dev/null 2>&1 || test -x "/usr/sbin/$1" || test -x "/usr/bin/$1"; }
have docker-compose || docker compose version >/dev/null 2>&1 || missing="$missing docker-compose"
have nginx || missing="$missing nginx-light"
have chromium || missing="$missing chromium"
have chromedriver || missing="$missing chromium-driver"
[ -z "$missing" ] && exit 0

missing=${missing# }
if [ "$(id -u)" = 0 ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo="sudo"
else
    echo "make test needs Debian packages that are missing: $missing; install them with: sudo apt-get install -y $missing" >&2
    exit 1
fi
echo "installing Debian packages for the tests: $missing"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
