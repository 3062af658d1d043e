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
for option in ("duration", "warmup", "connections", "redis", "server-core", "load-core", "sched", "cache-status", "rss", "node-rss-peak"):
    parser.add_argument(f"--{option}", required=True)
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


def case(key, title, gateway_label, reference_label, rps_target, p99_target=None, alongside=()):
    """A case's gateway run against its reference; `alongside` are (run, label) pairs measured beside them in the
    same run, each compared with the same reference (the floor: a plain YARP forwarder, what forwarding alone does)."""
    gateway, reference = run(f"{key}-gateway"), run(f"{key}-{reference_label}")
    others = [{"run": f"{key}-{name}", "label": label, **run(f"{key}-{name}")} for name, label in alongside]
    rps_ratio = gateway["rps"] / reference["rps"]
    p99_ratio = gateway["p99Ms"] / reference["p99Ms"]
    all_clean = all(clean(result) for result in (gateway, reference, *others))
    met = all_clean and rps_ratio >= rps_target and (p99_target is None or p99_ratio <= p99_target)
    return {
        "case": key, "title": title,
        "gateway": {"label": gateway_label, **gateway},
        "reference": {"label": reference_label, **reference},
        "alongside": [{**other, "rpsRatio": round(other["rps"] / reference["rps"], 3),
                       "p99Ratio": round(other["p99Ms"] / reference["p99Ms"], 3)} for other in others],
        "rpsRatio": round(rps_ratio, 3), "p99Ratio": round(p99_ratio, 3),
        "cpuUsPerRequest": {"gateway": gateway["serverCpuUsPerRequest"], "reference": reference["serverCpuUsPerRequest"],
                            **({"upstreamBehindGateway": gateway["upstreamCpuUsPerRequest"]} if "upstreamCpuUsPerRequest" in gateway else {})},
        "bytesAllocatedPerRequest": {side: run["serverBytesAllocatedPerRequest"]
                                     for side, run in (("gateway", gateway), ("reference", reference)) if "serverBytesAllocatedPerRequest" in run},
        "target": {"rpsRatioAtLeast": rps_target, **({"p99RatioAtMost": p99_target} if p99_target else {})},
        "allAnswers2xx": all_clean, "met": met,
    }


rss_under_load, rss_idle, rss_peak = (int(kb) / 1024 for kb in args.rss.split(","))
# The kernel updates VmHWM lazily, so a sample taken under load can exceed it by a little.
rss_peak = max(rss_peak, rss_under_load)
cases = [
    case("a", "Uncached read: GET …/records", "gateway", "emulator", 0.5, 3.0,
         alongside=[("floor", "YARP alone"), ("gateway-http1", "HTTP/1.1 up")]),
    case("b", "Cached read: GET …/resources", "gateway", "emulator", 1.5),
    case("c", "POST rtm-token, 1,000 users", "gateway", "node", 1.5),
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
        "serverCore": int(args.server_core), "loadCore": int(args.load_core), "schedulingPolicy": args.sched, "redis": args.redis == "1",
        "resourcesCacheStatusSeen": args.cache_status,
    },
    "cases": cases,
    "memory": {
        "case": "d", "title": "Gateway resident memory (MB)",
        "underLoadMaxRssMb": round(rss_under_load, 1), "idleAfterRssMb": round(rss_idle, 1),
        "peakRssMb": round(rss_peak, 1), "nodeTokenServerPeakRssMb": round(int(args.node_rss_peak) / 1024, 1),
        "target": {"peakRssMbAtMost": 300}, "met": rss_peak <= 300,
    },
}
with open(args.output, "w") as output:
    json.dump(results, output, indent=2, ensure_ascii=False)
    output.write("\n")

print(f"\n{'case':<38}{'gateway rps':>12}{'ref rps':>10}{'ratio':>7}{'gw p99':>9}{'ref p99':>9}{'ratio':>7}  target")
for c in cases:
    g, r = c["gateway"], c["reference"]
    target = f">= {c['target']['rpsRatioAtLeast']}x rps" + (f", p99 <= {c['target']['p99RatioAtMost']}x" if "p99RatioAtMost" in c["target"] else "")
    print(f"({c['case']}) {c['title'][:33]:<34}{g['rps']:>12,.0f}{r['rps']:>10,.0f}{c['rpsRatio']:>7.2f}"
          f"{g['p99Ms']:>8.2f}m{r['p99Ms']:>8.2f}m{c['p99Ratio']:>7.2f}  {target}: {'met' if c['met'] else 'NOT met'}"
          + ("" if c["allAnswers2xx"] else "  (errors or non-2xx answers!)"))
    for f in c["alongside"]:
        print(f"    {f['label']}: {f['rps']:,.0f} rps ({f['rpsRatio']:.2f}x), p99 {f['p99Ms']:.2f} ms ({f['p99Ratio']:.2f}x),"
              f" CPU {f['serverCpuUsPerRequest']} us per request")
    if "roundsRps" in g:
        print(f"    rounds, req/s: gateway {', '.join(f'{x:,.0f}' for x in g['roundsRps'])};"
              f" {r['label']} {', '.join(f'{x:,.0f}' for x in r['roundsRps'])} (the median of each side is compared)")
    cpu = c["cpuUsPerRequest"]
    print(f"    CPU per request: gateway {cpu['gateway']} us, {c['reference']['label']} {cpu['reference']} us"
          + (f", emulator behind the gateway {cpu['upstreamBehindGateway']} us" if "upstreamBehindGateway" in cpu else "")
          + "; allocated per request: " + ", ".join(f"{side} {size:,} B" for side, size in c["bytesAllocatedPerRequest"].items()))
m = results["memory"]
print(f"(d) gateway RSS: {m['underLoadMaxRssMb']} MB max under (c), {m['peakRssMb']} MB peak, {m['idleAfterRssMb']} MB after;"
      f" <= 300 MB: {'met' if m['met'] else 'NOT met'}")

print("\n| case | gateway req/s | reference req/s | ratio | gateway p99 | reference p99 | p99 ratio | CPU µs/req gateway / reference | target | met |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---|---|")
for c in cases:
    g, r, cpu = c["gateway"], c["reference"], c["cpuUsPerRequest"]
    target = f"≥ {c['target']['rpsRatioAtLeast']}×" + (f", p99 ≤ {c['target']['p99RatioAtMost']}×" if "p99RatioAtMost" in c["target"] else "")
    print(f"| ({c['case']}) {c['title']} vs {r['label']} | {g['rps']:,.0f} | {r['rps']:,.0f} | {c['rpsRatio']:.2f}× | {g['p99Ms']:.1f} ms"
          f" | {r['p99Ms']:.1f} ms | {c['p99Ratio']:.2f}× | {cpu['gateway']:.0f} / {cpu['reference']:.0f} | {target} | {'yes' if c['met'] else 'no'} |")
for c in cases:
    for f in c["alongside"]:
        print(f"| ({c['case']}) the same read, {f['label']} | {f['rps']:,.0f} | {c['reference']['rps']:,.0f} | {f['rpsRatio']:.2f}×"
              f" | {f['p99Ms']:.1f} ms | {c['reference']['p99Ms']:.1f} ms | {f['p99Ratio']:.2f}× | {f['serverCpuUsPerRequest']:.0f} /"
              f" {c['cpuUsPerRequest']['reference']:.0f} | (beside) | |")
print(f"| (d) gateway RSS | peak {m['peakRssMb']} MB | under (c) {m['underLoadMaxRssMb']} MB | | after {m['idleAfterRssMb']} MB | | | | ≤ 300 MB | {'yes' if m['met'] else 'no'} |")

if not all(c["allAnswers2xx"] for c in cases):
    print("\nSome runs had errors or non-2xx answers: their figures measure refusals, not the cases.")
    sys.exit(3)
