#!/usr/bin/env bash
# The ceiling of load case (b): how fast an ASP.NET Core server can answer the cached read at all on this machine, beside
# the emulator answering the same list and the gateway answering it from its cache. Three servers in front of one
# emulator, as run-load.sh measures (Release builds, the default configuration, nothing pinned, the default scheduler,
# wrk with 32 connections, 100 teachers' JWTs in turn for the gateway), ROUNDS rounds of the three in turn, each side's
# median round compared: the emulator's list (app token), benchmarks/Classroom.FixedAnswer (Kestrel and routing writing
# the list's bytes, nothing else) and the gateway's cached list. Writes artifacts/bench-ceiling/result.json.
# Usage: benchmarks/run-ceiling.sh     DURATION=12s WARMUP=5s FIRST_WARMUP=40s CONNECTIONS=32 ROUNDS=3 to change
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/lib.sh

duration="${DURATION:-12s}" warmup="${WARMUP:-5s}" first_warmup="${FIRST_WARMUP:-40s}"
connections="${CONNECTIONS:-32}" rounds="${ROUNDS:-3}"
pinned=0 sched=other load_core=1
work="artifacts/bench-ceiling"
runs="$work/runs"
emulator_port=18490 emulator_h2_port=18491 gateway_port=18480 fixed_port=18487
room=bench-room

begin_runs

echo "== Building the emulator, the gateway and the fixed answer (Release)"
dotnet publish src/Classroom.Emulator -c Release -o "$work/emulator" --nologo -v quiet
dotnet publish src/Gateway -c Release -o "$work/gateway" --nologo -v quiet
dotnet publish benchmarks/Classroom.FixedAnswer -c Release -o "$work/fixed" --nologo -v quiet

free_ports "$emulator_port" "$emulator_h2_port" "$gateway_port" "$fixed_port"

echo "== Starting the emulator and the gateway in front of it"
start_emulator emulator_pid 1 "$work/emulator.log" "$work/emulator/Classroom.Emulator.dll"
start_gateway_process gateway_pid 0 "$work/gateway.log" "$work/gateway/Gateway.dll" "$gateway_port"
wait_until_up "http://127.0.0.1:$emulator_port/" "$emulator_pid"
wait_until_up "http://127.0.0.1:$gateway_port/healthz" "$gateway_pid"

echo "== Preparing a classroom: created, ten resources converted as run-load.sh's are; JWTs of 100 teachers"
gateway="http://127.0.0.1:$gateway_port/api/v1"
prepare_classroom '"conversion":{"type":"static"}'
app_token="$(make_app_token 3600)"
direct="http://127.0.0.1:$emulator_port/edu/apps/$app_id/v1/rooms/$room/resources"

echo "== Starting the fixed answer with the emulator's list"
FIXED_SOURCE="$direct" FIXED_AUTHORIZATION="agora token=\"$app_token\"" \
  start_server fixed_pid 0 "$work/fixed.log" dotnet "$work/fixed/Classroom.FixedAnswer.dll" --urls "http://127.0.0.1:$fixed_port"
wait_until_up "http://127.0.0.1:$fixed_port/api/v1/rooms/$room/resources" "$fixed_pid"

echo "== $rounds rounds of the emulator's list, the fixed answer and the gateway's cached list"
for round in $(seq 1 "$rounds"); do
  first="$([ "$round" = 1 ] && echo 1 || echo 0)"
  BENCH_HEADER_1="authorization: agora token=\"$app_token\"" FIRST="$first" \
    run_wrk "emulator-$round" benchmarks/load/get.lua "$direct" "$emulator_pid"
  FIRST="$first" run_wrk "fixed-$round" benchmarks/load/get.lua "http://127.0.0.1:$fixed_port/api/v1/rooms/$room/resources" "$fixed_pid"
  BENCH_USERS="$runs/teacher-jwts.txt" BENCH_USERS_ARE=jwt BENCH_METHOD=GET FIRST="$first" \
    run_wrk "gateway-$round" benchmarks/load/rotate-users.lua "$gateway/rooms/$room/resources" "$gateway_pid" "$emulator_pid"
done
cache_status="$(curl -s -o /dev/null -D - "$gateway/rooms/$room/resources" -H "authorization: Bearer $teacher_jwt" \
  | awk -F': ' 'tolower($1) == "x-cache-status" {print $2}' | tr -d '\r')"
[ "$cache_status" = HIT ] || { echo "The gateway's list was not a cache hit ($cache_status)" >&2; exit 3; }

python3 - "$runs" "$rounds" "$work/result.json" <<'PY'
import json, statistics, sys
runs, rounds, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
servers = {"emulator": "the emulator's list", "fixed": "Classroom.FixedAnswer", "gateway": "the gateway's cached list"}
result = {}
for name in servers:
    all_runs = [json.load(open(f"{runs}/{name}-{r}.json")) for r in range(1, rounds + 1)]
    median = sorted(all_runs, key=lambda run: run["rps"])[len(all_runs) // 2]
    result[name] = {**median, "roundsRps": [run["rps"] for run in all_runs],
                    "roundsCpuUsPerRequest": [run["serverCpuUsPerRequest"] for run in all_runs],
                    "non2xx": sum(run["non2xx"] for run in all_runs)}
print("| server | req/s, median round | ÷ the emulator's | rounds | p99 ms | CPU µs/req | bytes/req | non-2xx |")
print("|---|---:|---:|---|---:|---:|---:|---:|")
for name, title in servers.items():
    side = result[name]
    print(f"| {title} | {side['rps']:,.0f} | {side['rps'] / result['emulator']['rps']:.2f}× "
          f"| {', '.join(f'{rps:,.0f}' for rps in side['roundsRps'])} | {side['p99Ms']:.1f} "
          f"| {statistics.median(side['roundsCpuUsPerRequest']):.0f} | {side.get('serverBytesAllocatedPerRequest', 0):,} | {side['non2xx']} |")
json.dump(result, open(out, "w"), indent=2)
sys.exit(3 if any(side["non2xx"] for side in result.values()) else 0)
PY
