//! Ruled tables: rules to a grid of base cells, merged where no rule separates them.

use crate::lines::{group_lines, join_lines};
use juesuan_pdf::{Glyph, Rule};
use serde::Serialize;

/// Positions closer than this (points) are the same rule.
const SNAP: f32 = 2.0;

#[derive(Clone, Copy, Debug)]
struct HLine {
    y: f32,
    x0: f32,
    x1: f32,
}

#[derive(Clone, Copy, Debug)]
struct VLine {
    x: f32,
    y0: f32,
    y1: f32,
}

/// A table's geometry before text is placed in it.
pub(crate) struct Skeleton {
    xs: Vec<f32>,
    ys: Vec<f32>,
    /// For each base cell (row-major), the index of the merged cell it belongs to.
    cell_of: Vec<usize>,
    /// Merged cells as (row0, col0, row1, col1), inclusive.
    spans: Vec<(usize, usize, usize, usize)>,
}

/// One cell of a grid, possibly spanning several base rows and columns.
#[derive(Clone, Debug, Serialize)]
pub struct GridCell {
    pub row: usize,
    pub col: usize,
    pub row_span: usize,
    pub col_span: usize,
    pub text: String,
    /// Where in `text` each line after the first begins, for a cell printed over several lines
    /// (a wrapped name; or, where a page's rows were not told apart, several rows' amounts).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub breaks: Vec<usize>,
}

impl GridCell {
    /// The cell's text line by line.
    pub fn lines(&self) -> Vec<&str> {
        let mut out = Vec::new();
        let mut start = 0;
        for &b in &self.breaks {
            out.push(self.text[start..b].trim());
            start = b;
        }
        out.push(self.text[start..].trim());
        out
    }
}

/// A table on one page, ruled or with the rules its alignment implies.
#[derive(Clone, Debug, Serialize)]
pub struct Grid {
    pub page: usize,
    /// False for a table printed without rules, whose boundaries were inferred from the text
    /// (and so move a little from page to page with what the page prints).
    pub ruled: bool,
    /// Column boundaries, left to right (one more than the columns).
    pub xs: Vec<f32>,
    /// Row boundaries, top to bottom (one more than the rows).
    pub ys: Vec<f32>,
    pub cells: Vec<GridCell>,
    #[serde(skip)]
    cell_of: Vec<usize>,
}

impl Grid {
    pub fn rows(&self) -> usize {
        self.ys.len() - 1
    }
    pub fn cols(&self) -> usize {
        self.xs.len() - 1
    }
    pub fn y0(&self) -> f32 {
        self.ys[0]
    }
    /// The cell covering base position (row, col).
    pub fn cell_at(&self, row: usize, col: usize) -> Option<&GridCell> {
        if row >= self.rows() || col >= self.cols() {
            return None;
        }
        self.cells.get(self.cell_of[row * self.cols() + col])
    }
    /// The text of the cell that starts at (row, col); empty for positions inside a span.
    pub fn text_at(&self, row: usize, col: usize) -> &str {
        match self.cell_at(row, col) {
            Some(c) if c.row == row && c.col == col => &c.text,
            _ => "",
        }
    }
    /// The text of the cell covering (row, col), wherever it starts.
    pub fn covering_text(&self, row: usize, col: usize) -> &str {
        self.cell_at(row, col).map_or("", |c| c.text.as_str())
    }
    /// The box [x0, y0, x1, y1] of the cell covering (row, col), in page points (origin top-left).
    pub fn cell_box(&self, row: usize, col: usize) -> Option<[f32; 4]> {
        let c = self.cell_at(row, col)?;
        Some([
            self.xs[c.col],
            self.ys[c.row],
            self.xs[c.col + c.col_span],
            self.ys[c.row + c.row_span],
        ])
    }

    /// Centre x of a base column.
    pub fn col_center(&self, col: usize) -> f32 {
        (self.xs[col] + self.xs[col + 1]) / 2.0
    }
}

impl Skeleton {
    pub(crate) fn contains(&self, x: f32, y: f32) -> bool {
        x >= self.xs[0]
            && x <= *self.xs.last().unwrap()
            && y >= self.ys[0]
            && y <= *self.ys.last().unwrap()
    }

    fn band(bounds: &[f32], v: f32) -> usize {
        let i = bounds.partition_point(|b| *b <= v);
        i.saturating_sub(1).min(bounds.len() - 2)
    }

    /// Split a body row that holds several rows' lines: a ruled table that draws no rule between
    /// its rows (河南 2024's debt table: one ruled cell of nine labels beside stacked amounts).
    /// A row is split when one of its cells stacks two or more amounts, each line of amounts
    /// standing level with a line of labels; it is split between those lines. A row whose
    /// amounts stand between its label lines (a wrapped name, its amounts centred) is kept.
    pub(crate) fn split_stacked_rows(mut self, glyphs: &[&Glyph]) -> Skeleton {
        let cols = self.xs.len() - 1;
        let rows = self.ys.len() - 1;
        let mut cuts: Vec<(usize, Vec<f32>)> = Vec::new();
        // each glyph's base cell, found once
        let mut in_cells: Vec<Vec<&Glyph>> = vec![Vec::new(); rows * cols];
        for g in glyphs {
            let (x, y) = (g.center_x(), g.center_y());
            if y > self.ys[0] && y < self.ys[rows] && x > self.xs[0] && x < self.xs[cols] {
                in_cells[Self::band(&self.ys, y) * cols + Self::band(&self.xs, x)].push(g);
            }
        }
        for r in 0..rows {
            // only rows whose cells are all one row high
            let single = (0..cols).all(|c| {
                let (r0, _, r1, _) = self.spans[self.cell_of[r * cols + c]];
                r0 == r && r1 == r
            });
            if !single {
                continue;
            }
            let mut numeric: Vec<(f32, f32)> = Vec::new();
            let mut labels: Vec<(f32, f32)> = Vec::new();
            let mut stacked = false;
            for c in 0..cols {
                let in_cell = &in_cells[r * cols + c];
                if in_cell.is_empty() {
                    continue;
                }
                let lines = group_lines(in_cell);
                let amounts = lines.iter().filter(|l| is_amount(&l.text)).count();
                stacked |= amounts >= 2;
                for l in lines {
                    let at = ((l.y0 + l.y1) / 2.0, (l.y1 - l.y0).max(1.0));
                    if is_amount(&l.text) {
                        numeric.push(at);
                    } else {
                        labels.push(at);
                    }
                }
            }
            if !stacked || labels.len() < 2 {
                continue;
            }
            let level = |a: (f32, f32), b: (f32, f32)| (a.0 - b.0).abs() < 0.4 * a.1.min(b.1);
            if !numeric.iter().all(|n| labels.iter().any(|l| level(*n, *l))) {
                continue;
            }
            // the label lines, top to bottom, one per level; cut midway between them
            labels.sort_by(|a, b| a.0.total_cmp(&b.0));
            let mut levels: Vec<(f32, f32)> = Vec::new();
            for l in labels {
                match levels.last() {
                    Some(last) if level(*last, l) => {}
                    _ => levels.push(l),
                }
            }
            let at: Vec<f32> = levels
                .windows(2)
                .map(|w| (w[0].0 + w[0].1 / 2.0 + w[1].0 - w[1].1 / 2.0) / 2.0)
                .collect();
            if !at.is_empty() {
                cuts.push((r, at));
            }
        }
        if cuts.is_empty() {
            return self;
        }
        // new row boundaries, and each old row's first and last new row
        let mut ys = Vec::new();
        let mut first_of = vec![0; rows];
        let mut last_of = vec![0; rows];
        for r in 0..rows {
            first_of[r] = ys.len();
            ys.push(self.ys[r]);
            if let Some((_, at)) = cuts.iter().find(|(cr, _)| *cr == r) {
                ys.extend(at.iter().copied());
            }
            last_of[r] = ys.len() - 1;
        }
        ys.push(*self.ys.last().unwrap_or(&0.0));
        let mut spans = Vec::new();
        for &(r0, c0, r1, c1) in &self.spans {
            if r0 == r1 && first_of[r0] != last_of[r0] {
                for nr in first_of[r0]..=last_of[r0] {
                    spans.push((nr, c0, nr, c1));
                }
            } else {
                spans.push((first_of[r0], c0, last_of[r1], c1));
            }
        }
        let new_rows = ys.len() - 1;
        let mut cell_of = vec![0; new_rows * cols];
        for (i, &(r0, c0, r1, c1)) in spans.iter().enumerate() {
            for r in r0..=r1 {
                for c in c0..=c1 {
                    cell_of[r * cols + c] = i;
                }
            }
        }
        self.ys = ys;
        self.spans = spans;
        self.cell_of = cell_of;
        self
    }

    /// Place glyphs in cells and read each cell's text.
    pub(crate) fn fill(self, page: usize, glyphs: &[&Glyph]) -> Grid {
        let cols = self.xs.len() - 1;
        let mut members: Vec<Vec<&Glyph>> = vec![Vec::new(); self.spans.len()];
        for g in glyphs {
            let r = Self::band(&self.ys, g.center_y());
            let c = Self::band(&self.xs, g.center_x());
            members[self.cell_of[r * cols + c]].push(g);
        }
        let cells = self
            .spans
            .iter()
            .zip(members)
            .map(|(&(r0, c0, r1, c1), gs)| {
                let lines: Vec<String> = group_lines(&gs).into_iter().map(|l| l.text).collect();
                // where each line begins in the joined text
                let mut breaks = Vec::new();
                let mut joined = String::new();
                for line in lines.iter().filter(|l| !l.trim().is_empty()) {
                    let next = join_lines(&[joined.as_str(), line.as_str()]);
                    if !joined.is_empty() {
                        breaks.push(next.len() - line.trim().len());
                    }
                    joined = next;
                }
                GridCell {
                    row: r0,
                    col: c0,
                    row_span: r1 - r0 + 1,
                    col_span: c1 - c0 + 1,
                    text: joined,
                    breaks,
                }
            })
            .collect();
        Grid {
            ruled: true,
            page,
            xs: self.xs,
            ys: self.ys,
            cells,
            cell_of: self.cell_of,
        }
    }
}

/// Whether a line of a cell is one amount: digits with thousands separators every three, a
/// decimal point, a sign or a trailing %.
fn is_amount(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t
        .trim_end_matches(['%', '％'])
        .trim_start_matches(['-', '－']);
    let integer = t.split('.').next().unwrap_or_default();
    let mut groups = integer.split(',');
    let first_ok = groups
        .next()
        .is_some_and(|g| !g.is_empty() && g.chars().all(|c| c.is_ascii_digit()));
    let grouped = integer.contains(',');
    first_ok
        && (!grouped || integer.split(',').next().is_some_and(|g| g.len() <= 3))
        && groups.all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()))
        && t.split('.')
            .nth(1)
            .is_none_or(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
        && t.matches('.').count() <= 1
}

fn cluster(mut values: Vec<f32>) -> Vec<f32> {
    values.sort_by(f32::total_cmp);
    let mut out: Vec<(f32, usize)> = Vec::new();
    for v in values {
        match out.last_mut() {
            Some((sum_mean, n)) if v - *sum_mean <= SNAP => {
                *sum_mean = (*sum_mean * *n as f32 + v) / (*n as f32 + 1.0);
                *n += 1;
            }
            _ => out.push((v, 1)),
        }
    }
    out.into_iter().map(|(m, _)| m).collect()
}

fn merge_h(rules: &[Rule]) -> Vec<HLine> {
    let mut hs: Vec<HLine> = rules
        .iter()
        .filter(|r| r.is_horizontal())
        .map(|r| HLine {
            y: (r.y0 + r.y1) / 2.0,
            x0: r.x0,
            x1: r.x1,
        })
        .collect();
    hs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x0.total_cmp(&b.x0)));
    let mut out: Vec<HLine> = Vec::new();
    for h in hs {
        // join with any earlier line at the same height that it touches
        if let Some(m) = out
            .iter_mut()
            .rev()
            .take_while(|m| h.y - m.y <= SNAP)
            .find(|m| h.x0 <= m.x1 + SNAP && h.x1 >= m.x0 - SNAP)
        {
            m.x0 = m.x0.min(h.x0);
            m.x1 = m.x1.max(h.x1);
        } else {
            out.push(h);
        }
    }
    out
}

fn merge_v(rules: &[Rule]) -> Vec<VLine> {
    let mut vs: Vec<VLine> = rules
        .iter()
        .filter(|r| !r.is_horizontal())
        .map(|r| VLine {
            x: (r.x0 + r.x1) / 2.0,
            y0: r.y0,
            y1: r.y1,
        })
        .collect();
    vs.sort_by(|a, b| a.x.total_cmp(&b.x).then(a.y0.total_cmp(&b.y0)));
    let mut out: Vec<VLine> = Vec::new();
    for v in vs {
        if let Some(m) = out
            .iter_mut()
            .rev()
            .take_while(|m| v.x - m.x <= SNAP)
            .find(|m| v.y0 <= m.y1 + SNAP && v.y1 >= m.y0 - SNAP)
        {
            m.y0 = m.y0.min(v.y0);
            m.y1 = m.y1.max(v.y1);
        } else {
            out.push(v);
        }
    }
    out
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[ra.max(rb)] = ra.min(rb);
    }
}

/// Find every ruled table: connected sets of crossing rules with at least two of each direction.
pub(crate) fn find_grids(rules: &[Rule]) -> Vec<Skeleton> {
    let hs = merge_h(rules);
    let vs = merge_v(rules);
    let n = hs.len() + vs.len();
    let mut parent: Vec<usize> = (0..n).collect();
    for (i, h) in hs.iter().enumerate() {
        for (j, v) in vs.iter().enumerate() {
            let touches = v.x >= h.x0 - SNAP
                && v.x <= h.x1 + SNAP
                && h.y >= v.y0 - SNAP
                && h.y <= v.y1 + SNAP;
            if touches {
                union(&mut parent, i, hs.len() + j);
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, (Vec<HLine>, Vec<VLine>)> =
        Default::default();
    for (i, h) in hs.iter().enumerate() {
        groups.entry(find(&mut parent, i)).or_default().0.push(*h);
    }
    for (j, v) in vs.iter().enumerate() {
        groups
            .entry(find(&mut parent, hs.len() + j))
            .or_default()
            .1
            .push(*v);
    }
    groups
        .into_values()
        .filter_map(|(h, v)| skeleton(&h, &v))
        .collect()
}

fn skeleton(hs: &[HLine], vs: &[VLine]) -> Option<Skeleton> {
    let xs = cluster(vs.iter().map(|v| v.x).collect());
    let ys = cluster(hs.iter().map(|h| h.y).collect());
    // at least two columns; one row is enough (the last row of a table, alone on a page)
    if xs.len() < 3 || ys.len() < 2 {
        return None;
    }
    let (rows, cols) = (ys.len() - 1, xs.len() - 1);
    let mut parent: Vec<usize> = (0..rows * cols).collect();
    for r in 0..rows {
        let mid_y = (ys[r] + ys[r + 1]) / 2.0;
        for c in 1..cols {
            let separated = vs
                .iter()
                .any(|v| (v.x - xs[c]).abs() <= SNAP && v.y0 <= mid_y && v.y1 >= mid_y);
            if !separated {
                union(&mut parent, r * cols + c - 1, r * cols + c);
            }
        }
    }
    for r in 1..rows {
        for c in 0..cols {
            let mid_x = (xs[c] + xs[c + 1]) / 2.0;
            let separated = hs
                .iter()
                .any(|h| (h.y - ys[r]).abs() <= SNAP && h.x0 <= mid_x && h.x1 >= mid_x);
            if !separated {
                union(&mut parent, (r - 1) * cols + c, r * cols + c);
            }
        }
    }
    let mut id_of_root = std::collections::HashMap::new();
    let mut spans: Vec<(usize, usize, usize, usize)> = Vec::new();
    let mut cell_of = vec![0; rows * cols];
    for r in 0..rows {
        for c in 0..cols {
            let root = find(&mut parent, r * cols + c);
            let id = *id_of_root.entry(root).or_insert_with(|| {
                spans.push((r, c, r, c));
                spans.len() - 1
            });
            let s = &mut spans[id];
            s.2 = s.2.max(r);
            s.3 = s.3.max(c);
            s.1 = s.1.min(c);
            cell_of[r * cols + c] = id;
        }
    }
    Some(Skeleton {
        xs,
        ys,
        cell_of,
        spans,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(y: f32, x0: f32, x1: f32) -> Rule {
        Rule {
            x0,
            y0: y,
            x1,
            y1: y,
        }
    }
    fn v(x: f32, y0: f32, y1: f32) -> Rule {
        Rule {
            x0: x,
            y0,
            x1: x,
            y1,
        }
    }

    #[test]
    fn merges_spanning_header_cells() {
        // 2 rows x 3 cols; the top row's first two cells are one (no rule between them there)
        let rules = [
            h(0.0, 0.0, 30.0),
            h(10.0, 0.0, 30.0),
            h(20.0, 0.0, 30.0),
            v(0.0, 0.0, 20.0),
            v(10.0, 10.0, 20.0),
            v(20.0, 0.0, 20.0),
            v(30.0, 0.0, 20.0),
        ];
        let grids = find_grids(&rules);
        assert_eq!(grids.len(), 1);
        let g = grids.into_iter().next().unwrap().fill(1, &[]);
        assert_eq!((g.rows(), g.cols()), (2, 3));
        assert_eq!(g.cells.len(), 5);
        let top = g.cell_at(0, 1).unwrap();
        assert_eq!((top.row, top.col, top.col_span), (0, 0, 2));
    }

    /// A glyph per character, 10 pt wide, on the line whose middle is `y`.
    fn text(s: &str, x0: f32, y: f32) -> Vec<Glyph> {
        s.chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                text: c.to_string(),
                x0: x0 + 10.0 * i as f32,
                y0: y - 5.0,
                x1: x0 + 10.0 * (i + 1) as f32,
                y1: y + 5.0,
                size: 10.0,
            })
            .collect()
    }

    fn body(lines: &[(&str, &str, f32)]) -> Grid {
        // a header row (0–20) and one ruled body row (20–80): 项目 | 金额
        let rules = [
            h(0.0, 0.0, 200.0),
            h(20.0, 0.0, 200.0),
            h(80.0, 0.0, 200.0),
            v(0.0, 0.0, 80.0),
            v(120.0, 0.0, 80.0),
            v(200.0, 0.0, 80.0),
        ];
        let mut glyphs = text("项目", 10.0, 10.0);
        glyphs.extend(text("金额", 130.0, 10.0));
        for (label, amount, y) in lines {
            glyphs.extend(text(label, 5.0, *y));
            glyphs.extend(text(amount, 125.0, *y));
        }
        let refs: Vec<&Glyph> = glyphs.iter().collect();
        let skeleton = find_grids(&rules).into_iter().next().unwrap();
        skeleton.split_stacked_rows(&refs).fill(1, &refs)
    }

    #[test]
    fn a_row_stacking_amounts_level_with_its_labels_is_split() {
        let g = body(&[
            ("一、余额", "6,259.71", 30.0),
            ("二、限额", "", 45.0),
            ("三、发行", "758.01", 60.0),
        ]);
        assert_eq!(g.rows(), 4);
        assert_eq!((g.text_at(1, 0), g.text_at(1, 1)), ("一、余额", "6,259.71"));
        assert_eq!((g.text_at(2, 0), g.text_at(2, 1)), ("二、限额", ""));
        assert_eq!((g.text_at(3, 0), g.text_at(3, 1)), ("三、发行", "758.01"));
    }

    #[test]
    fn amounts_between_label_lines_keep_the_row_whole() {
        // two names wrapped over two lines each, their amounts centred between the lines: the
        // page does not say where one row ends, so the row stays whole
        let g = body(&[
            ("国有资源", "", 25.0),
            ("收入", "", 40.0),
            ("", "1,096.44", 32.5),
            ("其他税收", "", 55.0),
            ("收入", "", 70.0),
            ("", "120.70", 62.5),
        ]);
        assert_eq!(g.rows(), 2);
        // one amount never splits a row
        let g = body(&[("行政运行", "1,096.44", 35.0), ("经费", "", 55.0)]);
        assert_eq!(g.rows(), 2);
    }
}
