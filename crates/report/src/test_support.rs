//! Tables as the readers' unit tests build them, so that a test states only what it is about:
//! its kind, headings and cells.

use juesuan_model::{AmountUnit, Cell, Column, Row, Table, TableKind};

/// A table of `kind` in 万元, its columns numbered from 1 under `headers`, with no rows.
pub fn table(kind: TableKind, title: &str, headers: &[&str]) -> Table {
    Table {
        kind,
        title: title.into(),
        unit: AmountUnit::WanYuan,
        pages: Vec::new(),
        empty: false,
        columns: (1..).zip(headers).map(|(n, h)| column(n, h)).collect(),
        rows: Vec::new(),
        notes: Vec::new(),
    }
}

/// A column numbered `number` under `header`, not keyed yet.
pub fn column(number: u32, header: &str) -> Column {
    Column {
        number,
        header: header.into(),
        key: String::new(),
        year: None,
    }
}

/// A cell of `column` printing `text`, its value read as an amount.
pub fn cell(column: u32, text: &str) -> Cell {
    Cell {
        column,
        text: text.into(),
        value: crate::normalise::amount::value(text),
        key: String::new(),
        bbox: None,
    }
}

/// A row keyed `key` holding `cells`, nothing else set.
pub fn row(key: &str, cells: Vec<Cell>) -> Row {
    Row {
        key: key.into(),
        cells,
        ..Default::default()
    }
}
