"""Narrative reports (the n-series): full 决算 reports whose 第三部分 情况说明 is written out in the
national template's wording, every figure derived from the document's own tables, with exact truth.

    python3 scripts/corpus/narrative.py [--seed 2020] [--out corpus] [--only PRODUCER]
    python3 scripts/corpus/generate.py --out corpus --series narrative     # the same

The documents are `synth_document` reports (the u-series kind) with their nine tables exactly as
`build_tables` prints them; only the narrative is new. It follows the 武昌社会保险管理处 2020 report
(../shared/seed): 一、收入支出决算总体情况说明 … 十二、国有资产占用情况, with totals, shares ("占本年收入
99.8%"), changes on the previous year ("与 2019 年度相比，收、支总计各增加 90.61 万元，增长 5.7%"),
每类 年初预算 / 决算 / 完成年初预算的 %, 人员经费 / 公用经费, 三公 budget and actual by item,
机关运行经费, 政府采购 and 车辆. Amounts are in the table unit (万元), printed with trimmed decimals;
percentages are computed from the printed figures and rounded half up to one decimal. What the tables
do not hold (the prior year, 年初预算 per 类, 政府采购, 车辆) is drawn from a stream of this series.

Two reports agree with their tables everywhere (`agree`); two carry deliberate mismatches
(`mismatch`), listed in the truth's `narrative_checks` with the rule their check must fail.

Truth (`NAME.truth.json`, beside the u-series fields):
- `narrative`: one entry per stated figure in print order (the 第一部分's staff counts included):
  `section` (the heading as printed, whitespace removed, up to its first 。/：/，, at most 40
  characters; a "（一）…" sub-heading when the figure is under one), `subject` ("" — not compared),
  `key` (canonical; null when none), `value` (decimal string as printed, no thousands separators,
  negative for 减少/下降), `unit`, `measure` (amount, share, change, change_rate, count), `year` (the
  compared year of a change or change_rate stated against a year, else null);
- `narrative_checks`: `key`, `measure`, `value` (as in `narrative`), `rule` (NARRATIVE_MISMATCH or
  NARRATIVE_RATE) and `expected` (the table cell, or the rate the stated figures give) of every figure
  whose check must fail; [] for the agreeing reports.
"""
import argparse
import os
import random
import re
import sys
from decimal import ROUND_HALF_UP, Decimal

sys.path.insert(0, os.path.dirname(__file__))
from model import FUNCTION_TREE, PERSONNEL_TREE, PUBLIC_TREE, fact_value, synth_document  # noqa: E402
from render import PRODUCERS  # noqa: E402
from render import narrative as default_narrative  # noqa: E402
from spec import build_tables, save_truth, truth_document  # noqa: E402

# (name, producers, deliberate mismatches)
N_VARIANTS = [
    ("agree", ["chromium", "libreoffice"], False),
    ("agree", ["typst", "reportlab"], False),
    ("mismatch", ["chromium", "reportlab"], True),
    ("mismatch", ["libreoffice", "typst"], True),
]
INCOME_ITEMS = [  # (income table column key, as the narrative names it)
    ("fiscal", "财政拨款收入"), ("higher_level_subsidy", "上级补助收入"), ("business", "事业收入"),
    ("operating", "经营收入"), ("subordinate_remittance", "附属单位上缴收入"), ("other", "其他收入")]
INCOME_COLS = {"fiscal": 1, "higher_level_subsidy": 2, "business": 3, "operating": 4,
               "subordinate_remittance": 5, "other": 6}
REASONS = ["主要原因一是年中新增工作任务，追加相应人员及工作经费收、支；二是按照厉行节约的要求，压减一般性支出",
           "主要原因是人员调整及工资标准调整，相应的人员经费和日常运转经费随之变化",
           "主要原因是年度重点工作任务调整，部分项目按进度拨付，相应的收入和支出随之变化"]


def squash(s):
    return re.sub(r"\s", "", s)


def section_of(heading):
    s = squash(heading)
    cut = min([i for i in (s.find("。"), s.find("："), s.find("，")) if i >= 0], default=len(s))
    return s[:cut][:40]


def pct(num, den, places=1):
    """num / den in percent, rounded half up to `places` decimals (den > 0); the sign of num kept."""
    q = (Decimal(abs(num)) * 100 / Decimal(den)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return -q if num < 0 else q


def part(num, den):
    """A share as reports print it: one decimal, two when one would print below 1 ("0.04%")."""
    q = pct(num, den)
    return pct(num, den, 2) if q < 1 else q


class Writer:
    """Paragraphs of narrative with every figure recorded, in print order, as it is printed."""

    def __init__(self, thousands, spaced, pct_space):
        self.thousands, self.spaced, self.pct_space = thousands, spaced, pct_space
        self.paras, self.figures, self.checks = [], [], []
        self.section = ""
        self.cur = None

    def heading(self, text):
        self.paras.append(text)
        self.section = section_of(text)
        self.cur = None

    def para(self, text=""):
        self.cur = len(self.paras)
        self.paras.append(text)

    def t(self, text):
        self.paras[self.cur] += text

    def year(self, y, word="年度"):
        sp = " " if self.spaced else ""
        self.t(f"{sp if self.paras[self.cur] else ''}{y}{sp}{word}")

    def amount_text(self, cents):
        whole, frac = divmod(abs(cents), 100)
        w = f"{whole:,}" if self.thousands else str(whole)
        return w if frac == 0 else f"{w}.{frac:02d}".rstrip("0")

    def _put(self, printed, unit):
        sp = " " if self.spaced else ""
        if unit == "%":
            self.t(f"{sp}{printed}{' ' if self.pct_space else ''}%")
        else:
            self.t(f"{sp}{printed}{sp}{unit}")

    def amount(self, cents, key, measure="amount", year=None, unit="万元"):
        """An amount (or a change, printed unsigned after 增加/减少, recorded signed) in cents of 万元."""
        self._put(self.amount_text(cents), unit)
        value = fact_value(cents)
        self.figures.append({"section": self.section, "subject": "", "key": key, "value": value,
                             "unit": unit, "measure": measure, "year": year})
        return value

    def count(self, n, key, unit):
        self._put(str(n), unit)
        self.figures.append({"section": self.section, "subject": "", "key": key, "value": str(n),
                             "unit": unit, "measure": "count", "year": None})

    def rate(self, q, key, measure="share", year=None):
        """A percentage (Decimal, one decimal), printed unsigned."""
        self._put(str(abs(q)), "%")
        self.figures.append({"section": self.section, "subject": "", "key": key, "value": str(q),
                             "unit": "%", "measure": measure, "year": year})
        return str(q)

    def change(self, cur, prior, key, year, noun=""):
        """"增加 X 万元，增长 R%" / "减少 X 万元，下降 R%" for cur against prior (cents, prior > 0)."""
        d = cur - prior
        self.t(f"{noun}{'增加' if d >= 0 else '减少'}")
        self.amount(d, key, "change", year)
        self.t(f"，{'增长' if d >= 0 else '下降'}")
        q = pct(d, prior)
        self.rate(q, key, "change_rate", year)
        return d, q

    def fail(self, key, measure, value, rule, expected):
        self.checks.append({"key": key, "measure": measure, "value": value, "rule": rule,
                            "expected": expected})


def lei_short(name):
    return name[:-2] if name.endswith("支出") else name


def draw_context(doc, rng):
    """What the narrative states that the tables do not: prior-year amounts, 年初预算, 采购, 车辆."""
    def prior(cur):
        while True:
            p = cur * rng.randint(70, 130) // 100 + rng.randint(-999, 999)
            if p > 0 and p != cur:
                return p

    gbe = doc["general_budget_expenditure"]
    lei = [(c, n, v[0]) for c, n, v in gbe if len(c) == 3]
    budgets = {}
    for c, _, v in lei:
        r = rng.random()
        budgets[c] = v if r < 0.25 else max(100, v * rng.randint(85, 115) // 100 + rng.randint(-99, 99))
    personnel, public = doc["basic_expenditure"]
    public_total = sum(v for c, _, v in public if len(c) == 3)
    goods = rng.randint(50, 60_00)
    services = rng.randint(50, 120_00)
    total = goods + services
    sme = total if rng.random() < 0.5 else rng.randint(total // 2, total)
    return {
        "prior_grand_total": prior(doc["summary"][30]),
        "prior_fiscal_total": prior(doc["fiscal_summary"][0][32]),
        "prior_gb_total": prior(gbe[0][2][0]),
        "prior_three_public": prior(max(doc["three_public"][6], 50)),
        "operating_costs": public_total,
        "prior_operating": prior(public_total),
        "budgets": budgets,
        "procurement": (total, goods, services, sme),
        "vehicles": rng.randint(1, 9),
    }


def write_narrative(doc, ctx, w, tamper):
    """The 第三部分 of `doc` into Writer `w`. `tamper` (mismatch reports) names the figures printed
    wrong: {"fiscal_income": at most this many cents above, "lei_rate": (code, +0.1 steps), "xiang": code
    (1 万元 above), "personnel": delta cents, "three_budget": deltas in cents to try, "grand_change_rate":
    0.1 steps away from zero, "sme_share": 0.1 steps down}."""
    u, y, s = doc["unit"], doc["year"], doc["scope"]
    py = y - 1
    line = doc["summary"]
    income_total = doc["income"][0][2]
    exp_total = doc["expenditure"][0][2]
    gbe = doc["general_budget_expenditure"]
    gb_total, gb_basic, gb_project = gbe[0][2]
    personnel, public = doc["basic_expenditure"]
    ptotal = sum(v for c, _, v in personnel if len(c) == 3)
    utotal = sum(v for c, _, v in public if len(c) == 3)
    tp = doc["three_public"]
    budget, actual = tp[:6], tp[6:]
    reasons = iter(REASONS * 3)

    w.heading(f"第三部分 {u}{y}年度{s}决算情况说明")

    # 一、收支总计, with the prior year
    w.heading("一、收入支出决算总体情况说明")
    w.para()
    w.year(y)
    w.t("收、支总计")
    key = "summary/grand_total/amount"
    w.amount(line[30], key)
    w.t("。与")
    w.year(py)
    w.t("相比，收、支总计各")
    d = line[30] - ctx["prior_grand_total"]
    w.t("增加" if d >= 0 else "减少")
    w.amount(d, key, "change", py)
    w.t("，" + ("增长" if d >= 0 else "下降"))
    q = pct(d, ctx["prior_grand_total"])
    if "grand_change_rate" in tamper:
        right = str(q)
        q = q + Decimal("0.1") * tamper["grand_change_rate"] * (1 if q >= 0 else -1)
        v = w.rate(q, key, "change_rate", py)
        w.fail(key, "change_rate", v, "NARRATIVE_RATE", right)
    else:
        w.rate(q, key, "change_rate", py)
    w.t(f"，{next(reasons)}。")

    # 二、收入: each source with its share of 收入合计
    w.heading("二、收入决算情况说明")
    w.para()
    w.year(y)
    w.t("收入合计")
    w.amount(line[27], "summary/total.income/amount")
    w.t("。其中：")
    parts = [(k, name, income_total[INCOME_COLS[k]]) for k, name in INCOME_ITEMS if income_total[INCOME_COLS[k]]]
    for n, (k, name, v) in enumerate(parts):
        key = f"income/grand_total/{k}"
        w.t(name)
        if k == "fiscal" and "fiscal_income" in tamper:
            # the share is the same from the printed and from the tabled amount
            shown = next(v + dd for dd in range(tamper["fiscal_income"], 0, -1)
                         if part(v + dd, line[27]) == part(v, line[27]))
            val = w.amount(shown, key)
            w.fail(key, "amount", val, "NARRATIVE_MISMATCH", fact_value(v))
        else:
            w.amount(v, key)
        w.t("，占本年收入")
        w.rate(part(v, line[27]), key)
        w.t("；" if n < len(parts) - 1 else "。")

    # 三、支出: 基本 / 项目 with their shares of 支出合计
    w.heading("三、支出决算情况说明")
    w.para()
    w.year(y)
    w.t("支出合计")
    w.amount(line[57], "summary/total.expenditure/amount")
    w.t("。其中：")
    parts = [("basic", "基本支出", exp_total[1]), ("project", "项目支出", exp_total[2])]
    parts = [p for p in parts if p[2]]
    for n, (k, name, v) in enumerate(parts):
        key = f"expenditure/grand_total/{k}"
        w.t(name)
        w.amount(v, key)
        w.t("，占本年支出")
        w.rate(part(v, line[57]), key)
        w.t("；" if n < len(parts) - 1 else "。")

    # 四、财政拨款收、支总计, with the prior year
    w.heading("四、财政拨款收入支出决算总体情况说明")
    w.para()
    w.year(y)
    w.t("财政拨款收、支总计")
    fs_total = doc["fiscal_summary"][0][32]
    key = "fiscal_summary/grand_total/amount"
    w.amount(fs_total, key)
    w.t("。与")
    w.year(py)
    w.t("相比，财政拨款收、支总计各")
    w.change(fs_total, ctx["prior_fiscal_total"], key, py)
    w.t(f"。{next(reasons)}。")

    # 五、一般公共预算财政拨款支出
    w.heading("五、一般公共预算财政拨款支出决算情况说明")
    w.heading("（一）财政拨款支出决算总体情况。")
    w.para()
    w.year(y)
    w.t("财政拨款支出")
    key = "general_budget_expenditure/grand_total/total"
    w.amount(gb_total, key)
    w.t("，占本年支出合计的")
    w.rate(pct(gb_total, line[57]), key)
    w.t("。与")
    w.year(py)
    w.t("相比，财政拨款支出")
    w.change(gb_total, ctx["prior_gb_total"], key, py)
    w.t(f"。{next(reasons)}。")

    w.heading("（二）财政拨款支出决算结构情况。")
    w.para()
    w.year(y)
    w.t("财政拨款支出")
    w.amount(gb_total, key)
    w.t("，主要用于以下方面：")
    lei_rows = [(c, n, v[0]) for c, n, v in gbe if len(c) == 3]
    used = []
    for c, name, v in lei_rows:
        w.para(f"{lei_short(name)}（类）支出")
        w.amount(v, f"general_budget_expenditure/{c}/total")
        w.t("，占")
        w.rate(part(v, gb_total), f"general_budget_expenditure/{c}/total")
        xiang = [(xc, xn, xv[0]) for xc, xn, xv in gbe if len(xc) == 7 and xc.startswith(c) and xv[0]]
        for n, (xc, xn, xv) in enumerate(xiang):
            w.t("；" if n == 0 else "，")
            w.t(f"{xc}{' ' if w.spaced else ''}{xn}")
            xk = f"general_budget_expenditure/{xc}/total"
            if tamper.get("xiang") == xc:  # a 项 printed 1 万元 above its cell (no share depends on it)
                w.fail(xk, "amount", w.amount(xv + 100, xk), "NARRATIVE_MISMATCH", fact_value(xv))
            else:
                w.amount(xv, xk)
            used.append(xn)
        w.t("。")
    w.para("本单位主要使用科目有" + "、".join(dict.fromkeys(used)) + "。")

    w.heading("（三）财政拨款支出决算具体情况。")
    w.para()
    w.year(y)
    w.t("一般公共预算财政拨款支出年初预算为")
    init_total = sum(ctx["budgets"].values())
    w.amount(init_total, "initial_budget.general_budget")
    w.t("，支出决算为")
    w.amount(gb_total, key)
    w.t("，完成年初预算的")
    w.rate(pct(gb_total, init_total), key)
    w.t("。其中：基本支出")
    w.amount(gb_basic, "general_budget_expenditure/grand_total/basic")
    w.t("，项目支出")
    w.amount(gb_project, "general_budget_expenditure/grand_total/project")
    w.t("。项目支出主要用于保障单位履行职能的专项业务工作，按照年度工作计划和资金管理办法执行，"
        "资金使用规范，较好地完成了年度目标任务。")
    w.para("一般公共预算财政拨款支出决算具体情况：")
    for n, (c, name, v) in enumerate(lei_rows):
        b = ctx["budgets"][c]
        k = f"general_budget_expenditure/{c}/total"
        w.para(f"{n + 1}.{name}（类）。年初预算为")
        w.amount(b, f"initial_budget.{c}")
        w.t("，支出决算为")
        w.amount(v, k)
        w.t("，完成年初预算的")
        q = pct(v, b)
        if tamper.get("lei_rate", (None,))[0] == c:
            right = str(q)
            q = q + Decimal("0.1") * tamper["lei_rate"][1]
            w.fail(k, "share", w.rate(q, k), "NARRATIVE_RATE", right)
        else:
            w.rate(q, k)
        if v > b:
            w.t("，支出决算数大于年初预算数的主要原因是年中追加人员经费及专项工作经费。")
        elif v < b:
            w.t("，支出决算数小于年初预算数的主要原因是厉行节约，压减一般性支出，部分项目按进度结转。")
        else:
            w.t("。")

    # 六、基本支出: 人员经费 and 公用经费
    w.heading("六、一般公共预算财政拨款基本支出决算情况说明")
    w.para()
    w.year(y)
    w.t("一般公共预算财政拨款基本支出")
    w.amount(gb_basic, "general_budget_expenditure/grand_total/basic")
    w.t("，其中，人员经费")
    k = "basic_expenditure/personnel_total/amount"
    if "personnel" in tamper:
        w.fail(k, "amount", w.amount(ptotal + tamper["personnel"], k), "NARRATIVE_MISMATCH", fact_value(ptotal))
    else:
        w.amount(ptotal, k)
    w.t("，主要包括：" + "、".join(n for c, n, v in personnel if len(c) == 5 and v) + "；公用经费")
    w.amount(utotal, "basic_expenditure/public_total/amount")
    w.t("，主要包括：" + "、".join(n for c, n, v in public if len(c) == 5 and v) + "。")

    # 七、“三公”经费: budget and actual by item
    w.heading("七、一般公共预算财政拨款“三公”经费支出决算情况说明")
    w.heading("（一）“三公”经费的单位范围。")
    w.para(f"{u}有一般公共预算财政拨款预算安排“三公”经费的单位包括{u}本级，没有下属单位。")
    w.heading("（二）一般公共预算财政拨款“三公”经费支出决算情况。")
    tk = "three_public/grand_total/"
    w.para()
    w.year(y)
    w.t("“三公”经费财政拨款年初预算数为")
    if "three_budget" in tamper:
        # printed off its cell by a few hundredths, so that 完成年初预算的 % is the same from either
        shown = next(budget[0] + dd for dd in tamper["three_budget"]
                     if not actual[0] or pct(actual[0], budget[0] + dd) == pct(actual[0], budget[0]))
        w.fail(tk + "budget.total", "amount", w.amount(shown, tk + "budget.total"), "NARRATIVE_MISMATCH",
               fact_value(budget[0]))
    else:
        w.amount(budget[0], tk + "budget.total")
    w.t("，支出决算为")
    w.amount(actual[0], tk + "actual.total")
    if budget[0]:
        w.t("，完成年初预算的")
        w.rate(pct(actual[0], budget[0]), tk + "actual.total")
    w.t("，其中：")

    def item(i, lead, tail):
        k = tk + "actual." + ["total", "abroad", "vehicle", "vehicle_purchase", "vehicle_operation", "reception"][i]
        w.para(lead)
        a = actual[i]
        w.amount(a, k)
        if budget[i]:
            w.t("，完成年初预算的")
            w.rate(pct(a, budget[i]), k)
        if i != 2:
            d = a - budget[i]
            w.t("，比年初预算" + ("增加" if d >= 0 else "减少"))
            w.amount(d, k, "change")
            w.t(tail if d else "。")
        else:
            w.t("；其中：")

    item(1, "1.因公出国(境)费支出决算为", "，主要原因是严格控制因公出国（境）团组和人数。")
    item(2, "2.公务用车购置及运行费支出决算为", "")
    item(3, "(1)公务用车购置费", "，主要原因是按照车辆更新计划执行。")
    item(4, "(2)公务用车运行费", "，主要原因是严格执行公务用车管理规定，压减车辆运行维护费用。")
    item(5, "3.公务接待费支出决算为", "，主要原因是按照厉行节约过紧日子的要求，压减公务接待开支。")
    w.para()
    w.year(y)
    w.t("“三公”经费财政拨款支出决算数比")
    w.year(py)
    w.change(actual[0], ctx["prior_three_public"], tk + "actual.total", py)
    w.t("，主要原因是进一步加强“三公”经费管理，从严控制各项开支。")

    # 八、九: the fund tables, or the sentence that the unit has none
    w.heading("八、政府性基金预算财政拨款收入支出决算情况")
    if doc["government_fund"] is None:
        w.para("本单位没有政府性基金预算财政拨款收入，也没有使用政府性基金预算财政拨款安排的支出。")
    else:
        g = doc["government_fund"][0][2]  # opening, income, expenditure.total, basic, project, closing
        w.para()
        w.year(y)
        w.t("政府性基金预算财政拨款收入")
        w.amount(g[1], "government_fund/grand_total/income")
        w.t("，支出")
        w.amount(g[2], "government_fund/grand_total/expenditure.total")
        w.t("，年末结转和结余")
        w.amount(g[5], "government_fund/grand_total/closing")
        w.t("。")
    w.heading("九、国有资本经营预算财政拨款支出决算情况")
    if doc["state_capital"] is None:
        w.para("本单位没有使用国有资本经营预算财政拨款安排的支出。")
    else:
        w.para()
        w.year(y)
        w.t("国有资本经营预算财政拨款支出")
        w.amount(doc["state_capital"][0][2][0], "state_capital/grand_total/total")
        w.t("，主要用于国有企业退休人员社会化管理补助。")

    # 十、机关运行经费; 十一、政府采购; 十二、车辆
    w.heading("十、机关运行经费支出情况")
    w.para()
    w.year(y)
    w.t(f"{u}机关运行经费支出")
    w.amount(ctx["operating_costs"], "operating_costs")
    w.t("，比")
    w.year(py)
    w.change(ctx["operating_costs"], ctx["prior_operating"], "operating_costs", py)
    w.t(f"。{next(reasons)}。")

    w.heading("十一、政府采购支出情况")
    total, goods, services, sme = ctx["procurement"]
    w.para()
    w.year(y)
    w.t(f"{u}政府采购支出总额")
    w.amount(total, "procurement.total")
    w.t("，其中：政府采购货物支出")
    w.amount(goods, "procurement.goods")
    w.t("、政府采购服务支出")
    w.amount(services, "procurement.services")
    w.t("。授予中小企业合同金额")
    w.amount(sme, "procurement.sme")
    w.t("，占政府采购支出总额的")
    q = pct(sme, total)
    if "sme_share" in tamper:
        right = str(q)
        q = q - Decimal("0.1") * tamper["sme_share"]
        w.fail("procurement.sme", "share", w.rate(q, "procurement.sme"), "NARRATIVE_RATE", right)
    else:
        w.rate(q, "procurement.sme")
    w.t("。")

    w.heading("十二、国有资产占用情况")
    w.para("截至")
    w.year(y, "年")
    w.t(f" 12 月 31 日，{u}共有车辆" if w.spaced else f"12月31日，{u}共有车辆")
    w.count(ctx["vehicles"], "vehicles.total", "辆")
    w.t("；没有单价 50 万元（含）以上通用设备，没有单价 100 万元（含）以上专用设备。" if w.spaced
        else "；没有单价50万元（含）以上通用设备，没有单价100万元（含）以上专用设备。")


def staff_figures(doc):
    """The 第一部分's staff counts, as render.narrative prints them."""
    return [{"section": "二、人员构成", "subject": "", "key": "staff.in_post", "value": str(doc["staff"]),
             "unit": "人", "measure": "count", "year": None},
            {"section": "二、人员构成", "subject": "", "key": "staff.retirees", "value": str(doc["retirees"]),
             "unit": "人", "measure": "count", "year": None}]


def narrative_doc(seed, i, mismatch):
    """The document, its narrative writer (paragraphs, figures, checks)."""
    doc = synth_document(seed * 1000 + 970 + i)
    rng = random.Random(f"{seed}/narrative/{i}")
    ctx = draw_context(doc, rng)
    w = Writer(thousands=rng.random() < 0.6, spaced=i % 2 == 0, pct_space=i == 2)
    tamper = {}
    if mismatch and i == 2:
        # 财政拨款收入 printed 0.1 万元 above its cell (its share unchanged); one 类's 完成年初预算的 % off
        tamper["fiscal_income"] = 10
        lei = [c for c, _, _ in doc["general_budget_expenditure"] if len(c) == 3]
        tamper["lei_rate"] = (lei[len(lei) // 2], 2)
        tamper["xiang"] = [c for c, _, v in doc["general_budget_expenditure"] if len(c) == 7 and v[0]][-1]
    elif mismatch:
        # 人员经费 and the 三公 年初预算数 off their cells; the 收、支总计 growth rate and the 中小企业 share off
        tamper.update({"personnel": -100, "three_budget": [3, 2, 1, -1, -2, -3], "grand_change_rate": 1,
                       "sme_share": 3})
    intro = default_narrative(doc)["intro"]
    write_narrative(doc, ctx, w, tamper)
    doc["narrative"] = {"intro": intro, "outro": w.paras}
    return doc, w


def generate_narrative(out, seed=2020, only=None):
    """Write every n-series document (PDF, truth, facts) into `out`."""
    from generate import draw_style

    os.makedirs(out, exist_ok=True)
    for i, (name, producers, mismatch) in enumerate(N_VARIANTS):
        for producer in producers:
            if only and producer != only:
                continue
            doc, w = narrative_doc(seed, i, mismatch)
            style = draw_style(random.Random(f"{seed}/narrative/{i}/{producer}"), producer)
            style["landscape"] = False  # portrait pages, so that the narrative wraps often
            tables = build_tables(doc, style)
            doc_id = f"n{i + 1:02d}-{name}-{producer}"
            PRODUCERS[producer](doc, style, tables, os.path.join(out, f"{doc_id}.pdf"))
            truth = truth_document(doc, style, tables, doc_id, producer)
            truth["narrative"] = staff_figures(doc) + w.figures
            truth["narrative_checks"] = w.checks
            save_truth(out, doc_id, truth)
            print(doc_id, file=sys.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=2020)
    ap.add_argument("--out", default="corpus")
    ap.add_argument("--only", choices=sorted(PRODUCERS))
    args = ap.parse_args()
    generate_narrative(args.out, args.seed, args.only)


if __name__ == "__main__":
    main()
