//! A performance form: one evaluation per table, its fields, amounts, target and indicators.

use super::cells::{
    CellId, Columns, Money, Role, Slot, amount_with_unit, append_tail, indicator_header,
    is_heading, joined, money_header, slots,
};
use crate::normalise::performance::{
    choices, compact, has_boxes, is_planned_total_label, is_project_label, is_target_label,
    is_unit_label, measure, measure_from_columns, number, percent, project_of_title, source_key,
    split_levels, split_weight, title_is_overall, title_is_self_evaluation, weight_in,
};
use juesuan_layout::Grid;
use juesuan_model::{
    AmountUnit, Evaluation, EvaluationKind, EvaluationScope, Field, FundSource, Indicator,
};
use rust_decimal::Decimal;

/// A level cell of the indicator block: the cell, the level's name, its weight.
type Level = (Option<CellId>, String, Option<Decimal>);

#[derive(Clone, Copy, PartialEq)]
pub(super) enum Part {
    Fields,
    Money,
    /// A target label spanning the row: the text is in the next row.
    TargetBelow,
    /// 预期目标 | 实际完成情况 headers: the texts are in the next row.
    TargetColumns,
    Indicators,
    After,
}

pub(super) struct Form {
    e: Evaluation,
    part: Part,
    money: Columns<Money>,
    targets: Vec<(f32, f32, String)>,
    roles: Columns<Role>,
    /// The level cells of the previous indicator row: (cell identity, name, weight).
    level1: Option<Level>,
    level2: Option<Level>,
    project: Option<String>,
    has_unit_label: bool,
    planned: Vec<(String, Decimal)>,
    /// Grids read so far (more than one: the form continues over pages).
    grids: usize,
    /// Rows of headings waiting for the row of amounts under them.
    headings: Vec<Vec<Slot>>,
}

impl Form {
    pub(super) fn new(title: &str, page: usize, unit: Option<AmountUnit>) -> Self {
        Form {
            e: Evaluation {
                evaluation: String::new(),
                scope: EvaluationScope::Project,
                kind: if title_is_self_evaluation(title) {
                    EvaluationKind::SelfEvaluation
                } else {
                    EvaluationKind::Target
                },
                title: title.to_string(),
                page,
                pages: vec![page],
                unit: unit.unwrap_or(AmountUnit::WanYuan),
                budget: None,
                executed: None,
                execution_rate: None,
                budget_weight: None,
                budget_score: None,
                total_score: None,
                initial_budget: None,
                sources: Vec::new(),
                indicator_weight: None,
                target: None,
                outcome: None,
                fields: Vec::new(),
                choices: Vec::new(),
                indicators: Vec::new(),
            },
            part: Part::Fields,
            money: Columns::default(),
            targets: Vec::new(),
            roles: Columns::default(),
            level1: None,
            level2: None,
            project: None,
            has_unit_label: false,
            planned: Vec::new(),
            grids: 0,
            headings: Vec::new(),
        }
    }

    pub(super) fn read(&mut self, grid: &Grid, from: usize) {
        if !self.e.pages.contains(&grid.page) {
            self.e.pages.push(grid.page);
        }
        let mut continuation = self.grids > 0;
        self.grids += 1;
        for r in from..grid.rows() {
            let row = slots(grid, r);
            if row.iter().all(|s| s.text.is_empty()) {
                continue;
            }
            if std::mem::take(&mut continuation) && self.part == Part::Indicators && self.tail(&row)
            {
                continue;
            }
            self.row(&row, grid.page);
        }
    }

    /// The first row of a continuation page that finishes the last indicator (a row broken
    /// across pages, its name or value ending on the next page): appended to it.
    pub(super) fn tail(&mut self, row: &[Slot]) -> bool {
        let text = |role: &Role| {
            self.roles
                .slot(row, role)
                .filter(|s| s.starts)
                .map(|s| s.text.clone())
                .unwrap_or_default()
        };
        let Some(last) = self.e.indicators.last_mut() else {
            return false;
        };
        let scoreless = last.score.is_some() && text(&Role::Score).is_empty();
        let valueless = last.score.is_none()
            && last.target.is_some()
            && text(&Role::Target).is_empty()
            && text(&Role::Nature).is_empty();
        if !(scoreless || valueless)
            || !text(&Role::Level1).is_empty()
            || !text(&Role::Level2).is_empty()
        {
            return false;
        }
        append_tail(
            last,
            &text(&Role::Name),
            &text(&Role::Target),
            &text(&Role::Actual),
            &text(&Role::Remark),
        );
        true
    }

    pub(super) fn row(&mut self, row: &[Slot], page: usize) {
        let own: Vec<&Slot> = row.iter().filter(|s| s.starts).collect();
        let numeric = own
            .iter()
            .filter(|s| !s.text.is_empty())
            .all(|s| number(&s.text).is_some());
        let filled: Vec<&Slot> = own.iter().copied().filter(|s| !s.text.is_empty()).collect();
        if !(numeric || self.part == Part::Fields && is_heading(&filled)) {
            self.flush_headings();
        }
        let first = own.first().map(|s| compact(&s.text)).unwrap_or_default();
        if first.starts_with("总分") || (first == "合计" && self.part == Part::Indicators) {
            self.total(row);
            return;
        }
        match self.part {
            Part::Indicators if self.is_indicator_row(row) => return self.indicator(row, page),
            Part::Indicators => self.part = Part::After,
            Part::TargetBelow => {
                let text = joined(own.iter().copied());
                if !text.is_empty() {
                    self.e.target = Some(text);
                }
                self.part = Part::Fields;
                return;
            }
            Part::TargetColumns => {
                self.target_columns(row);
                self.part = Part::Fields;
                return;
            }
            _ => {}
        }
        if self.part != Part::After {
            if let Some((roles, label)) = indicator_header(row) {
                self.roles = roles;
                if let Some(w) = label.as_deref().and_then(weight_in) {
                    self.e.indicator_weight = Some(w);
                }
                self.part = Part::Indicators;
                return;
            }
            if let Some((money, weight)) = money_header(row) {
                self.money = money;
                self.e.kind = EvaluationKind::SelfEvaluation;
                let label = row
                    .iter()
                    .find(|s| !s.text.is_empty())
                    .map(|s| s.text.as_str());
                self.e.budget_weight = label.and_then(weight_in).or(weight);
                self.part = Part::Money;
                return;
            }
            if self.part == Part::Money && self.money_row(row) {
                return;
            }
        }
        self.part = if self.part == Part::After {
            Part::After
        } else {
            Part::Fields
        };
        self.fields(&own);
    }

    pub(super) fn money_row(&mut self, row: &[Slot]) -> bool {
        let value = |role: &Money| {
            self.money
                .slot(row, role)
                .filter(|s| s.starts)
                .map(|s| s.text.clone())
        };
        let budget = value(&Money::Budget).as_deref().and_then(number);
        let executed = value(&Money::Executed).as_deref().and_then(number);
        if budget.is_none() && executed.is_none() {
            return false;
        }
        let (left, _) = self.money.find(&Money::Budget).unwrap_or((0.0, 0.0));
        let left = self.money.find(&Money::Initial).map_or(left, |(a, _)| a);
        let label = row
            .iter()
            .rev()
            .find(|s| s.starts && s.x1 <= left + 1.0 && !s.text.is_empty())
            .map(|s| s.text.clone())
            .unwrap_or_default();
        let source = FundSource {
            key: if self.e.sources.is_empty() && !label.contains("其中") {
                "total".into()
            } else {
                source_key(&label)
            },
            label,
            initial_budget: value(&Money::Initial).as_deref().and_then(number),
            budget,
            executed,
        };
        if self.e.budget.is_none() {
            self.e.budget = source.budget;
            self.e.executed = source.executed;
            self.e.initial_budget = source.initial_budget;
            self.e.execution_rate = value(&Money::Rate).as_deref().and_then(percent);
            self.e.budget_score = value(&Money::Score).as_deref().and_then(number);
            if let Some(w) = value(&Money::Weight).as_deref().and_then(number) {
                self.e.budget_weight = Some(w);
            }
        }
        if self.money.has(&Money::Initial) {
            self.e.sources.push(source);
        }
        true
    }

    /// The texts under 预期目标 / 实际完成情况 (or 实施期目标 / 当年度目标) headers.
    pub(super) fn target_columns(&mut self, row: &[Slot]) {
        for s in row.iter().filter(|s| s.starts && !s.text.is_empty()) {
            let Some((_, _, header)) = self
                .targets
                .iter()
                .find(|(a, b, _)| s.center() >= *a && s.center() <= *b)
            else {
                continue;
            };
            let h = compact(header);
            if h.contains("完成") {
                self.e.outcome = Some(s.text.clone());
            } else if h.contains("实施期") {
                self.e.fields.push(Field {
                    label: header.clone(),
                    value: s.text.clone(),
                });
            } else {
                self.e.target = Some(s.text.clone());
            }
        }
    }

    /// A row of labelled fields, or of headings over a row of amounts (北京's 总体资金情况:
    /// 预算支出总额 | 财政拨款 (合计 基本支出 项目支出) | 其他资金 …, the amounts in the row below).
    pub(super) fn fields(&mut self, own: &[&Slot]) {
        let filled: Vec<&Slot> = own.iter().copied().filter(|s| !s.text.is_empty()).collect();
        let numeric = !filled.is_empty() && filled.iter().all(|s| number(&s.text).is_some());
        if numeric && !self.headings.is_empty() {
            self.aligned(&filled);
            return;
        }
        if is_heading(&filled) {
            self.headings
                .push(own.iter().map(|s| (*s).clone()).collect());
            return;
        }
        self.pairs(own);
    }

    /// Headings that no row of amounts followed: label/value pairs after all.
    pub(super) fn flush_headings(&mut self) {
        for row in std::mem::take(&mut self.headings) {
            let refs: Vec<&Slot> = row.iter().collect();
            self.pairs(&refs);
        }
    }

    /// Amounts under the headings above them, by x: a heading with sub-headings gives its 合计.
    pub(super) fn aligned(&mut self, amounts: &[&Slot]) {
        let headings = std::mem::take(&mut self.headings);
        for a in amounts {
            let path: Vec<String> = headings
                .iter()
                .filter_map(|row| {
                    row.iter()
                        .find(|h| h.x0 <= a.center() && h.x1 >= a.center() && !h.text.is_empty())
                        .map(|h| h.text.clone())
                })
                .collect();
            let Some(top) = path.first() else { continue };
            let sub = path.last().filter(|s| *s != top && compact(s) != "合计");
            let label = match sub {
                Some(sub) => format!("{top}{sub}"),
                None => top.clone(),
            };
            self.field(label, a.text.clone(), sub.is_none());
        }
    }

    pub(super) fn pairs(&mut self, own: &[&Slot]) {
        let mut cells: Vec<&Slot> = own.to_vec();
        // a block label over several rows ("项目资金（万元）") before label/value pairs
        let target_label = cells.first().is_some_and(|s| is_target_label(&s.text));
        // (or a label over label/amount pairs: "资金需求 | 总金额（万元） | 7,260.00 | 当年度金额 …")
        let over_pairs = cells.len() >= 3
            && number(&cells[1].text).is_none()
            && number(&cells[2].text).is_some();
        if cells.len() % 2 == 1
            && cells.len() > 1
            && (cells[0].rows > 1 || over_pairs)
            && !target_label
        {
            if compact(&cells[0].text).contains("万元") {
                self.e.unit = AmountUnit::WanYuan;
            }
            cells.remove(0);
        }
        if let Some(first) = cells.first()
            && is_target_label(&first.text)
        {
            if self.e.indicator_weight.is_none() {
                self.e.indicator_weight = weight_in(&first.text);
            }
            let mut rest: Vec<&Slot> = cells[1..].to_vec();
            // the label printed twice (a merged label cell and its sub-label: 北京)
            if rest
                .first()
                .is_some_and(|s| compact(&s.text) == compact(&first.text))
                && rest.len() > 1
            {
                rest.remove(0);
            }
            let headers = !rest.is_empty()
                && rest.iter().all(|s| {
                    let t = compact(&s.text);
                    t.contains("目标") && t.chars().count() <= 16 || t.contains("完成情况")
                });
            if headers {
                self.targets = rest.iter().map(|s| (s.x0, s.x1, s.text.clone())).collect();
                self.part = Part::TargetColumns;
            } else {
                let text = joined(rest.into_iter());
                if text.is_empty() {
                    self.part = Part::TargetBelow;
                } else {
                    self.e.target = Some(text);
                }
            }
            return;
        }
        for pair in cells.chunks(2) {
            let label = pair[0].text.clone();
            let value = pair.get(1).map(|s| s.text.clone()).unwrap_or_default();
            self.field(label, value, true);
        }
    }

    /// One labelled value; `whole` is false for a part of a heading (财政拨款 → 基本支出), which
    /// is kept as a field, never taken for a source or the planned total.
    pub(super) fn field(&mut self, label: String, value: String, whole: bool) {
        if label.is_empty() {
            return;
        }
        if value.is_empty() && compact(&label).chars().count() > 24 {
            return; // a note or a sentence printed across the table
        }
        if is_project_label(&label) && self.project.is_none() {
            self.project = Some(value);
            return;
        }
        if is_unit_label(&label) {
            self.has_unit_label = true;
        }
        if has_boxes(&value) {
            self.e.choices.extend(choices(&compact(&label), &value));
            return;
        }
        if let Some((amount, unit)) = amount_with_unit(&value).filter(|_| whole) {
            if let Some(unit) = unit {
                self.e.unit = unit;
            }
            let key = source_key(&label);
            if matches!(key.as_str(), "fiscal" | "other" | "carryover") {
                self.e.sources.push(FundSource {
                    key,
                    label,
                    initial_budget: None,
                    budget: Some(amount),
                    executed: None,
                });
                return;
            }
            if is_planned_total_label(&label) {
                self.planned.push((label, amount));
                return;
            }
        }
        self.e.fields.push(Field { label, value });
    }

    /// A row of the indicator block has its own cell in the 三级指标 column; a narrative row
    /// (偏差原因, 改进措施) prints its text across the columns instead.
    pub(super) fn is_indicator_row(&self, row: &[Slot]) -> bool {
        row.iter()
            .any(|s| s.starts && !s.text.is_empty() && self.roles.of(s) == Some(Role::Name))
    }

    pub(super) fn indicator(&mut self, row: &[Slot], page: usize) {
        let text = |role: &Role| {
            self.roles
                .slot(row, role)
                .map(|s| s.text.clone())
                .unwrap_or_default()
        };
        let level = |prev: &Option<Level>, role: &Role| {
            let s = self.roles.slot(row, role)?;
            let id = Some((page, s.id.0, s.id.1));
            match prev {
                Some((pid, name, w)) if *pid == id || s.text.is_empty() => {
                    Some((id, name.clone(), *w))
                }
                _ if s.text.is_empty() => None,
                _ => {
                    let (name, w) = split_weight(&s.text);
                    Some((id, name, w))
                }
            }
        };
        self.level1 = if self.roles.has(&Role::Level1) {
            level(&self.level1, &Role::Level1)
        } else {
            None
        };
        self.level2 = if self.roles.has(&Role::Level2) {
            level(&self.level2, &Role::Level2)
        } else {
            None
        };
        let (name, weight_in_name) = split_weight(&text(&Role::Name));
        let (mut level1, mut level2, mut name) = (
            self.level1.as_ref().map(|l| l.1.clone()),
            self.level2.as_ref().map(|l| l.1.clone()),
            name,
        );
        if level1.is_none()
            && level2.is_none()
            && let Some((l1, l2, rest)) = split_levels(&name)
        {
            (level1, level2, name) = (Some(l1), Some(l2), rest);
        }
        if name.is_empty() {
            return;
        }
        let target = if self.roles.has(&Role::Nature) || self.roles.has(&Role::Unit) {
            Some(measure_from_columns(
                &text(&Role::Nature),
                &text(&Role::Target),
                &text(&Role::Unit),
            ))
        } else {
            Some(measure(&text(&Role::Target)))
        }
        .filter(|m| !m.text.is_empty());
        let actual = Some(measure(&text(&Role::Actual))).filter(|m| !m.text.is_empty());
        let fields = self
            .roles
            .cols
            .iter()
            .filter_map(|(_, _, r)| match r {
                Role::Other(label) => Some(Field {
                    label: label.clone(),
                    value: text(r),
                }),
                _ => None,
            })
            .filter(|f| !f.value.is_empty())
            .collect();
        self.e.indicators.push(Indicator {
            level1,
            level1_weight: self.level1.as_ref().and_then(|l| l.2),
            level2,
            level2_weight: self.level2.as_ref().and_then(|l| l.2),
            indicator: name,
            weight: number(&text(&Role::Weight)).or(weight_in_name),
            target,
            actual,
            score: number(&text(&Role::Score)),
            page,
            remark: Some(text(&Role::Remark)).filter(|t| !t.is_empty()),
            fields,
        });
    }

    pub(super) fn total(&mut self, row: &[Slot]) {
        let score = self
            .roles
            .slot(row, &Role::Score)
            .filter(|s| s.starts)
            .and_then(|s| number(&s.text));
        self.e.total_score = score.or_else(|| {
            row.iter()
                .rev()
                .filter(|s| s.starts)
                .find_map(|s| number(&s.text))
        });
        self.part = Part::After;
    }

    pub(super) fn finish(mut self) -> Option<Evaluation> {
        self.flush_headings();
        let overall =
            title_is_overall(&self.e.title) || (self.has_unit_label && self.project.is_none());
        self.e.scope = if overall {
            EvaluationScope::Overall
        } else {
            EvaluationScope::Project
        };
        self.e.evaluation = if overall {
            "整体".into()
        } else {
            self.project
                .clone()
                .filter(|p| !p.is_empty())
                .or_else(|| project_of_title(&self.e.title))
                .unwrap_or_else(|| self.e.title.clone())
        };
        if self.e.budget.is_none() && !self.planned.is_empty() {
            // the year's amount where a total over the whole period is printed too (广州)
            let annual = self.planned.iter().position(|(l, _)| {
                let t = compact(l);
                t.contains("当年") || t.contains("年度") || t.contains("本年")
            });
            let (label, amount) = self.planned.remove(annual.unwrap_or(0));
            self.e.budget = Some(amount);
            let _ = label;
        }
        for (label, amount) in self.planned {
            self.e.fields.push(Field {
                label,
                value: amount.to_string(),
            });
        }
        Some(self.e)
    }
}
