"""The document model behind every corpus PDF: synthetic units whose numbers satisfy every identity.

Amounts are integer cents of 万元 throughout, so every sum is exact. `truth()` turns a document into
the ground-truth JSON and tidy facts that the Rust tests compare against.
"""
import random
from decimal import Decimal

# 功能分类: 类 -> (name, {款: (name, {项: name})})
FUNCTION_TREE = {
    "201": ("一般公共服务支出", {
        "20101": ("人大事务", {"2010101": "行政运行", "2010102": "一般行政管理事务"}),
        "20103": ("政府办公厅（室）及相关机构事务", {"2010301": "行政运行", "2010350": "事业运行"}),
        "20106": ("财政事务", {"2010601": "行政运行", "2010699": "其他财政事务支出"}),
    }),
    "205": ("教育支出", {
        "20502": ("普通教育", {"2050201": "学前教育", "2050202": "小学教育"}),
        "20508": ("进修及培训", {"2050803": "培训支出"}),
    }),
    "207": ("文化旅游体育与传媒支出", {
        "20701": ("文化和旅游", {"2070101": "行政运行", "2070109": "群众文化"}),
    }),
    "208": ("社会保障和就业支出", {
        "20801": ("人力资源和社会保障管理事务", {"2080101": "行政运行", "2080109": "社会保险经办机构"}),
        "20805": ("行政事业单位养老支出", {
            "2080501": "行政单位离退休", "2080502": "事业单位离退休",
            "2080505": "机关事业单位基本养老保险缴费支出", "2080506": "机关事业单位职业年金缴费支出"}),
        "20807": ("就业补助", {"2080704": "社会保险补贴", "2080705": "公益性岗位补贴"}),
    }),
    "210": ("卫生健康支出", {
        "21011": ("行政事业单位医疗", {
            "2101101": "行政单位医疗", "2101102": "事业单位医疗", "2101103": "公务员医疗补助",
            "2101199": "其他行政事业单位医疗支出"}),
    }),
    "212": ("城乡社区支出", {
        "21201": ("城乡社区管理事务", {"2120101": "行政运行", "2120104": "城管执法"}),
    }),
    "213": ("农林水支出", {
        "21301": ("农业农村", {"2130101": "行政运行", "2130104": "事业运行"}),
    }),
    "221": ("住房保障支出", {
        "22102": ("住房改革支出", {"2210201": "住房公积金", "2210202": "提租补贴", "2210203": "购房补贴"}),
    }),
}
GOV_FUND_TREE = {
    "229": ("其他支出", {"22960": ("彩票公益金安排的支出", {"2296002": "用于社会福利的彩票公益金支出"})}),
}
STATE_CAPITAL_TREE = {
    "223": ("国有资本经营预算支出", {
        "22301": ("解决历史遗留问题及改革成本支出", {"2230105": "国有企业退休人员社会化管理补助支出"})}),
}
# 经济分类 for basic_expenditure: 人员经费 (301, 303) and 公用经费 (302, 307, 310).
PERSONNEL_TREE = {
    "301": ("工资福利支出", {
        "30101": "基本工资", "30102": "津贴补贴", "30103": "奖金", "30107": "绩效工资",
        "30108": "机关事业单位基本养老保险缴费", "30109": "职业年金缴费", "30110": "职工基本医疗保险缴费",
        "30112": "其他社会保障缴费", "30113": "住房公积金", "30199": "其他工资福利支出"}),
    "303": ("对个人和家庭的补助", {
        "30302": "退休费", "30304": "抚恤金", "30305": "生活补助", "30399": "其他对个人和家庭的补助"}),
}
PUBLIC_TREE = {
    "302": ("商品和服务支出", {
        "30201": "办公费", "30205": "水费", "30206": "电费", "30207": "邮电费", "30211": "差旅费",
        "30213": "维修（护）费", "30215": "会议费", "30216": "培训费", "30217": "公务接待费",
        "30228": "工会经费", "30229": "福利费", "30231": "公务用车运行维护费", "30239": "其他交通费用",
        "30299": "其他商品和服务支出"}),
    "307": ("债务利息及费用支出", {"30701": "国内债务付息"}),
    "310": ("资本性支出", {"31002": "办公设备购置", "31007": "信息网络及软件购置更新"}),
}
# The 26 expenditure lines of the 2020 summary tables, with the 类 each stands for.
EXPENDITURE_LINES = [
    ("201", "一般公共服务支出"), ("202", "外交支出"), ("203", "国防支出"), ("204", "公共安全支出"),
    ("205", "教育支出"), ("206", "科学技术支出"), ("207", "文化旅游体育与传媒支出"),
    ("208", "社会保障和就业支出"), ("210", "卫生健康支出"), ("211", "节能环保支出"),
    ("212", "城乡社区支出"), ("213", "农林水支出"), ("214", "交通运输支出"),
    ("215", "资源勘探工业信息等支出"), ("216", "商业服务业等支出"), ("217", "金融支出"),
    ("219", "援助其他地区支出"), ("220", "自然资源海洋气象等支出"), ("221", "住房保障支出"),
    ("222", "粮油物资储备支出"), ("223", "国有资本经营预算支出"), ("224", "灾害防治及应急管理支出"),
    ("229", "其他支出"), ("231", "债务还本支出"), ("232", "债务付息支出"), ("234", "抗疫特别国债安排的支出"),
]
CN_NUM = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五",
          "十六", "十七", "十八", "十九", "二十", "二十一", "二十二", "二十三", "二十四", "二十五", "二十六"]
INCOME_LINES = ["一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入",
                "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"]
INCOME_COLUMNS = ["本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"]
EXPENDITURE_COLUMNS = ["本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"]

CITIES = ["江城市", "青山县", "武昌区", "临江市", "南湖区", "西山县", "东湖区", "白沙市", "金水区", "云溪县",
          "石门市", "桃源县", "北塘区", "新洲区", "汉川市", "枣阳市"]
DEPARTMENTS = [("人力资源和社会保障局", ["社会保险管理处", "就业服务中心", "劳动保障监察支队"]),
               ("财政局", ["国库支付中心", "财政投资评审中心", "机关"]),
               ("卫生健康委员会", ["疾病预防控制中心", "卫生监督所", "机关"]),
               ("文化和旅游局", ["群众艺术馆", "图书馆", "机关"]),
               ("农业农村局", ["农业技术推广中心", "机关"]),
               ("城市管理执法局", ["环境卫生管理处", "机关"])]


def split_amount(rng, total, parts):
    """Split `total` cents into `parts` non-negative integers (some may be zero)."""
    if parts == 1:
        return [total]
    cuts = sorted(rng.randint(0, total) for _ in range(parts - 1))
    return [b - a for a, b in zip([0] + cuts, cuts + [total])]


def tree_rows(tree, values_of_item, ncols):
    """Rows for 合计 + 类/款/项 from per-项 value vectors; returns [(code, name, [cents]*ncols)]."""
    rows = []
    total = [0] * ncols
    for lei, (lei_name, kuans) in tree.items():
        lei_rows = []
        lei_sum = [0] * ncols
        for kuan, (kuan_name, xiangs) in kuans.items():
            kuan_sum = [0] * ncols
            xiang_rows = []
            for xiang, xiang_name in xiangs.items():
                v = values_of_item.get(xiang)
                if v is None:
                    continue
                xiang_rows.append((xiang, xiang_name, list(v)))
                kuan_sum = [a + b for a, b in zip(kuan_sum, v)]
            if xiang_rows:
                lei_rows.append((kuan, kuan_name, kuan_sum))
                lei_rows.extend(xiang_rows)
                lei_sum = [a + b for a, b in zip(lei_sum, kuan_sum)]
        if lei_rows:
            rows.append((lei, lei_name, lei_sum))
            rows.extend(lei_rows)
            total = [a + b for a, b in zip(total, lei_sum)]
    return [("合计", "合计", total)] + rows


def pick_items(rng, tree, lo, hi):
    items = [x for _, (_, kuans) in tree.items() for _, (_, xs) in kuans.items() for x in xs]
    k = rng.randint(lo, min(hi, len(items)))
    return sorted(rng.sample(items, k))


def synth_document(seed):
    """One synthetic 决算 report: a dict of tables (rows of cents) and metadata."""
    rng = random.Random(seed)
    city = rng.choice(CITIES)
    dept, units = rng.choice(DEPARTMENTS)
    sub = rng.choice(units)
    department = f"{city}{dept}"
    unit = department if sub == "机关" else f"{department}{sub}"
    year = rng.randint(2016, 2025)
    scope = "部门" if sub == "机关" else "单位"

    # 一般公共预算 spending per 项: (basic, project)
    gb_items = pick_items(rng, FUNCTION_TREE, 5, 12)
    gb = {}
    for code in gb_items:
        basic = rng.randint(0, 1) and rng.randint(1_000, 150_000_00)
        project = rng.randint(0, 2) == 0 and rng.randint(100, 30_000_00) or 0
        if basic == 0 and project == 0:
            basic = rng.randint(1_000, 50_000_00)
        gb[code] = (basic, project)
    has_gf = rng.random() < 0.35
    has_sc = rng.random() < 0.2
    gf_open = rng.randint(0, 300_00) if has_gf else 0
    gf_income = rng.randint(50_00, 800_00) if has_gf else 0
    gf_spend = rng.randint(0, gf_open + gf_income) if has_gf else 0
    gf_basic = 0
    gf_project = gf_spend
    sc_spend = rng.randint(10_00, 200_00) if has_sc else 0

    # non-fiscal income per 项 (cols 3..7) and its spending (basic, project) not above it
    nonfiscal_income = {}
    nonfiscal_spend = {}
    for code in gb_items:
        if rng.random() < 0.3:
            parts = [0] * 5
            parts[rng.choice([0, 1, 4])] = rng.randint(100, 500_00)
            nonfiscal_income[code] = parts
            spent = rng.randint(0, sum(parts))
            b = rng.randint(0, spent)
            nonfiscal_spend[code] = (b, spent - b)
    nonfiscal_open = rng.randint(0, 100_00) if rng.random() < 0.4 else 0

    def gf_code():
        return next(iter(GOV_FUND_TREE["229"][1]["22960"][1]))

    def sc_code():
        return next(iter(STATE_CAPITAL_TREE["223"][1]["22301"][1]))

    full_tree = {**FUNCTION_TREE, **STATE_CAPITAL_TREE, **GOV_FUND_TREE}
    full_tree = dict(sorted(full_tree.items()))

    income_items = {}
    for code in gb_items:
        fiscal = sum(gb[code])
        other = nonfiscal_income.get(code, [0] * 5)
        income_items[code] = [fiscal + sum(other), fiscal] + other
    if has_gf:
        income_items[gf_code()] = [gf_income, gf_income, 0, 0, 0, 0, 0]
    if has_sc:
        income_items[sc_code()] = [sc_spend, sc_spend, 0, 0, 0, 0, 0]
    expenditure_items = {}
    for code in gb_items:
        nb, np_ = nonfiscal_spend.get(code, (0, 0))
        b, p = gb[code][0] + nb, gb[code][1] + np_
        expenditure_items[code] = [b + p, b, p, 0, 0, 0]
    if has_gf and gf_spend:
        expenditure_items[gf_code()] = [gf_spend, gf_basic, gf_project, 0, 0, 0]
    if has_sc:
        expenditure_items[sc_code()] = [sc_spend, 0, sc_spend, 0, 0, 0]

    income = tree_rows(full_tree, income_items, 7)
    expenditure = tree_rows(full_tree, expenditure_items, 6)
    gbe = tree_rows(FUNCTION_TREE, {c: [sum(v), v[0], v[1]] for c, v in gb.items()}, 3)

    basic_total = gbe[0][2][1]
    personnel_share = rng.randint(60, 90)
    personnel_total = basic_total * personnel_share // 100
    public_total = basic_total - personnel_total
    basic_rows = economic_rows(rng, PERSONNEL_TREE, personnel_total) , economic_rows(rng, PUBLIC_TREE, public_total)

    # three_public: budget and actual, 1 = 2+3+6, 3 = 4+5
    def three(scale):
        abroad = rng.choice([0, 0, rng.randint(100, 20_00)])
        purchase = rng.choice([0, 0, rng.randint(5_00, 30_00)])
        operation = rng.randint(0, 15_00)
        reception = rng.randint(0, 5_00)
        vehicle = purchase + operation
        return [abroad + vehicle + reception, abroad, vehicle, purchase, operation, reception]
    three_public = three(1) + three(1)

    inc_total = income[0][2]
    exp_total = expenditure[0][2]
    line = {}
    line[1] = gbe[0][2][0]
    line[2] = gf_income
    line[3] = sc_spend
    for i in range(4, 9):
        line[i] = inc_total[i - 2]
    line[27] = sum(line[i] for i in range(1, 9))
    assert line[27] == inc_total[0]
    line[28] = 0
    line[29] = gf_open + nonfiscal_open
    line[30] = line[27] + line[28] + line[29]
    lei_exp = {code: vals for code, _, vals in expenditure if len(code) == 3}
    for i, (code, _) in enumerate(EXPENDITURE_LINES):
        line[31 + i] = lei_exp.get(code, [0])[0]
    line[57] = sum(line[31 + i] for i in range(26))
    assert line[57] == exp_total[0]
    line[58] = 0
    line[59] = line[30] - line[57] - line[58]
    line[60] = line[57] + line[58] + line[59]

    # fiscal_summary: income lines 1..32 (col 1), expenditure 33..64 (cols 2..5)
    fs_in = {1: line[1], 2: gf_income, 3: sc_spend}
    fs_in[27] = fs_in[1] + fs_in[2] + fs_in[3]
    fs_in[29], fs_in[30], fs_in[31] = 0, gf_open, 0
    fs_in[28] = fs_in[29] + fs_in[30] + fs_in[31]
    fs_in[32] = fs_in[27] + fs_in[28]
    gb_lei = {code: vals[0] for code, _, vals in gbe if len(code) == 3}
    fs_out = {}
    for i, (code, _) in enumerate(EXPENDITURE_LINES):
        g = gb_lei.get(code, 0)
        f = gf_spend if code == "229" else 0
        s = sc_spend if code == "223" else 0
        fs_out[33 + i] = [g + f + s, g, f, s]
    fs_out[59] = [sum(fs_out[33 + i][k] for i in range(26)) for k in range(4)]
    closing = [0, gf_open + gf_income - gf_spend, 0]
    fs_out[61] = [closing[0], closing[0], 0, 0]
    fs_out[62] = [closing[1], 0, closing[1], 0]
    fs_out[63] = [closing[2], 0, 0, closing[2]]
    fs_out[60] = [sum(fs_out[r][k] for r in (61, 62, 63)) for k in range(4)]
    fs_out[64] = [fs_out[59][k] + fs_out[60][k] for k in range(4)]
    assert fs_in[32] == fs_out[64][0]

    gf_rows = None
    if has_gf:
        close = gf_open + gf_income - gf_spend
        gf_rows = tree_rows(GOV_FUND_TREE, {gf_code(): [gf_open, gf_income, gf_spend, gf_basic, gf_project, close]}, 6)
    sc_rows = tree_rows(STATE_CAPITAL_TREE, {sc_code(): [sc_spend, 0, sc_spend]}, 3) if has_sc else None

    # 会议费 / 培训费 (printed only by the 三公 layout with budget/actual rows); a separate stream
    # so that adding them left every earlier draw unchanged
    extra_rng = random.Random(seed + 7)
    three_public_extra = [extra_rng.randint(0, 8_00) for _ in range(4)]
    staff = rng.randint(8, 400)
    return {
        "seed": seed, "unit": unit, "department": department, "year": year, "scope": scope,
        "staff": staff, "retirees": rng.randint(0, staff // 2),
        "summary": line, "income": income, "expenditure": expenditure, "fiscal_summary": (fs_in, fs_out),
        "general_budget_expenditure": gbe, "basic_expenditure": basic_rows, "three_public": three_public,
        "three_public_extra": three_public_extra,
        "government_fund": gf_rows, "state_capital": sc_rows,
    }


def economic_rows(rng, tree, total):
    """[(code, name, cents)] for 类 and 款 rows of an economic tree whose 款 sum to `total`."""
    items = [(k, n) for _, (_, ks) in tree.items() for k, n in ks.items()]
    chosen = set(k for k, _ in rng.sample(items, rng.randint(3, len(items))))
    chosen_list = sorted(chosen)
    amounts = dict(zip(chosen_list, split_amount(rng, total, len(chosen_list))))
    rows = []
    for lei, (name, kuans) in tree.items():
        kuan_rows = [(k, n, amounts.get(k, 0)) for k, n in kuans.items()]
        rows.append((lei, name, sum(v for _, _, v in kuan_rows)))
        rows.extend(kuan_rows)
    return rows


def cents_to_decimal(c):
    return Decimal(c).scaleb(-2)


def fact_value(c):
    """The facts contract's value: exact decimal, no trailing zeros, no separators."""
    d = cents_to_decimal(c).normalize()
    s = format(d, "f")
    return s
