#!/usr/bin/env bash
# The build benchmark: generates deterministic corpora of 1,000 and 10,000
# briefings, builds each several times, and prints median wall time, pages per
# second and peak memory, with a "floor" row (read every input, write the same
# bytes) for comparison. Usage: bench/run.sh [RUNS] [SIZES...]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
shift || true
sizes=("${@:-1000 10000}")
read -r -a sizes <<<"${sizes[*]}"

if [[ ! -x /usr/bin/time ]]; then
  echo "bench/run.sh needs GNU time for wall time and peak memory: apt-get install time" >&2
  exit 2
fi

cargo build --release --quiet --bin dossier --example gen_corpus --example floor
bin=target/release/dossier
work=target/bench
mkdir -p "$work"

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "dossier $(git rev-parse --short HEAD 2>/dev/null || echo '?'), RAYON_NUM_THREADS=${RAYON_NUM_THREADS:-all}"
printf '%-10s %-7s %10s %10s %10s %12s %10s\n' briefings runs median_s min_s cpu_s pages_per_s peak_MiB

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

for n in "${sizes[@]}"; do
  corpus="$work/corpus-$n"
  if [[ ! -f "$corpus/site.toml" ]]; then
    target/release/examples/gen_corpus --briefings "$n" --seed 1 --out "$corpus" 2>/dev/null
  fi
  times=(); cpus=(); peak=0
  for ((i = 0; i < runs; i++)); do
    /usr/bin/time -o "$work/time-$n" -f '%e %U %S %M' "$bin" build --root "$corpus" --output "$work/out-$n" >/dev/null 2>"$work/log-$n"
    out=$(tail -1 "$work/time-$n")
    # The previous output is deleted by a detached process; let it finish
    # so that it does not slow the next run.
    while compgen -G "$work/.out-$n.old-*" >/dev/null; do sleep 0.2; done
    read -r wall user sys kb <<<"$out"
    times+=("$wall")
    cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')")
    ((kb > peak)) && peak=$kb
  done
  pages=$(find "$work/out-$n" -name '*.html' | wc -l)
  med=$(printf '%s\n' "${times[@]}" | median)
  min=$(printf '%s\n' "${times[@]}" | sort -n | head -1)
  cpu=$(printf '%s\n' "${cpus[@]}" | median)
  printf '%-10s %-7s %10s %10s %10s %12.0f %10.0f\n' "$n" "$runs" "$med" "$min" "$cpu" "$(awk -v p="$pages" -v m="$med" 'BEGIN { print p / m }')" "$(awk -v k="$peak" 'BEGIN { print k / 1024 }')"
  target/release/examples/floor "$corpus" "$work/out-$n" "$work/floor-$n"
  rm -rf "$work/floor-$n"
done
