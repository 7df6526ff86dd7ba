//! What a text dump cannot give: tables whose cells it printed apart from their rows (refused,
//! `TEXT_ROWS_BROKEN`), and amounts it printed that no row took (`TEXT_AMOUNTS_UNPLACED`).

use super::rows::{Token, government_codes_paired, tokens};
use crate::normalise::amount::value;
use crate::normalise::{codes, keys};
use juesuan_model::{Diagnostic, Rule, Severity, Table, TableKind};

/// Whether the dump printed the table's cells apart from their rows, as pdftotext's default
/// (reading-order) mode does with ruled tables: column headings turning up after the data (the
/// columns printed one after another), or the rows' names and amounts without their codes (the
/// code column printed as a block of its own). Rows from such text would be guesses.
pub fn printed_apart(kind: TableKind, data: &[String]) -> Option<String> {
    let compact = |l: &str| l.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let mut headings: Vec<&str> = keys::column_headings(kind);
    headings.extend([
        "功能分类科目编码",
        "科目编码",
        "科目名称",
        "经济分类科目编码",
    ]);
    if let Some(line) = data.iter().find(|l| {
        let c = compact(l);
        c.chars().count() >= 3 && headings.iter().any(|h| *h == c)
    }) {
        return Some(format!(
            "the column heading \"{}\" follows the data: the columns were printed one after another",
            compact(line)
        ));
    }
    if kind.is_coded() {
        let toks = tokens(data);
        if kind == TableKind::BasicExpenditure && government_codes_paired(&toks) == Some(false) {
            return Some(
                "its rows print both economic classifications (部门 3xx and 政府 5xx codes), and a 政府 code does not follow its 部门 code and name: the classifications were printed apart".into(),
            );
        }
        // codes one after another, with no name or amount between: the code column as a block
        let mut run = 0;
        let mut longest = 0;
        for t in &toks {
            run = if matches!(t, Token::Number(w) if codes::is_code(w)) {
                run + 1
            } else {
                0
            };
            longest = longest.max(run);
        }
        if longest >= 3 {
            return Some(format!(
                "{longest} codes in a row with nothing between: the code column was printed as a block"
            ));
        }
        let codes = toks
            .iter()
            .filter(|t| matches!(t, Token::Number(w) if codes::is_code(w)))
            .count();
        let names = toks
            .iter()
            .filter(
                |t| matches!(t, Token::Text(w) if w.chars().count() >= 2 && !w.contains("合计")),
            )
            .count();
        if names >= 4 && codes * 3 < names {
            return Some(format!(
                "{names} names but {codes} codes: the code column was printed apart from its rows"
            ));
        }
    }
    None
}

/// Every amount the text prints is either in the table or said to be missing: the amounts that
/// no row took (`TEXT_AMOUNTS_UNPLACED`), or the whole table when none could be read.
pub fn account_for_amounts(
    table: &Table,
    body: &[String],
    found_rows: usize,
    width: u32,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let money = |w: &str| w.contains(['.', ',']) && value(w).is_some();
    let printed = tokens(body)
        .iter()
        .filter(|t| matches!(t, Token::Number(w) if money(w)))
        .count();
    let placed = table
        .rows
        .iter()
        .flat_map(|r| &r.cells)
        .filter(|c| money(&c.text))
        .count();
    let ambiguous = diagnostics
        .iter()
        .filter(|d| {
            d.rule == Rule::AmbiguousColumns
                && d.message.starts_with(&format!("{} ", table.kind.as_str()))
        })
        .count();
    let summary = matches!(table.kind, TableKind::Summary | TableKind::FiscalSummary);
    if printed == 0 && (found_rows > 0 || !body.is_empty()) {
        diagnostics.push(Diagnostic::note(
            Rule::TextAmountsUnplaced,
            Severity::Warning,
            format!(
                "{}: no amount is printed within the table's text: its amount columns come apart from it (after its notes, or on their own)",
                table.kind.as_str()
            ),
        ));
        return;
    }
    // the basic table's two totals come in pairs: one without the other means rows are missing
    let has = |label: &str| table.rows.iter().any(|r| r.label == label);
    if table.kind == TableKind::BasicExpenditure && has("人员经费合计") != has("公用经费合计")
    {
        diagnostics.push(Diagnostic::note(
            Rule::TextAmountsUnplaced,
            Severity::Warning,
            "basic_expenditure: only one of 人员经费合计 and 公用经费合计 is in the table's text: the rows of the other group are printed apart from it".into(),
        ));
        return;
    }
    if placed >= printed || ambiguous > 0 && placed > 0 {
        return;
    }
    let why = if found_rows == 0 && width == 0 && !summary {
        "no 栏次 line and no line starting with a code: the text does not show where the rows begin"
            .to_string()
    } else if found_rows == 0 && summary {
        "a summary printed without 行次 (or with its halves apart): its lines cannot be told apart in text".to_string()
    } else if placed == 0 {
        format!("none of its {printed} amounts could be tied to a row and column")
    } else {
        format!(
            "{} of its {printed} amounts could not be tied to a row and column (printed apart from their rows)",
            printed - placed
        )
    };
    diagnostics.push(Diagnostic::note(
        Rule::TextAmountsUnplaced,
        Severity::Warning,
        format!("{}: {why}", table.kind.as_str()),
    ));
}
