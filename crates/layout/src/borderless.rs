//! Tables drawn without ruling lines: columns by alignment, rows by the lines that carry numbers.
//!
//! A borderless table is turned into the rules it would have had, so that the ruled-grid code
//! reads it unchanged. Only evidence that survives blank cells is used: amounts are right-aligned,
//! so the right edges of the amounts printed in a column agree; codes and names are left-aligned,
//! so their left edges agree; 行次 and 栏次 numbers are centred. A column whose amounts are all
//! blank still has its 栏次 number. Rows are anchored on the lines that carry a number (amount,
//! code, 行次) or start with a line numbering ("二、"); any other line of the table is a piece of
//! a wrapped name and joins the nearest anchor.
//!
//! A band of lines is taken for a table only when at least three of its lines carry amounts, so
//! prose, titles and tables of contents never become grids.
//!
//! Why one file of about 600 lines: the inference is one pipeline (bands → anchors → edges →
//! columns → rules) whose steps share the same line and edge types and tolerances; split, each
//! part would need the others' private types to be tested.

use juesuan_pdf::{Glyph, Rule};

/// Two edges closer than this (points) are one column edge.
const EDGE: f32 = 3.0;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    /// "1,096.44", "120.7", "-", "—", "0.00": right-aligned
    Amount,
    /// 1–2 digit 行次 / 栏次: centred
    Integer,
    /// 3/5/7-digit 科目编码: left-aligned
    Code,
    Text,
}

#[derive(Clone, Debug)]
struct Segment {
    text: String,
    x0: f32,
    x1: f32,
    kind: Kind,
    /// In laid-out text, an amount a single space after the amount before it: `pdftotext
    /// -layout` printed the two as one word, from where the first starts, so this one stands
    /// left of where the page printed it, and its right edge is no column's.
    fused: bool,
}

#[derive(Clone, Debug)]
struct Line {
    y0: f32,
    y1: f32,
    segments: Vec<Segment>,
}

impl Line {
    fn has(&self, kind: Kind) -> bool {
        self.segments.iter().any(|s| s.kind == kind)
    }
    fn is_data(&self) -> bool {
        self.has(Kind::Amount) || self.has(Kind::Code) || self.has(Kind::Integer)
    }
    fn starts_numbered(&self) -> bool {
        let Some(first) = self.segments.first() else {
            return false;
        };
        let t = first.text.as_str();
        let head: String = t
            .chars()
            .take_while(|c| "一二三四五六七八九十".contains(*c))
            .collect();
        (!head.is_empty() && t[head.len()..].starts_with('、'))
            || t.starts_with('（')
                && t.chars()
                    .nth(1)
                    .is_some_and(|c| "一二三四五六七八九十".contains(c))
    }
    fn center(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }
}

fn kind_of(text: &str) -> Kind {
    let t = text.trim();
    if matches!(t, "-" | "—" | "－" | "--" | "——") {
        return Kind::Amount;
    }
    let body = t.strip_prefix('-').unwrap_or(t);
    let digits = body.chars().filter(|c| c.is_ascii_digit()).count();
    let numeric = !body.is_empty()
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',');
    if !numeric || digits == 0 {
        return Kind::Text;
    }
    if body.contains(['.', ',']) || t.starts_with('-') {
        Kind::Amount
    } else if matches!(body.len(), 3 | 5 | 7) {
        Kind::Code
    } else if body.len() <= 2 {
        Kind::Integer
    } else {
        Kind::Amount
    }
}

/// A percentage as printed ("100.9%", "-14.9%").
fn is_percentage(text: &str) -> bool {
    text.trim()
        .strip_suffix(['%', '％'])
        .is_some_and(|n| kind_of(n) == Kind::Amount && n.chars().any(|c| c.is_ascii_digit()))
}

/// Split glyph lines into segments at gaps wider than the font size. In laid-out text
/// (`from_text`) a percentage is an amount, right-aligned: taken for text, a column of them is
/// placed by its left edge, where text sets a heading wrapped over it further left still, and
/// the boundary before it runs through the heading.
fn lines_of(glyphs: &[&Glyph], from_text: bool) -> Vec<Line> {
    let visible: Vec<&Glyph> = glyphs
        .iter()
        .copied()
        .filter(|g| !g.text.trim().is_empty())
        .collect();
    crate::lines::baselines(&visible)
        .into_iter()
        .map(|(y0, y1, members)| {
            let mut segments: Vec<Segment> = Vec::new();
            // (per segment: whether it starts a single space after the one before, a space
            // as wide as its first character)
            let mut tight: Vec<bool> = Vec::new();
            for g in members {
                match segments.last_mut() {
                    Some(s) if g.x0 - s.x1 <= 0.9 * g.size => {
                        s.text.push_str(&g.text);
                        s.x1 = s.x1.max(g.x1);
                    }
                    last => {
                        tight.push(last.is_some_and(|s| g.x0 - s.x1 <= g.x1 - g.x0 + 0.1));
                        segments.push(Segment {
                            text: g.text.clone(),
                            x0: g.x0,
                            x1: g.x1,
                            kind: Kind::Text,
                            fused: false,
                        });
                    }
                }
            }
            for s in &mut segments {
                s.kind = match kind_of(&s.text) {
                    Kind::Text if from_text && is_percentage(&s.text) => Kind::Amount,
                    kind => kind,
                };
            }
            // (in laid-out text, a six-digit unit code opening a line, a name after it: a
            // consolidated table's unit line, its code in the code column; see `unit_code`)
            if from_text && segments.len() >= 2 && unit_code(&segments[0], &segments[1]) {
                segments[0].kind = Kind::Code;
            }
            for k in 1..segments.len() {
                segments[k].fused = from_text
                    && tight[k]
                    && segments[k].kind == Kind::Amount
                    && segments[k - 1].kind == Kind::Amount;
            }
            Line { y0, y1, segments }
        })
        .collect()
}

/// Whether a line's first segment is the six-digit code of a department's unit, a name after
/// it: a table printing each unit's rows under the unit's line ("197001  白沙市卫生健康委员会")
/// prints its code in the code column, where the page's reader joins it to the name. Taken
/// for an integer amount, it would make an amount column of the code column.
fn unit_code(first: &Segment, next: &Segment) -> bool {
    let t = first.text.trim();
    t.len() == 6 && t.chars().all(|c| c.is_ascii_digit()) && next.kind == Kind::Text
}

/// A line of laid-out text that is a piece of a wrapped name starting with 单位 ("单位医疗" under
/// "行政事业"), not the unit line a table's band ends at ("单位：万元"): one word, ideographs only.
fn wrapped_piece(line: &Line) -> bool {
    let [only] = line.segments.as_slice() else {
        return false;
    };
    only.kind == Kind::Text
        && only.text.chars().count() > 2
        && only
            .text
            .chars()
            .all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Runs of lines that look like one table: near each other, not prose, not a unit line or note.
fn bands(lines: &[Line], from_text: bool) -> Vec<&[Line]> {
    let left = lines
        .iter()
        .flat_map(|l| l.segments.first())
        .map(|s| s.x0)
        .fold(f32::MAX, f32::min);
    let right = lines
        .iter()
        .flat_map(|l| l.segments.last())
        .map(|s| s.x1)
        .fold(f32::MIN, f32::max);
    let width = (right - left).max(1.0);
    let breaks = |l: &Line| {
        let first = l.segments.first().map(|s| s.text.as_str()).unwrap_or("");
        first.starts_with('注')
            || (first.starts_with("单位") && !(from_text && wrapped_piece(l)))
            || l.segments
                .iter()
                .any(|s| s.text.contains("单位：") || s.text.contains("单位:"))
            || (l.segments.len() == 1
                && !l.is_data()
                && l.segments[0].x1 - l.segments[0].x0 > 0.5 * width)
    };
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..=lines.len() {
        let cut = i == lines.len()
            || breaks(&lines[i])
            || (i > start
                && lines[i].y0 - lines[i - 1].y1 > 2.5 * (lines[i].y1 - lines[i].y0).max(6.0));
        if cut {
            let band = &lines[start..i];
            // three lines with amounts; or one, under a 栏次 line or with many amounts (the
            // single data row of a 三公 table, the last rows of a table on its next page)
            let amount_lines = band.iter().filter(|l| l.has(Kind::Amount)).count();
            let numbered = band.iter().any(is_column_numbers);
            let wide = band
                .iter()
                .any(|l| l.segments.iter().filter(|s| s.kind == Kind::Amount).count() >= 4);
            // (or two, each a label beside its amount: the last rows of a table, page over)
            let labelled_amounts = amount_lines >= 2
                && band
                    .iter()
                    .filter(|l| l.has(Kind::Amount))
                    .all(|l| l.segments.len() >= 2 && l.segments[0].kind != Kind::Amount);
            // (or one at the top of a page with labels, 行次 and amounts: a table's last row)
            let top_row = start == 0
                && band.len() == 1
                && band[0].segments.len() >= 4
                && band[0]
                    .segments
                    .iter()
                    .filter(|s| s.kind != Kind::Text)
                    .count()
                    >= 3;
            if amount_lines >= 3
                || (amount_lines >= 1 && (numbered || wide))
                || labelled_amounts
                || top_row
            {
                out.push(band);
            }
            start = if i < lines.len() && breaks(&lines[i]) {
                i + 1
            } else {
                i
            };
        }
    }
    out
}

#[derive(Clone, Copy, Debug)]
struct Column {
    kind: Kind,
    /// The aligned edge: right for amounts, left for codes and text, centre for integers.
    edge: f32,
    x0: f32,
    x1: f32,
    count: usize,
}

fn add(columns: &mut Vec<Column>, kind: Kind, edge: f32, s: &Segment) {
    match columns
        .iter_mut()
        .find(|c| c.kind == kind && (c.edge - edge).abs() <= EDGE)
    {
        Some(c) => {
            c.x0 = c.x0.min(s.x0);
            c.x1 = c.x1.max(s.x1);
            c.count += 1;
        }
        None => columns.push(Column {
            kind,
            edge,
            x0: s.x0,
            x1: s.x1,
            count: 1,
        }),
    }
}

/// The 栏次 line: labelled "栏次", or nothing but the numbers 1, 2, 3, … left to right.
fn is_column_numbers(line: &Line) -> bool {
    let labelled = line.segments.iter().any(|s| {
        let t: String = s.text.chars().filter(|c| !c.is_whitespace()).collect();
        t == "栏次"
    });
    let numbers: Vec<u32> = line
        .segments
        .iter()
        .filter_map(|s| s.text.trim().parse().ok())
        .collect();
    labelled
        || (numbers.len() >= 3
            && numbers.len() == line.segments.len()
            && numbers.iter().enumerate().all(|(i, &n)| n == i as u32 + 1))
}

/// In laid-out text, also the 栏次 line printing "栏次" letterspaced ("栏   次"), which text
/// keeps as two words: its words other than numbers are the label's characters. And one with
/// placeholders ("**") under the code and name headings, which text centres under them, where
/// no code or name stands: taken for cells, they would part the codes' last digits from the
/// rest.
fn is_column_numbers_in_text(line: &Line) -> bool {
    let label: String = line
        .segments
        .iter()
        .filter(|s| s.kind == Kind::Text)
        .flat_map(|s| s.text.chars().filter(|c| !c.is_whitespace()))
        .collect();
    let placeholder = |s: &Segment| {
        let t = s.text.trim();
        !t.is_empty() && t.chars().all(|c| matches!(c, '*' | '＊'))
    };
    let numbers = Line {
        segments: line
            .segments
            .iter()
            .filter(|s| !placeholder(s))
            .cloned()
            .collect(),
        ..*line
    };
    is_column_numbers(&numbers)
        || (label == "栏次"
            && line
                .segments
                .iter()
                .all(|s| matches!(s.kind, Kind::Text | Kind::Integer)))
}

/// How far apart `pdftotext -layout` prints the right ends of one column's amounts at most: three
/// characters (text.rs lays each character 2.5 pt wide).
const MISALIGNED: f32 = 7.5;

/// In laid-out text, one column's amounts that `pdftotext -layout` printed a character or two
/// apart (it rounds each line's positions to character columns: "251.13" ending two characters
/// left of the "0.00"s below it). Two amount edges closer than the narrowest amount ending at
/// either cannot both be columns, as their amounts would overlap: where no line prints an amount
/// at both, they are one column, at the edge more amounts share, however many amounts end at
/// each (-layout can end a column's longer amounts up to three characters left of its shorter
/// ones, each on many lines).
fn join_misaligned_amounts(columns: &mut Vec<Column>, data: &[&Line]) {
    let at = |edge: f32| move |s: &&Segment| s.kind == Kind::Amount && (s.x1 - edge).abs() <= EDGE;
    loop {
        let amounts: Vec<usize> = (0..columns.len())
            .filter(|&i| columns[i].kind == Kind::Amount)
            .collect();
        let pair = amounts
            .iter()
            .flat_map(|&i| amounts.iter().map(move |&j| (i, j)))
            .find(|&(i, j)| {
                let (a, b) = (&columns[i], &columns[j]);
                if i == j || a.edge >= b.edge {
                    return false;
                }
                let narrowest = data
                    .iter()
                    .flat_map(|l| &l.segments)
                    .filter(|s| at(a.edge)(s) || at(b.edge)(s))
                    .map(|s| s.x1 - s.x0)
                    .fold(f32::MAX, f32::min);
                // (two amounts of one line, not one amount ending between the two edges)
                let together = data.iter().any(|l| {
                    l.segments.iter().enumerate().any(|(i, s)| {
                        at(a.edge)(&s)
                            && l.segments
                                .iter()
                                .enumerate()
                                .any(|(j, t)| j != i && at(b.edge)(&t))
                    })
                });
                b.edge - a.edge <= MISALIGNED && b.edge - a.edge < narrowest && !together
            });
        let Some((i, j)) = pair else { return };
        let (a, b) = (columns[i], columns[j]);
        let busier = if b.count > a.count { b } else { a };
        columns[i] = Column {
            kind: Kind::Amount,
            edge: busier.edge,
            x0: a.x0.min(b.x0),
            x1: a.x1.max(b.x1),
            count: a.count + b.count,
        };
        columns.remove(j);
    }
}

/// The columns of a band, from the lines below its header.
fn columns_of(
    band: &[Line],
    first_data: usize,
    from_text: bool,
    join_misaligned: bool,
) -> Vec<Column> {
    let mut columns: Vec<Column> = Vec::new();
    let numbers_line = band[first_data..]
        .iter()
        .position(|l| {
            if from_text {
                is_column_numbers_in_text(l)
            } else {
                is_column_numbers(l)
            }
        })
        .map(|i| i + first_data);
    let data: Vec<&Line> = band[first_data..]
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(i + first_data) != numbers_line)
        .map(|(_, l)| l)
        .collect();
    for line in &data {
        for s in line
            .segments
            .iter()
            .filter(|s| s.kind == Kind::Amount && !s.fused)
        {
            add(&mut columns, Kind::Amount, s.x1, s);
        }
    }
    // an amount text fused with the one before stands left of its column's edge: it is of the
    // first column ending at or right of it, unless none does before the amount after it (and
    // that column reaches as far left as it starts, so that no boundary cuts it)
    for line in &data {
        for (k, s) in line.segments.iter().enumerate() {
            if !s.fused {
                continue;
            }
            let next = line.segments.get(k + 1).map_or(f32::MAX, |n| n.x0);
            let own = columns
                .iter_mut()
                .filter(|c| c.kind == Kind::Amount && c.edge >= s.x1 - EDGE && c.edge < next)
                .min_by(|a, b| a.edge.total_cmp(&b.edge));
            match own {
                Some(column) => column.x0 = column.x0.min(s.x0),
                None => add(&mut columns, Kind::Amount, s.x1, s),
            }
        }
    }
    if join_misaligned {
        join_misaligned_amounts(&mut columns, &data);
    }
    // the 栏次 numbers name the amount columns, also those whose cells are all blank: each number
    // labels the first amount column right of it; where none lies before the next number, the
    // column is blank throughout and is made at the number
    if let Some(n) = numbers_line {
        let numbers: Vec<&Segment> = band[n]
            .segments
            .iter()
            .filter(|s| s.kind == Kind::Integer)
            .collect();
        for (i, number) in numbers.iter().enumerate() {
            let center = (number.x0 + number.x1) / 2.0;
            let next = numbers.get(i + 1).map_or(f32::MAX, |s| (s.x0 + s.x1) / 2.0);
            let labelled = columns
                .iter()
                .any(|c| c.kind == Kind::Amount && c.edge > center && c.edge < next);
            if !labelled {
                columns.push(Column {
                    kind: Kind::Amount,
                    edge: number.x1,
                    x0: number.x0,
                    x1: number.x1,
                    count: 0,
                });
            }
        }
    }
    for line in &data {
        for s in &line.segments {
            match s.kind {
                Kind::Amount => {}
                Kind::Integer => {
                    // an integer amount ("12" 万元) sits on an amount column's right edge
                    if let Some(c) = columns
                        .iter_mut()
                        .find(|c| c.kind == Kind::Amount && (c.edge - s.x1).abs() <= EDGE)
                    {
                        c.x0 = c.x0.min(s.x0);
                    } else {
                        add(&mut columns, Kind::Integer, (s.x0 + s.x1) / 2.0, s);
                    }
                }
                Kind::Code => add(&mut columns, Kind::Code, s.x0, s),
                Kind::Text => add(&mut columns, Kind::Text, s.x0, s),
            }
        }
    }
    // a label lying across other columns (合计 or 人员经费合计 centred over code and name: the
    // name column's left edge falls inside it, or it overlaps a busier column) is not a column;
    // one alone where it is (总计 on the last page of a summary) is
    let all = columns.clone();
    columns.retain(|c| {
        c.kind != Kind::Text
            || !all.iter().any(|o| {
                let itself = o.kind == c.kind && o.edge == c.edge;
                let straddles = !itself
                    && matches!(o.kind, Kind::Text | Kind::Code)
                    && o.count >= c.count
                    && o.edge > c.x0 + 2.0
                    && o.edge < c.x1 - 2.0;
                let overlaps_busier =
                    o.edge != c.edge && o.count > c.count && o.x0 < c.x1 && c.x0 < o.x1;
                straddles || overlaps_busier
            })
    });
    columns.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    // drop a column lying inside another's extent (a centred one-off inside a name column), and
    // a label printed once right after a name column with nothing between (公用经费合计 centred
    // over its cells, on a page with few rows)
    let mut kept: Vec<Column> = Vec::new();
    for c in columns {
        if let Some(prev) = kept.last()
            && c.kind == Kind::Text
            && (c.x1 <= prev.x1 + EDGE || (c.count == 1 && prev.kind == Kind::Text))
        {
            continue;
        }
        kept.push(c);
    }
    kept
}

/// In laid-out text, without a label printed once between two columns of codes or code parts
/// ("合计" centred over 类 | 款 | 项, its own column between 款 and 项): no names are printed
/// there, and the blank column would part 款 from 项.
fn between_code_parts(columns: Vec<Column>) -> Vec<Column> {
    let code = |c: Option<&Column>| c.is_some_and(|c| matches!(c.kind, Kind::Code | Kind::Integer));
    (0..columns.len())
        .filter(|&i| {
            let c = &columns[i];
            !(c.kind == Kind::Text
                && c.count == 1
                && i > 0
                && code(columns.get(i - 1))
                && code(columns.get(i + 1)))
        })
        .map(|i| columns[i])
        .collect()
}

/// In laid-out text, without a column made only of the first characters of letterspaced labels
/// ("合   计", "栏   次" printed with spaces between their characters, as a page letterspaces a
/// short label across a wide cell): each such character stands a few spaces before the
/// label's next character, which lies in the names column after it. `pdftotext -layout` keeps
/// the spaces, so the first character would make a column of its own between the codes and the
/// names; the names column starts at it instead, and the label is one cell.
fn letterspaced_labels(columns: Vec<Column>, data: &[Line]) -> Vec<Column> {
    let single = |s: &Segment| {
        let mut chars = s.text.trim().chars();
        chars.next().is_some_and(|c| !c.is_ascii()) && chars.next().is_none()
    };
    let mut kept: Vec<Column> = Vec::new();
    let mut i = 0;
    while i < columns.len() {
        let c = columns[i];
        if let Some(next) = columns.get(i + 1).copied()
            && c.kind == Kind::Text
            && next.kind == Kind::Text
        {
            let mut pieces = data
                .iter()
                .flat_map(|l| l.segments.iter().enumerate().map(move |(k, s)| (l, k, s)))
                .filter(|(_, _, s)| s.x0 >= c.x0 - 0.1 && s.x1 <= c.x1 + 0.1)
                .peekable();
            let any = pieces.peek().is_some();
            let letterspaced = any
                && pieces.all(|(l, k, s)| {
                    single(s)
                        && l.segments
                            .get(k + 1)
                            .is_some_and(|n| single(n) && n.x0 >= next.x0 - EDGE && n.x0 <= next.x1)
                });
            if letterspaced {
                kept.push(Column { x0: c.x0, ..next });
                i += 2;
                continue;
            }
        }
        kept.push(c);
        i += 1;
    }
    kept
}

/// In laid-out text, without a column of nothing but dashes (blank cells) that starts at most a
/// space past the end of the column before it, no line printing in both: those are that
/// column's blank cells. `pdftotext -layout` sets a one-character dash where the page printed
/// it, while a longer number ends where its characters counted one column each take it, a
/// column or two short of the edge it shares with the dash where its glyphs are wider ("100.9%",
/// its "%" wide, ends two columns left of the "-" below it). A column of blanks of its own ends a
/// column's width past the one before.
fn dashes_beside(columns: Vec<Column>, data: &[Line]) -> Vec<Column> {
    let inside = |s: &Segment, c: &Column| s.x0 >= c.x0 - 0.1 && s.x1 <= c.x1 + 0.1;
    let mut kept: Vec<Column> = Vec::new();
    for c in columns {
        let segments = || {
            data.iter()
                .flat_map(|l| &l.segments)
                .filter(|s| inside(s, &c))
        };
        let dashes = c.kind == Kind::Amount
            && segments().next().is_some()
            && segments().all(|s| matches!(s.text.trim(), "-" | "—" | "－" | "--" | "——"));
        if let Some(prev) = kept.last_mut()
            && dashes
            && c.x0 >= prev.x1 - 0.1
            && c.x0 - prev.x1 <= EDGE
            && !data.iter().any(|l| {
                l.segments.iter().any(|s| inside(s, prev))
                    && l.segments.iter().any(|s| inside(s, &c))
            })
        {
            prev.x1 = prev.x1.max(c.x1);
            prev.count += c.count;
            continue;
        }
        kept.push(c);
    }
    kept
}

/// Where one column ends and the next begins: just past a right-aligned column's edge, just
/// before a left-aligned one's, else halfway between their texts. In laid-out text
/// (`from_text`) never inside the amounts before: text a space after a dash ("— 二、外交支出")
/// starts a column further left than text a space after a long amount, where the page had
/// room for more.
fn boundary(a: &Column, b: &Column, from_text: bool) -> f32 {
    match (a.kind, b.kind) {
        (Kind::Amount, Kind::Code | Kind::Text) if from_text => (b.x0 - 1.5).max(a.x1 + 0.5),
        // (nor inside the amounts after, where they start no further left than those before end:
        // an amount -layout printed a space after one pushed a character right by a long name)
        (Kind::Amount, Kind::Amount) if from_text && b.x0 >= a.x1 - 0.1 => (a.x1 + 1.5).min(b.x0),
        (_, Kind::Code | Kind::Text) => b.x0 - 1.5,
        (Kind::Amount, _) => a.x1 + 1.5,
        _ => (a.x1 + b.x0) / 2.0,
    }
}

/// In laid-out text, the boundary between a label column and the amounts after it, where a
/// heading printed past every label runs across it or up to it, moved so that the heading is
/// whole on one side:
/// - left, to just before it, where the label column has a heading of its own and the amounts
///   none other on that line: the amounts' heading printed closer to the names' heading than the
///   amounts to the names ("科目名称        2021年预算数", a narrow name heading counted a column
///   a character), which would otherwise become one cell with the names' heading and make the
///   amounts a label column;
/// - right, to just after it, where it ends before every amount, the label column has no other
///   heading on that line and the amounts have theirs after it: the names' heading printed
///   right of its column ("科目名称   合计").
fn before_headings(xs: &mut [f32], columns: &[Column], header_lines: &[Line]) {
    let segments = || header_lines.iter().flat_map(|l| &l.segments);
    for i in 0..columns.len().saturating_sub(1) {
        let (a, b) = (&columns[i], &columns[i + 1]);
        if !matches!(a.kind, Kind::Text | Kind::Code) || b.kind != Kind::Amount {
            continue;
        }
        let (from, x) = (xs[i], xs[i + 1]);
        let next = xs.get(i + 2).copied().unwrap_or(f32::MAX);
        let within = |o: &Segment, lo: f32, hi: f32| o.x0 >= lo && o.x1 <= hi;
        let own = segments().any(|o| within(o, from, x));
        let mut left = f32::MAX;
        let mut right = f32::MIN;
        for line in header_lines {
            for s in &line.segments {
                if s.x0 <= a.x1 + 0.5 || s.x1 <= x + 1.0 {
                    continue;
                }
                let amounts_heading = line.segments.iter().any(|o| within(o, s.x1, next));
                let label_heading = line.segments.iter().any(|o| within(o, from, s.x0));
                if s.x0 < x - 1.0 && own && !amounts_heading {
                    left = left.min(s.x0);
                } else if s.x1 < b.x0 - 0.5 && !label_heading && amounts_heading {
                    right = right.max(s.x1);
                }
            }
        }
        if left < f32::MAX && left - 0.5 > xs[i] {
            xs[i + 1] = left - 0.5;
        } else if right > f32::MIN && !segments().any(|s| s.x0 < right + 0.5 && s.x1 > right + 0.5)
        {
            xs[i + 1] = right + 0.5;
        }
    }
}

/// Labels centred over several cells of a data row ("公用经费合计" over the code and name columns
/// of its group and the amount column of the group before): a text sitting in an amount column.
/// Its cell runs from the empty cells left of it to the cell before the next printed one, as
/// the drawn cell did.
fn label_spans(
    in_row: &[&Segment],
    columns: &[Column],
    column_of: &dyn Fn(f32) -> Option<usize>,
) -> Vec<(usize, usize)> {
    let occupied: Vec<usize> = in_row
        .iter()
        .filter_map(|s| column_of((s.x0 + s.x1) / 2.0))
        .collect();
    let mut spans = Vec::new();
    for s in in_row.iter().filter(|s| s.kind == Kind::Text) {
        let Some(c) = column_of((s.x0 + s.x1) / 2.0) else {
            continue;
        };
        if columns.get(c).is_none_or(|col| col.kind != Kind::Amount) {
            continue;
        }
        let mut from = c;
        while from > 0 && !occupied.contains(&(from - 1)) {
            from -= 1;
        }
        let mut to = c;
        while to + 1 < columns.len() && !occupied.contains(&(to + 1)) {
            to += 1;
        }
        if to > from {
            spans.push((from, to));
        }
    }
    spans
}

/// Whether two lines of text are one row printed over two lines, its code and the head of its
/// name above the tail of its name and its amounts ("229 60 02 用于社会福利的彩票" over
/// "公益金支出  180.24  180.24"): the first a code (its parts aside) and a name only, the second,
/// right under it (no blank line between), a name starting where the first's does (a total's
/// label under a row left blank starts elsewhere: "公用经费合计") and amounts only.
fn code_over_amounts(a: &Line, b: &Line) -> bool {
    let kinds = |l: &Line| l.segments.iter().map(|s| s.kind).collect::<Vec<_>>();
    let (top, bottom) = (kinds(a), kinds(b));
    let parts = top[1..].iter().take_while(|k| **k == Kind::Integer).count();
    top.first() == Some(&Kind::Code)
        && top[1 + parts..] == [Kind::Text]
        && bottom.first() == Some(&Kind::Text)
        && bottom.len() > 1
        && bottom[1..].iter().all(|k| *k == Kind::Amount)
        && (b.segments[0].x0 - a.segments[1 + parts].x0).abs() <= 0.55 * (a.y1 - a.y0)
        && b.y0 - a.y1 < a.y1 - a.y0
}

/// Whether two lines of text are one row printed over two lines the other way round: the head of
/// its name and its amounts above its code and the tail of its name ("政府办公厅（室）及相关机构
/// 143341.15" over "20103  事务", a code cell centred on a name of two lines, the amounts on the
/// first): the first a name and amounts only, the second, right under it, a code (its parts
/// aside) and a name starting where the first's does (a total's label, centred or further
/// left, does not).
fn amounts_over_code(a: &Line, b: &Line) -> bool {
    let kinds = |l: &Line| l.segments.iter().map(|s| s.kind).collect::<Vec<_>>();
    let (top, bottom) = (kinds(a), kinds(b));
    let parts = bottom[1..]
        .iter()
        .take_while(|k| **k == Kind::Integer)
        .count();
    top.first() == Some(&Kind::Text)
        && top.len() > 1
        && top[1..].iter().all(|k| *k == Kind::Amount)
        && bottom.first() == Some(&Kind::Code)
        && bottom[1 + parts..] == [Kind::Text]
        && (a.segments[0].x0 - b.segments[1 + parts].x0).abs() <= 0.55 * (a.y1 - a.y0)
        && b.y0 - a.y1 < a.y1 - a.y0
}

/// Whether the coded rows of a table printed as text start their names on their own lines
/// (cells aligned at the top), so that the lines between two rows are the wrapped tail of the
/// row above: some row starts with a code and none prints its code without a name beside it (a code
/// followed at once by an amount or another code is a row whose cell is centred, its name's head above it and
/// its tail below, where a line between two rows is as likely the next row's head).
fn names_top_aligned(anchors: &[&Line]) -> bool {
    let nameless = |l: &Line| {
        l.segments.iter().enumerate().any(|(k, s)| {
            let first = k == 0 || l.segments[k - 1].kind == Kind::Amount;
            let rest = l.segments[k + 1..].iter().find(|p| p.kind != Kind::Integer);
            first && s.kind == Kind::Code && rest.is_none_or(|p| p.kind != Kind::Text)
        })
    };
    anchors
        .iter()
        .any(|l| l.segments.first().is_some_and(|s| s.kind == Kind::Code))
        && !anchors.iter().any(|l| nameless(l))
}

/// In laid-out text, the name of a row printed centred on its amounts, its head on the line
/// above them and its tail on the line below, the amounts' line printing no name ("一、2022
/// 年末地方政府一般债务余额实际" over "2,757.28  2,757.28" over "数"): the head, numbered ("一、"),
/// reads as a row of its own. Returns (head, amounts line) for each such row: an anchor printing
/// a name only, right above an anchor printing amounts only, right above a line printing a name
/// only that is no anchor (not numbered).
fn centred_names(band: &[Line], anchors: &[usize]) -> Vec<(usize, usize)> {
    let only =
        |l: &Line, kind: Kind| !l.segments.is_empty() && l.segments.iter().all(|s| s.kind == kind);
    anchors
        .windows(2)
        .filter(|w| {
            let (head, row) = (w[0], w[1]);
            head + 1 == row
                && only(&band[head], Kind::Text)
                && only(&band[row], Kind::Amount)
                && band
                    .get(row + 1)
                    .is_some_and(|tail| !tail.starts_numbered() && only(tail, Kind::Text))
        })
        .map(|w| (w[0], w[1]))
        .collect()
}

/// The virtual rules of every borderless table among these glyphs (text outside ruled grids).
pub(crate) fn virtual_rules(
    glyphs: &[&Glyph],
    from_text: bool,
    join_misaligned: bool,
) -> Vec<Vec<Rule>> {
    let lines = lines_of(glyphs, from_text);
    let mut tables = Vec::new();
    for band in bands(&lines, from_text) {
        // the header: lines above the first line with a number (the 栏次 line is one)
        let Some(mut first_data) = band.iter().position(|l| l.is_data()) else {
            continue;
        };
        // (in laid-out text, a numbered name right above the first amounts, which print no
        // name, is the head of the first row's name, centred on them: see centred_names)
        if from_text
            && first_data > 0
            && band[first_data - 1].starts_numbered()
            && centred_names(band, &[first_data - 1, first_data]).len() == 1
        {
            first_data -= 1;
        }
        let mut columns = columns_of(band, first_data, from_text, from_text && join_misaligned);
        if from_text {
            columns = between_code_parts(columns);
            columns = letterspaced_labels(columns, &band[first_data..]);
            columns = dashes_beside(columns, &band[first_data..]);
        }
        if columns.iter().filter(|c| c.kind == Kind::Amount).count() < 1 || columns.len() < 2 {
            continue;
        }
        let left = band
            .iter()
            .flat_map(|l| l.segments.first())
            .map(|s| s.x0)
            .fold(f32::MAX, f32::min)
            .min(columns[0].x0)
            - 2.0;
        let right = band
            .iter()
            .flat_map(|l| l.segments.last())
            .map(|s| s.x1)
            .fold(f32::MIN, f32::max)
            + 2.0;
        let mut xs = vec![left];
        xs.extend(
            columns
                .windows(2)
                .map(|w| boundary(&w[0], &w[1], from_text)),
        );
        xs.push(right);

        // rows: header lines one by one, then anchors with their wrapped pieces
        let header_lines = &band[..first_data];
        if from_text {
            before_headings(&mut xs, &columns, header_lines);
        }
        let mut groups: Vec<(f32, f32)> = header_lines.iter().map(|l| (l.y0, l.y1)).collect();
        let mut anchors: Vec<usize> = (first_data..band.len())
            .filter(|&i| band[i].is_data() || band[i].starts_numbered())
            .collect();
        // one row printed over two lines of its cells: the amounts at the top, the code at the
        // bottom beside the end of the name (普陀): lines that close together, one with amounts
        // and no code, the other with a code and no amounts, are one anchor
        anchors.dedup_by(|next, prev| {
            let (a, b) = (&band[*prev], &band[*next]);
            // (text keeps no distances: there, a code and a name's head right above the name's
            // tail and the amounts)
            let close = b.y0 - a.y1 < 0.45 * (a.y1 - a.y0)
                || (from_text && (code_over_amounts(a, b) || amounts_over_code(a, b)));
            let amounts_then_code = a.has(Kind::Amount)
                && !a.has(Kind::Code)
                && b.has(Kind::Code)
                && !b.has(Kind::Amount);
            let code_then_amounts = a.has(Kind::Code)
                && !a.has(Kind::Amount)
                && b.has(Kind::Amount)
                && !b.has(Kind::Code);
            close && (amounts_then_code || code_then_amounts)
        });
        let held = if from_text {
            centred_names(band, &anchors)
        } else {
            Vec::new()
        };
        anchors.retain(|a| !held.iter().any(|(head, _)| head == a));
        let mut anchor_groups: Vec<(f32, f32)> =
            anchors.iter().map(|&i| (band[i].y0, band[i].y1)).collect();
        let top_aligned =
            from_text && names_top_aligned(&anchors.iter().map(|&i| &band[i]).collect::<Vec<_>>());
        for (i, line) in band.iter().enumerate().skip(first_data) {
            if anchors.contains(&i) {
                continue;
            }
            let distance = |a: usize| (band[a].center() - line.center()).abs();
            let above = anchors.iter().rposition(|&a| a < i);
            let own = held
                .iter()
                .find(|(head, _)| *head == i)
                .and_then(|(_, row)| anchors.iter().position(|a| a == row));
            let nearest = if own.is_some() {
                own
            } else if top_aligned && above.is_some() {
                above
            } else {
                (0..anchors.len())
                    .min_by(|&a, &b| distance(anchors[a]).total_cmp(&distance(anchors[b])))
            };
            if let Some(k) = nearest {
                let g = &mut anchor_groups[k];
                g.0 = g.0.min(line.y0);
                g.1 = g.1.max(line.y1);
            }
        }
        groups.extend(anchor_groups);
        groups.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut ys = vec![groups[0].0 - 1.5];
        ys.extend(groups.windows(2).map(|w| (w[0].1 + w[1].0) / 2.0));
        ys.push(groups[groups.len() - 1].1 + 1.5);

        // vertical rules row by row; in the header, none where a heading runs across the
        // boundary, so that a heading over several columns becomes one spanning cell
        let crossed = |x: f32, y0: f32, y1: f32| {
            header_lines.iter().any(|l| {
                (y0..y1).contains(&l.center())
                    && l.segments.iter().any(|s| s.x0 < x - 1.0 && s.x1 > x + 1.0)
            })
        };
        let column_of = |x: f32| xs.windows(2).position(|w| x >= w[0] && x < w[1]);
        let mut rules: Vec<Rule> = Vec::new();
        for w in ys.windows(2) {
            let in_row: Vec<&Segment> = band
                .iter()
                .filter(|l| (w[0]..w[1]).contains(&l.center()))
                .flat_map(|l| &l.segments)
                .collect();
            let data_row = (w[0] + w[1]) / 2.0 > band[first_data].y0;
            let spans = if data_row {
                label_spans(&in_row, &columns, &column_of)
            } else {
                Vec::new()
            };
            for (i, &x) in xs.iter().enumerate() {
                let interior = i > 0 && i + 1 < xs.len();
                let spanned = spans.iter().any(|&(a, b)| a < i && i <= b);
                if interior && (crossed(x, w[0], w[1]) || spanned) {
                    continue;
                }
                rules.push(Rule {
                    x0: x,
                    y0: w[0],
                    x1: x,
                    y1: w[1],
                });
            }
        }
        rules.extend(ys.iter().map(|&y| Rule {
            x0: left,
            y0: y,
            x1: right,
            y1: y,
        }));
        tables.push(rules);
    }
    tables
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Glyphs of one printed string, 8 pt, ASCII half-width; `right` aligns it to its end.
    fn text(out: &mut Vec<Glyph>, s: &str, x: f32, y: f32, right: bool) {
        let width = |c: char| if c.is_ascii() { 4.4 } else { 8.0 };
        let total: f32 = s.chars().map(width).sum();
        let mut x0 = if right { x - total } else { x };
        for c in s.chars() {
            out.push(Glyph {
                text: c.to_string(),
                x0,
                y0: y - 7.0,
                x1: x0 + width(c),
                y1: y + 1.0,
                size: 8.0,
            });
            x0 += width(c);
        }
    }

    #[test]
    fn infers_the_grid_of_a_table_printed_without_rules() {
        // 科目编码 | 科目名称 | 合计 | 基本 | 项目 (blank throughout): the 栏次 line keeps column 3
        let mut g = Vec::new();
        text(&mut g, "科目编码", 40.0, 100.0, false);
        text(&mut g, "科目名称", 110.0, 100.0, false);
        text(&mut g, "合计", 236.0, 100.0, false);
        text(&mut g, "基本支出", 292.0, 100.0, false);
        text(&mut g, "项目支出", 352.0, 100.0, false);
        text(&mut g, "栏次", 110.0, 114.0, false);
        for (n, x) in [("1", 250.0), ("2", 310.0), ("3", 370.0)] {
            text(&mut g, n, x - 2.2, 114.0, false);
        }
        let rows = [
            ("201", "一般公共服务支出", "1,096.44", "1,096.44"),
            ("20101", "人大事务", "96.44", "96.44"),
        ];
        for (i, (code, name, a, b)) in rows.iter().enumerate() {
            let y = 128.0 + 14.0 * i as f32;
            text(&mut g, code, 40.0, y, false);
            text(&mut g, name, 110.0, y, false);
            text(&mut g, a, 275.0, y, true);
            text(&mut g, b, 335.0, y, true);
        }
        text(&mut g, "2010101", 40.0, 156.0, false);
        text(&mut g, "行政运行", 110.0, 156.0, false);
        text(&mut g, "1,000.00", 275.0, 156.0, true);
        text(&mut g, "1,000.00", 335.0, 156.0, true);
        let refs: Vec<&Glyph> = g.iter().collect();
        let tables = virtual_rules(&refs, false, false);
        assert_eq!(tables.len(), 1);
        let skeletons = crate::grid::find_grids(&tables[0]);
        assert_eq!(skeletons.len(), 1);
        let grid = skeletons.into_iter().next().unwrap().fill(1, &refs);
        assert_eq!(grid.cols(), 5, "code, name and three amount columns");
        assert_eq!(grid.rows(), 5, "header, 栏次 and three data rows");
        assert_eq!(grid.text_at(2, 1), "一般公共服务支出");
        assert_eq!(grid.text_at(2, 3), "1,096.44");
        assert_eq!(grid.text_at(1, 4), "3");
        assert_eq!(grid.text_at(4, 4), "");
    }

    #[test]
    fn prose_is_not_a_table() {
        let mut g = Vec::new();
        for i in 0..5 {
            text(
                &mut g,
                "本年度收入合计1,677.19万元，比上年增加12.30万元。",
                40.0,
                100.0 + 14.0 * i as f32,
                false,
            );
        }
        let refs: Vec<&Glyph> = g.iter().collect();
        assert!(virtual_rules(&refs, false, false).is_empty());
    }

    #[test]
    fn classifies_printed_tokens() {
        assert_eq!(kind_of("1,096.44"), Kind::Amount);
        assert_eq!(kind_of("—"), Kind::Amount);
        assert_eq!(kind_of("-12.30"), Kind::Amount);
        assert_eq!(kind_of("2080101"), Kind::Code);
        assert_eq!(kind_of("27"), Kind::Integer);
        assert_eq!(kind_of("1207036700"), Kind::Amount);
        assert_eq!(kind_of("合计"), Kind::Text);
    }
}
