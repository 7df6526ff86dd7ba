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

mod apart;
pub mod government;
pub mod headings;
mod laid_out;
pub mod names;
pub mod performance;
mod placement;
mod rows;
mod summary_wraps;
pub mod three_public;

use crate::normalise::titles::kind_of_title;
use crate::normalise::{amount, codes};
use crate::read::narrative::three_public_from_narrative;
use crate::read::statements::{issuer_of, states_empty, text_metadata, unit_of};
use apart::{account_for_amounts, printed_apart};
use juesuan_model::{AmountUnit, Diagnostic, Metadata, Rule, Severity, Table, TableKind};
use placement::place_amounts;
use rows::{Token, basic_rows, coded_rows, pending_from, summary_rows, tokens};
use summary_wraps::HALF_MARK;
pub use summary_wraps::prints_standard_headings;

/// A table's lines as the dump gives them.
struct TextTable {
    kind: TableKind,
    title: String,
    unit: Option<AmountUnit>,
    body: Vec<String>,
    /// The body's lines as printed, their spaces kept (laid out, the columns words start at).
    printed: Vec<String>,
    notes: Vec<String>,
    empty: bool,
    /// From text laid out with spaces, where a line is a printed line (not a cell), and how its
    /// columns are counted.
    laid_out: Option<juesuan_layout::Widths>,
}

/// Tables and metadata from a text dump; `laid_out`: text laid out with spaces, whose page
/// furniture and names wrapped around their code lines are settled first (see `laid_out`);
/// `verified`: tables of the same text read otherwise whose identities hold, which stand for
/// their kinds' token readings where the identities between tables place amounts.
pub fn read_text(
    text: &str,
    laid_out: bool,
    verified: &[Table],
) -> (Metadata, Vec<Table>, Vec<Diagnostic>) {
    let tidied;
    let text = if laid_out {
        tidied = laid_out::tidy(text);
        tidied.as_str()
    } else {
        text
    };
    let widths = laid_out.then(|| juesuan_layout::widths_of(text));
    // (each line with the line as printed)
    let (lines, printed): (Vec<String>, Vec<&str>) = text
        .lines()
        .map(|l| {
            let folded = l.trim().chars().map(amount::fold_digit).collect::<String>();
            (fold_number_marks(&folded), l)
        })
        .filter(|(l, _)| !l.is_empty())
        .unzip();
    let mut metadata = Metadata::default();
    let mut diagnostics = Vec::new();
    let mut raw: Vec<TextTable> = Vec::new();
    let mut current: Option<TextTable> = None;
    let mut in_notes = false;
    for (line, as_printed) in lines.iter().zip(&printed) {
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
                printed: vec![],
                notes: vec![],
                empty: false,
                laid_out: widths,
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
        t.printed.push(as_printed.to_string());
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
    // (what the tables read so far fix, kept as each is read: recomputed for every table it
    // cloned them all again, quadratic in a long text's tables)
    let (mut read, mut undecided) = fixing(&[], &diagnostics);
    for kind in order {
        for t in raw.iter().filter(|t| t.kind == kind) {
            let mut said = Vec::new();
            let mut table = read_table(t, &read, &undecided, &narrative, &mut said);
            // in a table by 科目 (one row per code, its columns parts of its total) the
            // verified tables may place more; taken only where they keep every amount the
            // token readings place (a verified table can miss a cell the grid did not see,
            // which then pins a column to 0)
            let by_code = matches!(
                kind,
                TableKind::Income
                    | TableKind::Expenditure
                    | TableKind::GeneralBudgetExpenditure
                    | TableKind::GovernmentFund
                    | TableKind::StateCapital
            );
            if by_code && !verified.is_empty() {
                let mut said_pinned = Vec::new();
                let read = pinning(kind, &read, verified);
                let pinned = read_table(t, &read, &undecided, &narrative, &mut said_pinned);
                if places_more(&pinned, &table) {
                    table = pinned;
                    said = said_pinned;
                }
            }
            let (fixed, left_undecided) = fixing(std::slice::from_ref(&table), &said);
            read.extend(fixed);
            undecided.extend(left_undecided);
            diagnostics.extend(said);
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

/// What the tables read so far fix of the next: the tables whose rows were rebuilt (or that
/// state they are empty), and the rows whose amounts were left out undecided. A table left out
/// or a row's missing cell is unknown, not zero.
fn fixing(read: &[Table], diagnostics: &[Diagnostic]) -> (Vec<Table>, Vec<(TableKind, String)>) {
    let tables = read
        .iter()
        .filter(|t| !t.rows.is_empty() || t.empty)
        .cloned()
        .collect();
    let undecided = diagnostics
        .iter()
        .filter(|d| d.rule == Rule::AmbiguousColumns)
        .flat_map(|d| d.cells.iter().map(|c| (c.table, c.row.clone())))
        .collect();
    (tables, undecided)
}

/// The tables whose cells place a table of `kind`: of every other kind, the verified table if
/// there is one, else the one already read from tokens.
fn pinning(kind: TableKind, read: &[Table], verified: &[Table]) -> Vec<Table> {
    let mut out: Vec<Table> = verified
        .iter()
        .filter(|t| t.kind != kind)
        .cloned()
        .collect();
    for t in read {
        if t.kind != kind && !out.iter().any(|v| v.kind == t.kind) {
            out.push(t.clone());
        }
    }
    out
}

/// Whether `more` places every amount `less` places, where `less` places it, and more besides.
fn places_more(more: &Table, less: &Table) -> bool {
    let cells = |t: &Table| -> Vec<(String, u32, String)> {
        t.rows
            .iter()
            .flat_map(|r| {
                r.cells
                    .iter()
                    .map(|c| (r.key.clone(), c.column, c.text.clone()))
            })
            .collect()
    };
    let (more, less) = (cells(more), cells(less));
    more.len() > less.len() && less.iter().all(|c| more.contains(c))
}

/// An amount printed apart before its cents ("11,137 .26"): a space where the page set the
/// glyphs of one number apart, since no amount is printed as ".26".
static CENTS_APART: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(r"(^|\s)(\d[\d,]*) \.(\d{1,2})(\s|$)").unwrap());

/// Full-width "．" and "，" between digits (text from a GBK font, "５６４，５２９．５６") as "." and
/// ",", and an amount printed apart before its cents ("11,137 .26") whole, its space moved before
/// it so that it still ends where the page printed it.
pub fn fold_number_marks(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let digit = |i: Option<&char>| i.is_some_and(|c| c.is_ascii_digit());
    let mut folded: String = chars
        .iter()
        .enumerate()
        .map(|(i, &c)| match c {
            '．' | '，' if i > 0 && digit(chars.get(i - 1)) && digit(chars.get(i + 1)) => {
                if c == '．' { '.' } else { ',' }
            }
            _ => c,
        })
        .collect();
    // (again for amounts one space apart, whose spaces the match before took)
    while CENTS_APART.is_match(&folded) {
        folded = CENTS_APART.replace_all(&folded, "$1 $2.$3$4").into_owned();
    }
    folded
}

/// The widest 栏次 the 栏次 line numbers (0 without one), and the lines after it (or, without one,
/// from the first coded line).
fn data_lines(t: &TextTable) -> (u32, &[String]) {
    let numbered = t.body.iter().position(|l| {
        let w: Vec<&str> = l.split_whitespace().collect();
        (w.first() == Some(&"栏次") && w.len() > 1)
            || (w.len() >= 2 && w.iter().all(|x| x.parse::<u32>().is_ok()) && w[0] == "1")
    });
    match numbered {
        Some(i) => {
            let width = t.body[i]
                .split_whitespace()
                .filter_map(|x| x.parse::<u32>().ok())
                .max()
                .unwrap_or(0);
            (width, &t.body[i + 1..])
        }
        // (a summary printed without 行次: from its first line marked as a half's, see
        // summary_wraps)
        None if let Some(i) = t.body.iter().position(|l| l.starts_with(HALF_MARK)) => {
            (0, &t.body[i..])
        }
        None => {
            let first = t
                .body
                .iter()
                .position(|l| l.split_whitespace().next().is_some_and(codes::is_code))
                .unwrap_or(t.body.len());
            // (from the 合计 line printed right above it, with its amounts)
            let total = |l: &String| {
                let w: Vec<&str> = l.split_whitespace().collect();
                matches!(w.first(), Some(&("合计" | "总计")))
                    && w.len() > 1
                    && w[1..]
                        .iter()
                        .all(|x| amount::parse_amount(x) != amount::Amount::Text)
            };
            let first = if first > 0 && total(&t.body[first - 1]) {
                first - 1
            } else {
                first
            };
            (0, &t.body[first..])
        }
    }
}

/// In a basic table's grid inferred from laid-out text, a name wrapped below its group's last
/// row (the groups end at different lines, so no row follows it in its group) is read as a row
/// of its own: no code, no amount. Joined to the row above, as a page's grid joins a wrapped
/// cell; a row with a code, a 行次 or an amount is left alone, and so is one below a row printing
/// both classifications (it may be the tail of the 政府 name, which the row does not take).
pub fn join_wrapped_tails(table: &mut Table) {
    if table.kind != TableKind::BasicExpenditure {
        return;
    }
    let mut rows: Vec<juesuan_model::Row> = Vec::with_capacity(table.rows.len());
    for row in std::mem::take(&mut table.rows) {
        let tail = row.code.is_none()
            && row.line_no.is_none()
            && row.entity.is_empty()
            && !row.label.is_empty()
            && row.cells.iter().all(|c| c.text.trim().is_empty());
        if tail
            && let Some(above) = rows
                .last_mut()
                .filter(|r| r.code.is_some() && r.government_code.is_none())
        {
            above.label.push_str(&row.label);
            continue;
        }
        rows.push(row);
    }
    table.rows = rows;
}

/// In a basic table read from laid-out text, the head of a name printed centred on its code
/// line ("机关事业单位基本养老" above "30108 保险缴费"), which a reading joined to the name of a row
/// printed before it (on its line, in the column beside, or the row above): moved back where
/// the names are the economic classification's standard names, both the row's name without
/// the piece and the piece before the other row's name; any other name stays as read.
pub fn restore_centred_heads(table: &mut Table) {
    use crate::normalise::keys::{cut_economic_name, is_standard_economic_name};
    if table.kind != TableKind::BasicExpenditure {
        return;
    }
    for b in 0..table.rows.len() {
        let Some(code) = table.rows[b].code.clone() else {
            continue;
        };
        let tail = table.rows[b].label.clone();
        let Some(whole) = cut_economic_name(&code, &tail) else {
            continue;
        };
        let Some(head) = whole.strip_suffix(tail.as_str()).filter(|h| !h.is_empty()) else {
            continue;
        };
        let holders: Vec<usize> = (0..b)
            .filter(|&a| {
                let row = &table.rows[a];
                row.label.strip_suffix(head).is_some_and(|own| {
                    row.code
                        .as_deref()
                        .is_some_and(|c| is_standard_economic_name(c, own))
                })
            })
            .collect();
        if let [a] = holders[..] {
            let own = table.rows[a].label.len() - head.len();
            table.rows[a].label.truncate(own);
            table.rows[b].label = whole.to_string();
        }
    }
}

/// The data lines without the table's heading lines repeated among them (the headings a
/// continuation page prints again above its rows): lines without an amount that read, spaces
/// aside, as a line printed above the data.
fn without_repeated_headings(headings: &[String], data: &[String]) -> Vec<String> {
    let compact = |l: &str| l.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let headings: Vec<String> = headings.iter().map(|l| compact(l)).collect();
    data.iter()
        .filter(|l| {
            tokens(std::slice::from_ref(*l))
                .iter()
                .any(|t| matches!(t, Token::Number(w) if w.contains(['.', ','])))
                || !headings.contains(&compact(l))
        })
        .cloned()
        .collect()
}

/// The amount headings of a basic table whose rows print both economic classifications, in
/// the order the placement's formula (合计 = 人员经费 + 公用经费) takes them.
const PAIRED_HEADINGS: [&str; 3] = ["合计", "人员经费", "公用经费"];

/// The heading line of such a table: the words after its last 科目名称 are the three amount
/// headings, in that order.
fn paired_headings(body: &[String]) -> Option<&String> {
    body.iter().find(|l| {
        let words: Vec<&str> = l.split_whitespace().collect();
        words
            .iter()
            .rposition(|w| *w == "科目名称")
            .is_some_and(|i| words[i + 1..] == PAIRED_HEADINGS)
    })
}

/// The columns of a laid-out table by 科目 that compares years (last year's total beside this
/// year's parts, or the change: a 预算 layout), keyed by the headings printed over them, left to
/// right: such a table is not the template, whose 栏次 the token reading numbers otherwise. None
/// where the table compares no years, or any heading is not one known heading of one column (text
/// joined several), which leaves it to the template's numbering and the identities.
fn compared_columns(
    kind: TableKind,
    header: &[String],
    widths: juesuan_layout::Widths,
) -> Option<Vec<juesuan_model::Column>> {
    if !matches!(
        kind,
        TableKind::Income
            | TableKind::Expenditure
            | TableKind::GeneralBudgetExpenditure
            | TableKind::StateCapital
    ) {
        return None;
    }
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let headings = headings::amount_headings(kind, &header, widths)?;
    let mut table = Table {
        kind,
        title: String::new(),
        unit: AmountUnit::WanYuan,
        pages: vec![],
        empty: false,
        columns: headings
            .into_iter()
            .zip(1..)
            .map(|(header, number)| juesuan_model::Column {
                number,
                header,
                key: String::new(),
                year: None,
            })
            .collect(),
        rows: vec![],
        notes: vec![],
    };
    crate::normalise::keys::assign(&mut table, None, &mut Vec::new());
    let keys: Vec<&str> = table.columns.iter().map(|c| c.key.as_str()).collect();
    let known = keys
        .iter()
        .enumerate()
        .all(|(i, k)| !k.starts_with("unknown:") && !keys[..i].contains(k));
    let compares = table
        .columns
        .iter()
        .any(|c| c.key.starts_with("prior_year.") || c.key.starts_with("change."));
    (known && compares).then_some(table.columns)
}

fn read_table(
    t: &TextTable,
    done: &[Table],
    undecided: &[(TableKind, String)],
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
    let (printed_width, data) = data_lines(t);
    let header = &t.body[..t.body.len() - data.len()];
    // (laid out, a line is a printed line: one that repeats a heading line is that heading;
    // without layout a line can be one cell, which a heading cell can equal)
    let data = &if t.laid_out.is_some() {
        without_repeated_headings(header, data)
    } else {
        data.to_vec()
    };
    if let Some(reason) = printed_apart(t.kind, data) {
        diagnostics.push(Diagnostic::note(
            Rule::TextRowsBroken,
            Severity::Warning,
            format!(
                "{}: {reason}; the rows cannot be rebuilt from the text without guessing, so the table is left out (read the PDF itself)",
                t.kind.as_str()
            ),
        ));
        return table;
    }
    // a basic table whose rows print both economic classifications has one group of columns,
    // headed 合计 | 人员经费 | 公用经费 after the names
    let paired = t.kind == TableKind::BasicExpenditure
        && rows::government_codes_paired(&tokens(data)) == Some(true);
    if paired && paired_headings(&t.body).is_none() {
        diagnostics.push(Diagnostic::note(
            Rule::TextRowsBroken,
            Severity::Warning,
            format!(
                "{}: its rows print both economic classifications, under headings other than 合计 | 人员经费 | 公用经费 on one line; the table is left out (read the PDF itself)",
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
    // the summary's halves and basic_expenditure's groups: the columns the dump numbers
    let width = match t.kind {
        // (a summary printed without 行次 and 栏次: an amount for each half)
        TableKind::Summary if printed_width == 0 && rows.iter().any(|r| r.line_no.is_none()) => 2,
        TableKind::Summary | TableKind::BasicExpenditure => printed_width.max(1),
        _ => codes::standard_width(t.kind),
    };
    let width = if paired { 3 } else { width };
    // (a table comparing years is headed by its own headings, see compared_columns)
    let compared = t
        .laid_out
        .and_then(|widths| compared_columns(t.kind, &t.printed[..header.len()], widths));
    let width = compared.as_ref().map_or(width, |c| c.len() as u32);
    // a 三公 table printing its sides interleaved (see three_public) numbers them so
    let interleaved =
        t.kind == TableKind::ThreePublic && width == 12 && three_public::interleaved(header);
    table.columns = (1..=width)
        .map(|n| juesuan_model::Column {
            number: n,
            header: if paired {
                PAIRED_HEADINGS[n as usize - 1].to_string()
            } else {
                String::new()
            },
            key: String::new(),
            year: None,
        })
        .collect();
    if interleaved {
        three_public::head_interleaved(&mut table);
    }
    if let Some(columns) = compared {
        table.columns = columns;
    }
    let pins = if t.kind == TableKind::ThreePublic {
        let mut pins = three_public_from_narrative(narrative);
        if interleaved {
            for pin in &mut pins {
                pin.0 = three_public::interleaved_column(pin.0);
            }
        }
        pins
    } else {
        vec![]
    };
    if !pins.is_empty() {
        diagnostics.push(Diagnostic::note(Rule::ColumnsFromNarrative, Severity::Info, format!(
            "three_public: the report's 情况说明 states {} of its cells ({}); they are used to place the table's amounts",
            pins.len(),
            pins.iter().map(|(c, v)| format!("{c}栏={v}")).collect::<Vec<_>>().join(", ")
        )));
    }
    let found_rows = rows.len();
    let printed_at = match t.laid_out {
        Some(widths) if !paired => {
            placement::columns_as_printed(t.kind, &t.printed, widths, &rows, width)
        }
        _ => Vec::new(),
    };
    place_amounts(
        &mut table,
        rows,
        done,
        undecided,
        &pins,
        &printed_at,
        diagnostics,
    );
    account_for_amounts(&table, &t.body, found_rows, width, diagnostics);
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support as build;

    #[test]
    fn folds_number_marks_and_cents_printed_apart() {
        assert_eq!(fold_number_marks("564，529．56"), "564,529.56");
        // (each amount still ends where it was printed)
        assert_eq!(
            fold_number_marks("十一、城乡社区支出  43 11,137 .26 11,137 .26   -"),
            "十一、城乡社区支出  43  11,137.26  11,137.26   -"
        );
        assert_eq!(fold_number_marks("315 .71"), " 315.71");
        // (a point that is no amount's is left)
        assert_eq!(fold_number_marks("见附表 .1"), "见附表 .1");
    }

    #[test]
    fn joins_a_name_wrapped_below_a_group_s_last_row() {
        let row = |code: Option<&str>, label: &str, text: &str| juesuan_model::Row {
            key: code.unwrap_or(label).to_string(),
            code: code.map(str::to_string),
            label: label.to_string(),
            page: 1,
            cells: vec![juesuan_model::Cell {
                column: 1,
                text: text.to_string(),
                value: None,
                key: String::new(),
                bbox: None,
            }],
            ..Default::default()
        };
        let mut table = Table {
            rows: vec![
                row(Some("31007"), "信息网络及软", "1860.78"),
                row(None, "件购置更新", ""),
                row(None, "公用经费合计", "20150.88"),
            ],
            ..build::table(TableKind::BasicExpenditure, "", &[])
        };
        join_wrapped_tails(&mut table);
        let labels: Vec<&str> = table.rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, ["信息网络及软件购置更新", "公用经费合计"]);
    }

    #[test]
    fn a_table_comparing_years_is_headed_by_its_headings() {
        let header = [
            "                                                    2021年预算数".to_string(),
            "  科目编码     科目名称     2020年预算数                                          增减额"
                .to_string(),
            "                                      合计          基本支出        项目支出"
                .to_string(),
        ];
        let columns = compared_columns(
            TableKind::GeneralBudgetExpenditure,
            &header,
            juesuan_layout::Widths::Chars,
        )
        .unwrap();
        let keys: Vec<&str> = columns.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "prior_year.total",
                "total",
                "basic",
                "project",
                "change.total"
            ]
        );
        // the template's own columns: numbered by the template
        let standard = ["  科目编码     科目名称     合计     基本支出     项目支出".to_string()];
        assert!(
            compared_columns(
                TableKind::GeneralBudgetExpenditure,
                &standard,
                juesuan_layout::Widths::Chars
            )
            .is_none()
        );
    }

    #[test]
    fn a_budget_layout_s_rows_are_placed_by_its_keyed_identities() {
        // words at their columns, one a character
        let line = |words: &[(usize, &str)]| {
            let mut out = String::new();
            for (at, word) in words {
                while out.chars().count() < *at {
                    out.push(' ');
                }
                out.push_str(word);
            }
            out
        };
        let amounts = |code: &str, name: &str| {
            line(&[
                (0, code),
                (10, name),
                (30, "10.00"),
                (45, "12.00"),
                (60, "7.00"),
                (75, "5.00"),
                (90, "2.00"),
            ])
        };
        let text = [
            "2021年一般公共预算支出情况表".to_string(),
            line(&[(55, "2021年预算数")]),
            line(&[
                (0, "科目编码"),
                (10, "科目名称"),
                (26, "2020年预算数"),
                (88, "增减额"),
            ]),
            line(&[(43, "合计"), (56, "基本支出"), (71, "项目支出")]),
            amounts("", "合计"),
            amounts("201", "一般公共服务"),
            amounts("20101", "人大事务"),
        ]
        .join("\n");
        let (_, tables, diagnostics) = read_text(&text, true, &[]);
        let gbe = tables
            .iter()
            .find(|t| t.kind == TableKind::GeneralBudgetExpenditure)
            .unwrap();
        assert!(
            !diagnostics.iter().any(|d| d.rule == Rule::AmbiguousColumns),
            "{diagnostics:?}"
        );
        let row: Vec<(u32, &str)> = gbe.rows[1]
            .cells
            .iter()
            .map(|c| (c.column, c.text.as_str()))
            .collect();
        assert_eq!(
            row,
            [
                (1, "10.00"),
                (2, "12.00"),
                (3, "7.00"),
                (4, "5.00"),
                (5, "2.00")
            ]
        );
    }

    #[test]
    fn puts_back_the_head_of_a_name_centred_on_its_code_line() {
        let row = |code: &str, label: &str| juesuan_model::Row {
            key: code.to_string(),
            code: Some(code.to_string()),
            label: label.to_string(),
            page: 1,
            ..Default::default()
        };
        let table = |rows: Vec<juesuan_model::Row>| Table {
            rows,
            ..build::table(TableKind::BasicExpenditure, "", &[])
        };
        let labels =
            |t: &Table| -> Vec<String> { t.rows.iter().map(|r| r.label.clone()).collect() };
        // joined to the row above, or to a row of the column beside printed on the line above
        for holder in [("30107", "绩效工资"), ("307", "债务利息及费用支出")] {
            let mut t = table(vec![
                row(holder.0, &format!("{}机关事业单位基本养老", holder.1)),
                row("30108", "保险缴费"),
            ]);
            restore_centred_heads(&mut t);
            assert_eq!(labels(&t), [holder.1, "机关事业单位基本养老保险缴费"]);
        }
        // not where the holder's name without the piece is no standard name
        let mut t = table(vec![
            row("30107", "绩效奖励机关事业单位基本养老"),
            row("30108", "保险缴费"),
        ]);
        restore_centred_heads(&mut t);
        assert_eq!(labels(&t), ["绩效奖励机关事业单位基本养老", "保险缴费"]);
    }

    #[test]
    fn drops_the_headings_a_continuation_page_repeats() {
        let lines = |ls: &[&str]| ls.iter().map(|l| l.to_string()).collect::<Vec<_>>();
        let headings = lines(&[
            "部门预算支出经济分类科目  2017 年基本支出",
            "科目编码 科目名称 合计",
        ]);
        let data = lines(&[
            "30701  国内债务付息  4,192.28",
            "  部门预算支出经济分类科目    2017 年基本支出",
            "科目编码   科目名称    合计",
            "310  资本性支出  3,928.28",
        ]);
        assert_eq!(
            without_repeated_headings(&headings, &data),
            [data[0].clone(), data[3].clone()]
        );
    }

    use juesuan_model::{Cell, Row};

    fn table(kind: TableKind, cells: &[(&str, u32, &str)]) -> Table {
        let mut rows: Vec<Row> = Vec::new();
        for &(key, column, text) in cells {
            if !rows.iter().any(|r| r.key == key) {
                rows.push(Row {
                    key: key.into(),
                    label: key.into(),
                    page: 0,
                    cells: vec![],
                    ..Default::default()
                });
            }
            let row = rows.iter_mut().find(|r| r.key == key).unwrap();
            row.cells.push(Cell {
                column,
                text: text.into(),
                value: amount::value(text),
                key: String::new(),
                bbox: None,
            });
        }
        Table {
            rows,
            ..build::table(kind, "", &[])
        }
    }

    #[test]
    fn a_table_left_out_and_rows_left_undecided_fix_nothing() {
        let left_out = build::table(TableKind::GeneralBudgetExpenditure, "", &[]);
        let stated_empty = Table {
            kind: TableKind::GovernmentFund,
            empty: true,
            ..left_out.clone()
        };
        let mut undecided =
            Diagnostic::note(Rule::AmbiguousColumns, Severity::Warning, String::new());
        undecided.cells = vec![juesuan_model::CellRef::row(TableKind::Income, "208")];
        let (tables, rows) = fixing(&[left_out, stated_empty], &[undecided]);
        let kinds: Vec<TableKind> = tables.iter().map(|t| t.kind).collect();
        assert_eq!(kinds, [TableKind::GovernmentFund]);
        assert_eq!(rows, [(TableKind::Income, "208".to_string())]);
    }

    #[test]
    fn a_verified_table_stands_for_its_kind_but_never_for_the_table_placed() {
        let tokens = [
            table(TableKind::Summary, &[("1", 1, "9")]),
            table(TableKind::BasicExpenditure, &[("301", 1, "5")]),
        ];
        let verified = [
            table(TableKind::Summary, &[("1", 1, "10")]),
            table(TableKind::Income, &[("合计", 1, "10")]),
        ];
        let read = pinning(TableKind::Income, &tokens, &verified);
        let kinds: Vec<TableKind> = read.iter().map(|t| t.kind).collect();
        assert_eq!(kinds, [TableKind::Summary, TableKind::BasicExpenditure]);
        assert_eq!(read[0].rows[0].cells[0].text, "10", "the verified summary");
    }

    #[test]
    fn a_pinned_reading_is_taken_only_where_it_keeps_every_amount_placed() {
        let plain = table(TableKind::Income, &[("合计", 1, "10")]);
        let more = table(TableKind::Income, &[("合计", 1, "10"), ("合计", 2, "4")]);
        let moved = table(TableKind::Income, &[("合计", 1, "4"), ("合计", 2, "10")]);
        assert!(places_more(&more, &plain));
        assert!(!places_more(&plain, &more));
        assert!(!places_more(&moved, &plain), "10 placed elsewhere");
        assert!(!places_more(&plain, &plain));
    }
}
