//! The formulas a table prints in its notes (`NOTE_FORMULA`), and where one differs from the
//! standard rule (`NOTE_MISMATCH`).

use super::Identity;
use super::identities::standard_row_sum;
use juesuan_model::{CellRef, Diagnostic, Row, Rule, Severity, Table};
use rust_decimal::Decimal;

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

/// A range in a note ("31+…+56") spanning more lines than this is a misreading, not a formula.
const MAX_NOTE_RANGE: u32 = 200;

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
                    (true, Some((s, from))) if from < n && n - from < MAX_NOTE_RANGE => {
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
pub(super) fn note_formulas(
    table: &Table,
    ids: &mut Vec<Identity>,
    mismatches: &mut Vec<Diagnostic>,
) {
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
                    rule: Rule::NoteFormula,
                    what: format!("{} note {shown} ({}栏)", k.as_str(), cell.column),
                    lhs: CellRef::of_row(k, lhs_row, cell.column),
                    terms: f
                        .terms
                        .iter()
                        .zip(&terms)
                        .map(|((s, _), r)| (Decimal::from(*s), CellRef::of_row(k, r, cell.column)))
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
                    rule: Rule::NoteMismatch,
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
                rule: Rule::NoteFormula,
                what: format!("{} {}: note {shown}", k.as_str(), row.key),
                lhs: CellRef::of_row(k, row, f.lhs),
                terms: f
                    .terms
                    .iter()
                    .map(|(s, n)| (Decimal::from(*s), CellRef::of_row(k, row, *n)))
                    .collect(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
