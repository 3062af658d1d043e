#!/usr/bin/env bash
# Mints RTM tokens with our library (BenchmarkDotNet) and with Agora's npm agora-token, both pinned to one
# core, and prints tokens per second of each, the ratio and the bytes allocated per token.
# Usage: benchmarks/run-token-bench.sh            CORE=1 JOB=medium NODE_SECONDS=20 to change the defaults
set -euo pipefail
cd "$(dirname "$0")/.."

core="${CORE:-0}"
job="${JOB:-short}"
node_seconds="${NODE_SECONDS:-10}"
artifacts="benchmarks/BenchmarkDotNet.Artifacts"

if [ ! -d tests/oracle/node_modules/agora-token ]; then
  (cd tests/oracle && npm ci --no-audit --no-fund --loglevel=error)
fi

echo "Machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores; .NET $(dotnet --version), node $(node --version); core $core"

echo "== agora-token RtmTokenBuilder.buildToken (node, ${node_seconds} s)"
node_result="$(taskset -c "$core" node benchmarks/node/mint-bench.js "$node_seconds")"
echo "$node_result"

echo "== Classroom.Agora (BenchmarkDotNet, job $job)"
rm -rf "$artifacts"
taskset -c "$core" dotnet run -c Release --project benchmarks/Classroom.Benchmarks -- \
  --filter '*TokenBenchmarks*' --job "$job" --exporters json --artifacts "$artifacts"

python3 - "$artifacts" "$node_result" <<'PY'
import glob, json, sys
report = json.load(open(glob.glob(f"{sys.argv[1]}/results/*TokenBenchmarks*.json")[0]))
node = json.loads(sys.argv[2])
print()
print(f"{'benchmark':<24}{'tokens/s':>14}{'ns/op':>10}{'B allocated/op':>16}")
for b in report["Benchmarks"]:
    mean = b["Statistics"]["Mean"]
    print(f"{b['Method']:<24}{1e9 / mean:>14,.0f}{mean:>10,.0f}{b['Memory']['BytesAllocatedPerOperation']:>16}")
print(f"{'node buildToken':<24}{node['tokensPerSecond']:>14,.0f}{node['microsecondsPerToken'] * 1000:>10,.0f}{'':>16}")
mint = next(b for b in report["Benchmarks"] if b["Method"] == "Mint")
print(f"\nRatio Mint / node buildToken: {1e9 / mint['Statistics']['Mean'] / node['tokensPerSecond']:.1f}x")
PY
