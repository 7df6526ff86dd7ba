//! The cells of a performance table's grid rows, and the columns their header words name.

use crate::normalise::performance::{
    compact, has_boxes, is_target_label, measure, number, tidy, weight_in,
};
use juesuan_layout::Grid;
use juesuan_model::{AmountUnit, Indicator};
use rust_decimal::Decimal;

/// A cell on a page: (page, its first row, its first column).
pub(super) type CellId = (usize, usize, usize);

/// One cell of a grid row: a cell covering the row, left to right.
#[derive(Clone, Debug)]
pub(super) struct Slot {
    pub(super) text: String,
    pub(super) x0: f32,
    pub(super) x1: f32,
    /// The cell starts in this row (false: a cell spanning down from a row above).
    pub(super) starts: bool,
    /// Rows the cell covers from its start.
    pub(super) rows: usize,
    /// Identity of the cell in its grid (to tell a continuing span from a new cell).
    pub(super) id: (usize, usize),
}

impl Slot {
    pub(super) fn center(&self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }
}

pub(super) fn slots(grid: &Grid, r: usize) -> Vec<Slot> {
    let mut out: Vec<Slot> = Vec::new();
    for c in 0..grid.cols() {
        let Some(cell) = grid.cell_at(r, c) else {
            continue;
        };
        if out.last().is_some_and(|s| s.id == (cell.row, cell.col)) {
            continue;
        }
        out.push(Slot {
            text: tidy(&cell.text),
            x0: grid.xs[cell.col],
            x1: grid.xs[cell.col + cell.col_span],
            starts: cell.row == r,
            rows: cell.row_span,
            id: (cell.row, cell.col),
        });
    }
    out
}

/// What a column of the indicator block holds.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Role {
    Level1,
    Level2,
    Name,
    Target,
    Actual,
    Weight,
    Score,
    Remark,
    /// 指标性质: the comparison of a target printed in three columns.
    Nature,
    /// 度量单位 / 计量单位 of a target printed in three columns.
    Unit,
    /// A column kept as a field of each indicator (是否核心, 实施周期指标值, 活动).
    Other(String),
}

pub(super) fn role_of(header: &str) -> Option<Role> {
    let t = compact(header);
    let t = t.as_str();
    Some(if t.contains("一级指标") || t == "一级" {
        Role::Level1
    } else if t.contains("二级指标") || t == "二级" {
        Role::Level2
    } else if t.contains("三级指标") || t.contains("指标名称") || t == "指标内容" || t == "绩效指标"
    {
        Role::Name
    } else if t.contains("指标性质") {
        Role::Nature
    } else if t.contains("度量单位") || t.contains("计量单位") {
        Role::Unit
    } else if t.contains("实施周期") || t.contains("实施期") {
        Role::Other(t.to_string())
    } else if t.contains("指标值") || t.contains("目标值") {
        Role::Target
    } else if t.contains("完成值") || t.contains("实际完成") || t == "实际值" {
        Role::Actual
    } else if t.contains("权重") || t == "分值" {
        Role::Weight
    } else if t == "得分" {
        Role::Score
    } else if t.contains("原因") || t.contains("改进措施") || t == "备注" {
        Role::Remark
    } else if t == "是否核心" || t == "活动" || t.contains("指标方向") {
        Role::Other(t.to_string())
    } else {
        return None;
    })
}

/// Columns by x extent.
#[derive(Clone, Debug)]
pub(super) struct Columns<R> {
    pub(super) cols: Vec<(f32, f32, R)>,
}

impl<R> Default for Columns<R> {
    fn default() -> Self {
        Columns { cols: Vec::new() }
    }
}

impl<R: Clone + PartialEq> Columns<R> {
    pub(super) fn find(&self, role: &R) -> Option<(f32, f32)> {
        self.cols
            .iter()
            .find(|(_, _, r)| r == role)
            .map(|(a, b, _)| (*a, *b))
    }
    pub(super) fn has(&self, role: &R) -> bool {
        self.find(role).is_some()
    }
    /// The role of a cell lying within one column (a cell spanning several columns has none).
    pub(super) fn of(&self, s: &Slot) -> Option<R> {
        let (a, b, r) = self
            .cols
            .iter()
            .find(|(a, b, _)| s.center() >= *a && s.center() <= *b)?;
        let width = s.x1 - s.x0;
        let inside = s.x1.min(*b) - s.x0.max(*a);
        (inside >= 0.6 * width).then(|| r.clone())
    }
    /// The cell of a row in a column.
    pub(super) fn slot<'s>(&self, row: &'s [Slot], role: &R) -> Option<&'s Slot> {
        let (a, b) = self.find(role)?;
        let mid = (a + b) / 2.0;
        row.iter().find(|s| s.x0 <= mid && s.x1 >= mid)
    }
}

/// The indicator header of a row (一级指标 | 二级指标 | 三级指标 | 指标值 …), with the block label
/// spanning the indicator rows at its left ("年度绩效目标（80分）", "绩效指标").
pub(super) fn indicator_header(row: &[Slot]) -> Option<(Columns<Role>, Option<String>)> {
    let mut cols = Columns::default();
    let mut label = None;
    for s in row {
        match role_of(&s.text) {
            Some(Role::Name) if s.rows > 1 && compact(&s.text) == "绩效指标" => {
                label = Some(s.text.clone())
            }
            Some(role) if s.starts => cols.cols.push((s.x0, s.x1, role)),
            _ if !s.text.is_empty() && cols.cols.is_empty() => label = Some(s.text.clone()),
            _ => {}
        }
    }
    let named = cols.has(&Role::Name) || (cols.has(&Role::Level1) && cols.has(&Role::Level2));
    let valued = [Role::Target, Role::Actual, Role::Score, Role::Weight]
        .iter()
        .any(|r| cols.has(r));
    (named && valued && cols.cols.len() >= 3).then_some((cols, label))
}

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Money {
    Initial,
    Budget,
    Executed,
    Rate,
    Weight,
    Score,
}

/// The header of a block of execution amounts: 预算数（A） | 执行数（B） | 执行率 | 得分, or
/// 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分.
pub(super) fn money_header(row: &[Slot]) -> Option<(Columns<Money>, Option<Decimal>)> {
    let mut cols = Columns::default();
    let mut weight = None;
    for s in row.iter().filter(|s| s.starts) {
        let t = compact(&s.text);
        let role = if t.contains("年初预算") {
            Money::Initial
        } else if t.contains("预算数") {
            Money::Budget
        } else if t.contains("执行数") || t.contains("实际支出") {
            Money::Executed
        } else if t.contains("执行率") && !t.contains("得分") {
            Money::Rate
        } else if t.starts_with("得分") {
            weight = weight.or(weight_in(&t));
            Money::Score
        } else if t == "分值" {
            Money::Weight
        } else {
            continue;
        };
        cols.cols.push((s.x0, s.x1, role));
    }
    (cols.has(&Money::Budget) && cols.has(&Money::Executed)).then_some((cols, weight))
}

/// A row of three or more headings (no amounts, no boxes, no target label): perhaps over a row
/// of amounts.
pub(super) fn is_heading(filled: &[&Slot]) -> bool {
    filled.len() >= 3
        && filled
            .iter()
            .all(|s| number(&s.text).is_none() && !has_boxes(&s.text))
        && !filled.first().is_some_and(|s| is_target_label(&s.text))
}

/// Text that finishes an indicator on the next page, appended to its parts.
pub(super) fn append_tail(i: &mut Indicator, name: &str, target: &str, actual: &str, remark: &str) {
    i.indicator = tidy(&format!("{}{name}", i.indicator));
    let more = |m: &mut Option<juesuan_model::Measure>, text: &str| {
        if !text.is_empty() {
            let before = m.as_ref().map(|m| m.text.clone()).unwrap_or_default();
            *m = Some(measure(&format!("{before}{text}")));
        }
    };
    more(&mut i.target, target);
    more(&mut i.actual, actual);
    if !remark.is_empty() {
        i.remark = Some(tidy(&format!(
            "{}{remark}",
            i.remark.clone().unwrap_or_default()
        )));
    }
}

pub(super) fn joined<'s>(slots: impl Iterator<Item = &'s Slot>) -> String {
    let texts: Vec<&str> = slots
        .map(|s| s.text.as_str())
        .filter(|t| !t.is_empty())
        .collect();
    tidy(&texts.join(""))
}

/// "315.00", "4500万元", "1,620.98" → the amount, and the unit where the text states one.
pub(super) fn amount_with_unit(text: &str) -> Option<(Decimal, Option<AmountUnit>)> {
    let t = compact(text);
    if let Some(v) = t.strip_suffix("万元").and_then(number) {
        return Some((v, Some(AmountUnit::WanYuan)));
    }
    if let Some(v) = t.strip_suffix('元').and_then(number) {
        return Some((v, Some(AmountUnit::Yuan)));
    }
    number(&t).map(|v| (v, None))
}
