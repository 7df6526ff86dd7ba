"""Render-agnostic table specs (header cells with spans, data rows, notes) and the truth they imply.

Every producer draws the same specs, so a producer differs from another only in how it draws them.
"""
import json
import os

from model import (EXPENDITURE_LINES, CN_NUM, INCOME_LINES, INCOME_COLUMNS, EXPENDITURE_COLUMNS,
                   fact_value)

INCOME_LINE_KEYS = ["income.general_budget", "income.government_fund", "income.state_capital",
                    "income.higher_level_subsidy", "income.business", "income.operating",
                    "income.subordinate_remittance", "income.other"]
FUND_LABELS = ["一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"]


class Cell:
    def __init__(self, text, colspan=1, rowspan=1, align="center"):
        self.text, self.colspan, self.rowspan, self.align = text, colspan, rowspan, align


def fmt(cents, style):
    if cents == 0:
        return style["zero"]
    neg = cents < 0
    cents = abs(cents)
    if style.get("unit") == "元":  # whole 元: a cent of 万元 is 100 元
        w = cents * 100
        return ("-" if neg else "") + (f"{w:,}" if style["thousands"] else str(w))
    whole, frac = divmod(cents, 100)
    w = f"{whole:,}" if style["thousands"] else str(whole)
    if style["decimals"] == "six":  # 北京 prints 万元 to six decimals
        s = f"{w}.{frac:02d}0000"
    elif style["decimals"] == "fixed":
        s = f"{w}.{frac:02d}"
    else:
        s = w if frac == 0 else f"{w}.{frac:02d}".rstrip("0")
    return ("-" if neg else "") + s


class TableSpec:
    def __init__(self, kind, number, title, ncols, widths):
        self.kind, self.number, self.title, self.ncols, self.widths = kind, number, title, ncols, widths
        self.header = []  # list of rows of Cell (with spans)
        self.rows = []  # list of rows of Cell (no spans except label cells)
        self.notes = []
        self.empty_sentence = None
        self.truth_rows = []  # [{"row", "label", "line", "values": {col: cents}, "keys": {col: key}}]
        self.col_keys = {}  # column number -> canonical column key
        self.col_years = {}  # column number -> the year its header names (year-comparison columns)
        self.number_line = None  # a numbering line printed above the title ("预算01表", "公开表1")

    def truth(self, key, label, values, line, keys=None):
        self.truth_rows.append({"row": key, "label": label, "line": line, "values": values,
                                "keys": keys or {c: self.col_keys[c] for c in values}})


def code_cells(code, ncode):
    if ncode == 1:
        return [Cell(code, align="left")]
    lei, kuan, xiang = code[:3], code[3:5], code[5:7]
    return [Cell(lei), Cell(kuan), Cell(xiang)]


def coded_table(kind, number, title, rows, col_names, style, note, col_keys):
    """income / expenditure / general_budget_expenditure / government_fund / state_capital."""
    ncode = style["code_columns"]
    n = len(col_names)
    name_w = style["name_width"]
    widths = [1.0] * ncode if ncode == 3 else [2.0]
    widths += [name_w] + [1.6] * n
    t = TableSpec(kind, number, title, ncode + 1 + n, widths)
    t.col_keys = {i + 1: k for i, k in enumerate(col_keys)}
    if ncode == 1:
        t.header.append([Cell("项目", colspan=2)] + [Cell(c, rowspan=2) for c in col_names])
        t.header.append([Cell("功能分类科目编码"), Cell("科目名称")])
    else:
        t.header.append([Cell("项目", colspan=4)] + [Cell(c, rowspan=3) for c in col_names])
        t.header.append([Cell("功能分类科目编码", colspan=3), Cell("科目名称", rowspan=2)])
        t.header.append([Cell("类"), Cell("款"), Cell("项")])
    t.header.append([Cell("栏次", colspan=ncode + 1)] + [Cell(str(i + 1)) for i in range(n)])
    for code, name, vals in rows:
        amounts = [Cell(fmt(v, style), align="right") for v in vals]
        if code == "合计":
            t.rows.append([Cell("合计", colspan=ncode + 1)] + amounts)
        else:
            t.rows.append(code_cells(code, ncode) + [Cell(name, align="left")] + amounts)
        t.truth(code, name, {i + 1: v for i, v in enumerate(vals)}, "grand_total" if code == "合计" else code)
    t.notes.append(note)
    return t


def summary_like(kind, number, title, left, right, right_cols, style, notes, col_keys):
    """summary / fiscal_summary: two halves, 项目 | 行次 | amounts, side by side; without the 行次
    column (and without a 栏次 row) when style["line_numbers"] is false, as Shanghai prints them.
    left/right rows are (行次, label, value(s), line key)."""
    nr = len(right_cols)
    name_w = style["name_width"] * 0.9
    numbered = style["line_numbers"]
    if numbered:
        widths = [name_w + 1.5, 0.7, 1.6, name_w + 1.5, 0.7] + [1.6] * nr
    else:
        widths = [name_w + 1.5, 1.6, name_w + 1.5] + [1.6] * nr
    t = TableSpec(kind, number, title, len(widths), widths)
    t.col_keys = col_keys
    line_cells = (lambda n: [Cell(str(n))]) if numbered else (lambda n: [])
    t.header.append([Cell("收入", colspan=3 if numbered else 2), Cell("支出", colspan=(2 if numbered else 1) + nr)])
    amount_heads = [Cell("金额")] if nr == 1 else [Cell(c) for c in right_cols]
    if numbered:
        t.header.append([Cell("项目"), Cell("行次"), Cell("金额"), Cell("项目"), Cell("行次")] + amount_heads)
        t.header.append([Cell("栏次"), Cell(""), Cell("1"), Cell("栏次"), Cell("")]
                        + [Cell(str(i + 2)) for i in range(nr)])
    else:
        t.header.append([Cell("项目"), Cell("金额"), Cell("项目")] + amount_heads)
    for (lno, llabel, lval, _), (rno, rlabel, rvals, _) in zip(left, right):
        row = [Cell(llabel, align="left")] + line_cells(lno) + [Cell(fmt(lval, style) if llabel or lval else "", align="right"),
               Cell(rlabel, align="left")] + line_cells(rno) + [Cell(fmt(v, style), align="right") for v in rvals]
        t.rows.append(row)
    for lno, llabel, lval, line in left:
        if numbered or llabel:
            t.truth(str(lno) if numbered else llabel, llabel, {1: lval}, line)
    for rno, rlabel, rvals, line in right:
        if numbered or rlabel:
            t.truth(str(rno) if numbered else rlabel, rlabel, {i + 2: v for i, v in enumerate(rvals)}, line)
    t.notes.extend(notes if numbered else notes[:1])
    return t


def build_tables(doc, style):
    y = doc["year"]
    line = doc["summary"]
    exp_labels = [f"{CN_NUM[i]}、{name}" for i, (_, name) in enumerate(EXPENDITURE_LINES)]
    left = [(i, f"{CN_NUM[i - 1]}、{INCOME_LINES[i - 1]}", line[i], INCOME_LINE_KEYS[i - 1]) for i in range(1, 9)]
    left += [(i, "", 0, "") for i in range(9, 27)]
    left += [(27, "本年收入合计", line[27], "total.income"), (28, "使用非财政拨款结余", line[28], "balance.used_non_fiscal"),
             (29, "年初结转和结余", line[29], "balance.opening"), (30, "总计", line[30], "grand_total")]
    right = [(31 + i, exp_labels[i], [line[31 + i]], EXPENDITURE_LINES[i][0]) for i in range(26)]
    right += [(57, "本年支出合计", [line[57]], "total.expenditure"), (58, "结余分配", [line[58]], "balance.distribution"),
              (59, "年末结转和结余", [line[59]], "balance.closing"), (60, "总计", [line[60]], "grand_total")]
    tables = [summary_like("summary", 1, f"{y}年度收入支出决算总表", left, right, ["金额"], style,
                           ["注：本表反映单位本年度的总收支和年末结转结余情况。",
                            "27行＝（1+2+3+4+5+6+7+8）行；30行＝（27+28+29）行；57行＝（31+32+…+56）行；60行＝（57+58+59）行。"],
                           {1: "amount", 2: "amount"})]
    tables.append(coded_table("income", 2, f"{y}年度收入决算表", doc["income"], INCOME_COLUMNS, style,
                              "注：本表反映单位本年度取得的各项收入情况。1栏各行＝（2+3+4+5+6+7）栏各行。",
                              ["total", "fiscal", "higher_level_subsidy", "business", "operating",
                               "subordinate_remittance", "other"]))
    tables.append(coded_table("expenditure", 3, f"{y}年度支出决算表", doc["expenditure"], EXPENDITURE_COLUMNS,
                              style, "注：本表反映单位本年度各项支出情况。1栏各行＝（2+3+4+5+6）栏各行。",
                              ["total", "basic", "project", "upper_remittance", "operating", "subordinate_subsidy"]))
    fs_in, fs_out = doc["fiscal_summary"]
    funds = ["general_budget", "government_fund", "state_capital"]
    fleft = [(1, "一、一般公共预算财政拨款", fs_in[1], "income.general_budget"),
             (2, "二、政府性基金预算财政拨款", fs_in[2], "income.government_fund"),
             (3, "三、国有资本经营预算财政拨款", fs_in[3], "income.state_capital")]
    fleft += [(i, "", 0, "") for i in range(4, 27)]
    fleft += [(27, "本年收入合计", fs_in[27], "total.income"), (28, "年初财政拨款结转和结余", fs_in[28], "balance.opening")]
    fleft += [(29 + i, FUND_LABELS[i], fs_in[29 + i], f"balance.opening.{funds[i]}") for i in range(3)]
    fleft += [(32, "总计", fs_in[32], "grand_total")]
    fright = [(33 + i, exp_labels[i], fs_out[33 + i], EXPENDITURE_LINES[i][0]) for i in range(26)]
    fright += [(59, "本年支出合计", fs_out[59], "total.expenditure"), (60, "年末财政拨款结转和结余", fs_out[60], "balance.closing")]
    fright += [(61 + i, FUND_LABELS[i], fs_out[61 + i], f"balance.closing.{funds[i]}") for i in range(3)]
    fright += [(64, "总计", fs_out[64], "grand_total")]
    tables.append(summary_like("fiscal_summary", 4, f"{y}年度财政拨款收入支出决算总表", fleft, fright,
                               ["合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"],
                               style, ["注：本表反映单位本年度财政拨款的总收支和年末结转结余情况。",
                                       "27行＝（1+2+3）行；28行＝（29+30+31）行；32行＝（27+28）行；59行＝（33+34+…+58）行；64行＝（59+60）行。"],
                               {1: "amount", 2: "total", 3: "general_budget", 4: "government_fund", 5: "state_capital"}))
    tables.append(coded_table("general_budget_expenditure", 5, f"{y}年度一般公共预算财政拨款支出决算表",
                              doc["general_budget_expenditure"], ["小计", "基本支出", "项目支出"], style,
                              "注：本表反映单位本年度一般公共预算财政拨款支出情况。1栏各行＝（2+3）栏各行。",
                              ["total", "basic", "project"]))
    tables.append(basic_table(doc, style))
    tables.append(three_public_table(doc, style))
    gf = coded_table("government_fund", 8, f"{y}年度政府性基金预算财政拨款收入支出决算表",
                     doc["government_fund"] or [("合计", "合计", [0] * 6)],
                     ["年初结转和结余", "本年收入", "本年支出小计", "基本支出", "项目支出", "年末结转和结余"], style,
                     "注：本表反映单位本年度政府性基金预算财政拨款收入、支出及结转和结余情况。",
                     ["opening", "income", "expenditure.total", "expenditure.basic", "expenditure.project", "closing"])
    if doc["government_fund"] is None:
        gf.empty_sentence = "本单位没有政府性基金预算财政拨款收入，也没有使用政府性基金预算财政拨款安排的支出。"
    tables.append(gf)
    sc = coded_table("state_capital", 9, f"{y}年度国有资本经营预算财政拨款支出决算表",
                     doc["state_capital"] or [("合计", "合计", [0] * 3)], ["合计", "基本支出", "项目支出"], style,
                     "注：本表反映单位本年度国有资本经营预算财政拨款支出情况。1栏各行＝（2+3）栏各行。",
                     ["total", "basic", "project"])
    if doc["state_capital"] is None:
        sc.empty_sentence = "本单位没有使用国有资本经营预算财政拨款安排的支出。"
    tables.append(sc)
    for t in tables:
        t.title = f"{t.title}（表{t.number}）" if style["title_number"] else t.title
    return tables


def basic_table(doc, style):
    personnel, public = doc["basic_expenditure"]
    ptotal = sum(v for c, _, v in personnel if len(c) == 3)
    utotal = sum(v for c, _, v in public if len(c) == 3)
    y = doc["year"]
    title = f"{y}年度一般公共预算财政拨款基本支出决算表"
    name_w = style["name_width"]
    cells = lambda c, n, v: [Cell(c, align="left"), Cell(n, align="left"), Cell(fmt(v, style), align="right")]
    if style["basic_layout"] == "groups":
        t = TableSpec("basic_expenditure", 6, title, 9, [1.0, name_w, 1.4] * 3)
        half = (len(public) + 1) // 2
        g2, g3 = public[:half], public[half:]
        t.header.append([Cell("人员经费", colspan=3), Cell("公用经费", colspan=6)])
        t.header.append([Cell("科目编码"), Cell("科目名称"), Cell("决算数")] * 3)
        nrows = max(len(personnel), len(g2), len(g3))
        for i in range(nrows):
            row = []
            for g in (personnel, g2, g3):
                row += cells(*g[i]) if i < len(g) else [Cell(""), Cell(""), Cell("")]
            t.rows.append(row)
        t.rows.append([Cell("人员经费合计", colspan=2), Cell(fmt(ptotal, style), align="right"),
                       Cell("公用经费合计", colspan=5), Cell(fmt(utotal, style), align="right")])
    else:
        t = TableSpec("basic_expenditure", 6, title, 3, [1.6, name_w * 2, 2.0])
        t.header.append([Cell("科目编码"), Cell("科目名称"), Cell("决算数")])
        for r in personnel:
            t.rows.append(cells(*r))
        t.rows.append([Cell("人员经费合计", colspan=2), Cell(fmt(ptotal, style), align="right")])
        for r in public:
            t.rows.append(cells(*r))
        t.rows.append([Cell("公用经费合计", colspan=2), Cell(fmt(utotal, style), align="right")])
    t.col_keys = {1: "amount"}
    for c, n, v in personnel:
        t.truth(c, n, {1: v}, c)
    t.truth("人员经费合计", "人员经费合计", {1: ptotal}, "personnel_total")
    for c, n, v in public:
        t.truth(c, n, {1: v}, c)
    t.truth("公用经费合计", "公用经费合计", {1: utotal}, "public_total")
    t.notes.append("注：本表反映单位本年度一般公共预算财政拨款基本支出明细情况。")
    return t


THREE_ITEMS = ["total", "abroad", "vehicle", "vehicle_purchase", "vehicle_operation", "reception"]
THREE_NOTE = "注：1栏＝（2＋3＋6）栏；3栏＝（4＋5）栏；7栏＝（8＋9＋12）栏；9栏＝（10＋11）栏。"


def three_public_table(doc, style):
    """Three layouts seen in real reports: 12 columns (预算数 1–6, 决算数 7–12); budget/actual
    pairs per item; or 预算数 and 决算数 as two rows with 会议费 and 培训费 columns."""
    y = doc["year"]
    title = f"{y}年度一般公共预算财政拨款“三公”经费支出决算表"
    vals = doc["three_public"]
    budget, actual = vals[:6], vals[6:]
    layout = style["three_public_layout"]
    if layout == "rows":
        t = TableSpec("three_public", 7, title, 9, [1.4] + [1.0] * 8)
        t.header.append([Cell("项目", rowspan=2), Cell("合计", rowspan=2), Cell("因公出国（境）费", rowspan=2),
                         Cell("公务用车购置及运行费", colspan=3), Cell("公务接待费", rowspan=2),
                         Cell("会议费", rowspan=2), Cell("培训费", rowspan=2)])
        t.header.append([Cell("小计"), Cell("公务用车购置费"), Cell("公务用车运行费")])
        t.header.append([Cell("栏次")] + [Cell(str(i + 1)) for i in range(8)])
        bm, bt, am, at = doc["three_public_extra"]
        items = THREE_ITEMS + ["meeting", "training"]
        for label, side, row in (("预算数", "budget", budget + [bm, bt]), ("决算数", "actual", actual + [am, at])):
            t.rows.append([Cell(label)] + [Cell(fmt(v, style), align="right") for v in row])
            t.truth(label, label, {i + 1: v for i, v in enumerate(row)}, "grand_total",
                    {i + 1: f"{side}.{items[i]}" for i in range(8)})
        t.notes.append("注：本表反映单位本年度“三公”经费及会议费、培训费支出预决算情况。")
        return t
    t = TableSpec("three_public", 7, title, 12, [1.0] * 12)
    if layout == "pairs":
        t.header.append([Cell("合计", colspan=2), Cell("因公出国（境）费", colspan=2),
                         Cell("公务用车购置及运行费", colspan=6), Cell("公务接待费", colspan=2)])
        ba = lambda: [Cell("预算数", rowspan=2), Cell("决算数", rowspan=2)]
        t.header.append(ba() + ba() + [Cell("小计", colspan=2), Cell("公务用车购置费", colspan=2),
                                       Cell("公务用车运行费", colspan=2)] + ba())
        t.header.append([Cell("预算数"), Cell("决算数")] * 3)
        order = [(side, i) for i in range(6) for side in ("budget", "actual")]
        row = [(budget if side == "budget" else actual)[i] for side, i in order]
        keys = {n + 1: f"{side}.{THREE_ITEMS[i]}" for n, (side, i) in enumerate(order)}
        note = "注：本表反映单位本年度“三公”经费支出预决算情况。"
    else:
        t.header.append([Cell("预算数", colspan=6), Cell("决算数", colspan=6)])
        part = [Cell("合计", rowspan=2), Cell("因公出国（境）费", rowspan=2), Cell("公务用车购置及运行费", colspan=3),
                Cell("公务接待费", rowspan=2)]
        t.header.append(part + [Cell(c.text, c.colspan, c.rowspan) for c in part])
        sub = [Cell("小计"), Cell("公务用车购置费"), Cell("公务用车运行费")]
        t.header.append(sub + [Cell(c.text) for c in sub])
        row = budget + actual
        keys = {i + 1: f"{'budget' if i < 6 else 'actual'}.{THREE_ITEMS[i % 6]}" for i in range(12)}
        note = THREE_NOTE
    t.header.append([Cell(str(i + 1)) for i in range(12)])
    t.rows.append([Cell(fmt(v, style), align="right") for v in row])
    t.truth("1", "", {i + 1: v for i, v in enumerate(row)}, "grand_total", keys)
    t.notes.append(note)
    return t


def truth_document(doc, style, tables, doc_id, producer):
    unit = style.get("unit", "万元")
    value = fact_value if unit == "万元" else (lambda c: str(c * 100))
    out_tables, other_tables = [], []
    for t in tables:
        if t.kind is None:  # a table without a canonical kind: its printed rows are its truth
            other_tables.append({"title": t.title, "rows": t.truth_rows})
            continue
        rows = []
        for r in t.truth_rows:
            row = {"row": r["row"], "label": r["label"], "line": r["line"],
                   "values": {str(k): value(v) for k, v in r["values"].items()},
                   "column_keys": {str(k): key for k, key in r["keys"].items()}}
            if "codes" in r:
                row["codes"] = r["codes"]
            if "entity" in r:  # the unit a row belongs to (o-series; "" for a single unit's rows)
                row["entity"] = r["entity"]
            rows.append(row)
        table = {"kind": t.kind, "title": t.title, "empty": t.empty_sentence is not None, "rows": rows}
        if t.col_years:
            table["column_years"] = {str(k): y for k, y in t.col_years.items()}
        out_tables.append(table)
    truth = {
        "id": doc_id, "producer": producer, "style": style,
        "metadata": {"unit": doc["unit"], "department": doc["department"], "year": doc["year"],
                     "doc_kind": doc.get("doc_kind", "决算"), "scope": doc["scope"], "staff": doc["staff"],
                     "retirees": doc["retirees"], "amount_unit": unit},
        "tables": out_tables,
    }
    if other_tables:
        truth["other_tables"] = other_tables
    if doc.get("tables_only"):  # a tables file says nothing of its staff, nor 部门/单位
        truth["metadata"].update({"staff": None, "retirees": None, "scope": None})
    return truth


def truth_facts(truth):
    """Tidy facts (without doc and page): one per non-zero amount, in table then row order."""
    facts = []
    for t in truth["tables"]:
        for r in t["rows"]:
            for col, v in sorted(r["values"].items(), key=lambda kv: int(kv[0])):
                if v not in ("0",):
                    facts.append({"table": t["kind"], "row": r["row"], "column": int(col), "value": v,
                                  "unit": truth["metadata"]["amount_unit"], "label": r["label"], "line": r["line"],
                                  "column_key": r["column_keys"][col], "entity": r.get("entity", "")})
    return facts


def save_truth(out, doc_id, truth):
    """Write a document's truth file and its tidy facts beside its PDF."""
    with open(os.path.join(out, f"{doc_id}.truth.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")
    with open(os.path.join(out, f"{doc_id}.facts.jsonl"), "w", encoding="utf-8") as f:
        for fact in truth_facts(truth):
            f.write(json.dumps(fact, ensure_ascii=False, sort_keys=True) + "\n")
