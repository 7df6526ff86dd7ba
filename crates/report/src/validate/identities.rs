//! The identities the national template states, as data: each table's column formulas (by 栏次
//! and by column key), and the links between tables. Validation checks them; the text reader
//! places a dump's amounts by them.

use juesuan_model::TableKind;

/// The standard column formula of a kind for a left-hand column, as signed column numbers.
pub(super) fn standard_row_sum(kind: TableKind, lhs: u32) -> Option<&'static [i32]> {
    row_sum_formulas(kind)
        .iter()
        .find(|(l, _)| *l == lhs)
        .map(|(_, t)| *t)
}

/// The standard column formulas of each kind, as (lhs, signed terms) over 栏次 numbers.
pub fn row_sum_formulas(kind: TableKind) -> &'static [(u32, &'static [i32])] {
    match kind {
        TableKind::Income => &[(1, &[2, 3, 4, 5, 6, 7])],
        TableKind::Expenditure => &[(1, &[2, 3, 4, 5, 6])],
        TableKind::GeneralBudgetExpenditure | TableKind::StateCapital => &[(1, &[2, 3])],
        TableKind::GovernmentFund => &[(3, &[4, 5]), (6, &[1, 2, -3])],
        TableKind::FiscalSummary => &[(2, &[3, 4, 5])],
        TableKind::ThreePublic => &[
            (1, &[2, 3, 6]),
            (3, &[4, 5]),
            (7, &[8, 9, 12]),
            (9, &[10, 11]),
        ],
        _ => &[],
    }
}

/// The parts a kind's total column is the sum of, by column key (the same for every year).
pub(super) fn keyed_parts(kind: TableKind) -> Option<(&'static str, &'static [&'static str])> {
    match kind {
        TableKind::Income => Some((
            "total",
            &[
                "fiscal",
                "higher_level_subsidy",
                "business",
                "operating",
                "subordinate_remittance",
                "other",
            ],
        )),
        TableKind::Expenditure => Some((
            "total",
            &[
                "basic",
                "project",
                "upper_remittance",
                "operating",
                "subordinate_subsidy",
            ],
        )),
        TableKind::GeneralBudgetExpenditure | TableKind::StateCapital => {
            Some(("total", &["basic", "project"]))
        }
        TableKind::BasicExpenditure => Some(("total", &["personnel", "public"])),
        TableKind::GovernmentFund => Some((
            "expenditure.total",
            &["expenditure.basic", "expenditure.project"],
        )),
        TableKind::FiscalSummary => Some((
            "total",
            &["general_budget", "government_fund", "state_capital"],
        )),
        _ => None,
    }
}
