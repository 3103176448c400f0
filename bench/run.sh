#!/usr/bin/env bash
# The build benchmark: generates deterministic corpora of 1,000 and 10,000
# briefings, builds each several times, and prints median wall time, pages per
# second and peak memory, with a "floor" row (read every input, write the same
# bytes) for comparison; then, for each size, the output's total size, file
# count, its largest HTML page and the size of each top folder.
# Usage: bench/run.sh [RUNS] [SIZES...]
#
# bench/run.sh --100k adds the 100,000-briefing run (one build per binary):
# it needs about 40 GB of free disk (corpus ~2 GB, output ~6-14 GB per
# binary) and ~12 GiB of memory, and takes several minutes on 2 cores. Its
# corpus and outputs are deleted once measured (KEEP=1 keeps them), and the
# run refuses to start with less than 40 GB free. Sizes may also be given
# by hand: bench/run.sh 1 100000.
#
# BASELINE=/path/to/other/dossier runs that binary too, on the same corpora
# and in the same run (runs alternate between the two), prints a row for
# each, and says whether their outputs are byte-identical.
set -euo pipefail
cd "$(dirname "$0")/.."
big=0
if [[ "${1:-}" == "--100k" ]]; then
  big=1
  shift
fi
runs=${1:-5}
shift || true
sizes=("${@:-1000 10000}")
read -r -a sizes <<<"${sizes[*]}"
if ((big)); then
  sizes+=(100000)
fi

if [[ ! -x /usr/bin/time ]]; then
  echo "bench/run.sh needs GNU time for wall time and peak memory: apt-get install time" >&2
  exit 2
fi

# DOSSIER_BIN=/path/to/dossier measures that binary instead of building
# this tree's (the examples are built once if missing).
if [[ -n "${DOSSIER_BIN:-}" ]]; then
  [[ -x target/release/examples/gen_corpus && -x target/release/examples/floor ]] ||
    cargo build --release --quiet --example gen_corpus --example floor
  bin=$DOSSIER_BIN
else
  cargo build --release --quiet --bin dossier --example gen_corpus --example floor
  bin=target/release/dossier
fi
work=target/bench
mkdir -p "$work"

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "dossier $(git rev-parse --short HEAD 2>/dev/null || echo '?'), RAYON_NUM_THREADS=${RAYON_NUM_THREADS:-all}"
bins=("$bin")
names=(this)
if [[ -n "${BASELINE:-}" ]]; then
  bins+=("$BASELINE")
  names+=(baseline)
fi
printf '%-10s %-9s %-7s %10s %10s %10s %12s %10s\n' briefings binary runs median_s min_s cpu_s pages_per_s peak_MiB

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

for n in "${sizes[@]}"; do
  corpus="$work/corpus-$n"
  n_runs=$runs
  if ((n >= 100000)); then
    free_gb=$(df --output=avail -BG "$work" | tail -1 | tr -dc 0-9)
    if ((free_gb < 40)); then
      echo "skipping $n briefings: $free_gb GB free under $work, the run needs 40 GB" >&2
      continue
    fi
    n_runs=1
  fi
  if [[ ! -f "$corpus/site.toml" ]]; then
    target/release/examples/gen_corpus --briefings "$n" --seed 1 --out "$corpus" 2>/dev/null
  fi
  declare -A times cpus peak
  for b in "${!bins[@]}"; do times[$b]=""; cpus[$b]=""; peak[$b]=0; done
  for ((i = 0; i < n_runs; i++)); do
    for b in "${!bins[@]}"; do
      /usr/bin/time -o "$work/time-$n" -f '%e %U %S %M' "${bins[$b]}" build --root "$corpus" --output "$work/out-$n-$b" >/dev/null 2>"$work/log-$n-$b"
      out=$(tail -1 "$work/time-$n")
      # The previous output is deleted by a detached process; let it finish
      # so that it does not slow the next run.
      while compgen -G "$work/.out-$n-$b.old-*" >/dev/null; do sleep 0.2; done
      read -r wall user sys kb <<<"$out"
      times[$b]+="$wall "
      cpus[$b]+="$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }') "
      ((kb > peak[$b])) && peak[$b]=$kb
    done
  done
  for b in "${!bins[@]}"; do
    pages=$(find "$work/out-$n-$b" -name '*.html' | wc -l)
    med=$(printf '%s\n' ${times[$b]} | median)
    min=$(printf '%s\n' ${times[$b]} | sort -n | head -1)
    cpu=$(printf '%s\n' ${cpus[$b]} | median)
    printf '%-10s %-9s %-7s %10s %10s %10s %12.0f %10.0f\n' "$n" "${names[$b]}" "$n_runs" "$med" "$min" "$cpu" "$(awk -v p="$pages" -v m="$med" 'BEGIN { print p / m }')" "$(awk -v k="${peak[$b]}" 'BEGIN { print k / 1024 }')"
  done
  # What the output weighs: in all, by top folder, and its largest page.
  for b in "${!bins[@]}"; do
    out="$work/out-$n-$b"
    # The files' bytes (what a host stores and serves), in MB of 10^6 bytes;
    # `du --apparent-size` also counts each folder's own 4 KiB on ext4.
    read -r total files < <(find "$out" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%.1f %d\n", s / 1e6, NR }')
    dirs=$(find "$out" -type d | wc -l)
    du_mib=$(du -s --apparent-size --block-size=1M "$out" | cut -f1)
    read -r big_size big_page < <(find "$out" -name '*.html' -printf '%s %P\n' | sort -n | tail -1)
    echo "output at $n (${names[$b]}): $total MB in $files files and $dirs folders (du --apparent-size: $du_mib MiB); largest HTML page $((big_size / 1024)) KB: /$big_page"
    echo "  by folder (du MiB): $(du -s --apparent-size --block-size=1M "$out"/* | sort -rn | head -10 | awk '{ sub(".*/", "", $2); printf "%s %s, ", $2, $1 }' | sed 's/, $//')"
  done
  if [[ ${#bins[@]} -gt 1 ]]; then
    differ=$( (diff -rq "$work/out-$n-0" "$work/out-$n-1" || true) | wc -l)
    echo "outputs of this and baseline at $n: $differ file(s) differ"
  fi
  unset times cpus peak
  target/release/examples/floor "$corpus" "$work/out-$n-0" "$work/floor-$n"
  rm -rf "$work/floor-$n"
  if ((n >= 100000)) && [[ "${KEEP:-0}" != 1 ]]; then
    rm -rf "$corpus" "$work"/out-"$n"-* "$work"/.out-"$n"-*
  fi
done
