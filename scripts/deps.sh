#!/bin/sh
# Installs the Debian packages quotacase needs to build and test, and does
# nothing when they are all present.  Needs root (or sudo) only to install.
set -eu
pkgs="cmake make gcc clang pkg-config libclang-rt-14-dev
libcurl4-openssl-dev libssl-dev libjansson-dev libxlsxwriter-dev
libcmark-gfm-dev libcmark-gfm-extensions-dev zlib1g-dev libarchive-dev libpcre2-dev
librsvg2-dev libpng-dev fonts-dejavu-core
python3 python3-botocore python3-openpyxl tzdata
libreoffice-calc-nogui poppler-utils"
# For the tests of what is installed: the manual page formatted (groff, man),
# the zsh completion parsed, and the Debian package's dependencies found
# (dpkg-shlibdeps).
pkgs="$pkgs groff-base man-db zsh dpkg-dev"
# `deps.sh bench`: also what the benchmarks compare against (bench/README.md).
[ "${1:-}" = bench ] && pkgs="$pkgs ripgrep gawk"
missing=
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing" >&2
sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
