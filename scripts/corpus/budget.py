"""预算 (budget) reports: the synthetic units' amounts printed as a 部门预算 prints them.

What differs from the 决算 documents, each modelled on real reports in ../shared/realworld:
- the titles (收支总体情况表 / 收支预算总表 wordings), numbered by a line above the title
  ("预算01表", "公开表1", 烟台/深圳) or a prefix ("表一"), or not at all;
- no 栏次 rows: columns are numbered by position;
- summary tables without 行次, with 上年结转 / 结转下年 lines and 收入总计 = 支出总计;
- the general-budget table compares years: "2025年预算数 | 2026年预算数 (合计 基本支出 项目支出) | 增减额",
  the change column carrying negative amounts;
- the basic-expenditure table prints both economic classifications on each row (部门预算支出经济分类
  301/30101 and 政府预算支出经济分类 501/50101), so rows are keyed "30101/50101"; the same 部门 class
  can appear under two 政府 classes (301/501 for 机关, 301/505 for 事业单位), as 烟台 prints it;
- amounts in 万元 with two or six decimals (北京) or in whole 元 (上海); zeros also as "—";
- 类 | 款 | 项 columns where 款 and 项 rows leave the codes above them blank, tables continuing
  over pages so that a page can start with such a row;
- tables with no canonical kind yet (项目支出预算表, 机关运行经费), to be kept as generic tables.
"""
from model import CN_NUM, EXPENDITURE_LINES, PERSONNEL_TREE, PUBLIC_TREE, INCOME_COLUMNS
from spec import Cell, TableSpec, code_cells, fmt, summary_like

NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一"]

TITLE_SETS = {
    # 2019+ national template wording (深圳, 广州, 烟台)
    "overall": ["部门收支总体情况表", "部门收入总体情况表", "部门支出总体情况表", "财政拨款收支总体情况表",
                "一般公共预算支出情况表", "一般公共预算基本支出情况表", "一般公共预算“三公”经费支出情况表",
                "政府性基金预算支出情况表", "国有资本经营预算支出情况表"],
    # 收支预算总表 wording (北京, 江苏)
    "budget": ["部门收支预算总表", "部门收入预算表", "部门支出预算表", "财政拨款收支预算总表",
               "一般公共预算财政拨款支出预算表", "一般公共预算财政拨款基本支出预算表",
               "一般公共预算“三公”经费支出预算表", "政府性基金预算财政拨款支出预算表",
               "国有资本经营预算财政拨款支出预算表"],
}
GENERIC_TITLES = ["项目支出预算表", "机关运行经费预算表"]

# 部门预算支出经济分类 款 -> 政府预算支出经济分类 款 (2018 classification), for 机关
GOV_CODE = {
    "30101": "50101", "30102": "50101", "30103": "50101", "30107": "50101",
    "30108": "50102", "30109": "50102", "30110": "50102", "30112": "50102", "30113": "50103",
    "30199": "50199",
    "30302": "50905", "30304": "50901", "30305": "50901", "30399": "50999",
    "30201": "50201", "30205": "50201", "30206": "50201", "30207": "50201", "30211": "50201",
    "30213": "50209", "30215": "50202", "30216": "50203", "30217": "50206", "30228": "50201",
    "30229": "50201", "30231": "50208", "30239": "50201", "30299": "50299",
    "30701": "50701", "31002": "50306", "31007": "50306",
}
GOV_NAME = {
    "501": "机关工资福利支出", "50101": "工资奖金津补贴", "50102": "社会保障缴费", "50103": "住房公积金",
    "50199": "其他工资福利支出", "502": "机关商品和服务支出", "50201": "办公经费", "50202": "会议费",
    "50203": "培训费", "50206": "公务接待费", "50208": "公务用车运行维护费", "50209": "维修（护）费",
    "50299": "其他商品和服务支出", "503": "机关资本性支出（一）", "50306": "设备购置",
    "505": "对事业单位经常性补助", "50501": "工资福利支出", "50502": "商品和服务支出",
    "507": "债务利息及费用支出", "50701": "国内债务付息",
    "509": "对个人和家庭的补助", "50901": "社会福利和救助", "50905": "离退休费", "50999": "其他对个人和家庭补助",
}
DEPT_NAMES = {c: n for tree in (PERSONNEL_TREE, PUBLIC_TREE) for lei, (ln, ks) in tree.items()
              for c, n in [(lei, ln)] + list(ks.items())}


def draw_budget_style(rng):
    unit = rng.choice(["万元", "万元", "元"])
    style = {
        "code_columns": rng.choice([1, 1, 3]),
        "thousands": unit == "元" or rng.random() < 0.6,
        "decimals": "none" if unit == "元" else rng.choice(["fixed", "fixed", "six"]),
        "zero": rng.choice(["", "0.00", "-"]) if unit == "万元" else rng.choice(["", "0", "-"]),
        "landscape": rng.random() < 0.5,
        "name_width": rng.choice([2.0, 2.6, 3.5]),
        "repeat_header": rng.random() < 0.6,
        "title_words": rng.choice(sorted(TITLE_SETS)),
        "title_number": rng.choice(["none", "prefix", "line"]),
        "year_compare": rng.random() < 0.7,
        "dual_split": rng.random() < 0.5,
        "unit": unit,
        "line_numbers": False,
        "basic_layout": "dual",
        "rotate_page": 0,
    }
    # long amounts (whole 元, six decimals) need the width of a landscape page, as their issuers print them
    if unit == "元" or style["decimals"] == "six":
        style["landscape"] = True
    return style


def title_of(style, i, y):
    words = TITLE_SETS[style["title_words"]][i] if i < 9 else GENERIC_TITLES[i - 9]
    title = f"{y}年{words}"
    if style["title_number"] == "prefix":
        return f"表{NUMERALS[i]}　{title}", None
    if style["title_number"] == "line":
        return title, (f"预算{i + 1:02d}表" if style["title_words"] == "budget" else f"公开表{i + 1}")
    return title, None


def header_codes(ncode, rowspan):
    """The 科目编码 / 科目名称 header cells of a coded table, over `rowspan` header rows."""
    if ncode == 1:
        return [[Cell("科目编码", rowspan=rowspan), Cell("科目名称", rowspan=rowspan)]] + [[]] * (rowspan - 1)
    first = [Cell("科目编码", colspan=3), Cell("科目名称", rowspan=rowspan)]
    second = [Cell("类"), Cell("款"), Cell("项")]
    return [first, second] + [[]] * (rowspan - 2)


def coded(kind, title, rows, heads, values_of, col_keys, style, col_years=None):
    """A 功能分类 table: code cells, name, then amount columns. `heads` are the amount part of the
    header rows (one or two rows); `values_of(vals)` turns a model row into printed column values."""
    ncode = style["code_columns"]
    namew = style["name_width"]
    n = len(col_keys)
    widths = ([1.0] * 3 if ncode == 3 else [2.0]) + [namew] + [1.6] * n
    t = TableSpec(kind, 0, title, len(widths), widths)
    t.col_keys = {i + 1: k for i, k in enumerate(col_keys)}
    t.col_years = col_years or {}
    nhead = max(len(heads), 2 if ncode == 3 else 1)
    if len(heads) < nhead:  # one row of amount headers beside two of 类/款/项: span them down
        heads = [[Cell(c.text, c.colspan, c.rowspan + nhead - len(heads)) for c in heads[0]]]
    codes = header_codes(ncode, nhead)
    for r in range(nhead):
        t.header.append(codes[r] + (heads[r] if r < len(heads) else []))
    for code, name, vals in rows:
        printed = values_of(vals)
        amounts = [Cell(fmt(v, style), align="right") for v in printed]
        if code == "合计":
            t.rows.append([Cell("合计", colspan=ncode + 1)] + amounts)
        else:
            codes = code_cells(code, ncode)
            if ncode == 3 and style.get("blank_parents"):
                # 款 rows leave 类 blank, 项 rows leave 类 and 款 blank: the reader carries them down,
                # also onto the next page
                codes = [Cell(c.text if i == (len(code) - 3) // 2 else "") for i, c in enumerate(codes)]
            t.rows.append(codes + [Cell(name, align="left")] + amounts)
        t.truth(code, name, {i + 1: v for i, v in enumerate(printed)}, "grand_total" if code == "合计" else code)
    return t


def prior_year_values(rows, rng):
    """Last year's budget per row: drawn per 项 and summed up, so that 类 = Σ款 = Σ项 holds."""
    leaf = {code: vals[0] * rng.randint(70, 130) // 100 for code, _, vals in rows if len(code) == 7}
    prior = {}
    for code, _, _ in rows:
        if code == "合计":
            prior[code] = sum(v for c, v in leaf.items())
        else:
            prior[code] = sum(v for c, v in leaf.items() if c.startswith(code))
    return prior


def general_budget_table(doc, style, rng, y):
    rows = doc["general_budget_expenditure"]
    ncurrent = ["合计", "基本支出", "项目支出"]
    if not style["year_compare"]:
        heads = [[Cell(h) for h in ncurrent]]
        return coded("general_budget_expenditure", title_of(style, 4, y), rows, heads, lambda v: v,
                     ["total", "basic", "project"], style)
    prior = prior_year_values(rows, rng)
    by_total = {}
    heads = [[Cell(f"{y - 1}年预算数", rowspan=2), Cell(f"{y}年预算数", colspan=3), Cell("增减额", rowspan=2)],
             [Cell(h) for h in ncurrent]]
    printed = []
    for code, name, vals in rows:
        printed.append((code, name, [prior[code]] + list(vals) + [vals[0] - prior[code]]))
        by_total[code] = vals
    return coded("general_budget_expenditure", title_of(style, 4, y), printed, heads, lambda v: v,
                 ["prior_year.total", "total", "basic", "project", "change.total"], style,
                 {1: y - 1, 2: y, 3: y, 4: y})


def dual_rows(doc, style):
    """Basic-expenditure rows with both economic codes: [(dept, gov, dept_name, gov_name, [total, personnel, public])].
    Rows are grouped by (部门 class, 政府 class); with `dual_split`, every other 301 款 is paid to a
    事业单位 and classed 505 01, so 301 appears under 501 and under 505."""
    personnel, public = doc["basic_expenditure"]
    leaves = []
    for tree_rows_, side in ((personnel, 1), (public, 2)):
        k = 0
        for code, name, v in tree_rows_:
            if len(code) != 5 or v == 0:
                continue
            gov = GOV_CODE[code]
            if style["dual_split"] and code.startswith("301") and k % 2 == 1:
                gov = "50501"
            k += 1
            vals = [v, v if side == 1 else 0, v if side == 2 else 0]
            leaves.append((code, gov, vals))
    groups = {}
    for code, gov, vals in leaves:
        groups.setdefault((code[:3], gov[:3]), []).append((code, gov, vals))
    out = []
    for (dlei, glei), members in sorted(groups.items()):
        total = [sum(m[2][i] for m in members) for i in range(3)]
        out.append((dlei, glei, DEPT_NAMES[dlei], GOV_NAME[glei], total))
        for code, gov, vals in members:
            out.append((code, gov, DEPT_NAMES[code], GOV_NAME[gov], vals))
    return out


def basic_dual_table(doc, style, y):
    rows = dual_rows(doc, style)
    namew = style["name_width"]
    widths = [1.2, namew, 1.2, namew, 1.6, 1.6, 1.6]
    t = TableSpec("basic_expenditure", 0, title_of(style, 5, y), 7, widths)
    t.col_keys = {1: "total", 2: "personnel", 3: "public"}
    t.header.append([Cell("部门预算支出经济分类科目", colspan=2), Cell("政府预算支出经济分类科目", colspan=2),
                     Cell(f"{y}年基本支出", colspan=3)])
    t.header.append([Cell("科目编码"), Cell("科目名称"), Cell("科目编码"), Cell("科目名称"),
                     Cell("合计"), Cell("人员经费"), Cell("公用经费")])
    total = [sum(r[4][i] for r in rows if len(r[0]) == 3) for i in range(3)]
    t.rows.append([Cell("合计", colspan=4)] + [Cell(fmt(v, style), align="right") for v in total])
    t.truth("合计", "合计", {i + 1: v for i, v in enumerate(total)}, "grand_total")
    for dept, gov, dname, gname, vals in rows:
        t.rows.append([Cell(dept, align="left"), Cell(dname, align="left"), Cell(gov, align="left"),
                       Cell(gname, align="left")] + [Cell(fmt(v, style), align="right") for v in vals])
        key = f"{dept}/{gov}"
        t.truth(key, dname, {i + 1: v for i, v in enumerate(vals)}, key)
        t.truth_rows[-1]["codes"] = {"department": dept, "government": gov}
    return t


def three_public_budget(doc, style, y):
    vals = doc["three_public"][:6]
    t = TableSpec("three_public", 0, title_of(style, 6, y), 6, [1.2] * 6)
    t.header.append([Cell(f"{y}年预算数", colspan=6)])
    t.header.append([Cell("合计", rowspan=2), Cell("因公出国（境）费", rowspan=2), Cell("公务用车购置及运行费", colspan=3),
                     Cell("公务接待费", rowspan=2)])
    t.header.append([Cell("小计"), Cell("公务用车购置费"), Cell("公务用车运行费")])
    t.rows.append([Cell(fmt(v, style), align="right") for v in vals])
    items = ["total", "abroad", "vehicle", "vehicle_purchase", "vehicle_operation", "reception"]
    t.col_keys = {i + 1: f"budget.{k}" for i, k in enumerate(items)}
    t.truth("1", "", {i + 1: v for i, v in enumerate(vals)}, "grand_total")
    return t


def fund_table(kind, i, doc_rows, style, y, empty_sentence):
    rows = doc_rows or [("合计", "合计", [0] * 6)]
    pick = (lambda v: v[2:5]) if kind == "government_fund" else (lambda v: v[:3])
    keys = (["expenditure.total", "expenditure.basic", "expenditure.project"] if kind == "government_fund"
            else ["total", "basic", "project"])
    heads = [[Cell(f"{y}年预算数", colspan=3)], [Cell("合计"), Cell("基本支出"), Cell("项目支出")]]
    t = coded(kind, title_of(style, i, y), rows, heads, pick, keys, style)
    if doc_rows is None:
        t.empty_sentence = empty_sentence
    return t


def generic_tables(doc, style, y):
    """项目支出预算表 and 机关运行经费预算表: no canonical kind; their truth is their printed rows."""
    out = []
    projects = [(code, name, vals[2]) for code, name, vals in doc["general_budget_expenditure"]
                if len(code) == 7 and vals[2]]
    t = TableSpec(None, 0, title_of(style, 9, y), 4, [3.0, 2.0, 1.6, 1.6])
    t.header.append([Cell("项目名称"), Cell("功能分类科目"), Cell("项目金额"), Cell("其中：财政拨款")])
    total = sum(v for _, _, v in projects)
    t.rows.append([Cell("合计", colspan=2), Cell(fmt(total, style), align="right"),
                   Cell(fmt(total, style), align="right")])
    for code, name, v in projects:
        t.rows.append([Cell(f"{name}专项", align="left"), Cell(code), Cell(fmt(v, style), align="right"),
                       Cell(fmt(v, style), align="right")])
    out.append(t)
    vehicle = doc["three_public"][4]
    office = doc["basic_expenditure"][1][0][2]
    t = TableSpec(None, 0, title_of(style, 10, y), 3, [2.0, 2.0, 2.0])
    t.header.append([Cell("机关运行经费合计"), Cell("其中：商品和服务支出"), Cell("公务用车运行维护费")])
    t.rows.append([Cell(fmt(office + vehicle, style), align="right"), Cell(fmt(office, style), align="right"),
                   Cell(fmt(vehicle, style), align="right")])
    out.append(t)
    for g in out:
        g.truth_rows = [[c.text for c in row] for row in g.header + g.rows]
    return out


def summary_budget(doc, style, y):
    line = doc["summary"]
    income_labels = ["一般公共预算拨款", "政府性基金预算拨款", "国有资本经营预算拨款", "上级补助收入", "事业收入",
                     "事业单位经营收入", "附属单位上缴收入", "其他收入"]
    income_keys = ["income.general_budget", "income.government_fund", "income.state_capital",
                   "income.higher_level_subsidy", "income.business", "income.operating",
                   "income.subordinate_remittance", "income.other"]
    left = [(i, f"{CN_NUM[i - 1]}、{income_labels[i - 1]}", line[i], income_keys[i - 1]) for i in range(1, 9)]
    left += [(0, "", 0, "")] * 18
    left += [(0, "本年收入合计", line[27], "total.income"),
             (0, "上年结转结余", line[28] + line[29], "balance.opening"),
             (0, "收入总计", line[30], "grand_total")]
    right = [(0, f"{CN_NUM[i]}、{name}", [line[31 + i]], code) for i, (code, name) in enumerate(EXPENDITURE_LINES)]
    right += [(0, "本年支出合计", [line[57]], "total.expenditure"),
              (0, "结转结余下年", [line[58] + line[59]], "balance.closing"),
              (0, "支出总计", [line[60]], "grand_total")]
    return summary_like("summary", 0, title_of(style, 0, y), left, right, ["预算数"], style, [],
                        {1: "amount", 2: "amount"})


def fiscal_summary_budget(doc, style, y):
    fs_in, fs_out = doc["fiscal_summary"]
    left = [(0, "一、一般公共预算财政拨款", fs_in[1], "income.general_budget"),
            (0, "二、政府性基金预算财政拨款", fs_in[2], "income.government_fund"),
            (0, "三、国有资本经营预算财政拨款", fs_in[3], "income.state_capital")]
    left += [(0, "", 0, "")] * 23
    left += [(0, "本年收入合计", fs_in[27], "total.income"), (0, "上年结转", fs_in[28], "balance.opening"),
             (0, "收入总计", fs_in[32], "grand_total")]
    right = [(0, f"{CN_NUM[i]}、{name}", fs_out[33 + i], code) for i, (code, name) in enumerate(EXPENDITURE_LINES)]
    right += [(0, "本年支出合计", fs_out[59], "total.expenditure"), (0, "结转下年", fs_out[60], "balance.closing"),
              (0, "支出总计", fs_out[64], "grand_total")]
    return summary_like("fiscal_summary", 0, title_of(style, 3, y), left, right,
                        ["合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"], style, [],
                        {1: "amount", 2: "total", 3: "general_budget", 4: "government_fund", 5: "state_capital"})


def build_budget_tables(doc, style, rng):
    y = doc["year"]
    income_heads = [[Cell(h) for h in ["合计"] + INCOME_COLUMNS[1:4] + ["事业单位经营收入"] + INCOME_COLUMNS[5:]]]
    tables = [
        summary_budget(doc, style, y),
        coded("income", title_of(style, 1, y), doc["income"], income_heads, lambda v: v,
              ["total", "fiscal", "higher_level_subsidy", "business", "operating", "subordinate_remittance", "other"],
              style),
        coded("expenditure", title_of(style, 2, y), doc["expenditure"],
              [[Cell(h) for h in ["合计", "基本支出", "项目支出", "上缴上级支出", "事业单位经营支出", "对附属单位补助支出"]]],
              lambda v: v, ["total", "basic", "project", "upper_remittance", "operating", "subordinate_subsidy"], style),
        fiscal_summary_budget(doc, style, y),
        general_budget_table(doc, style, rng, y),
        basic_dual_table(doc, style, y),
        three_public_budget(doc, style, y),
        fund_table("government_fund", 7, doc["government_fund"], style, y,
                   "本部门没有使用政府性基金预算拨款安排的支出，故本表无数据。"),
        fund_table("state_capital", 8, doc["state_capital"], style, y,
                   "本部门没有使用国有资本经营预算拨款安排的支出，故本表无数据。"),
    ]
    tables += generic_tables(doc, style, y)
    for t in tables:
        t.title, t.number_line = t.title
    return tables
