//! Totals that agree across tables (`CROSS_TABLE`): the links of [`identities::LINKS`] that
//! validation reports.

use super::identities::{self, LINKS, Tables};
use super::{Identity, plus};
use juesuan_model::{Document, Rule};

/// Every reported link between the document's tables (the first table of each kind, unless it
/// states it is empty).
pub(super) fn cross_table(doc: &Document, ids: &mut Vec<Identity>) {
    let first_of_kind = Tables::new(&doc.tables);
    let tables = Tables::new(doc.tables.iter().filter(|t| {
        first_of_kind
            .get(t.kind)
            .is_some_and(|f| std::ptr::eq(f, *t))
            && !t.empty
    }));
    for link in LINKS.iter().filter(|l| l.checked) {
        for (lhs, terms) in identities::instances(link, &tables) {
            ids.push(Identity {
                rule: Rule::CrossTable,
                what: link.what.to_string(),
                lhs,
                terms: plus(terms),
            });
        }
    }
}
