//! The identities every 决算 report states, checked in exact decimal arithmetic.
//!
//! Each identity is `lhs = Σ ± terms`. It passes when both sides are equal; a difference within
//! the rounding of its terms (half a printed unit per term, plus the total's own) is a warning,
//! since issuers round each cell; anything larger is an error.

use juesuan_model::{CellRef, Diagnostic, Document, Row, Severity, Table, TableKind};
use rust_decimal::Decimal;

/// The rules that check the data's own arithmetic (what the manifest counts as identities).
pub const IDENTITY_RULES: [&str; 4] = ["ROW_SUM", "HIERARCHY", "LINE_FORMULA", "CROSS_TABLE"];

/// How many amount columns the standard (national template) layout of a kind prints.
pub(crate) fn standard_width(kind: TableKind) -> Option<u32> {
    match kind {
        TableKind::Income => Some(7),
        TableKind::Expenditure | TableKind::GovernmentFund => Some(6),
        TableKind::FiscalSummary => Some(5),
        TableKind::GeneralBudgetExpenditure | TableKind::StateCapital => Some(3),
        TableKind::ThreePublic => Some(12),
        TableKind::Summary | TableKind::BasicExpenditure => None,
    }
}

struct Identity {
    rule: &'static str,
    what: String,
    lhs: CellRef,
    terms: Vec<(Decimal, CellRef)>,
}

fn cell(table: TableKind, row: &str, column: u32) -> CellRef {
    CellRef {
        table,
        row: row.to_string(),
        column,
    }
}

fn plus(refs: impl IntoIterator<Item = CellRef>) -> Vec<(Decimal, CellRef)> {
    refs.into_iter().map(|r| (Decimal::ONE, r)).collect()
}

/// Check every identity that applies to the document's tables.
pub fn validate(doc: &Document) -> Vec<Diagnostic> {
    let mut ids: Vec<Identity> = Vec::new();
    let mut mismatches: Vec<Diagnostic> = Vec::new();
    for table in &doc.tables {
        if table.empty
            && table
                .rows
                .iter()
                .all(|r| r.cells.iter().all(|c| c.value.is_none()))
        {
            continue;
        }
        row_sums(table, &mut ids);
        hierarchy(table, &mut ids);
        line_formulas(table, &mut ids);
        note_formulas(table, &mut ids, &mut mismatches);
    }
    cross_table(doc, &mut ids);
    let mut out: Vec<Diagnostic> = ids.into_iter().filter_map(|id| evaluate(doc, id)).collect();
    out.extend(mismatches);
    out
}

/// A formula printed in a table's notes: "1栏各行＝（2+3+4+5+6+7）栏各行", "57行＝（31+32+…+56）行".
#[derive(Debug, PartialEq)]
pub struct NoteFormula {
    /// true for 行 (lines), false for 栏 (columns).
    pub lines: bool,
    pub lhs: u32,
    /// (sign, number) terms, ranges "31+…+56" expanded.
    pub terms: Vec<(i32, u32)>,
}

static NOTE_FORMULA: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(\d+)\s*(栏|行)(?:各行)?\s*[＝=]\s*[（(]([^)）]*)[)）]").unwrap()
});

/// Parse every formula in a table's notes (full-width signs and "…" ranges allowed).
pub fn parse_note_formulas(notes: &str) -> Vec<NoteFormula> {
    let mut out = Vec::new();
    for c in NOTE_FORMULA.captures_iter(notes) {
        let Ok(lhs) = c[1].parse() else { continue };
        let body: String = c[3]
            .chars()
            .map(|ch| match ch {
                '＋' => '+',
                '－' | '−' | '—' => '-',
                '…' | '⋯' => '~',
                _ => ch,
            })
            .filter(|ch| !ch.is_whitespace())
            .collect();
        let body = body.replace("...", "~").replace("~~", "~");
        let mut terms: Vec<(i32, u32)> = Vec::new();
        let mut sign = 1;
        let mut number = String::new();
        let mut pending_range = false;
        let flush = |number: &mut String,
                     sign: i32,
                     pending_range: &mut bool,
                     terms: &mut Vec<(i32, u32)>| {
            if let Ok(n) = number.parse::<u32>() {
                match (*pending_range, terms.last().copied()) {
                    (true, Some((s, from))) if from < n && n - from < 200 => {
                        terms.extend((from + 1..=n).map(|k| (s, k)))
                    }
                    _ => terms.push((sign, n)),
                }
                *pending_range = false;
            }
            number.clear();
        };
        for ch in body.chars() {
            match ch {
                '0'..='9' => number.push(ch),
                '+' | '-' => {
                    flush(&mut number, sign, &mut pending_range, &mut terms);
                    sign = if ch == '-' { -1 } else { 1 };
                }
                '~' => pending_range = true,
                _ => {}
            }
        }
        flush(&mut number, sign, &mut pending_range, &mut terms);
        if !terms.is_empty() {
            out.push(NoteFormula {
                lines: &c[2] == "行",
                lhs,
                terms,
            });
        }
    }
    out
}

/// Check the table's own printed formulas, and say where one differs from the standard rule.
fn note_formulas(table: &Table, ids: &mut Vec<Identity>, mismatches: &mut Vec<Diagnostic>) {
    let k = table.kind;
    let formulas = parse_note_formulas(&table.notes.concat());
    for f in formulas {
        let text: Vec<String> = f
            .terms
            .iter()
            .map(|(s, n)| format!("{}{n}", if *s < 0 { "-" } else { "+" }))
            .collect();
        let shown = format!(
            "{}{}＝{}",
            f.lhs,
            if f.lines { "行" } else { "栏" },
            text.concat().trim_start_matches('+')
        );
        if f.lines {
            let by_line = |n: u32| table.rows.iter().find(|r| r.line_no == Some(n));
            let Some(lhs_row) = by_line(f.lhs) else {
                continue;
            };
            let terms: Option<Vec<&Row>> = f.terms.iter().map(|(_, n)| by_line(*n)).collect();
            let Some(terms) = terms else { continue };
            for cell in &lhs_row.cells {
                ids.push(Identity {
                    rule: "NOTE_FORMULA",
                    what: format!("{} note {shown} ({}栏)", k.as_str(), cell.column),
                    lhs: CellRef {
                        table: k,
                        row: lhs_row.key.clone(),
                        column: cell.column,
                    },
                    terms: f
                        .terms
                        .iter()
                        .zip(&terms)
                        .map(|((s, _), r)| {
                            (
                                Decimal::from(*s),
                                CellRef {
                                    table: k,
                                    row: r.key.clone(),
                                    column: cell.column,
                                },
                            )
                        })
                        .collect(),
                });
            }
            continue;
        }
        if let Some(standard) = standard_row_sum(k, f.lhs) {
            let mut printed: Vec<(i32, u32)> = f.terms.clone();
            printed.sort_unstable();
            let mut expected: Vec<(i32, u32)> = standard
                .iter()
                .map(|t| (t.signum(), t.unsigned_abs()))
                .collect();
            expected.sort_unstable();
            if printed != expected {
                mismatches.push(Diagnostic {
                    rule: "NOTE_MISMATCH".into(),
                    severity: Severity::Warning,
                    message: format!(
                        "{}: the note says {shown}, the standard rule for {} 栏 differs",
                        k.as_str(),
                        f.lhs
                    ),
                    cells: vec![],
                    expected: None,
                    actual: None,
                    difference: None,
                });
            }
        }
        for row in &table.rows {
            if !row.cells.iter().any(|c| c.column == f.lhs)
                || row.cells.iter().all(|c| c.value.is_none())
            {
                continue;
            }
            ids.push(Identity {
                rule: "NOTE_FORMULA",
                what: format!("{} {}: note {shown}", k.as_str(), row.key),
                lhs: CellRef {
                    table: k,
                    row: row.key.clone(),
                    column: f.lhs,
                },
                terms: f
                    .terms
                    .iter()
                    .map(|(s, n)| {
                        (
                            Decimal::from(*s),
                            CellRef {
                                table: k,
                                row: row.key.clone(),
                                column: *n,
                            },
                        )
                    })
                    .collect(),
            });
        }
    }
}

/// The standard column formula of a kind for a left-hand column, as signed column numbers.
fn standard_row_sum(kind: TableKind, lhs: u32) -> Option<&'static [i32]> {
    row_sum_formulas(kind)
        .iter()
        .find(|(l, _)| *l == lhs)
        .map(|(_, t)| *t)
}

/// The standard column formulas of each kind, as (lhs, signed terms) over 栏次 numbers.
pub(crate) fn row_sum_formulas(kind: TableKind) -> &'static [(u32, &'static [i32])] {
    match kind {
        TableKind::Income => &[(1, &[2, 3, 4, 5, 6, 7])],
        TableKind::Expenditure => &[(1, &[2, 3, 4, 5, 6])],
        TableKind::GeneralBudgetExpenditure | TableKind::StateCapital => &[(1, &[2, 3])],
        TableKind::GovernmentFund => &[(3, &[4, 5]), (6, &[1, 2, -3])],
        TableKind::FiscalSummary => &[(2, &[3, 4, 5])],
        TableKind::ThreePublic => &[
            (1, &[2, 3, 6]),
            (3, &[4, 5]),
            (7, &[8, 9, 12]),
            (9, &[10, 11]),
        ],
        _ => &[],
    }
}

fn row_sums(table: &Table, ids: &mut Vec<Identity>) {
    let k = table.kind;
    if k == TableKind::ThreePublic {
        three_public_sums(table, ids);
        return;
    }
    // the standard formulas are for the standard columns: a table printed with other columns
    // (a 预算 layout, a regional variant) is checked by its own notes instead
    if amount_columns(table).last().copied() != standard_width(k) {
        keyed_row_sums(table, ids);
        return;
    }
    let formulas: Vec<(u32, Vec<i32>)> = row_sum_formulas(k)
        .iter()
        .map(|&(lhs, terms)| (lhs, terms.to_vec()))
        .collect();
    push_row_sums(table, &formulas, "", ids);
}

/// One ROW_SUM identity per row and formula (lhs 栏 = Σ signed 栏), for rows that print any
/// of the cells involved.
fn push_row_sums(table: &Table, formulas: &[(u32, Vec<i32>)], note: &str, ids: &mut Vec<Identity>) {
    let k = table.kind;
    for row in &table.rows {
        for (lhs, terms) in formulas {
            let lhs = *lhs;
            let involved = std::iter::once(lhs).chain(terms.iter().map(|t| t.unsigned_abs()));
            if !involved.clone().any(|c| row.value(c).is_some())
                || !row.cells.iter().any(|c| c.column == lhs)
            {
                continue;
            }
            let text: Vec<String> = terms.iter().map(|t| t.to_string()).collect();
            ids.push(Identity {
                rule: "ROW_SUM",
                what: format!(
                    "{} {}: {lhs}栏 = {}{note}",
                    k.as_str(),
                    row.key,
                    text.join("+").replace("+-", "-")
                ),
                lhs: cell(k, &row.key, lhs),
                terms: terms
                    .iter()
                    .map(|&t| {
                        (
                            Decimal::from(t.signum()),
                            cell(k, &row.key, t.unsigned_abs()),
                        )
                    })
                    .collect(),
            });
        }
    }
}

/// The parts a kind's total column is the sum of, by column key (the same for every year).
fn keyed_parts(kind: TableKind) -> Option<(&'static str, &'static [&'static str])> {
    match kind {
        TableKind::Income => Some((
            "total",
            &[
                "fiscal",
                "higher_level_subsidy",
                "business",
                "operating",
                "subordinate_remittance",
                "other",
            ],
        )),
        TableKind::Expenditure => Some((
            "total",
            &[
                "basic",
                "project",
                "upper_remittance",
                "operating",
                "subordinate_subsidy",
            ],
        )),
        TableKind::GeneralBudgetExpenditure | TableKind::StateCapital => {
            Some(("total", &["basic", "project"]))
        }
        TableKind::BasicExpenditure => Some(("total", &["personnel", "public"])),
        TableKind::GovernmentFund => Some((
            "expenditure.total",
            &["expenditure.basic", "expenditure.project"],
        )),
        TableKind::FiscalSummary => Some((
            "total",
            &["general_budget", "government_fund", "state_capital"],
        )),
        _ => None,
    }
}

/// Row sums of a table printed with other columns than the standard ones (a 预算 layout, year
/// comparisons): by column key, per year (`prior_year.` columns sum among themselves), and only
/// when every other column of that year is a known part, so that no unknown column is left out
/// of a sum. A change column is this year's total less last year's.
fn keyed_row_sums(table: &Table, ids: &mut Vec<Identity>) {
    let k = table.kind;
    let Some((total, parts)) = keyed_parts(k) else {
        return;
    };
    let number = |key: &str| {
        table
            .columns
            .iter()
            .find(|c| c.key == key)
            .map(|c| c.number)
    };
    let mut formulas: Vec<(u32, Vec<i32>)> = Vec::new();
    for prefix in ["", "prior_year."] {
        let Some(lhs) = number(&format!("{prefix}{total}")) else {
            continue;
        };
        let others: Vec<&str> = table
            .columns
            .iter()
            .filter(|c| c.number != lhs)
            .filter_map(|c| c.key.strip_prefix(prefix))
            .filter(|key| {
                prefix == "prior_year."
                    || !(key.starts_with("prior_year.") || key.starts_with("change."))
            })
            .collect();
        if others.is_empty() || !others.iter().all(|key| parts.contains(key)) {
            continue;
        }
        let terms = others
            .iter()
            .filter_map(|key| number(&format!("{prefix}{key}")))
            .map(|n| n as i32)
            .collect();
        formulas.push((lhs, terms));
    }
    if let (Some(change), Some(now), Some(before)) = (
        number("change.total"),
        number(total),
        number(&format!("prior_year.{total}")),
    ) {
        formulas.push((change, vec![now as i32, -(before as i32)]));
    }
    push_row_sums(table, &formulas, " (by column keys)", ids);
}

/// 三公 by canonical keys, so that one rule serves the 12-column, paired and two-row layouts:
/// total = abroad + vehicle + reception, vehicle = purchase + operation, for budget and actual.
fn three_public_sums(table: &Table, ids: &mut Vec<Identity>) {
    let k = table.kind;
    for row in &table.rows {
        let col = |key: &str| row.cells.iter().find(|c| c.key == key).map(|c| c.column);
        for side in ["budget", "actual"] {
            for (lhs, terms) in [
                ("total", &["abroad", "vehicle", "reception"][..]),
                ("vehicle", &["vehicle_purchase", "vehicle_operation"][..]),
            ] {
                let Some(lhs_col) = col(&format!("{side}.{lhs}")) else {
                    continue;
                };
                let Some(term_cols) = terms
                    .iter()
                    .map(|t| col(&format!("{side}.{t}")))
                    .collect::<Option<Vec<u32>>>()
                else {
                    continue;
                };
                if std::iter::once(lhs_col)
                    .chain(term_cols.iter().copied())
                    .all(|c| row.value(c).is_none())
                {
                    continue;
                }
                ids.push(Identity {
                    rule: "ROW_SUM",
                    what: format!(
                        "{} {}: {side}.{lhs} = {}",
                        k.as_str(),
                        row.key,
                        terms
                            .iter()
                            .map(|t| format!("{side}.{t}"))
                            .collect::<Vec<_>>()
                            .join(" + ")
                    ),
                    lhs: cell(k, &row.key, lhs_col),
                    terms: plus(term_cols.into_iter().map(|c| cell(k, &row.key, c))),
                });
            }
        }
    }
}

fn amount_columns(table: &Table) -> Vec<u32> {
    let mut cols: Vec<u32> = table
        .rows
        .iter()
        .flat_map(|r| r.cells.iter().map(|c| c.column))
        .collect();
    cols.sort_unstable();
    cols.dedup();
    cols
}

fn hierarchy(table: &Table, ids: &mut Vec<Identity>) {
    let k = table.kind;
    if !k.is_coded() {
        return;
    }
    // a department's consolidated table may print each unit's rows under a section row
    // ("125001西安市…"): codes add up within their section, sections up to 合计
    let mut section_of: std::collections::HashMap<*const Row, usize> = Default::default();
    let mut sections: Vec<&Row> = Vec::new();
    for row in &table.rows {
        if row.code.is_none() && crate::build::UNIT_SECTION.is_match(&row.label) {
            sections.push(row);
        }
        section_of.insert(row as *const Row, sections.len());
    }
    let section = |r: &Row| section_of.get(&(r as *const Row)).copied().unwrap_or(0);
    let codes: Vec<&Row> = table.rows.iter().filter(|r| r.code.is_some()).collect();
    let columns = amount_columns(table);
    let mut push = |lhs: &Row, children: Vec<&Row>, what: &str| {
        if children.is_empty() {
            return;
        }
        for &c in &columns {
            ids.push(Identity {
                rule: "HIERARCHY",
                what: format!("{} {} = Σ{what} ({}栏)", k.as_str(), lhs.key, c),
                lhs: cell(k, &lhs.key, c),
                terms: plus(children.iter().map(|ch| cell(k, &ch.key, c))),
            });
        }
    };
    for parent in &codes {
        let code = parent.code.as_deref().unwrap_or_default();
        let child_len = code.len() + 2;
        // with both economic classifications, a child is under both of its parent's classes
        let government = parent.government_code.as_deref();
        let children: Vec<&Row> = codes
            .iter()
            .copied()
            .filter(|r| {
                r.code
                    .as_deref()
                    .is_some_and(|c| c.len() == child_len && c.starts_with(code))
                    && section(r) == section(parent)
                    && government.is_none_or(|g| {
                        r.government_code
                            .as_deref()
                            .is_some_and(|rg| rg.starts_with(g))
                    })
            })
            .collect();
        push(parent, children, if code.len() == 3 { "款" } else { "项" });
    }
    let lei: Vec<&Row> = codes
        .iter()
        .copied()
        .filter(|r| r.code.as_deref().is_some_and(|c| c.len() == 3))
        .collect();
    if k == TableKind::BasicExpenditure {
        let personnel = |c: &str| matches!(c, "301" | "303");
        let lei_code = |r: &Row| r.code.clone().unwrap_or_default();
        if let Some(total) = table.row("人员经费合计") {
            push(
                total,
                lei.iter()
                    .copied()
                    .filter(|r| personnel(&lei_code(r)))
                    .collect(),
                "人员经费类",
            );
        }
        if let Some(total) = table.row("公用经费合计") {
            push(
                total,
                lei.iter()
                    .copied()
                    .filter(|r| !personnel(&lei_code(r)))
                    .collect(),
                "公用经费类",
            );
        }
    } else if !sections.is_empty() {
        for (i, unit) in sections.iter().enumerate() {
            let in_unit = lei
                .iter()
                .copied()
                .filter(|r| section(r) == i + 1)
                .collect();
            push(unit, in_unit, "类");
        }
        if let Some(total) = table.row("合计") {
            push(total, sections.clone(), "单位");
        }
    } else if let Some(total) = table.row("合计") {
        push(total, lei, "类");
    }
}

/// The summary tables' 行次 formulas, found by their labels so that any year's numbering works:
/// 本年收入合计 = Σ lines above it; 总计 = 本年收入合计 + the lines between (in fiscal_summary the
/// 年初/年末 line, whose own parts follow it); likewise for expenditure; 收入总计 = 支出总计.
/// A line numbered "1." / "2、" under a "一、" line is a part of it ("一、财政拨款" /
/// "1.一般公共预算拨款"), and is summed there, not again in the total.
fn is_part_line(label: &str) -> bool {
    let digits = label.chars().take_while(|c| c.is_ascii_digit()).count();
    digits > 0
        && label
            .chars()
            .nth(digits)
            .is_some_and(|c| matches!(c, '.' | '．' | '、'))
}

/// "(1)", "（2）": the parts of a line numbered "1、" where no line is numbered "一、".
fn parenthesized_number(label: &str) -> bool {
    let rest = label.strip_prefix('(').or_else(|| label.strip_prefix('（'));
    rest.is_some_and(|r| {
        let digits = r.chars().take_while(|c| c.is_ascii_digit()).count();
        digits > 0 && matches!(r.chars().nth(digits), Some(')' | '）'))
    })
}

fn chinese_numbered(label: &str) -> bool {
    let n = label
        .chars()
        .take_while(|c| "一二三四五六七八九十".contains(*c))
        .count();
    n > 0 && label.chars().nth(n) == Some('、')
}

/// The lines that add up to a total, and each line's "1." parts: (top lines, [(parent, parts)]).
/// Under a "七、住房保障支出" line, unnumbered lines ("住房改革支出", "住房公积金") are its 款 and 项
/// as some 预算 reports print them: not summed again, and, mixing two levels, not checked as parts.
///
/// Where no line is numbered "一、" (西安: "1、财政拨款" over "(1)一般公共预算拨款收入"), the "1、"
/// lines are the top lines and the "(1)" lines their parts.
fn top_lines<'t>(rows: &[&'t Row]) -> (Vec<&'t Row>, Vec<(&'t Row, Vec<&'t Row>)>) {
    let chinese_top = rows.iter().any(|r| chinese_numbered(&r.label));
    let parenthesized = rows.iter().any(|r| parenthesized_number(&r.label));
    let numbered_top = |label: &str| {
        if chinese_top {
            chinese_numbered(label)
        } else {
            parenthesized && is_part_line(label)
        }
    };
    let mut top: Vec<&Row> = Vec::new();
    let mut parts: Vec<(&Row, Vec<&Row>)> = Vec::new();
    for &r in rows {
        let parent = top.last().copied();
        // a "1." line is a part under "一、" lines, or under an unnumbered line; under another
        // "1、" line it is a line of its own
        let is_part = parenthesized_number(&r.label)
            || (is_part_line(&r.label)
                && (chinese_top || parent.is_some_and(|p| !is_part_line(&p.label))));
        if is_part && let Some(parent) = parent {
            match parts.last_mut().filter(|(p, _)| std::ptr::eq(*p, parent)) {
                Some((_, list)) => list.push(r),
                None => parts.push((parent, vec![r])),
            }
        } else if r.label.is_empty() && r.cells.iter().all(|c| c.value.is_none_or(|v| v.is_zero()))
        {
            // a blank line of the template: neither a line nor a part
        } else if r.label.starts_with("其中") {
            // "其中：…": a part already counted in the line above
        } else if !numbered_top(&r.label)
            && parent.is_some_and(|p| numbered_top(&p.label))
            && !r.label.contains("合计")
        {
            // an unnumbered sub-line under a numbered one
        } else {
            top.push(r);
        }
    }
    (top, parts)
}

fn line_formulas(table: &Table, ids: &mut Vec<Identity>) {
    let k = table.kind;
    if !matches!(k, TableKind::Summary | TableKind::FiscalSummary) {
        return;
    }
    let halves: Vec<(u32, Vec<u32>)> = match k {
        TableKind::Summary => vec![(1, vec![1]), (2, vec![2])],
        _ => vec![(1, vec![1]), (2, vec![2, 3, 4, 5])],
    };
    let mut grand = Vec::new();
    for (first_col, cols) in halves {
        let rows: Vec<&Row> = table
            .rows
            .iter()
            .filter(|r| r.cells.iter().any(|c| c.column == first_col))
            .collect();
        let Some(total_at) = rows
            .iter()
            .position(|r| r.label.contains("本年") && r.label.contains("合计"))
        else {
            continue;
        };
        let Some(grand_at) = rows.iter().position(|r| r.label.ends_with("总计")) else {
            continue;
        };
        for &c in &cols {
            ids.push(Identity {
                rule: "LINE_FORMULA",
                what: format!(
                    "{} {}: 本年合计 = Σ lines above ({}栏)",
                    k.as_str(),
                    rows[total_at].key,
                    c
                ),
                lhs: cell(k, &rows[total_at].key, c),
                terms: plus(
                    top_lines(&rows[..total_at])
                        .0
                        .iter()
                        .map(|r| cell(k, &r.key, c)),
                ),
            });
            for (parent, parts) in top_lines(&rows[..grand_at]).1 {
                ids.push(Identity {
                    rule: "LINE_FORMULA",
                    what: format!(
                        "{} {}: = Σ its numbered parts ({}栏)",
                        k.as_str(),
                        parent.key,
                        c
                    ),
                    lhs: cell(k, &parent.key, c),
                    terms: plus(parts.iter().map(|r| cell(k, &r.key, c))),
                });
            }
            let between = &rows[total_at + 1..grand_at.max(total_at + 1)];
            let terms: Vec<&Row> = if k == TableKind::FiscalSummary {
                let carry = between.first().copied();
                if let Some(carry) = carry.filter(|_| between.len() > 1) {
                    ids.push(Identity {
                        rule: "LINE_FORMULA",
                        what: format!(
                            "{} {}: 结转和结余 = Σ its parts ({}栏)",
                            k.as_str(),
                            carry.key,
                            c
                        ),
                        lhs: cell(k, &carry.key, c),
                        terms: plus(between[1..].iter().map(|r| cell(k, &r.key, c))),
                    });
                }
                std::iter::once(rows[total_at]).chain(carry).collect()
            } else {
                std::iter::once(rows[total_at])
                    .chain(top_lines(between).0)
                    .collect()
            };
            ids.push(Identity {
                rule: "LINE_FORMULA",
                what: format!(
                    "{} {}: 总计 = 本年合计 + carry-overs ({}栏)",
                    k.as_str(),
                    rows[grand_at].key,
                    c
                ),
                lhs: cell(k, &rows[grand_at].key, c),
                terms: plus(terms.iter().map(|r| cell(k, &r.key, c))),
            });
        }
        grand.push(cell(k, &rows[grand_at].key, first_col));
    }
    if let [income, expenditure] = grand.as_slice() {
        ids.push(Identity {
            rule: "LINE_FORMULA",
            what: format!("{}: 收入总计 = 支出总计", k.as_str()),
            lhs: income.clone(),
            terms: plus([expenditure.clone()]),
        });
    }
}

/// The column of a key where the table names its columns; else the standard 栏次.
fn keyed_column(table: &Table, key: &str, standard: u32) -> u32 {
    table
        .columns
        .iter()
        .find(|c| c.key == key)
        .map_or(standard, |c| c.number)
}

fn labelled(table: &Table, pred: impl Fn(&str) -> bool) -> Option<String> {
    table
        .rows
        .iter()
        .find(|r| pred(&r.label))
        .map(|r| r.key.clone())
}

fn cross_table(doc: &Document, ids: &mut Vec<Identity>) {
    let get = |k: TableKind| doc.table(k).filter(|t| !t.empty);
    let is_in_total = |l: &str| l.contains("本年收入合计");
    let is_out_total = |l: &str| l.contains("本年支出合计");
    let mut link = |what: &str, lhs: Option<CellRef>, rhs: Vec<Option<CellRef>>| {
        if let (Some(lhs), Some(terms)) = (lhs, rhs.into_iter().collect::<Option<Vec<_>>>()) {
            ids.push(Identity {
                rule: "CROSS_TABLE",
                what: what.to_string(),
                lhs,
                terms: plus(terms),
            });
        }
    };
    let summary = get(TableKind::Summary);
    let fiscal = get(TableKind::FiscalSummary);
    let income = get(TableKind::Income);
    let expenditure = get(TableKind::Expenditure);
    let gbe = get(TableKind::GeneralBudgetExpenditure);
    let basic = get(TableKind::BasicExpenditure);
    let at = |t: Option<&Table>, key: Option<String>, col: u32| -> Option<CellRef> {
        let t = t?;
        // a link to a column the table does not print (a one-column 预算 fiscal summary) is no link
        if !t.columns.is_empty() && !t.columns.iter().any(|c| c.number == col) {
            return None;
        }
        Some(cell(t.kind, &key?, col))
    };
    let total = |t: Option<&Table>| t.and_then(|t| t.row("合计").map(|r| r.key.clone()));
    // the column of a key where the table names its columns (a 预算 table may print last year's
    // total first); else the standard 栏次
    let keyed = |t: Option<&Table>, key: &str, standard: u32| -> u32 {
        t.map_or(standard, |t| keyed_column(t, key, standard))
    };
    // a 预算 income table with a 上年结转 column totals to 收入总计, not to 本年收入合计
    let with_carry_over = income.is_some_and(|t| {
        t.columns
            .iter()
            .any(|c| c.header.contains("上年结转") || c.header.contains("上年结余"))
    });
    if with_carry_over {
        link(
            "summary 收入总计 = income 合计 (1栏, with 上年结转)",
            at(
                summary,
                summary.and_then(|t| labelled(t, |l| l.ends_with("收入总计"))),
                1,
            ),
            vec![at(income, total(income), keyed(income, "total", 1))],
        );
    } else {
        link(
            "summary 本年收入合计 = income 合计 (1栏)",
            at(summary, summary.and_then(|t| labelled(t, is_in_total)), 1),
            vec![at(income, total(income), keyed(income, "total", 1))],
        );
    }
    // likewise an expenditure table by source of funds with a 上年结转 column totals to 支出总计
    let spends_carry_over = expenditure.is_some_and(|t| {
        t.columns
            .iter()
            .any(|c| c.header.contains("上年结转") || c.header.contains("上年结余"))
    });
    let out_total = move |l: &str| {
        if spends_carry_over {
            l.ends_with("支出总计")
        } else {
            is_out_total(l)
        }
    };
    link(
        "summary 本年支出合计 (支出总计 where the table counts 上年结转) = expenditure 合计 (1栏)",
        at(summary, summary.and_then(|t| labelled(t, out_total)), 2),
        vec![at(
            expenditure,
            total(expenditure),
            keyed(expenditure, "total", 1),
        )],
    );
    // 财政拨款收入 by its key, or at 2栏 where the table prints the standard columns
    let fiscal_income = income.and_then(|t| {
        let standard = standard_width(TableKind::Income) == amount_columns(t).last().copied();
        let keyed = t.columns.iter().any(|c| c.key == "fiscal");
        (keyed || standard).then(|| keyed_column(t, "fiscal", 2))
    });
    if let Some(column) = fiscal_income {
        link(
            "income 合计 财政拨款收入 (2栏) = fiscal_summary 本年收入合计",
            at(income, total(income), column),
            vec![at(fiscal, fiscal.and_then(|t| labelled(t, is_in_total)), 1)],
        );
    }
    link(
        "fiscal_summary 本年支出合计 一般公共预算 (3栏) = general_budget_expenditure 合计",
        at(
            fiscal,
            fiscal.and_then(|t| labelled(t, is_out_total)),
            keyed(fiscal, "general_budget", 3),
        ),
        vec![at(gbe, total(gbe), keyed(gbe, "total", 1))],
    );
    if basic.is_some_and(|t| t.row("人员经费合计").is_none()) {
        // a 预算 basic table with 合计 | 人员经费 | 公用经费 columns and a 合计 row
        link(
            "general_budget_expenditure 合计 基本支出 = basic_expenditure 合计",
            at(gbe, total(gbe), keyed(gbe, "basic", 2)),
            vec![
                at(basic, total(basic), keyed(basic, "total", 1))
                    .filter(|_| basic.is_some_and(|t| t.columns.iter().any(|c| c.key == "total"))),
            ],
        );
    }
    link(
        "general_budget_expenditure 合计 基本支出 (2栏) = 人员经费合计 + 公用经费合计",
        at(gbe, total(gbe), keyed(gbe, "basic", 2)),
        vec![
            at(
                basic,
                basic.and_then(|t| t.row("人员经费合计").map(|r| r.key.clone())),
                1,
            ),
            at(
                basic,
                basic.and_then(|t| t.row("公用经费合计").map(|r| r.key.clone())),
                1,
            ),
        ],
    );
}

fn lookup(doc: &Document, r: &CellRef) -> Option<(bool, Decimal)> {
    // keys are unique per half: "总计" may head both the income and the expenditure half
    let table = doc.table(r.table)?;
    let mut same_key = table.rows.iter().filter(|row| row.key == r.row);
    let row = same_key
        .clone()
        .find(|row| row.cells.iter().any(|c| c.column == r.column))
        .or_else(|| same_key.next());
    match row {
        None => Some((false, Decimal::ZERO)),
        Some(row) => Some((true, row.value(r.column).unwrap_or(Decimal::ZERO))),
    }
}

fn evaluate(doc: &Document, id: Identity) -> Option<Diagnostic> {
    let (_, lhs) = lookup(doc, &id.lhs)?;
    let mut sum = Decimal::ZERO;
    let mut scale = lhs.scale();
    for (sign, r) in &id.terms {
        let (_, v) = lookup(doc, r)?;
        scale = scale.max(v.scale());
        sum += *sign * v;
    }
    let difference = lhs - sum;
    // the printed unit: whole 元 in a 元 table; in 万元 cents, also where trailing zeros are trimmed
    let in_yuan = doc
        .table(id.lhs.table)
        .is_some_and(|t| t.unit == juesuan_model::AmountUnit::Yuan);
    let half_unit = Decimal::new(5, scale.max(if in_yuan { 0 } else { 2 }) + 1);
    let tolerance = half_unit * Decimal::from(id.terms.len() as u64 + 1);
    let severity = if difference.is_zero() {
        Severity::Pass
    } else if difference.abs() <= tolerance || id.rule == "NOTE_FORMULA" {
        // a printed note that does not hold is most often a typo in the note: worth a look, no more
        Severity::Warning
    } else {
        Severity::Error
    };
    let mut cells = vec![id.lhs];
    cells.extend(id.terms.into_iter().map(|(_, r)| r));
    Some(Diagnostic {
        rule: id.rule.to_string(),
        severity,
        message: match severity {
            Severity::Pass => format!("{}: holds", id.what),
            Severity::Warning => format!("{}: off by {difference}, within rounding", id.what),
            _ => format!("{}: {lhs} printed, terms give {sum}", id.what),
        },
        cells,
        expected: Some(sum),
        actual: Some(lhs),
        difference: Some(difference),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_lines_are_parts_of_the_line_above() {
        assert!(is_part_line("1.一般公共预算拨款"));
        assert!(is_part_line("12、其他"));
        assert!(!is_part_line("一、财政拨款"));
        assert!(!is_part_line("2080101"));
    }

    fn row(label: &str) -> Row {
        Row {
            key: label.to_string(),
            code: None,
            government_code: None,
            level: None,
            parent: None,
            line_no: None,
            line: String::new(),
            label: label.to_string(),
            page: 1,
            cells: vec![juesuan_model::Cell {
                column: 1,
                text: "1".into(),
                value: Some(Decimal::ONE),
                key: String::new(),
                bbox: None,
            }],
        }
    }

    fn tops(labels: &[&str]) -> (Vec<String>, Vec<(String, Vec<String>)>) {
        let rows: Vec<Row> = labels.iter().map(|l| row(l)).collect();
        let refs: Vec<&Row> = rows.iter().collect();
        let (top, parts) = top_lines(&refs);
        (
            top.iter().map(|r| r.label.clone()).collect(),
            parts
                .iter()
                .map(|(p, list)| {
                    (
                        p.label.clone(),
                        list.iter().map(|r| r.label.clone()).collect(),
                    )
                })
                .collect(),
        )
    }

    #[test]
    fn lines_numbered_one_level_down_are_read_as_their_own_levels() {
        // 一、 over 1.: the 1. lines are parts
        let (top, parts) = tops(&["一、财政拨款", "1.一般公共预算拨款", "二、事业收入"]);
        assert_eq!(top, ["一、财政拨款", "二、事业收入"]);
        assert_eq!(
            parts,
            [(
                "一、财政拨款".to_string(),
                vec!["1.一般公共预算拨款".to_string()]
            )]
        );
        // 西安: 1、 over (1), 其中 lines counted in the line above
        let (top, parts) = tops(&[
            "1、财政拨款",
            "(1)一般公共预算拨款收入",
            "其中：专项资金列入部门预算的项目",
            "(2)政府性基金收入",
            "2、上级补助收入",
        ]);
        assert_eq!(top, ["1、财政拨款", "2、上级补助收入"]);
        assert_eq!(parts[0].1.len(), 2);
        // 1、 lines with no level above them are the lines themselves
        let (top, parts) = tops(&["1、一般公共服务", "2、外交", "3、国防"]);
        assert_eq!(top.len(), 3);
        assert!(parts.is_empty());
    }

    #[test]
    fn parses_printed_formulas() {
        let f = parse_note_formulas("注：本表反映…。1 栏各行＝（2+3+4+5+6+7）栏各行。");
        assert_eq!(
            f,
            vec![NoteFormula {
                lines: false,
                lhs: 1,
                terms: (2..=7).map(|n| (1, n)).collect()
            }]
        );
        let f = parse_note_formulas(
            "27 行＝（1+2+3）行；57行＝（31+32+…+56）行；6栏各行＝（1＋2－3）栏各行",
        );
        assert_eq!(f.len(), 3);
        assert_eq!(f[1].terms.len(), 26);
        assert_eq!(f[1].terms.last(), Some(&(1, 56)));
        assert_eq!(f[2].terms, vec![(1, 1), (1, 2), (-1, 3)]);
        assert!(f[0].lines && !f[2].lines);
    }
}
