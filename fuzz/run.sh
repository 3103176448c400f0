#!/usr/bin/env bash
# Runs every fuzz target of dossier for a set time each (default 60 s).
#
#   fuzz/run.sh [seconds] [target...]
#
# Needs a nightly toolchain and cargo-fuzz:
#   rustup toolchain install nightly && cargo install cargo-fuzz
# Corpora grow in fuzz/corpus/<target>/ (seeded from the test fixtures);
# crashes land in fuzz/artifacts/<target>/ — turn each into a regression
# test named after what it is, then fix it.
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(front_matter partial_date markdown slug_path)
fi
jobs="${FUZZ_JOBS:-1}"

seed() {
    local target=$1 dir=corpus/$1
    mkdir -p "$dir"
    [ -n "$(ls -A "$dir")" ] && return
    case $target in
        front_matter | markdown)
            find ../tests/fixtures ../content -name '*.md' -size -64k | while read -r f; do
                cp "$f" "$dir/$(echo "$f" | tr '/' '_')"
            done ;;
        partial_date)
            for d in 2025 2025-04 2025-04-03 2025-10-13T09:30:00+08:00 2024-02-29 2025-13-45; do
                printf '%s' "$d" > "$dir/$d"
            done ;;
        slug_path)
            for s in "Pakistan's pact" ../../x /abs "a/../../b" 中国 "Zürich"; do
                printf '%s' "$s" > "$dir/$(printf '%s' "$s" | md5sum | cut -c1-8)"
            done ;;
    esac
}

status=0
for t in "${targets[@]}"; do
    seed "$t"
    echo "== $t for ${secs}s"
    start=$(date +%s)
    parallel=()
    if [ "$jobs" -gt 1 ]; then
        parallel=(-jobs="$jobs" -workers="$jobs")
    fi
    if ! cargo +nightly fuzz run "$t" "corpus/$t" -- \
        -max_total_time="$secs" -timeout=10 -rss_limit_mb=4096 -max_len=65536 \
        "${parallel[@]}" -print_final_stats=1 2>&1 | tail -n 25; then
        status=1
    fi
    echo "== $t: ran $(( $(date +%s) - start ))s; corpus $(ls "corpus/$t" | wc -l) inputs; artifacts: $(ls "artifacts/$t" 2>/dev/null | wc -l)"
done
exit $status
