//! When a government-wide report's table read from laid-out text may be taken.
//!
//! Such a table prints columns the department kinds' identities never see (预算数 beside 调整预算数
//! beside 决算数, percentages beside them), so that its identities hold says little about where
//! text put its headings. What text does to a heading is move it: wrapped over several lines, a
//! part of it may land over a neighbour, and two headings squeezed together read as one. It does
//! not invent one, and the words of a heading line keep their left-to-right order. A table is
//! taken from text when:
//!
//! - every column is keyed, each to its own key (a heading joined or split by text is no known
//!   heading, or gives two columns one key; `assign_keys` leaves both unknown, and an unknown
//!   column keeps the table out before this check);
//! - every identity it takes part in holds (also checked before this);
//! - every percentage column whose amounts are printed is checked on some row: a printed ratio
//!   ties its column and the two amount columns it is of to their roles, so a heading moved onto
//!   any of them breaks it;
//! - of the columns no identity ties to its role (across columns, not down them), at most one
//!   holds amounts and at most one percentages: one column left over can only be the heading
//!   left over, and an amount column and a percentage column are not each other's (text keeps
//!   their order, and a percentage heading keyed as an amount, or the reverse, is no heading of
//!   the table's).
//!
//! Where text drifted the pieces of a crowded heading line onto the wrong columns, so that
//! headings merged, [`restack_headings`] rebuilds them from the pieces' order, and only where
//! the ratios the rebuilt headings name prove them.
//!
//! The debt balance tables (表1-1, 表1-2) are keyed by their standard 栏次 (预算数 | 执行数) when they
//! print both, and their lines by name: nothing of theirs is keyed by a heading text may move.

use juesuan_model::{AmountUnit, Diagnostic, Rule, Severity, Table, TableKind};
use regex::Regex;
use std::sync::LazyLock;

static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"20\d{2}\s*年").unwrap());

/// A government line's name without the years it names ("一、2024年末地方政府一般债务余额实际数"):
/// a government table's lines name their year, where a department's name holding digits took a
/// page number or a 行次.
pub fn without_years(label: &str) -> String {
    YEAR.replace_all(label, "年").into_owned()
}

/// Why a government-wide table read from laid-out text is not to be taken (see the module
/// docs), or `None`: `table` keyed and checked, `diagnostics` the checks of the tables read with
/// it, `settled` whether its headings were proven where text printed them (see
/// [`settle_region_headings`]).
pub fn doubt(table: &Table, diagnostics: &[Diagnostic], settled: bool) -> Option<String> {
    let kind = table.kind;
    if kind.is_government_debt() || settled {
        return None;
    }
    let percent = |key: &str| table.unit_of(key) == AmountUnit::Percent;
    // the columns an identity across columns ties to their roles: a printed ratio its three, a
    // total beside its parts its total (the parts are not told apart by their sum)
    let mut tied: Vec<u32> = Vec::new();
    for d in diagnostics.iter().filter(|d| {
        matches!(d.severity, Severity::Pass | Severity::Warning)
            && d.cells.first().is_some_and(|c| c.table == kind)
    }) {
        let columns: Vec<u32> = d.cells.iter().filter_map(|c| c.column).collect();
        let across = columns.iter().any(|c| Some(c) != columns.first());
        match d.rule {
            Rule::GovPercent => tied.extend(columns),
            Rule::GovSum if across => tied.extend(columns.first()),
            _ => {}
        }
    }
    let loose: Vec<&juesuan_model::Column> = table
        .columns
        .iter()
        .filter(|c| !tied.contains(&c.number))
        .filter(|c| table.rows.iter().any(|r| r.value(c.number).is_some()))
        .collect();
    let printed = |key: &str| {
        table
            .columns
            .iter()
            .find(|c| c.key == key)
            .is_some_and(|c| table.rows.iter().any(|r| r.value(c.number).is_some()))
    };
    // a percentage whose amounts are printed that no row checks
    if let Some(c) = loose.iter().find(|c| {
        let bases: &[&str] = match c.key.as_str() {
            "pct_of_budget" => &["actual", "budget"],
            "pct_of_adjusted" => &["actual", "adjusted_budget"],
            "pct_of_prior" => &["actual", "prior_actual"],
            "change_pct" if printed("actual") => &["actual", "prior_actual"],
            "change_pct" => &["budget", "prior_budget"],
            _ => &[],
        };
        !bases.is_empty() && bases.iter().all(|b| printed(b))
    }) {
        return Some(format!(
            "its percentage column \"{}\" is not checked by the amounts it is of",
            c.header
        ));
    }
    let amounts = loose.iter().filter(|c| !percent(&c.key)).count();
    let percentages = loose.len() - amounts;
    if amounts > 1 || percentages > 1 {
        let names: Vec<&str> = loose.iter().map(|c| c.header.as_str()).collect();
        return Some(format!(
            "no identity tells its columns {} apart",
            names.join(" | ")
        ));
    }
    None
}

/// Rebuilds a heading text wrapped over lines as the one column it is: a column that prints no
/// amount, whose heading is where its right neighbour's heading starts ("比上年增长" beside
/// "比上年增长%"), is that heading's first line. `pdftotext -layout` gives a CJK character one
/// column where the page gives it two, so a wrapped heading drifts left of its amounts, and its
/// first line, printed over two columns, becomes a column of its own; keyed like its neighbour,
/// it leaves both unknown. The column is dropped and the columns right of it are numbered on.
pub fn rejoin_wrapped(table: &mut Table) {
    let blank = |table: &Table, number: u32| {
        table
            .rows
            .iter()
            .flat_map(|r| &r.cells)
            .all(|c| c.column != number || c.value.is_none())
    };
    let piece = table.columns.windows(2).find_map(|w| {
        let (first, next) = (&w[0], &w[1]);
        (!first.header.is_empty()
            && next.number == first.number + 1
            && next.header.len() > first.header.len()
            && next.header.starts_with(&first.header)
            && blank(table, first.number))
        .then_some(first.number)
    });
    let Some(number) = piece else { return };
    table.columns.retain(|c| c.number != number);
    for column in table.columns.iter_mut().filter(|c| c.number > number) {
        column.number -= 1;
    }
    for row in &mut table.rows {
        row.cells.retain(|c| c.column != number);
        for cell in row.cells.iter_mut().filter(|c| c.column > number) {
            cell.column -= 1;
        }
    }
}

/// The lines a table's headings are printed on: from its title's line to the line of its first
/// row, each as its words (runs of text two spaces or more apart, spaces within a word dropped:
/// "2024 年债务限额" is one word).
fn heading_lines(table: &Table, text: &str) -> Vec<Vec<String>> {
    let compact = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let title = compact(&table.title);
    let Some(first) = table.rows.first().map(|r| compact(&r.label)) else {
        return Vec::new();
    };
    if title.is_empty() || first.is_empty() {
        return Vec::new();
    }
    let lines: Vec<&str> = text.lines().collect();
    let Some(top) = lines.iter().position(|l| compact(l).contains(&title)) else {
        return Vec::new();
    };
    let Some(end) = lines[top + 1..]
        .iter()
        .position(|l| compact(l).starts_with(&first))
    else {
        return Vec::new();
    };
    lines[top + 1..top + 1 + end]
        .iter()
        .map(|l| {
            l.split("  ")
                .map(compact)
                .filter(|w| !w.is_empty())
                .collect::<Vec<String>>()
        })
        .filter(|ws| !ws.is_empty())
        .collect()
}

/// A piece of a heading line: a run of text between spaces (one space enough), and the character
/// column it starts at.
#[derive(Clone, Debug, PartialEq)]
struct Piece {
    at: usize,
    text: String,
}

/// The runs of text of a line between spaces (one space enough): where each starts and ends, in
/// character columns (`pdftotext -layout` gives every character one), and its text.
fn runs(line: &str) -> Vec<(usize, usize, String)> {
    let chars: Vec<char> = line.chars().collect();
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for i in 0..=chars.len() {
        match (chars.get(i).is_some_and(|c| !c.is_whitespace()), start) {
            (true, None) => start = Some(i),
            (false, Some(at)) => {
                out.push((at, i, chars[at..i].iter().collect()));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// The pieces of a heading line: a year printed apart from its 年 ("2024 年预算数") is one piece,
/// and a unit's statement ("单位：万元") and the letterspaced characters of the rows' heading
/// ("项 目") are none.
fn pieces(line: &str) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    for (at, _, text) in runs(line) {
        match out.last_mut() {
            Some(year)
                if year.text.chars().all(|c| c.is_ascii_digit()) && text.starts_with('年') =>
            {
                year.text.push_str(&text)
            }
            _ => out.push(Piece { at, text }),
        }
    }
    out.retain(|p| !p.text.contains("单位"));
    let letterspaced = out
        .iter()
        .take_while(|p| p.text.chars().count() == 1 && !p.text.is_ascii())
        .count();
    out.split_off(letterspaced)
}

/// The heading lines of a table as `pdftotext -layout` printed them, from its title's line to the
/// line of its first row, as their pieces (lines without any left out), and the lines from its
/// first row on.
fn heading_block<'a>(table: &Table, text: &'a str) -> Option<(Vec<Vec<Piece>>, Vec<&'a str>)> {
    let compact = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let title = compact(&table.title);
    let first = table.rows.first().map(|r| compact(&r.label))?;
    if title.is_empty() || first.is_empty() {
        return None;
    }
    let lines: Vec<&str> = text.lines().collect();
    let top = lines.iter().position(|l| compact(l).contains(&title))?;
    let end = top
        + 1
        + lines[top + 1..]
            .iter()
            .position(|l| compact(l).starts_with(&first))?;
    let headings = lines[top + 1..end]
        .iter()
        .map(|l| pieces(l))
        .filter(|ps| !ps.is_empty())
        .collect();
    Some((headings, lines[end..].to_vec()))
}

static AMOUNT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:-?[0-9][0-9,]*(?:\.[0-9]+)?%?|-)$").unwrap());

/// How far right each of a table's `n` amount columns reaches, in character columns: the
/// furthest right edge of its amounts on the lines of the table's rows that print all `n`.
fn column_reach(table: &Table, lines: &[&str], n: usize) -> Option<Vec<usize>> {
    let compact = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let labels: Vec<String> = table.rows.iter().map(|r| compact(&r.label)).collect();
    let mut reach: Option<Vec<usize>> = None;
    for line in lines {
        let head = compact(line);
        if !labels
            .iter()
            .any(|l| !l.is_empty() && head.starts_with(l.as_str()))
        {
            continue;
        }
        let words = runs(line);
        let amounts: Vec<usize> = words
            .iter()
            .rev()
            .take_while(|(_, _, w)| AMOUNT.is_match(w))
            .map(|&(_, end, _)| end)
            .collect();
        // (a line of the row's name and all its amounts)
        if amounts.len() != n || words.len() == n {
            continue;
        }
        let ends = amounts.iter().rev();
        let reach = reach.get_or_insert_with(|| vec![0; n]);
        for (r, end) in reach.iter_mut().zip(ends) {
            *r = (*r).max(*end);
        }
    }
    reach
}

/// The order-preserving ways to set `k` pieces over `n` columns: the columns each piece goes to.
fn placements(n: usize, k: usize) -> Vec<Vec<usize>> {
    if k == 0 {
        return vec![Vec::new()];
    }
    if k > n {
        return Vec::new();
    }
    let mut out = Vec::new();
    for first in 0..=n - k {
        for rest in placements(n - first - 1, k - 1) {
            let mut p = vec![first];
            p.extend(rest.iter().map(|r| r + first + 1));
            out.push(p);
        }
    }
    out
}

/// How many ways [`placements`] lists for `k` pieces over `n` columns (n choose k), `None` past
/// `usize`.
fn placement_count(n: usize, k: usize) -> Option<usize> {
    if k > n {
        return Some(0);
    }
    (0..k.min(n - k)).try_fold(1usize, |c, i| Some(c.checked_mul(n - i)? / (i + 1)))
}

/// The most ways of setting one heading line's pieces over the columns that are listed.
const MOST_PLACEMENTS: usize = 65_536;

/// The most ways of stacking heading pieces tried; a heading block allowing more proves nothing.
const MOST_STACKINGS: usize = 4096;

/// The keys these headings give a government table's columns where they are proven: every column
/// keyed, each to its own key, every percentage holding against the amounts it is of, and the
/// columns no ratio ties to their roles no more than [`doubt`] allows.
fn proven_keys(table: &Table, headers: &[String]) -> Option<Vec<String>> {
    let mut t = table.clone();
    for (column, header) in t.columns.iter_mut().zip(headers) {
        column.header = header.clone();
        column.key.clear();
    }
    crate::normalise::government::assign_keys(&mut t, None, &mut Vec::new());
    let keys: Vec<String> = t.columns.iter().map(|c| c.key.clone()).collect();
    let distinct = keys
        .iter()
        .enumerate()
        .all(|(i, k)| !k.is_empty() && !k.starts_with("unknown:") && !keys[..i].contains(k));
    let checks = crate::validate::identities::government_percentages(&t);
    (distinct
        && checks.iter().all(|d| d.severity != Severity::Error)
        && doubt(&t, &checks, false).is_none())
    .then_some(keys)
}

/// Rebuilds the headings of a government-wide table read from laid-out text from the order of
/// their pieces, and tells whether it did. A heading wrapped over lines is printed as pieces
/// stacked over its column. `pdftotext -layout` sets each run of text where the page starts it,
/// but gives a CJK character one column where the page gives it two, so the words after the
/// first of a run drift left, never right: a crowded heading line's pieces stack onto columns
/// left of theirs and headings merge ("决算数调整预算算数增"). What text keeps is each line's pieces
/// in their order, and that a piece stands no further left than it is.
///
/// So where one heading line prints a piece over every amount column and none prints more, each
/// column's heading is its pieces stacked top to bottom, for some order-preserving choice of the
/// columns each shorter line's pieces stand over, none left of where it starts (a piece starting
/// right of a column's amounts is not that column's). Every such choice is tried; one is taken
/// when its headings key every column, each to its own key, every percentage they name holds
/// against the amounts it is of, and no more columns are left that no ratio ties than [`doubt`]
/// allows; and every choice doing so keys the columns alike. Anything else, or a table whose
/// headings as read are proven so already, is left as it is.
pub fn restack_headings(table: &mut Table, text: &str) -> bool {
    if !table.kind.is_government()
        || table.kind.is_government_debt()
        || table.kind == TableKind::GovDebtByRegion
        || table.columns.is_empty()
    {
        return false;
    }
    table.columns.sort_by_key(|c| c.number);
    let headers: Vec<String> = table.columns.iter().map(|c| c.header.clone()).collect();
    if proven_keys(table, &headers).is_some() {
        return false;
    }
    let n = table.columns.len();
    let Some((lines, rows)) = heading_block(table, text) else {
        return false;
    };
    if lines.iter().any(|ps| ps.len() > n) || !lines.iter().any(|ps| ps.len() == n) {
        return false;
    }
    let Some(reach) = column_reach(table, &rows, n) else {
        return false;
    };
    // (the ways are listed before they are filtered: a wide table's long heading line would
    // list millions)
    if lines
        .iter()
        .any(|ps| placement_count(n, ps.len()).is_none_or(|c| c > MOST_PLACEMENTS))
    {
        return false;
    }
    let ways: Vec<Vec<Vec<usize>>> = lines
        .iter()
        .map(|ps| {
            placements(n, ps.len())
                .into_iter()
                .filter(|at| ps.iter().zip(at).all(|(p, &c)| p.at < reach[c]))
                .collect()
        })
        .collect();
    let all = ways
        .iter()
        .map(Vec::len)
        .try_fold(1usize, |a, w| a.checked_mul(w));
    if all.is_none_or(|all| all == 0 || all > MOST_STACKINGS) {
        return false;
    }
    let mut proven: Option<(Vec<String>, Vec<String>)> = None;
    let mut choice = vec![0usize; lines.len()];
    loop {
        let mut stacked = vec![String::new(); n];
        for (line, (pieces, &at)) in lines.iter().zip(&choice).enumerate() {
            for (piece, &column) in pieces.iter().zip(&ways[line][at]) {
                stacked[column].push_str(&piece.text);
            }
        }
        if let Some(keys) = proven_keys(table, &stacked) {
            match &proven {
                Some((_, known)) if *known != keys => return false,
                Some(_) => {}
                None => proven = Some((stacked, keys)),
            }
        }
        // the next choice: the last line that has one more moves on, the lines after it restart
        let Some(line) = (0..lines.len())
            .rev()
            .find(|&l| choice[l] + 1 < ways[l].len())
        else {
            break;
        };
        choice[line] += 1;
        for later in &mut choice[line + 1..] {
            *later = 0;
        }
    }
    let Some((stacked, _)) = proven else {
        return false;
    };
    for (column, header) in table.columns.iter_mut().zip(stacked) {
        column.header = header;
    }
    true
}

static FORMULA: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([A-Z])(?:=([A-Z](?:\+[A-Z])+))?$").unwrap());

/// Settles the headings of a 债务限额及余额 table by region read from laid-out text, and tells
/// whether they are proven. Its columns are a metric (限额, 余额) over parts (合计, 一般债务,
/// 专项债务), each column lettered and each total's formula printed ("合计 A=B+C | 一般债务 B |
/// 专项债务 C"). Text sets a metric's heading over one of its columns (the middle one, where the
/// page centres it over all three), so the others name no metric and are keyed by none. The
/// printed formula tells which columns the metric stands over: the columns it names. Each such
/// block takes the one metric heading printed over any of its columns.
///
/// The headings are proven when, besides, a heading line prints one word over each column (the
/// parts: text keeps a line's words in order, so with as many words as columns none moved onto a
/// neighbour), and the metric headings are as many as the blocks, one over each (in order too).
/// Anything else leaves the table as it was, unproven.
pub fn settle_region_headings(table: &mut Table, text: &str) -> bool {
    if table.kind != juesuan_model::TableKind::GovDebtByRegion || table.columns.is_empty() {
        return false;
    }
    let compact = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let mut columns: Vec<&juesuan_model::Column> = table.columns.iter().collect();
    columns.sort_by_key(|c| c.number);
    let headers: Vec<String> = columns.iter().map(|c| compact(&c.header)).collect();
    let n = headers.len();
    let lines = heading_lines(table, text);
    // a line with one word over each column, in order (words before them name the rows)
    let lined = |ws: &Vec<String>| {
        ws.len() >= n
            && ws[ws.len() - n..]
                .iter()
                .zip(&headers)
                .all(|(w, h)| h.contains(w.as_str()))
            && ws[..ws.len() - n]
                .iter()
                .all(|w| headers.iter().all(|h| !h.contains(w.as_str())))
    };
    if !lines.iter().any(lined) {
        return false;
    }
    // each column's letter, and the blocks the printed formulas make
    let letters: Vec<Option<char>> = headers
        .iter()
        .map(|h| FORMULA.captures(h).and_then(|c| c[1].chars().next()))
        .collect();
    let mut block_of: Vec<Option<usize>> = vec![None; n];
    let mut blocks = 0;
    for h in &headers {
        let Some(parts) = FORMULA.captures(h).and_then(|c| c.get(2)) else {
            continue;
        };
        let total = FORMULA.captures(h).and_then(|c| c[1].chars().next());
        for letter in total
            .into_iter()
            .chain(parts.as_str().split('+').filter_map(|p| p.chars().next()))
        {
            let at: Vec<usize> = (0..n).filter(|&i| letters[i] == Some(letter)).collect();
            let [i] = at.as_slice() else { return false };
            if block_of[*i].is_some() {
                return false;
            }
            block_of[*i] = Some(blocks);
        }
        blocks += 1;
    }
    if blocks == 0 || block_of.iter().any(Option::is_none) {
        return false;
    }
    // the metric headings: words of the lines printing fewer words than columns that begin a
    // column's heading
    let groups: Vec<&String> = lines
        .iter()
        .filter(|ws| ws.len() < n)
        .flatten()
        .filter(|w| headers.iter().any(|h| h.starts_with(w.as_str()) && h != *w))
        .collect();
    let mut group_of: Vec<Option<&String>> = vec![None; blocks];
    for g in &groups {
        let over: Vec<usize> = (0..n)
            .filter(|&i| headers[i].starts_with(g.as_str()))
            .filter_map(|i| block_of[i])
            .collect();
        let Some(&b) = over.first() else { return false };
        if over.iter().any(|&o| o != b) || group_of[b].is_some_and(|o| o != *g) {
            return false;
        }
        group_of[b] = Some(g);
    }
    if groups.len() != blocks || group_of.iter().any(Option::is_none) {
        return false;
    }
    let numbers: Vec<u32> = columns.iter().map(|c| c.number).collect();
    for column in &mut table.columns {
        let Some(i) = numbers.iter().position(|&x| x == column.number) else {
            continue;
        };
        let Some(group) = block_of[i].and_then(|b| group_of[b]) else {
            continue;
        };
        if !headers[i].starts_with(group.as_str()) {
            column.header = format!("{group}{}", headers[i]);
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support as build;
    use juesuan_model::{Cell, CellRef, Column, Row};
    use rust_decimal::Decimal;

    fn table(keys: &[&str]) -> Table {
        let columns: Vec<Column> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| Column {
                number: i as u32 + 1,
                header: k.to_string(),
                key: k.to_string(),
                year: None,
            })
            .collect();
        let cells = (1..=keys.len() as u32)
            .map(|n| Cell {
                column: n,
                key: keys[n as usize - 1].to_string(),
                text: "1.0".into(),
                value: Some(Decimal::ONE),
                bbox: None,
            })
            .collect();
        Table {
            kind: TableKind::GovGeneralRevenue,
            title: String::new(),
            unit: AmountUnit::WanYuan,
            pages: Vec::new(),
            empty: false,
            columns,
            rows: vec![Row {
                key: "tax".into(),
                label: "税收收入".into(),
                line: "tax".into(),
                page: 1,
                cells,
                ..Default::default()
            }],
            notes: Vec::new(),
        }
    }

    fn percent_check(columns: [u32; 3], severity: Severity) -> Diagnostic {
        let mut d = Diagnostic::note(Rule::GovPercent, severity, "ratio".into());
        d.cells = columns
            .iter()
            .map(|&c| CellRef {
                table: TableKind::GovGeneralRevenue,
                entity: String::new(),
                row: "tax".into(),
                column: Some(c),
            })
            .collect();
        d
    }

    #[test]
    fn years_are_no_numbers_in_a_government_name() {
        assert_eq!(
            without_years("一、2024年末地方政府一般债务余额实际数"),
            "一、年末地方政府一般债务余额实际数"
        );
        assert_eq!(without_years("五、2019 年末余额"), "五、年末余额");
        assert_eq!(without_years("1行政运行"), "1行政运行");
    }

    #[test]
    fn columns_tied_by_their_ratios_are_taken() {
        // 上年执行数 | 预算数 | 执行数 | 为预算% | 比上年增长%: both ratios checked
        let t = table(&[
            "prior_actual",
            "budget",
            "actual",
            "pct_of_budget",
            "change_pct",
        ]);
        let checks = [
            percent_check([4, 3, 2], Severity::Pass),
            percent_check([5, 3, 1], Severity::Pass),
        ];
        assert_eq!(doubt(&t, &checks, false), None);
    }

    #[test]
    fn a_percentage_its_amounts_could_check_must_be_checked() {
        let t = table(&["budget", "actual", "pct_of_budget"]);
        assert!(doubt(&t, &[], false).is_some());
        assert_eq!(
            doubt(&t, &[percent_check([3, 2, 1], Severity::Pass)], false),
            None
        );
    }

    #[test]
    fn two_amount_columns_nothing_ties_are_not_taken() {
        // 预算数 | 调整预算数 | 决算数 | 比上年增长% (of a 上年决算数 not printed): which of the three
        // amounts is which, no identity says
        let t = table(&["budget", "adjusted_budget", "actual", "change_pct"]);
        assert!(doubt(&t, &[], false).is_some());
        // with 为调整预算% checked, 预算数 is the one amount left over
        let t = table(&[
            "budget",
            "adjusted_budget",
            "actual",
            "pct_of_adjusted",
            "change_pct",
        ]);
        assert_eq!(
            doubt(&t, &[percent_check([4, 3, 2], Severity::Pass)], false),
            None
        );
    }

    #[test]
    fn a_wrapped_headings_first_line_is_no_column() {
        // 比上年增长 / % wrapped: its first line a column of its own, printing no amount
        let mut t = table(&["budget", "actual", "比上年增长", "比上年增长%"]);
        for row in &mut t.rows {
            row.cells.retain(|c| c.column != 3);
        }
        rejoin_wrapped(&mut t);
        let headers: Vec<(u32, &str)> = t
            .columns
            .iter()
            .map(|c| (c.number, c.header.as_str()))
            .collect();
        assert_eq!(headers, [(1, "budget"), (2, "actual"), (3, "比上年增长%")]);
        let cells: Vec<u32> = t.rows[0].cells.iter().map(|c| c.column).collect();
        assert_eq!(cells, [1, 2, 3]);
        // a column printing amounts is a column, whatever its heading
        let mut t = table(&["budget", "actual", "比上年增长", "比上年增长%"]);
        rejoin_wrapped(&mut t);
        assert_eq!(t.columns.len(), 4);
    }

    fn region_table(headers: &[&str]) -> Table {
        let mut t = table(headers);
        t.kind = TableKind::GovDebtByRegion;
        t.title = "3 某市2024年地方政府债务限额及余额决算情况表".into();
        t.rows[0].label = "某市合计".into();
        t
    }

    const REGION_TEXT: &str = "\
        3 某市2024年地方政府债务限额及余额决算情况表
                                                          单位：万元
              2024年债务限额                    2024年债务余额决算数
     地 区
          合计        一般债务     专项债务     合计        一般债务     专项债务
     公 式    A=B+C       B            C         D=E+F        E            F
某市合计       86.42        30.58       55.84      81.24        28.28       52.96
";

    #[test]
    fn a_metric_heading_stands_over_the_columns_its_formula_names() {
        // text set each metric's heading over one column of its three
        let mut t = region_table(&[
            "合计A=B+C",
            "2024年债务限额一般债务B",
            "专项债务C",
            "2024年债务余额决算数合计D=E+F",
            "2024年债务余额决算数一般债务E",
            "专项债务F",
        ]);
        assert!(settle_region_headings(&mut t, REGION_TEXT));
        let headers: Vec<&str> = t.columns.iter().map(|c| c.header.as_str()).collect();
        assert_eq!(
            headers,
            [
                "2024年债务限额合计A=B+C",
                "2024年债务限额一般债务B",
                "2024年债务限额专项债务C",
                "2024年债务余额决算数合计D=E+F",
                "2024年债务余额决算数一般债务E",
                "2024年债务余额决算数专项债务F",
            ]
        );
    }

    #[test]
    fn a_metric_heading_over_two_blocks_proves_nothing() {
        // both metrics' headings over the second block: which block is the 限额, text does not say
        let headers = [
            "合计A=B+C",
            "一般债务B",
            "专项债务C",
            "2024年债务限额合计D=E+F",
            "2024年债务余额决算数一般债务E",
            "专项债务F",
        ];
        let mut t = region_table(&headers);
        assert!(!settle_region_headings(&mut t, REGION_TEXT));
        let kept: Vec<&str> = t.columns.iter().map(|c| c.header.as_str()).collect();
        assert_eq!(kept, headers);
        // no line printing a word over each column: the parts are not proven
        let text = REGION_TEXT.replace("专项债务     合计", "专项债务合计");
        let mut t = region_table(&[
            "合计A=B+C",
            "2024年债务限额一般债务B",
            "专项债务C",
            "2024年债务余额决算数合计D=E+F",
            "2024年债务余额决算数一般债务E",
            "专项债务F",
        ]);
        let text = text.replace("C         D=E+F", "CD=E+F");
        assert!(!settle_region_headings(&mut t, &text));
    }

    /// A 决算 table by its title, headings and rows of amounts (as text printed them).
    fn final_table(headers: &[&str], rows: &[(&str, [&str; 5])]) -> Table {
        let mut table = build::table(
            TableKind::GovGeneralRevenue,
            "1 云泽省2024年全省一般公共预算收入决算表",
            headers,
        );
        table.rows = rows
            .iter()
            .map(|(label, amounts)| Row {
                label: label.to_string(),
                page: 1,
                ..build::row(
                    label,
                    (1..).zip(amounts).map(|(n, a)| build::cell(n, a)).collect(),
                )
            })
            .collect();
        table
    }

    /// The headings of a 决算 table as `pdftotext -layout` printed them: the middle line crowded,
    /// its last pieces drifted left of their columns.
    const CROWDED: &str = "\
       1 云泽省2024年全省一般公共预算收入决算表
                                                        单位：万元
                                                决算数为 比上年决
     项 目      预算数         调整预算数       决算数 调整预算 算数增
                                                 数的% 长%
一、税收收入        8,670,982   8,624,081   9,122,845 105.8      21.9
  增值税         2,762,692   2,734,097   2,955,161 108.1      28.2
";

    /// The headings the positional reading gives those lines: three pieces joined over the
    /// 决算数 column.
    const MERGED: [&str; 5] = [
        "预算数",
        "调整预算数",
        "决算数调整预算算数增",
        "决算数为比上年决决算数调整预算算数增数的%长%",
        "决算数为比上年决",
    ];

    #[test]
    fn a_heading_lines_pieces_keep_their_order_and_start() {
        let at = |line: &str| -> Vec<(usize, String)> {
            pieces(line).into_iter().map(|p| (p.at, p.text)).collect()
        };
        assert_eq!(
            at("     项 目      预算数    决算数 调整预算"),
            [
                (14, "预算数".into()),
                (21, "决算数".into()),
                (25, "调整预算".into())
            ]
        );
        assert_eq!(
            at("  2024 年预算数   单位：万元"),
            [(2, "2024年预算数".into())]
        );
        assert_eq!(placements(4, 2).len(), 6);
        assert_eq!(placements(3, 3), [vec![0, 1, 2]]);
        for (n, k) in [(5, 2), (6, 3), (7, 0), (4, 4), (3, 5)] {
            assert_eq!(placement_count(n, k), Some(placements(n, k).len()));
        }
        // (a wide table's long heading line is refused before its ways are listed)
        assert_eq!(placement_count(40, 20), Some(137_846_528_820));
        assert!(placement_count(40, 20) > Some(MOST_PLACEMENTS));
        assert!(placements(2, 3).is_empty());
    }

    #[test]
    fn crowded_headings_are_rebuilt_by_their_order_where_the_ratios_prove_them() {
        let rows = [
            (
                "一、税收收入",
                ["8,670,982", "8,624,081", "9,122,845", "105.8", "21.9"],
            ),
            (
                "增值税",
                ["2,762,692", "2,734,097", "2,955,161", "108.1", "28.2"],
            ),
        ];
        let mut t = final_table(&MERGED, &rows);
        assert!(restack_headings(&mut t, CROWDED));
        let headers: Vec<&str> = t.columns.iter().map(|c| c.header.as_str()).collect();
        assert_eq!(
            headers,
            [
                "预算数",
                "调整预算数",
                "决算数",
                "决算数为调整预算数的%",
                "比上年决算数增长%"
            ]
        );
        // a ratio that does not hold proves nothing: the headings stay as read
        let mut wrong = rows;
        wrong[1].1[3] = "99.1";
        let mut t = final_table(&MERGED, &wrong);
        assert!(!restack_headings(&mut t, CROWDED));
        assert_eq!(t.columns[2].header, MERGED[2]);
    }

    #[test]
    fn headings_proven_as_read_are_left_alone() {
        let headers = [
            "预算数",
            "调整预算数",
            "决算数",
            "决算数为调整预算数的%",
            "比上年决算数增长%",
        ];
        let mut t = final_table(
            &headers,
            &[(
                "一、税收收入",
                ["8,670,982", "8,624,081", "9,122,845", "105.8", "21.9"],
            )],
        );
        assert!(!restack_headings(&mut t, CROWDED));
    }
}
