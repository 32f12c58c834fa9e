#!/usr/bin/env bash
# Keypress-to-repaint latency of rdb's terminal UI for `n` steps in a 20,000-line file,
# and the time from launch to the first painted stop. Runs the release build inside tmux
# and reads the timings the UI writes when RDB_TIMING is set.
#
#   benches/tui_latency.sh [steps]      (default 200)
set -euo pipefail
cd "$(dirname "$0")/.."
steps=${1:-200}
cargo build --release -q
rdb=$PWD/target/release/rdb
tmp=$(mktemp -d)
trap 'tmux kill-session -t rdb-bench 2>/dev/null || true; rm -rf "$tmp"' EXIT

python3 - "$tmp/big.py" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("def work(i):\n    return i * 2\n\n")
    for i in range(19_997):
        f.write(f"x{i % 50} = work({i})\n")
PY

tmux kill-session -t rdb-bench 2>/dev/null || true
tmux new-session -d -s rdb-bench -x 120 -y 40 -c "$tmp" "RDB_TIMING=$tmp/t.log $rdb big.py; sleep 5"
count() { grep -c "$1" "$tmp/t.log" 2>/dev/null || true; }
wait_count() {  # pattern, n
  for _ in $(seq 1 5000); do
    [ "$(count "$1")" -ge "$2" ] && return 0
    sleep 0.002
  done
  echo "timed out waiting for $1 x$2" >&2; exit 1
}
wait_count first_paint_ms 1
for i in $(seq 1 "$steps"); do
  tmux send-keys -t rdb-bench n
  wait_count key_to_paint_ms "$i"
done
tmux send-keys -t rdb-bench q

# What plain python spends before it could run the first line: start-up and compiling
# the file (the program's own start-up work, which rdb pays too).
python=${RDB_BENCH_PYTHON:-$(python3 -c 'import sys; print(sys.executable)')}
baseline=$(python3 - "$python" "$tmp/big.py" <<'PY'
import statistics, subprocess, sys, time
runs = []
for _ in range(5):
    t = time.perf_counter()
    subprocess.run([sys.argv[1], "-c", "import sys; compile(open(sys.argv[1]).read(), sys.argv[1], 'exec')", sys.argv[2]], check=True)
    runs.append((time.perf_counter() - t) * 1e3)
print(f"{statistics.median(runs):.1f}")
PY
)
echo "plain $python start-up + compile of the file: $baseline ms (median of 5)"

python3 - "$tmp/t.log" "$steps" "$baseline" <<'PY'
import statistics, sys
lines = [l.split() for l in open(sys.argv[1])]
first = [float(v) for k, v in lines if k == "first_paint_ms"]
steps = sorted(float(v) for k, v in lines if k == "key_to_paint_ms")
p90 = steps[int(len(steps) * 0.9) - 1]
print(f"file: 20,000 lines; {len(steps)} steps with n")
base = float(sys.argv[3])
print(f"first paint after launch: {first[0]:.1f} ms ({first[0] - base:+.1f} ms over plain python's start-up + compile)")
print(f"key to repaint: median {statistics.median(steps):.2f} ms, p90 {p90:.2f} ms, max {steps[-1]:.2f} ms")
PY
