//! Text laid out with spaces (`pdftotext -layout`, a viewer's copy, a Word "save as text") as
//! positioned glyphs, so that the borderless-table inference reads it as it reads a page.
//!
//! In such text a space is a position: each character is a glyph at x = its character column
//! and y = its line number, and a form feed starts a new page. Two ways of counting columns are
//! in use: `pdftotext -layout` gives every character one column, whatever its width, while text
//! aligned for a terminal or a monospaced font gives CJK and other wide characters two. Each
//! text is measured both ways and read the way that aligns more of its amounts' right edges.
//!
//! Text keeps no distances between lines: a name wrapped below its row is as far from it as from
//! the next row, so where a table's names start on their code lines such pieces are set close
//! under their row (`tops`). And text pushes an amount a column or two out of line where the
//! line before it ran long; a grid inferred across such a misalignment cuts the amount apart,
//! and [`layout_text_whole`] leaves such a grid as lines rather than give half an amount.
//!
//! Scale: a column is [`CELL`] points wide and a line [`PITCH`] points high, so that the
//! borderless tolerances (a 3 pt edge, 1.5 pt margins) allow an amount one column out of line
//! and never merge two columns a space apart. Columns are split at two spaces, as the layout
//! prints them; at one space only beside a number ("119,808.29 一、一般公共服务支出", where the
//! layout had no room for more).

use crate::{Block, PageLayout, layout, layout_with};
use juesuan_pdf::{Glyph, Page};

/// The width of one character column, in points.
const CELL: f32 = 2.5;
/// The height of a glyph, and the distance from one line to the next, in points: lines a blank
/// line apart stay one table, lines three blank lines apart do not.
const HEIGHT: f32 = 10.0;
const PITCH: f32 = 16.0;

/// How the columns of a line are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Widths {
    /// Every character one column (`pdftotext -layout`).
    Chars,
    /// Wide (East Asian) characters two columns, as a terminal shows them.
    Display,
}

/// Whether text looks laid out with spaces: many lines with runs of two or more spaces between
/// their words, and numbers among them. Text without layout (one cell per line, words one
/// space apart) is better read as tokens.
pub fn looks_laid_out(text: &str) -> bool {
    let mut lines = 0usize;
    let mut spaced = 0usize;
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        lines += 1;
        let has_run = t
            .split("  ")
            .filter(|p| !p.trim().is_empty())
            .nth(1)
            .is_some();
        if has_run && t.chars().any(|c| c.is_ascii_digit()) {
            spaced += 1;
        }
    }
    spaced >= 10 && spaced * 5 >= lines
}

/// The pages of laid-out text, laid out as PDF pages are: lines, and grids inferred from the
/// alignment of amounts, codes and names. Page n is the text after the (n-1)th form feed.
pub fn layout_text(text: &str) -> Vec<PageLayout> {
    layout_text_with(text, widths_of(text))
}

/// As [`layout_text`], counting columns as told.
pub fn layout_text_with(text: &str, widths: Widths) -> Vec<PageLayout> {
    text.split('\u{c}')
        .enumerate()
        .map(|(i, page)| layout(&page_of(i + 1, page, widths).0, true))
        .collect()
}

/// As [`layout_text`], with every grid that cuts a number apart left as lines (see `unsplit`):
/// the grids whose cells hold whole numbers.
pub fn layout_text_whole(text: &str) -> Vec<PageLayout> {
    let widths = widths_of(text);
    text.split('\u{c}')
        .enumerate()
        .map(|(i, page)| {
            let (page, numbers) = page_of(i + 1, page, widths);
            let mut layout = layout_with(&page, true, true);
            unsplit(&mut layout, &page, &numbers);
            layout
        })
        .collect()
}

/// The way of counting columns that lines up more amounts: the number of amounts whose right
/// edge at least two other amounts share, counted both ways; ties go to one column a character.
pub fn widths_of(text: &str) -> Widths {
    let score = |widths: Widths| {
        let mut edges: std::collections::HashMap<usize, usize> = Default::default();
        for line in text.lines() {
            for (_, end, token) in tokens(line, widths) {
                if is_amount(token) {
                    *edges.entry(end).or_default() += 1;
                }
            }
        }
        edges.values().filter(|&&n| n >= 3).sum::<usize>()
    };
    if score(Widths::Display) > score(Widths::Chars) {
        Widths::Display
    } else {
        Widths::Chars
    }
}

fn char_width(c: char, widths: Widths) -> usize {
    if widths == Widths::Chars {
        return 1;
    }
    let u = c as u32;
    let wide = matches!(u,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3040..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD);
    if wide { 2 } else { 1 }
}

/// The words of a line with their first and past-the-end columns; a tab advances to the next
/// multiple of 8.
pub fn tokens(line: &str, widths: Widths) -> Vec<(usize, usize, &str)> {
    let mut out = Vec::new();
    let mut col = 0usize;
    let mut start: Option<(usize, usize)> = None; // (byte, column)
    for (i, c) in line.char_indices() {
        if c.is_whitespace() {
            if let Some((b, s)) = start.take() {
                out.push((s, col, &line[b..i]));
            }
            col = if c == '\t' {
                (col / 8 + 1) * 8
            } else {
                col + 1
            };
            continue;
        }
        if start.is_none() {
            start = Some((i, col));
        }
        col += char_width(c, widths);
    }
    if let Some((b, s)) = start {
        out.push((s, col, &line[b..]));
    }
    out
}

/// A printed number: an amount, a code, a 行次 or 栏次, a dash for a blank amount.
fn is_number(token: &str) -> bool {
    let t = token.strip_prefix('-').unwrap_or(token);
    matches!(token, "-" | "—" | "－" | "--" | "——")
        || (t.chars().any(|c| c.is_ascii_digit())
            && t.chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ','))
}

/// Whether the `k`th word of a line is a number, not a year a space before its 年 ("2023 年末
///地方政府一般债务余额", a name that names its year) nor a unit code opening a name.
fn number_at(line: &[(usize, usize, &str)], k: usize) -> bool {
    let (_, end, word) = line[k];
    let year = word.len() == 4 && word.starts_with("20");
    is_number(word)
        && !(year
            && line
                .get(k + 1)
                .is_some_and(|&(start, _, next)| start == end + 1 && next.starts_with('年')))
        && !unit_code_at(line, k)
}

/// Whether the `k`th word of a line is the six-digit code of a department's unit that opens
/// the line, a space before the unit's name ("197001 白沙市卫生健康委员会"): a consolidated
/// table's section row, whose name the page prints as one cell with its code. Classification
/// codes have 3, 5 or 7 digits, and a row's own code stands in its code column, apart from
/// its name.
fn unit_code_at(line: &[(usize, usize, &str)], k: usize) -> bool {
    let (_, end, word) = line[k];
    k == 0
        && word.len() == 6
        && word.chars().all(|c| c.is_ascii_digit())
        && line.get(1).is_some_and(|&(start, _, next)| {
            start == end + 1 && next.chars().next().is_some_and(is_han)
        })
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0x20000..=0x3FFFD)
}

/// The line's words with whether each is a number ([`number_at`]).
fn numbered<'a>(
    line: &'a [(usize, usize, &'a str)],
) -> impl Iterator<Item = ((usize, usize, &'a str), bool)> {
    (0..line.len()).map(move |k| (line[k], number_at(line, k)))
}

fn is_amount(token: &str) -> bool {
    is_number(token) && token.contains('.')
}

/// Lines closer than this (points) still read as lines of their own (glyphs [`HEIGHT`] high
/// overlapping by less than half).
const TIGHT: f32 = 6.0;

/// Whether a line starts with a numbering ("二、", "（一）"): a row, numbers or not.
fn starts_numbered(line: &[(usize, usize, &str)]) -> bool {
    let Some(&(_, _, t)) = line.first() else {
        return false;
    };
    let numeral = |c: char| "一二三四五六七八九十".contains(c);
    let head: String = t.chars().take_while(|&c| numeral(c)).collect();
    (!head.is_empty() && t[head.len()..].starts_with('、'))
        || (t.starts_with('（') && t.chars().nth(1).is_some_and(numeral))
}

/// The top of each line, in points. Lines are a [`PITCH`] apart, except the pieces of a name
/// wrapped below its row: where a table's names start on their code lines (no code line prints
/// its name around it, head above and tail below), two or more lines without numbers between
/// two rows, under a row that prints a name where they do, continue it; on the page they were
/// nearer their row than the next, and here they are set close under it.
fn tops(lines: &[Vec<(usize, usize, &str)>]) -> Vec<f32> {
    let row = |l: &Vec<(usize, usize, &str)>| numbered(l).any(|(_, n)| n) || starts_numbered(l);
    let piece = |n: usize| !lines[n].is_empty() && !row(&lines[n]);
    // a code line printing no name, with a piece of one right above or below: names centred
    let centred = (0..lines.len()).any(|n| {
        let l = &lines[n];
        l.len() >= 2
            && l[0].2.len() >= 3
            && is_number(l[0].2)
            && !l[0].2.contains(['.', ','])
            && is_number(l[1].2)
            && ((n > 0 && piece(n - 1)) || (n + 1 < lines.len() && piece(n + 1)))
    });
    let mut steps = vec![PITCH; lines.len()];
    let mut n = 1;
    while n < lines.len() {
        if !piece(n) || !row(&lines[n - 1]) {
            n += 1;
            continue;
        }
        let end = (n..lines.len()).find(|&k| !piece(k)).unwrap_or(lines.len());
        let m = end - n;
        if !centred && m >= 2 && end < lines.len() && row(&lines[end]) {
            let (start, stop) = (n..end).fold((usize::MAX, 0), |(a, b), k| {
                (a.min(lines[k][0].0), b.max(lines[k][lines[k].len() - 1].1))
            });
            let named = |l: &Vec<(usize, usize, &str)>| {
                numbered(l).any(|(w, n)| !n && w.0 < stop && start < w.1)
            };
            if named(&lines[end]) {
                // steps[k]: from line k-1 to line k
                for step in &mut steps[n..end] {
                    *step = TIGHT;
                }
                steps[end] = PITCH.max(TIGHT * m as f32 + 4.0);
            }
        }
        n = end;
    }
    let mut y = 0.0;
    steps
        .iter()
        .enumerate()
        .map(|(k, step)| {
            if k > 0 {
                y += step;
            }
            y
        })
        .collect()
}

/// A piece of a wrapped name (a line without numbers) lies as far from the row above as from
/// the row below, where on the page it was nearer its own row: it leans toward the one of
/// them that prints no name where it does (the other row's name is whole), by a quarter line.
fn lean(lines: &[Vec<(usize, usize, &str)>], n: usize) -> f32 {
    let line = &lines[n];
    if line.is_empty() || numbered(line).any(|(_, n)| n) || n == 0 || n + 1 >= lines.len() {
        return 0.0;
    }
    let (start, end) = (line[0].0, line[line.len() - 1].1);
    let row = |l: &Vec<(usize, usize, &str)>| numbered(l).any(|(_, n)| n);
    let named =
        |l: &Vec<(usize, usize, &str)>| numbered(l).any(|(w, n)| !n && w.0 < end && start < w.1);
    let (above, below) = (&lines[n - 1], &lines[n + 1]);
    if !row(above) || !row(below) {
        return 0.0;
    }
    match (named(above), named(below)) {
        (true, false) => PITCH / 4.0,
        (false, true) => -PITCH / 4.0,
        _ => 0.0,
    }
}

/// Where a number lies on a page of text: the centres of its first and last characters, and
/// its line's middle (points).
struct NumberAt {
    first: f32,
    last: f32,
    y: f32,
}

/// Grids inferred from text that cut a number apart (a column boundary between two of its
/// characters, where text pushed an amount a column out of line): such a grid would give the
/// number's head as an amount and its tail to the next column, or to none (a digit lost, the
/// amount still within an identity's rounding). The grid is left as lines: its table is then
/// not read positionally.
fn unsplit(layout: &mut PageLayout, page: &Page, numbers: &[NumberAt]) {
    let blocks = std::mem::take(&mut layout.blocks);
    for block in blocks {
        let cut = match &block {
            Block::Grid(grid) if !grid.ruled => {
                let (top, bottom) = (grid.ys[0], grid.ys[grid.ys.len() - 1]);
                let inner = &grid.xs[1..grid.xs.len() - 1];
                numbers.iter().any(|n| {
                    (top..bottom).contains(&n.y) && inner.iter().any(|&x| n.first < x && x < n.last)
                })
            }
            _ => false,
        };
        let Block::Grid(grid) = &block else {
            layout.blocks.push(block);
            continue;
        };
        if !cut {
            layout.blocks.push(block);
            continue;
        }
        let (left, right) = (grid.xs[0], grid.xs[grid.xs.len() - 1]);
        let (top, bottom) = (grid.ys[0], grid.ys[grid.ys.len() - 1]);
        let inside: Vec<&Glyph> = page
            .glyphs
            .iter()
            .filter(|g| {
                (left..right).contains(&g.center_x()) && (top..bottom).contains(&g.center_y())
            })
            .collect();
        layout.blocks.extend(
            crate::lines::group_lines(&inside)
                .into_iter()
                .map(Block::Line),
        );
    }
}

/// One page of text as glyphs, one per character, and where its numbers lie.
fn page_of(number: usize, text: &str, widths: Widths) -> (Page, Vec<NumberAt>) {
    let mut numbers = Vec::new();
    let mut glyphs = Vec::new();
    let mut right = 0usize;
    let lines: Vec<&str> = text.lines().collect();
    let words_of: Vec<Vec<(usize, usize, &str)>> =
        lines.iter().map(|l| tokens(l, widths)).collect();
    let tops = tops(&words_of);
    for (n, words) in words_of.iter().enumerate() {
        let y0 = tops[n] + lean(&words_of, n);
        let words = words.clone();
        for (k, &(start, end, word)) in words.iter().enumerate() {
            right = right.max(end);
            // the size decides where the borderless inference splits a line: a gap wider than
            // 0.9 of it. Two spaces always split; one only beside a number.
            let single_gap = k > 0 && start - words[k - 1].1 == 1;
            // "2021 年预算数" (a year a space before its 年) is one word
            let year = |w: &str| w.len() == 4 && w.starts_with("20") && is_number(w);
            let split = single_gap
                && (is_number(word) || is_number(words[k - 1].2))
                && !(year(words[k - 1].2) && word.starts_with('年'))
                && !unit_code_at(&words, k - 1);
            let mut col = start;
            for (j, c) in word.chars().enumerate() {
                let w = char_width(c, widths);
                glyphs.push(Glyph {
                    text: juesuan_pdf::fold_char(c).to_string(),
                    x0: col as f32 * CELL,
                    y0,
                    x1: (col + w) as f32 * CELL,
                    y1: y0 + HEIGHT,
                    size: if j == 0 && split { CELL } else { 2.0 * CELL },
                });
                col += w;
            }
            // (a year before its 年 is a heading's, a unit code a name's: no number to keep whole,
            // see `number_at`)
            if number_at(&words, k) && word.chars().count() > 1 {
                numbers.push(NumberAt {
                    first: (start as f32 + 0.5) * CELL,
                    last: (col as f32 - 0.5) * CELL,
                    y: y0 + HEIGHT / 2.0,
                });
            }
        }
    }
    let page = Page {
        number,
        width: right as f32 * CELL,
        height: tops.last().map_or(0.0, |t| t + PITCH),
        rotate: 0,
        glyphs,
        rules: Vec::new(),
        images: 0,
        undecoded_glyphs: 0,
    };
    (page, numbers)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A code, a name and each amount printed to end at its character column, as -layout does.
    fn amounts_ending_at(code: &str, name: &str, amounts: &[(&str, usize)]) -> String {
        let mut l = format!("{code:<9}{name}");
        for (a, end) in amounts {
            l.push_str(&" ".repeat(end - l.chars().count() - a.chars().count()));
            l.push_str(a);
        }
        l
    }
    use crate::Block;

    #[test]
    fn a_year_before_its_nian_is_no_number() {
        let line = tokens("    2023 年地方政府一般债券发行额   468.15", Widths::Chars);
        let numbers: Vec<bool> = numbered(&line).map(|(_, n)| n).collect();
        assert_eq!(numbers, vec![false, false, true]);
        let line = tokens("2023  年初结余", Widths::Chars);
        assert!(
            number_at(&line, 0),
            "two spaces apart: a number beside a name"
        );
    }

    #[test]
    fn a_headings_year_is_no_number_a_grid_must_keep_whole() {
        // "2024 年债务限额" centred over three columns: a column boundary may run through it
        let (_, numbers) = page_of(
            1,
            "          2024 年债务限额\n东湖区   941801.80   358319.86   583481.94\n",
            Widths::Chars,
        );
        assert_eq!(numbers.len(), 3);
    }

    #[test]
    fn counts_columns_both_ways() {
        let t = tokens("合计  1,096.44", Widths::Chars);
        assert_eq!(t, vec![(0, 2, "合计"), (4, 12, "1,096.44")]);
        let t = tokens("合计  1,096.44", Widths::Display);
        assert_eq!(t, vec![(0, 4, "合计"), (6, 14, "1,096.44")]);
    }

    #[test]
    fn reads_a_table_laid_out_with_spaces() {
        // cells at character columns: code at 0, name at 9, amounts ending at 40, 52 and 63
        let line = |code: &str, name: &str, amounts: [&str; 3]| {
            let mut l = format!("{code:<9}{name}");
            for (a, end) in amounts.iter().zip([40, 52, 63]) {
                let pad = end - l.chars().count() - a.chars().count();
                l.push_str(&" ".repeat(pad));
                l.push_str(a);
            }
            l.trim_end().to_string()
        };
        let text = [
            "                 2020年度支出决算表".to_string(),
            "单位：某单位                                    单位：万元".to_string(),
            "功能分类科目编码  科目名称    本年支出合计    基本支出   项目支出".to_string(),
            line("", "栏次", ["1", "2", "3"]),
            line("", "合计", ["1,106.44", "1,096.44", "10.00"]),
            line("201", "一般公共服务支出", ["1,106.44", "1,096.44", "10.00"]),
            line("20101", "人大事务", ["1,106.44", "1,096.44", "10.00"]),
            line("2010101", "行政运行", ["1,096.44", "1,096.44", ""]),
            line("2010102", "一般行政管理事务", ["10.00", "", "10.00"]),
        ]
        .join("\n");
        let text = text.as_str();
        assert!(!looks_laid_out(text), "too few lines to tell");
        let pages = layout_text_with(text, Widths::Chars);
        assert_eq!(pages.len(), 1);
        let grid = pages[0]
            .blocks
            .iter()
            .find_map(|b| match b {
                Block::Grid(g) => Some(g),
                Block::Line(_) => None,
            })
            .expect("a grid");
        assert_eq!(grid.cols(), 5);
        let row = (0..grid.rows())
            .find(|&r| grid.text_at(r, 0) == "2010102")
            .unwrap();
        assert_eq!(grid.text_at(row, 2), "10.00");
        assert_eq!(grid.text_at(row, 3), "");
        assert_eq!(grid.text_at(row, 4), "10.00");
    }

    #[test]
    fn one_amount_printed_two_characters_off_its_column_stays_in_it_when_read_whole() {
        // amounts ending at 40, 52 and 63; the first row's second amount ends at 50
        let line = |code: &str, name: &str, amounts: [(&str, usize); 3]| {
            amounts_ending_at(code, name, &amounts)
        };
        let text = [
            line(
                "201",
                "一般公共服务支出",
                [("1,106.44", 40), ("1,096.44", 50), ("10.00", 63)],
            ),
            line(
                "20101",
                "人大事务",
                [("1,106.44", 40), ("0.00", 52), ("10.00", 63)],
            ),
            line(
                "2010101",
                "行政运行",
                [("1,096.44", 40), ("0.00", 52), ("0.00", 63)],
            ),
            line(
                "2010102",
                "一般行政管理事务",
                [("10.00", 40), ("0.00", 52), ("10.00", 63)],
            ),
        ]
        .join("\n");
        let whole = cells(&text, true);
        assert_eq!(whole[0].len(), 5, "{whole:?}");
        assert_eq!(whole[0][3], "1,096.44");
        assert_eq!(whole[1][3], "0.00");
        // as columns are inferred for names, the positions stand as printed
        let as_printed = cells(&text, false);
        assert_eq!(as_printed[0].len(), 6, "{as_printed:?}");
    }

    #[test]
    fn one_columns_amounts_at_two_edges_are_one_column_when_read_whole() {
        // -layout ends the six-figure amounts of the first amount column at 40, the others
        // three characters further right, each on several lines: no line prints at both
        let line = |code: &str, name: &str, amounts: [(&str, usize); 2]| {
            amounts_ending_at(code, name, &amounts)
        };
        let text = [
            line(
                "201",
                "一般公共服务支出",
                [("184,967.24", 40), ("184,053.09", 58)],
            ),
            line("20101", "人大事务", [("38,732.62", 42), ("38,732.62", 58)]),
            line(
                "2010101",
                "行政运行",
                [("38,732.62", 42), ("38,732.62", 58)],
            ),
            line(
                "20106",
                "财政事务",
                [("145,320.47", 40), ("145,320.47", 58)],
            ),
            line(
                "2010601",
                "行政运行",
                [("145,320.47", 40), ("145,320.47", 58)],
            ),
            line(
                "207",
                "文化旅游体育与传媒支出",
                [("67,427.44", 42), ("43,000.65", 58)],
            ),
        ]
        .join("\n");
        let whole = cells(&text, true);
        assert_eq!(whole[0].len(), 4, "{whole:?}");
        assert_eq!(whole[0][2], "184,967.24");
        assert_eq!(whole[1][2], "38,732.62");
        assert_eq!(whole[5][2], "67,427.44");
    }

    #[test]
    fn an_amount_ending_between_two_edges_of_one_column_keeps_them_one_column() {
        // ends at 40 (four lines), 42 (three) and 41: the one at 41 is near both edges, yet no
        // line prints two amounts there
        let line = |code: &str, name: &str, amounts: [(&str, usize); 2]| {
            amounts_ending_at(code, name, &amounts)
        };
        let text = [
            line(
                "201",
                "一般公共服务支出",
                [("4,829,521,000", 40), ("1.00", 58)],
            ),
            line("20101", "人大事务", [("641,113,500", 42), ("1.00", 58)]),
            line("2010101", "行政运行", [("641,113,500", 42), ("1.00", 58)]),
            line("205", "教育支出", [("22,300,600", 41), ("1.00", 58)]),
            line("207", "文化旅游", [("1,184,459,300", 40), ("1.00", 58)]),
            line("20701", "文化和旅游", [("1,184,459,300", 40), ("1.00", 58)]),
            line("2070101", "行政运行", [("1,026,478,000", 40), ("1.00", 58)]),
            line("212", "城乡社区支出", [("234,962,800", 42), ("1.00", 58)]),
        ]
        .join("\n");
        let whole = cells(&text, true);
        assert_eq!(whole[0].len(), 4, "{whole:?}");
        assert_eq!(whole[1][2], "641,113,500");
        assert_eq!(whole[3][2], "22,300,600");
    }

    #[test]
    fn amounts_a_long_name_pushed_right_are_not_cut_apart() {
        // a long name pushed the third row's amounts a character right: its second amount, a
        // space after the first, starts where the first amounts end on the other lines (all
        // the second amounts are fused to the first, see borderless::columns_of)
        let text = [
            "201     一般公共服务支出           64,111.35 64,111.35      -",
            "20106   财政事务               64,111.35 64,111.35      -",
            "20805   行政事业单位养老支出       136,948.74 136,948.74      -",
            "20808   事业单位离退休           136,948.74 136,948.74     -",
            "20807   就业补助               68,679.48 68,679.48      -",
        ]
        .join("\n");
        let whole = cells(&text, true);
        assert_eq!(whole[0].len(), 5, "{whole:?}");
        assert_eq!(whole[2][2..], ["136,948.74", "136,948.74", "-"]);
        assert_eq!(whole[3][2..], ["136,948.74", "136,948.74", "-"]);
        assert_eq!(whole[4][2..], ["68,679.48", "68,679.48", "-"]);
    }

    /// The grid of a laid-out table with its cells' text, row by row.
    fn cells(text: &str, whole: bool) -> Vec<Vec<String>> {
        let pages = if whole {
            layout_text_whole(text)
        } else {
            layout_text_with(text, Widths::Chars)
        };
        pages[0]
            .blocks
            .iter()
            .find_map(|b| match b {
                Block::Grid(g) => Some(
                    (0..g.rows())
                        .map(|r| (0..g.cols()).map(|c| g.text_at(r, c).to_string()).collect())
                        .collect(),
                ),
                Block::Line(_) => None,
            })
            .unwrap_or_default()
    }

    #[test]
    fn letterspaced_labels_are_cells_of_the_names_column() {
        // "项   目", "栏   次" and "合   计" letterspaced across the code and name columns, the
        // second character where the names start: no column of first characters between the
        // codes and the names, and the 栏次 numbers head the amounts, not columns of their own
        let text = [
            "                 项   目             本年支出合计               基本支出",
            "      功能分类科目编码           科目名称",
            "                 栏   次               1                   2",
            "                 合   计                   241,755.15          224,725.40",
            "201                  一般公共服务支出             52,941.72           52,941.72",
            "20101                人大事务                 52,941.72           52,941.72",
            "210                  卫生健康支出              26,578.52            26,572.69",
        ]
        .join("\n");
        let rows = cells(&text, false);
        assert_eq!(rows[0].len(), 4, "{rows:?}");
        assert_eq!(rows[2][1..], ["栏 次", "1", "2"], "{rows:?}");
        assert_eq!(
            rows[3][1..],
            ["合 计", "241,755.15", "224,725.40"],
            "{rows:?}"
        );
        assert_eq!(
            rows[4],
            ["201", "一般公共服务支出", "52,941.72", "52,941.72"]
        );
    }

    #[test]
    fn a_unit_code_a_space_before_its_name_is_part_of_the_name() {
        let line = tokens(
            "          197001 白沙市卫生健康委员会    267.15",
            Widths::Chars,
        );
        let numbers: Vec<bool> = numbered(&line).map(|(_, n)| n).collect();
        assert_eq!(numbers, vec![false, false, true]);
        let line = tokens("2010601 行政运行    267.15", Widths::Chars);
        assert!(number_at(&line, 0), "a classification code stays a code");
        let line = tokens("   1.00 197001 单位", Widths::Chars);
        assert!(number_at(&line, 1), "only a code opening its line");
    }

    /// A table printing each unit's rows under the unit's line, as `pdftotext -layout` prints
    /// it: `**` under the code and name headings of its 栏次 line; amounts end at 42, 53, 66.
    fn units_table(first_unit: &str, second_unit: &str) -> String {
        let line = |name: &str, amounts: [&str; 3]| {
            let mut l = name.to_string();
            for (a, end) in amounts.iter().zip([42, 53, 66]) {
                l.push_str(&" ".repeat(end - l.chars().count() - a.chars().count()));
                l.push_str(a);
            }
            l.trim_end().to_string()
        };
        [
            "   功能科目编码      功能科目名称                   合计       基本支出         项目支出".into(),
            "      **                **              1          2            3".into(),
            line("             合计", ["30.00", "20.00", "10.00"]),
            line(first_unit, ["20.00", "20.00", ""]),
            line("201          一般公共服务支出", ["20.00", "20.00", ""]),
            line("2010601      行政运行", ["20.00", "20.00", ""]),
            line(second_unit, ["10.00", "", "10.00"]),
            line("221          住房保障支出", ["10.00", "", "10.00"]),
            line("2210201      住房公积金", ["10.00", "", "10.00"]),
        ]
        .join("\n")
    }

    #[test]
    fn a_unit_line_is_a_name_and_placeholders_make_no_column() {
        // the unit's code a space before its name, in the name column
        let text = units_table(
            "             197001 白沙市卫生委员会",
            "             197002 白沙市卫生中心",
        );
        let rows = cells(&text, true);
        assert_eq!(rows[0].len(), 5, "code, name and three amounts: {rows:?}");
        let row = |name: &str| rows.iter().find(|r| r[1] == name).unwrap().clone();
        assert_eq!(row("行政运行")[0], "2010601", "no column cuts the codes");
        assert_eq!(row("197001白沙市卫生委员会")[2], "20.00");
        assert_eq!(row("197002白沙市卫生中心")[4], "10.00");
    }

    #[test]
    fn a_unit_code_in_the_code_column_is_a_code() {
        let text = units_table(
            "197001       白沙市卫生委员会",
            "197002       白沙市卫生中心",
        );
        let rows = cells(&text, true);
        assert_eq!(rows[0].len(), 5, "code, name and three amounts: {rows:?}");
        let row = |code: &str| rows.iter().find(|r| r[0] == code).unwrap().clone();
        assert_eq!(row("197001")[1], "白沙市卫生委员会");
        assert_eq!(row("197002")[2], "10.00");
        assert_eq!(row("2210201")[1], "住房公积金");
    }

    #[test]
    fn a_name_wrapped_below_its_row_stays_with_it() {
        // names start on their code lines: the third line of 20103's name is its own, though
        // nearer the next row
        let text = [
            "201      一般公共服务        10.00    10.00",
            "         支出",
            "20103    政府办公厅          10.00    10.00",
            "         （室）及相关",
            "         机构事务",
            "2010301  行政运行            10.00    10.00",
        ]
        .join("\n");
        let rows = cells(&text, false);
        let name = |code: &str| rows.iter().find(|r| r[0] == code).unwrap()[1].clone();
        assert_eq!(name("20103"), "政府办公厅（室）及相关机构事务");
        assert_eq!(name("2010301"), "行政运行");
    }

    #[test]
    fn a_name_wrapped_below_a_code_printed_apart_stays_with_it() {
        // codes printed 类 | 款 | 项 apart, names narrow: every line under a row that prints its
        // name is that row's, however many; a piece starting 单位 is no unit line
        let text = [
            " 201                一般公共     25.00    25.00",
            "                    服务支出",
            " 201   03           政府办公     10.00    10.00",
            "                    厅（室）",
            "                    及相关机",
            "                    构事务",
            " 201   03    50     事业运行     10.00    10.00",
            " 210   11           行政事业     15.00    15.00",
            "                    单位医疗",
            " 210   11    02     事业单位     15.00    15.00",
            "                    医疗",
        ]
        .join("\n");
        let rows = cells(&text, false);
        let name = |code: &str| {
            rows.iter()
                .find(|r| r.iter().take(3).map(|c| c.as_str()).collect::<String>() == code)
                .map(|r| r[r.len() - 3].clone())
        };
        assert_eq!(
            name("20103").as_deref(),
            Some("政府办公厅（室）及相关机构事务")
        );
        assert_eq!(name("2010350").as_deref(), Some("事业运行"));
        assert_eq!(name("21011").as_deref(), Some("行政事业单位医疗"));
        assert_eq!(name("2101102").as_deref(), Some("事业单位医疗"));
    }

    #[test]
    fn a_row_printed_over_two_lines_is_one_row() {
        // the code and the name's head above the name's tail and the amounts: one row; a
        // total's label starting elsewhere under a blank row is its own
        let text = [
            " 229                其他支出          10.00    10.00",
            " 229 60 02 用于社会福利的彩票",
            "             公益金支出           10.00    10.00",
            " 310       资本性支出",
            "                       经费合计        10.00    10.00",
        ]
        .join("\n");
        let rows = cells(&text, false);
        let row = rows
            .iter()
            .find(|r| r.iter().any(|c| c.contains("用于")))
            .unwrap();
        assert!(
            row.iter().any(|c| c == "用于社会福利的彩票公益金支出"),
            "{row:?}"
        );
        assert!(row.iter().any(|c| c == "10.00"), "{row:?}");
        let blank = rows
            .iter()
            .find(|r| r.iter().any(|c| c.contains("资本性")))
            .unwrap();
        assert!(!blank.iter().any(|c| c.contains("合计")), "{blank:?}");
    }

    #[test]
    fn a_row_printed_with_its_code_below_its_amounts_is_one_row() {
        // the name's head and the amounts above the code and the name's tail: one row; a
        // total's label starting elsewhere above a blank coded row is its own
        let text = [
            "201       一般公共服务支出           20.00    20.00",
            "          政府办公厅（室）及相关机构   10.00    10.00",
            "20103     事务",
            "2010350   事业运行                   10.00    10.00",
            "     合计                           10.00    10.00",
            "310       资本性支出",
        ]
        .join("\n");
        let rows = cells(&text, false);
        let row = rows
            .iter()
            .find(|r| r.iter().any(|c| c == "20103"))
            .unwrap();
        assert!(
            row.iter().any(|c| c == "政府办公厅（室）及相关机构事务"),
            "{row:?}"
        );
        assert!(row.iter().any(|c| c == "10.00"), "{row:?}");
        let blank = rows
            .iter()
            .find(|r| r.iter().any(|c| c.contains("资本性")))
            .unwrap();
        assert!(!blank.iter().any(|c| c.contains("10.00")), "{blank:?}");
    }

    #[test]
    fn an_amounts_heading_close_to_the_names_heading_stays_over_the_amounts() {
        // "2021年预算数" starts past every name but runs across the boundary a column of
        // characters gives: it is the amounts' heading, not a part of the names'
        let text = [
            "科目编码        科目名称      2021年预算数                2022年预算数",
            "          合计                  570,414.05      542,308.79",
            "201       一般公共服务支出            188,582.67      184,967.24",
            "20101     人大事务                 46,479.14       38,732.62",
            "2010102   一般行政管理事务             46,479.14       38,732.62",
        ]
        .join("\n");
        let rows = cells(&text, false);
        assert_eq!(rows[0][1], "科目名称", "{rows:?}");
        assert_eq!(rows[0][2], "2021年预算数", "{rows:?}");
        assert_eq!(rows[1][1..3], ["合计", "570,414.05"], "{rows:?}");
    }

    #[test]
    fn a_total_centred_over_code_parts_is_no_column_of_its_own() {
        // "合计" printed once between the 款 and 项 columns: no blank column parts them
        let text = [
            "  类       款          项    科目名称                合计",
            "               合计                     476,966.81",
            "  201                     一般公共服务支出    169,629.24",
            "  201     01              人大事务         38,944.17",
            "  201     01         01   行政运行         17,344.58",
            "  201     01         02   一般行政管理事务     21,599.59",
        ]
        .join("\n");
        let rows = cells(&text, false);
        let row = rows
            .iter()
            .find(|r| r.last().is_some_and(|c| c == "17,344.58"));
        assert_eq!(
            row.map(|r| r[..4].to_vec()),
            Some(vec![
                "201".into(),
                "01".into(),
                "01".into(),
                "行政运行".into()
            ]),
            "{rows:?}"
        );
    }

    #[test]
    fn a_names_heading_printed_right_of_its_column_stays_over_the_names() {
        // "科目名称" past every name, before every amount, and the amounts' "合计" after it
        let text = [
            "科目编码                  科目名称          合计            人员经费",
            "          合计                  143,838.78       89,180.04",
            "301       工资福利支出               65,223.39       65,223.39",
            "30103     奖金                   17,921.50       17,921.50",
            "30108     机关事业单位基本              1,933.20        1,933.20",
        ]
        .join("\n");
        let rows = cells(&text, false);
        assert_eq!(rows[0][1..3], ["科目名称", "合计"], "{rows:?}");
        assert_eq!(rows[1][1..3], ["合计", "143,838.78"], "{rows:?}");
    }

    #[test]
    fn a_grid_cutting_a_number_apart_is_left_as_lines() {
        // 68.52 printed four columns right of the amounts above it: the inferred boundary cuts
        // it (up to three columns apart, they are one column, see
        // borderless::join_misaligned_amounts)
        let text = [
            "205      教育支出    68,822.33    314.87      -",
            "20508    进修及培训  68,822.33    314.87      -",
            "212      城乡社区    28,197.15         68.52  -",
            "21201    城乡管理    28,197.15         68.52  -",
        ]
        .join("\n");
        let rows = cells(&text, false);
        assert!(rows.iter().flatten().any(|c| c == "68"), "{rows:?}");
        assert!(cells(&text, true).is_empty(), "left as lines");
    }

    #[test]
    fn form_feeds_are_pages() {
        let pages = layout_text("a\u{c}b\u{c}c");
        assert_eq!(
            pages.iter().map(|p| p.number).collect::<Vec<_>>(),
            [1, 2, 3]
        );
    }

    #[test]
    fn percentages_are_right_aligned_with_the_dashes_beside_them() {
        // -layout ends "100.9%" two columns short of the "-" below it, and sets the heading
        // wrapped over the last column left of its percentages: one column each
        let text = [
            "                                                                          比上年增",
            "          项   目     2024 年执行数     2025 年预算数     2025 年执行数     为预算 %",
            "                                                                           长%",
            "一般公共预算收入合计            308869.80     317295.99     320005.15    100.9%       3.6%",
            "一、税收收入                238624.78     225822.81     232091.96    102.8%       -2.7%",
            "     资源税                      -             -             -           -          -",
            "     其他税收收入              524.79             -        446.51           -    -14.9%",
        ]
        .join("\n");
        let rows = cells(&text, true);
        assert_eq!(rows[0].len(), 6, "{rows:?}");
        let row = |name: &str| rows.iter().find(|r| r[0] == name).unwrap().clone();
        assert_eq!(row("一般公共预算收入合计")[4..], ["100.9%", "3.6%"]);
        assert_eq!(row("资源税")[4..], ["-", "-"]);
        assert_eq!(row("其他税收收入")[4..], ["-", "-14.9%"]);
        assert_eq!(rows[0][5], "比上年增", "{rows:?}");
        assert_eq!(rows[1][4], "为预算%", "{rows:?}");
    }

    #[test]
    fn an_amount_fused_with_the_one_before_is_of_the_next_column() {
        // "9,122,845 105.8": -layout printed two amounts one space apart as one word, from where
        // the first starts, so "105.8" ends two columns short of "86.0" below it
        let text = [
            "                                                决算数为 比上年决",
            "     项 目      预算数         调整预算数       决算数 调整预算 算数增",
            "                                                 数的% 长%",
            "一、税收收入        8,670,982   8,624,081   9,122,845 105.8      21.9",
            "  增值税         2,762,692   2,734,097   2,955,161 108.1      28.2",
            "  资源税           711,205     749,063     644,317    86.0     8.1",
            "  城市维护建设税       489,070     489,070     563,141 115.1      14.1",
            "  行政事业性收费收入     545,095     559,650     525,559    93.9 -13.3",
        ]
        .join("\n");
        let rows = cells(&text, true);
        assert_eq!(rows[0].len(), 6, "{rows:?}");
        let row = |name: &str| rows.iter().find(|r| r[0] == name).unwrap().clone();
        assert_eq!(row("一、税收收入")[3..], ["9,122,845", "105.8", "21.9"]);
        assert_eq!(row("资源税")[3..], ["644,317", "86.0", "8.1"]);
        assert_eq!(row("行政事业性收费收入")[3..], ["525,559", "93.9", "-13.3"]);
    }

    #[test]
    fn a_name_centred_on_its_amounts_is_one_row() {
        // the head of the name above the amounts, its tail below, the amounts' line printing no
        // name: the numbered head is no row of its own, also right under the headings
        let text = [
            "          项   目         预算数              决算数",
            "一、2022 年末地方政府一般债务余额实际",
            "                              2,757.28         2,757.28",
            "数",
            "二、2023 年末地方政府一般债务余额限额         3,392.02         3,392.02",
            "三、2023 年地方政府一般债务发行额            478.61           693.34",
            "  中央转贷地方的国际金融组织和外国",
        ]
        .join("\n");
        let rows = cells(&text, true);
        assert_eq!(
            rows[1],
            [
                "一、2022年末地方政府一般债务余额实际数",
                "2,757.28",
                "2,757.28"
            ],
            "{rows:?}"
        );
        assert_eq!(
            rows[2][0], "二、2023年末地方政府一般债务余额限额",
            "{rows:?}"
        );
    }
}
