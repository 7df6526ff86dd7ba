//! Government-wide reports (总决算/总预算, 预算执行, 债务): a family of its own, whose tables are
//! not the department tables of the same names and must never get their kinds.
//!
//! The family is decided from a document's first page with text, where every government-wide report of
//! `../shared/realworld2` names itself (its cover, its 目录, or its first table's title) and no
//! department report does. Its tables get government kinds ([`kind_of_title`]): the debt balance
//! tables (lines by [`assign_debt_lines`]) and one side each of the three budgets' revenue and
//! spending and of the social insurance funds (keys by [`assign_keys`]); the level a title names
//! (全省, 省本级) is its rows' entity, since such a report prints each table for both. Tables of
//! both sides, by region, of balances are kept as other tables, cell by cell.

use super::keys;
use juesuan_model::{Diagnostic, DocFamily, Row, Rule, Severity, Table, TableKind};
use regex::Regex;
use std::sync::LazyLock;

/// Words only a government-wide report (or a document about government finance that is no
/// budget report: a bond rating, a statistics bulletin) prints on its first page, whatever else
/// the page mentions (威海 2025's cover carries a "部门预算草案" link beside its title).
const GOVERNMENT_TITLES: [&str; 11] = [
    "总决算",
    "总预算",
    "预算草案的报告",
    "预算（草案）的报告",
    "预算执行情况和",
    "预算执行情况与",
    "地方政府债务",
    "地方政府一般债务",
    "地方政府专项债务",
    "信用评级",
    "统计公报",
];

/// Words a government-wide report prints where a department's report would not, unless that
/// page is also a department's.
const GOVERNMENT_WORDS: [&str; 6] = [
    "财政决算",
    "预算执行情况",
    "执行情况表",
    "政府预算公开",
    "债务限额",
    "评级报告",
];

/// Words a department's or unit's own report prints on its first page.
const DEPARTMENT_WORDS: [&str; 8] = [
    "部门预算",
    "部门决算",
    "单位预算",
    "单位决算",
    "部门名称",
    "单位名称",
    "预算单位",
    "部门收支",
];

/// The family of a document from the text of its first page that has text: government-wide
/// when that page names a government-wide report; a department (or unit) report otherwise,
/// since that is what every other input is read as.
pub fn family_of(first_page: &str) -> DocFamily {
    let compact: String = first_page.chars().filter(|c| !c.is_whitespace()).collect();
    let has = |words: &[&str]| words.iter().any(|w| compact.contains(w));
    if has(&GOVERNMENT_TITLES) || (has(&GOVERNMENT_WORDS) && !has(&DEPARTMENT_WORDS)) {
        DocFamily::Government
    } else {
        DocFamily::Department
    }
}

/// The government kind a title names: the 财政部 template's debt balance tables (表1-1
/// 地方政府一般债务余额情况表, 表1-2 地方政府专项债务余额情况表, in 预算 and 决算 wordings), and the
/// revenue and expenditure tables of the three budgets (一般公共预算, 政府性基金, 国有资本经营), one
/// side each, whether 决算表, 执行情况表 or 预算表. Tables of both sides (收支总表), by region or
/// project (分地区, 转移支付), of the social insurance funds and of debt other than the balance
/// tables have no kind yet and are kept as other tables.
pub fn kind_of_title(title: &str) -> Option<TableKind> {
    let t: String = title.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.trim_end_matches(['（', '(', '续', '）', ')']);
    if !t.ends_with('表') && !t.ends_with('）') {
        return None;
    }
    // a sentence citing a table ("详见《…表》") is no title
    if t.contains(['《', '，', '。', '；']) {
        return None;
    }
    if [
        "一般债务余额情况表",
        "一般债务余额决算情况表",
        "一般债务余额表",
    ]
    .iter()
    .any(|w| t.contains(w))
    {
        return Some(TableKind::GovDebtGeneral);
    }
    if [
        "专项债务余额情况表",
        "专项债务余额决算情况表",
        "专项债务余额表",
    ]
    .iter()
    .any(|w| t.contains(w))
    {
        return Some(TableKind::GovDebtSpecial);
    }
    // one kind of debt's 限额 and 余额 (河北 2021's 省本级一般债务限额和余额情况表)
    if t.contains("一般债务限额") {
        return Some(TableKind::GovDebtGeneral);
    }
    if t.contains("专项债务限额") {
        return Some(TableKind::GovDebtSpecial);
    }
    if ["债务限额及余额", "债务限额和余额", "债务限额、余额"]
        .iter()
        .any(|w| t.contains(w))
    {
        return Some(TableKind::GovDebtByRegion);
    }
    const OTHER: [&str; 13] = [
        "收支",
        "平衡",
        "分地区",
        "转移支付",
        "税收返还",
        "分项目",
        "结余",
        "补助情况",
        "债务",
        "债券",
        "三公",
        "对下",
        "补助下级",
    ];
    if OTHER.iter().any(|w| t.contains(w)) {
        return None;
    }
    let revenue = t.contains("收入");
    let expenditure = t.contains("支出");
    if revenue == expenditure {
        return None;
    }
    if t.contains("社会保险基金") {
        Some(if revenue {
            TableKind::GovSocialInsuranceRevenue
        } else {
            TableKind::GovSocialInsuranceExpenditure
        })
    } else if t.contains("一般公共预算") {
        Some(if revenue {
            TableKind::GovGeneralRevenue
        } else if t.contains("经济分类") || t.contains("基本支出") {
            TableKind::GovGeneralExpenditureEconomic
        } else if t.contains("功能分类") {
            TableKind::GovGeneralExpenditureFunction
        } else {
            TableKind::GovGeneralExpenditure
        })
    } else if t.contains("经济分类") {
        // a fund's spending by economic class: no kind yet
        None
    } else if t.contains("政府性基金") {
        Some(if revenue {
            TableKind::GovFundRevenue
        } else {
            TableKind::GovFundExpenditure
        })
    } else if t.contains("国有资本经营") {
        Some(if revenue {
            TableKind::GovStateCapitalRevenue
        } else {
            TableKind::GovStateCapitalExpenditure
        })
    } else {
        None
    }
}

static LEVEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"全[省市区县州盟旗]|[省市区县州盟旗]?本级|[省市区县]级(?:一般公共|政府性基金|国有资本|地方政府)",
    )
    .unwrap()
});

/// The level of government a table's title names: "全省"/"全市" (the whole region, its
/// subordinate governments included), "省本级"/"市本级"/"市级" (the government's own budget),
/// or "" when the title names none. A government-wide report often prints the same table for
/// both, so the level is the rows' `entity`.
pub fn level_of_title(title: &str) -> String {
    let t: String = title.chars().filter(|c| !c.is_whitespace()).collect();
    LEVEL
        .find(&t)
        .map(|m| {
            let m = m.as_str();
            match m.find("级") {
                Some(i) if !m.contains("本级") => m[..i + "级".len()].to_string(),
                _ => m.to_string(),
            }
        })
        .unwrap_or_else(|| {
            // a body of its own named between the year and the budget ("2020年管委会一般公共预算…")
            let after_year = t.split_once('年').map_or("", |(_, rest)| rest);
            ["一般公共预算", "政府性基金", "国有资本经营", "社会保险基金"]
                .iter()
                .filter_map(|b| after_year.find(b).map(|i| &after_year[..i]))
                .next()
                .filter(|body| {
                    !body.is_empty()
                        && body.chars().count() <= 8
                        && !body.ends_with(['省', '市', '区', '县', '州', '盟', '旗'])
                })
                .unwrap_or_default()
                .to_string()
        })
}

static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(20\d{2})年").unwrap());
static CHINESE_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[一二三四五六七八九〇○零Ｏ]{4}年").unwrap());

/// Years printed in Chinese numerals as digits ("二○二四年" → "2024年", 南昌 2025).
fn arabic_years(text: &str) -> String {
    CHINESE_YEAR
        .replace_all(text, |c: &regex::Captures| {
            c[0].chars()
                .map(|ch| match ch {
                    '〇' | '○' | '零' | 'Ｏ' => '0',
                    '一' => '1',
                    '二' => '2',
                    '三' => '3',
                    '四' => '4',
                    '五' => '5',
                    '六' => '6',
                    '七' => '7',
                    '八' => '8',
                    '九' => '9',
                    other => other,
                })
                .collect::<String>()
        })
        .into_owned()
}

/// The column keys of government-wide revenue and expenditure tables, with what they stand for
/// (listed by `juesuan keys`; [`column_key`] decides them from the headings).
pub const COLUMN_KEYS: [(&str, &str); 24] = [
    ("budget", "预算数（年初预算数；表题年度的预算数）"),
    (
        "adjusted_budget",
        "调整预算数（变动预算数，（调整）预算数）",
    ),
    ("actual", "决算数（执行数，完成数；表题年度的）"),
    (
        "prior_actual",
        "上年决算数（上年执行数；表题年度之前一年的）",
    ),
    ("prior_budget", "上年预算数"),
    ("change", "增减额（增收额，增支额）"),
    ("amount", "金额（合计：唯一的金额栏）"),
    ("pct_of_budget", "为预算%（完成预算%），%"),
    (
        "pct_of_adjusted",
        "为调整预算%（完成调整预算数的%，占调整预算），%",
    ),
    ("pct_of_prior", "为上年%（决算数为上年决算数的%），%"),
    ("change_pct", "比上年增长%（比上年增减%，同比+-%），%"),
    ("pct_of_total", "占比%（占合计的%），%"),
    (
        "enterprise_pension",
        "企业职工基本养老保险基金（社会保险基金表的基金栏；也作行）",
    ),
    ("resident_pension", "城乡居民基本养老保险基金"),
    ("public_pension", "机关事业单位基本养老保险基金"),
    ("employee_medical", "职工基本医疗保险（含生育保险）基金"),
    ("resident_medical", "城乡居民基本医疗保险基金"),
    ("work_injury", "工伤保险基金"),
    ("unemployment", "失业保险基金"),
    ("long_term_care", "长期护理保险基金"),
    ("maternity", "生育保险基金"),
    ("basic", "基本支出"),
    ("project", "项目支出"),
    ("total", "小计/合计（其旁各栏之和）"),
];

/// The column key of a government-wide table's heading, relative to the year its title names
/// (a 2025 execution table's "2024年决算数" is the prior year's): amounts `budget`,
/// `adjusted_budget`, `actual`, `prior_actual`, `prior_budget`, `change` (增减额), `amount`
/// (a single unnamed amount, 合计/金额); percentages `pct_of_budget`, `pct_of_adjusted`,
/// `pct_of_prior`, `change_pct`, `pct_of_total` (占比).
pub fn column_key(header: &str, title_year: Option<u16>) -> Option<&'static str> {
    let h: String = arabic_years(header)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .replace("（万元）", "")
        .replace("(万元)", "")
        .replace("（亿元）", "");
    let years: Vec<u16> = YEAR
        .captures_iter(&h)
        .filter_map(|c| c[1].parse().ok())
        .collect();
    let percent = h.contains(['%', '％', '占']) || h.contains("增长率") || h.contains("增幅");
    if percent {
        return if ["比上年", "同比", "增长", "增减", "增幅", "+-", "±"]
            .iter()
            .any(|w| h.contains(w))
        {
            Some("change_pct")
        } else if h.contains("占") && !h.contains("预算") {
            Some("pct_of_total")
        } else if h.contains("上年") {
            Some("pct_of_prior")
        } else if h.contains("调整") || h.contains("变动") {
            Some("pct_of_adjusted")
        } else if h.contains("预算") {
            Some("pct_of_budget")
        } else {
            None
        };
    }
    if years.len() > 1 {
        return None; // two headings squeezed into one cell
    }
    let prior =
        h.contains("上年") || matches!((years.first(), title_year), (Some(y), Some(t)) if y < &t);
    if h.contains("增减") || h.contains("增收") || h.contains("增支") || h.ends_with("增加额")
    {
        return h.contains("增").then_some("change");
    }
    if h.contains("增长") || h.contains("同比") {
        return Some("change_pct"); // "比上年增长": a rate, printed without its % sign
    }
    if let Some(fund) = fund_of(&h) {
        return Some(fund);
    }
    if h.contains("基本支出") {
        return Some("basic");
    }
    if h.contains("项目支出") {
        return Some("project");
    }
    let rest = YEAR.replace_all(&h, "");
    let rest = rest.trim_start_matches("上年").trim_start_matches("本年");
    if !matches!(rest, "合计" | "金额" | "小计")
        && (rest.ends_with("小计") || rest.ends_with("合计"))
    {
        return Some("total"); // "政府性基金预算支出小计": the sum of the columns beside it
    }
    let budget = rest.contains("预算");
    let adjusted = rest.contains("调整") || rest.contains("变动");
    let actual = ["决算", "执行", "完成"].iter().any(|w| rest.contains(w));
    match (prior, budget, adjusted, actual) {
        (false, true, true, false) => Some("adjusted_budget"),
        (false, true, false, false) => Some("budget"),
        (true, true, _, false) => Some("prior_budget"),
        (false, _, _, true) => Some("actual"),
        (true, _, _, true) => Some("prior_actual"),
        _ if matches!(rest, "合计" | "金额" | "小计") => Some("amount"),
        _ => None,
    }
}

/// Keys of a government-wide revenue or expenditure table: columns by heading ([`column_key`]),
/// rows by label (`keys/lines.tsv`: taxes and non-tax items by name, spending by its 类's code)
/// or by printed code. A line is given once per level: a 类 named again further down (其他支出 as
/// 类, 款 and 项 of a table printed without codes) is the later rows' own item, kept by its label.
pub fn assign_keys(table: &mut Table, report_year: Option<u16>, diagnostics: &mut Vec<Diagnostic>) {
    let kind = table.kind;
    let year = title_year(&table.title, report_year);
    let mut unknown = |what: &str, text: &str, rule: Rule| {
        diagnostics.push(Diagnostic::note(
            rule,
            Severity::Warning,
            format!(
                "{}: the {what} \"{text}\" is not in the key mapping; kept as unknown:{text}",
                kind.as_str()
            ),
        ));
    };
    // one heading over several columns that joins theirs ("2023年执行数 2022年决算数", 江苏 2023):
    // each column its part, in order, when the parts are as many as the columns
    let headers: Vec<String> = table.columns.iter().map(|c| c.header.clone()).collect();
    let mut i = 0;
    while i < headers.len() {
        let run = headers[i..]
            .iter()
            .take_while(|h| **h == headers[i])
            .count();
        let parts = year_parts(&headers[i]);
        if run > 1 && parts.len() == run {
            for (column, part) in table.columns[i..i + run].iter_mut().zip(parts) {
                column.header = part;
            }
        }
        i += run;
    }
    if kind == TableKind::GovDebtByRegion {
        assign_region_keys(table, year, &mut unknown);
        return;
    }
    for column in &mut table.columns {
        // a heading whose % sign was printed apart: its cells print it ("99.5%")
        let cells_percent = table
            .rows
            .iter()
            .filter_map(|r| r.cells.iter().find(|c| c.column == column.number))
            .any(|c| c.text.trim_end().ends_with(['%', '％']));
        let header = if cells_percent && !column.header.contains(['%', '％']) {
            format!("{}%", column.header)
        } else {
            column.header.clone()
        };
        column.key = match column_key(&header, year) {
            Some(k) => k.to_string(),
            None => {
                unknown("column", &column.header, Rule::UnknownColumn);
                format!("unknown:{}", column.header)
            }
        };
    }
    // a social insurance table's 合计 beside its funds' columns is their total
    let social = matches!(
        kind,
        TableKind::GovSocialInsuranceRevenue | TableKind::GovSocialInsuranceExpenditure
    );
    if social && table.columns.iter().any(|c| fund_of(&c.header).is_some()) {
        for column in table.columns.iter_mut().filter(|c| c.key == "amount") {
            column.key = "total".into();
        }
    }
    // two columns keyed alike: the headings do not say which is which (a table of budget sources,
    // 江苏 2018's 当年省级安排 | 中央专款 | 上年结转): neither keyed
    let keys: Vec<String> = table.columns.iter().map(|c| c.key.clone()).collect();
    for column in &mut table.columns {
        if !column.key.starts_with("unknown:")
            && keys.iter().filter(|k| **k == column.key).count() > 1
        {
            unknown("column", &column.header, Rule::UnknownColumn);
            column.key = format!("unknown:{}", column.header);
        }
    }
    let by_name_first = matches!(
        kind,
        TableKind::GovGeneralRevenue
            | TableKind::GovFundRevenue
            | TableKind::GovStateCapitalRevenue
    );
    // a social insurance table printing its funds as sections of rows: the fund a row is under
    let mut section: Option<&'static str> = None;
    let mut given: Vec<(String, String)> = Vec::new();
    for row in &mut table.rows {
        if social {
            let label = keys::normalize_label(&row.label);
            let item = label
                .trim_start_matches("其中")
                .trim_start_matches([':', '：']);
            let by_name = keys::line_of_label(kind, item);
            let line = if let Some(fund) = fund_of(&label) {
                section = Some(fund);
                Some(fund.to_string())
            } else if by_name == Some("total") {
                section = None;
                Some("total".to_string())
            } else {
                match (section, by_name) {
                    (Some(fund), Some(item)) => Some(format!("{fund}.{item}")),
                    (None, Some(item)) => Some(item.to_string()),
                    (_, None) => None,
                }
            };
            let line = line.filter(|l| !given.contains(&(row.entity.clone(), l.clone())));
            if let Some(l) = &line {
                given.push((row.entity.clone(), l.clone()));
            }
            row.line = line.unwrap_or_else(|| {
                if row.cells.iter().any(|c| c.value.is_some()) {
                    unknown("line", &label, Rule::UnknownLine);
                }
                format!("unknown:{label}")
            });
            continue;
        }
        // "其他支出(类)": the 类 itself
        let label = row
            .label
            .trim_end_matches("(类)")
            .trim_end_matches("（类）");
        let by_name = keys::line_of_label(kind, label).map(str::to_string);
        let line = if by_name_first {
            by_name.or(row.code.clone())
        } else {
            row.code.clone().or(by_name)
        };
        let line = line.filter(|l| !given.contains(&(row.entity.clone(), l.clone())));
        row.line = match line {
            Some(l) => {
                given.push((row.entity.clone(), l.clone()));
                l
            }
            None => {
                let label = keys::normalize_label(&row.label);
                if row.cells.iter().any(|c| c.value.is_some()) {
                    unknown("line", &label, Rule::UnknownLine);
                }
                format!("unknown:{label}")
            }
        };
    }
    key_cells(table);
}

/// Keys of a 债务限额及余额 table by region: columns `limit.total`, `limit.general`,
/// `limit.special`, `balance.total` … (`prior_year.` before a 余额 of a year before the title's);
/// rows `total` (the first 合计/全省 row), `own_level` (省本级/市本级), `subtotal:<label>` (a
/// further 合计) and `region:<label>`.
fn assign_region_keys(
    table: &mut Table,
    year: Option<u16>,
    unknown: &mut impl FnMut(&str, &str, Rule),
) {
    for column in &mut table.columns {
        let h: String = column
            .header
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let metric = if h.contains("新增") && h.contains("限额") {
            Some("new_limit")
        } else if h.contains("限额") {
            Some("limit")
        } else if h.contains("余额") {
            Some("balance")
        } else {
            None
        };
        let part = if h.contains("一般") {
            Some("general")
        } else if h.contains("专项") {
            Some("special")
        } else if h.contains("合计")
            || h.ends_with("限额")
            || h.ends_with("余额")
            || h.ends_with("执行数")
            || h.ends_with("决算数")
        {
            Some("total")
        } else {
            None
        };
        let prior = YEAR
            .captures(&h)
            .and_then(|c| c[1].parse::<u16>().ok())
            .zip(year)
            .is_some_and(|(y, t)| y < t);
        column.key = match (metric, part) {
            (Some(m), Some(p)) if prior => format!("prior_year.{m}.{p}"),
            (Some(m), Some(p)) => format!("{m}.{p}"),
            _ => {
                unknown("column", &column.header, Rule::UnknownColumn);
                format!("unknown:{}", column.header)
            }
        };
    }
    // two columns keyed alike: the headings do not say which is which
    let keys: Vec<String> = table.columns.iter().map(|c| c.key.clone()).collect();
    for column in &mut table.columns {
        if !column.key.starts_with("unknown:")
            && keys.iter().filter(|k| **k == column.key).count() > 1
        {
            unknown("column", &column.header, Rule::UnknownColumn);
            column.key = format!("unknown:{}", column.header);
        }
    }
    let mut total_seen = false;
    for row in &mut table.rows {
        let label = keys::normalize_label(&row.label);
        row.line = if !total_seen
            && (label.contains("合计") || label.contains("总计") || label.starts_with('全'))
        {
            total_seen = true;
            "total".into()
        } else if label.ends_with("本级") {
            "own_level".into()
        } else if label.contains("合计") || label.contains("小计") {
            format!("subtotal:{label}")
        } else {
            format!("region:{label}")
        };
    }
    key_cells(table);
}

/// Every cell takes its column's key.
fn key_cells(table: &mut Table) {
    for row in &mut table.rows {
        for cell in &mut row.cells {
            cell.key = table
                .columns
                .iter()
                .find(|c| c.number == cell.column)
                .map_or_else(|| format!("unknown:{}", cell.column), |c| c.key.clone());
        }
    }
}

/// Rows of a government table that carry neither label nor code: what a page printing its labels
/// apart from its amounts gives (河北 2021's tables), amounts of several rows run together. They
/// are dropped, since no fact could say which line its amount is; returns how many.
pub fn drop_unlabelled_rows(table: &mut Table) -> usize {
    let before = table.rows.len();
    table
        .rows
        .retain(|r| r.code.is_some() || !r.label.trim().is_empty());
    before - table.rows.len()
}

/// A heading joining several years' headings, split before each year ("2023年执行数2022年决算数"
/// → "2023年执行数", "2022年决算数"); one part when it names one year or none.
fn year_parts(header: &str) -> Vec<String> {
    let compact: String = header.chars().filter(|c| !c.is_whitespace()).collect();
    let starts: Vec<usize> = YEAR.find_iter(&compact).map(|m| m.start()).collect();
    if starts.len() < 2 || starts[0] != 0 {
        return vec![compact];
    }
    starts
        .iter()
        .zip(starts.iter().skip(1).chain(std::iter::once(&compact.len())))
        .map(|(&a, &b)| compact[a..b].to_string())
        .collect()
}

/// The keys of the social insurance funds.
pub const FUND_KEYS: [&str; 9] = [
    "enterprise_pension",
    "resident_pension",
    "public_pension",
    "employee_medical",
    "resident_medical",
    "work_injury",
    "unemployment",
    "long_term_care",
    "maternity",
];

/// The social insurance fund a heading or label names, by its key.
pub fn fund_of(text: &str) -> Option<&'static str> {
    const FUNDS: [(&str, &str); 11] = [
        ("企业职工基本养老保险", "enterprise_pension"),
        ("城乡居民基本养老保险", "resident_pension"),
        ("机关事业单位基本养老保险", "public_pension"),
        ("职工基本医疗保险", "employee_medical"),
        ("城乡居民基本医疗保险", "resident_medical"),
        ("居民基本养老保险", "resident_pension"),
        ("居民基本医疗保险", "resident_medical"),
        ("工伤保险", "work_injury"),
        ("失业保险", "unemployment"),
        ("长期护理保险", "long_term_care"),
        ("生育保险基金", "maternity"),
    ];
    FUNDS
        .iter()
        .find(|(name, _)| text.contains(name))
        .map(|(_, key)| *key)
}

/// The year a government table's title names ("2025年市本级…执行情况表"), else the report's.
pub fn title_year(title: &str, report_year: Option<u16>) -> Option<u16> {
    YEAR.captures(&arabic_years(title))
        .and_then(|c| c[1].parse().ok())
        .or(report_year)
}

/// The canonical lines of a debt balance table. The year-end balances and limits differ by their
/// year: a balance at the end of a year before the title's (or 上年末) is the year before's, any
/// other the year's; a limit of a year after the title's (or 下年) is the next year's. A table that
/// prints no years tells them by order: the first balance is the year before's (the template's
/// order), the first 限额 the year's.
pub fn assign_debt_lines(rows: &mut [Row], title_year: Option<u16>) {
    let (mut balances, mut limits) = (0, 0);
    let year_of = |label: &str| YEAR.captures(label).and_then(|c| c[1].parse::<u16>().ok());
    for row in rows {
        let l = &row.label;
        let year = year_of(l);
        let line = if l.contains("化解") {
            "resolved_other" // 采取其他方式化解…债务额 (黑龙江 2020)
        } else if l.contains("赤字") {
            "deficit.next_year"
        } else if l.contains("新增限额") || l.contains("新增债务限额") || l.contains("新增举债额度")
        {
            "new_limit.next_year"
        } else if l.contains("限额") {
            limits += 1;
            let next = match (year, title_year) {
                (Some(y), Some(t)) => y > t,
                _ if l.contains("下年") => true,
                _ if l.contains("本年") => false,
                _ => limits > 1,
            };
            if next {
                "limit.next_year"
            } else {
                "limit.year_end"
            }
        } else if l.contains("国际金融组织") || l.contains("外国政府") {
            "issued.foreign_loans"
        } else if l.contains("债券发行") {
            "issued.bonds"
        } else if l.contains("发行") || l.contains("转贷收入") {
            "issued"
        } else if l.contains("还本") {
            "repaid"
        } else if l.contains("余额") {
            balances += 1;
            let prior = match (year, title_year) {
                _ if l.contains("上年末") => true,
                (Some(y), Some(t)) => y < t,
                _ if l.contains("年末") && year.is_none() => false,
                _ => balances == 1,
            };
            if prior {
                "balance.prior_year_end"
            } else {
                "balance.year_end"
            }
        } else {
            continue;
        };
        row.line = line.to_string();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_come_from_the_budget_and_side_a_title_names() {
        for (title, kind) in [
            (
                "1.2 2020年黑龙江省一般公共预算收入决算表",
                Some(TableKind::GovGeneralRevenue),
            ),
            (
                "2025年全市一般公共预算支出执行情况表",
                Some(TableKind::GovGeneralExpenditure),
            ),
            (
                "1.4 2020年黑龙江省一般公共预算支出功能分类决算表",
                Some(TableKind::GovGeneralExpenditureFunction),
            ),
            (
                "2026年市本级一般公共预算基本支出经济分类科目表",
                Some(TableKind::GovGeneralExpenditureEconomic),
            ),
            (
                "二○二五年全市政府性基金预算收入执行情况表",
                Some(TableKind::GovFundRevenue),
            ),
            (
                "2.10 2020年黑龙江省本级政府性基金支出决算表",
                Some(TableKind::GovFundExpenditure),
            ),
            (
                "§14 2021年省本级国有资本经营预算收入决算表",
                Some(TableKind::GovStateCapitalRevenue),
            ),
            (
                "表1-1 46海南省2025年地方政府一般债务余额情况表",
                Some(TableKind::GovDebtGeneral),
            ),
            // both sides, by region, a fund's balance, a sentence: other tables
            ("1.5 2020年黑龙江省一般公共预算收支总表", None),
            (
                "§5 2021年省本级一般公共预算税收返还及转移支付分地区表",
                None,
            ),
            (
                "1.27 2020年黑龙江省社会保险基金收入决算表",
                Some(TableKind::GovSocialInsuranceRevenue),
            ),
            ("2025年末威海市社会保险基金预算结余执行情况表", None),
            ("详见《2025年全市一般公共预算收入执行情况表》", None),
        ] {
            assert_eq!(kind_of_title(title), kind, "{title}");
        }
    }

    #[test]
    fn debt_lines_are_told_apart_by_their_years() {
        let row = |label: &str| Row {
            key: label.into(),
            label: label.into(),
            page: 1,
            cells: Vec::new(),
            ..Default::default()
        };
        // the first balance lost (printed into the header): the year still says which
        let mut rows = vec![
            row("二、2024年末地方政府一般债务余额限额"),
            row("四、2024年末地方政府一般债务余额实际数"),
            row("七、2025年地方政府一般债务余额限额"),
        ];
        assign_debt_lines(&mut rows, Some(2024));
        let lines: Vec<&str> = rows.iter().map(|r| r.line.as_str()).collect();
        assert_eq!(
            lines,
            ["limit.year_end", "balance.year_end", "limit.next_year"]
        );
        // no years printed: 本年/年末 say it (河北 2021)
        let mut rows = vec![
            row("本年地方政府一般债务限额"),
            row("年末地方政府一般债务余额"),
        ];
        assign_debt_lines(&mut rows, Some(2021));
        assert_eq!(rows[1].line, "balance.year_end");
    }

    #[test]
    fn a_heading_over_several_columns_splits_by_year() {
        assert_eq!(
            year_parts("2023年执行数 2022年决算数"),
            ["2023年执行数", "2022年决算数"]
        );
        assert_eq!(year_parts("2025年预算数"), ["2025年预算数"]);
        assert_eq!(year_parts("决算数为2024年的%"), ["决算数为2024年的%"]);
    }

    #[test]
    fn a_title_names_its_level_of_government() {
        assert_eq!(
            level_of_title("2025年全市一般公共预算收入执行情况表"),
            "全市"
        );
        assert_eq!(
            level_of_title("2.2 2020年黑龙江省本级一般公共预算收入决算表"),
            "省本级"
        );
        assert_eq!(
            level_of_title("2025年市级政府性基金预算收入执行情况表"),
            "市级"
        );
        assert_eq!(
            level_of_title("1.2 2020年黑龙江省一般公共预算收入决算表"),
            ""
        );
    }

    #[test]
    fn headings_key_by_what_and_which_year() {
        let y = Some(2025);
        for (heading, key) in [
            ("2024年决算数", Some("prior_actual")),
            ("2025年预算数", Some("budget")),
            ("2025年调整预算数", Some("adjusted_budget")),
            ("2025年变动预算数", Some("adjusted_budget")),
            ("2025年执行数金额", Some("actual")),
            ("决算数", Some("actual")),
            ("二○二四年决算数", Some("prior_actual")),
            ("完成调整预算数的%", Some("pct_of_adjusted")),
            ("为年度预算%", Some("pct_of_budget")),
            ("2025年执行数占调整预算", Some("pct_of_adjusted")),
            ("决算数为上年决算数的%", Some("pct_of_prior")),
            ("比上年（同比）+-%", Some("change_pct")),
            ("比上年增长", Some("change_pct")),
            ("增收额", Some("change")),
            ("2018年执行数2019年预算数", None),
            ("政府性基金预算支出基本支出", Some("basic")),
            ("政府性基金预算支出项目支出", Some("project")),
            ("政府性基金预算支出小计", Some("total")),
            ("企业职工基本养老保险基金", Some("enterprise_pension")),
            (
                "职工基本医疗保险（含生育保险）基金",
                Some("employee_medical"),
            ),
            ("居民基本医疗保险基金", Some("resident_medical")),
        ] {
            assert_eq!(column_key(heading, y), key, "{heading}");
        }
    }

    #[test]
    fn tells_government_reports_from_department_reports() {
        for cover in [
            "黑龙江省2020年全省和省本级财政决算",
            "2021年度 省本级及全省财政总决算公开",
            "江苏省2023年预算执行情况 与2024年预算（草案）",
            "表1-1 46海南省2025年地方政府一般债务余额情况表 单位：亿元",
            "2026年广州市本级政府预算公开",
            "关于洛阳市2025年预算执行情况和 2026年预算（草案）的报告",
            "荆州市2025年国民经济和社会发展统计公报",
            "码上看报告 部门预算草案 关于2025年威海市和市级 预算执行情况与2026年威海市和市级 预算草案的报告",
        ] {
            assert_eq!(family_of(cover), DocFamily::Government, "{cover}");
        }
        for cover in [
            "北京市交通委员会2026年度部门预算信息公开",
            "武昌社会保险管理处2020年度单位决算公开",
            "公开01表 收支预算总表 部门名称：江苏省人大常委会办公厅",
            "2020年度收入支出决算总表（表1） 单位：万元",
        ] {
            assert_eq!(family_of(cover), DocFamily::Department, "{cover}");
        }
    }
}
