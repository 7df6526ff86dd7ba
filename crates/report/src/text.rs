//! Reports that arrive as text (pdftotext output, copy-paste, scraped pages): the tables
//! reassembled without positions.
//!
//! A text dump has lost every position: cells come one per token, blank cells vanish, and the
//! three groups of the basic-expenditure table interleave. Titles and 栏次 lines still delimit
//! the tables; codes, 行次 and amounts are tokens; wrapped names are joined. Where vanished
//! blanks leave an amount's column open, every placement that keeps the printed order is tried
//! and only those that satisfy the identities survive: the row's own formula, 类 = Σ款 = Σ项,
//! the summary lines, and cross-table facts (a 支出决算表 cell is never below the
//! 一般公共预算 part of it). A choice made that way is recorded (`COLUMNS_FROM_IDENTITIES`);
//! where more than one placement survives, the amount is left out and said so
//! (`AMBIGUOUS_COLUMNS`), never guessed.

use crate::amount::{Amount, parse_amount};
use crate::build::{issuer_of, states_empty, text_metadata, unit_of};
use crate::recognize::kind_of_title;
use juesuan_model::{
    AmountUnit, Cell, Diagnostic, Level, Metadata, Row, Severity, Table, TableKind,
};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// A table's lines as the dump gives them.
struct TextTable {
    kind: TableKind,
    title: String,
    unit: Option<AmountUnit>,
    body: Vec<String>,
    notes: Vec<String>,
    empty: bool,
}

/// Tables and metadata from a text dump.
pub fn read_text(text: &str) -> (Metadata, Vec<Table>, Vec<Diagnostic>) {
    let lines: Vec<String> = text
        .lines()
        .map(|l| {
            fold_number_marks(
                &l.trim()
                    .chars()
                    .map(crate::amount::fold_digit)
                    .collect::<String>(),
            )
        })
        .filter(|l| !l.is_empty())
        .collect();
    let mut metadata = Metadata::default();
    let mut diagnostics = Vec::new();
    let mut raw: Vec<TextTable> = Vec::new();
    let mut current: Option<TextTable> = None;
    let mut in_notes = false;
    for line in &lines {
        if let Some(kind) = kind_of_title(line) {
            if current
                .as_ref()
                .is_some_and(|t| t.kind == kind && !in_notes)
            {
                continue; // a title repeated on a continuation page
            }
            raw.extend(current.take());
            current = Some(TextTable {
                kind,
                title: line.clone(),
                unit: None,
                body: vec![],
                notes: vec![],
                empty: false,
            });
            in_notes = false;
            continue;
        }
        if metadata.unit.is_none() && line.contains("单位") {
            metadata.unit = issuer_of(line);
        }
        let Some(t) = current.as_mut() else { continue };
        if let Some(unit) = unit_of(line) {
            t.unit = Some(unit);
            continue;
        }
        if states_empty(line) {
            t.empty = true;
            continue;
        }
        if line.starts_with('注') {
            in_notes = true;
        }
        if in_notes {
            if line.starts_with('注') || line.contains('＝') || line.contains('=') {
                t.notes.push(line.clone());
            } else if line.chars().count() > 30 || line.starts_with('第') {
                raw.extend(current.take()); // the narrative goes on: the table is over
            }
            continue;
        }
        t.body.push(line.clone());
    }
    raw.extend(current.take());

    let narrative = lines.join("\n");
    let mut tables: Vec<Table> = Vec::new();
    // the order matters: tables that read without ambiguity pin the ones that need them
    let order = [
        TableKind::Summary,
        TableKind::BasicExpenditure,
        TableKind::GeneralBudgetExpenditure,
        TableKind::GovernmentFund,
        TableKind::StateCapital,
        TableKind::Income,
        TableKind::Expenditure,
        TableKind::FiscalSummary,
        TableKind::ThreePublic,
    ];
    for kind in order {
        for t in raw.iter().filter(|t| t.kind == kind) {
            let table = read_table(t, &tables, &narrative, &mut diagnostics);
            tables.push(table);
        }
    }
    // back to document order
    let position = |k: TableKind| raw.iter().position(|t| t.kind == k).unwrap_or(usize::MAX);
    tables.sort_by_key(|t| position(t.kind));
    let first_title = raw.first().map(|t| t.title.clone()).unwrap_or_default();
    let unit = metadata.unit.take();
    text_metadata(
        &mut metadata,
        &lines.join("\n"),
        &first_title,
        !tables.is_empty(),
    );
    metadata.unit = unit;
    (metadata, tables, diagnostics)
}

/// Full-width "．" and "，" between digits (text from a GBK font, "５６４，５２９．５６") as "." and ",".
fn fold_number_marks(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let digit = |i: Option<&char>| i.is_some_and(|c| c.is_ascii_digit());
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| match c {
            '．' | '，' if i > 0 && digit(chars.get(i - 1)) && digit(chars.get(i + 1)) => {
                if c == '．' { '.' } else { ',' }
            }
            _ => c,
        })
        .collect()
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Number(String),
    /// "-", "—": a cell printed empty, still a position.
    Dash,
    Text(String),
}

fn tokens(lines: &[String]) -> Vec<Token> {
    lines
        .iter()
        .flat_map(|l| l.split_whitespace())
        .map(|w| match parse_amount(w) {
            Amount::Value(_) => Token::Number(w.to_string()),
            Amount::Empty => Token::Dash,
            Amount::NotAmount => Token::Text(w.to_string()),
        })
        .collect()
}

fn is_code(w: &str) -> bool {
    matches!(w.len(), 3 | 5 | 7) && w.chars().all(|c| c.is_ascii_digit())
}

fn value(w: &str) -> Option<Decimal> {
    match parse_amount(w) {
        Amount::Value(v) => Some(v),
        _ => None,
    }
}

/// The lines after the 栏次 line (or, without one, from the first coded line).
fn data_lines(t: &TextTable) -> (usize, &[String]) {
    let numbered = t.body.iter().position(|l| {
        let w: Vec<&str> = l.split_whitespace().collect();
        (w.first() == Some(&"栏次") && w.len() > 1)
            || (w.len() >= 2 && w.iter().all(|x| x.parse::<u32>().is_ok()) && w[0] == "1")
    });
    match numbered {
        Some(i) => {
            let width = t.body[i]
                .split_whitespace()
                .filter_map(|x| x.parse::<usize>().ok())
                .max()
                .unwrap_or(0);
            (width, &t.body[i + 1..])
        }
        None => {
            let first = t
                .body
                .iter()
                .position(|l| l.split_whitespace().next().is_some_and(is_code))
                .unwrap_or(t.body.len());
            (0, &t.body[first..])
        }
    }
}

/// Whether the dump printed the table's cells apart from their rows, as pdftotext's default
/// (reading-order) mode does with ruled tables: column headings turning up after the data (the
/// columns printed one after another), or the rows' names and amounts without their codes (the
/// code column printed as a block of its own). Rows from such text would be guesses.
fn printed_apart(kind: TableKind, data: &[String]) -> Option<String> {
    let compact = |l: &str| l.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let mut headings: Vec<&str> = crate::keys::column_headings(kind);
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
        if kind == TableKind::BasicExpenditure
            && toks
                .iter()
                .any(|t| matches!(t, Token::Number(w) if is_code(w) && w.starts_with('5') && w.len() <= 5))
        {
            return Some(
                "its rows print both economic classifications (部门 3xx and 政府 5xx codes), which the text reader does not pair yet".into(),
            );
        }
        // codes one after another, with no name or amount between: the code column as a block
        let mut run = 0;
        let mut longest = 0;
        for t in &toks {
            run = if matches!(t, Token::Number(w) if is_code(w)) {
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
            .filter(|t| matches!(t, Token::Number(w) if is_code(w)))
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

/// One parsed row before its amounts have columns.
struct Pending {
    key: String,
    code: Option<String>,
    line_no: Option<u32>,
    label: String,
    amounts: Vec<Option<Decimal>>,
    printed: Vec<String>,
    /// The first column the amounts may occupy (2 for the right half of fiscal_summary).
    first_column: u32,
}

fn read_table(
    t: &TextTable,
    done: &[Table],
    narrative: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Table {
    let mut table = Table {
        kind: t.kind,
        title: t.title.clone(),
        unit: t.unit.unwrap_or(AmountUnit::WanYuan),
        pages: vec![],
        empty: t.empty,
        columns: vec![],
        rows: vec![],
        notes: t.notes.clone(),
    };
    let (width, data) = data_lines(t);
    if let Some(reason) = printed_apart(t.kind, data) {
        diagnostics.push(Diagnostic::note(
            "TEXT_ROWS_BROKEN",
            Severity::Warning,
            format!(
                "{}: {reason}; the rows cannot be rebuilt from the text without guessing, so the table is left out (read the PDF itself)",
                t.kind.as_str()
            ),
        ));
        return table;
    }
    let rows = match t.kind {
        TableKind::Summary | TableKind::FiscalSummary => summary_rows(&tokens(data)),
        TableKind::BasicExpenditure => basic_rows(&tokens(data)),
        TableKind::ThreePublic => {
            let amounts: Vec<Token> = tokens(data)
                .into_iter()
                .filter(|t| !matches!(t, Token::Text(_)))
                .collect();
            vec![pending_from("1", None, None, String::new(), &amounts, 1)]
        }
        _ => coded_rows(&tokens(data)),
    };
    let width = crate::validate::standard_width(t.kind).unwrap_or(width.max(1) as u32);
    table.columns = (1..=width)
        .map(|n| juesuan_model::Column {
            number: n,
            header: String::new(),
            key: String::new(),
            year: None,
        })
        .collect();
    let pins = if t.kind == TableKind::ThreePublic {
        three_public_from_narrative(narrative)
    } else {
        vec![]
    };
    if !pins.is_empty() {
        diagnostics.push(Diagnostic::note("COLUMNS_FROM_NARRATIVE", Severity::Info, format!(
            "three_public: the report's 情况说明 states {} of its cells ({}); they are used to place the table's amounts",
            pins.len(),
            pins.iter().map(|(c, v)| format!("{c}栏={v}")).collect::<Vec<_>>().join(", ")
        )));
    }
    let found_rows = rows.len();
    place_amounts(&mut table, rows, done, &pins, diagnostics);
    account_for_amounts(&table, &t.body, found_rows, width, diagnostics);
    table
}

/// Every amount the text prints is either in the table or said to be missing: the amounts that
/// no row took (`TEXT_AMOUNTS_UNPLACED`), or the whole table when none could be read.
fn account_for_amounts(
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
            d.rule == "AMBIGUOUS_COLUMNS"
                && d.message.starts_with(&format!("{} ", table.kind.as_str()))
        })
        .count();
    let summary = matches!(table.kind, TableKind::Summary | TableKind::FiscalSummary);
    if printed == 0 && (found_rows > 0 || !body.is_empty()) {
        diagnostics.push(Diagnostic::note(
            "TEXT_AMOUNTS_UNPLACED",
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
            "TEXT_AMOUNTS_UNPLACED",
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
        "TEXT_AMOUNTS_UNPLACED",
        Severity::Warning,
        format!("{}: {why}", table.kind.as_str()),
    ));
}

/// The national template's 情况说明 states the 三公 figures in words: "年初预算数为 4.5 万元，支出决算
/// 为 0 万元", and per item "公务用车运行费 0 万元，完成年初预算的 0.0%，比年初预算减少 3.5 万元".
/// Read as (column, value) of the standard 12 columns: budget 1–6, actual 7–12.
fn three_public_from_narrative(text: &str) -> Vec<(usize, Decimal)> {
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

fn pending_from(
    key: &str,
    code: Option<String>,
    line_no: Option<u32>,
    label: String,
    toks: &[Token],
    first_column: u32,
) -> Pending {
    let mut row = Pending::new(key, code, line_no, &label, first_column);
    for t in toks {
        row.push(t);
    }
    row
}

impl Pending {
    fn new(
        key: &str,
        code: Option<String>,
        line_no: Option<u32>,
        label: &str,
        first_column: u32,
    ) -> Self {
        Pending {
            key: key.to_string(),
            code,
            line_no,
            label: label.to_string(),
            amounts: vec![],
            printed: vec![],
            first_column,
        }
    }

    fn push(&mut self, token: &Token) {
        match token {
            Token::Number(w) => {
                self.amounts.push(value(w));
                self.printed.push(w.clone());
            }
            Token::Dash => {
                self.amounts.push(None);
                self.printed.push("-".into());
            }
            Token::Text(_) => {}
        }
    }
}

/// A row code starting at `i`: "2080101 名称", "208 01 01 名称" (类 | 款 | 项 columns), or "01 01 名称"
/// with 类 left blank (taken from the last code). Returns the code and the tokens it used.
fn code_at(toks: &[Token], i: usize, last: &str) -> Option<(String, usize)> {
    let digits = |j: usize, len: usize| matches!(toks.get(j), Some(Token::Number(w)) if w.len() == len && w.chars().all(|c| c.is_ascii_digit()));
    let text_at = |j: usize| matches!(toks.get(j), Some(Token::Text(_)));
    let Some(Token::Number(w)) = toks.get(i) else {
        return None;
    };
    if is_code(w) && text_at(i + 1) {
        return Some((w.clone(), 1));
    }
    let twos = (1..=2).take_while(|&k| digits(i + k, 2)).count();
    let part = |k: usize| match &toks[i + k] {
        Token::Number(x) => x.clone(),
        _ => String::new(),
    };
    if w.len() == 3 && twos > 0 && text_at(i + 1 + twos) {
        let code: String = std::iter::once(w.clone())
            .chain((1..=twos).map(part))
            .collect();
        return Some((code, 1 + twos));
    }
    if w.len() == 2 && last.len() >= 3 && twos <= 1 && text_at(i + 1 + twos) {
        let tail: String = std::iter::once(w.clone())
            .chain((1..=twos).map(part))
            .collect();
        let code = if tail.len() == 4 {
            format!("{}{tail}", &last[..3])
        } else if last.len() >= 5 {
            format!("{}{tail}", &last[..5])
        } else {
            format!("{}{tail}", &last[..3])
        };
        return Some((code, 1 + twos));
    }
    None
}

/// 功能分类 tables: each row starts with a code (or 合计); names may wrap past the amounts.
fn coded_rows(toks: &[Token]) -> Vec<Pending> {
    let mut rows: Vec<Pending> = Vec::new();
    let mut last = String::new();
    let mut i = 0;
    while i < toks.len() {
        if let Some((code, used)) = code_at(toks, i, &last) {
            last = code.clone();
            rows.push(Pending::new(&code, Some(code.clone()), None, "", 1));
            i += used;
            continue;
        }
        match &toks[i] {
            Token::Text(w) if matches!(w.as_str(), "合计" | "总计") => {
                rows.push(Pending::new("合计", None, None, "合计", 1))
            }
            Token::Text(w) => {
                if let Some(r) = rows.last_mut().filter(|r| r.code.is_some()) {
                    r.label.push_str(w);
                }
            }
            t => {
                if let Some(r) = rows.last_mut() {
                    r.push(t);
                }
            }
        }
        i += 1;
    }
    rows
}

/// basic_expenditure: "30101 基本工资 181.64 30201 办公费 31.18 30701 国内债务付息 …", then the totals.
fn basic_rows(toks: &[Token]) -> Vec<Pending> {
    let mut rows: Vec<Pending> = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        match t {
            Token::Number(w) if is_code(w) && matches!(toks.get(i + 1), Some(Token::Text(_))) => {
                rows.push(Pending::new(w, Some(w.clone()), None, "", 1));
            }
            Token::Text(w) if w.ends_with("合计") => rows.push(Pending::new(w, None, None, w, 1)),
            Token::Text(w) => {
                // a name, or the rest of one wrapped past its amount
                if let Some(r) = rows.last_mut().filter(|r| r.code.is_some()) {
                    r.label.push_str(w);
                }
            }
            Token::Number(_) => {
                if let Some(r) = rows.last_mut() {
                    r.push(t);
                }
            }
            Token::Dash => {}
        }
    }
    rows
}

/// summary / fiscal_summary: "label 行次 [amount] label 行次 [amounts…]" with the 行次 of each
/// half counting up, which tells a 行次 from an integer amount.
fn summary_rows(toks: &[Token]) -> Vec<Pending> {
    let mut left: Vec<Pending> = Vec::new();
    let mut right: Vec<Pending> = Vec::new();
    let mut label = String::new();
    let mut expected_left = 1u32;
    let mut expected_right: Option<u32> = None;
    // 0: before the first left 行次; 1: after a left 行次; 2: after a right 行次
    let mut side = 0;
    let row = |n: u32, label: String, first_column: u32| {
        Pending::new(&n.to_string(), None, Some(n), &label, first_column)
    };
    for (i, t) in toks.iter().enumerate() {
        let int = match t {
            Token::Number(w) if w.len() <= 3 && w.chars().all(|c| c.is_ascii_digit()) => {
                w.parse::<u32>().ok()
            }
            _ => None,
        };
        match int {
            // an integer amount can equal the next 行次: "… 32 3 本年收入合计 3 …" — the 行次 is the
            // one that follows its label
            Some(n)
                if side != 1
                    && n == expected_left
                    && !(side == 2
                        && label.is_empty()
                        && {
                            matches!(toks.get(i + 1), Some(Token::Text(_)))
                                && matches!(toks.get(i + 2), Some(Token::Number(w)) if *w == n.to_string())
                        }) =>
            {
                left.push(row(n, std::mem::take(&mut label), 1));
                expected_left += 1;
                side = 1;
                continue;
            }
            Some(n)
                if side == 1
                    && (expected_right == Some(n)
                        || (expected_right.is_none() && !label.is_empty())) =>
            {
                right.push(row(n, std::mem::take(&mut label), 2));
                expected_right = Some(n + 1);
                side = 2;
                continue;
            }
            _ => {}
        }
        if let Token::Text(w) = t {
            label.push_str(w);
        } else if let Some(r) = if side == 1 {
            left.last_mut()
        } else {
            right.last_mut()
        } {
            r.push(t);
        }
    }
    left.extend(right);
    left
}

type Vector = Vec<Decimal>;

/// Every way to put `amounts` (in printed order) into columns first..=width that keeps the
/// row's formulas; a vector per placement (index = column - 1, blank = 0), with the columns used.
fn placements(
    kind: TableKind,
    amounts: &[Option<Decimal>],
    first: usize,
    width: usize,
) -> Vec<(Vector, Vec<usize>)> {
    let mut out = Vec::new();
    let k = amounts.len();
    if k + first - 1 > width {
        return out;
    }
    let mut chosen = Vec::with_capacity(k);
    fn rec(
        start: usize,
        width: usize,
        k: usize,
        chosen: &mut Vec<usize>,
        emit: &mut dyn FnMut(&[usize]),
    ) {
        if chosen.len() == k {
            emit(chosen);
            return;
        }
        for c in start..=width {
            if width - c + 1 < k - chosen.len() {
                break;
            }
            chosen.push(c);
            rec(c + 1, width, k, chosen, emit);
            chosen.pop();
        }
    }
    let formulas = crate::validate::row_sum_formulas(kind);
    rec(first, width, k, &mut chosen, &mut |cols: &[usize]| {
        let mut v = vec![Decimal::ZERO; width];
        for (a, &c) in amounts.iter().zip(cols) {
            v[c - 1] = a.unwrap_or(Decimal::ZERO);
        }
        let holds = formulas.iter().all(|&(lhs, terms)| {
            let lhs = lhs as usize;
            if lhs > width || terms.iter().any(|t| t.unsigned_abs() as usize > width) {
                return true;
            }
            let sum: Decimal = terms
                .iter()
                .map(|&t| Decimal::from(t.signum()) * v[t.unsigned_abs() as usize - 1])
                .sum();
            v[lhs - 1] == sum
        });
        if holds {
            out.push((v, cols.to_vec()));
        }
    });
    out
}

/// Choose each row's columns: candidates by the row's own formula, narrowed by pins from other
/// tables, floors (a 支出决算表 cell ≥ its 一般公共预算 part) and 类 = Σ款 = Σ项 until nothing
/// changes. Rows left with one placement get their cells; others keep only what all agree on.
fn place_amounts(
    table: &mut Table,
    rows: Vec<Pending>,
    done: &[Table],
    pins: &[(usize, Decimal)],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let kind = table.kind;
    let width = table.columns.len();
    let mut domains: Vec<Vec<(Vector, Vec<usize>)>> = rows
        .iter()
        .map(|r| {
            let first = r.first_column as usize;
            let half_width = if matches!(kind, TableKind::Summary) {
                first
            } else if kind == TableKind::FiscalSummary && first == 1 {
                1
            } else {
                width
            };
            placements(kind, &r.amounts, first, half_width)
        })
        .collect();
    let initial: Vec<usize> = domains.iter().map(Vec::len).collect();

    // pins stated in the report's text apply to a single-row table (三公)
    if rows.len() == 1 {
        for &(col, v) in pins {
            if col <= width {
                domains[0].retain(|(vec, _)| vec[col - 1] == v);
            }
        }
    }
    // pins and floors from tables already read
    for (i, r) in rows.iter().enumerate() {
        for (col, value, floor) in constraints_from(kind, r, done) {
            domains[i].retain(|(v, _)| {
                if floor {
                    v[col - 1] >= value
                } else {
                    v[col - 1] == value
                }
            });
        }
    }
    // 类 = Σ款 = Σ项, 合计 = Σ类; in the summary tables, the lines and their totals
    let mut families = families(&rows);
    families.extend(summary_families(&rows));
    for _ in 0..20 {
        let mut changed = false;
        for (parent, children) in &families {
            changed |= prune_family(&mut domains, *parent, children);
        }
        if !changed {
            break;
        }
    }

    for (i, r) in rows.into_iter().enumerate() {
        let dom = &domains[i];
        let mut cells: Vec<Cell> = Vec::new();
        if dom.is_empty() {
            if !r.amounts.is_empty() {
                let mut d = Diagnostic::note(
                    "AMBIGUOUS_COLUMNS",
                    Severity::Warning,
                    format!(
                        "{} {}: no column placement of {} satisfies the identities; its amounts were left out",
                        kind.as_str(),
                        r.key,
                        r.printed.join(" ")
                    ),
                );
                d.cells = vec![juesuan_model::CellRef {
                    table: kind,
                    row: r.key.clone(),
                    column: 0,
                }];
                diagnostics.push(d);
            }
        } else {
            for (n, (amount, text)) in r.amounts.iter().zip(&r.printed).enumerate() {
                let cols: Vec<usize> = dom.iter().map(|(_, c)| c[n]).collect();
                if cols.iter().all(|c| *c == cols[0]) {
                    cells.push(Cell {
                        column: cols[0] as u32,
                        text: text.clone(),
                        value: *amount,
                        key: String::new(),
                        bbox: None,
                    });
                }
            }
            cells.sort_by_key(|c| c.column);
            if dom.len() > 1 && cells.len() < r.amounts.len() {
                let options: Vec<String> = dom.iter().map(|(_, c)| format!("{c:?}")).collect();
                let mut d = Diagnostic::note(
                    "AMBIGUOUS_COLUMNS",
                    Severity::Warning,
                    format!(
                        "{} {}: the amounts {} fit columns {} alike; the undecided ones were left out",
                        kind.as_str(),
                        r.key,
                        r.printed.join(" "),
                        options.join(" or ")
                    ),
                );
                // the row named (column 0: the row as a whole), so that the identities its
                // left-out amounts break are not taken for misplaced rows
                d.cells = vec![juesuan_model::CellRef {
                    table: kind,
                    row: r.key.clone(),
                    column: 0,
                }];
                diagnostics.push(d);
            } else if initial[i] > 1 {
                diagnostics.push(Diagnostic::note("COLUMNS_FROM_IDENTITIES", Severity::Info, format!(
                    "{} {}: blank cells hid the columns of {}; the identities leave one placement: {:?}",
                    kind.as_str(), r.key, r.printed.join(" "), dom[0].1
                )));
            }
        }
        let (level, parent) = match r.code.as_deref().map(str::len) {
            Some(3) => (Some(Level::Lei), None),
            Some(5) => (
                Some(Level::Kuan),
                r.code.as_ref().map(|c| c[..3].to_string()),
            ),
            Some(7) => (
                Some(Level::Xiang),
                r.code.as_ref().map(|c| c[..5].to_string()),
            ),
            _ => (None, None),
        };
        let key = if r.code.is_none() && r.line_no.is_none() {
            r.key.chars().filter(|c| !c.is_whitespace()).collect()
        } else {
            r.key
        };
        table.rows.push(Row {
            key,
            code: r.code,
            government_code: None,
            level,
            parent,
            line_no: r.line_no,
            label: r.label,
            page: 0,
            cells,
            line: String::new(),
        });
    }
}

/// (parent row, child rows) for 类 = Σ款, 款 = Σ项 and 合计 = Σ类.
fn families(rows: &[Pending]) -> Vec<(usize, Vec<usize>)> {
    let mut out = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let children: Vec<usize> = match &r.code {
            Some(code) if code.len() < 7 => rows
                .iter()
                .enumerate()
                .filter(|(_, c)| {
                    c.code
                        .as_deref()
                        .is_some_and(|x| x.len() == code.len() + 2 && x.starts_with(code.as_str()))
                })
                .map(|(j, _)| j)
                .collect(),
            None if r.key == "合计" => rows
                .iter()
                .enumerate()
                .filter(|(_, c)| c.code.as_deref().is_some_and(|x| x.len() == 3))
                .map(|(j, _)| j)
                .collect(),
            _ => vec![],
        };
        if !children.is_empty() {
            out.push((i, children));
        }
    }
    out
}

/// The right half of the summary tables by its labels, as `validate` reads it: 本年支出合计 = Σ the
/// lines above; 年末…结转和结余 = Σ its parts below; 总计 = 本年支出合计 + 年末… (fiscal_summary)
/// or + every line between (summary).
fn summary_families(rows: &[Pending]) -> Vec<(usize, Vec<usize>)> {
    let right: Vec<usize> = (0..rows.len())
        .filter(|&i| rows[i].first_column == 2)
        .collect();
    let Some(total) = right
        .iter()
        .position(|&i| rows[i].label.contains("本年支出合计"))
    else {
        return vec![];
    };
    let Some(grand) = right.iter().position(|&i| rows[i].label.ends_with("总计")) else {
        return vec![];
    };
    let mut out = vec![(right[total], right[..total].to_vec())];
    let between = &right[total + 1..grand.max(total + 1)];
    let carry_with_parts = between
        .first()
        .filter(|&&i| rows[i].label.contains("年末") && rows[i].label.contains("财政拨款"));
    match carry_with_parts {
        Some(&carry) if between.len() > 1 => {
            out.push((carry, between[1..].to_vec()));
            out.push((right[grand], vec![right[total], carry]));
        }
        _ => out.push((
            right[grand],
            std::iter::once(right[total])
                .chain(between.iter().copied())
                .collect(),
        )),
    }
    out
}

/// Keep only the placements of a family that take part in some combination where the parent's
/// vector is the sum of its children's. Skips families too large to enumerate.
fn prune_family(
    domains: &mut [Vec<(Vector, Vec<usize>)>],
    parent: usize,
    children: &[usize],
) -> bool {
    let size: usize = children
        .iter()
        .map(|&c| domains[c].len().max(1))
        .product::<usize>()
        * domains[parent].len().max(1);
    if size == 0
        || size > 200_000
        || domains[parent].is_empty()
        || children.iter().any(|&c| domains[c].is_empty())
    {
        return false;
    }
    let width = domains[parent][0].0.len();
    let mut child_ok: Vec<Vec<bool>> = children
        .iter()
        .map(|&c| vec![false; domains[c].len()])
        .collect();
    let mut parent_ok = vec![false; domains[parent].len()];
    let parents: HashMap<Vec<Decimal>, Vec<usize>> =
        domains[parent]
            .iter()
            .enumerate()
            .fold(HashMap::new(), |mut m, (i, (v, _))| {
                m.entry(v.iter().map(|d| d.normalize()).collect())
                    .or_default()
                    .push(i);
                m
            });
    let mut index = vec![0usize; children.len()];
    loop {
        let mut sum = vec![Decimal::ZERO; width];
        for (ci, &c) in children.iter().enumerate() {
            for (s, x) in sum.iter_mut().zip(&domains[c][index[ci]].0) {
                *s += *x;
            }
        }
        let key: Vec<Decimal> = sum.iter().map(|d| d.normalize()).collect();
        if let Some(ps) = parents.get(&key) {
            for &p in ps {
                parent_ok[p] = true;
            }
            for (ci, &i) in index.iter().enumerate() {
                child_ok[ci][i] = true;
            }
        }
        // next combination
        let mut k = 0;
        loop {
            if k == children.len() {
                let mut changed = false;
                let before = domains[parent].len();
                let mut it = parent_ok.iter();
                domains[parent].retain(|_| *it.next().unwrap());
                changed |= domains[parent].len() != before;
                for (ci, &c) in children.iter().enumerate() {
                    let before = domains[c].len();
                    let mut it = child_ok[ci].iter();
                    domains[c].retain(|_| *it.next().unwrap());
                    changed |= domains[c].len() != before;
                }
                return changed;
            }
            index[k] += 1;
            if index[k] < domains[children[k]].len() {
                break;
            }
            index[k] = 0;
            k += 1;
        }
    }
}

/// Cells of this row that tables read before fix: (column, value, is_floor).
fn constraints_from(kind: TableKind, row: &Pending, done: &[Table]) -> Vec<(usize, Decimal, bool)> {
    let table = |k: TableKind| done.iter().find(|t| t.kind == k);
    let val = |t: Option<&Table>, key: &str, col: u32| {
        t.and_then(|t| {
            t.rows
                .iter()
                .find(|r| r.key == key && r.cells.iter().any(|c| c.column == col))
        })
        .and_then(|r| r.value(col))
    };
    let by_label = |t: Option<&Table>, pred: &dyn Fn(&str) -> bool, col: u32| {
        t.and_then(|t| t.rows.iter().find(|r| pred(&r.label)))
            .and_then(|r| r.value(col))
    };
    let summary = table(TableKind::Summary);
    let gbe = table(TableKind::GeneralBudgetExpenditure);
    let basic = table(TableKind::BasicExpenditure);
    let zero_if_read = |t: Option<&Table>, v: Option<Decimal>| {
        if t.is_some() {
            Some(v.unwrap_or(Decimal::ZERO))
        } else {
            None
        }
    };
    let mut out = Vec::new();
    match kind {
        TableKind::Income if row.key == "合计" => {
            let line = |l: &str| by_label(summary, &|x: &str| x.ends_with(l), 1);
            if let Some(total) = by_label(summary, &|x: &str| x.contains("本年收入合计"), 1) {
                out.push((1, total, false));
            }
            let fiscal: Option<Decimal> = [
                "一般公共预算财政拨款收入",
                "政府性基金预算财政拨款收入",
                "国有资本经营预算财政拨款收入",
            ]
            .iter()
            .map(|l| zero_if_read(summary, line(l)))
            .sum();
            if let Some(f) = fiscal {
                out.push((2, f, false));
            }
            for (col, l) in [
                (3, "上级补助收入"),
                (4, "事业收入"),
                (5, "经营收入"),
                (6, "附属单位上缴收入"),
                (7, "其他收入"),
            ] {
                if let Some(v) = zero_if_read(summary, line(l)) {
                    out.push((col, v, false));
                }
            }
        }
        TableKind::Expenditure => {
            if row.key == "合计"
                && let Some(total) = by_label(summary, &|x: &str| x.contains("本年支出合计"), 2)
            {
                out.push((1, total, false));
            }
            // every expenditure cell is at least its 一般公共预算 part
            if let Some(g) = gbe.and_then(|t| t.rows.iter().find(|r| r.key == row.key)) {
                for col in 1..=3u32 {
                    out.push((col as usize, g.value(col).unwrap_or(Decimal::ZERO), true));
                }
            }
        }
        TableKind::GeneralBudgetExpenditure if row.key == "合计" => {
            let p = val(basic, "人员经费合计", 1);
            let u = val(basic, "公用经费合计", 1);
            if basic.is_some() && (p.is_some() || u.is_some()) {
                out.push((2, p.unwrap_or_default() + u.unwrap_or_default(), false));
            }
        }
        TableKind::FiscalSummary if row.first_column == 2 => {
            let lei = crate::keys::line_of_label(TableKind::FiscalSummary, &row.label);
            if let Some(code) = lei.filter(|c| c.len() == 3) {
                for (col, k) in [
                    (3, TableKind::GeneralBudgetExpenditure),
                    (4, TableKind::GovernmentFund),
                    (5, TableKind::StateCapital),
                ] {
                    let t = table(k);
                    let source_col = if k == TableKind::GovernmentFund { 3 } else { 1 };
                    if t.is_some() {
                        out.push((
                            col,
                            val(t, code, source_col).unwrap_or(Decimal::ZERO),
                            false,
                        ));
                    }
                }
            } else if row.label.contains("本年支出合计")
                && let Some(g) = val(gbe, "合计", 1)
            {
                out.push((3, g, false));
            }
        }
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Token> {
        tokens(&[s.to_string()])
    }

    #[test]
    fn reads_codes_printed_whole_or_in_three_columns() {
        let rows = coded_rows(&toks(
            "合计 9 9 208 社会保障 9 9 208 01 人力资源 9 9 208 01 01 行政运行 5 5 01 09 社会保险经办 4 4",
        ));
        let keys: Vec<&str> = rows.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["合计", "208", "20801", "2080101", "2080109"]);
        assert_eq!(rows[3].label, "行政运行");
        assert_eq!(rows[3].printed, ["5", "5"]);
    }

    #[test]
    fn tells_line_numbers_from_integer_amounts() {
        let rows = summary_rows(&toks(
            "一、一般公共预算财政拨款收入 1 12 一、一般公共服务支出 31 7 2 二、外交支出 32 3 本年收入合计 3 12 本年支出合计 33 10",
        ));
        let by_line: Vec<(u32, Vec<String>)> = rows
            .iter()
            .map(|r| (r.line_no.unwrap(), r.printed.clone()))
            .collect();
        assert!(by_line.contains(&(1, vec!["12".into()])));
        assert!(by_line.contains(&(31, vec!["7".into()])));
        assert!(by_line.contains(&(2, vec![])));
        assert!(by_line.contains(&(32, vec!["3".into()])));
    }
}
