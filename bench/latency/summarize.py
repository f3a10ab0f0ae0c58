#!/usr/bin/env python3
"""Turns the JSON files run.sh collected (raw/KERNEL-REP.json, from latency.py) into RESULTS.md.

Each figure is the median over repetitions of that repetition's median (start-up: the median of
its launches), with the range of the per-repetition medians beside it.
Usage: summarize.py RAW_DIR FACTORIZE_BIN
"""
import datetime
import importlib.metadata as md
import json
import os
import platform
import statistics
import sys
from pathlib import Path


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def load_runs(raw: Path) -> dict[str, list[dict]]:
    runs: dict[str, list[dict]] = {}
    for path in sorted(raw.glob("*.json")):
        kernel = path.stem.rsplit("-", 1)[0]
        runs.setdefault(kernel, []).append(json.loads(path.read_text()))
    return runs


def figure(results: list[dict], pick) -> tuple[float, float, float]:
    values = [pick(r) for r in results]
    return statistics.median(values), min(values), max(values)


def cell(fig: tuple[float, float, float], unit: str) -> str:
    med, lo, hi = fig
    return f"**{med:.1f} {unit}** ({lo:.1f}–{hi:.1f})"


def main() -> int:
    raw, binary = Path(sys.argv[1]), sys.argv[2]
    runs = load_runs(raw)
    measures = [
        ("start → first `kernel_info_reply`", "ms",
         lambda r: r["startup"]["to_kernel_info_reply"]["median_ms"]),
        ("start → `wait_for_ready()` (includes jupyter_client's 0.2 s IOPub flush)", "ms",
         lambda r: r["startup"]["to_wait_for_ready"]["median_ms"]),
        ("trivial cell `x = 1`: send → `status: idle`", "ms",
         lambda r: r["cases"]["trivial"]["send_to_idle"]["median_ms"]),
        ("trivial cell `x = 1`: send → `execute_reply`", "ms",
         lambda r: r["cases"]["trivial"]["send_to_execute_reply"]["median_ms"]),
        ("print 1,000 lines: send → `status: idle`", "ms",
         lambda r: r["cases"]["print1000"]["send_to_idle"]["median_ms"]),
    ]
    ipy, fz = runs["ipykernel"], runs["factorize"]
    first = fz[0]
    info = first["startup"]["kernel_info_reply"]
    ipy_info = ipy[0]["startup"]["kernel_info_reply"]
    host = first["host"]
    load = os.getloadavg()
    lines = [
        "# Kernel latency: Factorize vs ipykernel",
        "",
        "Measured by `bash bench/latency/run.sh` with `../shared/anchors/jupyter/latency.py` "
        "(client-side wall clock, `perf_counter`). Each kernel ran "
        f"{len(fz)} times, interleaved (ipykernel, Factorize, ipykernel, …); each figure is the "
        "median over those repetitions of each repetition's median, the range of the repetition "
        "medians in brackets. Start-up is the median of "
        f"{first['startup']['to_kernel_info_reply']['n']} launches per repetition; a cell case is "
        f"{first['cases']['trivial']['send_to_idle']['n']} runs after 10 warm-up runs.",
        "",
        "| measure | ipykernel | Factorize | ipykernel / Factorize |",
        "| --- | --- | --- | --- |",
    ]
    for name, unit, pick in measures:
        a, b = figure(ipy, pick), figure(fz, pick)
        lines.append(f"| {name} | {cell(a, unit)} | {cell(b, unit)} | {a[0] / b[0]:.1f}× |")
    try:
        ipykernel_version = md.version("ipykernel")
    except md.PackageNotFoundError:
        ipykernel_version = "?"
    lines += [
        "",
        f"- Date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC; "
        f"load average after the run {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} "
        "(a shared machine: other builds may have been running).",
        f"- Machine: {os.cpu_count()} CPUs (`nproc`), {cpu_model()}, {platform.platform()}.",
        f"- Factorize {info.get('implementation_version', '?')} (protocol {info.get('protocol_version', '?')}), "
        f"binary `{binary}`.",
        f"- ipykernel {ipykernel_version} ({ipy_info.get('implementation', '?')} "
        f"{ipy_info.get('implementation_version', '?')}, protocol {ipy_info.get('protocol_version', '?')}), "
        f"Python {host.get('python')}.",
        f"- Client: jupyter_client {host.get('jupyter_client')}, pyzmq {host.get('pyzmq')}, "
        f"libzmq {host.get('libzmq')}.",
        "",
    ]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
