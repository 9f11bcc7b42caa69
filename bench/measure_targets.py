#!/usr/bin/env python3
"""Measures dchat against its performance targets and prints a table.

Each measurement starts a fresh system with bench/run_system.sh (five
servers on free loopback ports, data in a new temporary folder), runs one
tool against it, and stops it. Repeated measurements report the median.

    python3 bench/measure_targets.py                 # all targets
    python3 bench/measure_targets.py --only sends    # one of them

Other work on the machine skews the results, so before each measurement
the script waits, for at most --wait-minutes, for the machine to be quiet
(see wait_for_quiet). It notes when it stopped waiting. Uses the standard
library only.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUN_SYSTEM = os.path.join(ROOT, "bench", "run_system.sh")


def cpu_busy_fraction(seconds=3.0):
    """Returns the fraction of all CPU time that was busy over `seconds`."""
    def sample():
        with open("/proc/stat", encoding="ascii") as stat:
            fields = [int(value) for value in stat.readline().split()[1:]]
        idle = fields[3] + fields[4]  # idle and iowait
        return idle, sum(fields)
    idle_before, total_before = sample()
    time.sleep(seconds)
    idle_after, total_after = sample()
    total = total_after - total_before
    return 1.0 - (idle_after - idle_before) / total if total else 0.0


def wait_for_quiet(args):
    """Waits until the machine is quiet; returns the 1-minute load average.

    Quiet means a load average below args.max_load, or, since the load
    average trails the previous measurement by minutes, at most 5% of the
    CPU busy over a 3-second sample.
    """
    deadline = time.time() + args.wait_minutes * 60
    while True:
        load = os.getloadavg()[0]
        if load < args.max_load or cpu_busy_fraction() <= 0.05:
            return load
        if time.time() >= deadline:
            print(f"  (load average still {load:.2f}, the CPU busy; measuring anyway)", flush=True)
            return load
        time.sleep(10)


def run_in_system(args, command, system_options=()):
    """Runs `command` (a shell string) against a fresh system.

    Returns its stdout, its stderr, and the load average before it ran.
    """
    load = wait_for_quiet(args)
    full = [RUN_SYSTEM, "--build-dir", args.build_dir, *system_options, "--", "sh", "-c", command]
    result = subprocess.run(full, capture_output=True, text=True, timeout=1800)
    if result.returncode != 0:
        sys.exit(f"measurement failed: {command}\n{result.stderr[-3000:]}")
    return result.stdout, result.stderr, load


def load_command(args, flags):
    return (f"{args.build_dir}/bench/dchat-load --gateway $DCHAT_GATEWAY "
            f"--server-pid $DCHAT_SERVER_PIDS --json {flags}")


def median(values):
    return statistics.median(values) if values else float("nan")


def measure_sends(args):
    ratios, rates, p50s, p99s, baselines = [], [], [], [], []
    for _ in range(args.repeat):
        out, _, load = run_in_system(
            args, load_command(args, "--concurrency 32 --message-bytes 40 --duration 10 --baseline"))
        report = json.loads(out)
        rates.append(report["load"]["per_second"])
        baselines.append(report["baseline"]["per_second"])
        ratios.append(report["ratio_to_baseline"]["per_second"])
        p50s.append(report["load"]["latency_us"]["p50"] / 1000)
        p99s.append(report["load"]["latency_us"]["p99"] / 1000)
        print(f"  sends {rates[-1]:.0f}/s, baseline {baselines[-1]:.0f}/s, "
              f"ratio {ratios[-1]:.2f}, load average {load:.2f}", flush=True)
    return {"per_second": median(rates), "baseline_per_second": median(baselines),
            "ratio": median(ratios), "p50_ms": median(p50s), "p99_ms": median(p99s)}


def measure_fan_out(args):
    p99s, missing, rates = [], [], []
    for _ in range(args.repeat):
        out, _, load = run_in_system(
            args, load_command(args, "--rate 100 --followers 1000 --duration 10"))
        deliveries = json.loads(out)["deliveries"]
        p99s.append(deliveries["latency_us"]["p99"] / 1000)
        missing.append(deliveries["missing"])
        rates.append(deliveries["per_second"])
        print(f"  deliveries {rates[-1]:.0f}/s, p99 {p99s[-1]:.1f} ms, "
              f"{missing[-1]} missing, load average {load:.2f}", flush=True)
    return {"p99_ms": median(p99s), "missing": max(missing), "per_second": median(rates)}


def measure_connections(args):
    out, _, load = run_in_system(args, load_command(args, "--idle-streams 10000 --duration 120"))
    idle = json.loads(out)["idle_streams"]
    print(f"  {idle['opened']} streams, {idle['kb_per_stream']:.1f} KiB each, "
          f"load average {load:.2f}", flush=True)
    return {"opened": idle["opened"], "kib_per_stream": idle["kb_per_stream"]}


def measure_history(args):
    out, _, load = run_in_system(
        args, load_command(args, "--call history --room history --clients 1 --concurrency 1 "
                                 "--duration 10"),
        ("--history-messages", "1000000"))
    report = json.loads(out)
    latency = report["load"]["latency_us"]
    print(f"  {report['load']['room_messages']} messages, p50 {latency['p50'] / 1000:.2f} ms, "
          f"p99 {latency['p99'] / 1000:.2f} ms, load average {load:.2f}", flush=True)
    return {"room_messages": report["load"]["room_messages"], "p99_ms": latency["p99"] / 1000,
            "p50_ms": latency["p50"] / 1000}


def measure_idle_servers(args):
    ready, rss = {}, {}
    for _ in range(args.repeat):
        _, err, _ = run_in_system(args, "true")
        for line in err.splitlines():
            fields = line.split()
            if len(fields) == 5 and fields[2].isdigit():
                ready.setdefault(fields[0], []).append(int(fields[3]))
                rss.setdefault(fields[0], []).append(int(fields[4]))
    result = {name: {"ready_ms": median(ready[name]), "rss_mib": median(rss[name]) / 1024}
              for name in ready}
    for name, values in result.items():
        print(f"  {name}: ready {values['ready_ms']:.0f} ms, idle {values['rss_mib']:.1f} MiB",
              flush=True)
    return result


def measure_web_send(args):
    ui = os.path.join(args.build_dir, "servers", "dchat-ui")
    if not os.path.exists(ui) and not os.path.exists(os.path.join(args.build_dir, "servers", "ui", "dchat-ui")):
        print("  dchat-ui is not built; skipped", flush=True)
        return None
    rates = []
    for _ in range(args.repeat):
        out, _, load = run_in_system(args, f"{ROOT}/bench/wrk_send.sh $DCHAT_UI -t2 -c10 -d10s",
                                     ("--ui",))
        match = re.search(r"Requests/sec:\s+([\d.]+)", out)
        rates.append(float(match.group(1)))
        print(f"  POST /send {rates[-1]:.0f}/s, load average {load:.2f}", flush=True)
    return {"per_second": median(rates)}


MEASUREMENTS = {
    "sends": measure_sends,
    "web": measure_web_send,
    "fan-out": measure_fan_out,
    "connections": measure_connections,
    "history": measure_history,
    "idle": measure_idle_servers,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build-dir", default=os.path.join(ROOT, "build-bench"))
    parser.add_argument("--only", choices=sorted(MEASUREMENTS), action="append",
                        help="measure only this target; repeatable")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each repeated measurement")
    parser.add_argument("--max-load", type=float, default=0.5)
    parser.add_argument("--wait-minutes", type=float, default=5,
                        help="maximum wait for a quiet machine before each measurement, in minutes")
    parser.add_argument("--out", help="also write the results here as JSON")
    args = parser.parse_args()

    results = {}
    for name in args.only or MEASUREMENTS:
        print(f"{name}:", flush=True)
        results[name] = MEASUREMENTS[name](args)
    print(json.dumps(results, indent=2))
    if args.out:
        with open(args.out, "w", encoding="utf-8") as out:
            json.dump(results, out, indent=2)


if __name__ == "__main__":
    main()
