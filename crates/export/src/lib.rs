//! Documents to bytes: the JSON document, `facts.jsonl`, `facts.csv`, `manifest.jsonl`,
//! `documents.jsonl`/`.csv`, and the performance tables' `evaluations` and `indicators` files. No file
//! I/O here; the CLI streams what these return into its output files, one input at a time.
//!
//! Every function is deterministic: the same documents give the same bytes, whatever order or
//! thread produced them, because callers pass documents sorted by source and fields are written
//! in declaration order. The per-input functions return whole lines, so an output is the
//! concatenation of its header and each input's lines in input order.

mod performance;
pub use performance::*;

use juesuan_model::{Document, DocumentLine, Fact, ManifestLine};

/// The full document as pretty JSON, newline-terminated.
pub fn document_json(doc: &Document) -> String {
    let mut s = serde_json::to_string_pretty(doc).expect("documents always serialise");
    s.push('\n');
    s
}

/// One JSON object per line (see [`Fact`] for the contract).
pub fn facts_jsonl(facts: &[Fact]) -> String {
    let mut out = String::with_capacity(facts.len() * 160);
    for f in facts {
        out.push_str(&serde_json::to_string(f).expect("facts always serialise"));
        out.push('\n');
    }
    out
}

/// The first line of `facts.csv` ([`Fact::COLUMNS`]); with `bom` a UTF-8 BOM first, so Excel
/// reads the Chinese text.
pub fn facts_csv_header(bom: bool) -> String {
    let bom = if bom { "\u{feff}" } else { "" };
    format!("{bom}{}\r\n", Fact::COLUMNS.join(","))
}

/// The facts as CSV rows under [`facts_csv_header`], RFC 4180 quoting.
pub fn facts_csv_rows(facts: &[Fact]) -> String {
    let mut out = String::with_capacity(facts.len() * 120);
    for f in facts {
        let line: Vec<String> = f.texts().iter().map(|v| csv_field(v)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// One `manifest.jsonl` line.
pub fn manifest_jsonl(line: &ManifestLine) -> String {
    let mut s = serde_json::to_string(line).expect("manifest lines always serialise");
    s.push('\n');
    s
}

/// One `documents.jsonl` line (see [`DocumentLine`]).
pub fn documents_jsonl(line: &DocumentLine) -> String {
    let mut s = serde_json::to_string(line).expect("document lines always serialise");
    s.push('\n');
    s
}

/// The first line of `documents.csv` ([`DocumentLine::COLUMNS`]).
pub fn documents_csv_header(bom: bool) -> String {
    let bom = if bom { "\u{feff}" } else { "" };
    format!("{bom}{}\r\n", DocumentLine::COLUMNS.join(","))
}

/// One `documents.csv` row, RFC 4180 quoting.
pub fn documents_csv_row(line: &DocumentLine) -> String {
    let fields: Vec<String> = line.texts().iter().map(|v| csv_field(v)).collect();
    format!("{}\r\n", fields.join(","))
}

fn csv_field(v: &str) -> String {
    if v.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use juesuan_model::{AmountUnit, TableKind};

    #[test]
    fn fact_lines_follow_the_contract() {
        let f = Fact {
            doc: "a/b.pdf".into(),
            table: TableKind::Income,
            row: "2080101".into(),
            column: 1,
            value: "1096.44".into(),
            unit: AmountUnit::WanYuan,
            label: "行政运行".into(),
            page: 3,
            line: "2080101".into(),
            column_key: "total".into(),
            entity: "".into(),
        };
        assert_eq!(
            facts_jsonl(std::slice::from_ref(&f)),
            "{\"doc\":\"a/b.pdf\",\"table\":\"income\",\"row\":\"2080101\",\"column\":1,\"value\":\"1096.44\",\"unit\":\"万元\",\"label\":\"行政运行\",\"page\":3,\"line\":\"2080101\",\"column_key\":\"total\",\"entity\":\"\"}\n"
        );
        assert_eq!(
            facts_csv_header(true),
            "\u{feff}doc,table,row,column,value,unit,label,page,line,column_key,entity\r\n"
        );
        let csv = facts_csv_rows(&[Fact {
            label: "a,\"b\"".into(),
            ..f
        }]);
        assert_eq!(
            csv,
            "a/b.pdf,income,2080101,1,1096.44,万元,\"a,\"\"b\"\"\",3,2080101,total,\r\n"
        );
    }
}
