#!/usr/bin/env bash
# Installs the AWS emulator the integration suite runs against, into .emulators/ (gitignored):
#   .emulators/moto/   a Python venv with moto[server] (DynamoDB, SQS, Lambda, IAM, ...), which
#                      scripts/emulators/moto_server.py serves
# Idempotent: the install is left alone when its stamp file names the wanted version; the stamp is
# written last, so an install left half-done by a failed run is rebuilt from scratch. Needs python3
# (>= 3.9, with venv); reaches PyPI through pip as it is configured on the machine.
#
# Usage: scripts/emulators/install.sh            install what is missing
#        STEPSTONE_EMULATORS_DIR=/path ...        install somewhere else than <repo>/.emulators
set -euo pipefail

MOTO_VERSION="5.2.5"

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
DIR="${STEPSTONE_EMULATORS_DIR:-$ROOT/.emulators}"

say() { printf 'emulators: %s\n' "$*"; }
die() {
  printf '\nemulators: ERROR: %s\n' "$*" >&2
  exit 1
}
# Prints the last lines of a log with a prefix, for failure messages.
tail_log() { tail -n "${2:-15}" "$1" | sed 's/^/    | /' >&2; }
# Was this failure the registry not answering (as opposed to a bad version or a local problem)?
network_failure() {
  grep -qiE 'connection (refused|reset|timed out|aborted)|timed? ?out|temporary failure in name resolution|name or service not known|network is unreachable|no route to host|max retries exceeded|proxyerror|ssl|from versions: none|connect to .* failed' "$1"
}

mkdir -p "$DIR"
LOG_DIR="$DIR/logs"
mkdir -p "$LOG_DIR"
# Two test runs starting at once must not both rebuild the same folder: take a lock (util-linux's
# flock; where it is missing, e.g. macOS, runs are not serialised).
if command -v flock >/dev/null; then
  exec 9>"$DIR/.install.lock"
  flock 9
fi

# ---------------------------------------------------------------- prerequisites
command -v python3 >/dev/null || die "python3 is not on PATH; moto's server needs Python >= 3.9."
python3 -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 9) else 1)' 2>/dev/null ||
  die "python3 is older than 3.9 or lacks the venv module (Debian: apt-get install python3-venv)."

# ---------------------------------------------------------------- moto[server]
MOTO_DIR="$DIR/moto"
MOTO_STAMP="$MOTO_DIR/.installed"
if [[ -f "$MOTO_STAMP" && "$(cat "$MOTO_STAMP")" == "moto[server]==$MOTO_VERSION" && -x "$MOTO_DIR/bin/moto_server" ]]; then
  say "moto[server] $MOTO_VERSION already installed in $MOTO_DIR"
else
  say "installing moto[server]==$MOTO_VERSION from PyPI into $MOTO_DIR ..."
  started=$SECONDS
  # A venv's scripts hard-code its path, so it is built in place; the stamp, written last, is what
  # marks it complete (a folder without it is rebuilt from scratch).
  rm -rf "$MOTO_DIR"
  python3 -m venv "$MOTO_DIR" >"$LOG_DIR/install-moto.log" 2>&1 ||
    { tail_log "$LOG_DIR/install-moto.log"; die "python3 -m venv failed (Debian: apt-get install python3-venv)."; }
  if ! "$MOTO_DIR/bin/python" -m pip install --no-input --disable-pip-version-check \
    "moto[server]==$MOTO_VERSION" >>"$LOG_DIR/install-moto.log" 2>&1; then
    tail_log "$LOG_DIR/install-moto.log"
    rm -rf "$MOTO_DIR"
    if network_failure "$LOG_DIR/install-moto.log"; then
      die "could not reach PyPI, or it offers no moto[server]==$MOTO_VERSION. Check the network or pip's index settings (pip config list); full log: $LOG_DIR/install-moto.log"
    fi
    die "pip could not install moto[server]==$MOTO_VERSION; full log: $LOG_DIR/install-moto.log"
  fi
  "$MOTO_DIR/bin/python" -c 'import moto.server' ||
    die "moto installed but 'import moto.server' fails; full log: $LOG_DIR/install-moto.log"
  echo "moto[server]==$MOTO_VERSION" >"$MOTO_STAMP"
  say "installed moto[server] $MOTO_VERSION in $((SECONDS - started)) s"
fi

say "ready: moto[server] $MOTO_VERSION in $DIR"
