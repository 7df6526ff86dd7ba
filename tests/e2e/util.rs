//! What the tests share: paths, truth files, and every corpus PDF and real report extracted once
//! per test run (lazily, in parallel), however many tests look at them.

use juesuan_model::{
    AmountUnit, Cell, Column, Document, Level, Metadata, Row, SCHEMA_VERSION, Table, TableKind,
};
use rayon::prelude::*;
use rust_decimal::Decimal;
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{LazyLock, Mutex, OnceLock};

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

/// The truth file of a corpus PDF, parsed once per test run.
pub fn truth(pdf: &Path) -> &'static Value {
    static TRUTHS: LazyLock<Mutex<HashMap<PathBuf, &'static Value>>> =
        LazyLock::new(Default::default);
    let parsed = TRUTHS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(pdf)
        .copied();
    parsed.unwrap_or_else(|| {
        let path = pdf.with_extension("truth.json");
        let value: &'static Value = Box::leak(Box::new(
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap(),
        ));
        TRUTHS
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(pdf.to_path_buf(), value);
        value
    })
}

/// (table, row, column, value, label, line, column_key, entity) of every truth fact of a corpus PDF.
pub type FactKey = (String, String, u32, String, String, String, String, String);

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
        f["entity"].as_str().unwrap_or_default().to_string(),
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
                f.entity,
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
                        entity: r["entity"].as_str().unwrap_or_default().to_string(),
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
                unit: match truth["metadata"]["amount_unit"].as_str() {
                    Some("元") => AmountUnit::Yuan,
                    Some("亿元") => AmountUnit::YiYuan,
                    _ => AmountUnit::WanYuan,
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
        evaluations: vec![],
        narrative: vec![],
        diagnostics: vec![],
    }
}

/// Every corpus PDF with its document, extracted once per test run, in file order.
pub fn corpus() -> &'static [(PathBuf, Document)] {
    static CORPUS: OnceLock<Vec<(PathBuf, Document)>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        corpus_pdfs()
            .into_par_iter()
            .map(|pdf| {
                let doc = extract(&pdf);
                (pdf, doc)
            })
            .collect()
    })
}

/// The document of one corpus PDF (from [`corpus`]).
pub fn corpus_doc(pdf: &Path) -> &'static Document {
    corpus()
        .iter()
        .find(|(p, _)| p == pdf)
        .map(|(_, d)| d)
        .unwrap_or_else(|| panic!("{} is not a corpus PDF", pdf.display()))
}

/// A real report of ../shared/realworld or ../shared/realworld2 and what juesuan made of it.
pub struct RealReport {
    /// "realworld/NAME.pdf", "realworld2/NAME.pdf".
    pub name: String,
    /// The document, or why the file could not be read at all.
    pub doc: Result<Document, String>,
}

/// Every real report, extracted once per test run, in name order.
pub fn real_reports() -> &'static [RealReport] {
    static REAL: OnceLock<Vec<RealReport>> = OnceLock::new();
    REAL.get_or_init(|| {
        let mut files: Vec<(String, PathBuf)> = Vec::new();
        for folder in ["realworld", "realworld2"] {
            for entry in std::fs::read_dir(shared().join(folder)).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "pdf") {
                    let name = format!("{folder}/{}", path.file_name().unwrap().to_string_lossy());
                    files.push((name, path));
                }
            }
        }
        files.sort();
        assert!(files.len() >= 158, "../shared/realworld* is missing files");
        files
            .into_par_iter()
            .map(|(name, path)| {
                let bytes = std::fs::read(&path).unwrap();
                let file = path.file_name().unwrap().to_string_lossy().to_string();
                let doc = juesuan::pipeline::extract_pdf(&bytes, &file, &Default::default())
                    .map_err(|e| e.to_string());
                RealReport { name, doc }
            })
            .collect()
    })
}

/// The document of a real report that reads ("realworld/NAME.pdf").
pub fn real_doc(name: &str) -> &'static Document {
    let report = real_reports()
        .iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no real report {name}"));
    report
        .doc
        .as_ref()
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

pub fn extract(pdf: &Path) -> Document {
    let bytes = std::fs::read(pdf).unwrap();
    let name = pdf.file_name().unwrap().to_string_lossy().to_string();
    juesuan::pipeline::extract_pdf(&bytes, &name, &juesuan_pdf::Limits::default()).unwrap()
}

/// A fresh, empty folder for one test, under cargo's `target/tmp`. Its name is the same on every
/// run, so a run replaces the last run's outputs (left for a look after a failure) instead of
/// adding its own: a folder per process id in the system's temp dir grew by a few hundred MB per
/// run of this suite until it filled the disk.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("juesuan-test-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
