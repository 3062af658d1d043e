#!/usr/bin/env bash
# Installs what the benchmarks need and a fresh machine lacks: wrk (Debian's package), Node with Agora's
# agora-token (tests/oracle), and the .NET diagnostics tools used to profile the hot path.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-missing.sh wrk=wrk node=nodejs,npm curl=curl redis-server=redis-server

if [ ! -d tests/oracle/node_modules/agora-token ]; then
  (cd tests/oracle && npm ci --no-audit --no-fund --loglevel=error)
fi

if [ "${WITH_PROFILERS:-0}" = 1 ]; then
  for tool in dotnet-counters dotnet-trace dotnet-gcdump; do
    dotnet tool list -g | grep -q "^$tool " || dotnet tool install -g "$tool" --version 10.0.750501
  done
fi
