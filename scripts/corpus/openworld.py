"""Open-world layouts (the o-series): layouts real reports print that the u-, b-, h- and p-series do
not, each with exact truth.

    python3 scripts/corpus/openworld.py [--seed 2020] [--out corpus] [--only PRODUCER]
    python3 scripts/corpus/generate.py --out corpus --series open      # the same

- `unitcolumn` (预算, 深圳 2026): 收入总表, 支出总表 and 一般公共预算支出表 of a department with several
  units, a first column 预算单位: the department's row, then per unit its row and its coded rows;
- `unitheadings` (预算, 西安 2019): coded tables with a 合计 row, then per unit a heading row
  "125001西安市XX局" carrying the unit's totals, then the unit's coded rows;
- `bysource` (预算, 烟台 2026 公开表6 and 公开表10): 一般公共预算基本支出表 and a second basic table split
  by funding source (kind basic_expenditure_by_source);
- `changchun`, `zhejiang` (预算): titles "收入总表（预算表2）", "本年一般公共预算“三公”经费支出表(预算表7)",
  "2026年市级部门收入预算总表";
- `groupswrap` (决算, 西安 2022): basic_expenditure as three groups whose header cells wrap ("科目代" / "码");
- `shortcont`, `rotatedcont`, `spacedtotal` (决算): tables whose last one to three lines continue
  alone on the next page, without a repeated header; that page stored with /Rotate 90; its only line
  a letter-spaced "总　　计".

Truth rows carry `entity`: the unit a row belongs to, as printed (whitespace removed), "" for the
rows of a single unit's table. A unit's own row (and the department's) is keyed row "合计", line
grand_total, label the printed name. Every amount is drawn in integer cents (model.py), and the
multi-unit department is the sum of its units, so every identity holds by construction, within each
unit and for the department.

Each document draws its data from random.Random / synth_document seeds of its own (never a stream
another series uses), so the other series are unchanged by this one.
"""
import argparse
import os
import random
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from budget import DEPT_NAMES, build_budget_tables, draw_budget_style  # noqa: E402
from hard import letter_space  # noqa: E402
from model import (CITIES, DEPARTMENTS, FUNCTION_TREE, GOV_FUND_TREE, STATE_CAPITAL_TREE,  # noqa: E402
                   synth_document, tree_rows)
from render import PRODUCERS, store_rotated  # noqa: E402
from spec import Cell, TableSpec, build_tables, fmt, save_truth, truth_document  # noqa: E402

FULL_TREE = dict(sorted({**FUNCTION_TREE, **STATE_CAPITAL_TREE, **GOV_FUND_TREE}.items()))
# units a department adds to the ones model.py names
EXTRA_UNITS = ["综合服务中心", "信息中心", "培训中心", "档案馆", "综合行政执法支队", "事务中心"]

SHENZHEN_TITLES = ["收支总表", "收入总表", "支出总表", "财政拨款收支总表", "一般公共预算支出表（按功能分类）",
                   "一般公共预算基本支出表", "财政拨款“三公”经费支出表", "政府性基金预算支出表", "国有资本经营预算支出表"]
XIAN_TITLES = ["部门综合预算收支总表", "部门综合预算收入总表", "部门综合预算支出总表", "部门综合预算财政拨款收支总表",
               "部门综合预算一般公共预算支出明细表（按支出功能分类科目）",
               "部门综合预算一般公共预算基本支出明细表（按支出经济分类科目）",
               "部门综合预算一般公共预算拨款“三公”经费支出预算表", "部门综合预算政府性基金收支表",
               "部门综合预算国有资本经营预算支出表"]
CHANGCHUN_TITLES = ["收支总表（预算表1）", "收入总表（预算表2）", "支出总表（预算表3）", "财政拨款收支总表（预算表4）",
                    "一般公共预算支出表（预算表5）", "一般公共预算基本支出表（预算表6）",
                    "本年一般公共预算“三公”经费支出表(预算表7)", "政府性基金预算支出表（预算表8）",
                    "国有资本经营预算支出表（预算表9）"]
ZHEJIANG_TITLES = ["市级部门收支预算总表", "市级部门收入预算总表", "市级部门支出预算总表", "市级部门财政拨款收支预算总表",
                   "市级部门一般公共预算支出预算表", "市级部门一般公共预算基本支出预算表",
                   "市级部门一般公共预算“三公”经费支出预算表", "市级部门政府性基金预算支出预算表",
                   "市级部门国有资本经营预算支出预算表"]


def squash(s):
    """A printed name as an entity: every whitespace (also U+3000) removed."""
    return re.sub(r"\s", "", s)


# ---------------------------------------------------------------- a department of several units

def leaves(rows):
    return {c: v for c, _, v in rows if len(c) == 7}


def merged_tree(tree, row_lists, ncols):
    total = {}
    for rows in row_lists:
        for c, v in leaves(rows).items():
            total[c] = [a + b for a, b in zip(total.get(c, [0] * ncols), v)]
    return tree_rows(tree, total, ncols)


def merge_units(docs):
    """The department: every amount the sum of its units' (each a synth_document), so that the
    department's tables satisfy every identity its units' do."""
    dept = dict(docs[0])
    dept["income"] = merged_tree(FULL_TREE, [d["income"] for d in docs], 7)
    dept["expenditure"] = merged_tree(FULL_TREE, [d["expenditure"] for d in docs], 6)
    dept["general_budget_expenditure"] = merged_tree(FUNCTION_TREE, [d["general_budget_expenditure"] for d in docs], 3)
    gf = [d["government_fund"] for d in docs if d["government_fund"]]
    dept["government_fund"] = merged_tree(GOV_FUND_TREE, gf, 6) if gf else None
    sc = [d["state_capital"] for d in docs if d["state_capital"]]
    dept["state_capital"] = merged_tree(STATE_CAPITAL_TREE, sc, 3) if sc else None
    dept["summary"] = {k: sum(d["summary"][k] for d in docs) for k in docs[0]["summary"]}
    fs_in = {k: sum(d["fiscal_summary"][0][k] for d in docs) for k in docs[0]["fiscal_summary"][0]}
    fs_out = {k: [sum(col) for col in zip(*(d["fiscal_summary"][1][k] for d in docs))]
              for k in docs[0]["fiscal_summary"][1]}
    dept["fiscal_summary"] = (fs_in, fs_out)
    dept["basic_expenditure"] = tuple(
        [(c, n, sum(d["basic_expenditure"][side][j][2] for d in docs)) for j, (c, n, _) in enumerate(rows)]
        for side, rows in enumerate(docs[0]["basic_expenditure"]))
    for key in ("three_public", "three_public_extra"):
        dept[key] = [sum(col) for col in zip(*(d[key] for d in docs))]
    dept["staff"] = sum(d["staff"] for d in docs)
    dept["retirees"] = sum(d["retirees"] for d in docs)
    return dept


def department(seed, i, year, first_unit):
    """(department doc, [(unit name, unit doc)]): 2 or 3 units; the first is the department's own
    (`first_unit` formats its name from the department's)."""
    rng = random.Random(f"{seed}/open/{i}/units")
    city = rng.choice(CITIES)
    dname, subs = rng.choice(DEPARTMENTS)
    dept_name = f"{city}{dname}"
    n = rng.choice([2, 3, 3])
    # model.py's units take the city's name (青山县疾病预防控制中心), the others the department's
    pool = [f"{city}{s}" for s in subs if s != "机关"] + [f"{dept_name}{s}" for s in EXTRA_UNITS]
    names = [first_unit(dept_name)] + rng.sample(pool, n - 1)
    docs = [synth_document(seed * 1000 + 600 + i * 10 + k) for k in range(n)]
    for d, name in zip(docs, names):
        d.update({"year": year, "unit": name, "department": dept_name})
    dept = merge_units(docs)
    dept.update({"unit": dept_name, "department": dept_name, "scope": "部门", "year": year})
    return dept, list(zip(names, docs))


def budget_doc(doc, year):
    doc.update({"doc_kind": "预算", "year": year, "amount_unit": "万元"})
    return doc


def budget_style(rng, variant, **overrides):
    style = draw_budget_style(rng)
    style.update({"unit": "万元", "decimals": "fixed", "blank_parents": False, "open_variant": variant})
    style.update(overrides)
    return style


def set_titles(tables, titles, number_lines=None):
    for k, t in enumerate(tables):
        t.title = titles[k]
        t.number_line = number_lines[k] if number_lines else None


# ---------------------------------------------------------------- 1. a 预算单位 column (深圳 2026)

def amounts(vals, style):
    return [Cell(fmt(v, style), align="right") for v in vals]


def unit_column_table(kind, title, heads, col_keys, dept_name, dept_vals, units, style, coded=True, indent=""):
    """预算单位 | [科目编码 | 科目名称 |] amounts: the department's row, then per unit its row and (when
    `coded`) its 类/款/项 rows with the 预算单位 cell blank. `units` is [(name, total, coded rows)]."""
    n = len(col_keys)
    widths = [style["unit_width"]] + ([1.3, style["name_width"]] if coded else []) + [1.5] * n
    t = TableSpec(kind, 0, title, len(widths), widths)
    t.col_keys = {c + 1: k for c, k in enumerate(col_keys)}
    t.header.append([Cell("预算单位")] + ([Cell("科目编码"), Cell("科目名称")] if coded else [])
                    + [Cell(h) for h in heads])
    blank = [Cell(""), Cell("")] if coded else []

    def own_row(name, vals, pad):
        t.rows.append([Cell(pad + name, align="left")] + blank + amounts(vals, style))
        t.truth("合计", squash(name), {c + 1: v for c, v in enumerate(vals)}, "grand_total")
        t.truth_rows[-1]["entity"] = squash(name)

    own_row(dept_name, dept_vals, "")
    for name, total, rows in units:
        own_row(name, total, indent)
        for code, cname, vals in rows if coded else []:
            t.rows.append([Cell(""), Cell(code, align="left"), Cell(cname, align="left")] + amounts(vals, style))
            t.truth(code, cname, {c + 1: v for c, v in enumerate(vals)}, code)
            t.truth_rows[-1]["entity"] = squash(name)
    return t


def unit_column_doc(seed, i, producer, rng):
    dept, units = department(seed, i, 2026, lambda d: f"{d}（本级）")
    doc = budget_doc(dept, 2026)
    style = budget_style(rng, "unitcolumn", landscape=True, year_compare=False, code_columns=1, thousands=True,
                         zero="0.00", title_words="overall", title_number="line", name_width=2.6)
    # the units' rows indented as 深圳 prints them (U+3000), in one of the two producers
    style["unit_indent"] = producer == "chromium"
    indent = "\u3000\u3000" if style["unit_indent"] else ""
    # a narrow 预算单位 column wraps the longer names over two lines ("…社会保障" / "局（本级）"), as 深圳's do
    style["unit_width"] = 3.4 if producer == "chromium" else 2.2
    tables = build_budget_tables(doc, style, rng)[:9]
    dname = doc["unit"]

    def per_unit(key):
        return [(name, d[key][0][2], d[key][1:]) for name, d in units]

    tables[1] = unit_column_table(
        "income", "", ["收入总计", "财政拨款收入", "上级补助收入", "事业收入", "事业单位经营收入", "附属单位上缴收入", "其他收入"],
        ["total", "fiscal", "higher_level_subsidy", "business", "operating", "subordinate_remittance", "other"],
        dname, doc["income"][0][2], per_unit("income"), style, coded=False, indent=indent)
    tables[2] = unit_column_table(
        "expenditure", "", ["支出总计", "基本支出", "项目支出", "上缴上级支出", "事业单位经营支出", "对附属单位补助支出"],
        ["total", "basic", "project", "upper_remittance", "operating", "subordinate_subsidy"],
        dname, doc["expenditure"][0][2], per_unit("expenditure"), style, indent=indent)
    tables[4] = unit_column_table(
        "general_budget_expenditure", "", ["支出总计", "基本支出", "项目支出"], ["total", "basic", "project"],
        dname, doc["general_budget_expenditure"][0][2], per_unit("general_budget_expenditure"), style, indent=indent)
    set_titles(tables, SHENZHEN_TITLES, [f"表{k + 1}" for k in range(9)])
    style["units"] = [squash(n) for n, _ in units]
    return doc, style, tables


# ---------------------------------------------------------------- 2. unit headings (西安 2019)

def heading_table(kind, title, heads, col_keys, total, units, style, code_in_name):
    """功能科目编码 | 功能科目名称 | amounts, with a 栏次 row ("**"): 合计, then per unit a heading row
    "125001西安市XX局" (in the name cell, or the code in the code cell as 西安 prints it) carrying the
    unit's totals, then the unit's coded rows. `units` is [(heading, unit code, name, total, rows)]."""
    n = len(col_keys)
    widths = [1.5, style["name_width"] + 0.6] + [1.5] * n
    t = TableSpec(kind, 0, title, len(widths), widths)
    t.col_keys = {c + 1: k for c, k in enumerate(col_keys)}
    t.header.append([Cell("功能科目编码"), Cell("功能科目名称")] + [Cell(h) for h in heads])
    t.header.append([Cell("**"), Cell("**")] + [Cell(str(c + 1)) for c in range(n)])
    t.rows.append([Cell(""), Cell("合计", align="left")] + amounts(total, style))
    t.truth("合计", "合计", {c + 1: v for c, v in enumerate(total)}, "grand_total")
    t.truth_rows[-1]["entity"] = ""
    for heading, ucode, name, utotal, rows in units:
        cells = [Cell(""), Cell(heading, align="left")] if code_in_name else [Cell(ucode, align="left"),
                                                                                Cell(name, align="left")]
        t.rows.append(cells + amounts(utotal, style))
        t.truth("合计", heading, {c + 1: v for c, v in enumerate(utotal)}, "grand_total")
        t.truth_rows[-1]["entity"] = squash(heading)
        for code, cname, vals in rows:
            t.rows.append([Cell(code, align="left"), Cell(cname, align="left")] + amounts(vals, style))
            t.truth(code, cname, {c + 1: v for c, v in enumerate(vals)}, code)
            t.truth_rows[-1]["entity"] = squash(heading)
    return t


def unit_headings_doc(seed, i, producer, rng):
    dept, units = department(seed, i, 2019, lambda d: d)
    doc = budget_doc(dept, 2019)
    style = budget_style(rng, "unitheadings", landscape=False, year_compare=False, code_columns=1, thousands=True,
                         zero="", title_words="budget", title_number="line", name_width=2.6)
    # 西安 prints the unit code in the code column; the heading can also be one text "125001西安市XX局"
    style["heading_code_in_name"] = producer == "typst"
    base = random.Random(f"{seed}/open/{i}/codes").randint(101, 199)
    heads = [(f"{base}{k + 1:03d}{name}", f"{base}{k + 1:03d}", name, d) for k, (name, d) in enumerate(units)]
    tables = build_budget_tables(doc, style, rng)[:9]

    def per_unit(key):
        return [(h, c, n, d[key][0][2], d[key][1:]) for h, c, n, d in heads]

    tables[2] = heading_table("expenditure", "", ["合计", "基本支出", "项目支出", "上缴上级支出", "事业单位经营支出",
                                                  "对附属单位补助支出"],
                              ["total", "basic", "project", "upper_remittance", "operating", "subordinate_subsidy"],
                              doc["expenditure"][0][2], per_unit("expenditure"), style, style["heading_code_in_name"])
    tables[4] = heading_table("general_budget_expenditure", "", ["合计", "基本支出", "项目支出"],
                              ["total", "basic", "project"], doc["general_budget_expenditure"][0][2],
                              per_unit("general_budget_expenditure"), style, style["heading_code_in_name"])
    set_titles(tables, [f"2019年{w}" for w in XIAN_TITLES], [f"表{k + 1}" for k in range(9)])
    style["units"] = [squash(h) for h, _, _, _ in heads]
    return doc, style, tables


# ---------------------------------------------------------------- 3. basic expenditure by source (烟台 2026)

SOURCE_KEYS = ["total", "general_budget", "government_fund", "special_account", "own_funds"]


def by_source_table(doc, style, rng, title, number_line):
    """基本支出预算情况表: 经济分类 rows (合计, 类, 款), columns 合计 | 财政拨款 (一般公共预算 | 政府性基金预算)
    | 财政专户管理资金 | 单位资金. The 一般公共预算 column is the basic table's amount per 款."""
    personnel, public = doc["basic_expenditure"]
    kuans = []
    for code, name, v in sorted(personnel + public):
        if len(code) != 5:
            continue
        gf = rng.randint(1_00, 30_00) if rng.random() < 0.15 else 0
        sa = rng.randint(1_00, 50_00) if rng.random() < 0.25 else 0
        own = rng.randint(1_00, 80_00) if rng.random() < 0.3 else 0
        if v + gf + sa + own:
            kuans.append((code, name, [v + gf + sa + own, v, gf, sa, own]))
    rows = []
    for lei in sorted({c[:3] for c, _, _ in kuans}):
        members = [k for k in kuans if k[0].startswith(lei)]
        rows.append((lei, DEPT_NAMES[lei], [sum(m[2][j] for m in members) for j in range(5)]))
        rows += members
    total = [sum(r[2][j] for r in rows if len(r[0]) == 3) for j in range(5)]
    ncode = 2 if style["code_columns"] == 3 else 1  # 类 | 款 columns, or one 科目编码 column
    widths = ([0.8, 0.6] if ncode == 2 else [1.3]) + [style["name_width"] + 0.5] + [1.5] * 5
    t = TableSpec("basic_expenditure_by_source", 0, title, len(widths), widths)
    t.number_line = number_line
    t.col_keys = {j + 1: k for j, k in enumerate(SOURCE_KEYS)}
    codes = [Cell("科目编码", colspan=2)] if ncode == 2 else [Cell("科目编码", rowspan=2)]
    t.header.append(codes + [Cell("科目名称", rowspan=2), Cell("合计", rowspan=2), Cell("财政拨款", colspan=2),
                             Cell("财政专户管理资金", rowspan=2), Cell("单位资金", rowspan=2)])
    t.header.append(([Cell("类"), Cell("款")] if ncode == 2 else []) + [Cell("一般公共预算"), Cell("政府性基金预算")])
    t.rows.append([Cell("合计", colspan=ncode + 1)] + amounts(total, style))
    t.truth("合计", "合计", {j + 1: v for j, v in enumerate(total)}, "grand_total")
    for code, name, vals in rows:
        if ncode == 2:
            cells = [Cell(code[:3]), Cell(code[3:])]
        else:
            cells = [Cell(code, align="left")]
        t.rows.append(cells + [Cell(name, align="left")] + amounts(vals, style))
        t.truth(code, name, {j + 1: v for j, v in enumerate(vals)}, code)
    return t


def by_source_doc(seed, i, producer, rng):
    doc = budget_doc(synth_document(seed * 1000 + 600 + i * 10), 2026)
    style = budget_style(rng, "bysource", year_compare=False, title_words="overall", title_number="line")
    style["code_columns"] = 3 if producer == "typst" else 1
    tables = build_budget_tables(doc, style, rng)[:9]
    data = random.Random(f"{seed}/open/{i}/sources")
    tables.append(by_source_table(doc, style, data, f"{doc['year']}年基本支出预算情况表", "公开表10"))
    return doc, style, tables


# ---------------------------------------------------------------- 4. title wordings (长春, 浙江)

def titles_doc(seed, i, producer, rng, variant):
    doc = budget_doc(synth_document(seed * 1000 + 600 + i * 10), 2026)
    style = budget_style(rng, variant, title_number="none")
    tables = build_budget_tables(doc, style, rng)[:9]
    style["title_words"] = variant  # the titles drawn above are replaced by these
    if variant == "changchun":
        set_titles(tables, CHANGCHUN_TITLES)
    else:
        set_titles(tables, [f"{doc['year']}年{w}" for w in ZHEJIANG_TITLES])
    return doc, style, tables


# ---------------------------------------------------------------- 5. basic groups, wrapped header cells (西安 2022)

def groups_doc(seed, i, producer, rng):
    from generate import draw_style

    doc = synth_document(seed * 1000 + 600 + i * 10)
    doc["year"] = 2022
    style = draw_style(rng, producer)
    style.update({"basic_layout": "groups", "rotate_page": 0, "open_variant": "groupswrap",
                  "basic_header_wrap": True})
    tables = build_tables(doc, style)
    basic = next(t for t in tables if t.kind == "basic_expenditure")
    # the narrow 科目代码 / 科目名称 cells wrap: "科目代" over "码", "科目名" over "称"
    basic.header[1] = [Cell("科目代\n码"), Cell("科目名\n称"), Cell("决算数")] * 3
    return doc, style, tables


# ---------------------------------------------------------------- 6. short continuations

def page_texts(pdf):
    out = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
    return out.split("\f")


def row_keys(t, style):
    """A text that identifies each body row on a page: the 支出 label of a summary row, the code of a
    coded row."""
    if t.kind == "summary":
        at = 3 if style["line_numbers"] else 2
        return [squash(r[at].text) for r in t.rows]
    return [squash(r[0].text) for r in t.rows]


def tail_on_next_page(pages, t, keys, next_title):
    """How many of the table's last rows are on the page after its title's (the keys of the rows
    before them are not), that page read up to the next table's title."""
    title = squash(t.title)
    p = next(k for k, pg in enumerate(pages) if title in squash(pg))
    nxt = pages[p + 1] if p + 1 < len(pages) else ""
    cut = squash(nxt).find(squash(next_title)) if next_title else -1
    if cut >= 0:  # no continuation: the page is the next table's
        nxt = ""
    k = 0
    for key in reversed(keys):
        if key.isdigit():  # a code: a whole word, not a part of an amount or a longer code
            found = re.search(rf"(?<![\d.,]){key}(?![\d.,])", nxt) is not None
        else:
            found = bool(key) and key in squash(nxt)
        if not found:
            break
        k += 1
    return p, k


def place_breaks(doc, style, tables, producer, pdf, targets):
    """Find room above each targeted table (`space_before`, pt) so that exactly targets[kind] of its
    last rows continue alone on the next page: bisect for the least room that pushes that many rows
    over, then add 2 pt. Returns {kind: 0-based page of the continuation}."""
    chosen = {kind: next(t for t in tables if t.kind == kind) for kind in targets}
    after = {t.kind: (tables[n + 1].title if n + 1 < len(tables) else None) for n, t in enumerate(tables)}
    keys = {kind: row_keys(t, style) for kind, t in chosen.items()}
    lo = {kind: 0 for kind in targets}
    hi = {kind: 760 for kind in targets}
    while any(hi[k] - lo[k] > 1 for k in targets):
        for kind, t in chosen.items():
            t.space_before = (lo[kind] + hi[kind]) // 2
        PRODUCERS[producer](doc, style, tables, pdf)
        pages = page_texts(pdf)
        for kind, t in chosen.items():
            if hi[kind] - lo[kind] <= 1:
                continue
            _, k = tail_on_next_page(pages, t, keys[kind], after[kind])
            if k >= targets[kind]:
                hi[kind] = t.space_before
            else:
                lo[kind] = t.space_before
    for t in chosen.values():
        t.space_before = hi[t.kind] + 2
    PRODUCERS[producer](doc, style, tables, pdf)
    pages = page_texts(pdf)
    out = {}
    for kind, t in chosen.items():
        p, k = tail_on_next_page(pages, t, keys[kind], after[kind])
        if k != targets[kind]:
            raise RuntimeError(f"{pdf}: {kind} continues with {k} rows, not {targets[kind]}")
        out[kind] = p + 1
    return out


CONTINUATIONS = {
    # variant -> {producer: {table kind: rows on the continuation page}}
    "shortcont": {"typst": {"summary": 3, "income": 1, "expenditure": 2},
                  "libreoffice": {"summary": 2, "income": 3, "expenditure": 1}},
    "rotatedcont": {"reportlab": {"summary": 2}},
    "spacedtotal": {"chromium": {"summary": 1}},
}


def continuation_doc(seed, i, producer, rng, variant):
    from generate import draw_style

    # a unit whose income and expenditure tables fit on one portrait page
    k = 0
    while True:
        doc = synth_document(seed * 1000 + 600 + i * 10 + k)
        if len(doc["income"]) <= 24 and len(doc["expenditure"]) <= 24:
            break
        k += 1
    style = draw_style(rng, producer)
    style.update({"landscape": False, "repeat_header": False, "code_columns": 1, "name_width": 3.5,
                  "rotate_page": 0, "open_variant": variant})
    tables = build_tables(doc, style)
    if variant == "spacedtotal":
        letter_space([tables[0]])  # "总　　计", "合　　计", "项　　目", "栏　　次" in the summary
        style["letter_spaced"] = True
    style["continuation_lines"] = CONTINUATIONS[variant][producer]
    return doc, style, tables


# ---------------------------------------------------------------- the series

# (name, producers): one number per variant, every producer of it printing the same data
O_VARIANTS = [
    ("unitcolumn", ["chromium", "libreoffice"]),
    ("unitheadings", ["typst", "reportlab"]),
    ("bysource", ["chromium", "typst"]),
    ("changchun", ["typst", "reportlab"]),
    ("zhejiang", ["chromium", "libreoffice"]),
    ("groupswrap", ["libreoffice", "reportlab"]),
    ("shortcont", ["typst", "libreoffice"]),
    ("rotatedcont", ["reportlab"]),
    ("spacedtotal", ["chromium"]),
]


def build(variant, seed, i, producer, rng):
    if variant == "unitcolumn":
        return unit_column_doc(seed, i, producer, rng)
    if variant == "unitheadings":
        return unit_headings_doc(seed, i, producer, rng)
    if variant == "bysource":
        return by_source_doc(seed, i, producer, rng)
    if variant in ("changchun", "zhejiang"):
        return titles_doc(seed, i, producer, rng, variant)
    if variant == "groupswrap":
        return groups_doc(seed, i, producer, rng)
    return continuation_doc(seed, i, producer, rng, variant)


# the columns whose sum is the first column, by kind (the layouts the o-series prints)
ROW_SUMS = {"income": 7, "expenditure": 6, "general_budget_expenditure": 3, "basic_expenditure_by_source": 5}
CODED = set(ROW_SUMS) | {"government_fund", "state_capital"}


def check_truth(truth):
    """Every identity the o-series adds, checked on its own truth: per entity 类 = Σ款 = Σ项 and the
    entity's 合计 = Σ类; a department's (or the table's) 合计 row = Σ its units' 合计 rows; row sums."""
    from decimal import Decimal

    def vec(r):
        return {int(c): Decimal(v) for c, v in r["values"].items()}

    def total(rows, cols):
        return {c: sum((vec(r).get(c, Decimal(0)) for r in rows), Decimal(0)) for c in cols}

    for t in truth["tables"]:
        if t["kind"] not in CODED:
            continue
        where = f"{truth['id']} {t['kind']}"
        cols = sorted({int(c) for r in t["rows"] for c in r["values"]})
        groups = {}
        for r in t["rows"]:
            groups.setdefault(r["entity"], []).append(r)
            n = ROW_SUMS.get(t["kind"])
            if n and "prior_year.total" not in r["column_keys"].values():
                v = vec(r)
                assert v[1] == sum(v.get(c, 0) for c in range(2, n + 1)), (where, r)
        for entity, rows in groups.items():
            coded = [r for r in rows if r["row"] != "合计"]
            for r in coded:
                kids = [k for k in coded if k["row"].startswith(r["row"]) and len(k["row"]) == len(r["row"]) + 2]
                if kids:
                    assert total(kids, cols) == total([r], cols), (where, entity, r["row"])
            own = [r for r in rows if r["row"] == "合计"]
            assert len(own) == 1, (where, entity)
            if coded:
                assert total(own, cols) == total([r for r in coded if len(r["row"]) == 3], cols), (where, entity)
        names = list(groups)
        if len(names) > 1 and not [r for r in groups[names[0]] if r["row"] != "合计"]:
            units = [r for e in names[1:] for r in groups[e] if r["row"] == "合计"]
            assert total(groups[names[0]], cols) == total(units, cols), (where, "units")


def write_truth(out, doc_id, producer, doc, style, tables):
    for t in tables:
        if t.kind is not None:
            for r in t.truth_rows:
                r.setdefault("entity", "")
    truth = truth_document(doc, style, tables, doc_id, producer)
    check_truth(truth)
    save_truth(out, doc_id, truth)


def generate_open(out, seed=2020, only=None, names=None):
    """Write every o-series document (PDF, truth, facts) into `out`."""
    os.makedirs(out, exist_ok=True)
    for i, (variant, producers) in enumerate(O_VARIANTS):
        if names and variant not in names:
            continue
        for producer in producers:
            if only and producer != only:
                continue
            rng = random.Random(f"{seed}/open/{i}/{producer}")
            doc, style, tables = build(variant, seed, i, producer, rng)
            doc_id = f"o{i + 1:02d}-{variant}-{producer}"
            pdf = os.path.join(out, f"{doc_id}.pdf")
            if "continuation_lines" in style:
                pages = place_breaks(doc, style, tables, producer, pdf, style["continuation_lines"])
                if variant == "rotatedcont":  # the continuation page stored turned, with /Rotate 90
                    style["rotate_page"] = pages["summary"] + 1
                    store_rotated(pdf, style["rotate_page"])
            else:
                PRODUCERS[producer](doc, style, tables, pdf)
            write_truth(out, doc_id, producer, doc, style, tables)
            print(doc_id, file=sys.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=2020)
    ap.add_argument("--out", default="corpus")
    ap.add_argument("--only", choices=sorted(PRODUCERS))
    ap.add_argument("--variant", action="append", help="only these variants (repeatable)")
    args = ap.parse_args()
    generate_open(args.out, args.seed, args.only, args.variant)


if __name__ == "__main__":
    main()
