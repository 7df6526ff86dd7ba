"""Government-wide debt tables (the g-series, issue #20): the 财政部 template "地方政府债务余额情况表"
as provinces publish it with their budgets, with exact truth.

    python3 scripts/corpus/govdebt.py [--seed 2020] [--out corpus] [--only PRODUCER]
    python3 scripts/corpus/generate.py --out corpus --series gov         # the same

A document is two tables, 表1-1 (一般债务) and 表1-2 (专项债务), each a number line "表1-1", a title
"46海南省2025年地方政府一般债务余额情况表", "单位：亿元" and 项目 | 预算数 | 执行数 (决算数 in a 决算):

    一、Y−1年末地方政府一般债务余额实际数          balance.prior_year_end
    二、Y年末地方政府一般债务余额限额              limit.year_end
    三、Y年地方政府一般债务发行额                  issued
        中央转贷地方的国际金融组织和外国政府贷款    issued.foreign_loans   (一般 only)
        Y年地方政府一般债券发行额                  issued.bonds           (一般 only)
    四、Y年地方政府一般债务还本额                  repaid
    五、Y年末地方政府一般债务余额预计执行数        balance.year_end       (决算: …余额决算数)
    六、Y+1年地方财政赤字                          deficit.next_year      (一般)
    六、Y+1年地方政府专项债务新增限额              new_limit.next_year    (专项)
    七、Y+1年(末)地方政府…债务余额限额            limit.next_year

modelled on ../shared/realworld2 g0048 (海南 2025: both columns), g0072 / g0081 / g0090 (内蒙古 2018,
山西 2018, 海南 2020: 限额 and 六/七 under 预算数, the executed amounts under 执行数, a printed "0.00").
Provinces and their codes are invented. Amounts are drawn in integer cents of 亿元 so that in every
column that prints them 五 = 一 + 三 − 四, 三 = Σ its sub-rows, 五 ≤ 二, and 七 = 二 + 六 (as 海南 and
上海 print it; not a template rule).

Truth (`NAME.truth.json`): metadata.family "government", region, region_code, year (the title's),
doc_kind 预算/决算, amount_unit 亿元 (unit, department, scope, staff, retirees null); tables of kind
gov_debt_general / gov_debt_special, each row `row` = `label` = the printed label with whitespace
removed, `line` as above, `values` by column (1 = 预算数 "budget", 2 = 执行数/决算数 "actual") for
the printed cells only (a printed "0.00" is "0" and gives no fact), `entity` "". Rows printed without
amounts are in the truth with no values.
"""
import argparse
import html
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from model import fact_value  # noqa: E402
from render import PRODUCERS, place, typst_str  # noqa: E402
from spec import Cell, TableSpec, fmt, save_truth  # noqa: E402

# invented provinces, with codes no real province has
PROVINCES = [("57", "云泽省"), ("38", "东陵省"), ("69", "青岚自治区"), ("24", "南屏省"), ("56", "西岭省"),
             ("47", "北川省")]

# (variant, producers): every producer of a variant prints the same numbers
G_VARIANTS = [
    ("both", ["chromium", "libreoffice"]),
    ("split", ["reportlab", "typst"]),
    ("final", ["typst", "libreoffice"]),
]

VARIANT_STYLE = {
    # both: 预算数 and 执行数 for 一 … 五 (as 海南 2025), 六/七 printed blank, tables on two pages
    "both": {"doc_kind": "预算", "year": 2025, "columns": "both", "next_year": "blank", "thousands": True,
             "same_page": False, "foreign_loans": True},
    # split: 二/六/七 under 预算数, the rest under 执行数 (内蒙古 2018), 中央转贷 printed "0.00" and
    # wrapped in a narrow 项目 column, both tables on one page, no thousands separators
    "split": {"doc_kind": "预算", "year": 2019, "columns": "split", "next_year": "budget", "thousands": False,
              "same_page": True, "foreign_loans": False},
    # final: a 决算 wording (五、Y年末…余额决算数; columns 预算数 | 决算数), 六/七 in both columns
    "final": {"doc_kind": "决算", "year": 2023, "columns": "both", "next_year": "both", "thousands": True,
              "same_page": False, "foreign_loans": True},
}

COL_KEYS = {1: "budget", 2: "actual"}
# 项目 | 预算数 | 执行数 widths: labels on one line; the 中央转贷 label wrapped (as 内蒙古 2018 prints it);
# most labels wrapped over two lines
LABEL_WIDTHS = {"wide": [4.2, 1.6, 1.6], "narrow": [2.6, 1.5, 1.5], "tight": [2.0, 1.5, 1.5]}
LABEL_WIDTH = {"both": "wide", "split": "narrow", "final": "tight"}


def squash(s):
    return re.sub(r"\s", "", s)


def pct(rng, base, lo, hi):
    """An amount between lo and hi times base (cents)."""
    return rng.randint(int(base * lo), int(base * hi))


def draw_kind(rng, kind, with_budget, foreign_loans):
    """The amounts of one table, in cents: {line: {1: budget, 2: actual}} (budget only when drawn)."""
    general = kind == "general"
    b0 = rng.randint(800_00, 6000_00) if general else rng.randint(500_00, 8000_00)
    cols = {}
    for col in ([1, 2] if with_budget else [2]):
        if general:
            loans = rng.randint(30, 1500) if foreign_loans else 0
            bonds = pct(rng, b0, 0.10, 0.25)
            issued = {"issued.foreign_loans": loans, "issued.bonds": bonds, "issued": loans + bonds}
        else:
            issued = {"issued": pct(rng, b0, 0.15, 0.35)}
        repaid = pct(rng, b0, 0.04, 0.15)
        cols[col] = {"balance.prior_year_end": b0, **issued, "repaid": repaid,
                     "balance.year_end": b0 + issued["issued"] - repaid}
    limit = max(c["balance.year_end"] for c in cols.values())
    limit += pct(rng, limit, 0.0, 0.08)
    nxt = rng.randint(100_00, 600_00) if general else rng.randint(300_00, 1500_00)
    for c in cols.values():
        c["limit.year_end"] = limit
    return cols, limit, nxt


def line_labels(kind, y, doc_kind):
    """[(line, printed label)] of one table in print order; sub-rows indented with U+3000."""
    w = "一般" if kind == "general" else "专项"
    end = "决算数" if doc_kind == "决算" else "预计执行数"
    rows = [("balance.prior_year_end", f"一、{y - 1}年末地方政府{w}债务余额实际数"),
            ("limit.year_end", f"二、{y}年末地方政府{w}债务余额限额"),
            ("issued", f"三、{y}年地方政府{w}债务发行额")]
    if kind == "general":
        rows += [("issued.foreign_loans", "\u3000\u3000中央转贷地方的国际金融组织和外国政府贷款"),
                 ("issued.bonds", f"\u3000\u3000{y}年地方政府一般债券发行额")]
    rows += [("repaid", f"四、{y}年地方政府{w}债务还本额"),
             ("balance.year_end", f"五、{y}年末地方政府{w}债务余额{end}")]
    if kind == "general":
        rows += [("deficit.next_year", f"六、{y + 1}年地方财政赤字"),
                 ("limit.next_year", f"七、{y + 1}年地方政府一般债务余额限额")]
    else:
        rows += [("new_limit.next_year", f"六、{y + 1}年地方政府专项债务新增限额"),
                 ("limit.next_year", f"七、{y + 1}年末地方政府专项债务余额限额")]
    return rows


def debt_table(rng, kind, number, code, region, style):
    """One 债务余额情况表 as a TableSpec with its truth rows."""
    y, doc_kind = style["year"], style["doc_kind"]
    both = style["columns"] == "both"
    cols, limit, nxt = draw_kind(rng, kind, both, style["foreign_loans"])
    w = "一般" if kind == "general" else "专项"
    title = f"{code}{region}{y}年地方政府{w}债务余额情况表"
    widths = LABEL_WIDTHS[style["label_width"]]
    t = TableSpec(f"gov_debt_{kind}", number, title, 3, widths)
    t.number_line = number
    t.col_keys = dict(COL_KEYS)
    t.header.append([Cell("项\u3000\u3000目"), Cell("预算数"), Cell("决算数" if doc_kind == "决算" else "执行数")])
    zero = {**style, "zero": "0.00", "decimals": "fixed"}
    for line, label in line_labels(kind, y, doc_kind):
        values = {}
        if line in ("deficit.next_year", "new_limit.next_year", "limit.next_year"):
            v = nxt if line != "limit.next_year" else limit + nxt
            if style["next_year"] in ("budget", "both"):
                values[1] = v
            if style["next_year"] == "both":
                values[2] = v
        elif both:
            values = {c: cols[c][line] for c in (1, 2)}
        elif line == "limit.year_end":  # 限额 under 预算数, as 内蒙古 / 山西 / 海南 2020 print it
            values = {1: limit}
        else:
            values = {2: cols[2][line]}
        cells = [Cell(fmt(values[c], zero) if c in values else "", align="right") for c in (1, 2)]
        t.rows.append([Cell(label, align="left")] + cells)
        t.truth(squash(label), squash(label), values, line)
        t.truth_rows[-1]["entity"] = ""
    return t


def check_table(t):
    """The identities the g-series promises, on the cents of one table."""
    by = {r["line"]: r["values"] for r in t.truth_rows}
    limit = next(v for v in by["limit.year_end"].values())
    for c in (1, 2):
        if c not in by["balance.year_end"]:
            continue
        v = {line: vals[c] for line, vals in by.items() if c in vals}
        assert v["balance.year_end"] == v["balance.prior_year_end"] + v["issued"] - v["repaid"], (t.title, c)
        if "issued.bonds" in v:
            assert v["issued"] == v["issued.foreign_loans"] + v["issued.bonds"], (t.title, c)
        assert v["balance.year_end"] <= limit, (t.title, c)
    for c, v in by["limit.next_year"].items():
        nxt = by.get("deficit.next_year", by.get("new_limit.next_year"))[c]
        assert v == limit + nxt, (t.title, c)


# ---------------------------------------------------------------- producers

def block_html(t, style):
    widths = sum(t.widths)
    cols = "".join(f'<col style="width:{w / widths * 100:.2f}%">' for w in t.widths)
    head = "<tr>" + "".join(f"<th>{html.escape(c.text)}</th>" for c in t.header[0]) + "</tr>"
    body = "".join("<tr>" + "".join(f'<td class="{c.align}">{html.escape(c.text)}</td>' for c in row) + "</tr>"
                   for row in t.rows)
    return (f'<p class="num">{html.escape(t.number_line)}</p><h2>{html.escape(t.title)}</h2>'
            f'<p class="unit">单位：亿元</p><table><colgroup>{cols}</colgroup>{head}{body}</table>')


def produce_chromium(tables, style, out_pdf):
    parts = ["""<!doctype html><html><head><meta charset="utf-8"><style>
@page { size: A4 portrait; margin: 20mm 18mm; }
body { font-family: 'Noto Serif CJK SC', 'Noto Sans CJK SC', serif; font-size: 10.5pt; }
h2 { font-size: 15pt; text-align: center; margin: 4pt 0; font-weight: bold; }
.num { margin: 0; font-size: 10.5pt; } .unit { text-align: right; margin: 2pt 0; font-size: 10pt; }
.sec { page-break-before: always; } .gap { margin-top: 24pt; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; font-size: 10pt; }
th, td { border: 0.7pt solid #000; padding: 5pt 4pt; font-weight: normal; }
td.right { text-align: right; } td.left { text-align: left; }
</style></head><body>"""]
    for k, t in enumerate(tables):
        cls = "" if k == 0 else ("gap" if style["same_page"] else "sec")
        parts.append(f'<div class="{cls}">{block_html(t, style)}</div>')
    parts.append("</body></html>")
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "doc.html")
        with open(src, "w", encoding="utf-8") as f:
            f.write("".join(parts))
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                        "--no-first-run", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", f"--user-data-dir={tmp}/profile", "--no-pdf-header-footer",
                        f"--print-to-pdf={out_pdf}", src], check=True, capture_output=True, timeout=120)


def produce_libreoffice(tables, style, out_pdf):
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    d = Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.left_margin = sec.right_margin = Mm(18)
    sec.top_margin = sec.bottom_margin = Mm(20)
    normal = d.styles["Normal"]
    normal.font.name = "Noto Serif CJK SC"
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")
    normal.font.size = Pt(10.5)
    avail = sec.page_width - sec.left_margin - sec.right_margin
    for k, t in enumerate(tables):
        if k:
            if style["same_page"]:
                d.add_paragraph()
            else:
                d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        d.add_paragraph(t.number_line)
        h = d.add_paragraph(t.title)
        h.alignment = WD_ALIGN_PARAGRAPH.CENTER
        h.runs[0].font.size = Pt(15)
        h.runs[0].font.bold = True
        u = d.add_paragraph("单位：亿元")
        u.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        rows = t.header + t.rows
        tbl = d.add_table(rows=len(rows), cols=3)
        tbl.style = "Table Grid"
        tbl.autofit = False
        total = sum(t.widths)
        for c, col in enumerate(tbl.columns):  # LibreOffice reads the grid's widths, not the cells'
            col.width = int(avail * t.widths[c] / total)
        for r, row in enumerate(rows):
            for c, spec in enumerate(row):
                cell = tbl.cell(r, c)
                cell.width = int(avail * t.widths[c] / total)
                para = cell.paragraphs[0]
                para.add_run(spec.text).font.size = Pt(10)
                para.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                                  "right": WD_ALIGN_PARAGRAPH.RIGHT}[spec.align]
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "doc.docx")
        d.save(src)
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/lo", "--headless", "--convert-to", "pdf",
                        "--outdir", tmp, src], check=True, capture_output=True, timeout=180)
        shutil.move(os.path.join(tmp, "doc.pdf"), out_pdf)


def produce_reportlab(tables, style, out_pdf):
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("b", fontName="STSong-Light", fontSize=10.5, leading=15, wordWrap="CJK")
    title = ParagraphStyle("t", parent=body, fontSize=15, leading=20, alignment=1)
    right = ParagraphStyle("r", parent=body, fontSize=10, alignment=2)
    cell = {a: ParagraphStyle("c" + a, fontName="STSong-Light", fontSize=10, leading=13, wordWrap="CJK",
                              alignment={"left": 0, "center": 1, "right": 2}[a]) for a in ("left", "center", "right")}
    sub = ParagraphStyle("sub", parent=cell["left"], leftIndent=20)
    avail = A4[0] - 100
    story = []
    for k, t in enumerate(tables):
        if k:
            story.append(Spacer(1, 24) if style["same_page"] else PageBreak())
        story += [Paragraph(t.number_line, body), Paragraph(t.title, title), Paragraph("单位：亿元", right)]
        grid, _ = place(t.header + t.rows, 3)
        # reportlab drops leading U+3000: a sub-row's indent is the paragraph's
        data = [[Paragraph(html.escape(c.text.lstrip("\u3000")),
                           sub if c.text.startswith("\u3000") else cell[c.align]) for c in row] for row in grid]
        total = sum(t.widths)
        tbl = Table(data, colWidths=[avail * w / total for w in t.widths])
        tbl.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                                 ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                 ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
        story.append(tbl)
    SimpleDocTemplate(out_pdf, pagesize=A4, leftMargin=50, rightMargin=50, topMargin=50, bottomMargin=50,
                      title=tables[0].title, invariant=1).build(story)


def produce_typst(tables, style, out_pdf):
    import typst

    src = ['#set page(paper: "a4", margin: (x: 18mm, y: 20mm))',
           '#set text(font: ("Noto Serif CJK SC", "Noto Sans CJK SC"), size: 10.5pt, lang: "zh")']
    for k, t in enumerate(tables):
        if k:
            src.append("#v(24pt)" if style["same_page"] else "#pagebreak()")
        src.append(f"#align(left){typst_str(t.number_line)}")
        src.append(f"#align(center, text(size: 15pt, weight: \"bold\"){typst_str(t.title)})")
        src.append(f"#align(right, text(size: 10pt){typst_str('单位：亿元')})")
        cols = ", ".join(f"{w}fr" for w in t.widths)
        cells = [f"table.cell(align: center + horizon){typst_str(c.text)}" for c in t.header[0]]
        for row in t.rows:
            cells += [f"table.cell(align: {c.align} + horizon){typst_str(c.text)}" for c in row]
        src.append(f"#text(size: 10pt, table(columns: ({cols}), stroke: 0.6pt, inset: 5pt, {', '.join(cells)}))")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "doc.typ")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(src))
        typst.compile(path, output=out_pdf, font_paths=["/usr/share/fonts/opentype/noto"])


G_PRODUCERS = {"chromium": produce_chromium, "libreoffice": produce_libreoffice,
               "reportlab": produce_reportlab, "typst": produce_typst}
assert set(G_PRODUCERS) == set(PRODUCERS)


# ---------------------------------------------------------------- the series

def gov_document(seed, i, variant):
    """(style, region code, region, [general table, special table]): the same for every producer."""
    rng = random.Random(f"{seed}/gov/{i}")
    # a different invented province for each document
    code, region = random.Random(f"{seed}/gov/regions").sample(PROVINCES, len(G_VARIANTS))[i]
    style = {"gov_variant": variant, **VARIANT_STYLE[variant], "decimals": "fixed", "zero": "0.00",
             "label_width": LABEL_WIDTH[variant]}
    tables = [debt_table(rng, "general", "表1-1", code, region, style),
              debt_table(rng, "special", "表1-2", code, region, style)]
    for t in tables:
        check_table(t)
    return style, code, region, tables


def truth_of(doc_id, producer, style, code, region, tables):
    out = []
    for t in tables:
        rows = [{"row": r["row"], "label": r["label"], "line": r["line"], "entity": r["entity"],
                 "values": {str(c): fact_value(v) for c, v in r["values"].items()},
                 "column_keys": {str(c): COL_KEYS[c] for c in r["values"]}} for r in t.truth_rows]
        out.append({"kind": t.kind, "title": t.title, "number": t.number_line, "empty": False,
                    "column_labels": {"1": t.header[0][1].text, "2": t.header[0][2].text}, "rows": rows})
    return {"id": doc_id, "producer": producer, "style": style,
            "metadata": {"family": "government", "region": region, "region_code": code, "year": style["year"],
                         "doc_kind": style["doc_kind"], "amount_unit": "亿元", "unit": None, "department": None,
                         "scope": None, "staff": None, "retirees": None},
            "tables": out}


def generate_gov(out, seed=2020, only=None):
    """Write every g-series document (PDF, truth, facts) into `out`."""
    os.makedirs(out, exist_ok=True)
    for i, (variant, producers) in enumerate(G_VARIANTS):
        for producer in producers:
            if only and producer != only:
                continue
            style, code, region, tables = gov_document(seed, i, variant)
            doc_id = f"g{i + 1:02d}-{variant}-{producer}"
            G_PRODUCERS[producer](tables, style, os.path.join(out, f"{doc_id}.pdf"))
            save_truth(out, doc_id, truth_of(doc_id, producer, style, code, region, tables))
            print(doc_id, file=sys.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=2020)
    ap.add_argument("--out", default="corpus")
    ap.add_argument("--only", choices=sorted(G_PRODUCERS))
    args = ap.parse_args()
    generate_gov(args.out, args.seed, args.only)


if __name__ == "__main__":
    main()
