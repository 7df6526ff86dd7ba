use juesuan_model::{
    AmountUnit, Cell, Column, Document, Level, Metadata, Row, SCHEMA_VERSION, Table, TableKind,
};
use rust_decimal::Decimal;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::str::FromStr;

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

pub fn shared() -> PathBuf {
    repo_root().join("../shared")
}

pub fn corpus_pdfs() -> Vec<PathBuf> {
    let mut pdfs: Vec<PathBuf> = std::fs::read_dir(repo_root().join("corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    pdfs.sort();
    pdfs
}

pub fn truth(pdf: &Path) -> Value {
    let path = pdf.with_extension("truth.json");
    serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap()
}

/// (table, row, column, value, label, line, column_key) of every truth fact of a corpus PDF.
pub type FactKey = (String, String, u32, String, String, String, String);

/// A fact line (truth file or facts.jsonl) as the tuple the tests compare.
pub fn fact_key_of(f: &Value) -> FactKey {
    let text = |k: &str| f[k].as_str().unwrap().to_string();
    (
        text("table"),
        text("row"),
        f["column"].as_u64().unwrap() as u32,
        text("value"),
        text("label"),
        text("line"),
        text("column_key"),
    )
}

pub fn truth_facts(pdf: &Path) -> Vec<FactKey> {
    let text = std::fs::read_to_string(pdf.with_extension("facts.jsonl")).unwrap();
    let mut facts: Vec<FactKey> = text
        .lines()
        .map(|l| fact_key_of(&serde_json::from_str(l).unwrap()))
        .collect();
    facts.sort();
    facts
}

pub fn fact_keys(doc: &Document) -> Vec<FactKey> {
    let mut facts: Vec<FactKey> = doc
        .facts()
        .into_iter()
        .map(|f| {
            (
                f.table.as_str().to_string(),
                f.row,
                f.column,
                f.value,
                f.label,
                f.line,
                f.column_key,
            )
        })
        .collect();
    facts.sort();
    facts
}

pub fn kind(key: &str) -> TableKind {
    *TableKind::ALL.iter().find(|k| k.as_str() == key).unwrap()
}

/// The truth file as a model document, so the validator can check the truth itself.
pub fn truth_document(truth: &Value) -> Document {
    let tables = truth["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let rows = t["rows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    let key = r["row"].as_str().unwrap().to_string();
                    // a row printing both economic classifications: "30101/50101"
                    let government_code = r["codes"]["government"].as_str().map(str::to_string);
                    let code_text = r["codes"]["department"]
                        .as_str()
                        .map_or(key.clone(), str::to_string);
                    let is_code = code_text.chars().all(|c| c.is_ascii_digit())
                        && matches!(code_text.len(), 3 | 5 | 7)
                        && !matches!(
                            kind(t["kind"].as_str().unwrap()),
                            TableKind::Summary | TableKind::FiscalSummary
                        );
                    let mut cells: Vec<Cell> = r["values"]
                        .as_object()
                        .unwrap()
                        .iter()
                        .map(|(c, v)| Cell {
                            key: r["column_keys"][c.as_str()]
                                .as_str()
                                .unwrap_or_default()
                                .to_string(),
                            column: c.parse().unwrap(),
                            bbox: None,
                            text: v.as_str().unwrap().to_string(),
                            value: Some(Decimal::from_str(v.as_str().unwrap()).unwrap()),
                        })
                        .collect();
                    cells.sort_by_key(|c| c.column);
                    Row {
                        line: r["line"].as_str().unwrap_or_default().to_string(),
                        code: is_code.then(|| code_text.clone()),
                        government_code,
                        level: is_code.then_some(match code_text.len() {
                            3 => Level::Lei,
                            5 => Level::Kuan,
                            _ => Level::Xiang,
                        }),
                        parent: None,
                        line_no: None,
                        label: r["label"].as_str().unwrap().to_string(),
                        key,
                        page: 1,
                        cells,
                    }
                })
                .collect();
            // the columns and their keys, as the rows name them
            let mut columns: Vec<Column> = Vec::new();
            for r in t["rows"].as_array().unwrap() {
                for (c, key) in r["column_keys"].as_object().unwrap() {
                    let number: u32 = c.parse().unwrap();
                    if !columns.iter().any(|col| col.number == number) {
                        columns.push(Column {
                            number,
                            header: String::new(),
                            key: key.as_str().unwrap().to_string(),
                            year: t["column_years"][c.as_str()].as_u64().map(|y| y as u16),
                        });
                    }
                }
            }
            columns.sort_by_key(|c| c.number);
            Table {
                kind: kind(t["kind"].as_str().unwrap()),
                title: t["title"].as_str().unwrap().to_string(),
                unit: if truth["metadata"]["amount_unit"] == "元" {
                    AmountUnit::Yuan
                } else {
                    AmountUnit::WanYuan
                },
                pages: vec![],
                empty: t["empty"].as_bool().unwrap(),
                columns,
                rows,
                notes: vec![],
            }
        })
        .collect();
    Document {
        schema_version: SCHEMA_VERSION,
        source: truth["id"].as_str().unwrap().to_string(),
        metadata: Metadata::default(),
        pages: vec![],
        tables,
        other_tables: vec![],
        diagnostics: vec![],
    }
}

pub fn extract(pdf: &Path) -> Document {
    let bytes = std::fs::read(pdf).unwrap();
    let name = pdf.file_name().unwrap().to_string_lossy().to_string();
    juesuan::pipeline::extract_pdf(&bytes, &name, &juesuan_pdf::Limits::default()).unwrap()
}

/// A fresh, empty folder for one test.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("juesuan-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
