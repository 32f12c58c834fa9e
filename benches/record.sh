#!/usr/bin/env bash
# rdb record on a program of about 10^6 events (a loop of 5,000 lines, 100 times):
# wall time against plain python and `rdb trace --events call,return,line` (the same
# events told), peak RSS and the recording's size; then `rdb replay --batch` to
# `goto 999000` (median of 3, the three runs interleaved); then the full-screen replay
# scrubbing from step 500,000: → 100 times and ← 100 times, each key to the repaint of
# its step (as the interface logs it with RDB_TIMING); then the web page of it (its size,
# and the time headless Chromium takes to open it at step 999,000).
# Release build.
#
#   benches/record.sh
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
cargo build --release -q
rdb=$PWD/target/release/rdb
python=${RDB_BENCH_PYTHON:-python3}
tmp=$(mktemp -d)
trap 'tmux kill-session -t rdb-scrub 2>/dev/null || true; rm -rf "$tmp"' EXIT
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

# The interface over the same recording: → and ← from step 500,000.
tmux kill-session -t rdb-scrub 2>/dev/null || true
tmux new-session -d -s rdb-scrub -x 150 -y 45 -c "$tmp" "RDB_TIMING=$tmp/scrub.log $rdb replay big.rdbrec; sleep 5"
source "$repo/benches/timing_log.sh"
wait_count "$tmp/scrub.log" first_paint_ms 1
tmux send-keys -t rdb-scrub : "goto 500000" Enter
wait_count "$tmp/scrub.log" step_to_paint_ms 1
for i in $(seq 1 100); do tmux send-keys -t rdb-scrub Right; wait_count "$tmp/scrub.log" step_to_paint_ms $((1 + i)); done
for i in $(seq 1 100); do tmux send-keys -t rdb-scrub Left; wait_count "$tmp/scrub.log" step_to_paint_ms $((101 + i)); done
tmux send-keys -t rdb-scrub q
grep step_to_paint_ms "$tmp/scrub.log" | tail -n 200 | python3 -c '
import statistics, sys
ms = sorted(float(l.split()[1]) for l in sys.stdin)
print(f"rdb replay (interface), step to repaint over 200 steps: median {statistics.median(ms):.2f} ms, p90 {ms[int(len(ms) * 0.9)]:.2f} ms, max {ms[-1]:.2f} ms")
'

# The web page of the same recording.
start=$(date +%s.%N)
"$rdb" replay big.rdbrec --html big.html 2> /dev/null
end=$(date +%s.%N)
page_kb=$(( $(stat -c %s big.html) / 1024 ))
if command -v chromium > /dev/null; then
  b0=$(date +%s.%N)
  shown=$(chromium --headless --no-sandbox --disable-gpu --user-data-dir="$tmp/profile" \
    --virtual-time-budget=60000 --dump-dom "file://$tmp/big.html#step=999000" 2> /dev/null \
    | grep -c '<span id="position">step 999000 of' || true)
  b1=$(date +%s.%N)
  browser=$(python3 -c "print(f'headless Chromium opens it at step 999000 in {($b1 - $b0):.2f} s, browser start included (shown: $shown)')")
else
  browser="(no chromium)"
fi
python3 -c "print(f'rdb replay --html: {($end - $start):.2f} s, page {$page_kb / 1024:.1f} MB; $browser')"
