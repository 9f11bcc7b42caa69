#!/usr/bin/env python3
"""Plots dchat send latency against offered load.

Runs dchat-load in open loop (a fixed rate, latency counted from each
send's planned start) at several rates against a running gateway. Then
writes the p50, p90 and p99 send latency per rate as an SVG chart, and the
numbers beside it as JSON. Uses the standard library only.

    bench/run_system.sh -- python3 bench/plot_latency.py --out docs/latency-vs-load.svg

The gateway address comes from --gateway or $DCHAT_GATEWAY, as
run_system.sh sets it.
"""

import argparse
import json
import math
import os
import subprocess
import sys

DEFAULT_RATES = [1000, 2000, 4000, 6000, 8000, 10000, 12000, 14000, 16000]
PERCENTILES = [("p50", "#1f77b4"), ("p90", "#2ca02c"), ("p99", "#d62728")]


def run_rate(args, rate):
    """Runs dchat-load at `rate` sends per second; returns its JSON report."""
    command = [
        args.load, "--gateway", args.gateway, "--rate", str(rate),
        "--concurrency", str(args.max_in_flight), "--duration", str(args.duration),
        "--clients", str(args.clients), "--message-bytes", "40", "--json",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=args.duration + 300)
    if result.returncode != 0:
        sys.exit(f"dchat-load failed at {rate}/s: {result.stderr.strip()}")
    return json.loads(result.stdout)


def log_position(value, low, high, length):
    """Maps `value` onto [0, length] on a log10 scale from `low` to `high`."""
    value = min(max(value, low), high)
    return length * (math.log10(value) - math.log10(low)) / (math.log10(high) - math.log10(low))


def write_svg(points, path, title):
    """Writes a line chart of latency (ms, log scale) against offered rate."""
    width, height = 720, 440
    left, right, top, bottom = 70, 150, 40, 60
    plot_w, plot_h = width - left - right, height - top - bottom
    max_rate = max(p["rate"] for p in points)
    x_max = math.ceil(max_rate / 1000.0) * 1000
    latencies = [p[name] for p in points for name, _ in PERCENTILES if p[name] > 0]
    y_low = 10 ** math.floor(math.log10(min(latencies)))
    y_high = 10 ** math.ceil(math.log10(max(latencies)))

    def x(rate):
        return left + plot_w * rate / x_max

    def y(ms):
        return top + plot_h - log_position(ms, y_low, y_high, plot_h)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{width / 2}" y="22" text-anchor="middle" font-size="14">{title}</text>']

    # Axes, grid and ticks.
    out.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="black"/>')
    out.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="black"/>')
    for tick in range(0, x_max + 1, max(1000, x_max // 8 // 1000 * 1000)):
        out.append(f'<line x1="{x(tick)}" y1="{top}" x2="{x(tick)}" y2="{top + plot_h}" stroke="#eee"/>')
        out.append(f'<text x="{x(tick)}" y="{top + plot_h + 18}" text-anchor="middle">{tick}</text>')
    decade = y_low
    while decade <= y_high:
        out.append(f'<line x1="{left}" y1="{y(decade)}" x2="{left + plot_w}" y2="{y(decade)}" stroke="#eee"/>')
        out.append(f'<text x="{left - 8}" y="{y(decade) + 4}" text-anchor="end">{decade:g}</text>')
        decade *= 10
    out.append(f'<text x="{left + plot_w / 2}" y="{height - 18}" text-anchor="middle">'
               'offered load (sends per second, open loop)</text>')
    out.append(f'<text x="18" y="{top + plot_h / 2}" text-anchor="middle" '
               f'transform="rotate(-90 18 {top + plot_h / 2})">send latency (ms, log scale)</text>')

    # One line per percentile, with a legend entry.
    for index, (name, color) in enumerate(PERCENTILES):
        path_points = " ".join(f"{x(p['rate']):.1f},{y(p[name]):.1f}" for p in points if p[name] > 0)
        out.append(f'<polyline points="{path_points}" fill="none" stroke="{color}" stroke-width="2"/>')
        for p in points:
            if p[name] > 0:
                out.append(f'<circle cx="{x(p["rate"]):.1f}" cy="{y(p[name]):.1f}" r="3" fill="{color}"/>')
        legend_y = top + 20 + index * 20
        out.append(f'<line x1="{left + plot_w + 20}" y1="{legend_y}" x2="{left + plot_w + 40}" '
                   f'y2="{legend_y}" stroke="{color}" stroke-width="2"/>')
        out.append(f'<text x="{left + plot_w + 46}" y="{legend_y + 4}">{name}</text>')
    out.append("</svg>")
    with open(path, "w", encoding="utf-8") as svg:
        svg.write("\n".join(out) + "\n")


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gateway", default=os.environ.get("DCHAT_GATEWAY", "127.0.0.1:8080"))
    parser.add_argument("--load", default=os.path.join(root, "build-bench", "bench", "dchat-load"),
                        help="the dchat-load binary")
    parser.add_argument("--rates", type=int, nargs="+", default=DEFAULT_RATES,
                        help="offered loads to measure, in sends per second")
    parser.add_argument("--duration", type=float, default=5, help="seconds per rate")
    parser.add_argument("--clients", type=int, default=32, help="users sending, one connection each")
    parser.add_argument("--max-in-flight", type=int, default=1000,
                        help="sends in flight at most; the ticker waits beyond it")
    parser.add_argument("--out", default=os.path.join(root, "docs", "latency-vs-load.svg"))
    args = parser.parse_args()

    points = []
    for rate in args.rates:
        report = run_rate(args, rate)
        latency = report["load"]["latency_us"]
        point = {"rate": rate, "achieved": report["load"]["per_second"],
                 "errors": sum(report["load"]["errors"].values())}
        for name, _ in PERCENTILES:
            point[name] = latency[name] / 1000.0
        points.append(point)
        print(f"{rate:>6}/s offered: {point['achieved']:.0f}/s acknowledged, "
              f"p50 {point['p50']:.2f} ms, p90 {point['p90']:.2f} ms, p99 {point['p99']:.2f} ms, "
              f"{point['errors']} errors", flush=True)

    write_svg(points, args.out, "dchat: send latency against load (SQLite, 2 cores, loopback)")
    with open(os.path.splitext(args.out)[0] + ".json", "w", encoding="utf-8") as data:
        json.dump(points, data, indent=2)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
