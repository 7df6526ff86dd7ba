//! The dataset as researchers open it: `documents.jsonl`, `juesuan.sqlite` and the Parquet files
//! of the batch's reference run (corpus + hostile files, `--format sqlite,parquet`), read back
//! with the writers' own crates, hold exactly what the JSON Lines files hold; and the Python
//! wheel, installed in a fresh virtual environment, runs `juesuan extract`.
//!
//! That the formats are byte-identical for any `--jobs`, after a resume and from merged shards is
//! checked in `batch.rs`, whose runs all write them.

use crate::batch::{juesuan, ok, reference};
use crate::util::*;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use serde_json::{Map, Value};
use std::path::Path;
use std::process::Command;

/// A JSON Lines file, one value per line.
fn jsonl(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Every row of a SQLite table, in insertion order, as JSON objects.
fn sqlite_rows(db: &Path, table: &str) -> Vec<Value> {
    let c = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap();
    let mut statement = c
        .prepare(&format!("SELECT * FROM {table} ORDER BY rowid"))
        .unwrap();
    let names: Vec<String> = statement.column_names().map(|s| s.to_string()).collect();
    let rows = statement
        .query_map([], |row| {
            let mut object = Map::new();
            for (i, name) in names.iter().enumerate() {
                let v = match row.get_ref(i)? {
                    rusqlite::types::ValueRef::Null => Value::Null,
                    rusqlite::types::ValueRef::Integer(n) => Value::from(n),
                    rusqlite::types::ValueRef::Text(t) => {
                        Value::from(std::str::from_utf8(t).unwrap())
                    }
                    other => panic!("{table}.{name}: unexpected {other:?}"),
                };
                object.insert(name.clone(), v);
            }
            Ok(Value::Object(object))
        })
        .unwrap();
    rows.map(Result::unwrap).collect()
}

/// Every row of a Parquet file, in order, as JSON objects.
fn parquet_rows(path: &Path) -> Vec<Value> {
    let reader = SerializedFileReader::new(std::fs::File::open(path).unwrap()).unwrap();
    reader
        .get_row_iter(None)
        .unwrap()
        .map(|row| {
            let row = row.unwrap();
            let mut object = Map::new();
            for (name, field) in row.get_column_iter() {
                let v = match field {
                    Field::Null => Value::Null,
                    Field::Long(n) => Value::from(*n),
                    Field::Str(s) => Value::from(s.as_str()),
                    other => panic!("{name}: unexpected {other:?}"),
                };
                object.insert(name.clone(), v);
            }
            Value::Object(object)
        })
        .collect()
}

/// Equal lists, or the first row where they differ.
fn assert_same_rows(got: &[Value], want: &[Value], what: &str) {
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert_eq!(g, w, "{what}: row {i} differs");
    }
    assert_eq!(got.len(), want.len(), "{what}: not the same number of rows");
}

#[test]
fn sqlite_and_parquet_hold_exactly_the_facts_of_facts_jsonl() {
    let (out, run) = reference();
    ok(run);
    let facts = jsonl(&out.join("facts.jsonl"));
    assert!(facts.len() > 10_000, "the corpus gives facts");
    let sqlite = sqlite_rows(&out.join("juesuan.sqlite"), "facts");
    assert_same_rows(&sqlite, &facts, "juesuan.sqlite facts");
    let parquet = parquet_rows(&out.join("facts.parquet"));
    assert_same_rows(&parquet, &facts, "facts.parquet");

    // the other tables of juesuan.sqlite that have a JSON Lines twin hold exactly its lines
    for (table, file) in [
        ("evaluations", "evaluations.jsonl"),
        ("indicators", "indicators.jsonl"),
        ("narrative", "narrative.jsonl"),
    ] {
        let lines = jsonl(&out.join(file));
        assert!(!lines.is_empty(), "{file} is empty on the corpus");
        let rows = sqlite_rows(&out.join("juesuan.sqlite"), table);
        assert_same_rows(&rows, &lines, table);
    }

    // tables and diagnostics: as many as the documents hold
    let manifest = jsonl(&out.join("manifest.jsonl"));
    let tables = sqlite_rows(&out.join("juesuan.sqlite"), "tables");
    let table_count: usize = manifest
        .iter()
        .map(|l| l["tables"].as_array().unwrap().len())
        .sum();
    assert_eq!(tables.len(), table_count, "one tables row per table");
    let diagnostics = sqlite_rows(&out.join("juesuan.sqlite"), "diagnostics");
    let mut expected = 0;
    for line in &manifest {
        let doc = line["doc"].as_str().unwrap();
        if line["status"] != "failed" {
            let document = read_document(&out.join(format!("{doc}.json")));
            expected += document["diagnostics"].as_array().unwrap().len();
        }
    }
    assert_eq!(diagnostics.len(), expected, "one row per diagnostic");

    // the indexes the issue asks for
    let c = rusqlite::Connection::open(out.join("juesuan.sqlite")).unwrap();
    let indexes: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for name in [
        "facts_doc",
        "facts_table_line_column_key",
        "facts_line_column_key",
        "documents_doc",
        "diagnostics_doc",
    ] {
        assert!(indexes.iter().any(|i| i == name), "{name} in {indexes:?}");
    }
}

fn read_document(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn sha256(path: &Path) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(std::fs::read(path).unwrap());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn the_documents_table_matches_the_manifest() {
    let (out, run) = reference();
    ok(run);
    let manifest = jsonl(&out.join("manifest.jsonl"));
    let documents = jsonl(&out.join("documents.jsonl"));
    assert_eq!(documents.len(), manifest.len(), "one line per input");
    let corpus = repo_root().join("corpus");
    let mut with_department = 0;
    for (d, m) in documents.iter().zip(&manifest) {
        let doc = m["doc"].as_str().unwrap();
        assert_eq!(d["doc"], m["doc"], "in the manifest's order");
        for field in [
            "status",
            "pages",
            "facts",
            "identities_passed",
            "identities_failed",
        ] {
            assert_eq!(d[field], m[field], "{doc}: {field}");
        }
        assert_eq!(
            d["tables"].as_u64().unwrap() as usize,
            m["tables"].as_array().unwrap().len(),
            "{doc}: tables"
        );
        assert_eq!(
            d.as_object().unwrap().keys().count(),
            juesuan_model::DocumentLine::COLUMNS.len(),
            "{doc}: every field, null when unknown"
        );
        if m["status"] == "failed" {
            assert_eq!(d["issuer"], Value::Null, "{doc}");
            continue;
        }
        assert_eq!(d["sha256"], m["sha256"], "{doc}: sha256");
        let document = read_document(&out.join(format!("{doc}.json")));
        let meta = &document["metadata"];
        assert_eq!(d["issuer"], meta["unit"], "{doc}: issuer");
        assert_eq!(d["year"], meta["year"], "{doc}: year");
        assert_eq!(d["doc_kind"], meta["doc_kind"], "{doc}: doc_kind");
        assert_eq!(d["scope"], meta["scope"], "{doc}: scope");
        assert_eq!(d["producer"], meta["producer"], "{doc}: producer");
        assert_eq!(
            d["family"],
            meta.get("family").cloned().unwrap_or(Value::Null),
            "{doc}: family"
        );
        with_department += usize::from(d["department"].is_string());
        // the hash is of the bytes read
        let input = corpus.join(doc);
        if input.exists() {
            assert_eq!(d["sha256"].as_str().unwrap(), sha256(&input), "{doc}");
        }
    }
    assert!(
        with_department > 0,
        "some corpus report states its 主管部门"
    );
    let corpus_line = documents
        .iter()
        .find(|d| d["doc"] == "u01-reportlab.pdf")
        .unwrap();
    assert_eq!(corpus_line["doc_kind"], "决算");
    assert_eq!(corpus_line["family"], "department");
    assert!(corpus_line["year"].is_u64());

    // the same rows in every format
    let sqlite = sqlite_rows(&out.join("juesuan.sqlite"), "documents");
    assert_same_rows(&sqlite, &documents, "juesuan.sqlite documents");
    let parquet = parquet_rows(&out.join("documents.parquet"));
    assert_same_rows(&parquet, &documents, "documents.parquet");
    let csv = std::fs::read_to_string(out.join("documents.csv")).unwrap();
    assert_eq!(
        csv.lines().next().unwrap(),
        juesuan_model::DocumentLine::COLUMNS.join(",")
    );
    assert_eq!(csv.lines().count(), documents.len() + 1);
}

#[test]
fn a_format_not_asked_for_is_not_written() {
    let out = temp_dir("no-format");
    let input = repo_root().join("corpus/u01-reportlab.pdf");
    ok(&juesuan(&[
        "extract",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--progress",
        "never",
    ]));
    assert!(out.join("documents.jsonl").exists());
    assert!(!out.join("juesuan.sqlite").exists());
    assert!(!out.join("facts.parquet").exists());
    let bad = juesuan(&[
        "extract",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        "xlsx",
    ]);
    assert_eq!(
        bad.status.code(),
        Some(2),
        "an unknown format is a usage error"
    );
}

/// CI builds the wheel (`.ci/run`) and points `JUESUAN_WHEEL_DIR` at it; elsewhere this test
/// says it did nothing.
#[test]
fn the_wheel_installs_in_a_fresh_environment_and_extracts() {
    let Ok(dir) = std::env::var("JUESUAN_WHEEL_DIR") else {
        eprintln!("JUESUAN_WHEEL_DIR is not set: the wheel was not built, nothing to install");
        return;
    };
    let wheel = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "whl"))
        .unwrap_or_else(|| panic!("no wheel in {dir}"));
    let venv = temp_dir("venv");
    let run = |cmd: &mut Command| {
        let output = cmd.output().unwrap();
        assert!(
            output.status.success(),
            "{cmd:?}: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        output
    };
    run(Command::new("python3").args(["-m", "venv"]).arg(&venv));
    run(Command::new(venv.join("bin/pip"))
        .args(["install", "--no-index", "--quiet"])
        .arg(&wheel));
    let exe = venv.join("bin/juesuan");
    assert!(
        exe.exists(),
        "the wheel puts juesuan on the environment's PATH"
    );
    let out = venv.join("dataset");
    let corpus = repo_root().join("corpus");
    let path = format!(
        "{}:{}",
        venv.join("bin").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let extract = run(Command::new("juesuan")
        .env("PATH", &path)
        .arg("extract")
        .arg(corpus.join("u01-reportlab.pdf"))
        .arg(corpus.join("b01-typst.pdf"))
        .arg("--out")
        .arg(&out)
        .args(["--format", "sqlite,parquet", "--progress", "never"]));
    let summary = String::from_utf8_lossy(&extract.stderr);
    assert!(summary.contains("2 files: 2 ok"), "{summary}");
    let documents = jsonl(&out.join("documents.jsonl"));
    assert_eq!(documents.len(), 2);
    let facts = jsonl(&out.join("facts.jsonl"));
    assert_same_rows(
        &sqlite_rows(&out.join("juesuan.sqlite"), "facts"),
        &facts,
        "the wheel's juesuan.sqlite",
    );
    assert_same_rows(
        &parquet_rows(&out.join("facts.parquet")),
        &facts,
        "the wheel's facts.parquet",
    );
}
