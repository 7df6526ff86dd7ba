//! The identities every 决算 report states, checked in exact decimal arithmetic.
//!
//! Each identity is `lhs = Σ ± terms`. It passes when both sides are equal; a difference within
//! the rounding of its terms (half a printed unit per term, plus the total's own) is a warning,
//! since issuers round each cell; anything larger is an error. The performance tables' own
//! arithmetic (`PERF_*`) is checked in `performance`, to the printed precision.

mod cross;
mod evaluate;
mod government;
pub(crate) mod identities;
mod lines;
pub(crate) mod narrative;
mod notes;
mod performance;
mod tables;

use juesuan_model::{CellRef, Diagnostic, Document, Row, Rule, Table, TableKind};
use rust_decimal::Decimal;

pub use notes::{NoteFormula, parse_note_formulas};

struct Identity {
    rule: Rule,
    what: String,
    lhs: CellRef,
    terms: Vec<(Decimal, CellRef)>,
}

/// The cell of a row (its entity and key) in a column.
fn cell(table: TableKind, row: &Row, column: u32) -> CellRef {
    CellRef::of_row(table, row, column)
}

fn plus(refs: impl IntoIterator<Item = CellRef>) -> Vec<(Decimal, CellRef)> {
    refs.into_iter().map(|r| (Decimal::ONE, r)).collect()
}

/// Check every identity that applies to the document's tables.
pub fn validate(doc: &Document) -> Vec<Diagnostic> {
    let mut ids: Vec<Identity> = Vec::new();
    let mut mismatches: Vec<Diagnostic> = Vec::new();
    for table in &doc.tables {
        if table.empty
            && table
                .rows
                .iter()
                .all(|r| r.cells.iter().all(|c| c.value.is_none()))
        {
            continue;
        }
        tables::row_sums(table, &mut ids);
        tables::hierarchy(table, &mut ids);
        lines::line_formulas(table, &mut ids);
        notes::note_formulas(table, &mut ids, &mut mismatches);
        government::debt(table, &mut ids, &mut mismatches);
        government::sums(table, &mut ids);
        government::fund_columns(table, &mut ids);
        government::by_region(table, &mut ids, &mut mismatches);
        government::percentages(table, &mut mismatches);
    }
    cross::cross_table(doc, &mut ids);
    let scales = evaluate::government_scales(doc);
    let mut out: Vec<Diagnostic> = ids
        .into_iter()
        .filter_map(|id| evaluate::evaluate(doc, &scales, id))
        .collect();
    out.extend(mismatches);
    out.extend(performance::check(doc));
    out
}

fn amount_columns(table: &Table) -> Vec<u32> {
    let mut cols: Vec<u32> = table
        .rows
        .iter()
        .flat_map(|r| r.cells.iter().map(|c| c.column))
        .collect();
    cols.sort_unstable();
    cols.dedup();
    cols
}
