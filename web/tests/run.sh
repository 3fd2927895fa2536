#!/usr/bin/env bash
# Browser tests of the `sitrep serve` web page (run by `cargo xtask test`, hence by `.ci/run`).
#
# 1. installs Debian's chromium when /usr/bin/chromium is missing, and playwright-core (npm ci);
# 2. builds the release `sitrep` binary (the `serve` subcommand lives in it);
# 3. builds a fixture store with `sitrep ingest` from web/tests/fixtures/articles.jsonl (short
#    articles in several countries, with outlets, URLs and dates) and the sample article;
# 4. starts `sitrep serve` on a free loopback port and waits for /v1/health;
# 5. runs browser.test.mjs (headless chromium), which saves screenshots to
#    target/web-screenshots/ and prints their paths.
#
# Environment: CHROMIUM (browser binary, default /usr/bin/chromium); SITREP_BIN (use this binary
# instead of building target/release/sitrep).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
started=$(date +%s)

chromium=${CHROMIUM:-/usr/bin/chromium}
if [ -z "${CHROMIUM:-}" ] && [ ! -x "$chromium" ]; then
  echo "== web tests: installing Debian chromium"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -q >/dev/null
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium >/dev/null
fi
if [ ! -x "$chromium" ]; then
  echo "web tests: no browser at $chromium (set CHROMIUM to a Chromium binary)"; exit 1
fi
"$chromium" --version 2>/dev/null || true

echo "== web tests: npm ci (playwright-core)"
(cd web/tests && npm ci --no-audit --no-fund --loglevel=error)

if [ -n "${SITREP_BIN:-}" ]; then
  bin=$SITREP_BIN
else
  echo "== web tests: cargo build --release -p sitrep-cli"
  cargo build --release -p sitrep-cli
  bin="$root/target/release/sitrep"
fi

tmp=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

echo "== web tests: fixture store"
# The sample article has no metadata: it gets the date the README uses for it.
"$bin" ingest web/tests/fixtures/articles.jsonl examples/fr-syria-deir-ez-zor.txt \
  --published 2018-03-24 --db "$tmp/fixture.sqlite"

port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
url="http://127.0.0.1:$port"
echo "== web tests: sitrep serve on $url"
"$bin" serve --db "$tmp/fixture.sqlite" --addr "127.0.0.1:$port" >"$tmp/serve.log" 2>&1 &
server_pid=$!
healthy() { node -e "fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))" "$url/v1/health"; }
for _ in $(seq 1 100); do
  if healthy; then break; fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "sitrep serve exited:"; cat "$tmp/serve.log"; exit 1
  fi
  sleep 0.1
done
healthy || { echo "sitrep serve did not answer /v1/health:"; cat "$tmp/serve.log"; exit 1; }

echo "== web tests: headless chromium"
status=0
SITREP_URL=$url \
  SAMPLE_ARTICLE="$root/examples/fr-syria-deir-ez-zor.txt" \
  SCREENSHOT_DIR="$root/target/web-screenshots" \
  CHROMIUM=$chromium \
  node web/tests/browser.test.mjs || status=$?
if [ "$status" -ne 0 ]; then
  echo "== server log"; tail -n 50 "$tmp/serve.log"
fi
echo "== web tests took $(( $(date +%s) - started ))s"
exit "$status"
