#!/usr/bin/env bash
# Browser end-to-end test against the real server (ctest: e2e.browser).
#
#   tests/e2e/run.sh [ENTENTE_BIN [WORK_DIR]]
#
# Creates a scratch database from data/ in WORK_DIR, starts `ENTENTE_BIN serve` on an
# ephemeral local port with the built UI (web/dist), runs `node --test` on
# map.test.mjs, rules.test.mjs, simulate.test.mjs, records.test.mjs, programme.test.mjs, cooperation.test.mjs, map-tools.test.mjs, exports.test.mjs, analytics.test.mjs and a11y.test.mjs with Debian's
# chromium, then stops the server. records.test.mjs, programme.test.mjs and cooperation.test.mjs start a server of
# their own on a database each makes (ENTENTE_BIN is passed on to them).
#   ENTENTE_BIN  default build/release/apps/entente
#   WORK_DIR     default a temporary folder (removed afterwards)
# With ENTENTE_URL set, no server is started and that one is tested instead (records.test.mjs
# programme.test.mjs and cooperation.test.mjs still start their own, from $ENTENTE_BIN or build/release/apps/entente).
# Screenshots go to $ENTENTE_SCREENSHOT_DIR (default tests/e2e/out/).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

chromium="${CHROMIUM:-/usr/bin/chromium}"
[ -x "$chromium" ] || { echo "e2e: $chromium is missing: apt-get install -y chromium (or set CHROMIUM)" >&2; exit 1; }

if [ ! -d "$here/node_modules/playwright-core" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

server_pid=""
tmp=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ -n "$tmp" ]; then rm -rf "$tmp"; fi
}
trap cleanup EXIT

if [ -z "${ENTENTE_URL:-}" ]; then
  bin="$(realpath "${1:-$root/build/release/apps/entente}")"
  [ -x "$bin" ] || { echo "e2e: no server binary at $bin (build it, or pass its path, or set ENTENTE_URL)" >&2; exit 1; }
  export ENTENTE_BIN="$bin"
  if [ -n "${2:-}" ]; then
    work="$2"
    mkdir -p "$work"
  else
    tmp="$(mktemp -d)"
    work="$tmp"
  fi
  if [ ! -f "$root/web/dist/index.html" ]; then
    (cd "$root/web" && { [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error; } && npm run build)
  fi
  "$bin" init --db "$work/e2e.db" --data "$root/data" >/dev/null
  : >"$work/server.out"
  "$bin" serve --db "$work/e2e.db" --host 127.0.0.1 --port 0 --web "$root/web/dist" --scenarios "$root/scenarios" \
    --threads 2 --access-log off \
    >"$work/server.out" 2>"$work/server.err" &
  server_pid=$!
  # the server prints "listening on http://HOST:PORT" once it accepts connections
  for _ in $(seq 1 100); do
    line="$(head -n 1 "$work/server.out")"
    case "$line" in listening\ on\ http://*) break ;; esac
    kill -0 "$server_pid" 2>/dev/null || { echo "e2e: the server exited:" >&2; cat "$work/server.err" >&2; exit 1; }
    sleep 0.1
  done
  case "$line" in
    listening\ on\ http://*) export ENTENTE_URL="${line#listening on }" ;;
    *) echo "e2e: the server did not start: $line" >&2; cat "$work/server.err" >&2; exit 1 ;;
  esac
fi

echo "e2e: testing $ENTENTE_URL"
cd "$here"
node --test --test-concurrency=1 map.test.mjs rules.test.mjs simulate.test.mjs records.test.mjs programme.test.mjs cooperation.test.mjs map-tools.test.mjs exports.test.mjs analytics.test.mjs a11y.test.mjs
