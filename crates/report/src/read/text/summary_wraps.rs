//! Names of the summary tables (收入支出决算总表, 财政拨款收入支出决算总表) wrapped over several
//! lines of text laid out with spaces, joined to their 行次 lines for the token reading.
//!
//! A summary prints two halves side by side, each "name 行次 amounts". A name too long for its
//! cell wraps, and -layout prints its pieces on lines of their own, in the name's column: below
//! the 行次 line when the cell is aligned to its top, around it when it is centred (the 行次 line
//! then prints the middle piece, or no name at all). The token reading takes every word before a
//! 行次 as that 行次's name, so a piece printed below its line would start the next row's name.
//!
//! Which pieces belong to which line is decided by what the table's kind prints: between two 行次
//! lines of a half, the pieces there are split (the first ones end the name above, the rest
//! start the name below) so that every name of the half is one the kind prints. A chain of lines
//! linked by pieces is joined only where exactly one split makes every name known; otherwise its
//! pieces are left where they are. A summary printed without 行次 prints a line whose cells are
//! blank as its name alone, wrapped or not: there the pieces between two lines may also make
//! such lines, under the same rule (one way only to make every name known).
//!
//! A table continued on the next page is one run of lines: a name the page break cut ends in a
//! piece at the top of the next page (below the headings the page repeats, which are left out).

use crate::normalise::amount::{Amount, parse_amount};
use crate::normalise::keys::is_known_label;
use crate::normalise::titles::kind_of_title;
use juesuan_model::TableKind;

/// Starts each half's line of a summary printed without 行次, as rewritten for the token
/// reading: "‖1" the left half's (收入), "‖2" the right half's (支出).
pub const HALF_MARK: char = '‖';

/// A word of a line: the character column it starts at, and its text.
type Word<'a> = (usize, &'a str);

fn words(line: &str) -> Vec<Word<'_>> {
    super::laid_out::words(line)
        .into_iter()
        .map(|(start, _, w)| (start, w))
        .collect()
}

fn is_number(word: &str) -> bool {
    parse_amount(word) != Amount::Text
}

/// A 行次: a small whole number printed without separators, counting from 1 (a budget prints
/// a blank amount as "0"; a 行次 may be printed "01").
fn is_line_number(word: &str) -> bool {
    (1..=3).contains(&word.len())
        && word.chars().all(|c| c.is_ascii_digit())
        && word.chars().any(|c| c != '0')
}

/// One half of one line: a 行次 line (its name, possibly empty, and the words from the 行次 on),
/// a piece of a wrapped name, or nothing.
#[derive(Clone, Debug, PartialEq)]
enum Half {
    Data { name: String, rest: Vec<String> },
    Piece(String),
    Blank,
}

/// The halves of a line, split where the line's first name after a number starts (the right
/// half's name: -layout squeezes some lines, a total's most of all, so that their right half
/// starts columns before the other lines'), or else at column `mid`; None when a half prints
/// words the summary's "name 行次 amounts" (`numbered`) or "name amounts" does not (a name after
/// an amount, amounts without a 行次, a 行次 in a summary keyed by names). In a summary keyed by
/// names a line that prints a name the kind prints and no amount is a line of its own (its
/// cells blank), else a piece of a wrapped name.
fn halves(kind: TableKind, line: &str, mid: usize, numbered: bool) -> Option<[Half; 2]> {
    let w = words(line);
    let mid = (1..w.len())
        .find(|&k| !is_number(w[k].1) && is_number(w[k - 1].1))
        .map_or(mid, |k| w[k].0);
    let mut out = [Half::Blank, Half::Blank];
    for (h, slot) in out.iter_mut().enumerate() {
        let part: Vec<&str> = w
            .iter()
            .filter(|x| (x.0 >= mid) == (h == 1))
            .map(|x| x.1)
            .collect();
        let Some(first_number) = part.iter().position(|x| is_number(x)) else {
            let name = part.concat();
            if !numbered && is_known_label(kind, &name) {
                *slot = Half::Data {
                    name,
                    rest: Vec::new(),
                };
            } else if !part.is_empty() {
                *slot = Half::Piece(name);
            }
            continue;
        };
        if is_line_number(part[first_number]) != numbered
            || part[first_number..].iter().any(|x| !is_number(x))
        {
            return None;
        }
        *slot = Half::Data {
            name: part[..first_number].concat(),
            rest: part[first_number..].iter().map(|x| x.to_string()).collect(),
        };
    }
    Some(out)
}

/// The column that parts a summary's halves: where the names of the right half (a name printed
/// after an amount or 行次) start, less one for text shifted a column by -layout. Everything of
/// the left half starts before it: its names, its 行次 and its amounts.
fn middle(lines: &[&str]) -> Option<usize> {
    lines
        .iter()
        .flat_map(|line| {
            let w = words(line);
            (1..w.len())
                .filter(|&k| !is_number(w[k].1) && is_number(w[k - 1].1))
                .map(|k| w[k].0)
                .collect::<Vec<_>>()
        })
        .min()
        .map(|right| right.saturating_sub(1))
        .filter(|&m| m > 0)
}

/// The headings fiscal_summary prints over its expenditure amounts, in their standard order
/// (栏次 2 to 5), each with the start of its name that a wrapped heading still prints whole.
const FISCAL_HEADINGS: [(&str, &str); 4] = [
    ("合计", "合计"),
    ("一般公共预算财政拨款", "一般公共"),
    ("政府性基金预算财政拨款", "政府性基金"),
    ("国有资本经营预算财政拨款", "国有资本"),
];

/// Words a summary's heading lines print besides its columns' headings, any number of times.
const SUMMARY_HEADING_WORDS: [&str; 5] = ["收入", "支出", "项目", "金额", "行次"];

/// Whether every fiscal_summary of the text prints, above its rows, the standard column
/// headings and no other (their characters, however -layout wrapped and interleaved them, are
/// those of the standard headings and the halves' own words), left to right in the standard
/// order: its amounts are then in the standard columns, as the token reading numbers them.
pub fn prints_standard_headings(text: &str, kind: TableKind) -> bool {
    if kind != TableKind::FiscalSummary {
        return false;
    }
    let lines: Vec<&str> = text.lines().collect();
    let titles: Vec<usize> = (0..lines.len())
        .filter(|&i| kind_of_title(lines[i].trim()) == Some(kind))
        .collect();
    !titles.is_empty()
        && titles.iter().all(|&t| {
            let header: Vec<&str> = lines[t + 1..]
                .iter()
                .take_while(|l| !words(l).iter().any(|w| is_number(w.1)))
                .filter(|l| !l.contains("单位"))
                .copied()
                .collect();
            standard_headings(&header)
        })
}

fn standard_headings(header: &[&str]) -> bool {
    let mut counts: std::collections::HashMap<char, i32> = std::collections::HashMap::new();
    for c in header
        .iter()
        .flat_map(|l| l.chars())
        .filter(|c| !c.is_whitespace())
    {
        *counts.entry(c).or_default() += 1;
    }
    for (heading, _) in FISCAL_HEADINGS {
        for c in heading.chars() {
            *counts.entry(c).or_default() -= 1;
        }
    }
    for word in SUMMARY_HEADING_WORDS {
        let times = word
            .chars()
            .next()
            .map_or(0, |c| counts.get(&c).copied().unwrap_or(0));
        for c in word.chars() {
            *counts.entry(c).or_default() -= times.max(0);
        }
    }
    if counts.values().any(|&n| n != 0) {
        return false;
    }
    // left to right: the column each heading's start is printed at (a letterspaced heading,
    // "合   计", as one word)
    let at: Vec<Option<usize>> = FISCAL_HEADINGS
        .iter()
        .map(|(_, start)| {
            header
                .iter()
                .flat_map(|l| letterspaced_joined(&words(l)))
                .find(|w| w.1.contains(start))
                .map(|w| w.0)
        })
        .collect();
    at.iter().all(Option::is_some) && at.windows(2).all(|w| w[0] < w[1])
}

/// A line's words with each run of one-character words joined as one word at the run's first
/// column: -layout prints a letterspaced heading ("合   计") a character a word.
fn letterspaced_joined(words: &[Word<'_>]) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut single = false;
    for (at, w) in words {
        let one = w.chars().count() == 1;
        match out.last_mut() {
            Some(last) if one && single => last.1.push_str(w),
            _ => out.push((*at, w.to_string())),
        }
        single = one;
    }
    out
}

/// A line of its own between two pages, as `join_wrapped_summary_names` takes pages.
pub const PAGE_BREAK: &str = "\u{c}";

/// Whether a line prints a summary's headings: its 栏次 line, the words heading its columns
/// (项目, 行次, 金额; 收入 and 支出 side by side) or its unit, rather than a piece of a name.
fn is_heading_line(line: &str) -> bool {
    let w: Vec<&str> = words(line).into_iter().map(|x| x.1).collect();
    w.iter()
        .any(|x| ["栏次", "项目", "行次", "金额"].contains(x) || x.contains("单位"))
        || (w.contains(&"收入") && w.contains(&"支出"))
}

/// The lines of one summary table's rows: their indices, and where in them each of its pages
/// after the first starts.
#[derive(Default)]
struct Region {
    lines: Vec<usize>,
    pages: Vec<usize>,
}

/// Lines of a summary table's pages, with each wrapped name joined to its 行次 line and the
/// pieces taken off their own lines. `kind` carries the table being read over calls; a table
/// continued over a [`PAGE_BREAK`] line is one region, its headings repeated on the new page
/// left out of it, so that a name the page break cut ends on the next page.
pub fn join_wrapped_summary_names(lines: &[&str], kind: &mut Option<TableKind>) -> Vec<String> {
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let mut region = Region::default();
    let mut regions: Vec<(TableKind, Region)> = Vec::new();
    // after a title or a page break, the headings: the rows start after the 栏次 line or at the
    // first line with a 行次 or an amount
    let mut started = false;
    // after a page break, the line before which the repeated headings end
    let mut resume: Option<usize> = None;
    for (i, line) in lines.iter().enumerate() {
        if *line == PAGE_BREAK {
            started = false;
            // (the lines up to the first with a number: the last heading line among them ends
            // the headings; none, they are pieces of the names above; a title, the page starts
            // a table)
            let first_number = (i + 1..lines.len())
                .find(|&j| {
                    let w = words(lines[j]);
                    w.iter().any(|x| is_number(x.1)) && !w.iter().any(|x| x.1 == "栏次")
                })
                .unwrap_or(lines.len());
            let titled = (i + 1..first_number).any(|j| kind_of_title(lines[j].trim()).is_some());
            if kind.is_some() && !region.lines.is_empty() && !titled {
                region.pages.push(region.lines.len());
                resume = Some(
                    (i + 1..first_number)
                        .rfind(|&j| is_heading_line(lines[j]))
                        .map_or(i + 1, |j| j + 1),
                );
                started = true;
            }
            continue;
        }
        if resume.is_some_and(|r| i < r) {
            continue;
        }
        let t = line.trim();
        if let Some(k) = kind_of_title(t) {
            if let Some(current) = kind.filter(|c| *c != k) {
                regions.push((current, std::mem::take(&mut region)));
            }
            *kind = matches!(k, TableKind::Summary | TableKind::FiscalSummary).then_some(k);
            started = false;
            continue;
        }
        let Some(current) = *kind else { continue };
        if t.starts_with('注') {
            regions.push((current, std::mem::take(&mut region)));
            *kind = None;
            continue;
        }
        let w = words(line);
        if w.first().is_some_and(|x| x.1 == "栏次") {
            started = true;
            continue;
        }
        if !started && w.iter().any(|x| is_number(x.1)) {
            started = true;
        }
        if started {
            region.lines.push(i);
        }
    }
    if let Some(current) = *kind {
        regions.push((current, region));
    }
    for (kind, Region { lines: at, pages }) in regions {
        let region: Vec<&str> = at.iter().map(|&i| lines[i]).collect();
        if let Some(joined) = join_region(kind, &region, &pages) {
            for (i, line) in at.into_iter().zip(joined) {
                out[i] = line;
            }
        }
    }
    out
}

/// The lines of one summary region rewritten as "name 行次 amounts" per half, tokens apart by two
/// spaces (a name's words as one: "总 计", "栏 次" printed letterspaced are one word); in a
/// summary printed without 行次, each half's line as "[`HALF_MARK`]1 name amounts" (left) or
/// "[`HALF_MARK`]2 name amounts" (right), since nothing else would tell the halves apart in
/// tokens. None where the halves cannot be told apart.
fn join_region(kind: TableKind, lines: &[&str], pages: &[usize]) -> Option<Vec<String>> {
    // each page's own middle (-layout sets each page's columns apart); a page without one (its
    // lines pieces of names) takes the page's before
    let bounds: Vec<usize> = std::iter::once(0)
        .chain(pages.iter().copied())
        .chain(std::iter::once(lines.len()))
        .collect();
    let mut mids: Vec<usize> = Vec::new();
    let mut last = None;
    for page in bounds.windows(2) {
        last = middle(&lines[page[0]..page[1]]).or(last);
        mids.extend(std::iter::repeat_n(last, page[1] - page[0]).flatten());
    }
    // (pages before the first with a middle take that one)
    let first = *mids.first()?;
    let mids: Vec<usize> = std::iter::repeat_n(first, lines.len() - mids.len())
        .chain(mids)
        .collect();
    let parse = |numbered: bool| -> Option<Vec<[Half; 2]>> {
        lines
            .iter()
            .zip(&mids)
            .map(|(l, &mid)| halves(kind, l, mid, numbered))
            .collect()
    };
    let (numbered, mut split) = match parse(true) {
        Some(split) => (true, split),
        None => (false, parse(false)?),
    };
    for h in 0..2 {
        let mut column: Vec<Half> = split.iter().map(|s| s[h].clone()).collect();
        if !numbered {
            wrapped_blank_lines(kind, &mut column);
        }
        for (i, half) in join_half(kind, &column, !numbered).into_iter().enumerate() {
            split[i][h] = half;
        }
    }
    Some(
        split
            .iter()
            .zip(lines)
            .map(|(s, line)| {
                if s.iter().all(|h| matches!(h, Half::Blank)) {
                    return if line.trim().is_empty() {
                        line.to_string()
                    } else {
                        String::new()
                    };
                }
                let parts: Vec<String> = s
                    .iter()
                    .enumerate()
                    .flat_map(|(h, half)| match half {
                        Half::Data { name, rest } => (!numbered)
                            .then(|| format!("{HALF_MARK}{}", h + 1))
                            .into_iter()
                            .chain(std::iter::once(name.clone()))
                            .chain(rest.iter().cloned())
                            .filter(|x| !x.is_empty())
                            .collect(),
                        Half::Piece(p) => vec![p.clone()],
                        Half::Blank => vec![],
                    })
                    .collect();
                parts.join("  ")
            })
            .collect(),
    )
}

/// In a summary keyed by names, a line with blank cells whose name wrapped: the pieces between
/// two lines that together make a name the kind prints, where the line above needs none of them
/// (its name is one the kind prints as it is), become that line.
fn wrapped_blank_lines(kind: TableKind, column: &mut [Half]) {
    let mut i = 0;
    while i < column.len() {
        if !matches!(column[i], Half::Piece(_)) {
            i += 1;
            continue;
        }
        let end = (i..column.len())
            .find(|&j| matches!(column[j], Half::Data { .. }))
            .unwrap_or(column.len());
        let pieces: Vec<usize> = (i..end)
            .filter(|&j| matches!(column[j], Half::Piece(_)))
            .collect();
        let name: String = pieces.iter().map(|&j| piece(&column[j])).collect();
        let above_whole = column[..i]
            .iter()
            .rev()
            .find(|h| matches!(h, Half::Data { .. }))
            .is_none_or(|h| is_known_label(kind, own(h)));
        if above_whole && is_known_label(kind, &name) {
            for &j in &pieces {
                column[j] = Half::Blank;
            }
            column[pieces[0]] = Half::Data {
                name,
                rest: Vec::new(),
            };
        }
        i = end;
    }
}

/// One half's lines with the pieces between its 行次 lines joined to them (taken pieces become
/// blank), chain by chain: a chain is a run of 行次 lines with pieces between each two (and
/// after the last, at the table's end). In a summary printed without 行次 (`blanks`), pieces
/// between may also make lines of their own (see `Chain::blanks`).
fn join_half(kind: TableKind, column: &[Half], blanks: bool) -> Vec<Half> {
    let mut out = column.to_vec();
    let data: Vec<usize> = (0..column.len())
        .filter(|&i| matches!(column[i], Half::Data { .. }))
        .collect();
    // runs[j]: the pieces after data[j], up to the next 行次 line or the table's end
    let runs: Vec<Vec<usize>> = (0..data.len())
        .map(|j| {
            let to = data.get(j + 1).copied().unwrap_or(column.len());
            (data[j] + 1..to)
                .filter(|&i| matches!(column[i], Half::Piece(_)))
                .collect()
        })
        .collect();
    let mut j = 0;
    while j < data.len() {
        let mut e = j;
        while e + 1 < data.len() && !runs[e].is_empty() {
            e += 1;
        }
        let tail = if e + 1 == data.len() {
            runs[e].clone()
        } else {
            Vec::new()
        };
        if e > j || !tail.is_empty() {
            let chain = Chain {
                own: data[j..=e].iter().map(|&i| own(&column[i])).collect(),
                runs: runs[j..e]
                    .iter()
                    .map(|r| r.iter().map(|&i| piece(&column[i])).collect())
                    .collect(),
                tail: tail.iter().map(|&i| piece(&column[i])).collect(),
                blanks,
            };
            if let Some((names, own_lines)) = chain.names(|name| is_known_label(kind, name)) {
                for (d, name) in data[j..=e].iter().zip(names) {
                    if let Half::Data { rest, .. } = &column[*d] {
                        out[*d] = Half::Data {
                            name,
                            rest: rest.clone(),
                        };
                    }
                }
                for &i in runs[j..e].iter().flatten().chain(&tail) {
                    out[i] = Half::Blank;
                }
                // (a line of its own stands where its first piece is printed)
                for (run, from, _, name) in own_lines {
                    let at = runs[j..e].get(run).unwrap_or(&tail)[from];
                    out[at] = Half::Data {
                        name,
                        rest: Vec::new(),
                    };
                }
            }
        }
        j = e + 1;
    }
    out
}

fn piece(h: &Half) -> &str {
    match h {
        Half::Piece(p) => p,
        _ => "",
    }
}

fn own(h: &Half) -> &str {
    match h {
        Half::Data { name, .. } => name,
        _ => "",
    }
}

/// 行次 lines D0..Dn of one half, linked by the pieces printed between them.
struct Chain<'a> {
    /// The name each line prints itself (possibly none).
    own: Vec<&'a str>,
    /// runs[i]: the pieces between D(i) and D(i+1), at least one.
    runs: Vec<Vec<&'a str>>,
    /// The pieces after Dn at the table's end: Dn's.
    tail: Vec<&'a str>,
    /// Whether pieces between two lines may also be whole names of lines of their own: in a
    /// summary printed without 行次, a line whose cells are blank prints nothing but its name,
    /// which may wrap too.
    blanks: bool,
}

/// A line of its own that a chain's pieces make: in run `run` (the tail after the last run),
/// its pieces `from..to`, and its name.
type Blank = (usize, usize, usize, String);

impl Chain<'_> {
    /// Line d's name when run d-1 gives it its pieces from `head` on and run d its first `tail`.
    fn name(&self, d: usize, head: usize, tail: usize) -> String {
        let mut name = String::new();
        if d > 0 {
            name.extend(self.runs[d - 1][head..].iter().copied());
        }
        name.push_str(self.own[d]);
        if d < self.runs.len() {
            name.extend(self.runs[d][..tail].iter().copied());
        } else {
            name.extend(self.tail[..tail].iter().copied());
        }
        name
    }

    /// The pieces of run `run` (the tail after the last) as one slice.
    fn run(&self, run: usize) -> &[&str] {
        self.runs.get(run).unwrap_or(&self.tail)
    }

    /// The ways (counted up to 2) to cut `pieces` into consecutive groups each making a `known`
    /// name, a line of its own: one way for no pieces, none where blank lines are not allowed.
    fn blank_ways(&self, pieces: &[&str], known: &impl Fn(&str) -> bool) -> usize {
        if pieces.is_empty() {
            return 1;
        }
        if !self.blanks {
            return 0;
        }
        // ways[i]: the ways to cut the first i pieces
        let mut ways = vec![0usize; pieces.len() + 1];
        ways[0] = 1;
        for end in 1..=pieces.len() {
            for start in 0..end {
                if ways[start] > 0 && known(&pieces[start..end].concat()) {
                    ways[end] = (ways[end] + ways[start]).min(2);
                }
            }
        }
        ways[pieces.len()]
    }

    /// The one cut of `pieces` into known names (`blank_ways` is 1), as (from, to, name).
    fn blank_cut(pieces: &[&str], known: &impl Fn(&str) -> bool) -> Vec<(usize, usize, String)> {
        // cuttable[i]: whether the pieces from i on cut into known names
        let mut cuttable = vec![false; pieces.len() + 1];
        cuttable[pieces.len()] = true;
        for start in (0..pieces.len()).rev() {
            cuttable[start] = (start + 1..=pieces.len())
                .any(|end| cuttable[end] && known(&pieces[start..end].concat()));
        }
        let mut out = Vec::new();
        let mut start = 0;
        while start < pieces.len() {
            let Some(end) = (start + 1..=pieces.len())
                .find(|&end| cuttable[end] && known(&pieces[start..end].concat()))
            else {
                break;
            };
            out.push((start, end, pieces[start..end].concat()));
            start = end;
        }
        out
    }

    /// Every line's name under the one split of the runs (how many pieces of each end the
    /// name above, and how many start the name below) that makes each name empty or `known`,
    /// and the lines of their own the pieces between make (see `blanks`); None where no split
    /// or several do.
    fn names(&self, known: impl Fn(&str) -> bool) -> Option<(Vec<String>, Vec<Blank>)> {
        let fine = |name: &str| name.is_empty() || known(name);
        let n = self.runs.len();
        // ways[d][h]: the ways (counted up to 2) to name D0..Dd and the lines of their own
        // before D(d+1) with D(d+1)'s name starting at piece h of run d, and the last way found
        // (the head of run d-1, the tail of run d)
        let mut ways: Vec<Vec<(usize, usize, usize)>> = Vec::new();
        for d in 0..=n {
            let pieces = self.run(d);
            let mut here = vec![(0, 0, 0); pieces.len() + 1];
            let heads: Vec<(usize, usize)> = if d == 0 {
                vec![(0, 1)]
            } else {
                ways[d - 1]
                    .iter()
                    .enumerate()
                    .filter(|(_, w)| w.0 > 0)
                    .map(|(h, w)| (h, w.0))
                    .collect()
            };
            // (the tail is all the last line's unless lines of their own may follow it)
            let tails = if d == n && !self.blanks {
                pieces.len()..=pieces.len()
            } else {
                0..=pieces.len()
            };
            for (h, count) in heads {
                for t in tails.clone() {
                    if !fine(&self.name(d, h, t)) {
                        continue;
                    }
                    // (the last line's pieces after its tail are all lines of their own)
                    let next_heads = if d == n {
                        pieces.len()..=pieces.len()
                    } else {
                        t..=pieces.len()
                    };
                    for next in next_heads {
                        let between = self.blank_ways(&pieces[t..next], &known);
                        if between > 0 {
                            let slot = &mut here[next];
                            *slot = ((slot.0 + count * between).min(2), h, t);
                        }
                    }
                }
            }
            ways.push(here);
        }
        let last = ways[n].last()?;
        if last.0 != 1 {
            return None;
        }
        // back from the end: each line's head and tail
        let mut cuts = vec![(0, 0); n + 1];
        let mut next = self.run(n).len();
        for d in (0..=n).rev() {
            let (_, h, t) = ways[d][next];
            cuts[d] = (h, t);
            next = h;
        }
        let mut names = Vec::new();
        let mut blanks = Vec::new();
        for d in 0..=n {
            let (h, t) = cuts[d];
            names.push(self.name(d, h, t));
            let next = if d < n {
                cuts[d + 1].0
            } else {
                self.run(n).len()
            };
            for (from, to, name) in Self::blank_cut(&self.run(d)[t..next], &known) {
                blanks.push((d, t + from, t + to, name));
            }
        }
        Some((names, blanks))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn join(text: &str) -> Vec<String> {
        let lines: Vec<&str> = text.lines().collect();
        join_wrapped_summary_names(&lines, &mut None)
    }

    #[test]
    fn joins_names_wrapped_below_their_line_in_either_half() {
        let out = join(
            "财政拨款收入支出决算总表
  项目     行次      金额             项目     行次    合计
  栏次              1             栏次            2
一、一般公共   1      341743.30     一、一般公共   33   112515.37
预算财政拨款                        服务支出
二、政府性基   2         197.49     二、外交支出   34
金预算财政拨
款
         3                    三、国防支出   35
注：本表反映单位本年度财政拨款的总收支。",
        );
        assert_eq!(
            out[3],
            "一、一般公共预算财政拨款  1  341743.30  一、一般公共服务支出  33  112515.37"
        );
        assert!(out[4].is_empty() && out[6].is_empty() && out[7].is_empty());
        assert_eq!(
            out[5],
            "二、政府性基金预算财政拨款  2  197.49  二、外交支出  34"
        );
        assert_eq!(out[8], "3  三、国防支出  35");
    }

    #[test]
    fn joins_a_name_centred_around_its_line() {
        let out = join(
            "财政拨款收入支出决算总表
      栏次                      1              栏次                 2
                     21               二十一、国有资本经营预算支出   53         24.60
                                      二十二、灾害防治及应急管理支
                     22                                54         0.00
                                      出
                     23               二十三、其他支出         55        79.91",
        );
        assert!(out[3].is_empty() && out[5].is_empty());
        assert_eq!(out[4], "22  二十二、灾害防治及应急管理支出  54  0.00");
        assert_eq!(out[2], "21  二十一、国有资本经营预算支出  53  24.60");
    }

    #[test]
    fn ends_a_name_cut_by_a_page_break_on_the_next_page() {
        // the page repeats the headings above the piece
        let page = |top: &str| {
            format!(
                "财政拨款收入支出决算总表
  项目     行次      金额             项目     行次    合计
  栏次              1             栏次            2
         25                   二十五、债务   57
                              付息支出
         26                   二十六、抗疫   58
                              特别国债安排
{PAGE_BREAK}
{top}                                 的支出
本年收入合计       27      10.00   本年支出合计    59      10.00
注：本表反映单位本年度财政拨款的总收支。"
            )
        };
        let repeated = page(
            "       收入                     支出
  项目     行次      金额             项目     行次    合计
  栏次              1             栏次            2
",
        );
        for text in [repeated.as_str(), &page("")] {
            let out = join(text);
            let at = out.iter().position(|l| l.contains("58")).unwrap();
            assert_eq!(out[at], "26  二十六、抗疫特别国债安排的支出  58", "{text}");
            assert!(!out.iter().any(|l| l.trim() == "的支出"));
            assert!(out.contains(&"本年收入合计  27  10.00  本年支出合计  59  10.00".to_string()));
        }
        // the headings a page repeats are left as they are
        let out = join(&repeated);
        assert!(out.iter().any(|l| l.trim_start().starts_with("收入")));
    }

    #[test]
    fn leaves_pieces_that_make_no_known_name_where_they_are() {
        let text = "收入支出决算总表
      栏次                      1              栏次                 2
一、某某某某         1    10.00   一、一般公共服务支出   33    10.00
不知名收入
二、其他收入         2     0.00   二、外交支出           34     0.00";
        let out = join(text);
        assert_eq!(out[3], "不知名收入");
        assert_eq!(
            out[2],
            "一、某某某某  1  10.00  一、一般公共服务支出  33  10.00"
        );
    }

    #[test]
    fn marks_the_halves_of_a_summary_printed_without_line_numbers() {
        let out = join(
            "收入支出决算总表
           项目               金额                    项目       金额
一、一般公共预算财政拨款收入              390,516.16 一、一般公共服务支出          117,801.81
二、政府性基金预算财政拨款收入                        二、外交支出
七、附属单位上缴收入                             七、文化旅游体育与传媒支
                                       出
本年收入合计                      391,258.74 本年支出合计              391,133.08
使用非财政拨款结余                              结余分配",
        );
        assert_eq!(
            out[1].trim_start(),
            "项目               金额                    项目       金额"
        );
        assert_eq!(
            out[2],
            "‖1  一、一般公共预算财政拨款收入  390,516.16  ‖2  一、一般公共服务支出  117,801.81"
        );
        assert_eq!(
            out[3],
            "‖1  二、政府性基金预算财政拨款收入  ‖2  二、外交支出"
        );
        assert_eq!(
            out[4],
            "‖1  七、附属单位上缴收入  ‖2  七、文化旅游体育与传媒支出"
        );
        assert!(out[5].is_empty());
        assert_eq!(out[7], "‖1  使用非财政拨款结余  ‖2  结余分配");
    }

    #[test]
    fn joins_blank_lines_wrapped_in_a_summary_without_line_numbers() {
        // -layout squeezed the total line (its right half starts columns before the others'),
        // and the blank 三、 line prints nothing but its wrapped name
        let out = join(
            "财政拨款收支总体情况表
     项目              金额                    项目           合计        一般公共预算财政拨款
一、一般公共预算财政拨款              100.00   一、一般公共服务支出      100.00      100.00
二、政府性基金预算财政拨                20.00   二、外交支出
款
三、国有资本经营预算财政                          三、国防支出
拨款
                                      四、公共安全支出            20.00
本年收入合计   120.00   本年支出合计         120.00   100.00",
        );
        assert_eq!(
            out[3],
            "‖1  二、政府性基金预算财政拨款  20.00  ‖2  二、外交支出"
        );
        assert!(out[4].is_empty() && out[6].is_empty());
        assert_eq!(out[5], "‖1  三、国有资本经营预算财政拨款  ‖2  三、国防支出");
        assert_eq!(
            out[8],
            "‖1  本年收入合计  120.00  ‖2  本年支出合计  120.00  100.00"
        );
    }

    #[test]
    fn a_budget_s_zero_is_an_amount_not_a_line_number() {
        let out = join(
            "财政拨款收支总体情况表
          项目               金额                    项目       合计
三、国有资本经营预算财政拨款                    0 三、国防支出                        0
                                    五、教育支出              116,418,500
                                    七、文化旅游体育与传媒
                                    支出                  0
本年收入合计                116,418,500 本年支出合计            116,418,500",
        );
        assert_eq!(
            out[2],
            "‖1  三、国有资本经营预算财政拨款  0  ‖2  三、国防支出  0"
        );
        assert!(out[4].is_empty());
        assert_eq!(out[5], "‖2  七、文化旅游体育与传媒支出  0");
        assert!(is_line_number("01") && is_line_number("27"));
        assert!(!is_line_number("0") && !is_line_number("00"));
    }

    #[test]
    fn tells_the_standard_headings_of_fiscal_summary_however_wrapped() {
        let table = |headings: &str| {
            format!(
                "2023 年度财政拨款收入支出决算总表
单位：某单位                                     单位：万元
{headings}
一、一般公共预算财政拨款    614,691.82 一、一般公共服务支出   126,632.03   126,632.03"
            )
        };
        let standard = table(
            "                 收入                          支出
                                                       政府性基金预算财政拨   国有资本经营预算财政
          项目             金额     项目     合计   一般公共预算财政拨款
                                                            款           拨款",
        );
        assert!(prints_standard_headings(
            &standard,
            TableKind::FiscalSummary
        ));
        let swapped = table(
            "          项目   金额   项目   合计   政府性基金预算财政拨款   一般公共预算财政拨款   国有资本经营预算财政拨款",
        );
        assert!(!prints_standard_headings(
            &swapped,
            TableKind::FiscalSummary
        ));
        let letterspaced = table(
            "    项   目     金额    项     目    合   计   一般公共预算财政拨款   政府性基金预算财政拨款   国有资本经营预算财政拨款",
        );
        assert!(prints_standard_headings(
            &letterspaced,
            TableKind::FiscalSummary
        ));
        let other = table(
            "          项目   金额   项目   合计   一般公共预算财政拨款   政府性基金预算财政拨款   国有资本经营预算财政拨款   上年结转",
        );
        assert!(!prints_standard_headings(&other, TableKind::FiscalSummary));
    }
}
