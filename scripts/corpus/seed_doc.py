"""The seed report (../shared/seed, 武昌社会保险管理处 2020 单位决算) as a corpus document, real numbers.

Read from the seed's tables by hand; `tests` check every identity of the truth it produces. The one
reading the seed leaves open, which 三公 columns its four amounts sit in, is taken as 1, 3, 5, 6
(the only one where 1 = 2+3+6 and 3 = 4+5 hold with an operating-cost vehicle line).
"""
from decimal import Decimal


def c(s):
    return int(Decimal(s.replace(",", "")) * 100) if s else 0


CODED = """
2080101 行政运行 | 1096.44 1096.44 | 1096.44 1096.44 | 1096.44 1096.44
2080109 社会保险经办机构 | 120.7 116.51 4.19 | 119.27 - 119.27 | 116.51 - 116.51
2080502 事业单位离退休 | 74.02 74.02 | 74.02 74.02 | 74.02 74.02
2080505 机关事业单位基本养老保险缴费支出 | 66.34 66.34 | 66.34 66.34 | 66.34 66.34
2080704 社会保险补贴 | 1.66 1.66 | 1.66 - 1.66 | 1.66 - 1.66
2080705 公益性岗位补贴 | 3.15 3.15 | 3.15 - 3.15 | 3.15 - 3.15
2101102 事业单位医疗 | 67.58 67.58 | 67.58 67.58 | 67.58 67.58
2101103 公务员医疗补助 | 76.03 76.03 | 76.03 76.03 | 76.03 76.03
2101199 其他行政事业单位医疗支出 | 5.62 5.62 | 5.62 5.62 | 5.62 5.62
2210201 住房公积金 | 105.73 105.73 | 105.73 105.73 | 105.73 105.73
2210202 提租补贴 | 22.03 22.03 | 22.03 22.03 | 22.03 22.03
2210203 购房补贴 | 37.89 37.89 | 37.89 37.89 | 37.89 37.89
"""
NAMES = {"208": "社会保障和就业支出", "20801": "人力资源和社会保障管理事务", "20805": "行政事业单位养老支出",
         "20807": "就业补助", "210": "卫生健康支出", "21011": "行政事业单位医疗", "221": "住房保障支出",
         "22102": "住房改革支出"}
PERSONNEL = """301 工资福利支出 1,255.69
30101 基本工资 181.64
30102 津贴补贴 230.62
30103 奖金 491.23
30106 伙食补助费
30107 绩效工资
30108 机关事业单位基本养老保险缴费 66.34
30109 职业年金缴费
30110 职工基本医疗保险缴费 62.24
30111 公务员医疗补助缴费 76.03
30112 其他社会保障缴费 17.49
30113 住房公积金 105.73
30114 医疗费
30199 其他工资福利支出 24.37
303 对个人和家庭的补助 79.08
30301 离休费
30302 退休费 63.67
30303 退职（役）费
30304 抚恤金 15.41
30305 生活补助
30306 救济费
30307 医疗费补助
30308 助学金
30309 奖励金
30310 个人农业生产补贴
30311 代缴社会保险费
30399 其他对个人和家庭的补助"""
PUBLIC = """302 商品和服务支出 194.33
30201 办公费 31.18
30202 印刷费
30203 咨询费 0.6
30204 手续费
30205 水费 1.16
30206 电费 7.39
30207 邮电费 3.39
30208 取暖费
30209 物业管理费
30211 差旅费 0.42
30212 因公出国（境）费用
30213 维修（护）费 13.68
30214 租赁费
30215 会议费
30216 培训费
30217 公务接待费
30218 专用材料费 14.57
30224 被装购置费
30225 专用燃料费
30226 劳务费
30227 委托业务费 4.77
30228 工会经费 15.84
30229 福利费 57.41
30231 公务用车运行维护费
30239 其他交通费用 31.45
30240 税金及附加费用
30299 其他商品和服务支出 12.47
307 债务利息及费用支出
30701 国内债务付息
30703 国内债务发行费用
310 资本性支出 22.58
31002 办公设备购置 22.58
31003 专用设备购置
31007 信息网络及软件购置更新
31013 公务用车购置
31019 其他交通工具购置
31021 文物和陈列品购置
31022 无形资产购置
31099 其他资本性支出
312 对企业补助
31204 费用补贴
31299 其他对企业补贴
399 其他支出
39908 对民间非营利组织和群众性自治组织补贴"""


def economic(text):
    rows = []
    for line in text.splitlines():
        parts = line.split()
        value = c(parts[2]) if len(parts) > 2 else 0
        rows.append((parts[0], parts[1], value))
    return rows


def coded_rows(items, ncols):
    """合计 + 类/款/项 rows summed from 项 rows."""
    rows, order = {}, []
    for code, name, vals in items:
        for key, nm in ((code[:3], NAMES[code[:3]]), (code[:5], NAMES[code[:5]]), (code, name)):
            if key not in rows:
                rows[key] = [nm, [0] * ncols]
                order.append(key)
            rows[key][1] = [a + b for a, b in zip(rows[key][1], vals)]
    total = [sum(rows[k][1][i] for k in order if len(k) == 3) for i in range(ncols)]
    return [("合计", "合计", total)] + [(k, rows[k][0], rows[k][1]) for k in order]


def seed_document():
    inc, exp, gbe = [], [], []
    for line in CODED.strip().splitlines():
        head, a, b, g = [p.strip() for p in line.split("|")]
        code, name = head.split(" ", 1)
        av = [c(x) if x != "-" else 0 for x in a.split()]
        # income: 合计, 财政拨款, then 其他收入 as the 3rd number
        inc.append((code, name, [av[0], av[1], 0, 0, 0, 0, av[2] if len(av) > 2 else 0]))
        ev = [c(x) if x != "-" else 0 for x in b.split()]
        exp.append((code, name, [ev[0], ev[1] if len(ev) > 1 else 0, ev[2] if len(ev) > 2 else 0, 0, 0, 0]))
        gv = [c(x) if x != "-" else 0 for x in g.split()]
        gbe.append((code, name, [gv[0], gv[1] if len(gv) > 1 else 0, gv[2] if len(gv) > 2 else 0]))
    line = {i: 0 for i in range(1, 61)}
    line.update({1: c("1673"), 8: c("4.19"), 27: c("1677.19"), 30: c("1677.19"), 38: c("1360.88"),
                 39: c("149.23"), 49: c("165.65"), 57: c("1675.76"), 59: c("1.43"), 60: c("1677.19")})
    fs_in = {i: 0 for i in range(1, 33)}
    fs_in.update({1: c("1673"), 27: c("1673"), 32: c("1673")})
    fs_out = {i: [0, 0, 0, 0] for i in range(33, 65)}
    fs_out.update({40: [c("1358.12"), c("1358.12"), 0, 0], 41: [c("149.23"), c("149.23"), 0, 0],
                   51: [c("165.65"), c("165.65"), 0, 0], 59: [c("1673"), c("1673"), 0, 0],
                   64: [c("1673"), c("1673"), 0, 0]})
    return {
        "seed": "wuchang", "unit": "武汉市人力资源和社会保障局武昌社会保险管理处",
        "department": "武汉市人力资源和社会保障局", "year": 2020, "scope": "单位", "staff": 43, "retirees": 23,
        "summary": line, "income": coded_rows(inc, 7), "expenditure": coded_rows(exp, 6),
        "fiscal_summary": (fs_in, fs_out), "general_budget_expenditure": coded_rows(gbe, 3),
        "basic_expenditure": (economic(PERSONNEL), economic(PUBLIC)),
        "three_public": [c("4.5"), 0, c("3.5"), 0, c("3.5"), c("1")] + [0] * 6,
        "three_public_extra": [0, 0, 0, 0],
        "government_fund": None, "state_capital": None,
    }
