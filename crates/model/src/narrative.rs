//! Figures the 情况说明 (the report's narrative) states: totals, shares, changes on the previous
//! year, counts. Each is a [`NarrativeFigure`] in the document and a [`NarrativeLine`] of
//! `narrative.jsonl`, tied where it can be to the table cell it speaks of (its `key`), so that the
//! narrative can be checked against the tables (`NARRATIVE_*` rules).

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What a stated figure measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FigureMeasure {
    /// An amount ("收入合计 1,677.19 万元").
    Amount,
    /// A part of a whole, in percent ("占本年收入 99.8%", "完成年初预算的 103.5%").
    Share,
    /// An amount's change ("增加 90.61 万元"); negative for 减少/下降.
    Change,
    /// A relative change, in percent ("增长 5.7%"); negative for 下降/减少.
    ChangeRate,
    /// A count of people, vehicles, projects … ("在职实有人数 43 人", "车辆 1 辆").
    Count,
}

impl FigureMeasure {
    pub fn as_str(self) -> &'static str {
        match self {
            FigureMeasure::Amount => "amount",
            FigureMeasure::Share => "share",
            FigureMeasure::Change => "change",
            FigureMeasure::ChangeRate => "change_rate",
            FigureMeasure::Count => "count",
        }
    }
}

/// One figure the narrative states.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NarrativeFigure {
    /// The heading the figure is under ("二、收入决算情况说明").
    pub section: String,
    /// What the figure is about, as printed before it ("财政拨款收入", "占本年收入", "增长").
    pub subject: String,
    /// Canonical key: `table/line/column_key` of the cell it corresponds to
    /// (`summary/total.income/amount`, `general_budget_expenditure/208/total`,
    /// `three_public/grand_total/budget.total`); else a narrative key (`staff.in_post`,
    /// `vehicles.total`, `procurement.goods`, `initial_budget.general_budget`, `operating_costs`);
    /// absent when the figure is about nothing juesuan names. A share or rate carries the key of
    /// the amount it is a share or rate of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The number as printed, exact (without thousands separators), signed for a decrease.
    #[schemars(with = "String")]
    pub value: Decimal,
    /// As printed: 万元, 元, 亿元, %, 人, 辆, 个 …
    pub unit: String,
    pub measure: FigureMeasure,
    /// For a change or a rate of change: the year compared with ("与 2019 年度相比").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
    /// 1-based page of the sentence.
    pub page: usize,
    /// The sentence the figure is in, whitespace removed.
    pub sentence: String,
}

/// One line of `narrative.jsonl`: a [`NarrativeFigure`] with the input it comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NarrativeLine {
    pub doc: String,
    pub section: String,
    pub subject: String,
    pub key: Option<String>,
    #[schemars(with = "String")]
    pub value: Decimal,
    pub unit: String,
    pub measure: FigureMeasure,
    pub year: Option<u16>,
    pub page: usize,
    pub sentence: String,
}

impl NarrativeLine {
    /// The columns of `narrative.csv`, in field order.
    pub const COLUMNS: [&'static str; 10] = [
        "doc", "section", "subject", "key", "value", "unit", "measure", "year", "page", "sentence",
    ];

    /// The values in [`Self::COLUMNS`] order, "" for an absent one.
    pub fn texts(&self) -> [String; 10] {
        [
            self.doc.clone(),
            self.section.clone(),
            self.subject.clone(),
            self.key.clone().unwrap_or_default(),
            self.value.to_string(),
            self.unit.clone(),
            self.measure.as_str().to_string(),
            self.year.map(|y| y.to_string()).unwrap_or_default(),
            self.page.to_string(),
            self.sentence.clone(),
        ]
    }
}

/// The `narrative.jsonl` lines of a document's figures.
pub fn narrative_lines(doc: &str, figures: &[NarrativeFigure]) -> Vec<NarrativeLine> {
    figures
        .iter()
        .map(|f| NarrativeLine {
            doc: doc.to_string(),
            section: f.section.clone(),
            subject: f.subject.clone(),
            key: f.key.clone(),
            value: f.value,
            unit: f.unit.clone(),
            measure: f.measure,
            year: f.year,
            page: f.page,
            sentence: f.sentence.clone(),
        })
        .collect()
}

/// The JSON Schema of one `narrative.jsonl` line.
pub fn narrative_schema() -> String {
    crate::schema_of::<NarrativeLine>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_the_fields_in_order() {
        let line = NarrativeLine {
            doc: "a.pdf".into(),
            section: "二、收入".into(),
            subject: "财政拨款收入".into(),
            key: Some("income/grand_total/fiscal".into()),
            value: "1673".parse().unwrap(),
            unit: "万元".into(),
            measure: FigureMeasure::Amount,
            year: None,
            page: 3,
            sentence: "s".into(),
        };
        let json = serde_json::to_value(&line).unwrap();
        let keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut sorted = NarrativeLine::COLUMNS.to_vec();
        sorted.sort();
        let mut got = keys.clone();
        got.sort();
        assert_eq!(got, sorted);
        let text = serde_json::to_string(&line).unwrap();
        let positions: Vec<usize> = NarrativeLine::COLUMNS
            .iter()
            .map(|c| text.find(&format!("\"{c}\":")).unwrap())
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text}");
        assert_eq!(line.texts()[3], "income/grand_total/fiscal");
    }
}
