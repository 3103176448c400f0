#!/usr/bin/env bash
# Edit-to-reload latency of `dossier serve`: the time from saving a briefing
# to the live-reload event that announces the new build (what an open tab
# waits for). It includes the watcher's debounce.
#
#   bench/serve_edit.sh [--generate N] [--kind title|body] [--edits K] [SITE]
#
# SITE defaults to the example site at the repository root; --generate N
# builds a throwaway site of N briefings (examples/gen_corpus.rs) in a
# temporary folder instead (or copies target/bench/corpus-N when
# bench/run.sh left one there). Set DOSSIER_TIMINGS=1 to see each step.
# Each edit waits for the build of the last one to finish (feeds and data
# included), so every figure is one edit alone.
# The site is copied first, so the edits never touch your files. Needs a
# release build (cargo build --release) and curl. DOSSIER_BIN=/path/to/dossier
# measures another binary (for a before/after comparison).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
bin="${DOSSIER_BIN:-$repo/target/release/dossier}"
generate=0 kind=title edits=10 site="$repo"
while [ $# -gt 0 ]; do
  case "$1" in
    --generate) generate=$2; shift 2 ;;
    --kind) kind=$2; shift 2 ;;
    --edits) edits=$2; shift 2 ;;
    *) site=$1; shift ;;
  esac
done
[ -x "$bin" ] || { echo "build first: cargo build --release" >&2; exit 2; }
command -v curl >/dev/null || { echo "bench/serve_edit.sh needs curl: apt-get install curl" >&2; exit 2; }

work=$(mktemp -d)
serve_pid="" curl_pid=""
cleanup() {
  [ -n "$curl_pid" ] && kill "$curl_pid" 2>/dev/null || true
  [ -n "$serve_pid" ] && kill -INT "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

if [ "$generate" -gt 0 ] && [ -f "$repo/target/bench/corpus-$generate/site.toml" ]; then
  mkdir -p "$work/site"
  cp -r "$repo/target/bench/corpus-$generate/site.toml" "$repo/target/bench/corpus-$generate/content" "$work/site/"
elif [ "$generate" -gt 0 ]; then
  (cd "$repo" && cargo build --release --quiet --example gen_corpus)
  "$repo/target/release/examples/gen_corpus" --briefings "$generate" --seed 1 --out "$work/site" >/dev/null 2>&1
else
  mkdir -p "$work/site"
  cp -r "$site/site.toml" "$site/content" "$work/site/"
  [ -d "$site/themes" ] && cp -r "$site/themes" "$work/site/"
fi
target=$(find "$work/site/content" -name '*.md' -not -path '*/actors/*' -not -path '*/pages/*' | sort | xargs grep -L '^draft = true' | tail -n 1 || true)

"$bin" serve --root "$work/site" --port 0 >"$work/out" 2>"$work/err" &
serve_pid=$!
for _ in $(seq 1 1200); do grep -q '^Serving' "$work/out" 2>/dev/null && break; sleep 0.1; done
url=$(awk '/^Serving/ {print $2}' "$work/out")
[ -n "$url" ] || { cat "$work/err" >&2; exit 1; }
grep -E '^built' "$work/err" || true

curl -sN "${url}__dossier/events" | while IFS= read -r line; do
  case "$line" in data:*) echo "$(date +%s%N) $line" ;; esac
done >"$work/events" &
curl_pid=$!
for _ in $(seq 1 100); do [ -s "$work/events" ] && break; sleep 0.05; done

generation() { tail -n 1 "$work/events" | sed -n 's/.*"generation":\([0-9]*\).*/\1/p'; }
latencies=()
for ((k = 1; k <= edits; k++)); do
  before=$(generation)
  done_before=$(grep -cE '^(rebuilt|build failed)' "$work/err" || true)
  if [ "$kind" = body ]; then
    t0=$(date +%s%N); printf '\nBench paragraph %d.\n' "$k" >>"$target"
  else
    t0=$(date +%s%N); sed -i "0,/^title = .*/s//title = \"Bench edit $k\"/" "$target"
  fi
  # Wait for the build that changed the site (a later generation).
  for _ in $(seq 1 6000); do [ "$(generation)" != "$before" ] && break; sleep 0.005; done
  t1=$(tail -n 1 "$work/events" | cut -d' ' -f1)
  latencies+=($(((t1 - t0) / 1000000)))
  # Let the build finish (feeds and data) before the next edit.
  for _ in $(seq 1 6000); do [ "$(grep -cE '^(rebuilt|build failed)' "$work/err")" -ge "$((done_before + 1))" ] && break; sleep 0.02; done
  sleep 0.3
done
echo "edit kind: $kind; file: ${target#$work/site/}"
echo "edit-to-reload (ms): ${latencies[*]}"
printf '%s\n' "${latencies[@]}" | sort -n | awk '{a[NR]=$1} END {print "median (ms): " a[int((NR+1)/2)]}'
echo "dossier's own rebuild times:"
grep -E '^rebuilt|steps:' "$work/err" | tail -n $((edits * 2))
