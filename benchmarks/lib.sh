# Shell functions and settings the benchmark scripts share; sourced, not run.

# The sandbox's credentials, which every benchmark's servers use and its JWTs are signed with (benchmarks/node/sign-jwts.js).
app_id=5a4dc0ffee5a4dc0ffee5a4dc0ffee00        # AgoraSandbox.AppId
app_certificate=c0ffee5a4dc0ffee5a4dc0ffee5a4d11 # AgoraSandbox.AppCertificate
export AUTH_ISSUER=https://sandbox.classroom-gateway.local AUTH_AUDIENCE=classroom-gateway \
  AUTH_SIGNING_KEY=c2FuZGJveC1jbGFzc3Jvb20tZ2F0ZXdheS1rZXktMzI= # SandboxMode

# A teacher's call to the gateway's API at $gateway (…/api/v1) with the JWT $teacher_jwt, failing on any error answer:
# call <method> <path> [<JSON body>].
call() { curl -sf -X "$1" "$gateway$2" -H "authorization: Bearer $teacher_jwt" -H 'content-type: application/json' ${3:+-d "$3"} >/dev/null; }

# Waits until the process $2 answers at $1 (and fails if it died: another process may hold the port).
wait_until_up() {
  for _ in $(seq 1 150); do
    kill -0 "$2" 2>/dev/null || { echo "The process meant to answer at $1 has exited" >&2; return 1; }
    curl -s -o /dev/null "$1" && return 0
    sleep 0.2
  done
  echo "Nothing answered at $1" >&2; return 1
}

# --- Load runs with wrk. These read the caller's settings: pinned (1 or 0), sched (a chrt policy), load_core, connections,
# duration, warmup, first_warmup (each "<n>s") and runs (the folder a run's figures go to); start_server adds to the
# caller's array pids.

# The words that run a command on core $1 when the run is pinned, anywhere otherwise: `$(placement <core>) <command…>`.
# Each execs the next, so a server started this way in the background has the id the shell reports ($!).
placement() { if [ "$pinned" = 1 ]; then echo "taskset -c $1"; else echo env; fi; }

# Installs what the runs need (benchmarks/setup.sh, with the .NET diagnostics tools), empties the folder their figures go
# to ($runs) and stops every server started from here on when the script exits.
begin_runs() {
  WITH_PROFILERS=1 benchmarks/setup.sh
  export PATH="$PATH:$HOME/.dotnet/tools"
  rm -rf "$runs"
  mkdir -p "$runs"
  pids=()
  trap stop_all EXIT
}

# The emulator, logging at Warning, listening with HTTP/1.1 on $emulator_port and HTTP/2 without TLS on
# $emulator_h2_port: start_emulator <pid variable> <core> <log> <Classroom.Emulator.dll>.
start_emulator() {
  Logging__LogLevel__Default=Warning Agora__AppId=$app_id Agora__AppCertificate=$app_certificate \
    Kestrel__Endpoints__Http1__Url="http://127.0.0.1:$emulator_port" \
    Kestrel__Endpoints__Http2__Url="http://127.0.0.1:$emulator_h2_port" Kestrel__Endpoints__Http2__Protocols=Http2 \
    start_server "$1" "$2" "$3" dotnet "$4"
}

# The Release gateway as the benchmarks run it: in front of the emulator's HTTP/2 endpoint ($emulator_h2_port), with the
# sandbox's credentials and JWT settings and a rate limit no load reaches, logging as its appsettings.json says:
# start_gateway_process <pid variable> <core> <log> <Gateway.dll> <port> [NAME=value …].
start_gateway_process() {
  local var="$1" core="$2" log="$3" dll="$4" port="$5"; shift 5
  start_server "$var" "$core" "$log" env ASPNETCORE_ENVIRONMENT=Production "$@" \
    Agora__Emulator__Enabled=false Agora__BaseUrl="http://127.0.0.1:$emulator_h2_port" Agora__HttpVersionPolicy=RequestVersionExact \
    Agora__AppId=$app_id Agora__AppCertificate=$app_certificate \
    Auth__Issuer=$AUTH_ISSUER Auth__Audience=$AUTH_AUDIENCE Auth__SigningKey=$AUTH_SIGNING_KEY \
    RateLimit__PermitsPerMinute=1000000 dotnet "$dll" --urls "http://127.0.0.1:$port"
}

# A Redis without persistence, as the benchmarks give a gateway: start_redis <pid variable> <core> <log> <port>.
start_redis() { start_server "$1" "$2" "$3" redis-server --port "$4" --save "" --appendonly no; }

# The app token the gateway sends Agora, made with agora-token, for the reads made without the gateway: make_app_token <seconds>.
make_app_token() {
  node -e "const { EducationTokenBuilder } = require('./tests/oracle/node_modules/agora-token');
    process.stdout.write(EducationTokenBuilder.buildAppToken('$app_id', '$app_certificate', $1))"
}

# A classroom $room made through the gateway at $gateway (…/api/v1) with ten resources, each with the JSON members $1
# besides its own (e.g. a conversion), and the JWTs of 100 of its teachers in $runs/teacher-jwts.txt; sets teacher_jwt:
# prepare_classroom [<more members of each resource>].
prepare_classroom() {
  teacher_jwt="$(node benchmarks/node/sign-jwts.js 1 bench-teacher teacher "$room")"
  node benchmarks/node/sign-jwts.js 100 bench-teacher teacher "$room" >"$runs/teacher-jwts.txt"
  call POST "/rooms/$room" '{"roomName":"Benchmark","roomType":4}'
  local i
  for i in $(seq 1 10); do
    call PUT "/rooms/$room/resources/slides-$i" \
      "{\"resourceName\":\"Slides $i\",\"size\":$((i * 1024)),\"ext\":\"pdf\",\"url\":\"https://files.school.example/slides-$i.pdf\"${1:+,$1}}"
  done
}

# Stops every server start_server started: each script's EXIT trap, and run-load.sh's between its configurations.
stop_all() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; pids=(); }

# Fails when something already listens on one of the ports: free_ports <port…>.
free_ports() {
  local port
  for port in "$@"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "Port $port is already in use: stop what listens there first" >&2
      return 1
    fi
  done
}

# Starts a server under the policy $sched (on core $2 when pinned); its id lands in the variable named by $1.
start_server() {
  local var="$1" core="$2" log="$3"; shift 3
  $(placement "$core") chrt --"$sched" 0 "$@" >"$log" 2>&1 &
  pids+=($!)
  printf -v "$var" '%s' "$!"
}

# CPU time a process has used so far, user and system, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# The requests per second of one wrk run of $1 seconds: wrk_rps <seconds> <script> <url>.
wrk_rps() {
  $(placement "$load_core") wrk -t1 -c"$connections" -d"$1s" -s "$2" "$3" | tail -1 | python3 -c 'import json, sys; print(int(json.load(sys.stdin)["rps"]))'
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
# else $warmup): run_wrk <name> <script> <url> <server pid> [<upstream pid>]; writes $runs/<name>.json with wrk's
# figures, the seconds of warm-up and the CPU time per request of the server (and of its upstream), which a busy machine
# disturbs less than throughput.
run_wrk() {
  local name="$1" script="$2" url="$3" server="$4" upstream="${5:-$$}" warmed collector=""
  warmed="$(warm_until_steady "$([ "${FIRST:-0}" = 1 ] && echo "${first_warmup%s}" || echo "${warmup%s}")" "$script" "$url")"
  local server_before upstream_before counters="$runs/$name.counters.csv"
  server_before="$(cpu_ticks "$server")" upstream_before="$(cpu_ticks "$upstream")"
  # A .NET server's allocation rate, from its runtime counters (one sample a second, cheap to collect).
  if [ "$(readlink "/proc/$server/exe")" != "$(readlink -f "$(command -v node)")" ] && command -v dotnet-counters >/dev/null; then
    $(placement "$load_core") dotnet-counters collect -p "$server" --counters System.Runtime --refresh-interval 1 \
      --duration "00:00:00:$(printf '%02d' "${duration%s}")" --format csv -o "$counters" >/dev/null 2>&1 &
    collector=$!
  fi
  $(placement "$load_core") wrk -t1 -c"$connections" -d"$duration" --latency -s "$script" "$url" | tail -1 >"$runs/$name.json"
  if [ -n "$collector" ]; then wait "$collector" 2>/dev/null || true; fi
  python3 - "$runs/$name.json" "$(getconf CLK_TCK)" "$(( $(cpu_ticks "$server") - server_before ))" \
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
  echo "  $name: $(cat "$runs/$name.json")"
}
