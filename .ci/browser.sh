#!/usr/bin/env bash
# The browser check of `entente serve`: headless Chromium loads every kind of page of
# the explorer over the bundled examples and fails on any console error or failed
# request (web/browser/test.mjs). Installs Debian's chromium when it is missing.
# Screenshots go to web/browser/screenshots/ (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi
(cd web/browser && npm ci --no-audit --no-fund)
cargo build --release --locked

tmp=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

target/release/entente --db "$tmp/entente.db" ingest -q examples/
target/release/entente --db "$tmp/entente.db" serve --bind 127.0.0.1:0 2>"$tmp/serve.log" &
server=$!
url=""
for _ in $(seq 1 50); do
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$tmp/serve.log" || true)
  [ -n "$url" ] && break
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "browser check: the server did not start:" >&2
  cat "$tmp/serve.log" >&2
  exit 1
fi
node web/browser/test.mjs "$url" web/browser/screenshots
