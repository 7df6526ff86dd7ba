//! A performance list: one row per indicator or per project under a header naming them.

use super::cells::{CellId, Columns, Role, Slot, append_tail, role_of, slots};
use crate::normalise::performance::{
    compact, is_project_label, measure, measure_from_columns, number, split_levels, split_weight,
    tidy, title_is_self_evaluation,
};
use juesuan_layout::Grid;
use juesuan_model::{
    AmountUnit, Evaluation, EvaluationKind, EvaluationScope, Field, FundSource, Indicator,
};

/// What a list's column holds.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum ListRole {
    Project,
    Budget,
    Fiscal,
    Other,
    Target,
    Indicator(Role),
    Field(String),
}

pub(super) struct List {
    pub(super) title: String,
    kind: EvaluationKind,
    unit: AmountUnit,
    pub(super) cols: Columns<ListRole>,
    /// The header's words, to skip the header repeated over a continuation page.
    header_texts: Vec<String>,
    pub(super) data_from: usize,
    /// Grids read so far (more than one: the list continues over pages).
    grids: usize,
    /// The unit whose section of the list the rows are in.
    section: Option<String>,
    current: Option<(Option<CellId>, Evaluation)>,
    done: Vec<Evaluation>,
}

impl List {
    /// A list header in the first rows: 项目名称 beside 绩效目标, the amounts or the indicator
    /// columns (or beside 绩效等级, a list of results that is reported, not read).
    pub(super) fn start(
        grid: &Grid,
        from: usize,
        title: &str,
        unit: Option<AmountUnit>,
    ) -> Option<List> {
        let header = slots(grid, from);
        let named: Vec<String> = header
            .iter()
            .filter(|s| s.starts && !s.text.is_empty())
            .map(|s| compact(&s.text))
            .collect();
        let known = named.iter().filter(|t| list_role(t).is_some()).count();
        let is_header = named.len() >= 3
            && named
                .iter()
                .any(|t| list_role(t) == Some(ListRole::Project))
            && named.iter().all(|t| {
                list_role(t).is_some() || is_header_word(t) || known >= 3 && t.chars().count() <= 10
            });
        if !is_header {
            return None;
        }
        let depth = header
            .iter()
            .filter(|s| s.starts)
            .map(|s| s.rows)
            .max()
            .unwrap_or(1)
            .min(3);
        let mut cols = Columns::default();
        let mut header_texts = Vec::new();
        for c in 0..grid.cols() {
            let (x0, x1) = (grid.xs[c], grid.xs[c + 1]);
            // the deepest header cell over the column that names a role
            let mut role = None;
            let mut texts: Vec<String> = Vec::new();
            for r in from..from + depth {
                let Some(cell) = grid.cell_at(r, c) else {
                    continue;
                };
                let t = compact(&cell.text);
                if cell.row < from || t.is_empty() || texts.last() == Some(&t) {
                    continue;
                }
                texts.push(t.clone());
                if let Some(r) = list_role(&t) {
                    role = Some(r);
                }
            }
            header_texts.extend(texts.iter().cloned());
            let role = match role {
                Some(r) => r,
                None if !texts.is_empty() => ListRole::Field(texts.concat()),
                None => continue,
            };
            match cols.cols.last_mut() {
                Some(last) if last.2 == role => last.1 = x1,
                _ => cols.cols.push((x0, x1, role)),
            }
        }
        Some(List {
            title: title.to_string(),
            kind: if title_is_self_evaluation(title) {
                EvaluationKind::SelfEvaluation
            } else {
                EvaluationKind::Target
            },
            unit: unit.unwrap_or(AmountUnit::WanYuan),
            cols,
            header_texts,
            data_from: from + depth,
            grids: 0,
            section: None,
            current: None,
            done: Vec::new(),
        })
    }

    /// A list of evaluation results (项目名称 | 主管部门 | 绩效等级): nothing to read as data.
    pub(super) fn is_grades_only(&self) -> bool {
        !self.cols.cols.iter().any(|(_, _, r)| {
            matches!(
                r,
                ListRole::Budget | ListRole::Target | ListRole::Indicator(_)
            )
        })
    }

    pub(super) fn read(&mut self, grid: &Grid, from: usize) {
        let mut continuation = self.grids > 0;
        self.grids += 1;
        for r in from..grid.rows() {
            let row = slots(grid, r);
            if row.iter().all(|s| s.text.is_empty()) {
                continue;
            }
            // the header repeated at the top of a continuation page
            if r < 3
                && row
                    .iter()
                    .filter(|s| !s.text.is_empty())
                    .all(|s| self.header_texts.contains(&compact(&s.text)))
            {
                continue;
            }
            if std::mem::take(&mut continuation) && self.tail(&row) {
                continue;
            }
            self.row(&row, grid.page);
        }
    }

    /// The first row of a continuation page that finishes the last row of the page before (its
    /// project's 绩效目标 text, an indicator's name): appended to them.
    pub(super) fn tail(&mut self, row: &[Slot]) -> bool {
        let text = |role: &ListRole| {
            self.cols
                .slot(row, role)
                .filter(|s| s.starts)
                .map(|s| s.text.clone())
                .unwrap_or_default()
        };
        let get = |r: Role| text(&ListRole::Indicator(r));
        let Some((_, e)) = self.current.as_mut() else {
            return false;
        };
        if !text(&ListRole::Project).is_empty() || !get(Role::Level1).is_empty() {
            return false;
        }
        let Some(last) = e.indicators.last_mut() else {
            return false;
        };
        let valueless = get(Role::Target).is_empty() && get(Role::Nature).is_empty();
        if !(valueless && last.target.is_some()) {
            return false;
        }
        append_tail(last, &get(Role::Name), "", "", &get(Role::Remark));
        let target = text(&ListRole::Target);
        if !target.is_empty() {
            e.target = Some(tidy(&format!(
                "{}{target}",
                e.target.clone().unwrap_or_default()
            )));
        }
        true
    }

    pub(super) fn row(&mut self, row: &[Slot], page: usize) {
        let text = |role: &ListRole| {
            self.cols
                .slot(row, role)
                .map(|s| s.text.clone())
                .unwrap_or_default()
        };
        let project = self.cols.slot(row, &ListRole::Project);
        let id = project.map(|s| (page, s.id.0, s.id.1));
        let name = project.map(|s| s.text.clone()).unwrap_or_default();
        let compact_name = compact(&name);
        if matches!(compact_name.as_str(), "合计" | "总计") {
            return;
        }
        let same = match &self.current {
            Some((cid, _)) => *cid == id || name.is_empty(),
            None => false,
        };
        let indicators = self
            .cols
            .cols
            .iter()
            .any(|(_, _, r)| *r == ListRole::Indicator(Role::Name));
        if !same
            && !name.is_empty()
            && !indicators
            && self.cols.has(&ListRole::Target)
            && text(&ListRole::Target).is_empty()
        {
            // a unit's section of a department's list (its subtotal, no 绩效目标 of its own)
            if let Some((_, e)) = self.current.take() {
                self.done.push(e);
            }
            self.section = Some(name);
            return;
        }
        if !same {
            if name.is_empty() {
                return;
            }
            if let Some((_, e)) = self.current.take() {
                self.done.push(e);
            }
            let mut e = Evaluation {
                evaluation: name.clone(),
                scope: EvaluationScope::Project,
                kind: self.kind,
                title: self.title.clone(),
                page,
                pages: vec![page],
                unit: self.unit,
                budget: number(&text(&ListRole::Budget)),
                executed: None,
                execution_rate: None,
                budget_weight: None,
                budget_score: None,
                total_score: None,
                initial_budget: None,
                sources: Vec::new(),
                indicator_weight: None,
                target: Some(text(&ListRole::Target)).filter(|t| !t.is_empty()),
                outcome: None,
                fields: Vec::new(),
                choices: Vec::new(),
                indicators: Vec::new(),
            };
            for (role, key) in [(ListRole::Fiscal, "fiscal"), (ListRole::Other, "other")] {
                if let Some(s) = self.cols.slot(row, &role) {
                    e.sources.push(FundSource {
                        key: key.into(),
                        label: self.header_label(&role),
                        initial_budget: None,
                        budget: number(&s.text),
                        executed: None,
                    });
                }
            }
            if let Some(unit) = &self.section {
                e.fields.push(Field {
                    label: "单位".into(),
                    value: unit.clone(),
                });
            }
            for (_, _, role) in &self.cols.cols {
                if let ListRole::Field(label) = role {
                    let value = text(role);
                    if !value.is_empty() {
                        e.fields.push(Field {
                            label: label.clone(),
                            value,
                        });
                    }
                }
            }
            self.current = Some((id, e));
        }
        let Some((cid, e)) = self.current.as_mut() else {
            return;
        };
        if id.is_some() && !name.is_empty() {
            *cid = id;
        }
        if !e.pages.contains(&page) {
            e.pages.push(page);
            // the project's 绩效目标 text finishing in its cell on this page
            if same
                && let Some(s) = self.cols.slot(row, &ListRole::Target).filter(|s| s.starts)
                && !s.text.is_empty()
            {
                e.target = Some(tidy(&format!(
                    "{}{}",
                    e.target.clone().unwrap_or_default(),
                    s.text
                )));
            }
        }
        let name_text = text(&ListRole::Indicator(Role::Name));
        if name_text.is_empty() {
            return;
        }
        let get = |r: Role| text(&ListRole::Indicator(r));
        let (mut level1, mut level2) = (
            Some(split_weight(&get(Role::Level1)).0).filter(|t| !t.is_empty()),
            Some(split_weight(&get(Role::Level2)).0).filter(|t| !t.is_empty()),
        );
        let (mut indicator, weight_in_name) = split_weight(&name_text);
        if level1.is_none()
            && level2.is_none()
            && let Some((l1, l2, rest)) = split_levels(&indicator)
        {
            (level1, level2, indicator) = (Some(l1), Some(l2), rest);
        }
        let has_columns = self.cols.has(&ListRole::Indicator(Role::Nature))
            || self.cols.has(&ListRole::Indicator(Role::Unit));
        let target = if has_columns {
            measure_from_columns(&get(Role::Nature), &get(Role::Target), &get(Role::Unit))
        } else {
            measure(&get(Role::Target))
        };
        e.indicators.push(Indicator {
            level1,
            level1_weight: None,
            level2,
            level2_weight: None,
            indicator,
            weight: number(&get(Role::Weight)).or(weight_in_name),
            target: Some(target).filter(|m| !m.text.is_empty()),
            actual: Some(measure(&get(Role::Actual))).filter(|m| !m.text.is_empty()),
            score: number(&get(Role::Score)),
            page,
            remark: Some(get(Role::Remark)).filter(|t| !t.is_empty()),
            fields: Vec::new(),
        });
    }

    pub(super) fn header_label(&self, role: &ListRole) -> String {
        match role {
            ListRole::Fiscal => "财政资金".into(),
            ListRole::Other => "其他资金".into(),
            _ => String::new(),
        }
    }

    pub(super) fn finish(mut self) -> Vec<Evaluation> {
        if let Some((_, e)) = self.current.take() {
            self.done.push(e);
        }
        self.done
    }
}

/// Header words of lists that hold no evaluation data themselves (序号, 主管部门, 绩效等级).
pub(super) fn is_header_word(t: &str) -> bool {
    t == "序号"
        || t.contains("主管部门")
        || t.contains("实施单位")
        || t.contains("单位名称")
        || t.contains("等级")
}

pub(super) fn list_role(t: &str) -> Option<ListRole> {
    Some(
        if is_project_label(t) || t == "项目" || t.starts_with("支出项目类别") {
            ListRole::Project
        } else if t.contains("财政资金") || (t.contains("财政拨款") && !t.contains("合计"))
        {
            ListRole::Fiscal
        } else if t.contains("其他资金") {
            ListRole::Other
        } else if t.contains("项目总额")
            || t == "总计"
            || t.starts_with("预算数")
            || t.contains("申报预算")
            || t.contains("资金总额")
            || t == "金额"
        {
            ListRole::Budget
        } else if t.contains("绩效目标") && !t.contains("指标") {
            ListRole::Target
        } else if let Some(role) = role_of(t) {
            ListRole::Indicator(role)
        } else {
            return None;
        },
    )
}
