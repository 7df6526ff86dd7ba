//! The rows of the dataset files beside the documents: one `manifest.jsonl` line per input, and
//! the column list every tabular facts output shares.

use crate::{Fact, TableKind};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What became of one input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Read, every table recognised, nothing cut short.
    Ok,
    /// Read, but something is missing: a limit was hit, a grid could not be read, a 决算 table is
    /// missing, or no table was recognised (`error` says which).
    Partial,
    /// No text layer (a scan): nothing to read without OCR.
    NoText,
    /// Nothing could be read (`error` says why: not a PDF, encrypted, a limit, a crash).
    Failed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Partial => "partial",
            Status::NoText => "no_text",
            Status::Failed => "failed",
        }
    }
}

/// One line of `manifest.jsonl`: every input gets exactly one, whatever happened to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ManifestLine {
    /// The input's name, as in `Fact::doc`.
    pub doc: String,
    pub status: Status,
    /// Why the status is not `ok`, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Pages read (0 when the input failed).
    pub pages: usize,
    /// The kinds of the tables found, in document order.
    pub tables: Vec<TableKind>,
    /// Lines the input contributed to `facts.jsonl`.
    pub facts: usize,
    /// Identities checked that held (a warning is a tolerated difference: held).
    pub identities_passed: usize,
    /// Identities checked that failed.
    pub identities_failed: usize,
    /// Milliseconds spent on the input; left out with `--no-timings`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_ms: Option<u64>,
}

impl Fact {
    /// The columns of `facts.csv`, in contract order (the order of the fields): the one list
    /// every tabular facts output (CSV, SQLite, Parquet) is written with.
    pub const COLUMNS: [&'static str; 11] = [
        "doc",
        "table",
        "row",
        "column",
        "value",
        "unit",
        "label",
        "page",
        "line",
        "column_key",
        "entity",
    ];

    /// The fact's values as text, in [`Fact::COLUMNS`] order.
    pub fn texts(&self) -> [String; 11] {
        [
            self.doc.clone(),
            self.table.as_str().to_string(),
            self.row.clone(),
            self.column.to_string(),
            self.value.clone(),
            self.unit.as_str().to_string(),
            self.label.clone(),
            self.page.to_string(),
            self.line.clone(),
            self.column_key.clone(),
            self.entity.clone(),
        ]
    }
}

/// The JSON Schema of one `manifest.jsonl` line.
pub fn manifest_schema() -> String {
    let mut s = serde_json::to_string_pretty(&schemars::schema_for!(ManifestLine))
        .expect("schema serialises");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AmountUnit;

    #[test]
    fn columns_are_the_fields_in_order() {
        let fact = Fact {
            doc: "d".into(),
            table: TableKind::Income,
            row: "1".into(),
            column: 2,
            value: "3".into(),
            unit: AmountUnit::Yuan,
            label: "l".into(),
            page: 4,
            line: "x".into(),
            column_key: "total".into(),
            entity: "".into(),
        };
        let json = serde_json::to_string(&fact).unwrap();
        let keys: Vec<&str> = json
            .split(['{', ','])
            .filter_map(|part| part.strip_prefix('"')?.split('"').next())
            .collect();
        assert_eq!(keys, Fact::COLUMNS);
        let texts = fact.texts();
        for (column, text) in Fact::COLUMNS.iter().zip(&texts) {
            let value = &serde_json::to_value(&fact).unwrap()[column];
            assert_eq!(
                value.as_str().map_or(value.to_string(), str::to_string),
                *text
            );
        }
    }

    #[test]
    fn manifest_lines_keep_their_shape() {
        let line = ManifestLine {
            doc: "a/b.pdf".into(),
            status: Status::NoText,
            error: None,
            pages: 2,
            tables: vec![TableKind::Summary, TableKind::ThreePublic],
            facts: 0,
            identities_passed: 0,
            identities_failed: 0,
            time_ms: None,
        };
        let json = serde_json::to_string(&line).unwrap();
        assert_eq!(
            json,
            r#"{"doc":"a/b.pdf","status":"no_text","pages":2,"tables":["summary","three_public"],"facts":0,"identities_passed":0,"identities_failed":0}"#
        );
        assert_eq!(serde_json::from_str::<ManifestLine>(&json).unwrap(), line);
        for s in [Status::Ok, Status::Partial, Status::NoText, Status::Failed] {
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.as_str())
            );
        }
    }
}
