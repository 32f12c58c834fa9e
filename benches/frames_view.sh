#!/usr/bin/env bash
# The frames view's cost: step-to-repaint of `n` at a stop 50 frames deep, each frame
# with 20 variables, with the frames view on (every frame's variables built and drawn)
# and off (the selected frame's only). Runs the release build inside tmux at 160×50 and
# reads the timings the UI writes when RDB_TIMING is set. Target: ≤ 16 ms per step
# with the view on.
#
#   benches/frames_view.sh [steps]      (default 60)
set -euo pipefail
cd "$(dirname "$0")/.."
steps=${1:-60}
cargo build --release -q
rdb=$PWD/target/release/rdb
tmp=$(mktemp -d)
trap 'tmux kill-session -t rdb-frames 2>/dev/null || true; rm -rf "$tmp"' EXIT
source benches/timing_log.sh

python3 - "$tmp/deep.py" <<'PY'
import sys
names = ", ".join(f"v{i}" for i in range(18))
with open(sys.argv[1], "w") as f:
    f.write("def level(depth, items):\n")
    for i in range(18):
        f.write(f"    v{i} = [depth, {i}, 'value {i}'] if {i} % 3 else depth * {i}\n")
    f.write("    if depth == 50:\n")
    f.write("        for step in range(1000):\n")
    f.write("            items.append(step)\n")   # line 22: the loop `n` walks
    f.write("        return items\n")
    f.write("    return level(depth + 1, items)\n\n")
    f.write("level(1, [])\n")
PY

run() {  # log name, keys to press first, label
  local log=$tmp/$1.log
  tmux kill-session -t rdb-frames 2>/dev/null || true
  tmux new-session -d -s rdb-frames -x 160 -y 50 -c "$tmp" "RDB_TIMING=$log $rdb deep.py; sleep 5"
  wait_count "$log" first_paint_ms 1
  tmux send-keys -t rdb-frames : ; tmux send-keys -t rdb-frames "b 22" Enter
  tmux send-keys -t rdb-frames c
  wait_count "$log" step_to_paint_ms 1
  if [ -n "$2" ]; then tmux send-keys -t rdb-frames "$2"; sleep 0.5; fi
  local base; base=$(count "$log" step_to_paint_ms)
  for i in $(seq 1 "$steps"); do
    tmux send-keys -t rdb-frames n
    wait_count "$log" step_to_paint_ms $((base + i))
  done
  tmux send-keys -t rdb-frames q
  sleep 0.3
  python3 - "$log" "$base" "$3" <<'PY'
import statistics, sys
steps = [float(v) for k, v in (l.split() for l in open(sys.argv[1])) if k == "step_to_paint_ms"]
steps = sorted(steps[int(sys.argv[2]):])
p90 = steps[int(len(steps) * 0.9) - 1]
print(f"{sys.argv[3]:>16}: {len(steps)} steps, step to repaint median {statistics.median(steps):.2f} ms, p90 {p90:.2f} ms, max {steps[-1]:.2f} ms")
PY
}
echo "50 frames x 20 variables, n in the deepest frame"
run off "" "frames view off"
run on "F" "frames view on"
