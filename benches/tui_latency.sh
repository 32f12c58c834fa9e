#!/usr/bin/env bash
# Keypress-to-repaint latency of rdb's terminal UI for `n` steps in a 20,000-line file,
# the time from launch to the first painted stop, and keys answered while the program
# writes 100 MB through its terminal (with rdb's peak memory then). Runs the release
# build inside tmux and reads the timings the UI writes when RDB_TIMING is set.
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
source benches/timing_log.sh
wait_count "$tmp/t.log" first_paint_ms 1
for i in $(seq 1 "$steps"); do
  tmux send-keys -t rdb-bench n
  wait_count "$tmp/t.log" step_to_paint_ms "$i"
done
tmux send-keys -t rdb-bench q
sleep 0.5

# A flood: 100 MB (10^6 lines of 100 bytes) through the program's terminal while keys
# scroll the output pane every 50 ms.
cat > "$tmp/flood.py" <<'PY'
import sys
pad = "x" * 91 + "\n"
for i in range(1_000_000):
    sys.stdout.write("%08d " % i + pad)
print("flood", "over")
PY
tmux kill-session -t rdb-bench 2>/dev/null || true
tmux new-session -d -s rdb-bench -x 120 -y 40 -c "$tmp" "RDB_TIMING=$tmp/f.log $rdb flood.py; sleep 5"
for _ in $(seq 1 5000); do grep -q first_paint_ms "$tmp/f.log" 2>/dev/null && break; sleep 0.002; done
pid=$(pgrep -n -f "$rdb flood.py")
flood_start=$(date +%s.%N)
tmux send-keys -t rdb-bench c o
keys=0
until tmux capture-pane -p -t rdb-bench | grep -q "flood over"; do
  sleep 0.05
  if [ $((keys % 2)) = 0 ]; then tmux send-keys -t rdb-bench k; else tmux send-keys -t rdb-bench j; fi
  keys=$((keys + 1))
done
flood_end=$(date +%s.%N)
peak=$(awk '/VmHWM/ {print $2}' /proc/"$pid"/status)
tmux send-keys -t rdb-bench q
echo "flood: 100 MB in $(python3 -c "print(f'{$flood_end - $flood_start:.1f}')") s, $keys keys pressed meanwhile; rdb's peak RSS $((peak / 1024)) MB"

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
steps = sorted(float(v) for k, v in lines if k == "step_to_paint_ms")
p90 = steps[int(len(steps) * 0.9) - 1]
print(f"file: 20,000 lines; {len(steps)} steps with n")
base = float(sys.argv[3])
print(f"first paint after launch: {first[0]:.1f} ms ({first[0] - base:+.1f} ms over plain python's start-up + compile)")
print(f"key to repaint: median {statistics.median(steps):.2f} ms, p90 {p90:.2f} ms, max {steps[-1]:.2f} ms")
PY
python3 - "$tmp/f.log" <<'PY'
import statistics, sys
keys = sorted(float(v) for k, v in (l.split() for l in open(sys.argv[1])) if k == "key_to_paint_ms")
p90 = keys[int(len(keys) * 0.9) - 1]
print(f"keys during the flood: {len(keys)} answered, median {statistics.median(keys):.2f} ms, p90 {p90:.2f} ms, max {keys[-1]:.2f} ms")
PY
