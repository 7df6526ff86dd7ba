#!/usr/bin/env python3
"""Generate corpus/: synthetic 决算 reports rendered by several real PDF producers, with exact truth.

    python3 scripts/corpus/generate.py [--units 12] [--seed 2020] [--out corpus] [--only PRODUCER]
    python3 scripts/corpus/generate.py --out corpus --series open    # the o-series only (openworld.py)
    python3 scripts/corpus/generate.py --out corpus --series narrative  # the n-series only (narrative.py)
    python3 scripts/corpus/generate.py --out corpus --series gov     # the g-series only (govdebt.py)
    python3 scripts/corpus/generate.py --out corpus --series govbudget  # g04-g06 only (govbudget.py)
    python3 scripts/corpus/generate.py --out corpus --series facts   # every NAME.facts.jsonl from its truth

Deterministic for a given seed: the same documents, styles and truth every time (PDF bytes may
differ across producer versions; the truth never does).
"""
import argparse
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(__file__))
from budget import build_budget_tables, draw_budget_style  # noqa: E402
from fonts import to_gbk, to_type3  # noqa: E402
from govbudget import generate_govbudget, save_budget_truth  # noqa: E402
from govdebt import generate_gov  # noqa: E402
from hard import HARD_VARIANTS, letter_space  # noqa: E402
from model import synth_document  # noqa: E402
from narrative import generate_narrative  # noqa: E402
from openworld import generate_open  # noqa: E402
from performance import generate_series  # noqa: E402
from render import PRODUCERS, map_to_radicals  # noqa: E402
from seed_doc import seed_document  # noqa: E402
from spec import build_tables, save_truth, truth_document  # noqa: E402


def draw_style(rng, producer):
    return {
        "code_columns": rng.choice([1, 1, 3]),
        "thousands": rng.random() < 0.6,
        "decimals": rng.choice(["fixed", "trim"]),
        "zero": rng.choice(["", "", "0.00", "-"]),
        "basic_layout": rng.choice(["groups", "long"]),
        "landscape": rng.random() < 0.5,
        "name_width": rng.choice([2.0, 2.6, 3.5]),
        "repeat_header": rng.random() < 0.6,
        "title_number": rng.random() < 0.7,
        # reportlab stores one table page with /Rotate 90
        "rotate_page": 3 if producer == "reportlab" and rng.random() < 0.5 else 0,
        # drawn last, so that the draws above stay what they were before these were added
        "three_public_layout": rng.choice(["columns", "columns", "pairs", "rows"]),
        "line_numbers": rng.random() < 0.75,
    }


def write(out, doc_id, producer, doc, style, tables=None):
    tables = tables or build_tables(doc, style)
    pdf = os.path.join(out, f"{doc_id}.pdf")
    PRODUCERS[producer](doc, style, tables, pdf)
    if style.get("kangxi"):
        map_to_radicals(pdf)
    if style.get("gbk_font"):
        to_gbk(pdf)
    if style.get("type3_digits"):
        to_type3(pdf)
    truth = truth_document(doc, style, tables, doc_id, producer)
    save_truth(out, doc_id, truth)
    print(doc_id, file=sys.stderr)


def rewrite_facts(out):
    """Write every NAME.facts.jsonl of `out` again from its NAME.truth.json (no PDF is rendered), so
    that a change of the facts contract reaches the documents without changing their PDFs."""
    for name in sorted(os.listdir(out)):
        if not name.endswith(".truth.json"):
            continue
        with open(os.path.join(out, name), encoding="utf-8") as f:
            truth = json.load(f)
        # g04/g05 print percentage columns: their facts take each column's unit (govbudget.py)
        save = save_budget_truth if any("column_units" in t for t in truth["tables"]) else save_truth
        save(out, name[:-len(".truth.json")], truth)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--units", type=int, default=12)
    ap.add_argument("--seed", type=int, default=2020)
    ap.add_argument("--out", default="corpus")
    ap.add_argument("--budget-units", type=int, default=6)
    ap.add_argument("--only", choices=sorted(PRODUCERS))
    ap.add_argument("--series", choices=["all", "open", "narrative", "gov", "govbudget", "facts"], default="all",
                    help="open: only the o-series; narrative: only the n-series; gov: only the g-series' "
                         "debt tables (g01-g03); govbudget: only its budget tables (g04-g06); "
                         "facts: rewrite every facts.jsonl from its truth.json")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    if args.series == "facts":
        return rewrite_facts(args.out)
    if args.series == "open":
        return generate_open(args.out, args.seed, args.only)
    if args.series == "narrative":
        return generate_narrative(args.out, args.seed, args.only)
    if args.series == "gov":
        return generate_gov(args.out, args.seed, args.only)
    if args.series == "govbudget":
        return generate_govbudget(args.out, args.seed, args.only)
    producers = [args.only] if args.only else sorted(PRODUCERS)
    for i in range(args.units):
        doc = synth_document(args.seed * 1000 + i)
        for producer in producers:
            rng = random.Random(f"{args.seed}/{i}/{producer}")
            write(args.out, f"u{i + 1:02d}-{producer}", producer, doc, draw_style(rng, producer))
    # 预算 reports: the same kind of units printed as budgets (titles, dual codes, year columns, 元)
    for i in range(args.budget_units):
        doc = synth_document(args.seed * 1000 + 500 + i)
        doc["doc_kind"] = "预算"
        doc["year"] = 2021 + i % 6
        for producer in producers:
            rng = random.Random(f"{args.seed}/budget/{i}/{producer}")
            style = draw_budget_style(rng)
            # drawn from their own stream, so that the draws above stay what they were
            extra = random.Random(f"{args.seed}/budget/{i}/{producer}/extra")
            style["blank_parents"] = style["code_columns"] == 3 and extra.random() < 0.8
            if extra.random() < 0.3:
                style["zero"] = "—"
            doc["amount_unit"] = style["unit"]
            write(args.out, f"b{i + 1:02d}-{producer}", producer, doc, style, build_budget_tables(doc, style, rng))
    # hard layouts: one difficulty each (scripts/corpus/hard.py)
    for i, (name, producer, overrides) in enumerate(HARD_VARIANTS):
        if args.only and producer != args.only:
            continue
        doc = synth_document(args.seed * 1000 + 800 + i)
        doc["tables_only"] = overrides.get("tables_only", False)
        style = {**draw_style(random.Random(f"{args.seed}/hard/{i}"), producer), **overrides}
        tables = build_tables(doc, style)
        if style.get("letter_spaced"):
            letter_space(tables)
        write(args.out, f"h{i + 1:02d}-{name}-{producer}", producer, doc, style, tables)
    # the seed report, with its real numbers, in two layouts
    seed_style = {"code_columns": 1, "thousands": True, "decimals": "trim", "zero": "", "basic_layout": "groups",
                  "landscape": False, "name_width": 2.6, "repeat_header": False, "title_number": True,
                  "rotate_page": 0, "three_public_layout": "columns", "line_numbers": True}
    for producer in producers:
        if producer in ("chromium", "libreoffice"):
            write(args.out, f"seed-wuchang-{producer}", producer, seed_document(), seed_style)
    # 绩效自评表 and 绩效目标表 at the end of full reports (scripts/corpus/performance.py)
    generate_series(args.out, args.seed, args.only)
    # open-world layouts: several units in one table, new titles, short continuations (openworld.py)
    generate_open(args.out, args.seed, args.only)
    # full reports whose 情况说明 states every figure of the tables (narrative.py)
    generate_narrative(args.out, args.seed, args.only)
    # government-wide debt tables (地方政府债务余额情况表), truth of family "government" (govdebt.py)
    generate_gov(args.out, args.seed, args.only)
    # government-wide 一般公共预算/政府性基金 决算 and 执行情况 tables (govbudget.py)
    generate_govbudget(args.out, args.seed, args.only)


if __name__ == "__main__":
    main()
