#!/usr/bin/env bash
# Installs headless Chromium for the web console's browser tests (test/console/) and
# scripts/console/screenshots.ts: Debian's `chromium` package, with the Liberation fonts the console's
# font list ends in. Idempotent: does nothing when a Chromium is already there. Prints the binary's path.
set -euo pipefail

for candidate in "${STEPSTONE_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome /usr/bin/google-chrome-stable; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then
    echo "$candidate"
    exit 0
  fi
done

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "scripts/chromium/install.sh: no Chromium found; install Debian's chromium package (apt-get install chromium)" \
    "or name a Chromium binary in STEPSTONE_CHROMIUM" >&2
  exit 1
fi

echo "scripts/chromium/install.sh: installing Debian's chromium (about a minute)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends chromium fonts-liberation >&2
echo /usr/bin/chromium
