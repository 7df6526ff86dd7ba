//! Documents to bytes: the JSON document, `facts.jsonl` and `facts.csv`. No file I/O here; the CLI
//! writes what these return, atomically.
//!
//! Every function is deterministic: the same documents give the same bytes, whatever order or
//! thread produced them, because callers pass documents sorted by source and fields are written
//! in declaration order.

use juesuan_model::{Document, Fact};

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

/// The facts as CSV with a header, RFC 4180 quoting; with `bom` a UTF-8 BOM so Excel reads it.
pub fn facts_csv(facts: &[Fact], bom: bool) -> String {
    let mut out = String::with_capacity(facts.len() * 120);
    if bom {
        out.push('\u{feff}');
    }
    out.push_str("doc,table,row,column,value,unit,label,page,line,column_key\r\n");
    for f in facts {
        let fields = [
            f.doc.as_str(),
            f.table.as_str(),
            f.row.as_str(),
            &f.column.to_string(),
            f.value.as_str(),
            f.unit.as_str(),
            f.label.as_str(),
            &f.page.to_string(),
            f.line.as_str(),
            f.column_key.as_str(),
        ];
        let line: Vec<String> = fields.iter().map(|v| csv_field(v)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
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
        };
        assert_eq!(
            facts_jsonl(std::slice::from_ref(&f)),
            "{\"doc\":\"a/b.pdf\",\"table\":\"income\",\"row\":\"2080101\",\"column\":1,\"value\":\"1096.44\",\"unit\":\"万元\",\"label\":\"行政运行\",\"page\":3,\"line\":\"2080101\",\"column_key\":\"total\"}\n"
        );
        let csv = facts_csv(
            &[Fact {
                label: "a,\"b\"".into(),
                ..f
            }],
            true,
        );
        assert!(csv.starts_with('\u{feff}'));
        assert!(csv.ends_with("2080101,1,1096.44,万元,\"a,\"\"b\"\"\",3,2080101,total\r\n"));
    }
}
