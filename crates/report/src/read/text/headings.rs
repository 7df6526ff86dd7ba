//! Headings of laid-out text: where `pdftotext -layout` squeezes the headings of neighbouring
//! columns together (one space, or none, between them), the positional reading gives one column
//! the headings of several ("上级补助收入事业收入"): a blank column's heading joined to its
//! neighbour's. The columns from there on are then numbered and keyed by a heading that is not
//! theirs, so such a table is not keyed from its headings.

use crate::normalise::keys;
use juesuan_model::{Column, Table, TableKind};
use regex::Regex;
use std::sync::LazyLock;

static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"20\d{2}年度?").unwrap());

/// The canonical key the mapping gives a heading.
fn key_of(kind: TableKind, heading: &str) -> String {
    let mut table = Table {
        kind,
        title: String::new(),
        unit: juesuan_model::AmountUnit::Yuan,
        pages: Vec::new(),
        empty: false,
        columns: vec![Column {
            number: 1,
            header: heading.to_string(),
            key: String::new(),
            year: None,
        }],
        rows: Vec::new(),
        notes: Vec::new(),
    };
    keys::assign(&mut table, None, &mut Vec::new());
    table.columns[0].key.clone()
}

/// The keys of the known headings a column heading holds, left to right (the longest known
/// heading at each place), a group's key left out where a heading of its group follows it
/// ("公务用车购置及运行费公务用车购置费" is the group above its first column).
fn keys_in(kind: TableKind, header: &str, known: &[&str]) -> Vec<String> {
    let matches = |h: &str| {
        let mut out: Vec<String> = Vec::new();
        let mut rest = h;
        while !rest.is_empty() {
            match known
                .iter()
                .filter(|k| rest.starts_with(**k))
                .max_by_key(|k| k.len())
            {
                Some(k) => {
                    let key = key_of(kind, k);
                    if !out.contains(&key) {
                        out.push(key);
                    }
                    rest = &rest[k.len()..];
                }
                None => {
                    let c = rest.chars().next().map_or(1, char::len_utf8);
                    rest = &rest[c..];
                }
            }
        }
        out
    };
    let h: String = YEAR
        .replace_all(header, "")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    // "基本支出小计": a group's subtotal, one column
    let mut found = ["小计", "合计"]
        .iter()
        .find_map(|s| {
            h.strip_suffix(s)
                .map(matches)
                .filter(|m: &Vec<String>| !m.is_empty())
        })
        .unwrap_or_else(|| matches(&h));
    let groups: Vec<String> = found
        .iter()
        .filter(|k| {
            found.iter().any(|o| {
                o.len() > k.len()
                    && o.starts_with(k.as_str())
                    && matches!(o.as_bytes()[k.len()], b'_' | b'.')
            })
        })
        .cloned()
        .collect();
    found.retain(|k| !groups.contains(k));
    found
}

/// Why the columns of a table read from laid-out text cannot be keyed by their headings: a
/// heading holding those of several columns, with amounts in it or in a column after it.
pub fn joined_headings(table: &Table) -> Option<String> {
    // every column keyed, as the document will key them: no two alike, and in 三公 either all
    // or none of a side (a 预算数 heading over only some columns was printed beside the rest)
    let mut keyed = Table {
        rows: Vec::new(),
        ..table.clone()
    };
    keys::assign(&mut keyed, None, &mut Vec::new());
    let column_keys: Vec<&str> = keyed.columns.iter().map(|c| c.key.as_str()).collect();
    if let Some(twice) = column_keys
        .iter()
        .enumerate()
        .find(|(i, k)| column_keys[..*i].contains(k))
    {
        return Some(format!(
            "two of its headings read as the same column ({}), which text printed too close together",
            twice.1
        ));
    }
    let sided = |k: &&str| k.starts_with("budget.") || k.starts_with("actual.");
    if table.kind == TableKind::ThreePublic
        && column_keys.iter().any(sided)
        && !column_keys.iter().all(sided)
    {
        return Some(
            "a 预算数 or 决算数 heading stands over only some of its columns in the text".into(),
        );
    }
    let known = keys::column_headings(table.kind);
    let mut columns: Vec<&Column> = table.columns.iter().collect();
    columns.sort_by_key(|c| c.number);
    let joined = columns
        .iter()
        .position(|c| keys_in(table.kind, &c.header, &known).len() > 1)?;
    let after: Vec<u32> = columns[joined..].iter().map(|c| c.number).collect();
    let amounts = table.rows.iter().any(|r| {
        r.cells
            .iter()
            .any(|c| c.value.is_some() && after.contains(&c.column))
    });
    amounts.then(|| {
        format!(
            "the heading \"{}\" joins the headings of several columns, which text printed too close together",
            columns[joined].header
        )
    })
}
