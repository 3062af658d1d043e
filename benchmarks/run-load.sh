#!/usr/bin/env bash
# Load benchmarks of the gateway, each side by side with its reference in the same run on this machine:
#   (a) an uncached read (GET …/records) through the whole gateway  vs  the same read sent straight to the emulator
#   (b) the cached GET …/resources through the gateway               vs  the emulator serving the same list
#   (c) POST /api/v1/rtm-token for 1,000 distinct users              vs  a minimal Node server on agora-token
#   (d) the gateway's resident memory during and after that load
# Writes docs/benchmarks/results.json and docs/benchmarks/load.svg (with REDIS=0: results-in-process.json and
# load-in-process.svg), and prints a table.
#   and, beside (a): the same read through a plain YARP forwarder (benchmarks/Classroom.PlainForwarder), the floor, and
#   through a second gateway that speaks HTTP/1.1 to the emulator
# The gateway speaks HTTP/2 to the emulator (Agora:HttpVersionPolicy=RequestVersionExact at the emulator's Http2
# endpoint), as it does to Agora over TLS; wrk and the direct runs use the emulator's HTTP/1.1 endpoint.
# Usage: benchmarks/run-load.sh     DURATION=15s (seconds) WARMUP=5s FIRST_WARMUP=40s CONNECTIONS=64 ROUNDS=3 REDIS=0 SERVER_CORE=0
#                                   LOAD_CORE=1 SCHED=other to change; SKIP_BUILD=1 reuses the last Release build
# Every server measured (emulator, gateways, YARP alone, Node) and Redis run under the same Linux scheduling policy, SCHED
# (batch by default, as the container image starts the gateway; other is the kernel's default): under the default
# one, each wake-up of a server's socket thread preempts the worker thread serving the request before it on the
# same core, which costs the gateway, with more hand-offs per request, more than the emulator (docs/benchmarks.md).
# Every run is preceded by a warm-up of the same load (WARMUP; FIRST_WARMUP before the first run of each server), then
# 10 s steps until the rate stops climbing (less than 3 % above the step before; at most 12 steps). On one busy core,
# tiered compilation takes a minute or more to replace a .NET server's first code with its optimised code, longer when
# the machine is busy, and a shorter warm-up measured the emulator at half its speed. A run with any non-2xx answer fails the script (exit 3).
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/lib.sh

duration="${DURATION:-12s}"
warmup="${WARMUP:-5s}"
first_warmup="${FIRST_WARMUP:-40s}"
connections="${CONNECTIONS:-64}"
rounds="${ROUNDS:-3}"
use_redis="${REDIS:-1}"
server_core="${SERVER_CORE:-0}"
load_core="${LOAD_CORE:-1}"
sched="${SCHED:-batch}"
out="docs/benchmarks"
work="artifacts/bench"
gateway_port=18080 http1_gateway_port=18081 emulator_port=18090 emulator_h2_port=18091 node_port=18095 floor_port=18085
redis_port=16379

app_id=5a4dc0ffee5a4dc0ffee5a4dc0ffee00        # AgoraSandbox.AppId
app_certificate=c0ffee5a4dc0ffee5a4dc0ffee5a4d11 # AgoraSandbox.AppCertificate
export AUTH_ISSUER=https://sandbox.classroom-gateway.local AUTH_AUDIENCE=classroom-gateway \
  AUTH_SIGNING_KEY=c2FuZGJveC1jbGFzc3Jvb20tZ2F0ZXdheS1rZXktMzI= # SandboxMode
room=bench-room

WITH_PROFILERS=1 benchmarks/setup.sh
export PATH="$PATH:$HOME/.dotnet/tools"
mkdir -p "$out" "$work/runs"
rm -f "$work"/runs/*

pids=()
stop_all() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop_all EXIT

# Starts a server pinned to a core under the policy $sched; its id lands in the variable named by $1.
start_pinned() {
  local var="$1" core="$2" log="$3"; shift 3
  taskset -c "$core" chrt --"$sched" 0 "$@" >"$log" 2>&1 &
  pids+=($!)
  printf -v "$var" '%s' "$!"
}

# Moves a running process, every thread of it, to another core.
pin() { taskset -a -p -c "$2" "$1" >/dev/null; }


# CPU time a process has used so far, user and system, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# The requests per second of one wrk run of $1 seconds: wrk_rps <seconds> <script> <url>.
wrk_rps() {
  taskset -c "$load_core" wrk -t1 -c"$connections" -d"$1s" -s "$2" "$3" | tail -1 | python3 -c 'import json, sys; print(int(json.load(sys.stdin)["rps"]))'
}

# A warm-up: <seconds> of the load, then 10 s steps until the rate stops climbing (less than 3 % above the step
# before; at most 12 steps). Prints the seconds spent: warm_until_steady <seconds> <script> <url>.
warm_until_steady() {
  local previous rps steps=0
  previous="$(wrk_rps "$1" "$2" "$3")"
  while [ "$steps" -lt 12 ]; do
    rps="$(wrk_rps 10 "$2" "$3")"
    steps=$((steps + 1))
    [ "$rps" -lt $((previous * 103 / 100)) ] && break
    previous="$rps"
  done
  echo $(( $1 + 10 * steps ))
}

# One measured wrk run after a warm-up until steady (starting with $first_warmup when FIRST=1, the first run of a server,
# else $warmup): run_wrk <name> <script> <url> <server pid> [<upstream pid>]; writes $work/runs/<name>.json with wrk's
# figures, the seconds of warm-up and the CPU time per request of the server (and of its upstream), which a busy machine
# disturbs less than throughput.
run_wrk() {
  local name="$1" script="$2" url="$3" server="$4" upstream="${5:-$$}" warmed
  warmed="$(warm_until_steady "$([ "${FIRST:-0}" = 1 ] && echo "${first_warmup%s}" || echo "${warmup%s}")" "$script" "$url")"
  local server_before upstream_before counters="$work/runs/$name.counters.csv"
  server_before="$(cpu_ticks "$server")" upstream_before="$(cpu_ticks "$upstream")"
  # A .NET server's allocation rate, from its runtime counters (one sample a second, cheap to collect).
  if [ "$(readlink "/proc/$server/exe")" != "$(readlink -f "$(command -v node)")" ] && command -v dotnet-counters >/dev/null; then
    taskset -c "$load_core" dotnet-counters collect -p "$server" --counters System.Runtime --refresh-interval 1 \
      --duration "00:00:00:$(printf '%02d' "${duration%s}")" --format csv -o "$counters" >/dev/null 2>&1 &
    local collector=$!
  fi
  taskset -c "$load_core" wrk -t1 -c"$connections" -d"$duration" --latency -s "$script" "$url" \
    | tail -1 >"$work/runs/$name.json"
  if [ -n "${collector:-}" ]; then wait "$collector" 2>/dev/null || true; fi
  python3 - "$work/runs/$name.json" "$(getconf CLK_TCK)" "$(( $(cpu_ticks "$server") - server_before ))" \
    "$([ -n "${5:-}" ] && echo $(( $(cpu_ticks "$upstream") - upstream_before )))" "$counters" "$warmed" <<'PY'
import json, os, sys
path, hertz, server, upstream, counters = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
run = json.load(open(path))
run["warmupSeconds"] = int(sys.argv[6])
per_request = lambda ticks: round(ticks / hertz * 1e6 / max(run["requests"], 1), 1)
run["serverCpuUsPerRequest"] = per_request(server)
if upstream:
    run["upstreamCpuUsPerRequest"] = per_request(int(upstream))
if os.path.exists(counters):
    # Bytes allocated each second, skipping the first sample (the collector attaching): mean rate / requests per second.
    rates = [float(line.rsplit(",", 1)[1]) for line in open(counters) if "total_allocated" in line][1:]
    if rates:
        run["serverBytesAllocatedPerRequest"] = round(sum(rates) / len(rates) / run["rps"])
json.dump(run, open(path, "w"))
PY
  echo "  $name: $(cat "$work/runs/$name.json")"
}

# The gateway's resident memory, sampled twice a second while it runs: kB per line.
sample_rss() {
  while kill -0 "$1" 2>/dev/null; do
    awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null >>"$work/runs/rss-samples.txt" || true
    sleep 0.5
  done
}
vm() { awk -v key="$2:" '$1 == key {print $2}' "/proc/$1/status"; }

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "== Building Release"
  dotnet publish src/Classroom.Emulator -c Release -o "$work/emulator" --nologo -v quiet
  dotnet publish src/Gateway -c Release -o "$work/gateway" --nologo -v quiet
  dotnet publish benchmarks/Classroom.PlainForwarder -c Release -o "$work/floor" --nologo -v quiet
fi

# A server left over from another run would answer in place of the one started here.
for port in "$gateway_port" "$http1_gateway_port" "$emulator_port" "$emulator_h2_port" "$node_port" "$floor_port" "$redis_port"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "Port $port is already in use: stop what listens there first" >&2
    exit 1
  fi
done

echo "== Starting the emulator, the gateway in front of it$([ "$use_redis" = 1 ] && echo ", Redis") and the Node token server"
if [ "$use_redis" = 1 ]; then
  start_pinned redis_pid "$load_core" "$work/redis.log" redis-server --port "$redis_port" --save "" --appendonly no
  redis_configuration="127.0.0.1:$redis_port"
fi
Logging__LogLevel__Default=Warning Agora__AppId=$app_id Agora__AppCertificate=$app_certificate \
  Kestrel__Endpoints__Http1__Url="http://127.0.0.1:$emulator_port" \
  Kestrel__Endpoints__Http2__Url="http://127.0.0.1:$emulator_h2_port" Kestrel__Endpoints__Http2__Protocols=Http2 \
  start_pinned emulator_pid "$server_core" "$work/emulator.log" dotnet "$work/emulator/Classroom.Emulator.dll"
# start_gateway <variable for its pid> <port> <upstream base URL> [setting=value …]: the gateway in Release, on the server core.
start_gateway() {
  local var="$1" port="$2" upstream="$3"; shift 3
  start_pinned "$var" "$server_core" "$work/gateway-$port.log" \
    env ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
    Agora__Emulator__Enabled=false Agora__BaseUrl="$upstream" \
    Agora__AppId=$app_id Agora__AppCertificate=$app_certificate \
    Auth__Issuer=$AUTH_ISSUER Auth__Audience=$AUTH_AUDIENCE Auth__SigningKey=$AUTH_SIGNING_KEY \
    Redis__Configuration="${redis_configuration:-}" RateLimit__PermitsPerMinute=1000000 "$@" \
    dotnet "$work/gateway/Gateway.dll" --urls "http://127.0.0.1:$port"
}
start_gateway gateway_pid "$gateway_port" "http://127.0.0.1:$emulator_h2_port" Agora__HttpVersionPolicy=RequestVersionExact
AGORA_APP_ID=$app_id AGORA_APP_CERTIFICATE=$app_certificate \
  start_pinned node_pid "$server_core" "$work/node.log" node benchmarks/node/token-server.js "$node_port"
wait_until_up "http://127.0.0.1:$emulator_port/" "$emulator_pid"
wait_until_up "http://127.0.0.1:$gateway_port/healthz" "$gateway_pid"
wait_until_up "http://127.0.0.1:$node_port/" "$node_pid"
sample_rss "$gateway_pid" &
pids+=($!)

echo "== Preparing a classroom: created, one recording, ten resources; JWTs of 100 teachers and 1,000 students"
teacher_jwt="$(node benchmarks/node/sign-jwts.js 1 bench-teacher teacher "$room")"
# (a) and (b) are the reads of a class's teachers, each with a JWT of their own, in turn: one user alone at thousands of
# requests a second would be neither realistic nor within a per-user rate limit.
node benchmarks/node/sign-jwts.js 100 bench-teacher teacher "$room" >"$work/teacher-jwts.txt"
node benchmarks/node/sign-jwts.js 1000 bench-user student "$room" >"$work/user-jwts.txt"
seq -f 'bench-user-%04g' 1 1000 >"$work/user-ids.txt"
gateway="http://127.0.0.1:$gateway_port/api/v1"
call() { curl -sf -X "$1" "$gateway$2" -H "authorization: Bearer $teacher_jwt" -H 'content-type: application/json' ${3:+-d "$3"} >/dev/null; }
call POST "/rooms/$room" '{"roomName":"Benchmark","roomType":4}'
call PUT "/rooms/$room/records/states/1"
call PUT "/rooms/$room/records/states/0"
for i in $(seq 1 10); do
  call PUT "/rooms/$room/resources/slides-$i" \
    "{\"resourceName\":\"Slides $i\",\"size\":$((i * 1024)),\"ext\":\"pdf\",\"url\":\"https://files.school.example/slides-$i.pdf\",\"conversion\":{\"type\":\"static\"}}"
done
rtm_token="$(curl -sf -X POST "$gateway/rtm-token" -H "authorization: Bearer $teacher_jwt" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["token"])')"
direct="http://127.0.0.1:$emulator_port/edu/apps/$app_id"

# (a) and (b) alternate between the emulator alone and the gateway, ROUNDS times: on a shared machine the speed of both
# drifts over minutes, and each side's median over rounds taken in turn compares them under the same drift.
echo "== (a) uncached read, (b) cached resources: $rounds rounds of the emulator alone on core $server_core, then the gateway"
echo "   on core $server_core with the emulator moved to core $load_core beside wrk"
for round in $(seq 1 "$rounds"); do
  first="$([ "$round" = 1 ] && echo 1 || echo 0)"
  pin "$emulator_pid" "$server_core"
  BENCH_HEADER_1="x-agora-token: $rtm_token" BENCH_HEADER_2="x-agora-uid: bench-teacher" FIRST="$first" \
    run_wrk "a-emulator-$round" benchmarks/load/get.lua "$direct/v2/rooms/$room/records" "$emulator_pid"
  BENCH_HEADER_1="x-agora-token: $rtm_token" BENCH_HEADER_2="x-agora-uid: bench-teacher" \
    run_wrk "b-emulator-$round" benchmarks/load/get.lua "$direct/v1/rooms/$room/resources" "$emulator_pid"
  pin "$emulator_pid" "$load_core"
  BENCH_USERS="$work/teacher-jwts.txt" BENCH_USERS_ARE=jwt BENCH_METHOD=GET FIRST="$first" \
    run_wrk "a-gateway-$round" benchmarks/load/rotate-users.lua "$gateway/rooms/$room/records" "$gateway_pid" "$emulator_pid"
  BENCH_USERS="$work/teacher-jwts.txt" BENCH_USERS_ARE=jwt BENCH_METHOD=GET \
    run_wrk "b-gateway-$round" benchmarks/load/rotate-users.lua "$gateway/rooms/$room/resources" "$gateway_pid" "$emulator_pid"
done
# Right after (b), while the list is still cached (it lives 60 s).
cache_status="$(curl -s -o /dev/null -D - "$gateway/rooms/$room/resources" -H "authorization: Bearer $teacher_jwt" \
  | awk -F': ' 'tolower($1) == "x-cache-status" {print $2}' | tr -d '\r')"

echo "== Beside (a): the same read through a gateway speaking HTTP/1.1 to the emulator, on core $server_core"
start_gateway http1_gateway_pid "$http1_gateway_port" "http://127.0.0.1:$emulator_port"
wait_until_up "http://127.0.0.1:$http1_gateway_port/healthz" "$http1_gateway_pid"
BENCH_USERS="$work/teacher-jwts.txt" BENCH_USERS_ARE=jwt BENCH_METHOD=GET FIRST=1 \
  run_wrk a-gateway-http1 benchmarks/load/rotate-users.lua "http://127.0.0.1:$http1_gateway_port/api/v1/rooms/$room/records" \
  "$http1_gateway_pid" "$emulator_pid"
kill "$http1_gateway_pid"

echo "== The floor of (a): the same read through YARP alone on core $server_core, the emulator still on core $load_core"
PLAIN_HTTP2=1 PLAIN_UPSTREAM="http://127.0.0.1:$emulator_h2_port/edu/apps/$app_id/v2/rooms/$room/records" PLAIN_RTM_TOKEN="$rtm_token" PLAIN_UID=bench-teacher \
  start_pinned floor_pid "$server_core" "$work/floor.log" dotnet "$work/floor/Classroom.PlainForwarder.dll" --urls "http://127.0.0.1:$floor_port"
wait_until_up "http://127.0.0.1:$floor_port/" "$floor_pid"
FIRST=1 run_wrk a-floor benchmarks/load/get.lua "http://127.0.0.1:$floor_port/records" "$floor_pid" "$emulator_pid"
kill "$floor_pid"

echo "== (c) RTM tokens for 1,000 users, each server alone on core $server_core; (d) the gateway's memory"
BENCH_USERS="$work/user-ids.txt" BENCH_USERS_ARE=uid FIRST=1 run_wrk c-node benchmarks/load/rotate-users.lua "http://127.0.0.1:$node_port/rtm-token" "$node_pid"
samples_before_c="$(wc -l <"$work/runs/rss-samples.txt")"
BENCH_USERS="$work/user-jwts.txt" BENCH_USERS_ARE=jwt run_wrk c-gateway benchmarks/load/rotate-users.lua "$gateway/rtm-token" "$gateway_pid"
rss_under_c="$(tail -n +"$((samples_before_c + 1))" "$work/runs/rss-samples.txt" | sort -n | tail -1)"
sleep 3
rss_idle="$(vm "$gateway_pid" VmRSS)"
rss_peak="$(vm "$gateway_pid" VmHWM)"
node_rss_peak="$(vm "$node_pid" VmHWM)"

# The default run (shared state in Redis) writes results.json and load.svg; REDIS=0 writes its own pair beside them.
suffix="$([ "$use_redis" = 1 ] || echo -in-process)"
status=0
python3 benchmarks/load/results.py "$work/runs" "$out/results$suffix.json" \
  --duration "$duration" --warmup "$warmup ($first_warmup before the first run of each server), then 10 s steps until the rate stops climbing" --connections "$connections" --redis "$use_redis" \
  --server-core "$server_core" --load-core "$load_core" --sched "$sched" --cache-status "${cache_status:-none}" \
  --rss "$rss_under_c,$rss_idle,$rss_peak" --node-rss-peak "$node_rss_peak" || status=$?
python3 benchmarks/load/chart.py "$out/results$suffix.json" "$out/load$suffix.svg"
exit "$status"
