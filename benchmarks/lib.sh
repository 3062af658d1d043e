# Shell functions the benchmark scripts share; sourced, not run.

# Waits until the process $2 answers at $1 (and fails if it died: another process may hold the port).
wait_until_up() {
  for _ in $(seq 1 150); do
    kill -0 "$2" 2>/dev/null || { echo "The process meant to answer at $1 has exited" >&2; return 1; }
    curl -s -o /dev/null "$1" && return 0
    sleep 0.2
  done
  echo "Nothing answered at $1" >&2; return 1
}
