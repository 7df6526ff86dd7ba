#!/usr/bin/env python3
"""Side-by-side benchmark: juesuan vs pdftotext vs pdfplumber on the same files, in one run.

    python3 scripts/bench.py [--plumber-files N] [--out docs/BENCHMARKS.md]

Speed: every tool reads the same PDFs (corpus/ and ../shared/realworld); pages per second, the
ratios juesuan/pdftotext (time, lower is better) and pdfplumber/juesuan, and peak memory (max RSS
of the largest process: for juesuan its parent or a worker, for the others one process per file).
scripts/bench_batch.py measures batch memory at 1x and 8x the files.
Accuracy (corpus only, against the truth facts): juesuan's facts are compared exactly (table,
row, column, value); pdfplumber's `extract_tables()` is credited with a fact when some table row
on the page set holds both the fact's row key (code, 行次 or label) and its value — a generous,
row-level test, since pdfplumber knows nothing of 栏次.
Machine noise: all runs happen back to back in this one process; compare ratios, not seconds.
"""
import argparse
import datetime
import glob
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from decimal import Decimal, InvalidOperation

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd):
    """Wall seconds and peak RSS (MiB) of one command."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return wall, usage.ru_maxrss / 1024


def pages_of(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    m = re.search(r"Pages:\s+(\d+)", out)
    return int(m.group(1)) if m else 0


def plumber_worker(files, out_json):
    """Runs in a child process so that its memory is measured alone."""
    import pdfplumber
    result = {}
    for f in files:
        rows = []
        with pdfplumber.open(f) as pdf:
            for page in pdf.pages:
                for table in page.extract_tables():
                    rows.extend(table)
        result[os.path.basename(f)] = rows
    with open(out_json, "w", encoding="utf-8") as fh:
        json.dump(result, fh, ensure_ascii=False)


def norm_number(text):
    t = (text or "").replace(",", "").replace(" ", "").replace("\n", "")
    try:
        return Decimal(t).normalize()
    except InvalidOperation:
        return None


def plumber_found(rows, fact):
    want = Decimal(fact["value"]).normalize()
    key = fact["row"]
    for row in rows:
        cells = [c or "" for c in row]
        joined = re.sub(r"\s", "", "".join(cells))
        has_key = key in joined if not key.isdigit() or len(key) >= 3 else any(re.sub(r"\s", "", c) == key for c in cells)
        if has_key and any(norm_number(c) == want for c in cells):
            return True
    return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--plumber-files", type=int, default=0, help="limit pdfplumber to N files (0: all)")
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "BENCHMARKS.md"))
    ap.add_argument("--plumber-worker", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.plumber_worker:
        plumber_worker(args.plumber_worker[1:], args.plumber_worker[0])
        return

    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    juesuan = os.path.join(ROOT, "target", "release", "juesuan")
    corpus = sorted(glob.glob(os.path.join(ROOT, "corpus", "*.pdf")))
    real = sorted(p for p in glob.glob(os.path.join(ROOT, "..", "shared", "realworld", "*.pdf")) if "SCANNED" not in p)
    files = corpus + real
    pages = sum(pages_of(f) for f in files)
    cores = os.cpu_count()
    tmp = tempfile.mkdtemp(prefix="juesuan-bench-")
    link_dir = os.path.join(tmp, "in")
    os.makedirs(link_dir)
    for f in files:
        os.symlink(os.path.abspath(f), os.path.join(link_dir, os.path.basename(f)))

    results = {}
    # warm the file cache once so that the first tool is not penalised
    for f in files:
        with open(f, "rb") as fh:
            fh.read()
    results["juesuan extract --jobs 1"] = run([juesuan, "extract", link_dir, "--out", os.path.join(tmp, "o1"), "--jobs", "1"])
    results[f"juesuan extract (all {cores} cores)"] = run([juesuan, "extract", link_dir, "--out", os.path.join(tmp, "oN")])
    t0 = time.perf_counter()
    peak = 0.0
    for f in files:
        _, rss = run(["pdftotext", f, os.path.join(tmp, "x.txt")])
        peak = max(peak, rss)
    results["pdftotext (one process per file)"] = (time.perf_counter() - t0, peak)
    plumber_files = files[: args.plumber_files] if args.plumber_files else files
    plumber_pages = sum(pages_of(f) for f in plumber_files)
    plumber_json = os.path.join(tmp, "plumber.json")
    results["pdfplumber extract_tables"] = run([sys.executable, __file__, "--plumber-worker", plumber_json] + plumber_files)

    # accuracy on the corpus
    truth = {}
    for f in corpus:
        name = os.path.basename(f)
        with open(f[:-4] + ".facts.jsonl", encoding="utf-8") as fh:
            truth[name] = [json.loads(l) for l in fh]
    got = {}
    with open(os.path.join(tmp, "o1", "facts.jsonl"), encoding="utf-8") as fh:
        for l in fh:
            f = json.loads(l)
            got.setdefault(f["doc"], set()).add((f["table"], f["row"], f["column"], f["value"]))
    with open(plumber_json, encoding="utf-8") as fh:
        plumber = json.load(fh)
    total = j_ok = p_ok = p_total = 0
    j_extra = 0
    for name, facts in truth.items():
        want = {(f["table"], f["row"], f["column"], f["value"]) for f in facts}
        total += len(want)
        j_ok += len(want & got.get(name, set()))
        j_extra += len(got.get(name, set()) - want)
        if name in plumber:
            p_total += len(facts)
            p_ok += sum(plumber_found(plumber[name], f) for f in facts)

    j1 = results["juesuan extract --jobs 1"][0]
    jn = results[f"juesuan extract (all {cores} cores)"][0]
    pt = results["pdftotext (one process per file)"][0]
    pp = results["pdfplumber extract_tables"][0]
    plumber_rate = plumber_pages / pp
    cpu = ""
    try:
        cpu = re.search(r"Model name:\s*(.+)", subprocess.run(["lscpu"], capture_output=True, text=True).stdout).group(1).strip()
    except Exception:
        pass
    lines = [
        "# Benchmarks",
        "",
        f"Produced by `scripts/bench` on {datetime.date.today().isoformat()}, on {platform.machine()} "
        f"{cpu}, {cores} cores, {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') // 2**30} GiB, "
        f"{platform.system()} {platform.release()}. Do not edit by hand: rerun the script.",
        "",
        f"Files: {len(corpus)} corpus PDFs and {len(real)} real reports from ../shared/realworld "
        f"(the scanned one left out), {pages} pages in all; pdfplumber ran on {len(plumber_files)} of them "
        f"({plumber_pages} pages).",
        "",
        "| tool | seconds | pages/s | peak RSS (MiB) |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, (secs, rss) in results.items():
        n = plumber_pages if name.startswith("pdfplumber") else pages
        lines.append(f"| {name} | {secs:.2f} | {n / secs:.0f} | {rss:.0f} |")
    lines += [
        "",
        f"- juesuan (1 job) / pdftotext, time per page: **{(j1 / pages) / (pt / pages):.2f}** (≤ 1.0 means full structured extraction is faster than plain text)",
        f"- pdfplumber / juesuan (1 job), time per page: **{(1 / plumber_rate) / (j1 / pages):.0f}×**",
        f"- scaling: {cores} cores run **{j1 / jn:.2f}×** faster than 1",
        "",
        "Accuracy on the corpus (truth facts):",
        "",
        "| tool | facts right | of | recall | wrong extra facts |",
        "| --- | ---: | ---: | ---: | ---: |",
        f"| juesuan (exact table, row, column, value) | {j_ok} | {total} | {j_ok / total:.4f} | {j_extra} |",
        f"| pdfplumber extract_tables (row key and value in one row) | {p_ok} | {p_total} | {p_ok / max(p_total, 1):.4f} | n/a |",
        "",
    ]
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    # the batch memory section is scripts/bench_batch.py's: keep it
    batch = ""
    if os.path.exists(args.out):
        existing = open(args.out, encoding="utf-8").read()
        if "\n## Batch memory" in existing:
            batch = "\n## Batch memory" + existing.split("\n## Batch memory", 1)[1]
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + batch)
    print("\n".join(lines))
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
