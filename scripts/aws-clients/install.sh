#!/usr/bin/env bash
# Installs the AWS clients the local endpoint's tests drive it with, into a Python venv under
# .emulators/aws-clients/ (gitignored): the AWS CLI and boto3, pinned. Idempotent: a venv whose stamp
# names the wanted versions is left alone; the stamp is written last, so a venv left half-built by a
# failed run is rebuilt. Needs python3 (>= 3.9, with venv) and PyPI through pip as configured.
#
# Usage: scripts/aws-clients/install.sh         install what is missing; prints the venv's path last
#        STEPSTONE_EMULATORS_DIR=/path ...       install under another folder than <repo>/.emulators
set -euo pipefail

AWSCLI_VERSION="1.46.3"
BOTO3_VERSION="1.44.18" # the boto3 of the botocore that awscli $AWSCLI_VERSION pins

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
DIR="${STEPSTONE_EMULATORS_DIR:-$ROOT/.emulators}"
VENV="$DIR/aws-clients"
STAMP="$VENV/.installed"
WANT="awscli==$AWSCLI_VERSION boto3==$BOTO3_VERSION"

say() { printf 'aws-clients: %s\n' "$*" >&2; }
die() {
  printf '\naws-clients: ERROR: %s\n' "$*" >&2
  exit 1
}

mkdir -p "$DIR/logs"
LOG="$DIR/logs/install-aws-clients.log"
if command -v flock >/dev/null; then
  exec 8>"$DIR/.aws-clients.lock"
  flock 8
fi

if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$WANT" && -x "$VENV/bin/aws" ]]; then
  say "$WANT already installed in $VENV"
else
  command -v python3 >/dev/null || die "python3 is not on PATH; the AWS CLI needs Python >= 3.9."
  python3 -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 9) else 1)' 2>/dev/null ||
    die "python3 is older than 3.9 or lacks the venv module (Debian: apt-get install python3-venv)."
  say "installing $WANT from PyPI into $VENV ..."
  started=$SECONDS
  rm -rf "$VENV"
  python3 -m venv "$VENV" >"$LOG" 2>&1 || { tail -n 15 "$LOG" >&2; die "python3 -m venv failed"; }
  # shellcheck disable=SC2086
  if ! "$VENV/bin/python" -m pip install --no-input --disable-pip-version-check $WANT >>"$LOG" 2>&1; then
    tail -n 15 "$LOG" | sed 's/^/    | /' >&2
    rm -rf "$VENV"
    die "pip could not install $WANT; full log: $LOG"
  fi
  "$VENV/bin/aws" --version >>"$LOG" 2>&1 || die "the AWS CLI installed but does not run; full log: $LOG"
  echo "$WANT" >"$STAMP"
  say "installed $WANT in $((SECONDS - started)) s"
fi
echo "$VENV"
