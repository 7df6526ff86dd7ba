//! An identity's two sides in exact decimals, and how far apart they may be.

use super::Identity;
use super::identities::cell_value;
use juesuan_model::{CellRef, Diagnostic, Document, Rule, Severity};
use rust_decimal::Decimal;

fn lookup(doc: &Document, r: &CellRef) -> Option<Decimal> {
    Some(cell_value(doc.table(r.table)?, &r.row, r.column?))
}

pub(super) fn evaluate(doc: &Document, id: Identity) -> Option<Diagnostic> {
    let lhs = lookup(doc, &id.lhs)?;
    let mut sum = Decimal::ZERO;
    let mut scale = lhs.scale();
    for (sign, r) in &id.terms {
        let v = lookup(doc, r)?;
        scale = scale.max(v.scale());
        sum += *sign * v;
    }
    let difference = lhs - sum;
    // the printed unit: whole 元 in a 元 table; in 万元 cents, also where trailing zeros are trimmed
    let in_yuan = doc
        .table(id.lhs.table)
        .is_some_and(|t| t.unit == juesuan_model::AmountUnit::Yuan);
    let half_unit = Decimal::new(5, scale.max(if in_yuan { 0 } else { 2 }) + 1);
    let tolerance = half_unit * Decimal::from(id.terms.len() as u64 + 1);
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
