"""Draws results.json as an SVG: requests per second and p99 latency of each case, gateway beside its reference."""
import json
import sys
from html import escape

results = json.load(open(sys.argv[1]))
cases = results["cases"]
width, panel_height, top, left = 760, 245, 54, 64
colors = {"gateway": "#2563eb", "floor": "#93c5fd", "reference": "#9ca3af"}


def sides(c):
    return [side for side in ("gateway", "floor", "reference") if side in c]


def panel(y0, title, metric, unit, decimals):
    values = [c[side][metric] for c in cases for side in sides(c)]
    highest = max(values) * 1.15 or 1
    plot_height = panel_height - 60
    group = (width - left - 20) / len(cases)
    parts = [f'<text x="{left}" y="{y0 + 16}" font-size="14" font-weight="bold">{escape(title)}</text>']
    base = y0 + 26 + plot_height
    parts.append(f'<line x1="{left}" y1="{base}" x2="{width - 20}" y2="{base}" stroke="#374151"/>')
    for i, c in enumerate(cases):
        bars = sides(c)
        bar = 0.64 / len(bars)
        for j, side in enumerate(bars):
            value = c[side][metric]
            height = plot_height * value / highest
            x = left + i * group + group * 0.18 + j * group * bar
            parts.append(f'<rect x="{x:.1f}" y="{base - height:.1f}" width="{group * (bar - 0.02):.1f}" height="{height:.1f}" fill="{colors[side]}"/>')
            parts.append(f'<text x="{x + group * bar / 2:.1f}" y="{base - height - 4:.1f}" font-size="11" text-anchor="middle">'
                         f'{value:,.{decimals}f}{unit}</text>')
            parts.append(f'<text x="{x + group * bar / 2:.1f}" y="{base + 13}" font-size="10" text-anchor="middle" fill="#4b5563">'
                         f'{escape(c[side]["label"])}</text>')
        parts.append(f'<text x="{left + (i + 0.5) * group:.1f}" y="{base + 28}" font-size="12" text-anchor="middle">'
                     f'({c["case"]}) {escape(c["title"])}</text>')
        ratio, target = (c["rpsRatio"], c["target"]["rpsRatioAtLeast"]) if metric == "rps" else (c["p99Ratio"], c["target"].get("p99RatioAtMost"))
        goal = "" if target is None else f' (target {"≥" if metric == "rps" else "≤"} {target}×)'
        parts.append(f'<text x="{left + (i + 0.5) * group:.1f}" y="{base + 42}" font-size="11" text-anchor="middle" fill="#4b5563">'
                     f'ratio {ratio:.2f}×{goal}</text>')
    return parts


height = top + 2 * (panel_height + 20) + 34
memory = results["memory"]
method = results["method"]
svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif">',
       f'<rect width="{width}" height="{height}" fill="white"/>',
       f'<text x="{left}" y="22" font-size="16" font-weight="bold">Gateway load benchmarks, {escape(results["measuredAt"][:16].replace("T", " "))} UTC</text>',
       f'<text x="{left}" y="40" font-size="11" fill="#4b5563">{escape(results["machine"]["cpu"])}; server on core '
       f'{method["serverCore"]}, wrk on core {method["loadCore"]}, {method["connections"]} connections, {escape(method["duration"])} per run, '
       f'{"caches and rate limits in Redis" if method["redis"] else "caches and rate limits in process"}</text>',
       f'<text x="{width - 20}" y="22" font-size="12" text-anchor="end">(d) gateway peak RSS {memory["peakRssMb"]} MB</text>']
svg += panel(top, "Requests per second (higher is better)", "rps", "", 0)
svg += panel(top + panel_height + 20, "p99 latency, ms (lower is better)", "p99Ms", "", 2)
legend_y = height - 12
for k, (side, text) in enumerate((("gateway", "gateway"), ("floor", "YARP alone, (a) only"),
                                   ("reference", "reference: emulator direct / Node agora-token server"))):
    svg.append(f'<rect x="{left + k * 150}" y="{legend_y - 10}" width="12" height="12" fill="{colors[side]}"/>')
    svg.append(f'<text x="{left + k * 150 + 16}" y="{legend_y}" font-size="11">{escape(text)}</text>')
svg.append("</svg>")
with open(sys.argv[2], "w") as output:
    output.write("\n".join(svg) + "\n")
