//! Headings of laid-out text: where `pdftotext -layout` squeezes the headings of neighbouring
//! columns together (one space, or none, between them), the positional reading gives one column
//! the headings of several ("上级补助收入事业收入"): a blank column's heading joined to its
//! neighbour's. The columns from there on are then numbered and keyed by a heading that is not
//! theirs, so such a table is not keyed from its headings unless the heading line prints each
//! of them as a word and every amount of the joined column lies under one of them.

use crate::normalise::keys;
use juesuan_layout::Widths;
use juesuan_model::{Cell, Column, Row, Table, TableKind};
use regex::Regex;
use std::sync::LazyLock;

static SIDE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^20\d{2}年度?(?:预算数|决算数)").unwrap());
pub(super) static YEAR_APART: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(20\d{2}) (年\S*)").unwrap());
static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"20\d{2}年度?").unwrap());

/// The canonical key the mapping gives a heading.
pub(super) fn key_of(kind: TableKind, heading: &str) -> String {
    let mut table = Table {
        kind,
        title: String::new(),
        unit: juesuan_model::AmountUnit::Yuan,
        pages: Vec::new(),
        empty: false,
        columns: vec![Column {
            number: 1,
            header: heading.to_string(),
            key: String::new(),
            year: None,
        }],
        rows: Vec::new(),
        notes: Vec::new(),
    };
    keys::assign(&mut table, None, &mut Vec::new());
    table.columns[0].key.clone()
}

/// The keys of the known headings a column heading holds, left to right (the longest known
/// heading at each place), a group's key left out where a heading of its group follows it
/// ("公务用车购置及运行费公务用车购置费" is the group above its first column).
fn keys_in(kind: TableKind, header: &str, known: &[&str]) -> Vec<String> {
    let matches = |h: &str| {
        let mut out: Vec<String> = Vec::new();
        let mut rest = h;
        while !rest.is_empty() {
            match known
                .iter()
                .filter(|k| rest.starts_with(**k))
                .max_by_key(|k| k.len())
            {
                Some(k) => {
                    let key = key_of(kind, k);
                    if !out.contains(&key) {
                        out.push(key);
                    }
                    rest = &rest[k.len()..];
                }
                None => {
                    let c = rest.chars().next().map_or(1, char::len_utf8);
                    rest = &rest[c..];
                }
            }
        }
        out
    };
    let h: String = YEAR
        .replace_all(header, "")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    // "基本支出小计": a group's subtotal, one column
    let mut found = ["小计", "合计"]
        .iter()
        .find_map(|s| {
            h.strip_suffix(s)
                .map(matches)
                .filter(|m: &Vec<String>| !m.is_empty())
        })
        .unwrap_or_else(|| matches(&h));
    let groups: Vec<String> = found
        .iter()
        .filter(|k| {
            found.iter().any(|o| {
                o.len() > k.len()
                    && o.starts_with(k.as_str())
                    && matches!(o.as_bytes()[k.len()], b'_' | b'.')
            })
        })
        .cloned()
        .collect();
    found.retain(|k| !groups.contains(k));
    found
}

/// A 三公 table printing one side only (预算数 or 决算数, not both): text set the side's heading
/// over some of its columns, where the page set it over all of them; each column gets it.
pub fn one_side(table: &mut Table) {
    if table.kind != TableKind::ThreePublic {
        return;
    }
    let compact = |h: &str| h.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let side_of = |h: &str| {
        let h = compact(h);
        ["预算数", "决算数"]
            .iter()
            .find_map(|w| h.find(w).map(|at| h[..at + w.len()].to_string()))
    };
    let sides: Vec<Option<String>> = table.columns.iter().map(|c| side_of(&c.header)).collect();
    let printed: Vec<&String> = sides.iter().flatten().collect();
    let Some(side) = printed.first().map(|s| s.to_string()) else {
        return;
    };
    let one = printed
        .iter()
        .all(|s| s.ends_with(&side[side.len() - "预算数".len()..]));
    if !one || printed.len() == sides.len() {
        return;
    }
    let mut sided = Table {
        rows: Vec::new(),
        ..table.clone()
    };
    for (column, s) in sided.columns.iter_mut().zip(&sides) {
        if s.is_none() {
            column.header = format!("{side}{}", column.header);
        }
    }
    // only where every part of the total is then a column of its own, so that the total
    // checks them (a blank column lost by text would shift the amounts after it unchecked)
    let mut keyed = sided.clone();
    keys::assign(&mut keyed, None, &mut Vec::new());
    let parts = ["total", "abroad", "vehicle", "reception"];
    let whole = ["budget.", "actual."].iter().any(|side| {
        parts
            .iter()
            .all(|p| keyed.columns.iter().any(|c| c.key == format!("{side}{p}")))
    });
    if whole {
        table.columns = sided.columns;
    }
}

/// Where text set a heading over a column of its own as well as over its column ("2022年预算数"
/// centred over 基本支出 and 项目支出, their words a line below taken for columns of their own
/// too), the positional reading gives two columns each heading, one of them without amounts: such
/// an empty column is dropped and the columns after it renumbered, where each heading then heads
/// one column and the columns keep the order of their headings' first columns. Left as it was
/// otherwise.
pub fn drop_empty_twins(table: &mut Table) {
    if joined_headings(table).is_none() {
        return;
    }
    let mut keyed = Table {
        rows: Vec::new(),
        ..table.clone()
    };
    keys::assign(&mut keyed, None, &mut Vec::new());
    let mut columns: Vec<(u32, String)> = keyed
        .columns
        .iter()
        .map(|c| (c.number, c.key.clone()))
        .collect();
    columns.sort();
    let filled = |number: u32| {
        table.rows.iter().any(|r| {
            r.cells
                .iter()
                .any(|c| c.column == number && c.value.is_some())
        })
    };
    let twice = |key: &str| columns.iter().filter(|(_, k)| k == key).count() > 1;
    let kept: Vec<(u32, String)> = columns
        .iter()
        .filter(|(n, k)| !twice(k) || filled(*n))
        .cloned()
        .collect();
    // each heading once, in the order its first column has
    let mut first: Vec<&String> = Vec::new();
    for (_, k) in &columns {
        if !first.contains(&k) {
            first.push(k);
        }
    }
    let order: Vec<&String> = kept.iter().map(|(_, k)| k).collect();
    if kept.len() == columns.len() || order != first {
        return;
    }
    let mut placed = table.clone();
    let renumber = |n: u32| kept.iter().position(|(k, _)| *k == n).map(|i| i as u32 + 1);
    placed.columns.retain(|c| renumber(c.number).is_some());
    for column in &mut placed.columns {
        column.number = renumber(column.number).unwrap_or(column.number);
    }
    for row in &mut placed.rows {
        row.cells.retain(|c| renumber(c.column).is_some());
        for cell in &mut row.cells {
            cell.column = renumber(cell.column).unwrap_or(cell.column);
        }
    }
    if joined_headings(&placed).is_none() {
        *table = placed;
    }
}

/// Why the columns of a table read from laid-out text cannot be keyed by their headings: a
/// heading holding those of several columns, with amounts in it or in a column after it.
pub fn joined_headings(table: &Table) -> Option<String> {
    // every column keyed, as the document will key them: no two alike, and in 三公 either all
    // or none of a side (a 预算数 heading over only some columns was printed beside the rest)
    let mut keyed = Table {
        rows: Vec::new(),
        ..table.clone()
    };
    keys::assign(&mut keyed, None, &mut Vec::new());
    let column_keys: Vec<&str> = keyed.columns.iter().map(|c| c.key.as_str()).collect();
    if let Some(twice) = column_keys
        .iter()
        .enumerate()
        .find(|(i, k)| column_keys[..*i].contains(k))
    {
        return Some(format!(
            "two of its headings read as the same column ({}), which text printed too close together",
            twice.1
        ));
    }
    let sided = |k: &&str| k.starts_with("budget.") || k.starts_with("actual.");
    if table.kind == TableKind::ThreePublic
        && column_keys.iter().any(sided)
        && !column_keys.iter().all(sided)
    {
        return Some(
            "a 预算数 or 决算数 heading stands over only some of its columns in the text".into(),
        );
    }
    let known = keys::column_headings(table.kind);
    let mut columns: Vec<&Column> = table.columns.iter().collect();
    columns.sort_by_key(|c| c.number);
    let joined = columns
        .iter()
        .position(|c| keys_in(table.kind, &c.header, &known).len() > 1)?;
    let after: Vec<u32> = columns[joined..].iter().map(|c| c.number).collect();
    let amounts = table.rows.iter().any(|r| {
        r.cells
            .iter()
            .any(|c| c.value.is_some() && after.contains(&c.column))
    });
    amounts.then(|| {
        format!(
            "the heading \"{}\" joins the headings of several columns, which text printed too close together",
            columns[joined].header
        )
    })
}

/// Where a heading joins those of several columns and the text prints them as words of one
/// line, each word is a column of its own: the amounts of the joined column belong to the word
/// they lie under (each amount under one word only, all under the same one), and the columns
/// after it are renumbered. Left as it was where anything is in doubt.
pub fn split_joined(table: &mut Table, text: &str) {
    let widths = juesuan_layout::widths_of(text);
    let lines: Vec<Vec<(usize, usize, &str)>> = text
        .lines()
        .map(|l| juesuan_layout::tokens(l, widths))
        .collect();
    let known = keys::column_headings(table.kind);
    for _ in 0..table.columns.len() {
        let mut columns = table.columns.clone();
        columns.sort_by_key(|c| c.number);
        let Some(j) = columns
            .iter()
            .position(|c| keys_in(table.kind, &c.header, &known).len() > 1)
        else {
            return;
        };
        let joined = columns[j].clone();
        let header: String = joined.header.split_whitespace().collect();
        // a heading over several columns printed on a line of its own above them ("2021年预算数")
        // stays with each of them
        let over = SIDE
            .find(&header)
            .map_or(String::new(), |m| m.as_str().to_string());
        let header = header[over.len()..].to_string();
        // the heading line, below the table's title: consecutive words that make the joined
        // heading
        let title: String = table.title.split_whitespace().collect();
        let Some(top) = lines.iter().position(|ws| {
            let line: String = ws.iter().map(|w| w.2).collect();
            !title.is_empty() && line.contains(&title)
        }) else {
            return;
        };
        let found = lines.iter().enumerate().skip(top).find_map(|(n, ws)| {
            (0..ws.len()).find_map(|a| {
                let mut s = String::new();
                for (b, w) in ws.iter().enumerate().skip(a) {
                    s.push_str(w.2);
                    if s == header {
                        return (b > a).then_some((n, a, b));
                    }
                    if !header.starts_with(&s) {
                        break;
                    }
                }
                None
            })
        });
        let Some((n, a, b)) = found else { return };
        let pieces = &lines[n][a..=b];
        if pieces
            .iter()
            .any(|p| keys_in(table.kind, p.2, &known).len() != 1)
        {
            return;
        }
        let span = |row: &Row, cell: &Cell| printed_at(&lines, n + 1, row, cell);
        // amounts are right-aligned, headings centred: how far an amount's right edge lies from
        // its heading's centre (in half columns), as the other columns print it
        let mut offsets: Vec<i64> = Vec::new();
        for c in columns.iter().filter(|c| c.number != joined.number) {
            let h: String = c.header.split_whitespace().collect();
            let on_line: Vec<_> = lines[n].iter().filter(|w| w.2 == h).collect();
            let [(hs, he, _)] = on_line.as_slice() else {
                continue;
            };
            for row in &table.rows {
                for cell in row
                    .cells
                    .iter()
                    .filter(|x| x.column == c.number && x.value.is_some())
                {
                    let Some((_, e)) = span(row, cell) else {
                        return;
                    };
                    offsets.push(2 * e as i64 - (*hs + *he) as i64);
                }
            }
        }
        let (Some(&low), Some(&high)) = (offsets.iter().min(), offsets.iter().max()) else {
            return;
        };
        if high - low > 4 {
            return;
        }
        let offset = (low + high) / 2;
        let mut choice: Option<usize> = None;
        for row in &table.rows {
            for cell in row
                .cells
                .iter()
                .filter(|c| c.column == joined.number && c.value.is_some())
            {
                let Some((_, e)) = span(row, cell) else {
                    return;
                };
                let miss: Vec<i64> = pieces
                    .iter()
                    .map(|p| (2 * e as i64 - (p.0 + p.1) as i64 - offset).abs())
                    .collect();
                let best = *miss.iter().min().unwrap_or(&i64::MAX);
                let k = miss.iter().position(|m| *m == best).unwrap_or(0);
                // near the heading's place, and clearly nearer than any other heading's
                if best > 6
                    || miss
                        .iter()
                        .enumerate()
                        .any(|(i, m)| i != k && *m < best + 6)
                {
                    return;
                }
                if choice.is_some_and(|c| c != k) {
                    return;
                }
                choice = Some(k);
            }
        }
        let shift = pieces.len() as u32 - 1;
        let k = choice.unwrap_or(0) as u32;
        for row in &mut table.rows {
            for cell in &mut row.cells {
                if cell.column > joined.number {
                    cell.column += shift;
                } else if cell.column == joined.number {
                    cell.column += k;
                }
            }
        }
        let mut rebuilt: Vec<Column> = columns[..j].to_vec();
        for (i, p) in pieces.iter().enumerate() {
            rebuilt.push(Column {
                number: joined.number + i as u32,
                header: format!("{over}{}", p.2),
                key: String::new(),
                year: joined.year,
            });
        }
        for c in &columns[j + 1..] {
            rebuilt.push(Column {
                number: c.number + shift,
                ..c.clone()
            });
        }
        table.columns = rebuilt;
    }
}

/// Where an amount of a row is printed, at or after line `from`: its first and past-the-end
/// columns. The row's line is the one starting with its code (or name), or, where the code is
/// printed apart by 类 | 款 | 项, the line printing its name, or a wrapped name's head, and the
/// amount ("02   一般行政管理事务   83,078,400"). None where the amount is not found exactly.
fn printed_at(
    lines: &[Vec<(usize, usize, &str)>],
    from: usize,
    row: &Row,
    cell: &Cell,
) -> Option<(usize, usize)> {
    let first = row.code.as_deref().unwrap_or(row.label.as_str());
    let lines = lines.get(from..)?;
    let line = lines
        .iter()
        .find(|l| l.first().is_some_and(|w| w.2 == first))
        .or_else(|| {
            lines.iter().find(|l| {
                l.iter().any(|w| {
                    w.2 == row.label || (w.2.chars().count() >= 4 && row.label.starts_with(w.2))
                }) && l.iter().any(|w| w.2 == cell.text.trim())
            })
        })?;
    // the same amount printed twice in the row: its place in the row's order
    let twice = row
        .cells
        .iter()
        .filter(|c| c.column < cell.column && c.text.trim() == cell.text.trim())
        .count();
    let at: Vec<_> = line.iter().filter(|w| w.2 == cell.text.trim()).collect();
    let same = row
        .cells
        .iter()
        .filter(|c| c.text.trim() == cell.text.trim())
        .count();
    (at.len() == same).then(|| (at[twice].0, at[twice].1))
}

/// A word printing an amount ("1,234.50", "-3", "0.00").
pub(super) fn is_amount(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_digit())
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '-'))
}

/// The headings printed over the columns, rebuilt from the header lines: -layout wraps a
/// heading over two or three lines ("财政拨款收" / "入") and prints the fragments of one heading
/// stacked at about the same columns, so fragments whose columns overlap on different lines are
/// one heading, read top to bottom. Each with its first and past-the-end columns, left to right.
fn stacked_headings(header: &[Vec<(usize, usize, &str)>]) -> Vec<(usize, usize, String)> {
    let fragments: Vec<(usize, usize, usize, &str)> = header
        .iter()
        .enumerate()
        .flat_map(|(n, words)| words.iter().map(move |w| (n, w.0, w.1, w.2)))
        .collect();
    // union of overlapping fragments (on different lines), by a representative each
    let mut group: Vec<usize> = (0..fragments.len()).collect();
    fn root(group: &mut [usize], i: usize) -> usize {
        let mut r = i;
        while group[r] != r {
            r = group[r];
        }
        group[i] = r;
        r
    }
    for a in 0..fragments.len() {
        for b in a + 1..fragments.len() {
            let (fa, fb) = (fragments[a], fragments[b]);
            if fa.0 != fb.0 && fa.1 < fb.2 && fb.1 < fa.2 {
                let (ra, rb) = (root(&mut group, a), root(&mut group, b));
                group[ra] = rb;
            }
        }
    }
    let mut headings: Vec<(usize, usize, String)> = Vec::new();
    let mut roots: Vec<usize> = Vec::new();
    for i in 0..fragments.len() {
        let r = root(&mut group, i);
        if !roots.contains(&r) {
            roots.push(r);
        }
    }
    for r in roots {
        let mut parts: Vec<&(usize, usize, usize, &str)> = fragments
            .iter()
            .enumerate()
            .filter(|(i, _)| root(&mut group, *i) == r)
            .map(|(_, f)| f)
            .collect();
        parts.sort_by_key(|f| (f.0, f.1));
        let start = parts.iter().map(|f| f.1).min().unwrap_or(0);
        let end = parts.iter().map(|f| f.2).max().unwrap_or(0);
        headings.push((start, end, parts.iter().map(|f| f.3).collect()));
    }
    headings.sort_by_key(|h| h.0);
    headings
}

/// The amount columns' headings stacked over the header lines (see `stacked_headings`), left to
/// right, each one known heading of one column, with its first and past-the-end columns. None
/// where a heading right of the first such one is not (text joined several, or printed one the
/// kind does not know).
pub(super) fn keyed_headings(
    kind: TableKind,
    header: &[Vec<(usize, usize, &str)>],
) -> Option<Vec<(usize, usize, String)>> {
    let known = keys::column_headings(kind);
    let mut keyed: Vec<(usize, usize, String)> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for heading in stacked_headings(header) {
        let found = keys_in(kind, &heading.2, &known);
        match found.as_slice() {
            // a heading of no column (科目编码, 科目名称) only left of the amounts' headings
            [] if keyed.is_empty() => {}
            [key] if !seen.contains(key) => {
                seen.push(key.clone());
                keyed.push(heading);
            }
            _ => return None,
        }
    }
    Some(keyed)
}

/// The headings of a laid-out table's amount columns, left to right, from its header lines as
/// printed (spaces kept, see `stacked_headings`): each one known heading of one column, or a
/// heading the key mapping knows whole ("2025年预算数", "增减额"). None where text joined the
/// headings of several columns, or printed one right of the first amount heading that the
/// kind does not know, or no heading is found.
pub fn amount_headings(kind: TableKind, header: &[&str], widths: Widths) -> Option<Vec<String>> {
    // (-layout prints a year's digits apart from the 年 after them, "2021 年预算数": the space
    // moved past the word keeps every other word at its column)
    let header: Vec<String> = header
        .iter()
        .map(|l| YEAR_APART.replace_all(l, "$1$2 ").into_owned())
        .collect();
    let lines: Vec<Vec<(usize, usize, &str)>> = header
        .iter()
        .map(|l| juesuan_layout::tokens(l, widths))
        .collect();
    let known = keys::column_headings(kind);
    let mut out: Vec<String> = Vec::new();
    for (_, _, heading) in stacked_headings(&lines) {
        match keys_in(kind, &heading, &known).len() {
            // a heading of no column (科目编码, 科目名称) only left of the amounts' headings
            0 if key_of(kind, &heading).starts_with("unknown:") => {
                if !out.is_empty() {
                    return None;
                }
            }
            0 | 1 => out.push(heading),
            _ => return None,
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Whether every table of `kind` in laid-out `text` prints, over its amounts, its kind's
/// standard columns and no other, in their standard order (each heading, however -layout
/// wrapped it, one known heading of one column, left to right as the template numbers them):
/// its amounts then lie in the standard 栏次, as the token reading numbers them, however close
/// together text printed the headings. False where any heading is in doubt.
pub fn prints_standard_columns(text: &str, kind: TableKind) -> bool {
    let width = crate::normalise::codes::standard_width(kind);
    if !matches!(kind, TableKind::Income | TableKind::Expenditure) || width == 0 {
        return false;
    }
    let widths = juesuan_layout::widths_of(text);
    let lines: Vec<&str> = text.lines().collect();
    let titles: Vec<usize> = (0..lines.len())
        .filter(|&i| crate::normalise::titles::kind_of_title(lines[i].trim()) == Some(kind))
        .collect();
    let keyed = |headers: Vec<String>| -> Vec<String> {
        let mut table = Table {
            kind,
            title: String::new(),
            unit: juesuan_model::AmountUnit::Yuan,
            pages: Vec::new(),
            empty: false,
            columns: headers
                .into_iter()
                .zip(1..)
                .map(|(header, number)| Column {
                    number,
                    header,
                    key: String::new(),
                    year: None,
                })
                .collect(),
            rows: Vec::new(),
            notes: Vec::new(),
        };
        keys::assign(&mut table, None, &mut Vec::new());
        table.columns.into_iter().map(|c| c.key).collect()
    };
    // (bare columns are keyed by their standard 栏次)
    let standard = keyed(vec![String::new(); width as usize]);
    !titles.is_empty()
        && titles.iter().all(|&t| {
            // the header lines: after the title, up to the first line printing an amount,
            // without the unit line
            let header: Vec<&str> = lines[t + 1..]
                .iter()
                .take_while(|l| {
                    !juesuan_layout::tokens(l, widths)
                        .iter()
                        .any(|w| is_amount(w.2))
                })
                .filter(|l| !l.contains("单位：") && !l.contains("单位:"))
                .copied()
                .collect();
            amount_headings(kind, &header, widths).is_some_and(|h| keyed(h) == standard)
        })
}

/// The column of the heading an amount lies under, by its right edge: amounts are set flush
/// right in their column and a heading lies within its column, so the right edge is at or past
/// its heading's end and before the next heading's start. None where it is not clearly so
/// (within a heading's span: text moved one of them).
pub(super) fn column_under(spans: &[(usize, usize)], right: usize) -> Option<usize> {
    let found: Vec<usize> = (0..spans.len())
        .filter(|&i| spans[i].1 <= right && spans.get(i + 1).is_none_or(|next| right < next.0))
        .collect();
    match found.as_slice() {
        [i] => Some(*i),
        _ => None,
    }
}

/// Where text joined the headings of several columns (see `joined_headings`), the columns
/// rebuilt from the headings stacked over the header lines: each rebuilt heading that is one of
/// the kind's known column headings is a column, numbered left to right, and every amount is
/// placed under the heading its right edge lies under. Left as it was where any heading is not
/// one known heading, or any amount is not clearly under one heading.
pub fn place_by_stacked_headings(table: &mut Table, text: &str) {
    if joined_headings(table).is_none() {
        return;
    }
    if let Some(placed) = placed_by_stacked_headings(table, text)
        && joined_headings(&placed).is_none()
    {
        *table = placed;
    }
}

fn placed_by_stacked_headings(table: &Table, text: &str) -> Option<Table> {
    let widths = juesuan_layout::widths_of(text);
    let lines: Vec<Vec<(usize, usize, &str)>> = text
        .lines()
        .map(|l| juesuan_layout::tokens(l, widths))
        .collect();
    let title: String = table.title.split_whitespace().collect();
    if title.is_empty() {
        return None;
    }
    let top = lines.iter().position(|ws| {
        let line: String = ws.iter().map(|w| w.2).collect();
        line.contains(&title)
    })?;
    // the header lines: after the title, up to the first line printing an amount, without the
    // unit line ("单位：…")
    let first_amount = (top + 1..lines.len()).find(|&n| lines[n].iter().any(|w| is_amount(w.2)))?;
    let header: Vec<Vec<(usize, usize, &str)>> = lines[top + 1..first_amount]
        .iter()
        .filter(|ws| {
            !ws.iter()
                .any(|w| w.2.starts_with("单位：") || w.2.starts_with("单位:"))
        })
        .cloned()
        .collect();
    let keyed = keyed_headings(table.kind, &header)?;
    if keyed.len() < table.columns.len() {
        return None;
    }
    let spans: Vec<(usize, usize)> = keyed.iter().map(|h| (h.0, h.1)).collect();
    let mut placed = table.clone();
    for (row, out) in table.rows.iter().zip(&mut placed.rows) {
        let mut used: Vec<u32> = Vec::new();
        for (cell, moved) in row.cells.iter().zip(&mut out.cells) {
            if cell.value.is_none() {
                continue;
            }
            let (_, right) = printed_at(&lines, first_amount, row, cell)?;
            let number = column_under(&spans, right)? as u32 + 1;
            if used.contains(&number) {
                return None;
            }
            used.push(number);
            moved.column = number;
        }
    }
    let year = table.columns.first().and_then(|c| c.year);
    placed.columns = keyed
        .iter()
        .enumerate()
        .map(|(i, h)| Column {
            number: i as u32 + 1,
            header: h.2.clone(),
            key: String::new(),
            year,
        })
        .collect();
    Some(placed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{cell, row};

    #[test]
    fn wrapped_headings_are_rebuilt_from_their_stacked_fragments() {
        let text = [
            "              财政拨款收        上级补助收",
            " 科目编码  合计                              事业收入",
            "                入            入",
        ];
        let lines: Vec<Vec<(usize, usize, &str)>> = text
            .iter()
            .map(|l| juesuan_layout::tokens(l, juesuan_layout::Widths::Chars))
            .collect();
        let names: Vec<String> = stacked_headings(&lines).into_iter().map(|h| h.2).collect();
        assert_eq!(
            names,
            [
                "科目编码",
                "合计",
                "财政拨款收入",
                "上级补助收入",
                "事业收入"
            ]
        );
    }

    #[test]
    fn a_budget_layout_s_headings_are_read_left_to_right() {
        let header = [
            "                                                    2021年预算数",
            "  科目编码     科目名称     2020 年预算数                                          增减额",
            "                                      合计          基本支出        项目支出",
        ];
        assert_eq!(
            amount_headings(TableKind::GeneralBudgetExpenditure, &header, Widths::Chars),
            Some(
                [
                    "2020年预算数",
                    "合计",
                    "2021年预算数基本支出",
                    "项目支出",
                    "增减额"
                ]
                .map(String::from)
                .to_vec()
            )
        );
        // a heading joining two columns' leaves the columns unknown
        let joined = ["  科目编码  科目名称  2020年预算数  合计基本支出  项目支出  增减额"];
        assert_eq!(
            amount_headings(TableKind::GeneralBudgetExpenditure, &joined, Widths::Chars),
            None
        );
    }

    #[test]
    fn tells_a_table_printing_its_kind_s_standard_columns_however_squeezed() {
        let table = |headings: &[&str]| {
            let mut lines = vec![
                "                          2019 年部门综合预算收入总表",
                "单位：某单位                                  单位：万元",
            ];
            lines.extend_from_slice(headings);
            lines.push(
                "             合计       935,193.12    933,930.60       581.26            681.26",
            );
            lines.join("\n")
        };
        // wrapped, stacked and printed one space apart: the seven standard columns in order
        let standard = table(&[
            "                                                                  事业单位经营 附属单位上缴",
            "      科目编码      科目名称       合计          财政拨款收入 上级补助收入   事业收入                       其他收入",
            "                                                                    收入     收入",
        ]);
        assert!(prints_standard_columns(&standard, TableKind::Income));
        // a column the template does not print, or two swapped: not the standard numbering
        let more = table(&[
            " 科目编码  科目名称  合计  上年结转  财政拨款收入  上级补助收入  事业收入  经营收入  附属单位上缴收入  其他收入",
        ]);
        assert!(!prints_standard_columns(&more, TableKind::Income));
        let swapped = table(&[
            " 科目编码  科目名称  合计  上级补助收入  财政拨款收入  事业收入  经营收入  附属单位上缴收入  其他收入",
        ]);
        assert!(!prints_standard_columns(&swapped, TableKind::Income));
        // one fewer (a blank column's heading left out), or two joined: in doubt
        let fewer = table(&[
            " 科目编码  科目名称  合计  财政拨款收入  上级补助收入  事业收入  附属单位上缴收入  其他收入",
        ]);
        assert!(!prints_standard_columns(&fewer, TableKind::Income));
        let joined = table(&[
            " 科目编码  科目名称  合计  财政拨款收入  上级补助收入事业收入  经营收入  附属单位上缴收入  其他收入",
        ]);
        assert!(!prints_standard_columns(&joined, TableKind::Income));
    }

    #[test]
    fn an_empty_twin_of_a_column_is_dropped() {
        // "2022年预算数" centred over 基本支出 and 项目支出 made columns of its own
        let mut table = crate::test_support::table(
            TableKind::GovernmentFund,
            "",
            &[
                "合计",
                "2022年预算数基本支出",
                "2022年预算数项目支出",
                "基本支出",
                "项目支出",
            ],
        );
        table.rows = vec![Row {
            code: Some("229".into()),
            label: "其他支出".into(),
            ..row(
                "229",
                vec![cell(1, "194.63"), cell(2, "0"), cell(5, "194.63")],
            )
        }];
        let twins = table.clone();
        drop_empty_twins(&mut table);
        let headers: Vec<&str> = table.columns.iter().map(|c| c.header.as_str()).collect();
        assert_eq!(headers, ["合计", "2022年预算数基本支出", "项目支出"]);
        let columns: Vec<u32> = table.rows[0].cells.iter().map(|c| c.column).collect();
        assert_eq!(columns, [1, 2, 3]);
        // where the amounts stand in the twins out of their headings' order, nothing is dropped
        let mut crossed = twins.clone();
        crossed.rows[0].cells = vec![cell(1, "194.63"), cell(3, "194.63"), cell(4, "0")];
        let before = crossed.clone();
        drop_empty_twins(&mut crossed);
        assert_eq!(crossed, before);
    }

    #[test]
    fn an_amount_lies_under_the_heading_its_right_edge_follows() {
        let spans = [(27, 29), (38, 43), (51, 56), (59, 63)];
        assert_eq!(column_under(&spans, 35), Some(0));
        assert_eq!(column_under(&spans, 48), Some(1));
        assert_eq!(column_under(&spans, 70), Some(3));
        // within a heading's span: not decided
        assert_eq!(column_under(&spans, 40), None);
    }
}
