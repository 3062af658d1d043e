#!/usr/bin/env bash
# A soak of the Release gateway: minutes of a mixed load with ever new rooms and users and clients that give up
# (benchmarks/soak/mixed_load.py), in front of the emulator behind a proxy that makes every tenth room slow
# (benchmarks/soak/slow_proxy.py). It samples the gateway's resident memory and its GC heap every 30 s, takes a heap
# dump (which runs a full, compacting GC first) a minute in, one when the load stops and one after the caches' minute
# has passed and a few requests have let them sweep, and compares the first and the last by type: what grew with time
# and was not given back. The gateway runs as shipped (Production, appsettings.json, no Redis unless MODE=redis), with
# the sandbox's app id, certificate and JWT key and the emulator as its upstream in a process of its own, so that the
# emulator's classrooms are not counted in the gateway's heap.
# Usage: benchmarks/run-soak.sh     DURATION=720 WORKERS=24 ROOMS_PER_SECOND=12 MODE=in-process|redis SKIP_BUILD=1
# Writes artifacts/soak/<mode>/: samples.csv (seconds, RSS MiB, GC heap MiB), load.jsonl (answers per kind every 30 s),
# early.txt, end.txt, settled.txt (dotnet-gcdump reports) and growth.txt (the types that grew most, by count).
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/lib.sh

duration="${DURATION:-720}"
workers="${WORKERS:-24}"
mode="${MODE:-in-process}"
work="artifacts/soak"
runs="$work/$mode"
gateway_port=18280 emulator_port=18290 proxy_port=18291 redis_port=16389
pinned=0 sched=other

WITH_PROFILERS=1 benchmarks/setup.sh
export PATH="$PATH:$HOME/.dotnet/tools"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "== Building Release"
  dotnet publish src/Classroom.Emulator -c Release -o "$work/emulator" --nologo -v quiet
  dotnet publish src/Gateway -c Release -o "$work/gateway" --nologo -v quiet
fi
rm -rf "$runs"
mkdir -p "$runs"
free_ports "$gateway_port" "$emulator_port" "$proxy_port" "$redis_port"
pids=()
trap stop_all EXIT

start_server emulator 0 "$runs/emulator.log" env Logging__LogLevel__Default=Warning Agora__AppId=$app_id \
  Agora__AppCertificate=$app_certificate dotnet "$work/emulator/Classroom.Emulator.dll" --urls "http://127.0.0.1:$emulator_port"
start_server proxy 0 "$runs/proxy.log" python3 benchmarks/soak/slow_proxy.py "$proxy_port" "$emulator_port" 3
redis_settings=()
if [ "$mode" = redis ]; then
  start_redis redis 0 "$runs/redis.log" "$redis_port"
  redis_settings=(Redis__Configuration="127.0.0.1:$redis_port")
fi
start_server gateway 0 "$runs/gateway.log" env ASPNETCORE_ENVIRONMENT=Production "${redis_settings[@]}" \
  Agora__Emulator__Enabled=false Agora__BaseUrl="http://127.0.0.1:$proxy_port" \
  Agora__AppId=$app_id Agora__AppCertificate=$app_certificate \
  Auth__Issuer=$AUTH_ISSUER Auth__Audience=$AUTH_AUDIENCE Auth__SigningKey=$AUTH_SIGNING_KEY \
  dotnet "$work/gateway/Gateway.dll" --urls "http://127.0.0.1:$gateway_port"
wait_until_up "http://127.0.0.1:$emulator_port/" "$emulator"
wait_until_up "http://127.0.0.1:$gateway_port/healthz" "$gateway"

# Resident memory from /proc and the GC heap as the runtime's counters give it (the heap after the last GC), every 30 s.
dotnet-counters collect -p "$gateway" --counters System.Runtime --refresh-interval 30 --format csv -o "$runs/counters.csv" \
  >/dev/null 2>&1 &
counters=$!
pids+=("$counters")
start=$(date +%s)
( while kill -0 "$gateway" 2>/dev/null; do
    echo "$(( $(date +%s) - start )),$(awk '/^VmRSS/ {print $2}' "/proc/$gateway/status")"
    sleep 30
  done ) >"$runs/rss.csv" &
pids+=($!)

dump() { dotnet-gcdump collect -p "$gateway" -o "$runs/$1.gcdump" >/dev/null && dotnet-gcdump report "$runs/$1.gcdump" >"$runs/$1.txt"
  echo "  $1 dump at $(( $(date +%s) - start )) s: RSS $(awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$gateway/status") MiB after its GC"; }

echo "== $mode: ${duration} s of mixed load, $workers workers"
python3 benchmarks/soak/mixed_load.py 127.0.0.1 "$gateway_port" "$duration" "$workers" >"$runs/load.jsonl" &
load=$!
sleep 60
dump early
wait "$load"
tail -1 "$runs/load.jsonl"
dump end
# The caches' entries live a minute and an in-process cache sweeps what expired when it is next used: a minute and a
# half later, a few requests of every cached kind, then the last dump.
sleep 90
jwt="$(node benchmarks/node/sign-jwts.js 1 settle admin '*')"
for _ in 1 2 3; do
  curl -s -o /dev/null -X POST "http://127.0.0.1:$gateway_port/api/v1/rtm-token" -H "authorization: Bearer $jwt"
  curl -s -o /dev/null "http://127.0.0.1:$gateway_port/api/v1/rooms/settle-room/resources" -H "authorization: Bearer $jwt"
  curl -s -o /dev/null "http://127.0.0.1:$gateway_port/api/v1/rooms/settle-room" -H "authorization: Bearer $jwt"
  sleep 1
done
dump settled
kill "$counters" 2>/dev/null || true
sleep 1
python3 benchmarks/soak/summary.py "$runs"
