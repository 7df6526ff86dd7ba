//! 绩效自评表 (performance self-evaluations) and 绩效目标表 (performance targets) as data.
//!
//! A 决算 report ends with self-evaluations: one for the unit or department as a whole (整体) and
//! one per project, each with its budget execution (预算数 A, 执行数 B, 执行率 B/A, a weight and a
//! score), a tree of indicators (一级 → 二级 → 三级, each with a weight, a target, what was achieved
//! and a score) and a 总分. A 预算 report carries target tables: the same tree with targets only,
//! the planned amounts by source of funds and the target text. Both are [`Evaluation`]s; what a
//! layout does not print is absent, never guessed.
//!
//! The tidy outputs are [`EvaluationLine`]s (`evaluations.jsonl`) and [`IndicatorLine`]s
//! (`indicators.jsonl`), one column list each ([`EvaluationLine::COLUMNS`],
//! [`IndicatorLine::COLUMNS`]) for every writer. Fields may be added at the end; none is renamed.

use crate::AmountUnit;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A self-evaluation of what was done, or a target table of what is planned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EvaluationKind {
    /// 绩效自评表: execution, scores, 总分.
    SelfEvaluation,
    /// 绩效目标表 (目标申报表, 绩效目标情况): targets and planned amounts, no scores.
    Target,
}

impl EvaluationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EvaluationKind::SelfEvaluation => "self_evaluation",
            EvaluationKind::Target => "target",
        }
    }
}

/// What an evaluation is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EvaluationScope {
    /// The unit's or department's spending as a whole (整体支出).
    Overall,
    /// One project (项目支出).
    Project,
}

impl EvaluationScope {
    pub fn as_str(self) -> &'static str {
        match self {
            EvaluationScope::Overall => "overall",
            EvaluationScope::Project => "project",
        }
    }
}

/// One performance table: a self-evaluation or a target table of one project (or of the whole).
///
/// Amounts and scores are exact decimals as printed (`100.0` stays `100.0`); percentages are
/// the printed number without "%".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Evaluation {
    /// The project's name as printed, or "整体" for an evaluation of the whole.
    pub evaluation: String,
    pub scope: EvaluationScope,
    pub kind: EvaluationKind,
    /// The table's title as printed ("社会保险业务工作经费项目绩效自评表").
    pub title: String,
    /// First page of the table (1-based).
    pub page: usize,
    /// Every page the table is printed on.
    pub pages: Vec<usize>,
    /// The unit of the amounts, as the table states it ("（万元）"); 万元 where it states none.
    pub unit: AmountUnit,
    /// 预算数 (A): 全年预算数 where a layout also prints 年初预算数; for a target table the planned
    /// total (年度预算资金总额, 项目总额, 当年预算).
    #[schemars(with = "Option<String>")]
    pub budget: Option<Decimal>,
    /// 执行数 (B), 全年执行数.
    #[schemars(with = "Option<String>")]
    pub executed: Option<Decimal>,
    /// 执行率 (B/A) as printed, in percent without "%" ("99.9").
    #[schemars(with = "Option<String>")]
    pub execution_rate: Option<Decimal>,
    /// The weight (分值) of budget execution ("（20 分）").
    #[schemars(with = "Option<String>")]
    pub budget_weight: Option<Decimal>,
    /// The score of budget execution (得分).
    #[schemars(with = "Option<String>")]
    pub budget_score: Option<Decimal>,
    /// 总分 as printed.
    #[schemars(with = "Option<String>")]
    pub total_score: Option<Decimal>,
    /// 年初预算数, where the layout prints it apart from 全年预算数.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub initial_budget: Option<Decimal>,
    /// The amounts by source of funds (财政拨款, 上年结转, 其他资金 …) where the layout prints them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<FundSource>,
    /// The weight of all indicators together where printed ("年度绩效目标（80 分）").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub indicator_weight: Option<Decimal>,
    /// The target text: 年度总体目标, 预期目标, 绩效目标, 整体绩效目标.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// What was achieved against the target text (实际完成情况), where printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// The other labelled fields of the form, in print order: 单位名称, 主管部门, 实施单位,
    /// 基本支出总额, 偏差大或目标未完成原因分析, 改进措施及结果应用方案 …
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    /// Options printed with check boxes (☑ / □): 项目类别, 项目属性, 项目类型.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Choice>,
    pub indicators: Vec<Indicator>,
}

/// Amounts of one source of funds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FundSource {
    /// `total` (年度资金总额), `fiscal` (财政拨款, 财政资金), `carryover` (上年结转), `other`
    /// (其他资金); `unknown:<label>` for a source not in this list.
    pub key: String,
    /// The label as printed ("其中：当年财政拨款").
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub initial_budget: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub budget: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub executed: Option<Decimal>,
}

/// A labelled field of a form, its text as printed (wrapped lines joined).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Field {
    pub label: String,
    pub value: String,
}

/// One option printed with a check box.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Choice {
    /// The field the option belongs to ("项目类别").
    pub field: String,
    /// The option's text without its number and box ("部门预算项目").
    pub option: String,
    /// ☑ (or a box the text lost, where the others print □) rather than □.
    pub checked: bool,
}

/// One 三级 indicator with the levels it sits under.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Indicator {
    /// 一级指标 without its weight ("产出指标").
    pub level1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub level1_weight: Option<Decimal>,
    /// 二级指标 without its weight ("数量指标").
    pub level2: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub level2_weight: Option<Decimal>,
    /// 三级指标 (or 指标名称) without its weight.
    pub indicator: String,
    /// The indicator's weight (分值, 权重), from its own column or from its name ("（2.5 分）").
    #[schemars(with = "Option<String>")]
    pub weight: Option<Decimal>,
    /// 年初目标值 / 年度指标值 / 指标值.
    pub target: Option<Measure>,
    /// 实际完成值.
    pub actual: Option<Measure>,
    #[schemars(with = "Option<String>")]
    pub score: Option<Decimal>,
    /// Page of the indicator's row.
    pub page: usize,
    /// 偏差原因分析及改进措施, or another remark printed on the indicator's row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remark: Option<String>,
    /// Other columns the layout prints for each indicator (是否核心, 实施周期指标值, 活动).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
}

/// A target or achieved value: the printed text, and the number and unit where it states one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Measure {
    /// As printed (wrapped lines joined); with a layout that prints the comparison, the value and
    /// the unit in three columns, the three joined ("≥90%").
    pub text: String,
    /// The one number the text states ("≥90%" → 90, "32.95 万元" → 32.95); absent for text
    /// stating none or several ("足额发放", "年审 14.5 万人次，服务指导 300 人次").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub value: Option<Decimal>,
    /// What follows the number ("%", "万元", "人次").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The comparison stated with it: `>=`, `<=`, `=`, `>`, `<`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comparator: Option<String>,
}

/// One line of `evaluations.jsonl`. The first ten fields are the contract; the rest were added.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EvaluationLine {
    pub doc: String,
    pub evaluation: String,
    pub scope: EvaluationScope,
    pub page: usize,
    pub budget: Option<String>,
    pub executed: Option<String>,
    pub execution_rate: Option<String>,
    pub budget_weight: Option<String>,
    pub budget_score: Option<String>,
    pub total_score: Option<String>,
    pub kind: EvaluationKind,
    pub title: String,
    pub unit: AmountUnit,
    pub initial_budget: Option<String>,
    pub fiscal_budget: Option<String>,
    pub fiscal_executed: Option<String>,
    pub other_budget: Option<String>,
    pub other_executed: Option<String>,
    pub indicator_weight: Option<String>,
    pub indicators: usize,
    pub target: Option<String>,
}

/// One line of `indicators.jsonl`. The first ten fields are the contract; the rest were added.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct IndicatorLine {
    pub doc: String,
    pub evaluation: String,
    pub level1: Option<String>,
    pub level2: Option<String>,
    pub indicator: String,
    pub weight: Option<String>,
    /// The target as printed.
    pub target: Option<String>,
    /// The achieved value as printed.
    pub actual: Option<String>,
    pub score: Option<String>,
    pub page: usize,
    pub target_value: Option<String>,
    pub target_unit: Option<String>,
    pub actual_value: Option<String>,
    pub actual_unit: Option<String>,
    pub comparator: Option<String>,
    pub level1_weight: Option<String>,
    pub level2_weight: Option<String>,
    pub kind: EvaluationKind,
    pub scope: EvaluationScope,
}

fn text(d: Option<Decimal>) -> Option<String> {
    d.map(|d| d.to_string())
}

impl EvaluationLine {
    /// The columns in order, for CSV headers and other tabular writers.
    pub const COLUMNS: [&'static str; 21] = [
        "doc",
        "evaluation",
        "scope",
        "page",
        "budget",
        "executed",
        "execution_rate",
        "budget_weight",
        "budget_score",
        "total_score",
        "kind",
        "title",
        "unit",
        "initial_budget",
        "fiscal_budget",
        "fiscal_executed",
        "other_budget",
        "other_executed",
        "indicator_weight",
        "indicators",
        "target",
    ];

    pub fn new(doc: &str, e: &Evaluation) -> Self {
        let source = |key: &str| e.sources.iter().find(|s| s.key == key);
        EvaluationLine {
            doc: doc.to_string(),
            evaluation: e.evaluation.clone(),
            scope: e.scope,
            page: e.page,
            budget: text(e.budget),
            executed: text(e.executed),
            execution_rate: text(e.execution_rate),
            budget_weight: text(e.budget_weight),
            budget_score: text(e.budget_score),
            total_score: text(e.total_score),
            kind: e.kind,
            title: e.title.clone(),
            unit: e.unit,
            initial_budget: text(e.initial_budget),
            fiscal_budget: text(source("fiscal").and_then(|s| s.budget)),
            fiscal_executed: text(source("fiscal").and_then(|s| s.executed)),
            other_budget: text(source("other").and_then(|s| s.budget)),
            other_executed: text(source("other").and_then(|s| s.executed)),
            indicator_weight: text(e.indicator_weight),
            indicators: e.indicators.len(),
            target: e.target.clone(),
        }
    }

    /// The values in [`Self::COLUMNS`] order, "" for an absent one.
    pub fn texts(&self) -> [String; 21] {
        let o = |v: &Option<String>| v.clone().unwrap_or_default();
        [
            self.doc.clone(),
            self.evaluation.clone(),
            self.scope.as_str().into(),
            self.page.to_string(),
            o(&self.budget),
            o(&self.executed),
            o(&self.execution_rate),
            o(&self.budget_weight),
            o(&self.budget_score),
            o(&self.total_score),
            self.kind.as_str().into(),
            self.title.clone(),
            self.unit.as_str().into(),
            o(&self.initial_budget),
            o(&self.fiscal_budget),
            o(&self.fiscal_executed),
            o(&self.other_budget),
            o(&self.other_executed),
            o(&self.indicator_weight),
            self.indicators.to_string(),
            o(&self.target),
        ]
    }
}

impl IndicatorLine {
    /// The columns in order, for CSV headers and other tabular writers.
    pub const COLUMNS: [&'static str; 19] = [
        "doc",
        "evaluation",
        "level1",
        "level2",
        "indicator",
        "weight",
        "target",
        "actual",
        "score",
        "page",
        "target_value",
        "target_unit",
        "actual_value",
        "actual_unit",
        "comparator",
        "level1_weight",
        "level2_weight",
        "kind",
        "scope",
    ];

    pub fn new(doc: &str, e: &Evaluation, i: &Indicator) -> Self {
        let t = i.target.as_ref();
        let a = i.actual.as_ref();
        IndicatorLine {
            doc: doc.to_string(),
            evaluation: e.evaluation.clone(),
            level1: i.level1.clone(),
            level2: i.level2.clone(),
            indicator: i.indicator.clone(),
            weight: text(i.weight),
            target: t.map(|m| m.text.clone()),
            actual: a.map(|m| m.text.clone()),
            score: text(i.score),
            page: i.page,
            target_value: text(t.and_then(|m| m.value)),
            target_unit: t.and_then(|m| m.unit.clone()),
            actual_value: text(a.and_then(|m| m.value)),
            actual_unit: a.and_then(|m| m.unit.clone()),
            comparator: t.and_then(|m| m.comparator.clone()),
            level1_weight: text(i.level1_weight),
            level2_weight: text(i.level2_weight),
            kind: e.kind,
            scope: e.scope,
        }
    }

    /// The values in [`Self::COLUMNS`] order, "" for an absent one.
    pub fn texts(&self) -> [String; 19] {
        let o = |v: &Option<String>| v.clone().unwrap_or_default();
        [
            self.doc.clone(),
            self.evaluation.clone(),
            o(&self.level1),
            o(&self.level2),
            self.indicator.clone(),
            o(&self.weight),
            o(&self.target),
            o(&self.actual),
            o(&self.score),
            self.page.to_string(),
            o(&self.target_value),
            o(&self.target_unit),
            o(&self.actual_value),
            o(&self.actual_unit),
            o(&self.comparator),
            o(&self.level1_weight),
            o(&self.level2_weight),
            self.kind.as_str().into(),
            self.scope.as_str().into(),
        ]
    }
}

/// The lines of every evaluation of a document, in print order.
pub fn evaluation_lines(doc: &str, evaluations: &[Evaluation]) -> Vec<EvaluationLine> {
    evaluations
        .iter()
        .map(|e| EvaluationLine::new(doc, e))
        .collect()
}

/// The lines of every indicator of a document, evaluation by evaluation, in print order.
pub fn indicator_lines(doc: &str, evaluations: &[Evaluation]) -> Vec<IndicatorLine> {
    evaluations
        .iter()
        .flat_map(|e| {
            e.indicators
                .iter()
                .map(move |i| IndicatorLine::new(doc, e, i))
        })
        .collect()
}

/// The JSON Schema of one `evaluations.jsonl` line.
pub fn evaluation_line_schema() -> String {
    crate::schema_of::<EvaluationLine>()
}

/// The JSON Schema of one `indicators.jsonl` line.
pub fn indicator_line_schema() -> String {
    crate::schema_of::<IndicatorLine>()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys of a one-line JSON object of flat values, in order.
    fn keys(json: &str) -> Vec<String> {
        json.split(['{', ','])
            .filter_map(|part| part.strip_prefix('"')?.split('"').next().map(String::from))
            .collect()
    }

    #[test]
    fn columns_are_the_fields_in_order() {
        let e = Evaluation {
            evaluation: "整体".into(),
            scope: EvaluationScope::Overall,
            kind: EvaluationKind::SelfEvaluation,
            title: "整体绩效自评表".into(),
            page: 3,
            pages: vec![3],
            unit: AmountUnit::WanYuan,
            budget: Some(Decimal::new(167718, 2)),
            executed: Some(Decimal::new(167576, 2)),
            execution_rate: Some(Decimal::new(999, 1)),
            budget_weight: Some(Decimal::from(20)),
            budget_score: Some(Decimal::new(1998, 2)),
            total_score: Some(Decimal::new(9564, 2)),
            initial_budget: None,
            sources: vec![],
            indicator_weight: Some(Decimal::from(80)),
            target: None,
            outcome: None,
            fields: vec![],
            choices: vec![],
            indicators: vec![Indicator {
                level1: Some("产出指标".into()),
                level1_weight: Some(Decimal::from(40)),
                level2: Some("数量指标".into()),
                level2_weight: Some(Decimal::from(20)),
                indicator: "月社会保险业务经办量".into(),
                weight: Some(Decimal::from(5)),
                target: Some(Measure {
                    text: "2万笔".into(),
                    value: Some(Decimal::from(2)),
                    unit: Some("万笔".into()),
                    comparator: None,
                }),
                actual: None,
                score: Some(Decimal::new(45, 1)),
                page: 3,
                remark: None,
                fields: vec![],
            }],
        };
        let line = &evaluation_lines("a.txt", std::slice::from_ref(&e))[0];
        let json = serde_json::to_string(line).unwrap();
        assert_eq!(keys(&json), EvaluationLine::COLUMNS);
        let texts = line.texts();
        assert_eq!(
            texts[4..10],
            ["1677.18", "1675.76", "99.9", "20", "19.98", "95.64"]
        );
        let line = &indicator_lines("a.txt", std::slice::from_ref(&e))[0];
        let json = serde_json::to_string(line).unwrap();
        assert_eq!(keys(&json), IndicatorLine::COLUMNS);
        assert_eq!(
            line.texts()[..12].join("|"),
            "a.txt|整体|产出指标|数量指标|月社会保险业务经办量|5|2万笔||4.5|3|2|万笔"
        );
    }
}
