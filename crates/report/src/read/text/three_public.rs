//! 三公 tables that print 预算数 and 决算数 side by side under each item (合计 预算数 | 合计 决算数 |
//! 因公出国（境）费 预算数 | …), not the template's 预算数 half (栏次 1–6) then 决算数 half (7–12).
//! Laid-out text keeps the two words of every pair on the heading lines but not the items above
//! them in place, so the layout is known from those words: twelve, alternating 预算数, 决算数
//! from left to right and top to bottom. The items are then the template's, in its order, each
//! column numbered as printed (栏次 1 is 合计's 预算数, 2 its 决算数, …).

use super::headings::{
    YEAR_APART, column_under, is_amount, joined_headings, key_of, keyed_headings,
};
use crate::normalise::amount::{Amount, parse_amount};
use crate::normalise::keys;
use crate::normalise::titles::kind_of_title;
use juesuan_model::{Cell, Column, Table, TableKind};
use regex::Regex;
use std::sync::LazyLock;

/// The items of a 三公 table in the template's order, as headings the key mapping knows.
const ITEMS: [&str; 6] = [
    "合计",
    "因公出国（境）费",
    "公务用车购置及运行费",
    "公务用车购置费",
    "公务用车运行费",
    "公务接待费",
];

const SIDES: [&str; 2] = ["预算数", "决算数"];

/// Whether heading lines (above the 栏次 or the amounts) print 预算数 and 决算数 alternating,
/// a pair for each of the six items: the sides interleaved column by column.
pub fn interleaved<S: AsRef<str>>(header: &[S]) -> bool {
    let mut sides: Vec<usize> = Vec::new();
    for line in header {
        let line = line.as_ref();
        let mut at = 0;
        while at < line.len() {
            let rest = &line[at..];
            match SIDES.iter().position(|s| rest.starts_with(s)) {
                Some(side) => {
                    sides.push(side);
                    at += SIDES[side].len();
                }
                None => at += rest.chars().next().map_or(1, char::len_utf8),
            }
        }
    }
    sides.len() == 2 * ITEMS.len() && sides.iter().enumerate().all(|(i, &s)| s == i % 2)
}

/// Whether every 三公 table of laid-out text prints its sides interleaved (see [`interleaved`]):
/// its heading lines are those between its title and the first line printing a number.
pub fn prints_interleaved(text: &str) -> bool {
    let lines: Vec<&str> = text.lines().collect();
    let titles: Vec<usize> = (0..lines.len())
        .filter(|&i| kind_of_title(lines[i].trim()) == Some(TableKind::ThreePublic))
        .collect();
    !titles.is_empty()
        && titles.iter().all(|&t| {
            let header: Vec<&str> = lines[t + 1..]
                .iter()
                .take_while(|l| {
                    !l.split_whitespace()
                        .any(|w| parse_amount(w) != Amount::Text)
                })
                .copied()
                .collect();
            interleaved(&header)
        })
}

/// Heads a 12-column 三公 table's columns with the interleaved items and sides, so that the key
/// mapping keys each by its printed 栏次.
pub fn head_interleaved(table: &mut Table) {
    for column in &mut table.columns {
        let n = column.number as usize;
        if (1..=2 * ITEMS.len()).contains(&n) {
            column.header = format!("{}{}", ITEMS[(n - 1) / 2], SIDES[(n - 1) % 2]);
        }
    }
}

/// The interleaved 栏次 of a column of the template's numbering (预算数 1–6, 决算数 7–12).
pub fn interleaved_column(standard: usize) -> usize {
    if standard > ITEMS.len() {
        2 * (standard - ITEMS.len())
    } else {
        2 * standard - 1
    }
}

/// A line's words with their first and past-the-end columns.
type Words<'a> = Vec<(usize, usize, &'a str)>;

/// A heading with its first and past-the-end columns.
type Heading = (usize, usize, String);

/// A heading over every column of a table printing one side ("2021年预算数", "决算数").
static SIDE_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:20\d{2}年度?)?(?:预算数|决算数)$").unwrap());

/// The columns of a 三公 table, each a key the mapping gives one of its headings: the six of
/// the template, and 会议费 and 培训费 where the issuer adds them.
const LEAF_KEYS: [&str; 8] = [
    "total",
    "abroad",
    "vehicle",
    "vehicle_purchase",
    "vehicle_operation",
    "reception",
    "meeting",
    "training",
];

/// A 三公 table printing one side (a "2021年预算数" heading over all its columns) or its sides as
/// rows (预算数 | 决算数 under 栏次 1–8), where text squeezed the headings of neighbouring columns
/// together so that the positional reading joined them (the group heading 公务用车购置及运行费
/// stands over 小计 and both vehicle columns, and -layout leaves it touching them): its columns
/// are rebuilt from the leaf headings the header prints, the group and side headings set
/// aside, and each amount is placed by its right edge under its 栏次 number where the table
/// prints them (numbers keep their places where squeezed headings do not), else under its
/// heading. Left as it was where anything is in doubt: a heading not one of the kind's
/// columns, a column's heading twice, an amount not clearly under one column, or a row not
/// found printed as read. The identities then decide whether the table is taken.
pub fn place_by_leaves(table: &mut Table, text: &str) {
    if table.kind != TableKind::ThreePublic || joined_headings(table).is_none() {
        return;
    }
    let text = laid_out_lines(text);
    let lines = words_of(&text);
    let title: String = table.title.split_whitespace().collect();
    if title.is_empty() {
        return;
    }
    let placed = title_lines(&lines, &title)
        .find_map(|top| placed_by_leaves(table, &lines, top))
        .filter(|placed| joined_headings(placed).is_none());
    if let Some(placed) = placed {
        *table = placed;
    }
}

/// A 三公 table of the template's twelve columns whose 栏次 line -layout printed, where the
/// positional reading lost an amount of a row (a lone "1" set far from the others, taken for
/// no column): the row's amounts are all those its line prints, each placed under the 栏次
/// number it follows (see [`column_after`]). Only where the line prints the row's amounts as
/// read, in order, and more; left as it was where an amount follows no number or two follow
/// the same. The identities then decide whether the table is taken.
pub fn place_under_numbers(table: &mut Table, text: &str) {
    let width = table.columns.iter().map(|c| c.number).max().unwrap_or(0) as usize;
    if table.kind != TableKind::ThreePublic || width != 2 * ITEMS.len() {
        return;
    }
    let text = laid_out_lines(text);
    let lines = words_of(&text);
    let title: String = table.title.split_whitespace().collect();
    if title.is_empty() {
        return;
    }
    let placed = title_lines(&lines, &title).find_map(|top| {
        let printed = printed_below(&lines, top)?;
        let numbers = printed.numbers.filter(|n| n.len() == width)?;
        let mut placed = table.clone();
        let mut from = printed.first_amount;
        let mut changed = false;
        for row in &mut placed.rows {
            let read: Vec<&str> = row
                .cells
                .iter()
                .filter(|c| c.value.is_some())
                .map(|c| c.text.trim())
                .collect();
            if read.is_empty() {
                continue;
            }
            let label: String = row.label.split_whitespace().collect();
            let (n, amounts) =
                (from..lines.len().min(printed.first_amount + 12)).find_map(|n| {
                    let (amounts, words): (Vec<&(usize, usize, &str)>, Vec<_>) =
                        lines[n].iter().partition(|w| is_amount(w.2));
                    let name: String = words.iter().map(|w| w.2).collect();
                    (name == label && holds_in_order(&amounts, &read)).then_some((n, amounts))
                })?;
            from = n + 1;
            if amounts.len() == read.len() {
                continue;
            }
            let mut cells: Vec<Cell> = Vec::new();
            for amount in amounts {
                let number = column_after(&numbers, amount.1)? as u32 + 1;
                if cells.last().is_some_and(|c| c.column >= number) {
                    return None;
                }
                cells.push(Cell {
                    column: number,
                    text: amount.2.to_string(),
                    value: crate::normalise::amount::value(amount.2),
                    key: String::new(),
                    bbox: None,
                });
            }
            row.cells = cells;
            changed = true;
        }
        changed.then_some(placed)
    });
    if let Some(placed) = placed {
        *table = placed;
    }
}

/// Whether the amounts printed on a line hold those read, in their order (and maybe more).
fn holds_in_order(printed: &[&(usize, usize, &str)], read: &[&str]) -> bool {
    let mut rest = printed.iter();
    read.iter().all(|r| rest.any(|p| p.2 == *r))
}

/// The lines of laid-out text, a year's digits joined to the 年 after them: -layout prints them
/// apart ("2025 年预算数"), and the space moved past the word keeps every other word at its
/// column.
fn laid_out_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| YEAR_APART.replace_all(l, "$1$2 ").into_owned())
        .collect()
}

/// The words of laid-out lines, at their columns as the text's widths count them.
fn words_of(lines: &[String]) -> Vec<Words<'_>> {
    let widths = juesuan_layout::widths_of(&lines.join("\n"));
    lines
        .iter()
        .map(|l| juesuan_layout::tokens(l, widths))
        .collect()
}

/// The lines printing a table's title (without its spaces).
fn title_lines<'a>(lines: &'a [Words<'_>], title: &'a str) -> impl Iterator<Item = usize> + 'a {
    (0..lines.len()).filter(move |&n| {
        let line: String = lines[n].iter().map(|w| w.2).collect();
        line.contains(title)
    })
}

/// A table as laid-out text prints it below its title line: the header lines, up to the first
/// line printing an amount, without the unit line ("单位：…") and the 栏次 line; the spans of
/// the 栏次 numbers where it prints them; and the first line printing amounts.
struct Printed<'a> {
    header: Vec<Words<'a>>,
    numbers: Option<Vec<(usize, usize)>>,
    first_amount: usize,
}

fn printed_below<'a>(lines: &[Words<'a>], top: usize) -> Option<Printed<'a>> {
    let mut header: Vec<Words<'a>> = Vec::new();
    let mut numbers: Option<Vec<(usize, usize)>> = None;
    for (n, words) in lines.iter().enumerate().skip(top + 1).take(12) {
        if words
            .iter()
            .any(|w| w.2.starts_with("单位：") || w.2.starts_with("单位:"))
        {
            continue;
        }
        if numbers.is_none()
            && let Some(found) = column_numbers(words)
        {
            numbers = Some(found);
            continue;
        }
        if words.iter().any(|w| is_amount(w.2)) {
            return Some(Printed {
                header,
                numbers,
                first_amount: n,
            });
        }
        header.push(words.clone());
    }
    None
}

/// The numbers of a 栏次 line ("栏次 1 2 … 8", or the numbers alone), with their spans: 1 to n
/// in order, at least three of them.
pub(super) fn column_numbers(words: &[(usize, usize, &str)]) -> Option<Vec<(usize, usize)>> {
    let numbers = match words.first() {
        Some(w) if w.2 == "栏次" => &words[1..],
        _ => words,
    };
    (numbers.len() >= 3
        && numbers
            .iter()
            .enumerate()
            .all(|(i, w)| w.2 == (i + 1).to_string()))
    .then(|| numbers.iter().map(|w| (w.0, w.1)).collect())
}

/// The side heading printed over all the columns of a 三公 table's header lines ("" where none
/// is), and the header's words without it and without the vehicle group's heading (which
/// stands over its subtotal's 小计 and both its parts). None where both sides head columns.
fn without_group_and_side<'a>(
    header: &[Vec<(usize, usize, &'a str)>],
) -> Option<(String, Vec<Words<'a>>)> {
    let sides: Vec<&str> = header
        .iter()
        .flatten()
        .map(|w| w.2)
        .filter(|w| SIDE_HEADING.is_match(w))
        .collect();
    let side = match sides.as_slice() {
        [] => "",
        [side] => side,
        _ => return None,
    };
    let subtotal = header.iter().flatten().any(|w| w.2 == "小计");
    let kind = TableKind::ThreePublic;
    let words = header
        .iter()
        .map(|words| {
            words
                .iter()
                .filter(|w| !SIDE_HEADING.is_match(w.2))
                .filter(|w| !(subtotal && w.2 != "小计" && key_of(kind, w.2) == "vehicle"))
                .copied()
                .collect()
        })
        .collect();
    Some((side.to_string(), words))
}

/// Whether leaf columns (indices into [`LEAF_KEYS`]) are the template's: each once, all six of
/// its columns, in its order.
fn in_template_order(leaves: &[usize]) -> bool {
    (0..6).all(|k| leaves.contains(&k)) && leaves.windows(2).all(|w| w[0] < w[1])
}

/// The column of the 栏次 number an amount follows, by its right edge: set flush right in its
/// column, an amount ends at or past its column's (centred) number, and at the latest where the
/// next column's begins (-layout may move a line by a character against another: the amount
/// may touch the next number, never pass its start). None where it ends before the first.
pub(super) fn column_after(numbers: &[(usize, usize)], right: usize) -> Option<usize> {
    (0..numbers.len())
        .find(|&i| numbers[i].1 <= right && numbers.get(i + 1).is_none_or(|next| right <= next.0))
}

/// The leaf headings of a 三公 table's header lines, left to right with their spans, each a
/// whole word (see [`place_by_leaves`]), and the side heading over them. None where a heading
/// is not one column's, or the columns are not the template's in its order.
fn leaf_headings(header: &[Vec<(usize, usize, &str)>]) -> Option<(String, Vec<Heading>)> {
    let kind = TableKind::ThreePublic;
    let (side, words) = without_group_and_side(header)?;
    let keyed = keyed_headings(kind, &words)?;
    let leaves: Vec<usize> = keyed
        .iter()
        .map(|h| {
            let key = key_of(kind, &h.2);
            LEAF_KEYS.iter().position(|k| *k == key)
        })
        .collect::<Option<_>>()?;
    in_template_order(&leaves).then_some((side, keyed))
}

/// The leaf a header word heads: the known heading it is, or begins where -layout wrapped the
/// rest of it onto the next line ("因公出国" over "（境）费"), where all such headings are one
/// leaf's. With whether the word is the whole heading.
fn leaf_of(word: &str, subtotal: bool) -> Option<(usize, bool)> {
    let kind = TableKind::ThreePublic;
    let mut found: Option<(usize, bool)> = None;
    for heading in keys::column_headings(kind) {
        let whole = heading == word;
        if !(whole || word.chars().count() >= 2 && heading.starts_with(word)) {
            continue;
        }
        let key = key_of(kind, heading);
        // (where 小计 is printed, the group's heading is not a column's)
        if subtotal && key == "vehicle" && heading != "小计" {
            continue;
        }
        let leaf = LEAF_KEYS.iter().position(|k| *k == key)?;
        if found.is_some_and(|(f, _)| f != leaf) {
            return None;
        }
        found = Some((leaf, whole || found.is_some_and(|f| f.1)));
    }
    found
}

/// The leaf columns a 三公 table's header lines head, in the template's order, and the side
/// heading over them, where a 栏次 line numbers the columns and so places the amounts: the
/// headings only say which columns the table prints, as -layout squeezes and wraps them ("公务用
/// 车购置" over "费", a tail set under the word beside it). Every word is a leaf's heading or
/// its head, a wrapped tail of one, or a name left of the line's headings (项目); each leaf
/// once, the words of each line in the template's order, the template's six columns all there.
fn numbered_leaves(header: &[Vec<(usize, usize, &str)>]) -> Option<(String, Vec<usize>)> {
    let kind = TableKind::ThreePublic;
    let (side, lines) = without_group_and_side(header)?;
    let subtotal = lines.iter().flatten().any(|w| w.2 == "小计");
    let mut leaves: Vec<usize> = Vec::new();
    let mut wrapped: Vec<usize> = Vec::new();
    for words in &lines {
        let mut on_line: Vec<usize> = Vec::new();
        for w in words {
            match leaf_of(w.2, subtotal) {
                Some((leaf, whole)) => {
                    if leaves.contains(&leaf) {
                        return None;
                    }
                    if !whole {
                        wrapped.push(leaf);
                    }
                    leaves.push(leaf);
                    on_line.push(leaf);
                }
                None => {
                    // a wrapped heading's tail, or a name left of the headings
                    let tail = keys::column_headings(kind).iter().any(|h| {
                        h.ends_with(w.2)
                            && *h != w.2
                            && LEAF_KEYS
                                .iter()
                                .position(|k| *k == key_of(kind, h))
                                .is_some_and(|leaf| wrapped.contains(&leaf))
                    });
                    if !tail && !on_line.is_empty() {
                        return None;
                    }
                }
            }
        }
        if on_line.windows(2).any(|p| p[0] > p[1]) {
            return None;
        }
    }
    leaves.sort();
    in_template_order(&leaves).then_some((side, leaves))
}

/// The table with its columns rebuilt and its amounts placed as [`place_by_leaves`] says, from
/// the table printed below the title line `top`; its blank cells are dropped.
fn placed_by_leaves(
    table: &Table,
    lines: &[Vec<(usize, usize, &str)>],
    top: usize,
) -> Option<Table> {
    let Printed {
        header,
        numbers,
        first_amount,
    } = printed_below(lines, top)?;
    // the columns' headings, and where their amounts end: under their 栏次 numbers where
    // printed, else their headings
    let numbered = numbers.is_some();
    let (side, headings, spans): (String, Vec<String>, Vec<(usize, usize)>) = match numbers {
        Some(numbers) => {
            let (side, leaves) = numbered_leaves(&header)?;
            let known = keys::column_headings(TableKind::ThreePublic);
            let headings = leaves
                .iter()
                .map(|&leaf| {
                    known
                        .iter()
                        .find(|h| key_of(TableKind::ThreePublic, h) == LEAF_KEYS[leaf])
                        .map(|h| h.to_string())
                })
                .collect::<Option<Vec<String>>>()?;
            if numbers.len() != leaves.len() {
                return None;
            }
            (side, headings, numbers)
        }
        None => {
            let (side, leaves) = leaf_headings(&header)?;
            let spans = leaves.iter().map(|h| (h.0, h.1)).collect();
            (side, leaves.into_iter().map(|h| h.2).collect(), spans)
        }
    };
    let compact = |s: &str| -> String { s.split_whitespace().collect() };
    let mut placed = table.clone();
    let mut from = first_amount;
    for row in &mut placed.rows {
        let mut cells: Vec<Cell> = row
            .cells
            .iter()
            .filter(|c| c.value.is_some())
            .cloned()
            .collect();
        if cells.is_empty() {
            row.cells = cells;
            continue;
        }
        cells.sort_by_key(|c| c.column);
        let label = compact(&row.label);
        // the row's line: its name and its amounts as read, in order, and nothing else
        let (n, amounts) = (from..lines.len().min(first_amount + 12)).find_map(|n| {
            let (amounts, words): (Vec<&(usize, usize, &str)>, Vec<_>) =
                lines[n].iter().partition(|w| is_amount(w.2));
            let name: String = words.iter().map(|w| w.2).collect();
            (name == label
                && amounts.len() == cells.len()
                && amounts
                    .iter()
                    .zip(&cells)
                    .all(|(a, c)| a.2 == c.text.trim()))
            .then_some((n, amounts))
        })?;
        from = n + 1;
        let mut last = 0;
        for (cell, amount) in cells.iter_mut().zip(&amounts) {
            let number = if numbered {
                column_after(&spans, amount.1)
            } else {
                column_under(&spans, amount.1)
            }? as u32
                + 1;
            // (left to right, one amount a column)
            if number <= last {
                return None;
            }
            last = number;
            cell.column = number;
        }
        row.cells = cells;
    }
    placed.columns = headings
        .iter()
        .enumerate()
        .map(|(i, h)| Column {
            number: i as u32 + 1,
            header: format!("{side}{h}"),
            key: String::new(),
            year: None,
        })
        .collect();
    Some(placed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalise::keys;
    use crate::test_support::{cell, row, table};

    fn words(lines: &[&'static str]) -> Vec<Vec<(usize, usize, &'static str)>> {
        lines
            .iter()
            .map(|l| juesuan_layout::tokens(l, juesuan_layout::Widths::Chars))
            .collect()
    }

    #[test]
    fn a_column_numbers_line_counts_from_one() {
        let line = words(&["    栏次       1         2        3"]);
        assert_eq!(
            column_numbers(&line[0]),
            Some(vec![(13, 14), (23, 24), (32, 33)])
        );
        assert_eq!(column_numbers(&words(&["  1   3   4"])[0]), None);
        assert_eq!(column_numbers(&words(&["  12.5  3  4"])[0]), None);
    }

    #[test]
    fn an_amount_follows_the_number_it_ends_past() {
        let numbers = [(13, 14), (23, 24), (32, 33), (40, 41)];
        assert_eq!(column_after(&numbers, 20), Some(0));
        // touching the next number's start, not passing it
        assert_eq!(column_after(&numbers, 32), Some(1));
        assert_eq!(column_after(&numbers, 38), Some(2));
        assert_eq!(column_after(&numbers, 50), Some(3));
        assert_eq!(column_after(&numbers, 12), None);
    }

    #[test]
    fn squeezed_and_wrapped_headings_name_the_numbered_columns() {
        // as -layout prints a table with 会议费 and 培训费: the group heading touching its
        // parts, their tails a line below, the 小计 beside the first part
        let header = words(&[
            "                     因公出国          公务用车购置及运行费",
            "    项目        合计     （境）费      小计 公务用车购置    公务用车运行 公务接待费       会议费         培训费",
            "                                       费      费",
        ]);
        assert_eq!(
            numbered_leaves(&header),
            Some((String::new(), vec![0, 1, 2, 3, 4, 5, 6, 7]))
        );
        // a heading out of the template's order is not taken
        let swapped = words(&[
            "    项目        合计     公务接待费      小计 公务用车购置费    公务用车运行费 因公出国（境）费",
        ]);
        assert_eq!(numbered_leaves(&swapped), None);
        // nor a column missing
        let short =
            words(&["    项目        合计     小计 公务用车购置费    公务用车运行费 公务接待费"]);
        assert_eq!(numbered_leaves(&short), None);
    }

    #[test]
    fn a_budget_only_table_s_headings_are_its_leaves_under_its_side() {
        let header = words(&[
            "                                                2021年预算数",
            "      合计             因公出国（境）费                           公务用车购置及运行费                      公务接待费",
            "                                          小计             公务用车购置费     公务用车运行费",
        ]);
        let (side, leaves) = leaf_headings(&header).unwrap();
        assert_eq!(side, "2021年预算数");
        let names: Vec<&str> = leaves.iter().map(|h| h.2.as_str()).collect();
        assert_eq!(
            names,
            [
                "合计",
                "因公出国（境）费",
                "小计",
                "公务用车购置费",
                "公务用车运行费",
                "公务接待费"
            ]
        );
        // both sides over columns: not one side's table
        let both = words(&[
            "  预算数     决算数",
            "  合计  因公出国（境）费  小计  公务用车购置费  公务用车运行费  公务接待费",
        ]);
        assert_eq!(leaf_headings(&both), None);
    }

    #[test]
    fn an_amount_the_grid_lost_is_placed_under_its_column_number() {
        let text = "      2020年度一般公共预算财政拨款“三公”经费支出决算表（表7）\n\
            单位：某处                                          单位：万元\n\
            \x20                 预算数                                    决算数\n\
            \x20 合计 因公出国（境）费 小计 公务用车     公务用车 公务接待费    合计 因公出国\n\
            \x20  1       2   3       4    5      6     7      8     9      10   11  12\n\
            \x20    4.5          3.5         3.5    1\n";
        // as the positional reading gives it: the lone "1" taken for no column
        let mut table = table(
            TableKind::ThreePublic,
            "2020年度一般公共预算财政拨款“三公”经费支出决算表（表7）",
            &[""; 12],
        );
        table.rows = vec![row(
            "1",
            vec![cell(1, "4.5"), cell(3, "3.5"), cell(5, "3.5")],
        )];
        let read = table.clone();
        place_under_numbers(&mut table, text);
        let placed: Vec<(u32, &str)> = table.rows[0]
            .cells
            .iter()
            .map(|c| (c.column, c.text.as_str()))
            .collect();
        assert_eq!(placed, [(1, "4.5"), (3, "3.5"), (5, "3.5"), (6, "1")]);
        // a row whose line prints no other amount is left as read
        let mut whole = read.clone();
        place_under_numbers(&mut whole, &text.replace("    1\n", "\n"));
        assert_eq!(whole, read);
    }

    #[test]
    fn a_budget_only_table_s_amounts_are_placed_under_their_headings() {
        let text = "                          表七 2021年一般公共预算“三公”经费支出情况表\n\
            单位：某馆                                      单位：元\n\
            \x20                                               2021年预算数\n\
            \x20     合计             因公出国（境）费                           公务用车购置及运行费                      公务接待费\n\
            \x20                                         小计             公务用车购置费     公务用车运行费\n\
            \x20          229,100              111,200        71,600                          71,600           46,300\n";
        // as the positional reading gives it: the vehicle group's headings joined in one column
        let mut table = table(
            TableKind::ThreePublic,
            "表七 2021年一般公共预算“三公”经费支出情况表",
            &[
                "2021年预算数合计",
                "2021年预算数因公出国（境）费",
                "2021年预算数小计",
                "2021年预算数公务用车购置及运行费公务用车购置费公务用车运行费",
                "2021年预算数公务接待费",
            ],
        );
        table.unit = juesuan_model::AmountUnit::Yuan;
        table.rows = vec![row(
            "1",
            vec![
                cell(1, "229,100"),
                cell(2, "111,200"),
                cell(3, "71,600"),
                cell(4, "71,600"),
                cell(5, "46,300"),
            ],
        )];
        place_by_leaves(&mut table, text);
        keys::assign(&mut table, None, &mut Vec::new());
        let placed: Vec<(&str, &str)> = table.rows[0]
            .cells
            .iter()
            .map(|c| (c.key.as_str(), c.text.as_str()))
            .collect();
        assert_eq!(
            placed,
            [
                ("budget.total", "229,100"),
                ("budget.abroad", "111,200"),
                ("budget.vehicle", "71,600"),
                ("budget.vehicle_operation", "71,600"),
                ("budget.reception", "46,300"),
            ]
        );
    }

    #[test]
    fn alternating_sides_over_each_item_are_interleaved() {
        // as -layout prints them: the pairs of 小计, 购置费 and 运行费 a line below the others
        let header = [
            "合计      因公出国（境）费               公务用车购置及运行费               公务接待费",
            "预算数 决算数     预算数 决算数         小计      公务用车购置费   公务用车运行费",
            "预算数 决算数 预算数 决算数 预算数 决算数 预算数 决算数",
        ];
        assert!(interleaved(&header));
        // the template's halves: each side once, over six columns
        let halves = [
            "预算数                    决算数",
            "合计 因公出国（境）费 小计 公务用车 公务用车 公务接待费 合计 因公出国（境）费",
        ];
        assert!(!interleaved(&halves));
        // a budget-only table
        assert!(!interleaved(&[
            "2021年预算数",
            "合计 因公出国（境）费 小计"
        ]));
    }

    #[test]
    fn a_text_whose_headings_interleave_the_sides() {
        let text = "2023年度一般公共预算财政拨款“三公”经费支出决算表（表7）\n\
            单位：某局 单位：万元\n\
            合计 因公出国（境）费 公务用车购置及运行费 公务接待费\n\
            预算数 决算数 预算数 决算数 小计 公务用车购置费 公务用车运行费 预算数 决算数\n\
            预算数 决算数 预算数 决算数 预算数 决算数\n\
            1 2 3 4 5 6 7 8 9 10 11 12\n\
            14.01 13.98 11.79 13.77 11.79 13.77 2.22 0.21\n";
        assert!(prints_interleaved(text));
        assert!(!prints_interleaved(&text.replace("决算数", "")));
    }

    #[test]
    fn interleaved_headings_key_each_column_by_its_side_and_item() {
        let mut table = table(TableKind::ThreePublic, "", &[""; 12]);
        head_interleaved(&mut table);
        keys::assign(&mut table, None, &mut Vec::new());
        let keys: Vec<&str> = table.columns.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "budget.total",
                "actual.total",
                "budget.abroad",
                "actual.abroad",
                "budget.vehicle",
                "actual.vehicle",
                "budget.vehicle_purchase",
                "actual.vehicle_purchase",
                "budget.vehicle_operation",
                "actual.vehicle_operation",
                "budget.reception",
                "actual.reception",
            ]
        );
        assert_eq!(interleaved_column(1), 1);
        assert_eq!(interleaved_column(7), 2);
        assert_eq!(interleaved_column(12), 12);
    }
}
