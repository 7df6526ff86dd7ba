//! Figures the report states in its prose (the 情况说明): every number with a unit (万元, %, 人,
//! 辆 …) becomes a [`NarrativeFigure`] with the heading it is under, what it is about (the words
//! before it), what it measures (an amount, a share, a change, a rate of change, a count) and,
//! where it speaks of a table cell or of a figure juesuan names, its canonical key. The checks
//! against the tables are in `validate::narrative`.
//!
//! Lines are read as prose only outside tables: from a table's title (or a performance table's)
//! to the next section heading, lines are a table's, as in a text dump.
//!
//! Also here: the 三公 figures the text reader uses to place the 三公 amounts of a dump.

use crate::normalise::amount::value;
use crate::normalise::titles::{is_other_table_title, is_table_title, kind_of_title};
use juesuan_model::{FigureMeasure, NarrativeFigure, Table, TableKind};
use regex::Regex;
use rust_decimal::Decimal;
use std::sync::LazyLock;

/// A section heading: "第三部分 …", "一、…", "（二）…".
static HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")
        .unwrap()
});

/// A numbered item inside a section: "1.社会保障和就业支出（类）", "(1)公务用车购置费".
static ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\d{1,2}(?:[．、]|\.[^\d])|[（(]\d{1,2}[）)])").unwrap());

/// An item's numbering, to strip it ("1.", "（2）").
static NUMBERING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\d{1,2}[.．、]|[（(]\d{1,2}[）)])").unwrap());

/// A number with the unit that says what it is.
static FIGURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(-?\d[\d,]*(?:\.\d+)?)(万元|亿元|元|%|％|万人次|人次|万人|人|辆|万笔|笔|个|家|台|套|项)",
    )
    .unwrap()
});

/// The year a comparison is made with: "与 2019 年度相比", "比 2019 年".
static COMPARED_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:与|比|较|同)(\d{4})年").unwrap());

/// A comparison a change is stated against: "比上年", "与2019年度相比", "比年初预算".
static COMPARISON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:比|较|与|同)(?:上年|上一年|年初预算|预算|\d{4}年度?)(?:相比|同期)?[，,]?")
        .unwrap()
});

/// A figure stated as more or less than last year's ("本年数小于上年预算数"), by the change word
/// it means.
static COMPARED_TO_LAST_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(小于|低于|少于|大于|高于|多于)(?:上年|上一年|\d{4}年)").unwrap()
});

/// Words that make a figure a change, or a rate of change, and whether they mean a decrease.
const CHANGE_WORDS: [(&str, bool); 16] = [
    ("增加", false),
    ("大于", false),
    ("高于", false),
    ("多于", false),
    ("小于", true),
    ("低于", true),
    ("少于", true),
    ("增长", false),
    ("提高", false),
    ("增幅", false),
    ("超支", false),
    ("减少", true),
    ("下降", true),
    ("降低", true),
    ("降幅", true),
    ("节约", true),
];

/// The figures of a document's narrative. `lines` are the document's text lines with their
/// pages, in reading order; `tables` let a 类 named in words ("社会保障和就业（类）") find its code.
///
/// A 预算's 三公 figures are its budget, keyed by the item (`three_public/grand_total/abroad`); a
/// 决算's say which side (`budget.abroad`, `actual.abroad`).
pub fn figures(
    lines: &[(usize, &str)],
    tables: &[Table],
    report_year: Option<u16>,
    budget: bool,
) -> Vec<NarrativeFigure> {
    let mut out = Vec::new();
    // the heading figures are under ("（二）财政拨款支出决算结构情况"), and the top-level one it is
    // part of ("五、一般公共预算财政拨款支出决算情况说明"), which says what the sub-heading omits
    let mut parent = String::new();
    let mut in_table = false;
    // the sentence being read: its text, the page it started on, and the numbered item it is in
    let mut sentence = String::new();
    let mut page = 0;
    let mut item = String::new();
    let mut flush = |sentence: &mut String, page: usize, section: &(String, String), item: &str| {
        if !sentence.is_empty() {
            let context = Context {
                section,
                item,
                tables,
                report_year,
                budget,
            };
            read_sentence(sentence, page, &context, &mut out);
            sentence.clear();
        }
    };
    let mut here = (String::new(), String::new());
    for &(line_page, line) in lines {
        let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
        if t.is_empty() {
            continue;
        }
        let mut content = t.as_str();
        if let Some(m) = HEADING.find(&t) {
            flush(&mut sentence, page, &here, &item);
            in_table = false;
            item.clear();
            let section = heading_text(&t);
            if !m.as_str().starts_with(['（', '(']) {
                parent = section.clone();
            }
            here = (section.clone(), format!("{parent}{section}"));
            // a heading stands alone, or its text goes on after "："
            content = match t.find(['：', ':']) {
                Some(i) => &t[i..],
                None if !t.contains('。') => "",
                None => &t,
            };
        } else if kind_of_title(&t).is_some()
            || is_other_table_title(&t)
            || is_table_title(&t)
            || crate::normalise::performance::is_title(&t)
        {
            flush(&mut sentence, page, &here, &item);
            in_table = true;
            continue;
        }
        if in_table {
            continue;
        }
        if ITEM.is_match(content) {
            flush(&mut sentence, page, &here, &item);
            item = heading_text(content);
        }
        for part in content.split_inclusive(['。', '；']) {
            if sentence.is_empty() {
                page = line_page;
            }
            sentence.push_str(part);
            if part.ends_with(['。', '；']) {
                flush(&mut sentence, page, &here, &item);
            }
        }
    }
    flush(&mut sentence, page, &here, &item);
    out
}

/// A heading's or item's own words: up to its first "。", "：" or "，".
fn heading_text(line: &str) -> String {
    let end = line.find(['。', '：', ':', '，']).unwrap_or(line.len());
    line[..end].chars().take(40).collect()
}

/// Where a sentence is read.
struct Context<'a> {
    /// The heading as printed, and the headings it is under joined (for telling what it speaks of).
    section: &'a (String, String),
    /// The numbered item it is under ("1.社会保障和就业支出（类）").
    item: &'a str,
    tables: &'a [Table],
    report_year: Option<u16>,
    /// A 预算 report.
    budget: bool,
}

fn read_sentence(sentence: &str, page: usize, context: &Context, out: &mut Vec<NarrativeFigure>) {
    let Context {
        section,
        report_year,
        ..
    } = *context;
    let first = out.len();
    let mut previous_end = 0;
    for c in FIGURE.captures_iter(sentence) {
        let whole = c.get(0).expect("a match");
        let Some(mut number) = value(&c[1]) else {
            continue;
        };
        let before = &sentence[previous_end..whole.start()];
        previous_end = whole.end();
        // a threshold ("单价 50 万元（含）以上通用设备") is no figure of the report
        let after = &sentence[whole.end()..];
        if after.starts_with("（含）") || after.starts_with("(含)") || after.starts_with("以上")
        {
            continue;
        }
        // digits just before belong to another token ("2080101行政运行1,096.44万元" is fine: the
        // code ends before the name)
        let subject = subject_of(before);
        let unit = if &c[2] == "％" { "%" } else { &c[2] };
        // "增加 X 万元", or a comparison "本年数小于上年预算数 X 万元"
        let change = CHANGE_WORDS
            .iter()
            .find(|(w, _)| subject.ends_with(w) || subject.ends_with(&format!("{w}了")))
            .or_else(|| {
                COMPARED_TO_LAST_YEAR
                    .captures(&subject)
                    .and_then(|c| CHANGE_WORDS.iter().find(|(w, _)| *w == &c[1]))
            });
        let measure = match (unit, change) {
            ("%", Some(_)) => FigureMeasure::ChangeRate,
            ("%", None) => FigureMeasure::Share,
            ("万元" | "亿元" | "元", Some(_)) => FigureMeasure::Change,
            ("万元" | "亿元" | "元", None) => FigureMeasure::Amount,
            _ => FigureMeasure::Count,
        };
        if change.is_some_and(|(_, down)| *down)
            && matches!(measure, FigureMeasure::Change | FigureMeasure::ChangeRate)
        {
            number = -number;
        }
        let year = match measure {
            FigureMeasure::Change | FigureMeasure::ChangeRate => COMPARED_YEAR
                .captures(sentence)
                .and_then(|y| y[1].parse().ok())
                .or_else(|| {
                    (sentence.contains("上年") || sentence.contains("上一年"))
                        .then(|| report_year.map(|y| y - 1))
                        .flatten()
                }),
            _ => None,
        };
        // what changed: the subject without the change word and the comparison
        // ("比上年增加" names nothing: it is the change of what the sentence just stated)
        let core = change.map_or(subject.clone(), |(w, _)| {
            let s = subject
                .trim_start_matches([')', '）'])
                .trim_end_matches('了')
                .trim_end_matches(w)
                .trim_end_matches('各');
            COMPARISON.replace(s, "").into_owned()
        });
        let core = core.as_str();
        let key = key_of(core, measure, context).or_else(|| {
            // a share or a change of what the sentence just stated
            (measure != FigureMeasure::Amount && measure != FigureMeasure::Count)
                .then(|| {
                    out[first..]
                        .iter()
                        .rev()
                        .find(|f| {
                            matches!(f.measure, FigureMeasure::Amount | FigureMeasure::Change)
                        })
                        .and_then(|f| f.key.clone())
                })
                .flatten()
        });
        out.push(NarrativeFigure {
            section: section.0.clone(),
            subject,
            key,
            value: number,
            unit: unit.to_string(),
            measure,
            year,
            page,
            sentence: sentence.to_string(),
        });
    }
}

/// What a figure is about: the words before it, from the last "，" or "：", without the year,
/// the numbering or a trailing "为".
fn subject_of(before: &str) -> String {
    static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d{4}年度?").unwrap());
    let clause = before
        .rsplit(['，', ',', '：', ':', '；', ';'])
        .find(|p| !p.is_empty())
        .unwrap_or_default();
    let clause = clause.trim_start_matches("其中");
    let clause = NUMBERING.replace(clause, "");
    let clause = YEAR.replace(&clause, "");
    let mut s = clause.to_string();
    for tail in ["约为", "达到", "共计", "合计为", "为", "是", "达"] {
        if let Some(t) = s.strip_suffix(tail)
            && !t.is_empty()
        {
            s = t.to_string();
            break;
        }
    }
    s
}

/// The canonical key of what a figure speaks of, from its subject and where it is printed.
fn key_of(subject: &str, measure: FigureMeasure, context: &Context) -> Option<String> {
    let Context { item, tables, .. } = *context;
    let section = context.section.1.as_str();
    let t = subject;
    let in_section = |w: &str| section.contains(w);
    // the subject is this word, perhaps after "本年", "其中" …, not a longer name ending in it
    let is = |word: &str| {
        t == word
            || ["本年", "其中", "年度", "部门", "单位", "全年"]
                .iter()
                .any(|p| t.strip_prefix(p) == Some(word))
    };
    let cell = |table: &str, line: &str, column: &str| Some(format!("{table}/{line}/{column}"));
    if measure == FigureMeasure::Count {
        return if t.contains("车辆") && !t.contains("公务用车") {
            Some("vehicles.total".into())
        } else if t.contains("公务用车") && t.contains("保有量") {
            Some("vehicles.official".into())
        } else if t.contains("在职实有人数") || t.contains("在职人数") {
            Some("staff.in_post".into())
        } else if t.contains("离退休") {
            Some("staff.retirees".into())
        } else {
            None
        };
    }
    if measure == FigureMeasure::Share || measure == FigureMeasure::ChangeRate {
        return None; // a share or rate takes the key of the figure it is of
    }
    // a code printed before its name: "2080101行政运行"
    if let Some(code) = leading_code(t) {
        return cell("general_budget_expenditure", &code, "total");
    }
    if in_section("三公") {
        let side = if context.budget {
            ""
        } else if t.contains("年初预算") || t.contains("预算数") {
            "budget."
        } else {
            "actual."
        };
        // the subject's own words first; the item it is listed under where it names no part
        let names_part = |s: &str| {
            ["因公出国", "公务用车", "公务接待", "会议费", "培训费"]
                .iter()
                .any(|w| s.contains(w))
        };
        if t.is_empty()
            || t.contains("比上年")
            || t.contains("比年初预算")
            || COMPARED_TO_LAST_YEAR.is_match(t)
        {
            return None; // the change of the figure before it
        }
        let about = if names_part(t) || t.contains("三公") {
            t
        } else {
            item
        };
        let part = if about.contains("因公出国") {
            "abroad"
        } else if about.contains("购置及运行") {
            "vehicle"
        } else if about.contains("公务用车购置") {
            "vehicle_purchase"
        } else if about.contains("公务用车运行") {
            "vehicle_operation"
        } else if about.contains("公务接待") {
            "reception"
        } else if about.contains("会议费") {
            "meeting"
        } else if about.contains("培训费") {
            "training"
        } else {
            "total"
        };
        return cell("three_public", "grand_total", &format!("{side}{part}"));
    }
    // a subject naming a 类/款/项 is about that line, not the table's total
    let names_line = ["（类）", "(类)", "（款）", "（项）"]
        .iter()
        .any(|m| t.contains(m));
    if in_section("政府性基金") {
        if names_line {
            return None;
        }
        let column = if t.ends_with("收入") {
            "income"
        } else if t.ends_with("支出") {
            "expenditure.total"
        } else if t.contains("年末结转") {
            "closing"
        } else if t.contains("年初结转") {
            "opening"
        } else {
            return None;
        };
        return cell("government_fund", "grand_total", column);
    }
    if in_section("国有资本经营") {
        return t
            .ends_with("支出")
            .then(|| "state_capital/grand_total/total".to_string());
    }
    if t.contains("机关运行经费") {
        return Some("operating_costs".into());
    }
    if t.contains("政府采购") || in_section("政府采购") {
        let what = if t.contains("中小企业") {
            "sme"
        } else if t.contains("货物") {
            "goods"
        } else if t.contains("服务") {
            "services"
        } else if t.contains("工程") {
            "works"
        } else {
            "total"
        };
        return Some(format!("procurement.{what}"));
    }
    // the other funds' spending, wherever it is stated
    if !names_line && t.ends_with("支出") && t.contains("政府性基金") {
        return cell("government_fund", "grand_total", "expenditure.total");
    }
    if !names_line && t.ends_with("支出") && t.contains("国有资本经营") {
        return cell("state_capital", "grand_total", "total");
    }
    if t.ends_with("收、支总计") || t.ends_with("收支总计") || t.ends_with("收入支出总计")
    {
        let table = if t.contains("财政拨款") || in_section("财政拨款") {
            "fiscal_summary"
        } else {
            "summary"
        };
        return cell(table, "grand_total", "amount");
    }
    if is("收入合计") || is("收入") && in_section("总体") {
        return cell("summary", "total.income", "amount");
    }
    if is("支出合计") || is("支出") && in_section("总体") {
        return cell("summary", "total.expenditure", "amount");
    }
    let income_section = in_section("收入") && !in_section("支出");
    if income_section {
        for (word, column) in [
            ("财政拨款收入", "fiscal"),
            ("上级补助收入", "higher_level_subsidy"),
            ("附属单位上缴收入", "subordinate_remittance"),
            ("事业收入", "business"),
            ("经营收入", "operating"),
            ("其他收入", "other"),
        ] {
            if is(word) {
                return cell("income", "grand_total", column);
            }
        }
    }
    if in_section("基本支出") {
        if is("人员经费") {
            return cell("basic_expenditure", "personnel_total", "amount");
        }
        if is("公用经费") {
            return cell("basic_expenditure", "public_total", "amount");
        }
        if t.ends_with("基本支出") && !t.contains("项目") {
            return cell("general_budget_expenditure", "grand_total", "basic");
        }
    }
    let fiscal_spending =
        in_section("财政拨款支出") || (in_section("一般公共预算") && in_section("支出"));
    if fiscal_spending {
        // the subject the item names ("1.社会保障和就业支出（类）"): a figure under an item that
        // names one juesuan cannot find gets no key rather than the total's
        let named = |s: &str| {
            ["（类）", "(类)", "（款）", "（项）"]
                .iter()
                .any(|m| s.contains(m))
        };
        let lei = code_named(item, tables).or_else(|| code_named(t, tables));
        if lei.is_none() && (named(item) || named(t)) {
            return None;
        }
        if t.contains("年初预算") {
            return Some(format!(
                "initial_budget.{}",
                lei.as_deref().unwrap_or("general_budget")
            ));
        }
        if is("基本支出") {
            return cell("general_budget_expenditure", "grand_total", "basic");
        }
        if is("项目支出") {
            return cell("general_budget_expenditure", "grand_total", "project");
        }
        if let Some(code) = code_named(t, tables) {
            return cell("general_budget_expenditure", &code, "total");
        }
        if t.ends_with("支出决算") || t.ends_with("财政拨款支出") {
            return cell(
                "general_budget_expenditure",
                lei.as_deref().unwrap_or("grand_total"),
                "total",
            );
        }
    } else if in_section("支出") && !in_section("财政拨款") {
        for (word, column) in [
            ("基本支出", "basic"),
            ("项目支出", "project"),
            ("上缴上级支出", "upper_remittance"),
            ("对附属单位补助支出", "subordinate_subsidy"),
            ("经营支出", "operating"),
        ] {
            if is(word) {
                return cell("expenditure", "grand_total", column);
            }
        }
    }
    None
}

/// A 功能分类 code printed before a name ("2080101行政运行").
fn leading_code(t: &str) -> Option<String> {
    let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
    let rest = &t[digits.len()..];
    (matches!(digits.len(), 3 | 5 | 7) && rest.chars().next().is_some_and(|c| !c.is_ascii()))
        .then_some(digits)
}

/// The 功能分类 code a phrase names in words: "社会保障和就业（类）支出", "1.卫生健康支出（类）",
/// "1、一般公共服务支出（类）财政事务（款）行政运行（项）" (a name after the last marker is the next
/// level's, its marker wrapped onto the next line), found level by level among the rows the
/// report's tables print. None where a level is not found: never a guess.
fn code_named(phrase: &str, tables: &[Table]) -> Option<String> {
    static LEVEL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"([^（(）)]+?)[（(]([类款项])[）)]").unwrap());
    static LINE_NUMBER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[一二三四五六七八九十]+、").unwrap());
    let name = |s: &str| -> String {
        let s = NUMBERING.replace(s, "");
        let s = LINE_NUMBER.replace(&s, "");
        s.replace("支出", "")
    };
    let phrase = NUMBERING.replace(phrase, "").into_owned();
    let mut names: Vec<(String, usize)> = Vec::new();
    let mut end = 0;
    for c in LEVEL.captures_iter(&phrase) {
        let len = match &c[2] {
            "类" => 3,
            "款" => 5,
            _ => 7,
        };
        names.push((name(&c[1]), len));
        end = c.get(0).expect("a match").end();
    }
    let (_, last) = *names.last()?;
    let rest = name(phrase[end..].trim_end_matches(['。', '，']));
    if last < 7 && !rest.is_empty() && names.len() > 1 {
        names.push((rest, last + 2));
    }
    let rows: Vec<&juesuan_model::Row> = [
        TableKind::GeneralBudgetExpenditure,
        TableKind::Expenditure,
        TableKind::Summary,
    ]
    .iter()
    .filter_map(|k| tables.iter().find(|t| t.kind == *k))
    .flat_map(|t| &t.rows)
    .collect();
    let mut code = String::new();
    for (wanted, len) in names {
        let found = rows.iter().find_map(|r| {
            let c = r.code.as_deref().unwrap_or(r.line.as_str());
            (c.len() == len
                && c.starts_with(&code)
                && c.chars().all(|d| d.is_ascii_digit())
                && name(&r.label) == wanted)
                .then(|| c.to_string())
        })?;
        code = found;
    }
    Some(code)
}
/// The national template's 情况说明 states the 三公 figures in words: "年初预算数为 4.5 万元，支出决算
/// 为 0 万元", and per item "公务用车运行费 0 万元，完成年初预算的 0.0%，比年初预算减少 3.5 万元".
/// Read as (column, value) of the standard 12 columns: budget 1–6, actual 7–12.
pub fn three_public_from_narrative(text: &str) -> Vec<(usize, Decimal)> {
    use regex::Regex;
    use std::sync::LazyLock;
    static TOTAL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"三公.{0,12}经费.{0,12}年初预算数?为([\d,.]+)万元[，,]支出决算为([\d,.]+)万元")
            .unwrap()
    });
    static ITEM: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(因公出国[(（]境[)）]费|公务用车购置费|公务用车运行费|公务接待费)(?:支出决算为)?([\d,.]+)万元[，,][^。；]{0,30}?比年初预算(增加|减少)([\d,.]+)万元").unwrap()
    });
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let mut pins = Vec::new();
    if let Some(c) = TOTAL.captures(&compact)
        && let (Some(b), Some(a)) = (value(&c[1]), value(&c[2]))
    {
        pins.push((1, b));
        pins.push((7, a));
    }
    for c in ITEM.captures_iter(&compact) {
        let (Some(actual), Some(delta)) = (value(&c[2]), value(&c[4])) else {
            continue;
        };
        let budget = if &c[3] == "增加" {
            actual - delta
        } else {
            actual + delta
        };
        let (b, a) = match &c[1] {
            x if x.starts_with("因公出国") => (2, 8),
            "公务用车购置费" => (4, 10),
            "公务用车运行费" => (5, 11),
            _ => (6, 12),
        };
        pins.push((b, budget));
        pins.push((a, actual));
    }
    pins
}
