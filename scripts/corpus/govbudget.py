"""Government-wide budget tables (g04 – g06; issue #20): 一般公共预算收支决算 of a whole province, the
预算执行情况 tables of a city's own level (市本级), and a city's 社会保险基金收入/支出决算 and 债务限额及余额
by region, with exact truth.

    python3 scripts/corpus/govbudget.py [--seed 2020] [--out corpus] [--only PRODUCER] [--check]
    python3 scripts/corpus/generate.py --out corpus --series govbudget   # the same

g04-final-{chromium,libreoffice}: a 决算 (2024) of 云泽省 (invented), modelled on 黑龙江 2020 (g0009,
1.2 / 1.3): a cover page "云泽省2024年全省财政总决算", then "1 云泽省2024年全省一般公共预算收入决算表" and
"2 …支出决算表", "单位：万元", 项目 | 预算数 | 调整预算数 | 决算数 | 决算数为调整预算数的% | 比上年决算数增长%,
whole 万元 with thousands separators, percentages to one decimal without a "%" sign, the prior year's
amounts not printed (the growth % is data only), 预备费 printed "0" under 调整预算数 and 决算数 with blank
percentages, 外交支出 and 捐赠收入 not printed, expenditure labels with their ordinal ("一、一般公共服务支出").
The tables run over two pages each: Chromium repeats the header row, LibreOffice does not.

g05-exec-{reportlab,typst}: the 附表 of "关于西岭市2025年预算执行情况和2026年预算草案的报告" (西岭市
invented), modelled on 吴忠 2025 (g0063, 全市一般公共预算收入执行情况表) and 广州 2025 (g0210, 市级政府性基金
预算收入/支出执行情况表): 表1 一般公共预算收入, 表2 支出, 表3 政府性基金预算收入, 表4 支出, each
"2025年市本级…执行情况表", 项目 | 2024年执行数 | 2025年预算数 | 2025年执行数 | 为预算% | 比上年增长%, the
合计 row first, amounts with two decimals and no separators, percentages printed "105.9%", zeros and
missing amounts printed "-" (and the percentage over them "-"), 烟叶税 not printed, 资源税 and 外交支出
printed "-" throughout, 国有资源（资产）有偿使用收入 wrapped over two lines in a narrow 项目 column.

Amounts are drawn in integer units (whole 万元 for g04, cents of 万元 for g05) so that in every amount
column 税收收入 = Σ taxes, 非税收入 = Σ its rows, 合计 = 税收收入 + 非税收入, 支出合计 = Σ classes and the
fund totals = Σ their rows (a "-" counts 0); percentages are computed from the printed amounts and
rounded half up (away from zero) to one decimal: 决算数为调整预算数的% = 决算数 / 调整预算数 × 100, 为预算% =
执行数 / 预算数 × 100, 比上年增长% = (执行数 / 上年执行数 − 1) × 100 (g04: over the unprinted prior-year
amounts, drawn too). No percentage is an exact half (the document is redrawn until none is).

g06-social-{chromium,libreoffice}: three tables of "东陵市2024年全市财政总决算" (东陵市 invented; landscape
pages, each table starting one, its number before its title):
  1 东陵市2024年全市社会保险基金收入决算表 (gov_social_insurance_revenue, entity 全市): the funds as
    columns, 项目 | 合计 | 企业职工基本养老保险基金 | 城乡居民基本养老保险基金 | 机关事业单位基本养老保险基金 |
    职工基本医疗保险（含生育保险）基金 | 城乡居民基本医疗保险基金 | 工伤保险基金 | 失业保险基金 (keys total,
    enterprise_pension, resident_pension, public_pension, employee_medical, resident_medical,
    work_injury, unemployment; the headings wrapped over two or three lines), rows 本年收入 (total),
    其中：保险费收入 (contributions), 财政补贴收入 (fiscal_subsidy), 利息收入 (interest), 委托投资收益
    (investment_income), 其他收入 (other), 转移收入 (transfer_in); two decimals, no separators, "-" for
    none (委托投资收益 of every fund but the two 养老 funds of 企业 and 机关事业单位, 城乡居民医疗's 转移收入).
  2 东陵市2024年全市社会保险基金支出决算表 (gov_social_insurance_expenditure, 全市): the funds as sections
    of rows, 项目 | 预算数 | 决算数 | 决算数为预算数的% (budget, actual, pct_of_budget): "一、企业职工基本养老保险
    基金支出" (enterprise_pension), "其中：社会保险待遇支出" (enterprise_pension.benefits), 其他支出 (.other),
    转移支出 (.transfer_out), then 二 城乡居民基本养老保险, 三 职工基本医疗保险（含生育保险）, 四 城乡居民基本医疗
    保险, and 合计 (total) last; thousands separators, percentages to one decimal without "%"; 城乡居民养老's
    转移支出 "-" under both, 城乡居民医疗's 其他支出 without a 预算数 (so no percentage). The labels 其中：社会保险
    待遇支出 / 其他支出 / 转移支出 repeat under every fund: their rows are "其他支出#2" … as juesuan's
    document.rs tells repeated keys apart.
  3 东陵市2024年地方政府债务限额及余额决算情况表 (gov_debt_by_region, entity "": the title names no level),
    modelled on 四川 2021 (g0213): 地区 | 2024年债务限额 over 合计 | 一般债务 | 专项债务 | 2024年债务余额决算数
    over the same, and a row "公 式 | A=B+C | B | C | D=E+F | E | F" in the header (keys limit.total,
    limit.general, limit.special, balance.total, balance.general, balance.special); rows 东陵市合计
    (total), 市本级 (own_level), （一）东湖区 … （七）临江市 (region:东湖区 …: the label without its
    numbering); two decimals, no separators. Printed in 万元 (SOCIAL["debt_unit"]): a corpus document has
    one amount_unit (tests/e2e/corpus.rs metadata_matches_the_truth, batch.rs), though the generator
    writes each fact with its table's unit and prints 亿元 as well.
Amounts in cents of 万元: table 1's 合计 = Σ the seven funds in every row and 本年收入 = Σ the six item rows
in every column; table 2's fund rows = Σ their three items and 合计 = Σ the fund rows per column, the
percentage = 决算数 / 预算数 × 100 rounded half up (never an exact half); table 3's A = B + C, D = E + F,
each balance ≤ its limit, and 合计 = 市本级 + Σ districts in every column.

Truth as govdebt.py writes it: metadata.family "government", region, year, doc_kind (决算 g04, 预算 g05),
amount_unit 万元; tables gov_general_revenue / gov_general_expenditure / gov_fund_revenue /
gov_fund_expenditure, rows `row` = `label` = the printed label without whitespace, `line` the canonical
key (tax.vat …, 201 …, total), `entity` "全省" / "市本级", `values` by column number (1… left to right
over the amount columns) for printed cells only ("-" and blanks give none; a printed "0" is "0" and
gives no fact). Facts of the percentage columns have unit "%" (the tables' `column_units`). g06 as
well: doc_kind 决算, entity "全市" (tables 1, 2) or "" (table 3), a row's `row` its label with "#2" … when
the label is printed again in its table, and each table's `unit` and `column_units`.
"""
import argparse
import html
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from fractions import Fraction

sys.path.insert(0, os.path.dirname(__file__))
from model import fact_value  # noqa: E402
from render import PRODUCERS, place, typst_str  # noqa: E402
from spec import Cell, save_truth, truth_facts  # noqa: E402

# ---------------------------------------------------------------- rows and their keys

# (line, label, weight): the share of the section's amount a row draws around
TAXES = [("tax.vat", "增值税", 37), ("tax.corporate_income", "企业所得税", 12),
         ("tax.personal_income", "个人所得税", 4), ("tax.resource", "资源税", 6),
         ("tax.urban_maintenance", "城市维护建设税", 6), ("tax.property", "房产税", 5),
         ("tax.stamp", "印花税", 1.5), ("tax.urban_land_use", "城镇土地使用税", 8),
         ("tax.land_appreciation", "土地增值税", 7), ("tax.vehicle_vessel", "车船税", 2.5),
         ("tax.farmland_occupation", "耕地占用税", 2), ("tax.deed", "契税", 8), ("tax.tobacco_leaf", "烟叶税", 0.1),
         ("tax.environmental_protection", "环境保护税", 0.3), ("tax.other", "其他税收收入", 0.2)]
NON_TAX = [("non_tax.special", "专项收入", 18), ("non_tax.fees", "行政事业性收费收入", 15),
           ("non_tax.fines", "罚没收入", 17), ("non_tax.state_capital", "国有资本经营收入", 4),
           ("non_tax.state_resources", "国有资源（资产）有偿使用收入", 35), ("non_tax.donations", "捐赠收入", 0.5),
           ("non_tax.housing_fund", "政府住房基金收入", 3), ("non_tax.other", "其他收入", 11)]
CLASSES = [("201", "一般公共服务支出", 6), ("202", "外交支出", 0.01), ("203", "国防支出", 0.1),
           ("204", "公共安全支出", 5), ("205", "教育支出", 10), ("206", "科学技术支出", 0.8),
           ("207", "文化旅游体育与传媒支出", 1), ("208", "社会保障和就业支出", 25), ("210", "卫生健康支出", 7),
           ("211", "节能环保支出", 4), ("212", "城乡社区支出", 8), ("213", "农林水支出", 17),
           ("214", "交通运输支出", 5), ("215", "资源勘探工业信息等支出", 2), ("216", "商业服务业等支出", 0.4),
           ("217", "金融支出", 0.15), ("219", "援助其他地区支出", 0.06), ("220", "自然资源海洋气象等支出", 0.5),
           ("221", "住房保障支出", 4), ("222", "粮油物资储备支出", 1.2), ("224", "灾害防治及应急管理支出", 0.7),
           ("227", "预备费", 1.0), ("229", "其他支出", 0.5), ("232", "债务付息支出", 2.2),
           ("233", "债务发行费用支出", 0.01)]
FUND_REVENUE = [("land_transfer", "国有土地使用权出让收入", 85), ("land_income_fund", "国有土地收益基金收入", 2),
                ("agricultural_land_development", "农业土地开发资金收入", 0.3),
                ("infrastructure_fees", "城市基础设施配套费收入", 3), ("sewage_fees", "污水处理费收入", 1),
                ("lottery", "彩票公益金收入", 1.5), ("special_bond_projects", "专项债券对应项目专项收入", 4),
                ("other", "其他政府性基金收入", 2)]
FUND_EXPENDITURE = [("207", "文化旅游体育与传媒支出", 0.3), ("208", "社会保障和就业支出", 1),
                    ("212", "城乡社区支出", 75), ("213", "农林水支出", 3), ("214", "交通运输支出", 4),
                    ("229", "其他支出", 8), ("232", "债务付息支出", 8), ("233", "债务发行费用支出", 0.1)]
CN_NUM = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五",
          "十六", "十七", "十八", "十九", "二十", "二十一", "二十二", "二十三", "二十四", "二十五"]

# the measures drawn for each row: prior (上年执行/决算数), budget, adjusted, actual
VARIANTS = {
    # g04: 决算 of a whole province (黑龙江 2020)
    "final": {
        "number": 4, "producers": ["chromium", "libreoffice"], "doc_kind": "决算", "year": 2024,
        "region": "云泽省", "entity": "全省", "unit_cents": 100, "thousands": True, "decimals": 0,
        "pct_sign": False, "zero": "0", "missing": "", "total_first": False, "ordinals": True,
        "paren": "(资产)", "omit": {"non_tax.donations", "202"},
        # the cells printed "-"/blank whatever was drawn: {"kind:line": {measure}}
        "not_printed": {},
        "columns": [("budget", "预算数"), ("adjusted_budget", "调整预算数"), ("actual", "决算数"),
                    ("pct_of_adjusted", "决算数为调整预算数的%"), ("change_pct", "比上年决算数增长%")],
        "printed_measures": ["budget", "adjusted", "actual"],
        "tables": ["revenue", "expenditure"],
        "cover": ["{region}2024年全省财政总决算", "{region}财政厅", "二〇二五年八月"],
    },
    # g05: 预算执行 of a city's own level (吴忠 2025, 广州 2025)
    "exec": {
        "number": 5, "producers": ["reportlab", "typst"], "doc_kind": "预算", "year": 2025,
        "region": "西岭市", "entity": "市本级", "unit_cents": 1, "thousands": False, "decimals": 2,
        "pct_sign": True, "zero": "-", "missing": "-", "total_first": True, "ordinals": False,
        "paren": "（资产）", "omit": {"tax.tobacco_leaf"},
        "not_printed": {"revenue:tax.resource": {"prior", "budget", "actual"},
                        "revenue:tax.other": {"budget"}, "revenue:non_tax.donations": {"budget"},
                        "expenditure:202": {"prior", "budget", "actual"}, "expenditure:227": {"prior", "actual"},
                        "fund_revenue:agricultural_land_development": {"budget"},
                        "fund_expenditure:233": {"prior"}},
        "columns": [("prior_actual", "2024年执行数"), ("budget", "2025年预算数"), ("actual", "2025年执行数"),
                    ("pct_of_budget", "为预算%"), ("change_pct", "比上年增长%")],
        "printed_measures": ["prior", "budget", "actual"],
        "tables": ["revenue", "expenditure", "fund_revenue", "fund_expenditure"],
        "cover": ["关于{region}2025年预算执行情况和2026年预算草案的报告", "附表", "{region}财政局"],
    },
}
KINDS = {"revenue": "gov_general_revenue", "expenditure": "gov_general_expenditure",
         "fund_revenue": "gov_fund_revenue", "fund_expenditure": "gov_fund_expenditure"}
MEASURE_OF_KEY = {"prior_actual": "prior", "budget": "budget", "adjusted_budget": "adjusted", "actual": "actual"}


def squash(s):
    return re.sub(r"\s", "", s)


# ---------------------------------------------------------------- drawing

def draw_leaf(rng, weight, scale, kind, variant):
    """{prior, budget, adjusted, actual} of one row, in integer units."""
    expenditure = kind.endswith("expenditure")
    if expenditure:
        budget = max(1, int(weight * scale * rng.uniform(0.75, 1.25)))
        adjusted = int(budget * rng.uniform(1.05, 1.9)) if variant == "final" else budget
        actual = int(adjusted * rng.uniform(0.78, 1.0)) if variant == "final" else int(budget * rng.uniform(0.8, 1.12))
    else:
        actual = max(1, int(weight * scale * rng.uniform(0.8, 1.2)))
        budget = int(actual * rng.uniform(0.85, 1.18))
        adjusted = budget if rng.random() < 0.7 else int(budget * rng.uniform(0.95, 1.06))
    prior = int(actual / rng.uniform(0.78, 1.35))
    return {"prior": max(prior, 1), "budget": budget, "adjusted": adjusted, "actual": max(actual, 1)}


def pct_tenths(num, den):
    """num / den × 100 in tenths of a percent, rounded half away from zero; None without a base."""
    if not den:
        return None
    x = Fraction(num * 1000, den)
    sign = -1 if x < 0 else 1
    a = abs(x)
    if a - int(a) == Fraction(1, 2):
        raise Tie()
    return sign * int(a + Fraction(1, 2))


class Tie(Exception):
    """An exact half: the document is drawn again, so that no rounding convention matters."""


def table_rows(rng, kind, style):
    """[(line, printed label, indent, {measure: units or None})] in print order, sums included."""
    variant = style["variant"]
    omit = style["omit"]
    fund = kind.startswith("fund")
    scale = {"final": 95_000, "exec": 2_400_00}[variant]  # 万元 per weight point (g05: cents)
    if fund:
        scale = {"final": 60_000, "exec": 4_000_00}[variant]
    if kind == "expenditure":
        scale = scale * 2.6

    def leaves(items, factor=1.0):
        out = []
        for line, label, w in items:
            if line in omit:
                continue
            m = draw_leaf(rng, w * factor, scale, kind, variant)
            if line == "227":  # 预备费: budgeted, never spent as such
                m["adjusted"] = 0
                m["actual"] = 0
                m["prior"] = 0
            for measure in style["not_printed"].get(f"{kind}:{line}", ()):
                m[measure] = 0
            if style["unit_cents"] == 100:
                m = {k: v * 100 for k, v in m.items()}
            out.append((line, label, m))
        return out

    def total(rows):
        return {k: sum(m[k] for _, _, m in rows) for k in ("prior", "budget", "adjusted", "actual")}

    paren = style["paren"]
    if kind == "revenue":
        taxes = leaves(TAXES)
        non_tax = [(line, label.replace("（资产）", paren), m) for line, label, m in leaves(NON_TAX, 0.35)]
        sub = "\u3000\u3000"
        rows = [("tax", "一、税收收入", "", total(taxes))]
        rows += [(line, label, sub, m) for line, label, m in taxes]
        rows += [("non_tax", "二、非税收入", "", total(non_tax))]
        rows += [(line, label, sub, m) for line, label, m in non_tax]
        tot = total(taxes + non_tax)
        label = "本年收入合计" if not style["total_first"] else "一般公共预算收入合计"
    elif kind == "expenditure":
        classes = leaves(CLASSES)
        rows = []
        for k, (line, label, m) in enumerate(classes):
            rows.append((line, f"{CN_NUM[k]}、{label}" if style["ordinals"] else label, "", m))
        tot = total(classes)
        label = "本年支出合计" if not style["total_first"] else "一般公共预算支出合计"
    elif kind == "fund_revenue":
        items = leaves(FUND_REVENUE)
        rows = [(line, label, "", m) for line, label, m in items]
        tot = total(items)
        label = "政府性基金预算收入合计"
    else:
        items = leaves(FUND_EXPENDITURE)
        rows = [(line, label, "", m) for line, label, m in items]
        tot = total(items)
        label = "政府性基金预算支出合计"
    # printed last (黑龙江, indented like a label of its own) or first (吴忠)
    total_row = ("total", label, "" if style["total_first"] else "\u3000\u3000\u3000", tot)
    return [total_row] + rows if style["total_first"] else rows + [total_row]


def fmt_amount(units, style):
    """The printed text of an amount (units: cents of 万元)."""
    if units == 0:
        return None
    whole, frac = divmod(abs(units), 100)
    assert style["decimals"] == 2 or frac == 0
    w = f"{whole:,}" if style["thousands"] else str(whole)
    s = f"{w}.{frac:02d}" if style["decimals"] == 2 else w
    return ("-" if units < 0 else "") + s


def fmt_pct(tenths, style):
    s = f"{'-' if tenths < 0 else ''}{abs(tenths) // 10}.{abs(tenths) % 10}"
    return s + ("%" if style["pct_sign"] else "")


class Table:
    def __init__(self, kind, number, title, style):
        self.kind, self.number, self.title, self.style = kind, number, title, style
        self.header = [label for _, label in style["columns"]]
        self.rows = []  # [(indent + label, [cell text])]
        self.truth_rows = []


def build_table(rng, kind, number, style):
    y, region, entity = style["year"], style["region"], style["entity"]
    name = {"revenue": "一般公共预算收入", "expenditure": "一般公共预算支出",
            "fund_revenue": "政府性基金预算收入", "fund_expenditure": "政府性基金预算支出"}[kind]
    if style["variant"] == "final":
        title = f"{region}{y}年{entity}{name}决算表"
    else:
        title = f"{y}年{entity}{name}执行情况表"
    t = Table(KINDS[kind], number, title, style)
    for line, label, indent, m in table_rows(rng, kind, style):
        cells, values = [], {}
        for col, (key, _) in enumerate(style["columns"], start=1):
            if key in MEASURE_OF_KEY:
                measure = MEASURE_OF_KEY[key]
                v = m[measure]
                text = fmt_amount(v, style)
                if text is None:
                    # a 0 drawn where the variant prints one (黑龙江's 预备费) or "-"/blank
                    zero_printed = style["variant"] == "final" and line == "227"
                    text = style["zero"] if zero_printed else style["missing"]
                    if zero_printed:
                        values[col] = 0
                else:
                    values[col] = v
            else:
                base = {"pct_of_adjusted": "adjusted", "pct_of_budget": "budget", "change_pct": "prior"}[key]
                p = None
                if m["actual"] and m[base]:
                    p = pct_tenths(m["actual"] - (m[base] if key == "change_pct" else 0), m[base])
                if p is None:
                    text = style["missing"]
                else:
                    text = fmt_pct(p, style)
                    values[col] = p * 10  # tenths of a percent as "cents": fact_value gives "105.9"
            cells.append(text)
        t.rows.append((indent + label, cells))
        t.truth_rows.append({"line": line, "label": squash(label), "values": values, "measures": m})
    check_table(t)
    return t


def check_table(t):
    """The arithmetic the series promises, on the truth values (units) of one table."""
    style = t.style
    by = {r["line"]: r for r in t.truth_rows}
    amount_cols = [c for c, (k, _) in enumerate(style["columns"], start=1) if k in MEASURE_OF_KEY]

    def v(line, c):
        return by[line]["values"].get(c, 0) if line in by else 0

    for c in amount_cols:
        if t.kind == "gov_general_revenue":
            taxes = [line for line, _, _ in TAXES]
            non_tax = [line for line, _, _ in NON_TAX]
            assert v("tax", c) == sum(v(x, c) for x in taxes), (t.title, c)
            assert v("non_tax", c) == sum(v(x, c) for x in non_tax), (t.title, c)
            assert v("total", c) == v("tax", c) + v("non_tax", c), (t.title, c)
        else:
            items = {"gov_general_expenditure": CLASSES, "gov_fund_revenue": FUND_REVENUE,
                     "gov_fund_expenditure": FUND_EXPENDITURE}[t.kind]
            assert v("total", c) == sum(v(x, c) for x, _, _ in items), (t.title, c)
    # the percentages: from the printed amounts where both are printed (g04's change_pct: from the
    # drawn prior-year amounts, which are not printed)
    keys = {k: c for c, (k, _) in enumerate(style["columns"], start=1)}
    for r in t.truth_rows:
        vals, m = r["values"], r["measures"]
        for key, base_key in (("pct_of_adjusted", "adjusted_budget"), ("pct_of_budget", "budget"),
                              ("change_pct", "prior_actual")):
            if key not in keys:
                continue
            c = keys[key]
            actual = vals.get(keys["actual"], 0)
            base = vals.get(keys[base_key], 0) if base_key in keys else m["prior"]
            if not actual or not base:
                assert c not in vals, (t.title, r["line"], key)
                continue
            num = actual - base if key == "change_pct" else actual
            assert vals[c] == pct_tenths(num, base) * 10, (t.title, r["line"], key)


# ---------------------------------------------------------------- producers

def produce_chromium(doc, out_pdf):
    style, tables = doc["style"], doc["tables"]
    widths = style["widths"]
    total = sum(widths)
    cols = "".join(f'<col style="width:{w / total * 100:.2f}%">' for w in widths)
    parts = ["""<!doctype html><html><head><meta charset="utf-8"><style>
@page { size: A4 portrait; margin: 20mm 18mm; }
body { font-family: 'Noto Serif CJK SC', 'Noto Sans CJK SC', serif; font-size: 10.5pt; }
.cover { text-align: center; padding-top: 180pt; } .cover h1 { font-size: 24pt; margin-bottom: 200pt; }
.cover p { font-size: 15pt; margin: 6pt; }
h2 { font-size: 15pt; text-align: center; margin: 4pt 0; font-weight: bold; }
.unit { text-align: right; margin: 2pt 0; font-size: 10.5pt; }
.sec { page-break-before: always; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; font-size: 10.5pt; }
th, td { border: 0.7pt solid #000; padding: 7.5pt 4pt; font-weight: normal; }
tr { page-break-inside: avoid; }
td.right { text-align: right; } td.left { text-align: left; white-space: pre-wrap; }
</style></head><body>"""]
    cover = style["cover_lines"]
    parts.append(f'<div class="cover"><h1>{html.escape(cover[0])}</h1>'
                 + "".join(f"<p>{html.escape(c)}</p>" for c in cover[1:]) + "</div>")
    for t in tables:
        head = "<tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in ["项\u3000\u3000目"] + t.header) + "</tr>"
        body = "".join("<tr>" + f'<td class="left">{html.escape(label)}</td>'
                       + "".join(f'<td class="right">{html.escape(c)}</td>' for c in cells) + "</tr>"
                       for label, cells in t.rows)
        parts.append(f'<div class="sec"><h2>{html.escape(t.number)}\u3000{html.escape(t.title)}</h2>'
                     f'<p class="unit">单位：万元</p><table><colgroup>{cols}</colgroup>'
                     f"<thead>{head}</thead><tbody>{body}</tbody></table></div>")
    parts.append("</body></html>")
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "doc.html")
        with open(src, "w", encoding="utf-8") as f:
            f.write("".join(parts))
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                        "--no-first-run", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", f"--user-data-dir={tmp}/profile", "--no-pdf-header-footer",
                        f"--print-to-pdf={out_pdf}", src], check=True, capture_output=True, timeout=120)


def produce_libreoffice(doc, out_pdf):
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    style, tables = doc["style"], doc["tables"]
    d = Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.left_margin = sec.right_margin = Mm(18)
    sec.top_margin = sec.bottom_margin = Mm(20)
    normal = d.styles["Normal"]
    normal.font.name = "Noto Serif CJK SC"
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")
    normal.font.size = Pt(10.5)
    cover = style["cover_lines"]
    for k, line in enumerate(cover):
        p = d.add_paragraph(line)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_before = Pt(180 if k == 0 else (200 if k == 1 else 6))
        p.runs[0].font.size = Pt(24 if k == 0 else 15)
    avail = sec.page_width - sec.left_margin - sec.right_margin
    widths = style["widths"]
    total = sum(widths)
    for t in tables:
        d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        h = d.add_paragraph(f"{t.number}\u3000{t.title}")
        h.alignment = WD_ALIGN_PARAGRAPH.CENTER
        h.runs[0].font.size = Pt(15)
        h.runs[0].font.bold = True
        u = d.add_paragraph("单位：万元")
        u.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        rows = [("项\u3000\u3000目", t.header, True)] + [(label, cells, False) for label, cells in t.rows]
        tbl = d.add_table(rows=len(rows), cols=len(widths))
        tbl.style = "Table Grid"
        tbl.autofit = False
        for c, col in enumerate(tbl.columns):
            col.width = int(avail * widths[c] / total)
        for r, (label, cells, head) in enumerate(rows):
            for c, text in enumerate([label] + cells):
                cell = tbl.cell(r, c)
                cell.width = int(avail * widths[c] / total)
                para = cell.paragraphs[0]
                para.add_run(text).font.size = Pt(10.5)
                para.paragraph_format.space_before = Pt(6)
                para.paragraph_format.space_after = Pt(6)
                para.alignment = (WD_ALIGN_PARAGRAPH.CENTER if head else
                                  WD_ALIGN_PARAGRAPH.LEFT if c == 0 else WD_ALIGN_PARAGRAPH.RIGHT)
        # no w:tblHeader: the continuation page starts with a data row
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "doc.docx")
        d.save(src)
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/lo", "--headless", "--convert-to", "pdf",
                        "--outdir", tmp, src], check=True, capture_output=True, timeout=180)
        shutil.move(os.path.join(tmp, "doc.pdf"), out_pdf)


def produce_reportlab(doc, out_pdf):
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    style, tables = doc["style"], doc["tables"]
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("b", fontName="STSong-Light", fontSize=10.5, leading=15, wordWrap="CJK")
    big = ParagraphStyle("big", parent=body, fontSize=20, leading=30, alignment=1)
    mid = ParagraphStyle("mid", parent=body, fontSize=15, leading=22, alignment=1)
    title = ParagraphStyle("t", parent=body, fontSize=15, leading=20, alignment=1)
    right = ParagraphStyle("r", parent=body, alignment=2)
    cell = {a: ParagraphStyle("c" + a, fontName="STSong-Light", fontSize=10, leading=13, wordWrap="CJK",
                              alignment={"left": 0, "center": 1, "right": 2}[a]) for a in ("left", "center", "right")}
    sub = ParagraphStyle("sub", parent=cell["left"], leftIndent=20)
    avail = A4[0] - 100
    cover = style["cover_lines"]
    story = [Spacer(1, 160), Paragraph(cover[0], big), Spacer(1, 30)]
    story += [Paragraph(c, mid) for c in cover[1:]]
    widths = style["widths"]
    total = sum(widths)
    for t in tables:
        story.append(PageBreak())
        story.append(Paragraph(t.title, title))
        story.append(Table([[Paragraph(t.number, body), Paragraph("单位：万元", right)]],
                           colWidths=[avail * 0.5, avail * 0.5]))
        data = [[Paragraph(h, cell["center"]) for h in ["项\u3000\u3000目"] + t.header]]
        for label, cells in t.rows:
            lead = label.startswith("\u3000")
            data.append([Paragraph(html.escape(label.lstrip("\u3000")), sub if lead else cell["left"])]
                        + [Paragraph(html.escape(c), cell["right"]) for c in cells])
        tbl = Table(data, colWidths=[avail * w / total for w in widths], repeatRows=1)
        tbl.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                                 ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                 ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
        story.append(tbl)
    SimpleDocTemplate(out_pdf, pagesize=A4, leftMargin=50, rightMargin=50, topMargin=50, bottomMargin=50,
                      title=cover[0], invariant=1).build(story)


def produce_typst(doc, out_pdf):
    import typst

    style, tables = doc["style"], doc["tables"]
    cover = style["cover_lines"]
    src = ['#set page(paper: "a4", margin: (x: 18mm, y: 20mm), '
           'footer: context align(center)[— #counter(page).display() —])',
           '#set text(font: ("Noto Serif CJK SC", "Noto Sans CJK SC"), size: 10.5pt, lang: "zh")',
           "#v(150pt)", f"#align(center, text(size: 20pt, weight: \"bold\"){typst_str(cover[0])})", "#v(30pt)"]
    src += [f"#align(center, text(size: 15pt){typst_str(c)})" for c in cover[1:]]
    cols = ", ".join(f"{w}fr" for w in style["widths"])
    for t in tables:
        src.append("#pagebreak()")
        src.append(f"#align(center, text(size: 15pt, weight: \"bold\"){typst_str(t.title)})")
        src.append(f"#grid(columns: (1fr, auto), {typst_str(t.number)}, {typst_str('单位：万元')})")
        head = [f"table.cell(align: center + horizon){typst_str(h)}" for h in ["项\u3000\u3000目"] + t.header]
        body = []
        for label, cells in t.rows:
            body.append(f"table.cell(align: left + horizon){typst_str(label)}")
            body += [f"table.cell(align: right + horizon){typst_str(c)}" for c in cells]
        src.append(f"#text(size: 10pt, table(columns: ({cols}), stroke: 0.6pt, inset: 5pt, "
                   f"table.header({', '.join(head)}), {', '.join(body)}))")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "doc.typ")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(src))
        typst.compile(path, output=out_pdf, font_paths=["/usr/share/fonts/opentype/noto"])


GB_PRODUCERS = {"chromium": produce_chromium, "libreoffice": produce_libreoffice,
                "reportlab": produce_reportlab, "typst": produce_typst}
assert set(GB_PRODUCERS) == set(PRODUCERS)

# 项目 | five columns: g04's labels on one line; g05's 项目 column narrow enough to wrap the longest
WIDTHS = {"final": [4.0, 1.7, 1.7, 1.7, 1.3, 1.3], "exec": [2.45, 1.45, 1.45, 1.45, 1.15, 1.2]}


# ---------------------------------------------------------------- g06: social insurance funds, debt by region

# g06-social-{chromium,libreoffice}: 东陵市 (invented) 2024 全市财政总决算, three tables, landscape pages
SOCIAL = {
    "number": 6, "producers": ["chromium", "libreoffice"], "doc_kind": "决算", "year": 2024,
    "region": "东陵市", "entity": "全市",
    "cover": ["东陵市2024年全市财政总决算", "东陵市财政局", "二〇二五年七月"],
    # the debt table's unit: 万元 like the social insurance tables, since a corpus document has one
    # amount_unit (tests/e2e/corpus.rs metadata_matches_the_truth); "亿元" is all it takes to print
    # it in 亿元 once a document may mix them (its facts take their table's unit either way)
    "debt_unit": "万元",
}
# (key, heading, 万元 of the year's revenue): the columns of table 1, in print order
SOCIAL_FUNDS = [("enterprise_pension", "企业职工基本养老保险基金", 1_350_000),
                ("resident_pension", "城乡居民基本养老保险基金", 160_000),
                ("public_pension", "机关事业单位基本养老保险基金", 420_000),
                ("employee_medical", "职工基本医疗保险（含生育保险）基金", 520_000),
                ("resident_medical", "城乡居民基本医疗保险基金", 310_000),
                ("work_injury", "工伤保险基金", 28_000),
                ("unemployment", "失业保险基金", 36_000)]
# (line, label): the rows of table 1 below 本年收入 (total); the first is printed "其中：…"
SOCIAL_REVENUE_ITEMS = [("contributions", "保险费收入"), ("fiscal_subsidy", "财政补贴收入"),
                        ("interest", "利息收入"), ("investment_income", "委托投资收益"),
                        ("other", "其他收入"), ("transfer_in", "转移收入")]
# each fund's share of its revenue by item (0: printed "-")
SOCIAL_REVENUE_SHARES = {
    "enterprise_pension": [80, 12, 1, 2, 0.5, 4.5],
    "resident_pension": [25, 70, 2, 0, 1, 2],          # no 委托投资收益
    "public_pension": [70, 26, 1, 1.5, 0.5, 1],
    "employee_medical": [93, 1, 1.5, 0, 1.5, 3],
    "resident_medical": [30, 67, 1, 0, 2, 0],           # nor 转移收入
    "work_injury": [90, 2, 3, 0, 2, 3],
    "unemployment": [85, 5, 5, 0, 2, 3],
}
# table 2: the funds printed as sections of rows, each with its items (line, label)
SOCIAL_EXPENDITURE_FUNDS = ["enterprise_pension", "resident_pension", "employee_medical", "resident_medical"]
SOCIAL_EXPENDITURE_ITEMS = [("benefits", "社会保险待遇支出", 95), ("other", "其他支出", 1.5),
                            ("transfer_out", "转移支出", 3.5)]
# the items of table 2 printed without an amount: {fund.item: {measures}} ("-" under both: 城乡居民
# 养老 has no 转移支出; 城乡居民医疗's 其他支出 was not budgeted, so no percentage)
SOCIAL_EXPENDITURE_BLANK = {"resident_pension.transfer_out": {"budget", "actual"},
                            "resident_medical.other": {"budget"}}
# table 3: the districts and counties under 市本级
DISTRICTS = ["东湖区", "西山区", "南塘区", "北岭县", "青溪县", "白沙县", "临江市"]


def fmt_cents(units, thousands):
    """An amount in cents, printed with two decimals ("-" for none)."""
    if not units:
        return "-"
    whole, frac = divmod(abs(units), 100)
    w = f"{whole:,}" if thousands else str(whole)
    return ("-" if units < 0 else "") + f"{w}.{frac:02d}"


class GridTable:
    """A g06 table: header rows of spanning cells, body rows, and the truth of each row."""

    def __init__(self, kind, number, title, unit, widths, header, col_keys, col_labels, col_units):
        self.kind, self.number, self.title, self.unit, self.widths = kind, number, title, unit, widths
        self.header = header  # [[Cell]]
        self.col_keys, self.col_labels, self.col_units = col_keys, col_labels, col_units  # {column: …}
        self.rows = []  # [(indent + label, [cell text])]
        self.truth_rows = []  # [{"line", "label", "values": {column: units}}]

    def add(self, line, label, cells, values, indent=""):
        self.rows.append((indent + label, cells))
        self.truth_rows.append({"line": line, "label": squash(label), "values": values})


def split_draw(rng, total, shares):
    """`total` units split by `shares` (0 gives 0), the parts summing to it exactly."""
    live = [k for k, s in enumerate(shares) if s]
    parts = [0] * len(shares)
    for k in live[1:]:
        parts[k] = max(1, int(total * shares[k] / 100 * rng.uniform(0.85, 1.15)))
    parts[live[0]] = total - sum(parts)
    assert parts[live[0]] > 0
    return parts


def social_revenue_table(rng, style):
    y, region, entity = style["year"], style["region"], style["entity"]
    header = [[Cell("项\u3000\u3000目"), Cell("合计")] + [Cell(h) for _, h, _ in SOCIAL_FUNDS]]
    keys = {1: "total", **{k: f for k, (f, _, _) in enumerate(SOCIAL_FUNDS, start=2)}}
    labels = {1: "合计", **{k: h for k, (_, h, _) in enumerate(SOCIAL_FUNDS, start=2)}}
    t = GridTable("gov_social_insurance_revenue", "1", f"{region}{y}年{entity}社会保险基金收入决算表", "万元",
                  [2.1] + [1.45] * 8, header, keys, labels, {c: "万元" for c in keys})
    # by fund (column 2…8): its items, in cents of 万元
    by_fund = []
    for fund, _, scale in SOCIAL_FUNDS:
        total = int(scale * 100 * rng.uniform(0.85, 1.15))
        by_fund.append(split_draw(rng, total, SOCIAL_REVENUE_SHARES[fund]))
    items = [[by_fund[f][i] for f in range(len(SOCIAL_FUNDS))] for i in range(len(SOCIAL_REVENUE_ITEMS))]
    rows = [("total", "本年收入", "", [sum(col) for col in zip(*items)])]
    for i, (line, label) in enumerate(SOCIAL_REVENUE_ITEMS):
        rows.append((line, ("其中：" if i == 0 else "") + label, "\u3000\u3000" if i else "\u3000", items[i]))
    for line, label, indent, funds in rows:
        amounts = [sum(funds)] + funds
        cells = [fmt_cents(a, False) for a in amounts]
        t.add(line, label, cells, {c: a for c, a in enumerate(amounts, start=1) if a}, indent)
    return t


def social_expenditure_table(rng, style):
    y, region, entity = style["year"], style["region"], style["entity"]
    header = [[Cell("项\u3000\u3000目"), Cell("预算数"), Cell("决算数"), Cell("决算数为预算数的%")]]
    keys = {1: "budget", 2: "actual", 3: "pct_of_budget"}
    t = GridTable("gov_social_insurance_expenditure", "2", f"{region}{y}年{entity}社会保险基金支出决算表", "万元",
                  [4.2, 1.7, 1.7, 1.5], header, keys,
                  {1: "预算数", 2: "决算数", 3: "决算数为预算数的%"}, {1: "万元", 2: "万元", 3: "%"})
    heading = dict((f, h) for f, h, _ in SOCIAL_FUNDS)
    scale = dict((f, s) for f, _, s in SOCIAL_FUNDS)
    sections = []
    for fund in SOCIAL_EXPENDITURE_FUNDS:
        items = []
        for item, label, w in SOCIAL_EXPENDITURE_ITEMS:
            actual = int(scale[fund] * w * rng.uniform(0.8, 1.0))  # cents: 万元 × share% × 100 / 100
            budget = int(actual * rng.uniform(0.95, 1.12))
            for m in SOCIAL_EXPENDITURE_BLANK.get(f"{fund}.{item}", ()):
                if m == "budget":
                    budget = 0
                else:
                    actual = 0
            items.append((f"{fund}.{item}", label, {"budget": budget, "actual": actual}))
        total = {m: sum(v[m] for _, _, v in items) for m in ("budget", "actual")}
        sections.append((fund, heading[fund][:-2] + "基金支出", total, items))
    grand = {m: sum(s[2][m] for s in sections) for m in ("budget", "actual")}

    def row(line, label, m, indent=""):
        cells, values = [], {}
        for c, measure in ((1, "budget"), (2, "actual")):
            cells.append(fmt_cents(m[measure], True))
            if m[measure]:
                values[c] = m[measure]
        p = pct_tenths(m["actual"], m["budget"]) if m["budget"] and m["actual"] else None
        cells.append("" if p is None else fmt_pct(p, {"pct_sign": False}))
        if p is not None:
            values[3] = p * 10
        t.add(line, label, cells, values, indent)

    for k, (fund, label, total, items) in enumerate(sections):
        row(fund, f"{CN_NUM[k]}、{label}", total)
        for i, (line, item_label, m) in enumerate(items):
            indent = "\u3000" * (2 if i == 0 else 4)
            row(line, ("其中：" if i == 0 else "") + item_label, m, indent)
    row("total", "合\u3000\u3000计", grand)
    return t


def debt_region_table(rng, style):
    y, region = style["year"], style["region"]
    unit = style["debt_unit"]
    header = [[Cell("地\u3000\u3000区", rowspan=2), Cell(f"{y}年债务限额", colspan=3),
               Cell(f"{y}年债务余额决算数", colspan=3)],
              [Cell("合计"), Cell("一般债务"), Cell("专项债务"), Cell("合计"), Cell("一般债务"), Cell("专项债务")],
              [Cell("公\u3000式"), Cell("A=B+C"), Cell("B"), Cell("C"), Cell("D=E+F"), Cell("E"), Cell("F")]]
    keys = {1: "limit.total", 2: "limit.general", 3: "limit.special",
            4: "balance.total", 5: "balance.general", 6: "balance.special"}
    labels = {1: f"{y}年债务限额合计A=B+C", 2: f"{y}年债务限额一般债务B", 3: f"{y}年债务限额专项债务C",
              4: f"{y}年债务余额决算数合计D=E+F", 5: f"{y}年债务余额决算数一般债务E",
              6: f"{y}年债务余额决算数专项债务F"}
    t = GridTable("gov_debt_by_region", "3", f"{region}{y}年地方政府债务限额及余额决算情况表", unit,
                  [3.0] + [1.6] * 6, header, keys, labels, {c: unit for c in keys})
    # cents of the unit: a city's debt of a few hundred 亿元
    per = 100 if unit == "亿元" else 1_000_000
    regions = [("own_level", "市本级", 1.0)] + [(f"region:{d}", f"（{CN_NUM[k]}）{d}", rng.uniform(0.15, 0.45))
                                                for k, d in enumerate(DISTRICTS)]
    drawn = []
    for line, label, w in regions:
        general = int(w * 95 * per * rng.uniform(0.8, 1.2))
        special = int(w * 160 * per * rng.uniform(0.8, 1.2))
        bal_general = int(general * rng.uniform(0.86, 0.995))
        bal_special = int(special * rng.uniform(0.86, 0.995))
        drawn.append((line, label, [general, special, bal_general, bal_special]))
    total = [sum(d[2][i] for d in drawn) for i in range(4)]
    for line, label, (g, s, bg, bs) in [("total", f"{region}合计", total)] + drawn:
        amounts = [g + s, g, s, bg + bs, bg, bs]
        t.add(line, label, [fmt_cents(a, False) for a in amounts],
              {c: a for c, a in enumerate(amounts, start=1)}, "\u3000\u3000" if line.startswith("region:") else "")
    return t


def check_grid_table(t):
    """The arithmetic g06 promises, on the truth values (units) of one table."""
    by = {r["line"]: r["values"] for r in t.truth_rows}

    def v(line, c):
        return by[line].get(c, 0)

    if t.kind == "gov_social_insurance_revenue":
        for r in t.truth_rows:
            assert r["values"].get(1, 0) == sum(r["values"].get(c, 0) for c in range(2, 9)), r
        for c in range(1, 9):
            assert v("total", c) == sum(v(line, c) for line, _ in SOCIAL_REVENUE_ITEMS), c
    elif t.kind == "gov_social_insurance_expenditure":
        for c in (1, 2):
            assert v("total", c) == sum(v(f, c) for f in SOCIAL_EXPENDITURE_FUNDS), c
            for f in SOCIAL_EXPENDITURE_FUNDS:
                assert v(f, c) == sum(v(f"{f}.{i}", c) for i, _, _ in SOCIAL_EXPENDITURE_ITEMS), (f, c)
        for r in t.truth_rows:
            vals = r["values"]
            if vals.get(1) and vals.get(2):
                assert vals[3] == pct_tenths(vals[2], vals[1]) * 10, r
            else:
                assert 3 not in vals, r
    else:
        for r in t.truth_rows:
            vals = r["values"]
            assert vals[1] == vals[2] + vals[3] and vals[4] == vals[5] + vals[6], r
            assert all(vals[c + 3] <= vals[c] for c in (1, 2, 3)), r
        for c in range(1, 7):
            assert v("total", c) == sum(r["values"][c] for r in t.truth_rows if r["line"] != "total"), c


def social_document(seed):
    """{style, tables} of g06: the same for both producers."""
    style = {"gov_variant": "social", **{k: v for k, v in SOCIAL.items() if k not in ("producers", "cover")},
             "landscape": True}
    style["cover_lines"] = list(SOCIAL["cover"])
    for attempt in range(100):
        rng = random.Random(f"{seed}/govbudget/social/{attempt}")
        try:
            tables = [social_revenue_table(rng, style), social_expenditure_table(rng, style),
                      debt_region_table(rng, style)]
        except Tie:
            continue
        for t in tables:
            check_grid_table(t)
        return {"style": style, "tables": tables}
    raise RuntimeError("no draw without an exact half")


def social_truth(doc_id, producer, doc):
    style = doc["style"]
    out = []
    for t in doc["tables"]:
        entity = "" if t.kind == "gov_debt_by_region" else style["entity"]
        rows, seen = [], {}
        for r in t.truth_rows:
            values = {str(c): fact_value(v) for c, v in sorted(r["values"].items())}
            # a label printed again in the table (其他支出 under each fund): "其他支出#2", "#3" … (as
            # juesuan's document.rs tells repeated keys apart: every row prints a cell in every column)
            seen[r["label"]] = seen.get(r["label"], 0) + 1
            key = r["label"] if seen[r["label"]] == 1 else f"{r['label']}#{seen[r['label']]}"
            rows.append({"row": key, "label": r["label"], "line": r["line"], "entity": entity,
                         "values": values, "column_keys": {c: t.col_keys[int(c)] for c in values}})
        out.append({"kind": t.kind, "title": t.title, "number": t.number, "empty": False, "unit": t.unit,
                    "column_labels": {str(c): h for c, h in t.col_labels.items()},
                    "column_units": {str(c): u for c, u in t.col_units.items()}, "rows": rows})
    units = sorted({t.unit for t in doc["tables"]})
    return {"id": doc_id, "producer": producer, "style": style,
            "metadata": {"family": "government", "region": style["region"], "region_code": None,
                         "year": style["year"], "doc_kind": style["doc_kind"],
                         # one unit when the tables share it; each fact has its table's
                         "amount_unit": units[0] if len(units) == 1 else doc["tables"][0].unit,
                         "unit": None, "department": None, "scope": None, "staff": None, "retirees": None},
            "tables": out}


def check_grid_pdf(pdf, doc):
    """As check_pdf: every row's printed cells in order on one line of `pdftotext -layout`, beside
    a piece of its label; the first page names the report; each table's unit is printed."""
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], check=True, capture_output=True,
                          text=True).stdout
    first = next(p for p in text.split("\f") if p.strip())
    assert squash(doc["style"]["cover_lines"][0]) in squash(first), (pdf, "cover")
    lines = text.splitlines()
    problems = []
    for t in doc["tables"]:
        assert t.title in squash(text), (pdf, t.title)
        for label, cells in t.rows:
            printed = [c for c in cells if c]
            pat = re.compile(r"(^|\s)" + r"\s+".join(re.escape(c) for c in printed) + r"\s*$")
            name = re.sub(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|其中：)", "", squash(label))
            hits = [i for i, ln in enumerate(lines) if pat.search(ln)
                    and any(name[:3] in squash(lines[j]) or name[-3:] in squash(lines[j])
                            for j in (i - 1, i, i + 1) if 0 <= j < len(lines))]
            if not hits:
                problems.append(f"{t.title} {label}: {printed}")
    assert not problems, (pdf, problems)


def produce_social_chromium(doc, out_pdf):
    style, tables = doc["style"], doc["tables"]
    parts = ["""<!doctype html><html><head><meta charset="utf-8"><style>
@page { size: A4 landscape; margin: 16mm 18mm; }
body { font-family: 'Noto Serif CJK SC', 'Noto Sans CJK SC', serif; font-size: 10.5pt; }
.cover { text-align: center; padding-top: 110pt; } .cover h1 { font-size: 24pt; margin-bottom: 140pt; }
.cover p { font-size: 15pt; margin: 6pt; }
h2 { font-size: 15pt; text-align: center; margin: 4pt 0; font-weight: bold; }
.unit { text-align: right; margin: 2pt 0; font-size: 10.5pt; }
.sec { page-break-before: always; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; font-size: 10.5pt; }
th, td { border: 0.7pt solid #000; padding: 5pt 4pt; font-weight: normal; }
tr { page-break-inside: avoid; }
td.right { text-align: right; } td.left { text-align: left; white-space: pre-wrap; }
</style></head><body>"""]
    cover = style["cover_lines"]
    parts.append(f'<div class="cover"><h1>{html.escape(cover[0])}</h1>'
                 + "".join(f"<p>{html.escape(c)}</p>" for c in cover[1:]) + "</div>")
    for t in tables:
        total = sum(t.widths)
        cols = "".join(f'<col style="width:{w / total * 100:.2f}%">' for w in t.widths)
        head = "".join("<tr>" + "".join(
            f'<th{f" colspan={c.colspan}" if c.colspan > 1 else ""}{f" rowspan={c.rowspan}" if c.rowspan > 1 else ""}>'
            f"{html.escape(c.text)}</th>" for c in row) + "</tr>" for row in t.header)
        body = "".join("<tr>" + f'<td class="left">{html.escape(label)}</td>'
                       + "".join(f'<td class="right">{html.escape(c)}</td>' for c in cells) + "</tr>"
                       for label, cells in t.rows)
        parts.append(f'<div class="sec"><h2>{html.escape(t.number)}\u3000{html.escape(t.title)}</h2>'
                     f'<p class="unit">单位：{t.unit}</p><table><colgroup>{cols}</colgroup>'
                     f"<thead>{head}</thead><tbody>{body}</tbody></table></div>")
    parts.append("</body></html>")
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "doc.html")
        with open(src, "w", encoding="utf-8") as f:
            f.write("".join(parts))
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                        "--no-first-run", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", f"--user-data-dir={tmp}/profile", "--no-pdf-header-footer",
                        f"--print-to-pdf={out_pdf}", src], check=True, capture_output=True, timeout=120)


def produce_social_libreoffice(doc, out_pdf):
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    style, tables = doc["style"], doc["tables"]
    d = Document()
    sec = d.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Mm(297), Mm(210)
    sec.left_margin = sec.right_margin = Mm(18)
    sec.top_margin = sec.bottom_margin = Mm(16)
    normal = d.styles["Normal"]
    normal.font.name = "Noto Serif CJK SC"
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")
    normal.font.size = Pt(10.5)
    cover = style["cover_lines"]
    for k, line in enumerate(cover):
        p = d.add_paragraph(line)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_before = Pt(110 if k == 0 else (140 if k == 1 else 6))
        p.runs[0].font.size = Pt(24 if k == 0 else 15)
    avail = sec.page_width - sec.left_margin - sec.right_margin
    for t in tables:
        d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        h = d.add_paragraph(f"{t.number}\u3000{t.title}")
        h.alignment = WD_ALIGN_PARAGRAPH.CENTER
        h.runs[0].font.size = Pt(15)
        h.runs[0].font.bold = True
        u = d.add_paragraph(f"单位：{t.unit}")
        u.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        ncols = len(t.widths)
        grid, spans = place(t.header, ncols)
        body = [[Cell(label, align="left")] + [Cell(c, align="right") for c in cells] for label, cells in t.rows]
        grid += body
        tbl = d.add_table(rows=len(grid), cols=ncols)
        tbl.style = "Table Grid"
        tbl.autofit = False
        total = sum(t.widths)
        for c, col in enumerate(tbl.columns):
            col.width = int(avail * t.widths[c] / total)
        for r, row in enumerate(grid):
            for c, spec in enumerate(row):
                cell = tbl.cell(r, c)
                cell.width = int(avail * t.widths[c] / total)
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                if spec is None:
                    continue
                para = cell.paragraphs[0]
                para.add_run(spec.text).font.size = Pt(10.5)
                para.paragraph_format.space_before = Pt(4)
                para.paragraph_format.space_after = Pt(4)
                para.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                                  "right": WD_ALIGN_PARAGRAPH.RIGHT}[spec.align]
        for r0, c0, r1, c1 in spans:
            tbl.cell(r0, c0).merge(tbl.cell(r1, c1))
        for r in range(len(t.header)):  # the header repeated on a continuation page
            trPr = tbl.rows[r]._tr.get_or_add_trPr()
            trPr.append(trPr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"}))
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "doc.docx")
        d.save(src)
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/lo", "--headless", "--convert-to", "pdf",
                        "--outdir", tmp, src], check=True, capture_output=True, timeout=180)
        shutil.move(os.path.join(tmp, "doc.pdf"), out_pdf)


SOCIAL_PRODUCERS = {"chromium": produce_social_chromium, "libreoffice": produce_social_libreoffice}


# ---------------------------------------------------------------- the series

def budget_document(seed, variant):
    """{style, tables}: the same for every producer of the variant."""
    base = VARIANTS[variant]
    style = {"gov_variant": variant, "variant": variant, **{k: v for k, v in base.items() if k != "producers"},
             "widths": WIDTHS[variant]}
    style["cover_lines"] = [c.format(region=base["region"]) for c in base["cover"]]
    for attempt in range(100):
        rng = random.Random(f"{seed}/govbudget/{variant}/{attempt}")
        try:
            tables = []
            for k, kind in enumerate(base["tables"], start=1):
                number = str(k) if variant == "final" else f"表{k}"
                tables.append(build_table(rng, kind, number, style))
            return {"style": style, "tables": tables}
        except Tie:
            continue
    raise RuntimeError("no draw without an exact half")


def column_units(style):
    return {str(c): ("%" if k not in MEASURE_OF_KEY else "万元") for c, (k, _) in enumerate(style["columns"], 1)}


def truth_of(doc_id, producer, doc):
    style = doc["style"]
    keys = {str(c): k for c, (k, _) in enumerate(style["columns"], start=1)}
    out = []
    for t in doc["tables"]:
        rows = [{"row": r["label"], "label": r["label"], "line": r["line"], "entity": style["entity"],
                 "values": {str(c): fact_value(v) for c, v in sorted(r["values"].items())},
                 "column_keys": {str(c): keys[str(c)] for c in sorted(r["values"])}} for r in t.truth_rows]
        out.append({"kind": t.kind, "title": t.title, "number": t.number, "empty": False,
                    "column_labels": {str(c): h for c, h in enumerate(t.header, start=1)},
                    "column_units": column_units(style), "rows": rows})
    saved_style = {k: v for k, v in style.items() if k not in ("variant", "cover", "columns", "not_printed",
                                                              "omit", "tables", "printed_measures")}
    saved_style["omit"] = sorted(style["omit"])
    return {"id": doc_id, "producer": producer, "style": saved_style,
            "metadata": {"family": "government", "region": style["region"], "region_code": None,
                         "year": style["year"], "doc_kind": style["doc_kind"], "amount_unit": "万元", "unit": None,
                         "department": None, "scope": None, "staff": None, "retirees": None},
            "tables": out}


def save_budget_truth(out, doc_id, truth):
    """save_truth, then the facts again with each column's unit ("%" for the percentage columns)."""
    save_truth(out, doc_id, truth)
    units = {t["kind"]: t.get("column_units", {}) for t in truth["tables"]}
    with open(os.path.join(out, f"{doc_id}.facts.jsonl"), "w", encoding="utf-8") as f:
        for fact in truth_facts(truth):
            fact["unit"] = units[fact["table"]].get(str(fact["column"]), fact["unit"])
            f.write(json.dumps(fact, ensure_ascii=False, sort_keys=True) + "\n")


def check_pdf(pdf, doc):
    """Every printed row's cells, in order, on one line of `pdftotext -layout` with a piece of its
    label on that line or next to it; the first page names the report."""
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], check=True, capture_output=True,
                          text=True).stdout
    pages = text.split("\f")
    first = next(p for p in pages if p.strip())
    assert squash(doc["style"]["cover_lines"][0]) in squash(first), (pdf, "cover")
    lines = text.splitlines()
    problems = []
    for t in doc["tables"]:
        assert t.title in squash(text), (pdf, t.title)
        for (label, cells), r in zip(t.rows, t.truth_rows):
            printed = [c for c in cells if c]
            if not printed:
                continue
            pat = re.compile(r"(^|\s)" + r"\s+".join(re.escape(c) for c in printed) + r"\s*$")
            name = re.sub(r"^[一二三四五六七八九十]+、", "", squash(label))
            hits = [i for i, ln in enumerate(lines) if pat.search(ln)
                    and any(name[:3] in squash(lines[j]) or name[-3:] in squash(lines[j])
                            for j in (i - 1, i, i + 1) if 0 <= j < len(lines))]
            if not hits:
                problems.append(f"{t.title} {r['line']} {label}: {printed}")
    assert not problems, (pdf, problems)


def generate_govbudget(out, seed=2020, only=None, check=True):
    """Write g04, g05 and g06 (PDF, truth, facts) into `out`."""
    os.makedirs(out, exist_ok=True)
    for variant, base in VARIANTS.items():
        doc = budget_document(seed, variant)
        for producer in base["producers"]:
            if only and producer != only:
                continue
            doc_id = f"g{base['number']:02d}-{variant}-{producer}"
            pdf = os.path.join(out, f"{doc_id}.pdf")
            GB_PRODUCERS[producer](doc, pdf)
            if check:
                check_pdf(pdf, doc)
            save_budget_truth(out, doc_id, truth_of(doc_id, producer, doc))
            print(doc_id, file=sys.stderr)
    doc = social_document(seed)
    for producer in SOCIAL["producers"]:
        if only and producer != only:
            continue
        doc_id = f"g{SOCIAL['number']:02d}-social-{producer}"
        pdf = os.path.join(out, f"{doc_id}.pdf")
        SOCIAL_PRODUCERS[producer](doc, pdf)
        if check:
            check_grid_pdf(pdf, doc)
        save_budget_truth(out, doc_id, social_truth(doc_id, producer, doc))
        print(doc_id, file=sys.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=2020)
    ap.add_argument("--out", default="corpus")
    ap.add_argument("--only", choices=sorted(GB_PRODUCERS))
    ap.add_argument("--no-check", action="store_true", help="skip the pdftotext check of each PDF")
    args = ap.parse_args()
    generate_govbudget(args.out, args.seed, args.only, not args.no_check)


if __name__ == "__main__":
    main()
