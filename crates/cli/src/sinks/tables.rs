//! The tables of the typed formats (`juesuan.sqlite`, Parquet): their columns, types and rows,
//! one list for every writer. A table's rows are its JSON Lines file's lines where it has one
//! (`facts`, `documents`, `evaluations`, `indicators`, `narrative`: the same columns in the same
//! order, `null` where the line has `null`), so the formats cannot drift from the text files.

use super::Entry;
use juesuan_model::{
    Document, DocumentLine, EvaluationLine, Fact, IndicatorLine, NarrativeLine, evaluation_lines,
    indicator_lines, narrative_lines,
};
use serde::Serialize;
use serde_json::Value;

/// A column's type: whole numbers (pages, counts, 栏次, years) or text (everything else, amounts
/// included: exact decimals as printed, never floating point).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Type {
    Integer,
    Text,
}

/// One value of a row.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Null,
    Integer(i64),
    Text(String),
}

/// A table of the typed formats.
pub struct Table {
    pub name: &'static str,
    pub columns: Vec<(&'static str, Type)>,
    /// Columns that are never null.
    pub required: Vec<&'static str>,
    /// The indexes SQLite gets, each a list of columns.
    pub indexes: &'static [&'static [&'static str]],
    /// The table's rows of one input.
    pub rows: fn(&Entry) -> std::io::Result<Vec<Vec<Cell>>>,
}

/// Columns that hold whole numbers, in any table.
const INTEGERS: &[&str] = &[
    "column",
    "page",
    "first_page",
    "last_page",
    "rows",
    "year",
    "pages",
    "tables",
    "facts",
    "identities_passed",
    "identities_failed",
    "indicators",
];

/// The columns of `tables`: one row per recognised table.
pub const TABLE_COLUMNS: [&str; 7] = [
    "doc",
    "kind",
    "title",
    "unit",
    "first_page",
    "last_page",
    "rows",
];

/// The columns of `diagnostics`: one row per diagnostic (passed identities included), with the
/// first cell it is about, if any.
pub const DIAGNOSTIC_COLUMNS: [&str; 11] = [
    "doc",
    "rule",
    "severity",
    "message",
    "table",
    "entity",
    "row",
    "column",
    "expected",
    "actual",
    "difference",
];

fn table(
    name: &'static str,
    columns: &[&'static str],
    required: &[&'static str],
    indexes: &'static [&'static [&'static str]],
    rows: fn(&Entry) -> std::io::Result<Vec<Vec<Cell>>>,
) -> Table {
    Table {
        name,
        columns: columns
            .iter()
            .map(|&c| {
                let t = if INTEGERS.contains(&c) {
                    Type::Integer
                } else {
                    Type::Text
                };
                (c, t)
            })
            .collect(),
        required: required.to_vec(),
        indexes,
        rows,
    }
}

/// `documents`: one row per input (the `documents.jsonl` line).
pub fn documents() -> Table {
    table(
        "documents",
        &DocumentLine::COLUMNS,
        &[
            "doc",
            "status",
            "pages",
            "tables",
            "facts",
            "identities_passed",
            "identities_failed",
        ],
        &[&["doc"], &["issuer", "year"]],
        |e| Ok(vec![cells(&e.document_line()?, &DocumentLine::COLUMNS)]),
    )
}

/// `facts`: one row per `facts.jsonl` line.
pub fn facts() -> Table {
    table(
        "facts",
        &Fact::COLUMNS,
        &Fact::COLUMNS,
        &[
            &["doc"],
            &["table", "line", "column_key"],
            &["line", "column_key"],
        ],
        |e| Ok(e.facts.iter().map(|f| cells(f, &Fact::COLUMNS)).collect()),
    )
}

/// Every table of `juesuan.sqlite`, in the order they are created.
pub fn all() -> Vec<Table> {
    vec![
        documents(),
        table(
            "tables",
            &TABLE_COLUMNS,
            &TABLE_COLUMNS,
            &[&["doc"], &["kind"]],
            |e| {
                with_document(e, |d| {
                    d.tables
                        .iter()
                        .map(|t| {
                            vec![
                                Cell::Text(d.source.clone()),
                                Cell::Text(t.kind.as_str().into()),
                                Cell::Text(t.title.clone()),
                                Cell::Text(t.unit.as_str().into()),
                                integer(t.pages.iter().min().copied().unwrap_or(0)),
                                integer(t.pages.iter().max().copied().unwrap_or(0)),
                                integer(t.rows.len()),
                            ]
                        })
                        .collect()
                })
            },
        ),
        facts(),
        table(
            "diagnostics",
            &DIAGNOSTIC_COLUMNS,
            &["doc", "rule", "severity", "message"],
            &[&["doc"], &["rule"]],
            |e| {
                with_document(e, |d| {
                    d.diagnostics
                        .iter()
                        .map(|x| {
                            let first = x.cells.first();
                            vec![
                                Cell::Text(d.source.clone()),
                                Cell::Text(x.rule.as_str().into()),
                                text_of(&x.severity),
                                Cell::Text(x.message.clone()),
                                first.map_or(Cell::Null, |c| Cell::Text(c.table.as_str().into())),
                                first.map_or(Cell::Null, |c| Cell::Text(c.entity.clone())),
                                first.map_or(Cell::Null, |c| Cell::Text(c.row.clone())),
                                first
                                    .and_then(|c| c.column)
                                    .map_or(Cell::Null, |c| integer(c as usize)),
                                decimal(x.expected),
                                decimal(x.actual),
                                decimal(x.difference),
                            ]
                        })
                        .collect()
                })
            },
        ),
        table(
            "evaluations",
            &EvaluationLine::COLUMNS,
            &["doc", "evaluation", "scope", "page", "kind"],
            &[&["doc"]],
            |e| {
                with_document(e, |d| {
                    evaluation_lines(&d.source, &d.evaluations)
                        .iter()
                        .map(|l| cells(l, &EvaluationLine::COLUMNS))
                        .collect()
                })
            },
        ),
        table(
            "indicators",
            &IndicatorLine::COLUMNS,
            &["doc", "evaluation", "indicator", "page", "kind", "scope"],
            &[&["doc"]],
            |e| {
                with_document(e, |d| {
                    indicator_lines(&d.source, &d.evaluations)
                        .iter()
                        .map(|l| cells(l, &IndicatorLine::COLUMNS))
                        .collect()
                })
            },
        ),
        table(
            "narrative",
            &NarrativeLine::COLUMNS,
            &[
                "doc", "section", "subject", "value", "unit", "measure", "page",
            ],
            &[&["doc"], &["key"]],
            |e| {
                with_document(e, |d| {
                    narrative_lines(&d.source, &d.narrative)
                        .iter()
                        .map(|l| cells(l, &NarrativeLine::COLUMNS))
                        .collect()
                })
            },
        ),
    ]
}

fn with_document(
    e: &Entry,
    rows: impl FnOnce(&Document) -> Vec<Vec<Cell>>,
) -> std::io::Result<Vec<Vec<Cell>>> {
    Ok(e.read_document()?.map(rows).unwrap_or_default())
}

/// An exact decimal as text, as the JSON document writes it.
fn decimal<T: ToString>(v: Option<T>) -> Cell {
    v.map_or(Cell::Null, |v| Cell::Text(v.to_string()))
}

fn integer(n: usize) -> Cell {
    Cell::Integer(n as i64)
}

/// A unit variant as it is serialised (`"pass"`).
fn text_of<T: Serialize>(v: &T) -> Cell {
    match serde_json::to_value(v) {
        Ok(Value::String(s)) => Cell::Text(s),
        _ => Cell::Null,
    }
}

/// A JSON line's values in `columns` order: exactly what its JSON Lines file says.
pub fn cells<T: Serialize>(line: &T, columns: &[&str]) -> Vec<Cell> {
    let Ok(Value::Object(mut object)) = serde_json::to_value(line) else {
        return vec![Cell::Null; columns.len()];
    };
    columns
        .iter()
        .map(|c| match object.remove(*c) {
            None | Some(Value::Null) => Cell::Null,
            Some(Value::Number(n)) => n
                .as_i64()
                .map_or_else(|| Cell::Text(n.to_string()), Cell::Integer),
            Some(Value::String(s)) => Cell::Text(s),
            Some(Value::Bool(b)) => Cell::Integer(b.into()),
            Some(other) => Cell::Text(other.to_string()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_has_its_columns_typed_and_indexed() {
        for t in all() {
            let names: Vec<&str> = t.columns.iter().map(|c| c.0).collect();
            for r in &t.required {
                assert!(names.contains(r), "{}.{r}", t.name);
            }
            for index in t.indexes {
                for c in *index {
                    assert!(names.contains(c), "{}.{c}", t.name);
                }
            }
        }
        let facts = facts();
        assert_eq!(facts.columns[3], ("column", Type::Integer));
        assert_eq!(facts.columns[4], ("value", Type::Text));
    }
}
