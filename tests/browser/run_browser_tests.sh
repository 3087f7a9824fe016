#!/usr/bin/env bash
# Runs the headless-Chromium tests of the web pages against the real binary:
#   run_browser_tests.sh BINARY SHARED_DIR OUTPUT_DIR
# Imports a week of real replay listings plus a hand-written hostile listing into a fresh data
# directory, starts `serve` on a free loopback port, runs web_test.mjs (playwright-core driving
# Debian's /usr/bin/chromium), then stops the server with SIGTERM and checks it exits cleanly.
# Screenshots land in OUTPUT_DIR.
set -euo pipefail

binary=$1
shared=$2
out=$3
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
data=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT

replay="$shared/data/replay/rss"
"$binary" --data "$data" import \
  "$replay"/2025-03-24.xml.gz "$replay"/2025-03-25.xml.gz "$replay"/2025-03-26.xml.gz \
  "$replay"/2025-03-27.xml.gz "$replay"/2025-03-28.xml.gz \
  "$here"/fixtures/hostile-listing-2025-03-31.xml >/dev/null

"$binary" --data "$data" serve --listen 127.0.0.1:0 >"$out/serve.log" 2>&1 &
server_pid=$!
url=""
for _ in $(seq 1 200); do
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$out/serve.log" | head -1 || true)
  [ -n "$url" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$out/serve.log"; exit 1; }
  sleep 0.05
done
[ -n "$url" ] || { echo "serve printed no address"; cat "$out/serve.log"; exit 1; }

status=0
node "$here/web_test.mjs" --url "$url" --token "$(cat "$data/api-token")" --out "$out" || status=$?

kill -TERM "$server_pid"
server_status=0
wait "$server_pid" || server_status=$?
server_pid=""
if [ "$server_status" -ne 0 ]; then
  echo "serve exited with $server_status after SIGTERM"
  status=1
fi
exit "$status"
