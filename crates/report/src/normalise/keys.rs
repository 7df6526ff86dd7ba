//! Canonical keys, comparable across issuers and years: `line` for rows, `column_key` for cells.
//!
//! The mappings are data, one file per concern, embedded at build time: `keys/lines.tsv` (labels
//! and their historical variants → line keys), `keys/columns.tsv` (headers → column keys) and
//! `keys/economic.tsv` (the economic classification's codes → their standard names).
//! Their header comments say how they are matched. What they do not know is kept as
//! `unknown:<text>` and reported, never dropped or guessed.

use crate::normalise::codes;
use juesuan_model::{Diagnostic, Rule, Severity, Table, TableKind};
use regex::Regex;
use std::sync::LazyLock;

const LINES: &str = include_str!("../../keys/lines.tsv");
const COLUMNS: &str = include_str!("../../keys/columns.tsv");
const ECONOMIC: &str = include_str!("../../keys/economic.tsv");

/// One mapping entry: which kinds, the printed text, the key, the years, the Chinese name.
#[derive(Clone, Debug)]
pub struct KeyEntry {
    pub kinds: Vec<String>,
    pub text: String,
    pub key: String,
    /// Years for lines ("-", "2019-", "-2018"); the standard 栏次 for columns.
    pub extra: String,
    pub name: String,
}

fn parse(data: &str) -> Vec<KeyEntry> {
    data.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f.len() >= 5).then(|| KeyEntry {
                kinds: f[0].split(',').map(str::to_string).collect(),
                text: f[1].to_string(),
                key: f[2].to_string(),
                extra: f[3].to_string(),
                name: f[4].to_string(),
            })
        })
        .collect()
}

static LINE_ENTRIES: LazyLock<Vec<KeyEntry>> = LazyLock::new(|| parse(LINES));
static COLUMN_ENTRIES: LazyLock<Vec<KeyEntry>> = LazyLock::new(|| parse(COLUMNS));
static NUMBERING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．])",
    )
    .unwrap()
});
static BRACKETED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[（(](?:含|其中)[^）)]*[）)]").unwrap());

static ECONOMIC_NAMES: LazyLock<Vec<(&'static str, &'static str)>> = LazyLock::new(|| {
    ECONOMIC
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .collect()
});

/// Whether `name` is the standard name of the economic classification's `code` ("30108",
/// "机关事业单位基本养老保险缴费"): a name no reading cut short or joined to another.
pub fn is_standard_economic_name(code: &str, name: &str) -> bool {
    ECONOMIC_NAMES.iter().any(|(c, n)| *c == code && *n == name)
}

/// The standard name of the economic classification's `code` of which `name` is only the head
/// or the tail ("保险缴费" of "机关事业单位基本养老保险缴费"): a name wrapped over lines whose
/// other piece text put on another row.
pub fn cut_economic_name(code: &str, name: &str) -> Option<&'static str> {
    if name.is_empty() || is_standard_economic_name(code, name) {
        return None;
    }
    ECONOMIC_NAMES
        .iter()
        .find(|(c, n)| *c == code && (n.starts_with(name) || n.ends_with(name)))
        .map(|(_, n)| *n)
}

/// Every canonical key with its Chinese names: (concern, kinds, key, Chinese text).
pub fn all_keys() -> Vec<(&'static str, String, String, String)> {
    let mut out = Vec::new();
    for (concern, entries) in [("line", &*LINE_ENTRIES), ("column", &*COLUMN_ENTRIES)] {
        for e in entries {
            out.push((concern, e.kinds.join(","), e.key.clone(), e.name.clone()));
        }
    }
    let government: Vec<&str> = TableKind::ALL
        .iter()
        .filter(|k| k.is_government() && !k.is_government_debt())
        .map(|k| k.as_str())
        .collect();
    for (key, name) in super::government::COLUMN_KEYS {
        out.push(("column", government.join(","), key.into(), name.into()));
    }
    out
}

/// Whether an entry applies to a kind: named, or `*` (every department kind; government-wide
/// tables name their own totals).
fn applies(e: &KeyEntry, kind: TableKind) -> bool {
    e.kinds
        .iter()
        .any(|k| (k == "*" && !kind.is_government()) || k == kind.as_str())
}

/// A label as the mapping spells it: no whitespace, no "八、" numbering, no "（含…）".
pub fn normalize_label(label: &str) -> String {
    let compact: String = label.chars().filter(|c| !c.is_whitespace()).collect();
    let stripped = NUMBERING.replace(&compact, "");
    BRACKETED.replace_all(&stripped, "").into_owned()
}

/// The canonical line a label stands for, if the mapping knows it ("八、社会保障和就业支出" → "208").
pub fn line_of_label(kind: TableKind, label: &str) -> Option<&'static str> {
    line_key(kind, label)
}

/// Whether a label is a complete line the mapping knows (so not the tail of a broken row).
pub fn is_known_label(kind: TableKind, label: &str) -> bool {
    line_key(kind, label).is_some()
}

fn line_key(kind: TableKind, label: &str) -> Option<&'static str> {
    let label = normalize_label(label);
    LINE_ENTRIES
        .iter()
        .find(|e| applies(e, kind) && e.text == label)
        .map(|e| e.key.as_str())
}

fn column_key_by_header(kind: TableKind, header: &str) -> Option<&'static KeyEntry> {
    // a pattern equal to the header first, then the first pattern it ends with
    let find = |h: &str| {
        let entries = || {
            COLUMN_ENTRIES
                .iter()
                .filter(|e| e.kinds[0] == kind.as_str())
        };
        entries()
            .find(|e| h == e.text)
            .or_else(|| entries().find(|e| h.ends_with(e.text.as_str())))
    };
    // "基本支出小计": the subtotal of a column group is the group's key, not the table's total
    for suffix in ["小计", "合计"] {
        if let Some(group) = header.strip_suffix(suffix)
            && !group.is_empty()
            && let Some(e) = find(group)
        {
            return Some(e);
        }
    }
    find(header)
}

/// The column headings the mapping knows for a kind ("上级补助收入", "基本支出" …).
pub fn column_headings(kind: TableKind) -> Vec<&'static str> {
    COLUMN_ENTRIES
        .iter()
        .filter(|e| e.kinds[0] == kind.as_str())
        .map(|e| e.text.as_str())
        .collect()
}

/// The widest standard 栏次 `columns.tsv` numbers for a kind: the template's width, except that
/// 三公's columns are numbered within their side (预算数 1–6, 决算数 1–6 again).
fn standard_width(kind: TableKind) -> u32 {
    match kind {
        TableKind::ThreePublic => codes::standard_width(kind) / 2,
        _ => codes::standard_width(kind),
    }
}

static HEADER_YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(20\d{2})年(?:度)?").unwrap());

/// Which period a column header speaks of, in tables that compare years: the year it names (a
/// printed year, or 上年/本年 relative to the report's), and the header with that wording removed.
fn period_of(header: &str, report_year: Option<u16>) -> (Option<u16>, String) {
    let mut year = HEADER_YEAR
        .captures(header)
        .and_then(|c| c[1].parse::<u16>().ok());
    let mut rest = HEADER_YEAR.replace_all(header, "").into_owned();
    for (word, offset) in [("上年", -1i32), ("本年", 0)] {
        if let Some(pos) = rest.find(word)
            && !rest[pos..].starts_with("本年收入")
            && !rest[pos..].starts_with("本年支出")
        {
            year = year.or(report_year.map(|y| (y as i32 + offset) as u16));
            rest = rest.replacen(word, "", 1);
        }
    }
    (year, rest)
}

/// A change column ("增减额", "比上年增减", "增长%"): its key, if the header is one.
/// The words that make a column an increase/decrease column, longest first.
const CHANGE_WORDS: [&str; 6] = [
    "增减变化情况",
    "比上年增减",
    "增减额",
    "增减",
    "增长",
    "比上年",
];

fn change_key(kind: TableKind, header: &str) -> Option<String> {
    let at = CHANGE_WORDS
        .iter()
        .find_map(|w| header.find(w).map(|i| i + w.len()))?;
    if header.contains('%')
        || header.contains('％')
        || header.contains('率')
        || header.contains("幅度")
    {
        return Some("change.rate".into());
    }
    // the change of one item ("增减变化情况培训费"), else of the total
    let item = &header[at..];
    let item = if kind == TableKind::ThreePublic {
        strip_budget_actual(item)
    } else {
        item.to_string()
    };
    if item.is_empty() {
        return Some("change.total".into());
    }
    column_key_by_header(kind, &item).map(|e| format!("change.{}", e.key))
}

/// Give every row its `line` and every column and cell its `key`. `report_year` places columns
/// that compare years ("2025年预算数 | 2026年预算数").
pub fn assign(table: &mut Table, report_year: Option<u16>, diagnostics: &mut Vec<Diagnostic>) {
    let kind = table.kind;
    if kind.is_government() && !kind.is_government_debt() {
        super::government::assign_keys(table, report_year, diagnostics);
        return;
    }
    let mut unknown = |what: &str, text: &str| {
        diagnostics.push(Diagnostic::note(
            if what == "line" {
                Rule::UnknownLine
            } else {
                Rule::UnknownColumn
            },
            Severity::Warning,
            format!(
                "{}: the {what} \"{text}\" is not in the key mapping; kept as unknown:{text}",
                kind.as_str()
            ),
        ));
    };

    // columns: by header; else by standard 栏次 when the table prints the standard columns or no
    // header at all (a text dump)
    let printed_width = table.columns.iter().map(|c| c.number).max().unwrap_or(0);
    // the current year: the report's, else the latest a header names
    let periods: Vec<(Option<u16>, String)> = table
        .columns
        .iter()
        .map(|c| period_of(&c.header, report_year))
        .collect();
    let current = report_year.or(periods.iter().filter_map(|p| p.0).max());
    // a 12-column 三公 table prints 预算数 over 1–6 and 决算数 over 7–12; a heading centred over a
    // half may reach only some of its columns' headers (a table printed without rules)
    let twelve = kind == TableKind::ThreePublic && printed_width == 12;
    let half_sides: Vec<Option<&'static str>> = (0..2)
        .map(|half| {
            table
                .columns
                .iter()
                .filter(|c| twelve && (c.number.max(1) - 1) / 6 == half)
                .find_map(|c| budget_or_actual(&c.header))
        })
        .collect();
    for (column, (year, rest)) in table.columns.iter_mut().zip(periods) {
        column.year = year;
        if CHANGE_WORDS.iter().any(|w| column.header.contains(w)) {
            column.key = change_key(kind, &column.header).unwrap_or_else(|| {
                unknown("column", &column.header);
                format!("unknown:{}", column.header)
            });
            continue;
        }
        let prior = matches!((year, current), (Some(y), Some(c)) if y < c);
        let bare = column.header.is_empty();
        let mut header = if kind == TableKind::ThreePublic {
            strip_budget_actual(&column.header)
        } else {
            column.header.clone()
        };
        if year.is_some() {
            // "2025年预算数" alone is that year's total
            header = strip_budget_actual(&rest);
            if header.is_empty() {
                header = "合计".into();
            }
        }
        // 三公 without headers: the standard 12 columns, 预算数 1–6 and 决算数 7–12
        let (number, side) = match (kind, bare) {
            (TableKind::ThreePublic, true) if column.number > 6 => {
                (column.number - 6, Some("actual"))
            }
            (TableKind::ThreePublic, true) => (column.number, Some("budget")),
            (TableKind::ThreePublic, false) => (
                column.number,
                budget_or_actual(&column.header).or_else(|| {
                    half_sides
                        .get(((column.number.max(1) - 1) / 6) as usize)
                        .copied()
                        .flatten()
                }),
            ),
            _ => (column.number, None),
        };
        let by_number = || {
            COLUMN_ENTRIES
                .iter()
                .find(|e| e.kinds[0] == kind.as_str() && e.extra == number.to_string())
                .map(|e| e.key.clone())
        };
        let found = column_key_by_header(kind, &header)
            .filter(|_| !bare)
            .map(|e| e.key.clone())
            .or_else(|| {
                if bare || printed_width == standard_width(kind) {
                    by_number()
                } else {
                    None
                }
            });
        column.key = match (found, side) {
            (Some(k), Some(side)) => format!("{side}.{k}"),
            (Some(k), None) => k,
            (None, _) => {
                unknown("column", &column.header);
                format!("unknown:{}", column.header)
            }
        };
        if prior && !column.key.starts_with("unknown:") {
            column.key = format!("prior_year.{}", column.key);
        }
    }
    // a 三公 table that also prints 会议费 and 培训费 may total the three (“三公”经费小计) and
    // everything (合计, 江苏): the 三公 subtotal is the total, the 合计 the total with the others
    if kind == TableKind::ThreePublic {
        let keys: Vec<String> = table.columns.iter().map(|c| c.key.clone()).collect();
        for column in &mut table.columns {
            let twice = keys.iter().filter(|k| **k == column.key).count() > 1;
            if twice && column.key.ends_with("total") && !column.header.contains("三公") {
                column.key.push_str("_with_meeting_training");
            }
        }
    }

    // rows and their cells
    let government = kind.is_government_debt();
    if government {
        let year = super::government::title_year(&table.title, report_year);
        super::government::assign_debt_lines(&mut table.rows, year);
    }
    let mut balance: Option<String> = None;
    for row in &mut table.rows {
        row.line = match &row.code {
            _ if government && !row.line.is_empty() => row.line.clone(),
            Some(_) if row.government_code.is_some() => row.key.clone(),
            Some(code) => code.clone(),
            // an entity's own total is its 合计, whatever the unit is called
            None if row.is_entity_total() => "grand_total".into(),
            None => match line_key(kind, &row.label) {
                Some(key) => {
                    let key = key.to_string();
                    if key.starts_with("balance.opening") || key.starts_with("balance.closing") {
                        balance = Some(key.clone());
                        key
                    } else if let (Some(parent), Some(fund)) =
                        (&balance, key.strip_prefix("income."))
                    {
                        // the fund lines under 年初/年末结转和结余 are its parts
                        format!("{parent}.{fund}")
                    } else {
                        balance = None;
                        key
                    }
                }
                None if kind == TableKind::ThreePublic && row.label.is_empty() => {
                    "grand_total".into()
                }
                None => {
                    if row.cells.iter().any(|c| c.value.is_some()) {
                        unknown("line", &row.label);
                    }
                    format!("unknown:{}", normalize_label(&row.label))
                }
            },
        };
        let side = if kind == TableKind::ThreePublic {
            budget_or_actual(&row.label)
        } else {
            None
        };
        for cell in &mut row.cells {
            let column_key = table
                .columns
                .iter()
                .find(|c| c.number == cell.column)
                .map(|c| c.key.clone());
            cell.key = match (column_key, side) {
                (Some(k), Some(side)) if !k.starts_with("budget.") && !k.starts_with("actual.") => {
                    format!("{side}.{k}")
                }
                (Some(k), _) => k,
                (None, _) => format!("unknown:{}", cell.column),
            };
        }
    }
}

fn budget_or_actual(text: &str) -> Option<&'static str> {
    if text.contains("预算") {
        Some("budget")
    } else if text.contains("决算") || text.contains("实际") {
        Some("actual")
    } else {
        None
    }
}

fn strip_budget_actual(header: &str) -> String {
    let mut h = header.to_string();
    for w in ["预算数", "决算数", "实际支出数", "预算", "决算"] {
        h = h.replace(w, "");
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_the_economic_classification_s_standard_names() {
        assert!(is_standard_economic_name(
            "30108",
            "机关事业单位基本养老保险缴费"
        ));
        assert!(is_standard_economic_name("301", "工资福利支出"));
        // a name cut short, or with the head of the next one joined
        assert!(!is_standard_economic_name("30108", "机关事业单位基本养"));
        assert!(!is_standard_economic_name(
            "30107",
            "绩效工资机关事业单位基本养老"
        ));
        assert!(!is_standard_economic_name(
            "30107",
            "机关事业单位基本养老保险缴费"
        ));
        assert!(ECONOMIC_NAMES.len() > 80);
        assert_eq!(
            cut_economic_name("30108", "保险缴费"),
            Some("机关事业单位基本养老保险缴费")
        );
        assert_eq!(
            cut_economic_name("30108", "机关事业单位基本养"),
            Some("机关事业单位基本养老保险缴费")
        );
        assert_eq!(
            cut_economic_name("30108", "机关事业单位基本养老保险缴费"),
            None
        );
        // a name the list does not hold whole or in part: nothing known
        assert_eq!(cut_economic_name("30108", "养老保险"), None);
        assert_eq!(cut_economic_name("30199", "其他工资福利支出（含）"), None);
    }

    #[test]
    fn maps_labels_and_their_variants() {
        assert_eq!(
            line_key(TableKind::Summary, "八、社会保障和就业支出"),
            Some("208")
        );
        assert_eq!(
            line_key(TableKind::Summary, "七、文化体育与传媒支出"),
            Some("207")
        );
        assert_eq!(
            line_key(TableKind::Summary, "七、文化旅游体育与传媒支出"),
            Some("207")
        );
        assert_eq!(
            line_key(TableKind::FiscalSummary, "二十六、抗疫特别国债安排的支出"),
            Some("234")
        );
        assert_eq!(
            line_key(TableKind::Summary, "使用非财政拨款结余（含专用结余）"),
            Some("balance.used_non_fiscal")
        );
        assert_eq!(line_key(TableKind::Summary, "总  计"), Some("grand_total"));
        assert_eq!(line_key(TableKind::Income, "合计"), Some("grand_total"));
        assert_eq!(line_key(TableKind::Summary, "不存在的行"), None);
    }

    fn keys_of(kind: TableKind, headers: &[&str], year: Option<u16>) -> Vec<(String, Option<u16>)> {
        let mut table = Table {
            kind,
            title: String::new(),
            unit: juesuan_model::AmountUnit::WanYuan,
            pages: vec![],
            empty: false,
            columns: headers
                .iter()
                .enumerate()
                .map(|(i, h)| juesuan_model::Column {
                    number: i as u32 + 1,
                    header: h.to_string(),
                    key: String::new(),
                    year: None,
                })
                .collect(),
            rows: vec![],
            notes: vec![],
        };
        assert_eq!(table.columns.len(), headers.len());
        assign(&mut table, year, &mut Vec::new());
        table.columns.into_iter().map(|c| (c.key, c.year)).collect()
    }

    #[test]
    fn keys_columns_of_budget_layouts() {
        let keys = |kind, headers: &[&str], year| -> Vec<String> {
            keys_of(kind, headers, year)
                .into_iter()
                .map(|k| k.0)
                .collect()
        };
        // a group's subtotal is the group, not the table's total
        assert_eq!(
            keys(
                TableKind::GeneralBudgetExpenditure,
                &["预算数合计", "预算数基本支出小计", "预算数项目支出"],
                None
            ),
            ["total", "basic", "project"]
        );
        // years: last year's column is prior_year.; the change of each item is change.<item>
        assert_eq!(
            keys_of(
                TableKind::GeneralBudgetExpenditure,
                &["2025年预算数", "2026年预算数合计", "增减额"],
                Some(2026)
            ),
            [
                ("prior_year.total".to_string(), Some(2025)),
                ("total".to_string(), Some(2026)),
                ("change.total".to_string(), None)
            ]
        );
        assert_eq!(
            keys(
                TableKind::ThreePublic,
                &["增减变化情况合计", "增减变化情况培训费", "比上年增长%"],
                Some(2019)
            ),
            ["change.total", "change.training", "change.rate"]
        );
        assert_eq!(
            keys(
                TableKind::ThreePublic,
                &["预算数公务用车购置及运行费小计"],
                None
            ),
            ["budget.vehicle"]
        );
        assert_eq!(
            keys(
                TableKind::BasicExpenditure,
                &["合计", "人员经费", "公用经费"],
                None
            ),
            ["total", "personnel", "public"]
        );
    }

    #[test]
    fn every_entry_is_well_formed() {
        let kinds: Vec<&str> = TableKind::ALL.iter().map(|k| k.as_str()).collect();
        for e in LINE_ENTRIES.iter().chain(COLUMN_ENTRIES.iter()) {
            assert!(
                e.kinds
                    .iter()
                    .all(|k| k == "*" || kinds.contains(&k.as_str())),
                "{e:?}"
            );
            assert!(!e.key.is_empty() && !e.text.is_empty(), "{e:?}");
        }
        assert!(LINE_ENTRIES.len() > 50 && COLUMN_ENTRIES.len() > 40);
    }

    /// The standard 栏次 of `columns.tsv` are those of the template's widths (`codes`).
    #[test]
    fn standard_columns_agree_with_the_template_widths() {
        for kind in TableKind::ALL {
            let widest = COLUMN_ENTRIES
                .iter()
                .filter(|e| e.kinds[0] == kind.as_str())
                .filter_map(|e| e.extra.parse::<u32>().ok())
                .max()
                .unwrap_or(0);
            assert_eq!(widest, standard_width(kind), "{}", kind.as_str());
        }
    }
}
