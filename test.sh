#!/usr/bin/env bash
# Runs every test. Installs first what the tests need and a fresh machine lacks:
# curl (the README's first recipe is run as written), redis-server, redis-sentinel and redis-cli (which makes the test cluster and watches what the gateway sends),
# Chromium, docker-compose and nginx (Debian packages; docker-compose validates deploy/compose.yaml without an engine,
# nginx runs deploy/nginx.conf in front of a gateway), the
# Node packages used as oracles, Spectral (the OpenAPI linter) and Kubernetes' schemas (tests/kubernetes),
# and the TypeScript client's generator and compiler.
set -euo pipefail
cd "$(dirname "$0")"

scripts/install-missing.sh curl=curl redis-server=redis-server redis-sentinel=redis-sentinel redis-cli=redis-tools chromium=chromium node=nodejs,npm docker-compose=docker-compose /usr/sbin/nginx=nginx

if [ ! -d tests/oracle/node_modules/agora-token ]; then
  (cd tests/oracle && npm ci --no-audit --no-fund --loglevel=error)
fi
if [ ! -d tests/spectral/node_modules/@stoplight/spectral-cli ]; then
  (cd tests/spectral && npm ci --no-audit --no-fund --loglevel=error)
fi
if [ ! -d clients/typescript/node_modules/@hey-api/openapi-ts ]; then
  (cd clients/typescript && npm ci --no-audit --no-fund --loglevel=error)
fi
if [ ! -d tests/kubernetes/node_modules/kubernetes-models ]; then
  (cd tests/kubernetes && npm ci --no-audit --no-fund --loglevel=error)
fi

results="artifacts/test-results"
rm -rf "$results"
status=0
# The gateway's tests run in parts, each in a process of its own: ASP.NET Core's rate-limiting middleware never disposes
# the limiter it makes for endpoints, whose timer keeps every app that used it reachable (dotnet/aspnetcore#66434), so
# one process running every test's gateway held them all, past 24 GB; each part holds at most a few hundred. The last
# run is everything the parts' namespaces do not hold.
matrix=Gateway.Tests.Forwarding.PolicyMatrixTests
parts=(
  "--filter-namespace Gateway.Tests.Events --filter-namespace Gateway.Tests.Attendance --filter-namespace Gateway.Tests.Audit --filter-namespace Gateway.Tests.Redis --filter-namespace Gateway.Tests.Topologies"
  "--filter-class $matrix+WithTheAppToken"
  "--filter-class $matrix+AsTheCaller"
  "--filter-namespace Gateway.Tests.Forwarding --filter-not-class $matrix+WithTheAppToken --filter-not-class $matrix+AsTheCaller --filter-namespace Gateway.Tests.Resilience --filter-namespace Gateway.Tests.Caching --filter-namespace Gateway.Tests.RateLimiting --filter-namespace Gateway.Tests.Health"
  "--filter-namespace Gateway.Tests.Foundation --filter-namespace Gateway.Tests.OpenApi --filter-namespace Gateway.Tests.Telemetry"
)
rest=()
for i in "${!parts[@]}"; do
  read -ra part <<< "${parts[$i]}"
  for ((j = 0; j < ${#part[@]}; j += 2)); do
    [ "${part[$j]}" = --filter-namespace ] && rest+=(--filter-not-namespace "${part[$j + 1]}")
  done
  # A filter of the caller's may leave a part no test (exit code 8); the closing line counts what ran.
  dotnet test --project tests/Gateway.Tests --results-directory "$results/part-$i" --ignore-exit-code 8 "${part[@]}" "$@" || status=$?
done
dotnet test --solution Gateway.sln --results-directory "$results/rest" --ignore-exit-code 8 "${rest[@]}" "$@" || status=$?

# The failed tests, each with the start of its message, and one plain closing line, summed over every test
# assembly's TRX report: the last lines a CI log shows.
python3 - "$results" <<'PY' || status=1
import glob, sys, xml.etree.ElementTree as ET
passed = failed = skipped = 0
for path in glob.glob(f"{sys.argv[1]}/**/*.trx", recursive=True):
    run = ET.parse(path).getroot()
    counters = run.find("{*}ResultSummary/{*}Counters")
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0))
    skipped += int(counters.get("notExecuted", 0))
    for result in run.iterfind(".//{*}UnitTestResult"):
        if result.get("outcome") not in ("Passed", "NotExecuted"):
            message = " ".join(result.findtext("{*}Output/{*}ErrorInfo/{*}Message", "").split())
            print(f"FAILED {result.get('testName')}: {message[:600]}")
print(f"Tests: {passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if passed + failed == 0 else 0)
PY
exit "$status"
