//! Text laid out with spaces (`pdftotext -layout`, a viewer's copy, a Word "save as text") as
//! positioned glyphs, so that the borderless-table inference reads it as it reads a page.
//!
//! In such text a space is a position: each character is a glyph at x = its character column
//! and y = its line number, and a form feed starts a new page. Two ways of counting columns are
//! in use: `pdftotext -layout` gives every character one column, whatever its width, while text
//! aligned for a terminal or a monospaced font gives CJK and other wide characters two. Each
//! text is measured both ways and read the way that aligns more of its amounts' right edges.
//!
//! Scale: a column is [`CELL`] points wide and a line [`PITCH`] points high, so that the
//! borderless tolerances (a 3 pt edge, 1.5 pt margins) allow an amount one column out of line
//! and never merge two columns a space apart. Columns are split at two spaces, as the layout
//! prints them; at one space only beside a number ("119,808.29 一、一般公共服务支出", where the
//! layout had no room for more).

use crate::{PageLayout, layout_page};
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
        .map(|(i, page)| layout_page(&page_of(i + 1, page, widths)))
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
fn tokens(line: &str, widths: Widths) -> Vec<(usize, usize, &str)> {
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

fn is_amount(token: &str) -> bool {
    is_number(token) && token.contains('.')
}

/// A piece of a wrapped name (a line without numbers) lies as far from the row above as from
/// the row below, where on the page it was nearer its own row: it leans toward the one of
/// them that prints no name where it does (the other row's name is whole), by a quarter line.
fn lean(lines: &[Vec<(usize, usize, &str)>], n: usize) -> f32 {
    let line = &lines[n];
    if line.is_empty() || line.iter().any(|w| is_number(w.2)) || n == 0 || n + 1 >= lines.len() {
        return 0.0;
    }
    let (start, end) = (line[0].0, line[line.len() - 1].1);
    let row = |l: &Vec<(usize, usize, &str)>| l.iter().any(|w| is_number(w.2));
    let named = |l: &Vec<(usize, usize, &str)>| {
        l.iter()
            .any(|w| !is_number(w.2) && w.0 < end && start < w.1)
    };
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

/// One page of text as glyphs, one per character.
fn page_of(number: usize, text: &str, widths: Widths) -> Page {
    let mut glyphs = Vec::new();
    let mut right = 0usize;
    let lines: Vec<&str> = text.lines().collect();
    let words_of: Vec<Vec<(usize, usize, &str)>> =
        lines.iter().map(|l| tokens(l, widths)).collect();
    for (n, words) in words_of.iter().enumerate() {
        let y0 = n as f32 * PITCH + lean(&words_of, n);
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
                && !(year(words[k - 1].2) && word.starts_with('年'));
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
        }
    }
    Page {
        number,
        width: right as f32 * CELL,
        height: lines.len() as f32 * PITCH,
        rotate: 0,
        glyphs,
        rules: Vec::new(),
        images: 0,
        undecoded_glyphs: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Block;

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
    fn form_feeds_are_pages() {
        let pages = layout_text("a\u{c}b\u{c}c");
        assert_eq!(
            pages.iter().map(|p| p.number).collect::<Vec<_>>(),
            [1, 2, 3]
        );
    }
}
