"""The figures of one soak (benchmarks/run-soak.sh): memory over time, and the types whose live objects grew from the
first heap dump to the last. Usage: python3 summary.py <run folder>; writes <run folder>/growth.txt too."""
import collections
import csv
import re
import sys

run = sys.argv[1]


def counter_by_time(name):
    """A runtime counter per sample, its dimensions summed: the GC heap after the last collection is every generation's,
    the LOH's and the POH's."""
    sums = collections.defaultdict(float)
    try:
        with open(f"{run}/counters.csv") as counters:
            for row in csv.reader(counters):
                if len(row) >= 5 and row[2].startswith(name):
                    sums[row[0]] += float(row[4])
    except FileNotFoundError:
        pass
    return [sums[stamp] for stamp in sorted(sums)]


def live_types(name):
    """Live objects and bytes per type in a dotnet-gcdump report, its size classes ("(Bytes > 10K)") put together."""
    counts, sizes = collections.Counter(), collections.Counter()
    with open(f"{run}/{name}.txt") as report:
        for line in report:
            match = re.match(r"\s*([\d,]+)\s+([\d,]+)\s+(.+?)(?:\s+\(Bytes > [\dKM]+\))?\s+\[[^]]+\]\s*$", line)
            if match:
                counts[match[3]] += int(match[2].replace(",", ""))
                sizes[match[3]] += int(match[1].replace(",", ""))
    return counts, sizes


def total(name):
    with open(f"{run}/{name}.txt") as report:
        return int(report.readline().split()[0].replace(",", ""))


rss = [line.strip().split(",") for line in open(f"{run}/rss.csv") if line.strip()]
heaps = counter_by_time("dotnet.gc.last_collection.heap.size")
timers = counter_by_time("dotnet.timer.count")
print("seconds  RSS MiB  GC heap MiB (after the last GC)  timers")
for i, (seconds, kib) in enumerate(rss):
    heap = f"{heaps[i] / 2**20:.1f}" if i < len(heaps) else "-"
    timer = f"{timers[i]:.0f}" if i < len(timers) else "-"
    print(f"{int(seconds):7d}  {int(kib) / 1024:7.0f}  {heap:>31}  {timer:>6}")
for name in ("early", "end", "settled"):
    print(f"{name} dump: {total(name) / 2**20:.1f} MiB live after a full GC")

early, early_sizes = live_types("early")
late, late_sizes = live_types("settled")
grown = sorted(late, key=lambda kind: late[kind] - early[kind], reverse=True)
lines = [f"{'early':>9} {'settled':>9} {'growth':>9} {'bytes now':>11}  type"]
lines += [f"{early[kind]:9d} {late[kind]:9d} {late[kind] - early[kind]:+9d} {late_sizes[kind]:11d}  {kind}"
          for kind in grown[:40] if late[kind] > early[kind]]
open(f"{run}/growth.txt", "w").write("\n".join(lines) + "\n")
print("\n".join(lines[:26]))
