#!/usr/bin/env bash
# Where the gateway's CPU goes under one load case: perf's call-graph samples of the Release gateway, in process and
# unpinned as run-load.sh runs it, in front of the emulator, under wrk (32 connections, 100 teachers' JWTs in turn)
# once the rate is steady. Prints, as shares of all the gateway's CPU (its kernel time included): the split by code
# (kernel, JIT-compiled .NET, the runtime, libc), and the inclusive share of each middleware and gateway frame, from
# which each one's own share is the difference to the next one inside it. The gateway runs with
# DOTNET_PerfMapEnabled=1 and DOTNET_EnableWriteXorExecute=0, so that perf can name JIT-compiled code.
# WHAT=allocations says instead what the server allocates per request and who asks for it: the runtime's randomized
# allocation sampling (`dotnet-trace`, the AllocationSampling keyword; the shipped settings otherwise), read by
# benchmarks/Classroom.AllocationReport.
# Usage: CASE=a|b|c|yarp benchmarks/run-profile.sh    (a) GET …/sequences, (b) the cached GET …/resources, (c) the join,
#        (yarp) YARP alone (benchmarks/Classroom.PlainForwarder) forwarding (a)'s read, as run-load.sh compares them
#        WHAT=cpu|allocations, DURATION=12s SAMPLES_PER_SECOND=1999 to change, REDIS=1 for the gateway with a
#        redis-server of its own; writes artifacts/bench-profile/<case>[-redis][-allocations].txt
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/lib.sh

case="${CASE:-b}" what="${WHAT:-cpu}" duration="${DURATION:-12s}" hertz="${SAMPLES_PER_SECOND:-1999}" with_redis="${REDIS:-0}"
connections=32 pinned=0 sched=other load_core=1
work="artifacts/bench-profile"
runs="$work/runs"
emulator_port=18490 emulator_h2_port=18491 gateway_port=18480 redis_port=18485 floor_port=18486
room=bench-room
begin_runs
[ "$what" = cpu ] && scripts/install-missing.sh perf=linux-perf

echo "== Building the emulator and the gateway (Release)"
dotnet publish src/Classroom.Emulator -c Release -o "$work/emulator" --nologo -v quiet
dotnet publish src/Gateway -c Release -o "$work/gateway" --nologo -v quiet
[ "$case" = yarp ] && dotnet publish benchmarks/Classroom.PlainForwarder -c Release -o "$work/floor" --nologo -v quiet
[ "$what" = allocations ] && dotnet build benchmarks/Classroom.AllocationReport -c Release -o "$work/report" --nologo -v quiet
free_ports "$emulator_port" "$emulator_h2_port" "$gateway_port" "$redis_port" "$floor_port"

echo "== Starting the emulator and the gateway in front of it$([ "$with_redis" = 1 ] && echo ", with Redis")"
redis_configuration="" name="$case"
if [ "$with_redis" = 1 ]; then
  start_redis redis_pid 1 "$work/redis.log" "$redis_port"
  redis_configuration="127.0.0.1:$redis_port" name="$case-redis"
fi
start_emulator emulator_pid 1 "$work/emulator.log" "$work/emulator/Classroom.Emulator.dll"
profiling=()
[ "$what" = cpu ] && profiling=(DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0)
start_gateway_process gateway_pid 0 "$work/gateway.log" "$work/gateway/Gateway.dll" "$gateway_port" \
  "${profiling[@]}" Redis__Configuration="$redis_configuration"
wait_until_up "http://127.0.0.1:$emulator_port/" "$emulator_pid"
wait_until_up "http://127.0.0.1:$gateway_port/healthz" "$gateway_pid"

gateway="http://127.0.0.1:$gateway_port/api/v1"
prepare_classroom '"conversion":{"type":"static"}'
export BENCH_METHOD=GET BENCH_USERS_ARE=jwt BENCH_USERS="$runs/teacher-jwts.txt"
server_pid="$gateway_pid" own=Gateway script=benchmarks/load/rotate-users.lua
case "$case" in
  a) url="$gateway/rooms/$room/sequences" ;;
  yarp) PLAIN_HTTP2=1 PLAIN_UPSTREAM="http://127.0.0.1:$emulator_h2_port/edu/apps/$app_id/v2/rooms/$room/sequences" \
          PLAIN_APP_TOKEN="$(make_app_token 7200)" start_server server_pid 0 "$work/floor.log" \
          env "${profiling[@]}" dotnet "$work/floor/Classroom.PlainForwarder.dll" --urls "http://127.0.0.1:$floor_port"
        wait_until_up "http://127.0.0.1:$floor_port/" "$server_pid"
        url="http://127.0.0.1:$floor_port/sequences" own=Classroom.PlainForwarder script=benchmarks/load/get.lua ;;
  b) url="$gateway/rooms/$room/resources" ;;
  c) url="$gateway/rooms/$room/join" BENCH_METHOD=POST
     node benchmarks/node/sign-jwts.js 1000 bench-user student "$room" >"$runs/student-jwts.txt"
     BENCH_USERS="$runs/student-jwts.txt" ;;
  *) echo "CASE is a, b, c or yarp" >&2; exit 2 ;;
esac

echo "== ($case) warming up until the rate is steady, then $duration of load, $what traced"
seconds="${duration%s}"
warm_until_steady 40 "$script" "$url" >/dev/null
$(placement "$load_core") wrk -t1 -c"$connections" -d"$((seconds + 4))s" -s "$script" "$url" | tail -1 >"$runs/wrk.json" &
load=$!
sleep 2
if [ "$what" = allocations ]; then
  dotnet-trace collect -p "$server_pid" --providers Microsoft-Windows-DotNETRuntime:0x80000000000:4 --duration "$(printf '00:00:%02d:%02d' $((seconds / 60)) $((seconds % 60)))" \
    -o "$work/$name-allocations.nettrace" >"$runs/dotnet-trace.log" 2>&1
  wait "$load"
  rps="$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["rps"])' "$runs/wrk.json")"
  dotnet "$work/report/Classroom.AllocationReport.dll" "$work/$name-allocations.nettrace" "$rps" "$own" 12 >"$work/$name-allocations.txt"
  cat "$work/$name-allocations.txt"
  exit 0
fi
perf record -F "$hertz" -g -p "$server_pid" -o "$work/$name.perf.data" -- sleep "$seconds" 2>"$runs/perf-record.log" >/dev/null
wait "$load"

report() { perf report -i "$work/$name.perf.data" --stdio -g none "$@" 2>/dev/null; }
python3 - "$name" "$runs/wrk.json" <(report --no-children --sort dso) <(report --children --sort symbol) \
  >"$work/$name.txt" <<'PY'
import json, re, sys
case, wrk, dsos, symbols = sys.argv[1:]
load = json.load(open(wrk))
print(f"case ({case}): {load['rps']:,.0f} req/s under perf, p99 {load['p99Ms']} ms, non-2xx {load['non2xx']}")
line = re.compile(r"^\s*([\d.]+)%\s+(?:([\d.]+)%\s+)?(.*?)\s*$")
print("\nThe gateway's CPU by code:")
for text in open(dsos):
    if (m := line.match(text)) and not text.startswith("#"):
        name = m.group(3)
        name = "JIT-compiled .NET" if name.startswith("[JIT]") else name
        if float(m.group(1)) >= 0.5:
            print(f"  {float(m.group(1)):5.1f}%  {name}")
print("\nInclusive share of each middleware and gateway frame (children included), largest first:")
wanted = re.compile(r"Middleware|\[Gateway\]|\[Classroom.PlainForwarder\]|HttpProtocol\+<ProcessRequests>|AuthenticationService\+|PolicyEvaluator\+")
seen = set()
for text in open(symbols):
    if (m := line.match(text)) and not text.startswith("#") and wanted.search(m.group(3)):
        frame = re.sub(r"^\[\.\]\s+", "", m.group(3))
        frame = re.sub(r"\[Optimized[^\]]*\]|\(.*$", "", frame).split(" ")[-1]
        if float(m.group(1)) >= 0.3 and frame not in seen:
            seen.add(frame)
            print(f"  {float(m.group(1)):5.1f}%  {frame}")
PY
cat "$work/$name.txt"
