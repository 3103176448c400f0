#!/usr/bin/env bash
# Screenshots of a large site for review (issue 14): generates a
# deterministic corpus, builds it with this tree's release binary, serves
# the output on 127.0.0.1 and takes headless Chromium screenshots of
# /timeline/, the busiest actor's page and /sources/ at 1280 px and 390 px
# wide. Usage: bench/screenshots.sh [BRIEFINGS] [OUT_DIR]
# (defaults: 10000, target/screenshots). The corpus and the built site are
# made in a temporary folder and deleted at the end; the PNGs stay in OUT_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
shots=${2:-target/screenshots}
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [[ -z "$browser" ]]; then
  echo "bench/screenshots.sh needs Chromium: apt-get install chromium" >&2
  exit 2
fi
cargo build --release --quiet --bin dossier --example gen_corpus
tmp=$(mktemp -d)
server=""
cleanup() {
  if [[ -n "$server" ]]; then kill "$server" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

target/release/examples/gen_corpus --briefings "$n" --seed 1 --out "$tmp/corpus" >/dev/null 2>&1
target/release/dossier build --root "$tmp/corpus" --output "$tmp/site" 2>&1 | tail -1

# The actor with the most events, from the open data.
actor=$(python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(max(d["actors"], key=lambda a: (a["event_count"], a["id"]))["id"])' "$tmp/site/data/actors.json")

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$tmp/site" >/dev/null 2>&1 &
server=$!
for _ in $(seq 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/')" 2>/dev/null && break
  sleep 0.1
done

mkdir -p "$shots"
for page in timeline "actors/$actor" sources; do
  name=$(echo "$page" | tr / -)
  for size in 1280,2400 390,2400; do
    width=${size%,*}
    "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
      --user-data-dir="$tmp/profile" --window-size="$size" \
      --screenshot="$shots/$n-$name-$width.png" "http://127.0.0.1:$port/$page/" >/dev/null 2>&1
    echo "$shots/$n-$name-$width.png  (/$page/ at $width px)"
  done
done
