//! An identity's two sides in exact decimals, and how far apart they may be.

use super::Identity;
use super::identities::cell_value;
use juesuan_model::{CellRef, Diagnostic, Document, Rule, Severity};
use rust_decimal::Decimal;

/// How far an identity's two sides may differ and still hold "within rounding" (a warning, not an
/// error): half a printed unit for each term and for the total, since issuers round every cell
/// to the unit they print. The printed unit is the finest digit any of the cells prints, but at
/// least a cent in a 万元 table (where "120.7" trims a zero) and at least 1 in a 元 table.
///
/// Real reports differ by that much: 0.01–0.02 万元 in the row sums, hierarchies and line
/// formulas of 重庆商务委 2026, 烟台财政局 2026, 佛山轨道交通局 2019 and 上海普陀财政局 2024
/// (`../shared/realworld`), 1 元 in 上海财政局 2025 单位预算's basic_expenditure.
fn rounding_tolerance(finest_scale: u32, in_yuan: bool, terms: usize) -> Decimal {
    rounding_tolerance_at(finest_scale.max(if in_yuan { 0 } else { 2 }), terms)
}

/// Half a unit of the given decimal place for each term and the total.
fn rounding_tolerance_at(unit_scale: u32, terms: usize) -> Decimal {
    let half_unit = Decimal::new(5, unit_scale + 1);
    half_unit * Decimal::from(terms as u64 + 1)
}

fn lookup(doc: &Document, r: &CellRef) -> Option<Decimal> {
    Some(cell_value(table_of(doc, r)?, &r.entity, &r.row, r.column?))
}

/// The table a cell is in: of its kind, and printing its entity (a government-wide report prints
/// one table of a kind per level: 全省, 省本级).
fn table_of<'a>(doc: &'a Document, r: &CellRef) -> Option<&'a juesuan_model::Table> {
    table_index(doc, r).map(|i| &doc.tables[i])
}

fn table_index(doc: &Document, r: &CellRef) -> Option<usize> {
    let mut of_kind = doc
        .tables
        .iter()
        .enumerate()
        .filter(|(_, t)| t.kind == r.table);
    of_kind
        .clone()
        .find(|(_, t)| t.rows.iter().any(|row| row.entity == r.entity))
        .or_else(|| of_kind.next())
        .map(|(i, _)| i)
}

/// Per table of a document, the finest decimal its amounts print where it is a government
/// table's (see [`government_scale`]), found once rather than per identity.
pub(super) fn government_scales(doc: &Document) -> Vec<Option<u32>> {
    doc.tables
        .iter()
        .map(|t| t.kind.is_government().then(|| government_scale(t)))
        .collect()
}

/// The finest decimal a government table prints its amounts with: its tables print whole 万元
/// (黑龙江, 吴忠) or 亿元 to two decimals, and round each cell to that.
fn government_scale(table: &juesuan_model::Table) -> u32 {
    table
        .rows
        .iter()
        .flat_map(|r| r.cells.iter())
        .filter(|c| table.unit_of(&c.key) != juesuan_model::AmountUnit::Percent)
        .filter_map(|c| c.value.map(|v| v.scale()))
        .max()
        .unwrap_or(0)
}

pub(super) fn evaluate(
    doc: &Document,
    government_scales: &[Option<u32>],
    id: Identity,
) -> Option<Diagnostic> {
    let lhs = lookup(doc, &id.lhs)?;
    let mut sum = Decimal::ZERO;
    let mut scale = lhs.scale();
    for (sign, r) in &id.terms {
        let v = lookup(doc, r)?;
        scale = scale.max(v.scale());
        sum += *sign * v;
    }
    let difference = lhs - sum;
    let index = table_index(doc, &id.lhs);
    let in_yuan = index.is_some_and(|i| doc.tables[i].unit == juesuan_model::AmountUnit::Yuan);
    let tolerance = match index.and_then(|i| government_scales.get(i).copied().flatten()) {
        Some(table_scale) => rounding_tolerance_at(table_scale.max(scale), id.terms.len()),
        None => rounding_tolerance(scale, in_yuan, id.terms.len()),
    };
    let severity = if difference.is_zero() {
        Severity::Pass
    } else if difference.abs() <= tolerance || id.rule == Rule::NoteFormula {
        // a printed note that does not hold is most often a typo in the note: worth a look, no more
        Severity::Warning
    } else {
        Severity::Error
    };
    let mut cells = vec![id.lhs];
    cells.extend(id.terms.into_iter().map(|(_, r)| r));
    Some(Diagnostic {
        rule: id.rule,
        severity,
        message: match severity {
            Severity::Pass => format!("{}: holds", id.what),
            Severity::Warning => format!("{}: off by {difference}, within rounding", id.what),
            _ => format!("{}: {lhs} printed, terms give {sum}", id.what),
        },
        cells,
        expected: Some(sum),
        actual: Some(lhs),
        difference: Some(difference),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_allows_half_a_printed_unit_per_cell() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        // 万元 in cents, three terms: 4 × 0.005
        assert_eq!(rounding_tolerance(2, false, 3), d("0.02"));
        // "120.7" still rounds to the cent
        assert_eq!(rounding_tolerance(1, false, 1), d("0.01"));
        // whole 元, two terms: 3 × 0.5
        assert_eq!(rounding_tolerance(0, true, 2), d("1.5"));
        // six decimals (北京 2026): the finest printed digit
        assert_eq!(rounding_tolerance(6, false, 1), d("0.000001"));
    }
}
