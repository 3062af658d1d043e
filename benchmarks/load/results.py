"""Gathers one load run's wrk results into results.json: the machine, the method, each case with its reference,
the ratios and whether each target is met."""
import argparse
import json
import os
import platform
import re
import subprocess
import sys
from datetime import datetime, timezone


def command_output(*command):
    try:
        return subprocess.run(command, capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return "unknown"


def cpu_model():
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor()


parser = argparse.ArgumentParser()
parser.add_argument("runs")
parser.add_argument("output")
for option in ("mode", "duration", "warmup", "connections", "pinned", "server-core", "load-core", "sched", "cache-status", "rss",
               "node-rss-peak"):
    parser.add_argument(f"--{option}", required=True)
parser.add_argument("--gateway-env", default="")
args = parser.parse_args()


def load(path):
    with open(path) as result:
        return json.load(result)


def run(name):
    """A run's figures; for a run taken in rounds (<name>-1, -2, …), the round of median requests per second, with the
    requests per second of every round."""
    path = os.path.join(args.runs, f"{name}.json")
    if os.path.exists(path):
        return load(path)
    rounds = sorted((load(os.path.join(args.runs, f)) for f in os.listdir(args.runs)
                     if re.fullmatch(re.escape(name) + r"-\d+\.json", f)), key=lambda r: r["rps"])
    if not rounds:
        raise FileNotFoundError(path)
    return {**rounds[len(rounds) // 2], "roundsRps": [r["rps"] for r in rounds],
            "roundsAll2xx": all(clean(r) for r in rounds)}


def clean(result):
    return result["non2xx"] == 0 and result["socketErrors"] == 0 and result.get("roundsAll2xx", True)


def case(key, title, reference, reference_label, rps_target, p99_target=None):
    """A case's gateway run against its reference (the run named <key>-<reference>), measured in the same run."""
    gateway, other = run(f"{key}-gateway"), run(f"{key}-{reference}")
    rps_ratio = gateway["rps"] / other["rps"]
    p99_ratio = gateway["p99Ms"] / other["p99Ms"]
    all_clean = clean(gateway) and clean(other)
    met = all_clean and rps_ratio >= rps_target and (p99_target is None or p99_ratio <= p99_target)
    return {
        "case": key, "title": title,
        "gateway": {"label": "gateway", **gateway},
        "reference": {"label": reference_label, **other},
        "rpsRatio": round(rps_ratio, 3), "p99Ratio": round(p99_ratio, 3),
        "cpuUsPerRequest": {"gateway": gateway["serverCpuUsPerRequest"], "reference": other["serverCpuUsPerRequest"],
                            **({"upstreamBehindGateway": gateway["upstreamCpuUsPerRequest"]} if "upstreamCpuUsPerRequest" in gateway else {})},
        "bytesAllocatedPerRequest": {side: result["serverBytesAllocatedPerRequest"]
                                     for side, result in (("gateway", gateway), ("reference", other)) if "serverBytesAllocatedPerRequest" in result},
        "target": {"rpsRatioAtLeast": rps_target, **({"p99RatioAtMost": p99_target} if p99_target else {})},
        "allAnswers2xx": all_clean, "met": met,
    }


rss_under_load, rss_idle, rss_peak = (int(kb) / 1024 for kb in args.rss.split(","))
# The kernel updates VmHWM lazily, so a sample taken under load can exceed it by a little.
rss_peak = max(rss_peak, rss_under_load)
peak_rss_target_mb = 200
cases = [
    case("a", "Forwarded read: GET …/sequences", "floor", "YARP alone", 0.85, 1.5),
    case("b", "Cached read: GET …/resources", "emulator", "emulator", 1.5),
    case("c", "Join, 1,000 students", "node", "Node agora-token", 2.0),
]
results = {
    "measuredAt": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    "machine": {
        "cpu": cpu_model(), "cores": os.cpu_count(), "kernel": platform.release(),
        "dotnet": command_output("dotnet", "--version"), "node": command_output("node", "--version"),
        "wrk": command_output("sh", "-c", "wrk -v 2>&1 | head -1"),
    },
    "method": {
        "duration": args.duration, "warmup": args.warmup, "connections": int(args.connections), "wrkThreads": 1,
        "mode": args.mode, "redis": args.mode == "redis", "pinned": args.pinned == "1",
        **({"serverCore": int(args.server_core), "loadCore": int(args.load_core)} if args.pinned == "1" else {}),
        "schedulingPolicy": args.sched,
        "resourcesCacheStatusSeen": args.cache_status,
        **({"gatewayEnvironment": args.gateway_env.split()} if args.gateway_env else {}),
    },
    "cases": cases,
    "memory": {
        "case": "d", "title": "Gateway resident memory (MB)",
        "underLoadMaxRssMb": round(rss_under_load, 1), "idleAfterRssMb": round(rss_idle, 1),
        "peakRssMb": round(rss_peak, 1), "nodeTokenServerPeakRssMb": round(int(args.node_rss_peak) / 1024, 1),
        "target": {"peakRssMbAtMost": peak_rss_target_mb}, "met": rss_peak <= peak_rss_target_mb,
    },
}
with open(args.output, "w") as output:
    json.dump(results, output, indent=2, ensure_ascii=False)
    output.write("\n")

print(f"\n{args.mode}{', pinned' if args.pinned == '1' else ''}, SCHED_{args.sched.upper()}")
print(f"{'case':<38}{'gateway rps':>12}{'ref rps':>10}{'ratio':>7}{'gw p99':>9}{'ref p99':>9}{'ratio':>7}  target")
for c in cases:
    g, r = c["gateway"], c["reference"]
    target = f">= {c['target']['rpsRatioAtLeast']}x rps" + (f", p99 <= {c['target']['p99RatioAtMost']}x" if "p99RatioAtMost" in c["target"] else "")
    print(f"({c['case']}) {c['title'][:33]:<34}{g['rps']:>12,.0f}{r['rps']:>10,.0f}{c['rpsRatio']:>7.2f}"
          f"{g['p99Ms']:>8.2f}m{r['p99Ms']:>8.2f}m{c['p99Ratio']:>7.2f}  {target}: {'met' if c['met'] else 'NOT met'}"
          + ("" if c["allAnswers2xx"] else "  (errors or non-2xx answers!)"))
    if "roundsRps" in g:
        print(f"    rounds, req/s: gateway {', '.join(f'{x:,.0f}' for x in g['roundsRps'])};"
              f" {r['label']} {', '.join(f'{x:,.0f}' for x in r['roundsRps'])} (the median of each side is compared)")
    cpu = c["cpuUsPerRequest"]
    print(f"    CPU per request: gateway {cpu['gateway']} us, {c['reference']['label']} {cpu['reference']} us"
          + (f", emulator behind the gateway {cpu['upstreamBehindGateway']} us" if "upstreamBehindGateway" in cpu else "")
          + "; allocated per request: " + ", ".join(f"{side} {size:,} B" for side, size in c["bytesAllocatedPerRequest"].items()))
m = results["memory"]
print(f"(d) gateway RSS: {m['underLoadMaxRssMb']} MB max under (c), {m['peakRssMb']} MB peak, {m['idleAfterRssMb']} MB after;"
      f" <= {peak_rss_target_mb} MB: {'met' if m['met'] else 'NOT met'}")

print("\n| case | gateway req/s | reference req/s | ratio | gateway p99 | reference p99 | p99 ratio | CPU µs/req gateway / reference | target | met |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---|---|")
for c in cases:
    g, r, cpu = c["gateway"], c["reference"], c["cpuUsPerRequest"]
    target = f"≥ {c['target']['rpsRatioAtLeast']}×" + (f", p99 ≤ {c['target']['p99RatioAtMost']}×" if "p99RatioAtMost" in c["target"] else "")
    print(f"| ({c['case']}) {c['title']} vs {r['label']} | {g['rps']:,.0f} | {r['rps']:,.0f} | {c['rpsRatio']:.2f}× | {g['p99Ms']:.1f} ms"
          f" | {r['p99Ms']:.1f} ms | {c['p99Ratio']:.2f}× | {cpu['gateway']:.0f} / {cpu['reference']:.0f} | {target} | {'yes' if c['met'] else 'no'} |")
print(f"| (d) gateway RSS | peak {m['peakRssMb']} MB | under (c) {m['underLoadMaxRssMb']} MB | | after {m['idleAfterRssMb']} MB | | | | ≤ {peak_rss_target_mb} MB | {'yes' if m['met'] else 'no'} |")

if not all(c["allAnswers2xx"] for c in cases):
    print("\nSome runs had errors or non-2xx answers: their figures measure refusals, not the cases.")
    sys.exit(3)
