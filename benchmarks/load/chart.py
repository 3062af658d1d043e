"""Draws results.json as an SVG: requests per second and p99 latency of each case, gateway beside its reference."""
import json
import sys
from html import escape

results = json.load(open(sys.argv[1]))
cases = results["cases"]
width, panel_height, top, left = 940, 245, 54, 64
colors = {"gateway": "#2563eb", "reference": "#9ca3af"}


def bars(c):
    """(result, colour) of each bar of a case: the gateway, then its reference."""
    return [(c["gateway"], colors["gateway"]), (c["reference"], colors["reference"])]


def panel(y0, title, metric, unit, decimals):
    values = [result[metric] for c in cases for result, _ in bars(c)]
    highest = max(values) * 1.15 or 1
    plot_height = panel_height - 60
    # Each case gets room in proportion to its bars (plus one for the gap), so every bar is about as wide.
    slots = [len(bars(c)) + 1 for c in cases]
    slot = (width - left - 20) / sum(slots)
    parts = [f'<text x="{left}" y="{y0 + 16}" font-size="14" font-weight="bold">{escape(title)}</text>']
    base = y0 + 26 + plot_height
    parts.append(f'<line x1="{left}" y1="{base}" x2="{width - 20}" y2="{base}" stroke="#374151"/>')
    for i, c in enumerate(cases):
        start = left + sum(slots[:i]) * slot
        middle = start + slots[i] * slot / 2
        for j, (result, color) in enumerate(bars(c)):
            value = result[metric]
            height = plot_height * value / highest
            x = start + slot * (0.5 + j)
            parts.append(f'<rect x="{x + 2:.1f}" y="{base - height:.1f}" width="{slot - 4:.1f}" height="{height:.1f}" fill="{color}"/>')
            parts.append(f'<text x="{x + slot / 2:.1f}" y="{base - height - 4:.1f}" font-size="11" text-anchor="middle">'
                         f'{value:,.{decimals}f}{unit}</text>')
            parts.append(f'<text x="{x + slot / 2:.1f}" y="{base + 13}" font-size="10" text-anchor="middle" fill="#4b5563">'
                         f'{escape(result["label"])}</text>')
        parts.append(f'<text x="{middle:.1f}" y="{base + 28}" font-size="12" text-anchor="middle">'
                     f'({c["case"]}) {escape(c["title"])}</text>')
        ratio, target = (c["rpsRatio"], c["target"]["rpsRatioAtLeast"]) if metric == "rps" else (c["p99Ratio"], c["target"].get("p99RatioAtMost"))
        goal = "" if target is None else f' (target {"≥" if metric == "rps" else "≤"} {target}×)'
        parts.append(f'<text x="{middle:.1f}" y="{base + 42}" font-size="11" text-anchor="middle" fill="#4b5563">'
                     f'ratio {ratio:.2f}×{goal}</text>')
    return parts


height = top + 2 * (panel_height + 20) + 34
counts = {len(c["gateway"]["roundsRps"]) for c in cases if "roundsRps" in c["gateway"]}
rounds = f"; (a), (b): median of {counts.pop()} rounds" if len(counts) == 1 else ""
memory = results["memory"]
method = results["method"]
placement = (f'servers on core {method["serverCore"]}, wrk on core {method["loadCore"]}' if method.get("pinned")
             else "nothing pinned")
svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif">',
       f'<rect width="{width}" height="{height}" fill="white"/>',
       f'<text x="{left}" y="22" font-size="16" font-weight="bold">Gateway load benchmarks, {escape(results["measuredAt"][:16].replace("T", " "))} UTC</text>',
       f'<text x="{left}" y="40" font-size="11" fill="#4b5563">{escape(results["machine"]["cpu"])}; {placement}, '
       f'servers under SCHED_{method["schedulingPolicy"].upper()}, '
       f'{method["connections"]} connections, {escape(method["duration"])} per run, '
       f'{"caches and rate limits in Redis" if method["redis"] else "caches and rate limits in process"}{rounds}</text>',
       f'<text x="{width - 20}" y="22" font-size="12" text-anchor="end">(d) gateway peak RSS {memory["peakRssMb"]} MB</text>']
svg += panel(top, "Requests per second (higher is better)", "rps", "", 0)
svg += panel(top + panel_height + 20, "p99 latency, ms (lower is better)", "p99Ms", "", 2)
legend_y = height - 12
for k, (side, text) in enumerate((("gateway", "gateway"),
                                   ("reference", "reference: YARP alone / the emulator direct / Node agora-token server"))):
    svg.append(f'<rect x="{left + k * 150}" y="{legend_y - 10}" width="12" height="12" fill="{colors[side]}"/>')
    svg.append(f'<text x="{left + k * 150 + 16}" y="{legend_y}" font-size="11">{escape(text)}</text>')
svg.append("</svg>")
with open(sys.argv[2], "w") as output:
    output.write("\n".join(svg) + "\n")
