#!/usr/bin/env bash
# Installs LocalStack's last open-source release, localstack-core[runtime]==2026.3.0, into a venv of
# its own, .emulators/localstack/ (gitignored), to run on the host without Docker, with the
# project's plugins registered in it (scripts/localstack/stepstone_localstack/: DynamoDB from moto,
# Node.js functions as local processes). `npm run localstack:start` runs it first.
#
# - Python: localstack-core needs >= 3.12; the first of $STEPSTONE_LOCALSTACK_PYTHON, python3.13,
#   python3.12, pyenv's 3.13 and 3.12 (~/.pyenv/versions/3.1[23]*), python3 that is recent enough.
# - Versions: pip resolves with scripts/localstack/constraints.txt, the pins of LocalStack's own
#   requirements-runtime.txt of March 2026 (unpinned, pip takes cbor2 6.x and a newer pyOpenSSL,
#   which break it).
# - The plugins are registered by a .pth file naming scripts/localstack and a small dist-info
#   holding their entry points (`localstack.aws.provider`, `localstack.lambda.runtime_executor`):
#   they run from the repository, so a change to them needs no reinstall.
# Idempotent: a stamp file, written last, names what was installed; a matching stamp leaves the
# venv alone (the plugin registration is rewritten each time: it is two small files).
#
# Usage: scripts/localstack/install.sh          install what is missing
#        STEPSTONE_EMULATORS_DIR=/path ...       install somewhere else than <repo>/.emulators
set -euo pipefail

LOCALSTACK_VERSION="2026.3.0"
REQUIREMENT="localstack-core[runtime]==$LOCALSTACK_VERSION"

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
DIR="${STEPSTONE_EMULATORS_DIR:-$ROOT/.emulators}"
VENV="$DIR/localstack"
STAMP="$VENV/.installed"
WANTED="$REQUIREMENT $(sha256sum "$HERE/constraints.txt" | cut -c1-12)"

say() { printf 'localstack: %s\n' "$*" >&2; }
die() {
  printf '\nlocalstack: ERROR: %s\n' "$*" >&2
  exit 1
}

mkdir -p "$DIR/logs"
LOG="$DIR/logs/install-localstack.log"
if command -v flock >/dev/null; then
  exec 9>"$DIR/.install-localstack.lock"
  flock 9
fi

# ---------------------------------------------------------------- Python >= 3.12
python_at_least_312() { "$1" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; }
find_python() {
  local candidate
  for candidate in "${STEPSTONE_LOCALSTACK_PYTHON:-}" python3.13 python3.12 \
    $(ls -d "$HOME"/.pyenv/versions/3.13*/bin/python3 "$HOME"/.pyenv/versions/3.12*/bin/python3 2>/dev/null | sort -r) \
    python3; do
    [[ -z "$candidate" ]] && continue
    if command -v "$candidate" >/dev/null && python_at_least_312 "$candidate"; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

# ---------------------------------------------------------------- localstack-core
if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$WANTED" && -x "$VENV/bin/python" ]]; then
  say "$REQUIREMENT already installed in $VENV"
else
  PYTHON="$(find_python)" ||
    die "no Python >= 3.12 with venv found (LocalStack $LOCALSTACK_VERSION needs it): install one (pyenv install 3.13) or name it in STEPSTONE_LOCALSTACK_PYTHON"
  say "installing $REQUIREMENT with $("$PYTHON" --version) into $VENV ..."
  started=$SECONDS
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV" >"$LOG" 2>&1 || { tail -n 15 "$LOG" >&2; die "$PYTHON -m venv failed; full log: $LOG"; }
  if ! "$VENV/bin/python" -m pip install --no-input --disable-pip-version-check \
    -c "$HERE/constraints.txt" "$REQUIREMENT" >>"$LOG" 2>&1; then
    tail -n 15 "$LOG" | sed 's/^/    | /' >&2
    rm -rf "$VENV"
    die "pip could not install $REQUIREMENT (is PyPI reachable? pip config list); full log: $LOG"
  fi
  "$VENV/bin/python" -c 'import localstack.runtime.main' >>"$LOG" 2>&1 ||
    die "LocalStack installed but does not import; full log: $LOG"
  echo "$WANTED" >"$STAMP"
  say "installed $REQUIREMENT in $((SECONDS - started)) s"
fi

# ---------------------------------------------------------------- the project's plugins
SITE="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
echo "$HERE" >"$SITE/stepstone_localstack.pth"
DIST="$SITE/stepstone_localstack-1.0.dist-info"
mkdir -p "$DIST"
printf 'Metadata-Version: 2.1\nName: stepstone-localstack\nVersion: 1.0\n' >"$DIST/METADATA"
cat >"$DIST/entry_points.txt" <<'EOF'
[localstack.aws.provider]
dynamodb:stepstone-moto = stepstone_localstack.dynamodb:dynamodb_stepstone_moto

[localstack.lambda.runtime_executor]
stepstone-local = stepstone_localstack.lambda_executor:LocalNodeRuntimeExecutorPlugin
EOF
"$VENV/bin/python" - <<'EOF' || die "the plugins are not found in LocalStack's venv"
from importlib.metadata import entry_points
names = {e.name for g in ("localstack.aws.provider", "localstack.lambda.runtime_executor") for e in entry_points(group=g)}
missing = {"dynamodb:stepstone-moto", "stepstone-local"} - names
raise SystemExit(f"missing entry points: {missing}" if missing else 0)
EOF
say "ready: $REQUIREMENT in $VENV, with the plugins dynamodb:stepstone-moto and stepstone-local"
