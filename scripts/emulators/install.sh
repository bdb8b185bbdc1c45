#!/usr/bin/env bash
# Installs the AWS emulators the integration suite runs against, into .emulators/ (gitignored):
#   .emulators/moto/            a Python venv with moto[server] (SQS, Lambda, ...)
#   .emulators/dynamodb-local/  DynamoDB Local's jars and sqlite4java native libraries
# Idempotent: a part whose stamp file names the wanted version is left alone; the stamp is written
# last, so a part left half-done by a failed run is rebuilt from scratch. Needs python3 (>= 3.9, with venv), java (>= 17) and mvn; reaches PyPI and Maven
# Central through pip and mvn as they are configured on the machine.
#
# Usage: scripts/emulators/install.sh            install what is missing
#        STEPSTONE_EMULATORS_DIR=/path ...        install somewhere else than <repo>/.emulators
set -euo pipefail

MOTO_VERSION="5.2.5"
DYNAMODB_LOCAL_VERSION="3.3.1" # keep in sync with <dynamodb-local.version> in pom.xml

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
DIR="${STEPSTONE_EMULATORS_DIR:-$ROOT/.emulators}"
POM="$HERE/pom.xml"

say() { printf 'emulators: %s\n' "$*"; }
die() {
  printf '\nemulators: ERROR: %s\n' "$*" >&2
  exit 1
}
# Prints the last lines of a log with a prefix, for failure messages.
tail_log() { tail -n "${2:-15}" "$1" | sed 's/^/    | /' >&2; }
# Was this failure the registry not answering (as opposed to a bad version or a local problem)?
network_failure() {
  grep -qiE 'connection (refused|reset|timed out|aborted)|timed? ?out|temporary failure in name resolution|name or service not known|network is unreachable|could not transfer artifact|unknownhost|no route to host|max retries exceeded|proxyerror|ssl|from versions: none|connect to .* failed' "$1"
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
command -v java >/dev/null || die "java is not on PATH; DynamoDB Local ${DYNAMODB_LOCAL_VERSION} needs Java >= 17."
JAVA_MAJOR="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
[[ "${JAVA_MAJOR%%.*}" =~ ^[0-9]+$ && "${JAVA_MAJOR%%.*}" -ge 17 ]] ||
  die "java is version '${JAVA_MAJOR}'; DynamoDB Local ${DYNAMODB_LOCAL_VERSION} needs Java >= 17."

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

# ---------------------------------------------------------------- DynamoDB Local
DDB_DIR="$DIR/dynamodb-local"
DDB_STAMP="$DDB_DIR/.installed"
POM_SUM="$(sha256sum "$POM" | cut -c1-16)"
DDB_WANT="software.amazon.dynamodb:DynamoDBLocal:$DYNAMODB_LOCAL_VERSION pom:$POM_SUM"
if [[ -f "$DDB_STAMP" && "$(cat "$DDB_STAMP")" == "$DDB_WANT" && -f "$DDB_DIR/lib/DynamoDBLocal-$DYNAMODB_LOCAL_VERSION.jar" ]]; then
  say "DynamoDB Local $DYNAMODB_LOCAL_VERSION already installed in $DDB_DIR"
else
  command -v mvn >/dev/null || die "mvn is not on PATH; it fetches DynamoDB Local from Maven Central (Debian: apt-get install maven)."
  say "fetching DynamoDB Local $DYNAMODB_LOCAL_VERSION and its dependencies from Maven Central into $DDB_DIR ..."
  started=$SECONDS
  TMP_DDB="$DIR/.dynamodb-local.tmp"
  rm -rf "$TMP_DDB"
  mkdir -p "$TMP_DDB/lib"
  if ! mvn -B -f "$POM" dependency:copy-dependencies -DoutputDirectory="$TMP_DDB/lib" \
    >"$LOG_DIR/install-dynamodb-local.log" 2>&1; then
    grep -E '^\[ERROR\]' "$LOG_DIR/install-dynamodb-local.log" | head -n 8 | sed 's/^/    | /' >&2
    rm -rf "$TMP_DDB"
    if network_failure "$LOG_DIR/install-dynamodb-local.log"; then
      die "could not reach Maven Central to fetch DynamoDB Local $DYNAMODB_LOCAL_VERSION. Check the network or Maven's settings (~/.m2/settings.xml); full log: $LOG_DIR/install-dynamodb-local.log"
    fi
    die "Maven could not resolve DynamoDB Local $DYNAMODB_LOCAL_VERSION; full log: $LOG_DIR/install-dynamodb-local.log"
  fi
  [[ -f "$TMP_DDB/lib/DynamoDBLocal-$DYNAMODB_LOCAL_VERSION.jar" ]] ||
    die "Maven succeeded but DynamoDBLocal-$DYNAMODB_LOCAL_VERSION.jar is missing from $TMP_DDB/lib"
  ls "$TMP_DDB/lib"/libsqlite4java-linux-*.so >/dev/null 2>&1 ||
    die "the sqlite4java native library for Linux is missing from $TMP_DDB/lib"
  rm -rf "$DDB_DIR"
  mv "$TMP_DDB" "$DDB_DIR"
  echo "$DDB_WANT" >"$DDB_STAMP"
  say "installed DynamoDB Local $DYNAMODB_LOCAL_VERSION ($(find "$DDB_DIR/lib" -type f | wc -l) files, $(du -sh "$DDB_DIR" | cut -f1)) in $((SECONDS - started)) s"
fi

say "ready: moto[server] $MOTO_VERSION, DynamoDB Local $DYNAMODB_LOCAL_VERSION in $DIR"
