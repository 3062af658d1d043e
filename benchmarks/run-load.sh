#!/usr/bin/env bash
# Load benchmarks of the gateway as a school first runs it, each case side by side with its reference in the same run:
#   (a) a forwarded read, GET …/sequences, through the gateway  vs  YARP's forwarder alone doing the same read
#       (benchmarks/Classroom.PlainForwarder): what the gateway costs beyond forwarding
#   (b) the cached GET …/resources through the gateway           vs  the emulator (the upstream) serving the same list
#   (c) POST …/rooms/{roomUuid}/join for 1,000 students             vs  a Node server building the same room-user token
#       with agora-token's EducationTokenBuilder and answering the same JSON (benchmarks/node/join-server.js)
#   (d) the gateway's resident memory during and after that load
# Both configurations are measured in one invocation, each with its own servers and results: the default one (no
# Redis: caches, limits and kicks in process) and the Redis one. Writes docs/benchmarks/results-<mode>.json and
# load-<mode>.svg for each mode (in-process, redis), and prints a table of each.
# By default nothing is pinned and every process runs under the kernel's default scheduling policy, sharing the
# cores as on a school's host. PIN=1 (servers on SERVER_CORE, wrk and the emulator behind a gateway on LOAD_CORE) and
# SCHED=batch (every server and Redis under SCHED_BATCH) are extra runs, labelled in their file names
# (results-<mode>-pinned-batch.json …): they are not how the gateway runs by default.
# Usage: benchmarks/run-load.sh     DURATION=12s WARMUP=5s FIRST_WARMUP=40s CONNECTIONS=32 ROUNDS=3 MODES="in-process redis"
#                                   PIN=0 SERVER_CORE=0 LOAD_CORE=1 SCHED=other to change; SKIP_BUILD=1 reuses the last
#                                   Release build; GATEWAY_ENV="NAME=value …" adds settings to the gateway alone, an extra
#                                   run labelled LABEL in its file names (results-<mode>-<LABEL>.json)
# Every run is preceded by a warm-up of the same load (WARMUP; FIRST_WARMUP before the first run of each server), then
# 10 s steps until the rate stops climbing (less than 3 % above the step before; at most 12 steps): tiered compilation
# takes a minute or more to replace a .NET server's first code with its optimised code on a busy machine. A run with
# any non-2xx answer fails the script (exit 3).
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/lib.sh

duration="${DURATION:-12s}"
warmup="${WARMUP:-5s}"
first_warmup="${FIRST_WARMUP:-40s}"
connections="${CONNECTIONS:-32}"
rounds="${ROUNDS:-3}"
modes="${MODES:-in-process redis}"
pinned="${PIN:-0}"
server_core="${SERVER_CORE:-0}"
load_core="${LOAD_CORE:-1}"
sched="${SCHED:-other}"
out="docs/benchmarks"
work="artifacts/bench"
gateway_port=18080 emulator_port=18090 emulator_h2_port=18091 node_port=18096 floor_port=18085 prepare_port=18082
redis_port=16379

room=bench-room room_name=Benchmark room_type=4
# The conditions of the run, in the results' file names when they are not the default ones.
variant="$([ "$pinned" = 1 ] && echo -pinned)$([ "$sched" = other ] || echo "-$sched")${LABEL:+-$LABEL}"
if [ -n "${GATEWAY_ENV:-}" ] && [ -z "${LABEL:-}" ]; then
  echo "GATEWAY_ENV changes the gateway's settings: name the run with LABEL, so its results do not replace the default run's" >&2
  exit 2
fi

WITH_PROFILERS=1 benchmarks/setup.sh
export PATH="$PATH:$HOME/.dotnet/tools"
mkdir -p "$out" "$work"

pids=()
trap stop_all EXIT

# When pinned, moves a running process, every thread of it, to another core.
pin() { if [ "$pinned" = 1 ]; then taskset -a -p -c "$2" "$1" >/dev/null; fi; }

# The gateway's resident memory, sampled twice a second while it runs: kB per line.
sample_rss() {
  while kill -0 "$1" 2>/dev/null; do
    awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null >>"$runs/rss-samples.txt" || true
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

# Every server of one mode, fresh, the cases measured against them, the results written: measure_mode <in-process|redis>.
measure_mode() {
  local mode="$1" redis_configuration=""
  runs="$work/runs/$mode$variant"
  mkdir -p "$runs"
  rm -f "$runs"/*

  # A server left over from another run would answer in place of the one started here.
  free_ports "$gateway_port" "$emulator_port" "$emulator_h2_port" "$node_port" "$floor_port" "$redis_port" "$prepare_port"

  echo "== $mode: starting the emulator, the gateway in front of it$([ "$mode" = redis ] && echo ", Redis"), YARP alone and the Node join server"
  if [ "$mode" = redis ]; then
    start_redis redis_pid "$load_core" "$work/redis.log" "$redis_port"
    redis_configuration="127.0.0.1:$redis_port"
  fi
  start_emulator emulator_pid "$server_core" "$work/emulator.log" "$work/emulator/Classroom.Emulator.dll"
  # The gateway in Release, logging as its appsettings.json says, speaks HTTP/2 to the emulator (prior knowledge at its
  # Http2 endpoint), as it does to Agora over TLS; wrk and the emulator's direct reads use its HTTP/1.1 endpoint.
  # shellcheck disable=SC2086 # GATEWAY_ENV is a list of NAME=value words
  start_gateway_process gateway_pid "$server_core" "$work/gateway.log" "$work/gateway/Gateway.dll" "$gateway_port" \
    ${GATEWAY_ENV:-} Redis__Configuration="$redis_configuration"
  AGORA_APP_ID=$app_id AGORA_APP_CERTIFICATE=$app_certificate JOIN_ROOM_NAME=$room_name JOIN_ROOM_TYPE=$room_type \
    start_server node_pid "$server_core" "$work/node.log" node benchmarks/node/join-server.js "$node_port"
  wait_until_up "http://127.0.0.1:$emulator_port/" "$emulator_pid"
  wait_until_up "http://127.0.0.1:$gateway_port/healthz" "$gateway_pid"
  wait_until_up "http://127.0.0.1:$node_port/" "$node_pid"
  sample_rss "$gateway_pid" &
  pids+=($!)

  # The classroom is made through a gateway of its own, stopped once it is made: the measured gateway, like each
  # reference, serves only the loads it is measured under (docs/benchmarks.md, "Before and after a change").
  echo "== Preparing a classroom through another gateway, then stopped: created, one recording, ten resources; JWTs of 100 teachers and 1,000 students"
  start_gateway_process prepare_pid "$server_core" "$work/gateway-prepare.log" "$work/gateway/Gateway.dll" "$prepare_port"
  wait_until_up "http://127.0.0.1:$prepare_port/healthz" "$prepare_pid"
  local teacher_jwt gateway="http://127.0.0.1:$prepare_port/api/v1"
  teacher_jwt="$(node benchmarks/node/sign-jwts.js 1 bench-teacher teacher "$room")"
  # (a) and (b) are the reads of a class's teachers, each with a JWT of their own, in turn: one user alone at thousands
  # of requests a second would be neither realistic nor within a per-user rate limit.
  node benchmarks/node/sign-jwts.js 100 bench-teacher teacher "$room" >"$runs/teacher-jwts.txt"
  node benchmarks/node/sign-jwts.js 1000 bench-user student "$room" >"$runs/student-jwts.txt"
  seq -f 'bench-user-%04g' 1 1000 >"$runs/student-ids.txt"
  call POST "/rooms/$room" "{\"roomName\":\"$room_name\",\"roomType\":$room_type}"
  call PUT "/rooms/$room/records/states/1"
  call PUT "/rooms/$room/records/states/0"
  for i in $(seq 1 10); do
    call PUT "/rooms/$room/resources/slides-$i" \
      "{\"resourceName\":\"Slides $i\",\"size\":$((i * 1024)),\"ext\":\"pdf\",\"url\":\"https://files.school.example/slides-$i.pdf\",\"conversion\":{\"type\":\"static\"}}"
  done
  kill "$prepare_pid" && wait "$prepare_pid" 2>/dev/null || true
  gateway="http://127.0.0.1:$gateway_port/api/v1"
  # The app token the gateway sends Agora, for the reads made without it: YARP alone and the emulator's direct reads.
  local app_token direct="http://127.0.0.1:$emulator_port/edu/apps/$app_id"
  app_token="$(make_app_token 7200)"
  PLAIN_HTTP2=1 PLAIN_UPSTREAM="http://127.0.0.1:$emulator_h2_port/edu/apps/$app_id/v2/rooms/$room/sequences" PLAIN_APP_TOKEN="$app_token" \
    start_server floor_pid "$server_core" "$work/floor.log" dotnet "$work/floor/Classroom.PlainForwarder.dll" --urls "http://127.0.0.1:$floor_port"
  wait_until_up "http://127.0.0.1:$floor_port/" "$floor_pid"

  # (a) and (b) alternate between each reference and the gateway, ROUNDS times: on a shared machine the speed of all
  # drifts over minutes, and each side's median over rounds taken in turn compares them under the same drift.
  echo "== (a) forwarded read, (b) cached resources: $rounds rounds of YARP alone, the gateway, the emulator alone, the gateway"
  local round first
  for round in $(seq 1 "$rounds"); do
    first="$([ "$round" = 1 ] && echo 1 || echo 0)"
    pin "$emulator_pid" "$load_core"
    FIRST="$first" run_wrk "a-floor-$round" benchmarks/load/get.lua "http://127.0.0.1:$floor_port/sequences" "$floor_pid" "$emulator_pid"
    BENCH_USERS="$runs/teacher-jwts.txt" BENCH_USERS_ARE=jwt BENCH_METHOD=GET FIRST="$first" \
      run_wrk "a-gateway-$round" benchmarks/load/rotate-users.lua "$gateway/rooms/$room/sequences" "$gateway_pid" "$emulator_pid"
    pin "$emulator_pid" "$server_core"
    BENCH_HEADER_1="authorization: agora token=\"$app_token\"" FIRST="$first" \
      run_wrk "b-emulator-$round" benchmarks/load/get.lua "$direct/v1/rooms/$room/resources" "$emulator_pid"
    pin "$emulator_pid" "$load_core"
    BENCH_USERS="$runs/teacher-jwts.txt" BENCH_USERS_ARE=jwt BENCH_METHOD=GET \
      run_wrk "b-gateway-$round" benchmarks/load/rotate-users.lua "$gateway/rooms/$room/resources" "$gateway_pid" "$emulator_pid"
  done
  # Right after (b), while the list is still cached (it lives 60 s).
  local cache_status
  cache_status="$(curl -s -o /dev/null -D - "$gateway/rooms/$room/resources" -H "authorization: Bearer $teacher_jwt" \
    | awk -F': ' 'tolower($1) == "x-cache-status" {print $2}' | tr -d '\r')"
  kill "$floor_pid"

  echo "== (c) the join for 1,000 students, the Node server then the gateway; (d) the gateway's memory"
  BENCH_USERS="$runs/student-ids.txt" BENCH_USERS_ARE=uid FIRST=1 \
    run_wrk c-node benchmarks/load/rotate-users.lua "http://127.0.0.1:$node_port/rooms/$room/join" "$node_pid"
  local samples_before_c rss_under_c rss_idle rss_peak node_rss_peak
  samples_before_c="$(wc -l <"$runs/rss-samples.txt")"
  BENCH_USERS="$runs/student-jwts.txt" BENCH_USERS_ARE=jwt \
    run_wrk c-gateway benchmarks/load/rotate-users.lua "$gateway/rooms/$room/join" "$gateway_pid" "$emulator_pid"
  rss_under_c="$(tail -n +"$((samples_before_c + 1))" "$runs/rss-samples.txt" | sort -n | tail -1)"
  sleep 3
  rss_idle="$(vm "$gateway_pid" VmRSS)"
  rss_peak="$(vm "$gateway_pid" VmHWM)"
  node_rss_peak="$(vm "$node_pid" VmHWM)"
  stop_all

  python3 benchmarks/load/results.py "$runs" "$out/results-$mode$variant.json" \
    --mode "$mode" --duration "$duration" --connections "$connections" \
    --warmup "$warmup ($first_warmup before the first run of each server), then 10 s steps until the rate stops climbing" \
    --pinned "$pinned" --server-core "$server_core" --load-core "$load_core" --sched "$sched" --cache-status "${cache_status:-none}" \
    --rss "$rss_under_c,$rss_idle,$rss_peak" --node-rss-peak "$node_rss_peak" --gateway-env "${GATEWAY_ENV:-}" || status=3
  python3 benchmarks/load/chart.py "$out/results-$mode$variant.json" "$out/load-$mode$variant.svg"
}

status=0
for mode in $modes; do
  case "$mode" in
    in-process | redis) measure_mode "$mode" ;;
    *) echo "Unknown mode $mode: in-process or redis" >&2; exit 2 ;;
  esac
done
exit "$status"
