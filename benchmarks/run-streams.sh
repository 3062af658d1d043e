#!/usr/bin/env bash
# Room streams at scale on one gateway instance: STREAMS concurrent GET /api/v1/rooms/{room}/events/stream (one JWT,
# one user each), then EVENTS events of that room, one every INTERVAL seconds, produced by uploads through the gateway
# and polled from the emulator's queue. Measures
#   - memory per stream: the gateway's resident memory with every stream open, less before any was, over STREAMS;
#   - latency: from an event entering the log (its Redis stream entry id, on this machine's clock) to each stream
#     receiving it, and to the last stream receiving it, p50 and p99 (benchmarks/node/stream-clients.js).
# The gateway runs in Release beside the emulator and a redis-server, as separate processes; the clients are one Node
# process. Writes artifacts/bench-streams/result.json and prints it.
# Usage: benchmarks/run-streams.sh     STREAMS=10000 EVENTS=30 INTERVAL=1 to change; SKIP_BUILD=1 reuses the last build;
#        GCDUMP=1 also dumps the gateway's heap once every stream is open (dotnet-gcdump: WITH_PROFILERS=1 benchmarks/setup.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/lib.sh

streams="${STREAMS:-10000}"
events="${EVENTS:-30}"
interval="${INTERVAL:-1}"
work="artifacts/bench-streams"
gateway_port=18280 emulator_port=18290 redis_port=16389

room=bench-streams

scripts/install-missing.sh redis-server=redis-server node=nodejs,npm
# Each stream is a socket on both sides.
ulimit -n "$(( streams + 1024 > $(ulimit -Hn) ? $(ulimit -Hn) : streams + 1024 ))"
mkdir -p "$work"

pids=()
trap stop_all EXIT

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "== Building Release"
  dotnet publish src/Classroom.Emulator -c Release -o "$work/emulator" --nologo -v quiet
  dotnet publish src/Gateway -c Release -o "$work/gateway" --nologo -v quiet
fi

free_ports "$gateway_port" "$emulator_port" "$redis_port"

echo "== Starting redis-server, the emulator and the gateway in front of it"
redis-server --port "$redis_port" --save "" --appendonly no >"$work/redis.log" 2>&1 &
pids+=($!)
Logging__LogLevel__Default=Warning Agora__AppId=$app_id Agora__AppCertificate=$app_certificate \
  Kestrel__Endpoints__Http1__Url="http://127.0.0.1:$emulator_port" \
  dotnet "$work/emulator/Classroom.Emulator.dll" >"$work/emulator.log" 2>&1 &
emulator_pid=$!
pids+=($emulator_pid)
env ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
  Agora__Emulator__Enabled=false Agora__BaseUrl="http://127.0.0.1:$emulator_port" \
  Agora__AppId=$app_id Agora__AppCertificate=$app_certificate \
  Auth__Issuer=$AUTH_ISSUER Auth__Audience=$AUTH_AUDIENCE Auth__SigningKey=$AUTH_SIGNING_KEY \
  Redis__Configuration="127.0.0.1:$redis_port" RateLimit__PermitsPerMinute=1000000 \
  Events__PollIntervalMilliseconds=100 Events__MaxStreamsPerInstance="$((streams + 10))" \
  dotnet "$work/gateway/Gateway.dll" --urls "http://127.0.0.1:$gateway_port" >"$work/gateway.log" 2>&1 &
gateway_pid=$!
pids+=($gateway_pid)
wait_until_up "http://127.0.0.1:$emulator_port/" "$emulator_pid"
wait_until_up "http://127.0.0.1:$gateway_port/healthz" "$gateway_pid"

echo "== A room, a teacher, and $streams students' JWTs"
gateway="http://127.0.0.1:$gateway_port/api/v1"
teacher_jwt="$(node benchmarks/node/sign-jwts.js 1 bench-teacher teacher "$room")"
node benchmarks/node/sign-jwts.js "$streams" bench-student student "$room" >"$work/student-jwts.txt"
call POST "/rooms/$room" '{"roomName":"Streams","roomType":4}'
upload() {
  call PUT "/rooms/$room/resources/slides-$1" \
    "{\"resourceName\":\"Slides $1\",\"size\":1024,\"ext\":\"pdf\",\"url\":\"https://files.school.example/slides-$1.pdf\"}"
}
# A first stream and event, so that the code paths are warm and the hub has a position in the log.
for i in $(seq 1 3); do upload "warm-$i"; done
sleep 3
rss_before="$(rss_kb "$gateway_pid")"

echo "== Opening $streams streams"
node benchmarks/node/stream-clients.js "$gateway/rooms/$room/events/stream" "$work/student-jwts.txt" "$events" \
  "$(( events * interval + 60 ))" >"$work/clients.out" 2>"$work/clients.err" &
clients_pid=$!
pids+=($clients_pid)
until grep -q '^ready' "$work/clients.out"; do
  kill -0 "$clients_pid" 2>/dev/null || { echo "The clients exited: $(cat "$work/clients.err")" >&2; exit 1; }
  sleep 1
done
read -r _ opened failed <"$work/clients.out"
sleep 5
rss_open="$(rss_kb "$gateway_pid")"
echo "   $opened open, $failed refused or failed"
if [ "${GCDUMP:-0}" = 1 ]; then
  # After the reading above: the dump itself adds to the resident memory.
  "${DOTNET_GCDUMP:-$HOME/.dotnet/tools/dotnet-gcdump}" collect -p "$gateway_pid" -o "$work/streams-open.gcdump" >/dev/null
  echo "   heap with every stream open: $work/streams-open.gcdump"
fi

echo "== $events events, one every $interval s"
for i in $(seq 1 "$events"); do
  upload "$i"
  sleep "$interval"
done
wait "$clients_pid" || true
rss_after="$(rss_kb "$gateway_pid")"

python3 - "$work/result.json" "$rss_before" "$rss_open" "$rss_after" "$(tail -1 "$work/clients.out")" "$(nproc)" <<'PY'
import json, sys
path, before, opened, after, clients, cores = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), json.loads(sys.argv[5]), int(sys.argv[6])
result = {
    **clients,
    "gatewayRssKb": {"beforeStreams": before, "streamsOpen": opened, "afterEvents": after},
    "kbPerStream": round((opened - before) / max(clients["streams"], 1), 2),
    "cores": cores,
}
json.dump(result, open(path, "w"), indent=2)
print(json.dumps(result, indent=2))
PY
