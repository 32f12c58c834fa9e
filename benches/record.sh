#!/usr/bin/env bash
# rdb record on a program of about 10^6 events (a loop of 5,000 lines, 100 times):
# wall time against plain python and `rdb trace --events call,return,line` (the same
# events told), peak RSS and the recording's size; then `rdb replay --batch` to
# `goto 999000`. Median of 3, the three runs interleaved. Release build.
#
#   benches/record.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
rdb=$PWD/target/release/rdb
python=${RDB_BENCH_PYTHON:-python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/big.py" <<'PY'
def work(n):
    total = 0
    for i in range(n):
        total += i * i
    return total

for k in range(100):
    work(5000)
PY
cd "$tmp"
printf 'goto 999000\nsteps\nq\n' > goto.txt
measure() {  # label, command...: "seconds kilobytes"
  /usr/bin/time -f "%e %M" -o "$tmp/t" "${@:2}" > /dev/null 2> "$tmp/err" < "${STDIN:-/dev/null}"
  echo "$1 $(cat "$tmp/t")"
}
for _ in 1 2 3; do
  measure python "$python" big.py
  measure trace "$rdb" trace --events call,return,line -o /dev/null big.py
  measure record "$rdb" record big.py
  STDIN=goto.txt measure replay "$rdb" replay --batch big.rdbrec
done > runs.txt
steps=$(grep -o '[0-9]* steps' err 2>/dev/null || true)
size=$(stat -c %s big.rdbrec)
python3 - runs.txt "$size" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    label, secs, kb = line.split()
    runs.setdefault(label, []).append((float(secs), int(kb)))
med = {k: (statistics.median(s for s, _ in v), statistics.median(m for _, m in v)) for k, v in runs.items()}
py, tr, rec, rep = med["python"], med["trace"], med["record"], med["replay"]
print(f"plain python: {py[0]:.2f} s")
print(f"rdb trace (call,return,line): {tr[0]:.2f} s ({tr[0] / py[0]:.1f}x python)")
print(f"rdb record: {rec[0]:.2f} s ({rec[0] / py[0]:.1f}x python, {rec[0] / tr[0]:.2f}x rdb trace), peak RSS {rec[1] / 1024:.1f} MB, file {int(sys.argv[2]) / 2**20:.1f} MB")
print(f"rdb replay --batch, load + goto 999000: {rep[0]:.2f} s, peak RSS {rep[1] / 1024:.0f} MB")
PY
