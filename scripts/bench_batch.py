#!/usr/bin/env python3
"""Batch memory benchmark: the same folder at 1x and 8x its size, peak memory of both.

    python3 scripts/bench_batch.py [--times 8] [--out docs/BENCHMARKS.md]

The folder is corpus/ plus ../shared/realworld (the scanned report left out); the 8x folder holds
8 copies of it as hard links. Each is extracted with the release binary and its defaults (all
cores, --max-memory 2G), while /proc is sampled every 10 ms for the resident memory of the whole
process tree (the parent and its worker processes, summed) and each process's own peak (VmHWM).
Memory must not grow with the number of files: the script fails if the 8x tree peak is over 1.3x
the 1x one. It writes the "Batch memory" section of docs/BENCHMARKS.md (bench.py keeps it).
"""
import argparse
import datetime
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEADING = "## Batch memory"
LIMIT = 1.3


def status_kib(pid, field):
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid):
    kids = []
    for task in glob.glob(f"/proc/{pid}/task/*/children"):
        try:
            with open(task) as fh:
                kids += [int(k) for k in fh.read().split()]
        except OSError:
            pass
    return kids


def measure(cmd):
    """Wall seconds, peak RSS of the tree (MiB), parent peak, largest worker peak."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peaks = {"tree": 0, "parent": 0, "worker": 0}
    done = threading.Event()

    def sample():
        while not done.is_set():
            kids = children(proc.pid)
            tree = status_kib(proc.pid, "VmRSS") + sum(status_kib(k, "VmRSS") for k in kids)
            peaks["tree"] = max(peaks["tree"], tree)
            peaks["parent"] = max(peaks["parent"], status_kib(proc.pid, "VmHWM"))
            for k in kids:
                peaks["worker"] = max(peaks["worker"], status_kib(k, "VmHWM"))
            time.sleep(0.01)

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, stderr = proc.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{stderr.decode()}")
    summary = stderr.decode().strip().splitlines()[-1]
    return wall, {k: v / 1024 for k, v in peaks.items()}, summary


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--times", type=int, default=8)
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "BENCHMARKS.md"))
    args = ap.parse_args()

    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    juesuan = os.path.join(ROOT, "target", "release", "juesuan")
    corpus = sorted(glob.glob(os.path.join(ROOT, "corpus", "*.pdf")))
    real = sorted(p for p in glob.glob(os.path.join(ROOT, "..", "shared", "realworld", "*.pdf")) if "SCANNED" not in p)
    files = corpus + real
    tmp = tempfile.mkdtemp(prefix="juesuan-bench-batch-")
    runs = []
    for n in (1, args.times):
        folder = os.path.join(tmp, f"in{n}")
        for copy in range(n):
            d = os.path.join(folder, f"copy{copy + 1}")
            os.makedirs(d)
            for f in files:
                os.link(os.path.realpath(f), os.path.join(d, os.path.basename(f)))
        out = os.path.join(tmp, f"out{n}")
        wall, peaks, summary = measure([juesuan, "extract", folder, "--out", out, "--no-timings", "--progress", "never"])
        with open(os.path.join(out, "facts.jsonl"), "rb") as fh:
            facts = sum(1 for _ in fh)
        runs.append((n, len(files) * n, wall, peaks, facts, summary))
        print(f"{n}x: {len(files) * n} files, {wall:.1f} s, {len(files) * n / wall:.1f} files/s, "
              f"tree {peaks['tree']:.0f} MiB, parent {peaks['parent']:.0f} MiB, largest worker {peaks['worker']:.0f} MiB, {facts} facts")
    (_, _, _, p1, f1, _), (n8, _, _, p8, f8, _) = runs
    if f8 != n8 * f1:
        raise SystemExit(f"the {n8}x run gave {f8} facts, not {n8} x {f1}")
    ratio = p8["tree"] / p1["tree"]

    cpu = ""
    try:
        cpu = re.search(r"Model name:\s*(.+)", subprocess.run(["lscpu"], capture_output=True, text=True).stdout).group(1).strip()
    except Exception:
        pass
    lines = [
        HEADING,
        "",
        f"Produced by `scripts/bench_batch.py` on {datetime.date.today().isoformat()}, {cpu}, "
        f"{os.cpu_count()} cores, defaults (all cores, `--max-memory 2G`). The same {len(files)} files "
        f"({len(corpus)} corpus PDFs and {len(real)} real reports) at 1x and {n8}x (hard links); "
        "memory sampled every 10 ms from /proc.",
        "",
        "| run | files | seconds | files/s | peak RSS, parent + workers (MiB) | parent peak (MiB) | largest worker peak (MiB) | facts |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for n, count, wall, peaks, facts, _ in runs:
        lines.append(f"| {n}x | {count} | {wall:.1f} | {count / wall:.1f} | {peaks['tree']:.0f} | "
                     f"{peaks['parent']:.0f} | {peaks['worker']:.0f} | {facts} |")
    lines += [
        "",
        f"- peak memory at {n8}x / 1x: **{ratio:.2f}** (must be ≤ {LIMIT}: memory does not grow with the number of files)",
        "",
    ]
    section = "\n".join(lines)
    existing = open(args.out, encoding="utf-8").read() if os.path.exists(args.out) else "# Benchmarks\n"
    head = existing.split(HEADING)[0].rstrip("\n")
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write(head + "\n\n" + section)
    print(section)
    shutil.rmtree(tmp, ignore_errors=True)
    if ratio > LIMIT:
        sys.exit(f"peak memory grew {ratio:.2f}x with {n8}x the files (limit {LIMIT})")


if __name__ == "__main__":
    main()
