"""绩效自评表 and 绩效目标表 (issue 16): the p-series of the corpus, with exact truth.

    python3 scripts/corpus/performance.py [--seed 2020] [--out corpus] [--only PRODUCER]

Each document is a full report (the nine tables, as the u- and b-series print them) followed by
its performance tables in one of the layouts real reports use:

- `hubei` (决算): the seed's layout (湖北 2020): 预算数 (A) / 执行数 (B) / 执行率 / 得分 (20 分 × 执行率),
  weights in the indicator names ("（2.5 分）"), 一级/二级 cells with their own weights, 总分, the
  偏差 and 改进措施 rows, ☑/□ boxes for 项目类别/属性/类型; an 整体 evaluation and three projects;
- `central` (决算): the 财政部 template of 2020 on: 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 |
  得分, rows by source (年度资金总额, 当年财政拨款, 上年结转资金, 其他资金), 预期目标 | 实际完成情况,
  indicators with 分值 and 得分 columns and a 偏差原因分析及改进措施 column; 得分 from the printed
  执行率; one project spent more than its budget (score capped at the weight);
- `form` (预算): 项目支出绩效目标表 as 烟台 and 云浮 print it, one form per project (年度预算资金总额,
  其中：财政拨款, 其他资金, 总体目标, 一级 | 二级 | 三级 | 指标值), one of them continuing over pages;
- `listing` (预算): 北京's 项目支出绩效目标表, every project's indicators in one table continuing over
  pages (项目名称 | 项目总额 | 财政资金 | 其他资金 | 绩效目标 | 一级 | 二级 | 三级 | 性质 | 指标值 | 度量单位);
- `weighted` (预算): 重庆's 部门整体绩效目标表 and 专项资金绩效目标表 (指标名称 | 指标性质 | 指标值 |
  计量单位 | 指标权重(%) | 是否核心), weights summing to 100.

Indicator names, targets and achieved values wrap over several lines (long names, long achieved
text with several numbers). Amounts, rates and scores follow the rules the tables print: 执行率 =
B/A rounded half up to the printed decimals, 得分 = 分值 × B/A (or × the printed 执行率) capped at
the 分值, Σ三级 = 二级, Σ二级 = 一级, all weights + the budget weight = 100, 总分 = budget score + Σ
indicator scores. The truth (`evaluations` in the truth file) is written from the generator's own
numbers, never from juesuan's output.
"""
import argparse
import os
import random
import sys
from decimal import ROUND_HALF_UP, Decimal

sys.path.insert(0, os.path.dirname(__file__))
from spec import Cell, TableSpec, save_truth, truth_document  # noqa: E402

# (name, producers, doc kind) of each document of the series
P_VARIANTS = [
    ("hubei", ["chromium", "libreoffice", "reportlab"], "决算"),
    ("central", ["chromium", "libreoffice", "typst"], "决算"),
    ("form", ["chromium", "libreoffice"], "预算"),
    ("listing", ["chromium", "libreoffice", "typst"], "预算"),
    ("weighted", ["chromium", "libreoffice", "reportlab"], "预算"),
]

LEVEL2 = {
    "产出指标": ["数量指标", "质量指标", "时效指标", "成本指标"],
    "效益指标": ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"],
    "满意度指标": ["服务对象满意度指标"],
    "成本指标": ["经济成本指标"],
}
# 二级 -> [(三级 name, measure kind, unit)]
INDICATORS = {
    "数量指标": [("社会保险业务经办量", "count", "万笔"), ("社会保险政策宣传资料发放量", "count", "万份"),
             ("业务培训人次", "count", "人次"), ("对参保对象组织开展稽核的单位数量", "count", "家"),
             ("举办专题培训班期数", "count", "期"), ("聘用合同人员及公益性岗位人数", "count", "人"),
             ("办理行政审批和公共服务事项数量", "count", "件"), ("车辆租赁次数", "count", "次")],
    "质量指标": [("社会保险综合覆盖率", "rate", ""), ("合同人员工资足额发放率", "rate", ""),
             ("业务档案归档完整率", "rate", ""), ("保障聘用人员的合法权益", "qual", ""),
             ("印刷刊物质量与国家行业标准规定要求的相符性", "rate", "")],
    "时效指标": [("资金拨付及时率", "rate", ""), ("各项工作按时完成率", "rate", ""), ("工资发放时间", "day", "")],
    "成本指标": [("业务工作所需各项费用", "cost", "万元"), ("合同人员年均工资", "cost", "万元"),
             ("人均培训成本", "cost", "元/人天")],
    "经济成本指标": [("年度项目经费总额", "cost", "万元"), ("人均会议成本", "cost", "元/人天")],
    "经济效益指标": [("完成社保各项业务工作", "rate", ""), ("节约行政运行成本", "qual", "")],
    "社会效益指标": [("维护参保人员合法权益，保障社会保险基金安全运行", "rate", ""),
               ("保障合同人员基本生活，充实社会保险业务经办队伍，保证社保业务工作全面开展", "long", ""),
               ("更好、更便捷地为服务对象提供服务", "rate", "")],
    "生态效益指标": [("推行无纸化办公，减少纸质材料使用", "qual", ""), ("办公场所节能降耗", "rate", "")],
    "可持续影响指标": [("保证社会保险业务经办队伍的稳定发展", "qual", ""), ("建立健全长效管理机制", "qual", "")],
    "服务对象满意度指标": [("服务对象满意度", "rate", ""), ("业务办理、咨询服务满意率", "rate", "")],
}
QUALITATIVE = (["足额发放", "有效保障", "逐步提高", "按规定执行"], ["足额发放", "已完成", "按时发放", "有效保障"])
PROJECTS = ["社会保险业务工作经费", "合同人员经费", "信息系统运行维护经费", "政策宣传及业务培训经费",
            "档案数字化管理经费", "基层服务平台建设补助"]
GOALS = ["全面完成年度业务经办任务，业务办理差错率控制在规定范围以内，服务窗口运行平稳有序。",
         "加强资金使用管理，严格执行预算批复，确保资金拨付及时、使用规范、核算准确。",
         "开展政策宣传和业务培训，提高基层经办人员业务能力，扩大政策知晓面和覆盖面。",
         "推进信息化建设，提升网上办理比例，缩短群众办事时间，提高服务对象满意度。"]
COMPARATORS = {"≥": ">=", "≤": "<=", "=": "=", "＝": "=", ">": ">", "<": "<"}


def dec(cents):
    return Decimal(cents).scaleb(-2)


def money(cents, thousands=True, places=2):
    d = dec(cents)
    return f"{d:,.{places}f}" if thousands else f"{d:.{places}f}"


def plain(cents, places=2):
    """An amount as the truth states it: printed digits without separators."""
    return f"{dec(cents):.{places}f}"


def half_up(d, places):
    return d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def trim(d):
    """A score as the seed prints them: "20", "9.5", "19.23"."""
    s = format(d, "f")
    return s.rstrip("0").rstrip(".") if "." in s else s


def measure(text, value=None, unit=None, comparator=None):
    m = {"text": text}
    if value is not None:
        m["value"] = value
    if unit:
        m["unit"] = unit
    if comparator:
        m["comparator"] = comparator
    return m


def draw_measures(rng, kind, unit):
    """(target, actual) measures of one indicator, each with the truth of its number and unit."""
    if kind == "count":
        v = rng.choice([3, 12, 24, 50, 140, 300, 1570])
        got = v + rng.choice([0, 0, 1, 4, -1])
        t = measure(f"≥{v}{unit}", str(v), unit, ">=") if rng.random() < 0.5 else measure(f"{v}{unit}", str(v), unit)
        a = measure(f"{got}{unit}以上", str(got), unit, ">=") if rng.random() < 0.3 else measure(
            f"{got}{unit}", str(got), unit)
        return t, a
    if kind == "rate":
        v = rng.choice(["95", "90.0", "100", "98"])
        got = rng.choice(["100", "98.6", "95.0", "100.0"])
        op = rng.choice(["≥", "", "="]) if v != "100" else rng.choice(["", "="])
        t = measure(f"{op}{v}%", v, "%", COMPARATORS.get(op))
        a = measure(f"{got}%以上", got, "%", ">=") if rng.random() < 0.2 else measure(f"{got}%", got, "%")
        return t, a
    if kind == "cost":
        v = rng.choice(["32.95", "127.85", "5.5", "30", "450"]) if unit == "万元" else rng.choice(["400", "450"])
        got = str(half_up(Decimal(v) * Decimal(rng.choice(["0.97", "0.99", "1"])), 2))
        return measure(f"≤{v}{unit}", v, unit, "<="), measure(f"{got}{unit}", got, unit)
    if kind == "day":
        return measure("每月7日"), measure("按时发放")
    if kind == "long":
        a, b = rng.randint(12, 60), rng.randint(200, 900)
        return (measure("100%", "100", "%"),
                measure(f"全年组织开展业务培训{a}场次，参训人员{b}人次，业务经办队伍保持稳定，各项业务工作全面开展"))
    t, a = rng.choice(QUALITATIVE[0]), rng.choice(QUALITATIVE[1])
    return measure(t), measure(a)


def split_weight(rng, total, parts):
    """`parts` weights summing to `total` (halves allowed where the total does not divide)."""
    total = Decimal(total)
    if parts == 1:
        return [total]
    each = half_up(total / parts * 2, 0) / 2
    out = [each] * (parts - 1)
    out.append(total - sum(out))
    rng.shuffle(out)
    return out


def draw_indicators(rng, level1_weights, with_scores, n_min=1, n_max=3, every_level2=False):
    """The indicator tree: [(level1, weight, [(level2, weight, [indicator dicts])])]."""
    tree = []
    for level1, w1 in level1_weights:
        names2 = LEVEL2[level1]
        n2 = len(names2) if level1 == "产出指标" or every_level2 else rng.randint(1, len(names2))
        chosen2 = names2[:n2]
        branches = []
        for level2, w2 in zip(chosen2, split_weight(rng, w1, n2)):
            pool = INDICATORS[level2]
            n3 = min(len(pool), rng.randint(n_min, n_max))
            leaves = []
            for (name, kind, unit), w3 in zip(rng.sample(pool, n3), split_weight(rng, w2, n3)):
                target, actual = draw_measures(rng, kind, unit)
                leaf = {"indicator": name, "weight": w3, "target": target, "actual": actual}
                if with_scores:
                    f = Decimal(rng.choice(["1", "1", "1", "0.99", "0.97", "0.95", "0.9"]))
                    leaf["score"] = min(w3, half_up(w3 * f, 2))
                leaves.append(leaf)
            branches.append((level2, w2, leaves))
        tree.append((level1, Decimal(w1), branches))
    return tree


def leaves(tree):
    for level1, w1, branches in tree:
        for level2, w2, ls in branches:
            for leaf in ls:
                yield level1, w1, level2, w2, leaf


def truth_indicators(tree, weights=True, scores=True, level_weights=True, actual=True):
    out = []
    for level1, w1, level2, w2, leaf in leaves(tree):
        i = {"level1": level1, "level2": level2, "indicator": leaf["indicator"],
             "weight": trim(leaf["weight"]) if weights else None, "target": leaf["target"],
             "actual": leaf["actual"] if actual else None,
             "score": trim(leaf["score"]) if scores else None}
        if level_weights:
            i["level1_weight"], i["level2_weight"] = trim(w1), trim(w2)
        for k in ("remark", "fields"):
            if k in leaf:
                i[k] = leaf[k]
        out.append(i)
    return out


def execution(rng, budget, executed, weight, rate_places, from_printed_rate=False):
    """执行率 and 得分 as the tables compute them: B/A rounded half up; 分值 × B/A (or × the printed
    rate) to two places, never above the 分值."""
    ratio = dec(executed) / dec(budget)
    rate = half_up(ratio * 100, rate_places)
    base = rate / 100 if from_printed_rate else ratio
    score = min(Decimal(weight), half_up(Decimal(weight) * base, 2))
    return rate, score


# ---------------------------------------------------------------- self-evaluations (决算)

def hubei_tables(rng, doc, evals):
    """The seed's layout: an 整体 table and one table per project."""
    y, unit, dept = doc["year"], doc["unit"], doc["department"]
    specs = []
    for e in evals:
        t = TableSpec("performance", 0, e["title"], 7, [1.3, 1.2, 1.5, 3.0, 1.5, 2.4, 0.9])
        t.number_line = f"{y}年度{unit}"
        rows = t.rows
        if e["scope"] == "overall":
            rows.append([Cell("单位名称"), Cell(unit, colspan=6, align="left")])
            basic, project = e["_split"]
            rows.append([Cell("基本支出总额(万元）", colspan=2), Cell(money(basic), colspan=2, align="right"),
                         Cell("项目支出总额(万元）"), Cell(money(project), colspan=2, align="right")])
            e["fields"] = [{"label": "单位名称", "value": unit},
                           {"label": "基本支出总额(万元）", "value": money(basic)},
                           {"label": "项目支出总额(万元）", "value": money(project)}]
            row_label = "单位整体支出总额"
        else:
            rows.append([Cell("项目名称"), Cell(e["evaluation"], colspan=6, align="left")])
            rows.append([Cell("主管部门"), Cell(dept, colspan=2, align="left"), Cell("项目实施单位"),
                         Cell(unit, colspan=3, align="left")])
            e["fields"] = [{"label": "主管部门", "value": dept}, {"label": "项目实施单位", "value": unit}]
            e["choices"] = []
            for field, options in (("项目类别", ["部门预算项目", "财政专项资金"]), ("项目属性", ["持续性项目", "新增性项目"]),
                                   ("项目类型", ["常年性项目", "延续性项目", "一次性项目"])):
                pick = rng.randrange(len(options))
                mark = "■" if doc["_producer"] == "reportlab" else "☑"
                text = " ".join(f"{k + 1}.{o}{mark if k == pick else '□'}" for k, o in enumerate(options))
                rows.append([Cell(field), Cell(text, colspan=6, align="left")])
                e["choices"] += [{"field": field, "option": o, "checked": k == pick} for k, o in enumerate(options)]
            row_label = "年度财政资金总额"
        w = e["budget_weight"]
        rows.append([Cell(f"预算执行情况（万元）（{w}分）", rowspan=2), Cell(""), Cell("预算数（A）"),
                     Cell("执行数（B）"), Cell("执行率（B/A）"), Cell(f"得分（{w}分*执行率）", colspan=2)])
        rows.append([Cell(row_label), Cell(e["_budget_text"], align="right"), Cell(e["_executed_text"], align="right"),
                     Cell(f"{e['execution_rate']}%", align="right"), Cell(e["budget_score"], colspan=2, align="right")])
        iw = e["indicator_weight"]
        if e["scope"] == "overall":
            rows.append([Cell(f"年度目标1：（{iw}分）"), Cell(e["target"], colspan=6, align="left")])
        n = len(e["indicators"])
        rows.append([Cell(f"年度绩效指标（{iw}分）" if e["scope"] == "overall" else f"年度绩效目标（{iw}分）",
                          rowspan=n + 1),
                     Cell("一级指标"), Cell("二级指标"), Cell("三级指标"), Cell("年初目标值（A）"),
                     Cell("实际完成值（B）"), Cell("得分")])
        for level1, w1, branches in e["_tree"]:
            first1 = True
            n1 = sum(len(ls) for _, _, ls in branches)
            for level2, w2, ls in branches:
                first2 = True
                for leaf in ls:
                    row = []
                    if first1:
                        row.append(Cell(f"{level1}（{trim(w1)}分）", rowspan=n1))
                    if first2:
                        row.append(Cell(f"{level2}（{trim(w2)}分）", rowspan=len(ls)))
                    row += [Cell(f"{leaf['indicator']}（{trim(leaf['weight'])}分）", align="left"),
                            Cell(leaf["target"]["text"]), Cell(leaf["actual"]["text"], align="left"),
                            Cell(trim(leaf["score"]))]
                    rows.append(row)
                    first1 = first2 = False
        rows.append([Cell("总分"), Cell(f"{e['total_score']}", colspan=6, align="right")])
        for label, text in e["_narrative"]:
            rows.append([Cell(label, colspan=2), Cell(text, colspan=5, align="left")])
            e["fields"].append({"label": label, "value": text})
        t.notes.append("注：1.预算执行情况口径：预算数为调整后财政资金总额（包括上年结余结转），执行数为资金使用单位财政资金实际支出数。")
        t.notes.append("2.定量指标计分原则：正向指标（即目标值≥X，得分=权重*B/A），反向指标（即目标值≤X，得分=权重*A/B），得分不得突破权重总额。")
        specs.append(t)
    return specs


def central_tables(rng, doc, evals):
    """The 财政部 template: 年初/全年预算数, 全年执行数, 分值, 执行率, 得分; sources as rows."""
    specs = []
    for e in evals:
        t = TableSpec("performance", 0, e["title"], 9, [1.2, 1.2, 1.4, 2.6, 1.4, 1.6, 0.8, 0.9, 2.2])
        t.number_line = f"（{doc['year']}年度）"
        rows = t.rows
        head = "部门（单位）名称" if e["scope"] == "overall" else "项目名称"
        rows.append([Cell(head, colspan=2), Cell(e["evaluation"] if e["scope"] == "project" else doc["unit"],
                                                 colspan=7, align="left")])
        rows.append([Cell("主管部门", colspan=2), Cell(doc["department"], colspan=3, align="left"),
                     Cell("实施单位"), Cell(doc["unit"], colspan=3, align="left")])
        e["fields"] = ([] if e["scope"] == "project" else [{"label": head, "value": doc["unit"]}]) + [
            {"label": "主管部门", "value": doc["department"]}, {"label": "实施单位", "value": doc["unit"]}]
        rows.append([Cell("项目资金（万元）", rowspan=5), Cell(""), Cell("年初预算数"), Cell("全年预算数"),
                     Cell("全年执行数"), Cell("分值"), Cell("执行率"), Cell("得分", colspan=2)])
        for i, s in enumerate(e["sources"]):
            cells = [Cell(s["label"], align="left")]
            cells += [Cell(s["_texts"][k], align="right") for k in range(3)]
            if i == 0:
                cells += [Cell(e["budget_weight"]), Cell(f"{e['execution_rate']}%"),
                          Cell(e["budget_score"], colspan=2)]
            else:
                cells += [Cell("—"), Cell("—"), Cell("—", colspan=2)]
            rows.append(cells)
        rows.append([Cell("年度总体目标", rowspan=2), Cell("预期目标", colspan=4), Cell("实际完成情况", colspan=4)])
        rows.append([Cell(e["target"], colspan=4, align="left"), Cell(e["outcome"], colspan=4, align="left")])
        n = len(e["indicators"])
        rows.append([Cell("绩效指标", rowspan=n + 1), Cell("一级指标"), Cell("二级指标"), Cell("三级指标"),
                     Cell("年度指标值"), Cell("实际完成值"), Cell("分值"), Cell("得分"), Cell("偏差原因分析及改进措施")])
        for level1, w1, branches in e["_tree"]:
            first1 = True
            n1 = sum(len(ls) for _, _, ls in branches)
            for level2, w2, ls in branches:
                first2 = True
                for leaf in ls:
                    row = []
                    if first1:
                        row.append(Cell(level1, rowspan=n1))
                    if first2:
                        row.append(Cell(level2, rowspan=len(ls)))
                    row += [Cell(leaf["indicator"], align="left"), Cell(leaf["target"]["text"]),
                            Cell(leaf["actual"]["text"], align="left"), Cell(trim(leaf["weight"])),
                            Cell(trim(leaf["score"])), Cell(leaf.get("remark", ""), align="left")]
                    rows.append(row)
                    first1 = first2 = False
        rows.append([Cell("总分", colspan=6), Cell("100"), Cell(e["total_score"]), Cell("")])
        t.notes.append("注：得分＝分值×执行率，执行率超过100%的按100%计算。")
        specs.append(t)
    return specs


def self_evaluations(rng, doc, layout):
    """The 整体 evaluation and the project evaluations of a 决算 unit, with their truth."""
    y = doc["year"]
    expenditure_total = doc["summary"][57]
    project_total = doc["expenditure"][0][2][2]
    basic_total = expenditure_total - project_total
    evals = []
    central = layout == "central"
    budget_weight = 10 if central else 20
    indicator_weight = 100 - budget_weight
    level1 = [("产出指标", 50), ("效益指标", 30), ("满意度指标", 10)] if central else \
        [("产出指标", 40), ("效益指标", 30), ("满意度指标", 10)]
    # 整体: executed is the report's 本年支出合计, the budget its 收入总计 (上年结转 counted in)
    budgets = [("整体", doc["summary"][30], expenditure_total)]
    names = rng.sample(PROJECTS, 3 if layout == "hubei" else 2)
    for k, name in enumerate(names):
        b = rng.randint(1_50, 120_00)
        x = b - rng.choice([0, 0, rng.randint(1, b // 10)])
        if central and k == 1:
            x = b + rng.randint(1, b // 50 + 1)  # spent more than the budget: the score is capped
        budgets.append((name, b, x))
    for k, (name, b, x) in enumerate(budgets):
        overall = name == "整体"
        rate, score = execution(rng, b, x, budget_weight, 2 if central else 1, from_printed_rate=central)
        tree = draw_indicators(rng, level1 if overall or central else [("产出指标", 40), ("效益指标", 40)],
                               True, n_max=4 if k == 1 else 3)
        if central:
            for _, _, _, _, leaf in leaves(tree):
                if leaf["score"] < leaf["weight"]:
                    leaf["remark"] = "受疫情影响部分业务未能按计划开展，下一步将加强进度管理"
        total = score + sum(leaf["score"] for *_, leaf in leaves(tree))
        if overall:
            title = f"{'部门整体支出绩效自评表' if central else '整体绩效自评表'}"
        else:
            title = f"{name}项目{'支出' if central else ''}绩效自评表"
        e = {"evaluation": "整体" if overall else name, "scope": "overall" if overall else "project",
             "kind": "self_evaluation", "title": title, "budget": plain(b), "executed": plain(x),
             "execution_rate": str(rate), "budget_weight": str(budget_weight), "budget_score": trim(score),
             "total_score": trim(total), "indicator_weight": str(indicator_weight),
             "_budget_text": money(b), "_executed_text": money(x), "_tree": tree,
             "_split": (basic_total, project_total)}
        e["indicators"] = truth_indicators(tree, level_weights=not central)
        if central:
            e["indicator_weight"] = None
            initial = b - rng.choice([0, rng.randint(1, b // 5)])
            fiscal = b * 8 // 10
            carry = (b - fiscal) // 2
            other = b - fiscal - carry
            fx = min(fiscal, x)
            cx = min(carry, x - fx)
            ox = x - fx - cx
            fi = initial * 8 // 10
            ci = (initial - fi) // 2
            oi = initial - fi - ci
            e["initial_budget"] = plain(initial)
            e["sources"] = []
            for key, label, vals in (("total", "年度资金总额", (initial, b, x)),
                                     ("fiscal", "其中：当年财政拨款", (fi, fiscal, fx)),
                                     ("carryover", "上年结转资金", (ci, carry, cx)),
                                     ("other", "其他资金", (oi, other, ox))):
                e["sources"].append({"key": key, "label": label, "initial_budget": plain(vals[0]),
                                     "budget": plain(vals[1]), "executed": plain(vals[2]),
                                     "_texts": [money(v) for v in vals]})
            e["target"] = f"{'保障单位正常运转，' if overall else ''}完成{name if not overall else '年度'}各项工作任务，" \
                          f"提升服务质量和效率，确保资金使用安全规范。"
            e["outcome"] = "已按计划完成年度各项工作任务，资金使用安全规范，服务对象满意度较高。"
        else:
            if overall:
                e["target"] = "社会保险业务工作任务"
            e["_narrative"] = [("偏差大或目标未完成原因分析", "受疫情影响，部分业务活动无法开展，业务经办量降低，导致效益指标未能达到最大化。"),
                               ("改进措施及结果应用方案", "细化预算编制工作，严格按照预算编制的相关制度和要求进行预算编制，进一步提高预算编制的科学性。")]
        evals.append(e)
    specs = central_tables(rng, doc, evals) if central else hubei_tables(rng, doc, evals)
    # what the narrative states for each (issue 17 reads it)
    doc["outro_extra"] = [f"{'整体支出' if e['scope'] == 'overall' else e['evaluation'] + '项目'}绩效自评综述："
                          f"全年预算数为{e['budget']}万元，执行数为{e['executed']}万元，完成预算的{e['execution_rate']}%。"
                          for e in evals]
    return specs, evals


# ---------------------------------------------------------------- target tables (预算)

def target_tree(rng, level1, n_max=3, every_level2=False):
    n_min = n_max if every_level2 else 1
    return draw_indicators(rng, [(l1, 0) for l1 in level1], False, n_min=n_min, n_max=n_max,
                           every_level2=every_level2)


def planned(rng):
    total = rng.randint(10_00, 500_00)
    fiscal = total - rng.choice([0, 0, rng.randint(1, total // 4)])
    return total, fiscal, total - fiscal


def form_tables(rng, doc):
    specs, evals = [], []
    names = rng.sample(PROJECTS, 3)
    for k, name in enumerate(names):
        total, fiscal, other = planned(rng)
        level1 = ["成本指标", "产出指标", "效益指标", "满意度指标"]
        long = k == 1  # every indicator of every level and a long 总体目标: the form continues over pages
        tree = target_tree(rng, level1, n_max=8 if long else 2, every_level2=long)
        t = TableSpec("performance", 0, "项目支出绩效目标表", 5, [1.0, 1.3, 1.5, 3.2, 2.2])
        t.number_line = f"（{doc['year']}年度）"
        rows = t.rows
        rows.append([Cell("项目名称", colspan=2), Cell(name, colspan=3, align="left")])
        rows.append([Cell("主管部门及代码", colspan=2), Cell(f"{300 + k}_{doc['department']}", align="left"),
                     Cell("实施单位"), Cell(doc["unit"], align="left")])
        rows.append([Cell("项目资金（万元）", colspan=2, rowspan=3), Cell("年度预算资金总额：", colspan=2, align="left"),
                     Cell(money(total), align="right")])
        rows.append([Cell("其中：财政拨款", colspan=2, align="left"), Cell(money(fiscal), align="right")])
        rows.append([Cell("其他资金", colspan=2, align="left"), Cell(money(other), align="right")])
        target = f"通过实施{name}，保障相关业务工作正常开展，提高资金使用效益和服务质量，确保完成年度工作目标。"
        if long:
            target += "".join(f"目标{j + 1}：{GOALS[j % len(GOALS)]}" for j in range(8))
        rows.append([Cell("总体目标"), Cell(target, colspan=4, align="left")])
        n = sum(1 for _ in leaves(tree))
        rows.append([Cell("绩效指标", rowspan=n + 1), Cell("一级指标"), Cell("二级指标"), Cell("三级指标"), Cell("指标值")])
        for level1_name, _, branches in tree:
            first1 = True
            n1 = sum(len(ls) for _, _, ls in branches)
            for level2, _, ls in branches:
                first2 = True
                for leaf in ls:
                    row = []
                    if first1:
                        row.append(Cell(level1_name, rowspan=n1))
                    if first2:
                        row.append(Cell(level2, rowspan=len(ls)))
                    row += [Cell(leaf["indicator"], align="left"), Cell(leaf["target"]["text"])]
                    rows.append(row)
                    first1 = first2 = False
        specs.append(t)
        evals.append({"evaluation": name, "scope": "project", "kind": "target", "title": "项目支出绩效目标表",
                      "budget": plain(total), "target": target,
                      "sources": [{"key": "fiscal", "label": "其中：财政拨款", "budget": plain(fiscal)},
                                  {"key": "other", "label": "其他资金", "budget": plain(other)}],
                      "fields": [{"label": "主管部门及代码", "value": f"{300 + k}_{doc['department']}"},
                                 {"label": "实施单位", "value": doc["unit"]}],
                      "indicators": truth_indicators(tree, weights=False, scores=False, level_weights=False,
                                                     actual=False),
                      "continued": long})
    return specs, evals


def columns_measure(target):
    """A target printed in three columns (性质 | 指标值 | 度量单位): the cells and the measure."""
    text = target["text"]
    op = next((c for c in COMPARATORS if text.startswith(c)), "")
    if "value" not in target:
        return ("定性", text, ""), measure(text)
    value, unit = target["value"], target.get("unit", "")
    op = op or "＝"
    return (op, value, unit), measure(f"{op}{value}{unit}", value, unit or None, COMPARATORS[op])


def listing_tables(rng, doc):
    """北京: one table of every project's indicators, continuing over pages, header repeated."""
    t = TableSpec("performance", 0, "项目支出绩效目标表", 11,
                  [2.0, 1.3, 1.3, 1.3, 2.8, 1.1, 1.3, 2.6, 0.8, 1.0, 0.9])
    t.number_line = "预算表12"
    t.header.append([Cell("项目名称", rowspan=2), Cell("项目总额", rowspan=2), Cell("其中：", colspan=2),
                     Cell("绩效目标", rowspan=2), Cell("一级指标", rowspan=2), Cell("二级指标", rowspan=2),
                     Cell("三级指标", rowspan=2), Cell("绩效指标性质", rowspan=2), Cell("本年绩效指标值", rowspan=2),
                     Cell("绩效度量单位", rowspan=2)])
    t.header.append([Cell("财政资金"), Cell("其他资金")])
    evals = []
    for k, name in enumerate(rng.sample(PROJECTS, 4)):
        total, fiscal, other = planned(rng)
        tree = target_tree(rng, ["产出指标", "效益指标", "成本指标"], n_max=3)
        flat = list(leaves(tree))
        target = f"保障{name}相关工作顺利开展，按时保质完成年度任务，发挥资金使用效益。"
        code = f"110000{k + 22}T00000046{k:02d}-{name}"
        indicators = []
        for i, (level1, _, level2, _, leaf) in enumerate(flat):
            cells, m = columns_measure(leaf["target"])
            row = []
            if i == 0:
                row += [Cell(code, rowspan=len(flat), align="left"),
                        Cell(money(total, False, 6), rowspan=len(flat), align="right"),
                        Cell(money(fiscal, False, 6), rowspan=len(flat), align="right"),
                        Cell(money(other, False, 6), rowspan=len(flat), align="right"),
                        Cell(target, rowspan=len(flat), align="left")]
            row += [Cell(level1), Cell(level2), Cell(leaf["indicator"], align="left"), Cell(cells[0]),
                    Cell(cells[1]), Cell(cells[2])]
            t.rows.append(row)
            indicators.append({"level1": level1, "level2": level2, "indicator": leaf["indicator"], "weight": None,
                               "target": m, "actual": None, "score": None})
        evals.append({"evaluation": code, "scope": "project", "kind": "target", "title": "项目支出绩效目标表",
                      "budget": plain(total, 6), "target": target,
                      "sources": [{"key": "fiscal", "label": "财政资金", "budget": plain(fiscal, 6)},
                                  {"key": "other", "label": "其他资金", "budget": plain(other, 6)}],
                      "indicators": indicators})
    return [t], evals


def weighted_tables(rng, doc):
    """重庆: the 整体 target table and a 专项资金 table, weights (指标权重) summing to 100."""
    specs, evals = [], []
    for k in range(2):
        overall = k == 0
        n = rng.randint(6, 9)
        pool = [(n3, kind, unit) for l2 in ("数量指标", "质量指标", "时效指标", "服务对象满意度指标", "成本指标")
                for n3, kind, unit in INDICATORS[l2] if kind in ("count", "rate", "cost")]
        weights = split_weight(rng, 100, n)
        t = TableSpec("performance", 0, "部门整体绩效目标表" if overall else "市级重点专项资金绩效目标表", 7,
                      [1.0, 3.4, 0.9, 1.0, 1.0, 1.2, 0.9])
        t.number_line = f"表{'十' if overall else '十一'}"
        rows = t.rows
        name = "整体" if overall else rng.choice(PROJECTS)
        target = f"{doc['year']}年，全面完成年度各项工作任务，重点工作按期推进，服务对象满意度达到90%及以上。"
        e = {"evaluation": name, "scope": "overall" if overall else "project", "kind": "target",
             "title": t.title, "target": target}
        if overall:
            rows.append([Cell("当年整体绩效目标", colspan=7)])
            rows.append([Cell(target, colspan=7, align="left")])
        else:
            total, city, counties = planned(rng)
            rows.append([Cell("项目名称"), Cell(name, colspan=2, align="left"), Cell("主管部门", colspan=2),
                         Cell(doc["department"], colspan=2, align="left")])
            rows.append([Cell("当年预算", rowspan=2), Cell(money(total), colspan=2, rowspan=2, align="right"),
                         Cell("市级支出", colspan=2), Cell(money(city), colspan=2, align="right")])
            rows.append([Cell("补助区县", colspan=2), Cell(money(counties), colspan=2, align="right")])
            summary = f"{name}主要用于保障相关业务工作开展，推动重点任务落实。"
            rows.append([Cell("项目概况"), Cell(summary, colspan=6, align="left")])
            rows.append([Cell("当年绩效目标"), Cell(target, colspan=6, align="left")])
            e["budget"] = plain(total)
            e["fields"] = [{"label": "主管部门", "value": doc["department"]},
                           {"label": "市级支出", "value": money(city)},
                           {"label": "补助区县", "value": money(counties)},
                           {"label": "项目概况", "value": summary}]
        rows.append([Cell("绩效指标", rowspan=n + 1), Cell("指标名称"), Cell("指标性质"), Cell("指标值"),
                     Cell("计量单位"), Cell("指标权重(%)"), Cell("是否核心")])
        e["indicators"] = []
        for (n3, kind, unit), w in zip(rng.sample(pool, n), weights):
            target_m, _ = draw_measures(rng, kind, unit)
            cells, m = columns_measure(target_m)
            core = "是" if w >= 10 else "否"
            rows.append([Cell(n3, align="left"), Cell(cells[0]), Cell(cells[1]), Cell(cells[2]), Cell(trim(w)),
                         Cell(core)])
            e["indicators"].append({"level1": None, "level2": None, "indicator": n3, "weight": trim(w),
                                    "target": m, "actual": None, "score": None,
                                    "fields": [{"label": "是否核心", "value": core}]})
        specs.append(t)
        evals.append(e)
    return specs, evals


# ---------------------------------------------------------------- documents

def public_truth(e):
    """The truth of an evaluation: the generator's working keys (_...) left out, absent fields None."""
    keys = ["evaluation", "scope", "kind", "title", "budget", "executed", "execution_rate", "budget_weight",
            "budget_score", "total_score", "initial_budget", "sources", "indicator_weight", "target", "outcome",
            "fields", "choices", "indicators", "continued"]
    out = {k: e.get(k) for k in keys}
    out["sources"] = [{k: v for k, v in s.items() if not k.startswith("_")} for s in e.get("sources", [])]
    out["fields"] = e.get("fields", [])
    out["choices"] = e.get("choices", [])
    out["continued"] = bool(e.get("continued"))
    return out


def generate_series(out, seed=2020, only=None):
    """Write every p-series document (PDF, truth, facts) into `out`."""
    from budget import build_budget_tables, draw_budget_style
    from generate import draw_style
    from model import synth_document
    from render import PRODUCERS
    from spec import build_tables

    os.makedirs(out, exist_ok=True)
    for i, (layout, producers, doc_kind) in enumerate(P_VARIANTS):
        for producer in producers:
            if only and producer != only:
                continue
            doc = synth_document(seed * 1000 + 900 + i)
            doc["_producer"] = producer
            rng = random.Random(f"{seed}/performance/{i}")
            style_rng = random.Random(f"{seed}/performance/{i}/{producer}")
            if doc_kind == "预算":
                doc["doc_kind"] = "预算"
                style = draw_budget_style(style_rng)
                style["unit"] = "万元"
                style["decimals"] = "fixed"
                doc["amount_unit"] = "万元"
                tables = build_budget_tables(doc, style, style_rng)
                perf, evals = {"form": form_tables, "listing": listing_tables,
                               "weighted": weighted_tables}[layout](rng, doc)
            else:
                style = draw_style(style_rng, producer)
                style["rotate_page"] = 0
                tables = build_tables(doc, style)
                perf, evals = self_evaluations(rng, doc, layout)
            style["performance_layout"] = layout
            doc_id = f"p{i + 1:02d}-{layout}-{producer}"
            pdf = os.path.join(out, f"{doc_id}.pdf")
            PRODUCERS[producer](doc, style, tables + perf, pdf)
            truth = truth_document(doc, style, tables, doc_id, producer)
            truth["evaluations"] = [public_truth(e) for e in evals]
            save_truth(out, doc_id, truth)
            print(doc_id, file=sys.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=2020)
    ap.add_argument("--out", default="corpus")
    ap.add_argument("--only", choices=["chromium", "libreoffice", "reportlab", "typst"])
    args = ap.parse_args()
    generate_series(args.out, args.seed, args.only)


if __name__ == "__main__":
    main()
