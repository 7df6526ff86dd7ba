//! `evaluations.jsonl`/`.csv` and `indicators.jsonl`/`.csv` (the performance tables of one input
//! as lines: [`EvaluationLine`], [`IndicatorLine`]) and `narrative.jsonl`/`.csv` (the figures
//! its narrative states: [`NarrativeLine`]), each output the concatenation of its header and every
//! input's lines in input order, like the facts.

use crate::csv_field;
use juesuan_model::{
    Document, EvaluationLine, IndicatorLine, NarrativeLine, evaluation_lines, indicator_lines,
    narrative_lines,
};
use serde::Serialize;

fn jsonl<T: Serialize>(lines: &[T]) -> String {
    let mut out = String::new();
    for l in lines {
        out.push_str(&serde_json::to_string(l).expect("lines always serialise"));
        out.push('\n');
    }
    out
}

fn csv_rows<const N: usize>(rows: impl Iterator<Item = [String; N]>) -> String {
    let mut out = String::new();
    for row in rows {
        let fields: Vec<String> = row.iter().map(|v| csv_field(v)).collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

fn header(columns: &[&str], bom: bool) -> String {
    let bom = if bom { "\u{feff}" } else { "" };
    format!("{bom}{}\r\n", columns.join(","))
}

/// The first line of `evaluations.csv` ([`EvaluationLine::COLUMNS`]).
pub fn evaluations_csv_header(bom: bool) -> String {
    header(&EvaluationLine::COLUMNS, bom)
}

/// The first line of `indicators.csv` ([`IndicatorLine::COLUMNS`]).
pub fn indicators_csv_header(bom: bool) -> String {
    header(&IndicatorLine::COLUMNS, bom)
}

/// The first line of `narrative.csv` ([`NarrativeLine::COLUMNS`]).
pub fn narrative_csv_header(bom: bool) -> String {
    header(&NarrativeLine::COLUMNS, bom)
}

/// A document's `narrative.jsonl` lines.
pub fn narrative_jsonl(doc: &Document) -> String {
    jsonl(&narrative_lines(&doc.source, &doc.narrative))
}

/// A document's `narrative.csv` rows.
pub fn narrative_csv_rows(doc: &Document) -> String {
    csv_rows(
        narrative_lines(&doc.source, &doc.narrative)
            .iter()
            .map(NarrativeLine::texts),
    )
}

/// A document's `evaluations.jsonl` lines.
pub fn evaluations_jsonl(doc: &Document) -> String {
    jsonl(&evaluation_lines(&doc.source, &doc.evaluations))
}

/// A document's `evaluations.csv` rows.
pub fn evaluations_csv_rows(doc: &Document) -> String {
    csv_rows(
        evaluation_lines(&doc.source, &doc.evaluations)
            .iter()
            .map(EvaluationLine::texts),
    )
}

/// A document's `indicators.jsonl` lines.
pub fn indicators_jsonl(doc: &Document) -> String {
    jsonl(&indicator_lines(&doc.source, &doc.evaluations))
}

/// A document's `indicators.csv` rows.
pub fn indicators_csv_rows(doc: &Document) -> String {
    csv_rows(
        indicator_lines(&doc.source, &doc.evaluations)
            .iter()
            .map(IndicatorLine::texts),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use juesuan_model::{AmountUnit, Evaluation, EvaluationKind, EvaluationScope, SCHEMA_VERSION};

    #[test]
    fn evaluation_rows_follow_their_columns() {
        let doc = Document {
            schema_version: SCHEMA_VERSION,
            source: "a.pdf".into(),
            metadata: Default::default(),
            pages: vec![],
            tables: vec![],
            other_tables: vec![],
            evaluations: vec![Evaluation {
                evaluation: "项目, \"甲\"".into(),
                scope: EvaluationScope::Project,
                kind: EvaluationKind::Target,
                title: "项目支出绩效目标表".into(),
                page: 2,
                pages: vec![2],
                unit: AmountUnit::WanYuan,
                budget: serde_json::from_str("\"30.00\"").unwrap(),
                executed: None,
                execution_rate: None,
                budget_weight: None,
                budget_score: None,
                total_score: None,
                initial_budget: None,
                sources: vec![],
                indicator_weight: None,
                target: None,
                outcome: None,
                fields: vec![],
                choices: vec![],
                indicators: vec![],
            }],
            narrative: vec![],
            diagnostics: vec![],
        };
        assert!(evaluations_csv_header(false).starts_with("doc,evaluation,scope,page,budget,"));
        assert_eq!(
            evaluations_csv_rows(&doc),
            "a.pdf,\"项目, \"\"甲\"\"\",project,2,30.00,,,,,,target,项目支出绩效目标表,万元,,,,,,,0,\r\n"
        );
        assert!(evaluations_jsonl(&doc).starts_with("{\"doc\":\"a.pdf\",\"evaluation\":"));
        assert_eq!(indicators_jsonl(&doc), "");
    }
}
