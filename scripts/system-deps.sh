#!/usr/bin/env bash
# System packages the tests need: Chromium (browser tests), CJK fonts and HarfBuzz's
# subsetter (PDFs), poppler-utils (reading PDFs back), libzbar0 (reading scans' QR codes),
# nginx (the multi-worker test runs its own instance on a free port). Installed only where we may:
# as root on Debian/Ubuntu. Elsewhere we say what is missing and the tests that need it skip.
set -euo pipefail
packages=(chromium fonts-noto-cjk poppler-utils libharfbuzz-subset0 nginx libzbar0)
if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "system-deps: not Debian/Ubuntu; install Chromium, Noto CJK fonts and poppler yourself" >&2
  exit 0
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "system-deps: missing ${missing[*]}; run: sudo apt-get install ${missing[*]}" >&2
  exit 0
fi
echo "system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# Install without starting services: the multi-worker test runs nginx itself, on its own port.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy"
  trap 'rm -f "$policy"' EXIT
fi
apt-get install -y -qq "${missing[@]}" >/dev/null
