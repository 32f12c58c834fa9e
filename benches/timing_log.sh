# Sourced by the benchmarks that read the timings rdb's interface writes with
# RDB_TIMING=FILE: `count FILE PATTERN` (lines so far), `wait_count FILE PATTERN N`
# (until there are N, at most 20 s).
count() { local n; n=$(grep -c "$2" "$1" 2>/dev/null) || true; echo "${n:-0}"; }
wait_count() {
  for _ in $(seq 1 10000); do
    [ "$(count "$1" "$2")" -ge "$3" ] && return 0
    sleep 0.002
  done
  echo "timed out waiting for $2 x$3 in $1" >&2; exit 1
}
