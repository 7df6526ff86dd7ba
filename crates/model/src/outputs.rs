//! The rows of the dataset files beside the documents: one `manifest.jsonl` line per input, one
//! `documents.jsonl` line per input, and the column lists every tabular output shares.

use crate::{DocFamily, DocKind, Document, Fact, TableKind};
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
    /// SHA-256 of the input's bytes, lowercase hex, as the worker read them (absent when the
    /// input could not be read at all, or its worker died).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
}

/// One line of `documents.jsonl` (and a row of `documents.csv`, of the `documents` table of
/// `juesuan.sqlite`, of `documents.parquet`): what an input is, so that facts can be joined by
/// issuer and year, and how it was read. Every field is always present (`null` when unknown).
/// Fields may be added at the end; none is renamed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DocumentLine {
    /// The input's name, as in `Fact::doc`.
    pub doc: String,
    pub status: Status,
    /// The issuing unit or department (`metadata.unit`: the "单位：…" line of the tables).
    pub issuer: Option<String>,
    /// 主管部门, where the report states it (the performance forms' 主管部门 field).
    pub department: Option<String>,
    /// Fiscal year of the report.
    pub year: Option<u16>,
    /// `决算` or `预算`.
    pub doc_kind: Option<DocKind>,
    /// `部门` (department, consolidated) or `单位` (a single unit).
    pub scope: Option<String>,
    /// `department` (a department's or unit's report) or `government` (a government-wide one).
    pub family: Option<DocFamily>,
    /// Pages read (0 when the input failed).
    pub pages: usize,
    /// The PDF's producer, as the file states it.
    pub producer: Option<String>,
    /// Tables recognised (the manifest's `tables`, counted).
    pub tables: usize,
    /// Lines the input contributed to `facts.jsonl`.
    pub facts: usize,
    pub identities_passed: usize,
    pub identities_failed: usize,
    /// SHA-256 of the input's bytes, lowercase hex (`null` when the input could not be read).
    pub sha256: Option<String>,
}

impl DocumentLine {
    /// The columns of `documents.csv` (and every tabular documents output), in field order.
    pub const COLUMNS: [&'static str; 15] = [
        "doc",
        "status",
        "issuer",
        "department",
        "year",
        "doc_kind",
        "scope",
        "family",
        "pages",
        "producer",
        "tables",
        "facts",
        "identities_passed",
        "identities_failed",
        "sha256",
    ];

    /// The line of an input: its manifest line, and its document unless it failed.
    pub fn new(line: &ManifestLine, doc: Option<&Document>) -> Self {
        let meta = doc.map(|d| &d.metadata);
        let department = doc.and_then(|d| {
            d.evaluations
                .iter()
                .flat_map(|e| &e.fields)
                .find(|f| f.label.contains("主管部门") && !f.value.trim().is_empty())
                .map(|f| f.value.trim().to_string())
        });
        DocumentLine {
            doc: line.doc.clone(),
            status: line.status,
            issuer: meta.and_then(|m| m.unit.clone()),
            department,
            year: meta.and_then(|m| m.year),
            doc_kind: meta.and_then(|m| m.doc_kind),
            scope: meta.and_then(|m| m.scope.clone()),
            family: meta.and_then(|m| m.family),
            pages: line.pages,
            producer: meta.and_then(|m| m.producer.clone()),
            tables: line.tables.len(),
            facts: line.facts,
            identities_passed: line.identities_passed,
            identities_failed: line.identities_failed,
            sha256: line.sha256.clone(),
        }
    }

    /// The values in [`Self::COLUMNS`] order, "" for an absent one.
    pub fn texts(&self) -> [String; 15] {
        let o = |v: &Option<String>| v.clone().unwrap_or_default();
        [
            self.doc.clone(),
            self.status.as_str().into(),
            o(&self.issuer),
            o(&self.department),
            self.year.map(|y| y.to_string()).unwrap_or_default(),
            self.doc_kind.map(name).unwrap_or_default(),
            o(&self.scope),
            self.family.map(name).unwrap_or_default(),
            self.pages.to_string(),
            o(&self.producer),
            self.tables.to_string(),
            self.facts.to_string(),
            self.identities_passed.to_string(),
            self.identities_failed.to_string(),
            o(&self.sha256),
        ]
    }
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
    crate::schema_of::<ManifestLine>()
}

/// A unit variant's name as it is serialised (`"决算"`, `"department"`).
fn name<T: Serialize>(v: T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// The JSON Schema of one `documents.jsonl` line.
pub fn document_line_schema() -> String {
    crate::schema_of::<DocumentLine>()
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
    fn document_lines_follow_their_columns() {
        let manifest = ManifestLine {
            doc: "a.pdf".into(),
            status: Status::Ok,
            error: None,
            pages: 3,
            tables: vec![TableKind::Summary],
            facts: 7,
            identities_passed: 5,
            identities_failed: 1,
            time_ms: Some(9),
            sha256: Some("ab".into()),
        };
        let mut line = DocumentLine::new(&manifest, None);
        line.year = Some(2020);
        line.doc_kind = Some(DocKind::FinalAccounts);
        line.family = Some(DocFamily::Department);
        let json = serde_json::to_value(&line).unwrap();
        let text = serde_json::to_string(&line).unwrap();
        let keys: Vec<&str> = text
            .split(['{', ','])
            .filter_map(|part| part.strip_prefix('"')?.split('"').next())
            .collect();
        assert_eq!(keys, DocumentLine::COLUMNS);
        for (column, text) in DocumentLine::COLUMNS.iter().zip(line.texts()) {
            let value = &json[column];
            let expected = match value {
                serde_json::Value::Null => String::new(),
                serde_json::Value::String(s) => s.clone(),
                v => v.to_string(),
            };
            assert_eq!(expected, text, "{column}");
        }
        assert_eq!(line.tables, 1);
        assert_eq!(json["doc_kind"], "决算");
        assert_eq!(json["issuer"], serde_json::Value::Null);
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
            sha256: None,
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
