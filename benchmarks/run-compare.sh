#!/usr/bin/env bash
# Two builds of the gateway side by side in one run, to say what a change cost or bought: the forwarded read (a,
# GET …/sequences), the cached read (b, GET …/resources) and, with CASES="a b c", the join (c, POST …/join for 1,000
# students) of benchmarks/run-load.sh, through the gateway of each commit in turn (the first of each round alternating),
# ROUNDS times, each side's median round compared. As run-load.sh measures: Release builds as separate processes in front of one emulator (this tree's),
# the default configuration (no Redis; REDIS=1 gives each gateway a redis-server of its own), nothing pinned, the
# default scheduler, wrk with 32 connections and 100 teachers' (1,000 students') JWTs in turn, CPU time and bytes
# allocated per request. Both gateways get the same settings; each takes those it knows. Writes
# artifacts/bench-compare/result.json.
# Usage: benchmarks/run-compare.sh <before> [<after>]     commits (after: HEAD); DURATION=12s WARMUP=5s FIRST_WARMUP=40s
#                                                         CONNECTIONS=32 ROUNDS=3 CASES="a b" REDIS=0 to change
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/lib.sh

[ $# -ge 1 ] || { echo "Usage: $0 <before commit> [<after commit>]" >&2; exit 2; }
before="$(git rev-parse --short "$1^{commit}")" after="$(git rev-parse --short "${2:-HEAD}^{commit}")"
duration="${DURATION:-12s}" warmup="${WARMUP:-5s}" first_warmup="${FIRST_WARMUP:-40s}"
connections="${CONNECTIONS:-32}" rounds="${ROUNDS:-3}" cases="${CASES:-a b}" with_redis="${REDIS:-0}"
pinned=0 sched=other load_core=1
work="artifacts/bench-compare"
runs="$work/runs"
emulator_port=18390 emulator_h2_port=18391 before_port=18380 after_port=18381 before_redis_port=18385 after_redis_port=18386
prepare_port=18382

room=bench-room

begin_runs

echo "== Building the emulator of this tree, and the gateway of $before and of $after (Release)"
dotnet publish src/Classroom.Emulator -c Release -o "$work/emulator" --nologo -v quiet
for commit in "$before" "$after"; do
  rm -rf "$work/src-$commit"
  mkdir -p "$work/src-$commit"
  git archive "$commit" | tar -x -C "$work/src-$commit"
  dotnet publish "$work/src-$commit/src/Gateway" -c Release -o "$work/gateway-$commit" --nologo -v quiet
done

free_ports "$emulator_port" "$emulator_h2_port" "$before_port" "$after_port" "$before_redis_port" "$after_redis_port" "$prepare_port"

echo "== Starting the emulator and both gateways in front of it$([ "$with_redis" = 1 ] && echo ", each with a Redis of its own")"
start_emulator emulator_pid 1 "$work/emulator.log" "$work/emulator/Classroom.Emulator.dll"
# start_gateway <pid variable> <commit> <port> <Redis port>
start_gateway() {
  local redis_configuration=""
  if [ "$with_redis" = 1 ]; then
    start_redis "redis_pid_$4" 1 "$work/redis-$4.log" "$4"
    redis_configuration="127.0.0.1:$4"
  fi
  start_gateway_process "$1" 0 "$work/gateway-$2.log" "$work/gateway-$2/Gateway.dll" "$3" Redis__Configuration="$redis_configuration"
}
start_gateway before_pid "$before" "$before_port" "$before_redis_port"
start_gateway after_pid "$after" "$after_port" "$after_redis_port"
wait_until_up "http://127.0.0.1:$emulator_port/" "$emulator_pid"
wait_until_up "http://127.0.0.1:$before_port/healthz" "$before_pid"
wait_until_up "http://127.0.0.1:$after_port/healthz" "$after_pid"

# Through a third gateway, stopped once the classroom is made: neither measured gateway serves anything but the measured
# loads. In the runs where one gateway process ran a whole run a sixth slower than the other, it was the one that had
# made the classroom (docs/benchmarks.md, "Before and after a change").
echo "== Preparing a classroom through a third gateway, then stopped: created, ten resources; JWTs of 100 teachers and 1,000 students"
start_gateway_process prepare_pid 0 "$work/gateway-prepare.log" "$work/gateway-$after/Gateway.dll" "$prepare_port"
wait_until_up "http://127.0.0.1:$prepare_port/healthz" "$prepare_pid"
gateway="http://127.0.0.1:$prepare_port/api/v1"
prepare_classroom
kill "$prepare_pid" && wait "$prepare_pid" 2>/dev/null || true
node benchmarks/node/sign-jwts.js 1000 bench-user student "$room" >"$runs/student-jwts.txt"

echo "== Cases $cases: $rounds rounds of $before and $after, taking turns to go first"
for round in $(seq 1 "$rounds"); do
  first="$([ "$round" = 1 ] && echo 1 || echo 0)"
  for case in $cases; do
    case "$case" in
      a) path=sequences method=GET users=teacher ;;
      b) path=resources method=GET users=teacher ;;
      c) path=join method=POST users=student ;;
      *) echo "Unknown case $case: a, b or c" >&2; exit 2 ;;
    esac
    # Which build goes first alternates from round to round: the second of a pair runs on a machine the first warmed.
    for side in $([ $((round % 2)) = 1 ] && echo before after || echo after before); do
      pid_var="${side}_pid" port_var="${side}_port"
      BENCH_USERS="$runs/$users-jwts.txt" BENCH_USERS_ARE=jwt BENCH_METHOD="$method" FIRST="$first" \
        run_wrk "$case-$side-$round" benchmarks/load/rotate-users.lua "http://127.0.0.1:${!port_var}/api/v1/rooms/$room/$path" \
        "${!pid_var}" "$emulator_pid"
    done
  done
done

python3 - "$runs" "$rounds" "$before" "$after" "$work/result.json" "$cases" "$with_redis" <<'PY'
import json, statistics, sys
runs, rounds, before, after, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
cases, redis = sys.argv[6].split(), sys.argv[7] == "1"
titles = {"a": "(a) forwarded read", "b": "(b) cached read", "c": "(c) join"}
result = {"before": before, "after": after, "rounds": rounds, "redis": redis, "cases": {}}
print(f"| case | {before} req/s | {after} req/s | ratio | p99 ms | CPU µs/req | bytes/req | non-2xx |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for case, title in ((case, titles[case]) for case in cases):
    sides = {}
    for side in ("before", "after"):
        all_runs = [json.load(open(f"{runs}/{case}-{side}-{r}.json")) for r in range(1, rounds + 1)]
        median = sorted(all_runs, key=lambda run: run["rps"])[len(all_runs) // 2]
        sides[side] = {**median, "roundsRps": [run["rps"] for run in all_runs],
                       "roundsCpuUsPerRequest": [run["serverCpuUsPerRequest"] for run in all_runs],
                       "non2xx": sum(run["non2xx"] for run in all_runs)}
    b, a = sides["before"], sides["after"]
    result["cases"][case] = {"title": title, **sides, "rpsRatio": round(a["rps"] / b["rps"], 3)}
    print(f"| {title} | {b['rps']:,.0f} | {a['rps']:,.0f} | {a['rps'] / b['rps']:.2f}× | {b['p99Ms']:.1f} / {a['p99Ms']:.1f} "
          f"| {statistics.median(b['roundsCpuUsPerRequest']):.0f} / {statistics.median(a['roundsCpuUsPerRequest']):.0f} "
          f"| {b.get('serverBytesAllocatedPerRequest', 0):,} / {a.get('serverBytesAllocatedPerRequest', 0):,} | {b['non2xx']} / {a['non2xx']} |")
json.dump(result, open(out, "w"), indent=2)
# A run with any non-2xx answer measured something else than the reads: it fails, as run-load.sh's do.
sys.exit(3 if any(side["non2xx"] for case in result["cases"].values() for side in (case["before"], case["after"])) else 0)
PY
