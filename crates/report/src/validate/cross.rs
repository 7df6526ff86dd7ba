//! Totals that agree across tables (`CROSS_TABLE`).

use super::{Identity, amount_columns, cell, plus};
use crate::normalise::codes::standard_width;
use juesuan_model::{CellRef, Document, Table, TableKind};

/// The column of a key where the table names its columns; else the standard 栏次.
fn keyed_column(table: &Table, key: &str, standard: u32) -> u32 {
    table
        .columns
        .iter()
        .find(|c| c.key == key)
        .map_or(standard, |c| c.number)
}

fn labelled(table: &Table, pred: impl Fn(&str) -> bool) -> Option<String> {
    table
        .rows
        .iter()
        .find(|r| pred(&r.label))
        .map(|r| r.key.clone())
}

pub(super) fn cross_table(doc: &Document, ids: &mut Vec<Identity>) {
    let get = |k: TableKind| doc.table(k).filter(|t| !t.empty);
    let is_in_total = |l: &str| l.contains("本年收入合计");
    let is_out_total = |l: &str| l.contains("本年支出合计");
    let mut link = |what: &str, lhs: Option<CellRef>, rhs: Vec<Option<CellRef>>| {
        if let (Some(lhs), Some(terms)) = (lhs, rhs.into_iter().collect::<Option<Vec<_>>>()) {
            ids.push(Identity {
                rule: "CROSS_TABLE",
                what: what.to_string(),
                lhs,
                terms: plus(terms),
            });
        }
    };
    let summary = get(TableKind::Summary);
    let fiscal = get(TableKind::FiscalSummary);
    let income = get(TableKind::Income);
    let expenditure = get(TableKind::Expenditure);
    let gbe = get(TableKind::GeneralBudgetExpenditure);
    let basic = get(TableKind::BasicExpenditure);
    let at = |t: Option<&Table>, key: Option<String>, col: u32| -> Option<CellRef> {
        let t = t?;
        // a link to a column the table does not print (a one-column 预算 fiscal summary) is no link
        if !t.columns.is_empty() && !t.columns.iter().any(|c| c.number == col) {
            return None;
        }
        Some(cell(t.kind, &key?, col))
    };
    let total = |t: Option<&Table>| t.and_then(|t| t.row("合计").map(|r| r.key.clone()));
    // the column of a key where the table names its columns (a 预算 table may print last year's
    // total first); else the standard 栏次
    let keyed = |t: Option<&Table>, key: &str, standard: u32| -> u32 {
        t.map_or(standard, |t| keyed_column(t, key, standard))
    };
    // a 预算 income table with a 上年结转 column totals to 收入总计, not to 本年收入合计
    let with_carry_over = income.is_some_and(|t| {
        t.columns
            .iter()
            .any(|c| c.header.contains("上年结转") || c.header.contains("上年结余"))
    });
    if with_carry_over {
        link(
            "summary 收入总计 = income 合计 (1栏, with 上年结转)",
            at(
                summary,
                summary.and_then(|t| labelled(t, |l| l.ends_with("收入总计"))),
                1,
            ),
            vec![at(income, total(income), keyed(income, "total", 1))],
        );
    } else {
        link(
            "summary 本年收入合计 = income 合计 (1栏)",
            at(summary, summary.and_then(|t| labelled(t, is_in_total)), 1),
            vec![at(income, total(income), keyed(income, "total", 1))],
        );
    }
    // likewise an expenditure table by source of funds with a 上年结转 column totals to 支出总计
    let spends_carry_over = expenditure.is_some_and(|t| {
        t.columns
            .iter()
            .any(|c| c.header.contains("上年结转") || c.header.contains("上年结余"))
    });
    let out_total = move |l: &str| {
        if spends_carry_over {
            l.ends_with("支出总计")
        } else {
            is_out_total(l)
        }
    };
    link(
        "summary 本年支出合计 (支出总计 where the table counts 上年结转) = expenditure 合计 (1栏)",
        at(summary, summary.and_then(|t| labelled(t, out_total)), 2),
        vec![at(
            expenditure,
            total(expenditure),
            keyed(expenditure, "total", 1),
        )],
    );
    // 财政拨款收入 by its key, or at 2栏 where the table prints the standard columns
    let fiscal_income = income.and_then(|t| {
        let standard = Some(standard_width(TableKind::Income)) == amount_columns(t).last().copied();
        let keyed = t.columns.iter().any(|c| c.key == "fiscal");
        (keyed || standard).then(|| keyed_column(t, "fiscal", 2))
    });
    if let Some(column) = fiscal_income {
        link(
            "income 合计 财政拨款收入 (2栏) = fiscal_summary 本年收入合计",
            at(income, total(income), column),
            vec![at(fiscal, fiscal.and_then(|t| labelled(t, is_in_total)), 1)],
        );
    }
    link(
        "fiscal_summary 本年支出合计 一般公共预算 (3栏) = general_budget_expenditure 合计",
        at(
            fiscal,
            fiscal.and_then(|t| labelled(t, is_out_total)),
            keyed(fiscal, "general_budget", 3),
        ),
        vec![at(gbe, total(gbe), keyed(gbe, "total", 1))],
    );
    if basic.is_some_and(|t| t.row("人员经费合计").is_none()) {
        // a 预算 basic table with 合计 | 人员经费 | 公用经费 columns and a 合计 row
        link(
            "general_budget_expenditure 合计 基本支出 = basic_expenditure 合计",
            at(gbe, total(gbe), keyed(gbe, "basic", 2)),
            vec![
                at(basic, total(basic), keyed(basic, "total", 1))
                    .filter(|_| basic.is_some_and(|t| t.columns.iter().any(|c| c.key == "total"))),
            ],
        );
    }
    link(
        "general_budget_expenditure 合计 基本支出 (2栏) = 人员经费合计 + 公用经费合计",
        at(gbe, total(gbe), keyed(gbe, "basic", 2)),
        vec![
            at(
                basic,
                basic.and_then(|t| t.row("人员经费合计").map(|r| r.key.clone())),
                1,
            ),
            at(
                basic,
                basic.and_then(|t| t.row("公用经费合计").map(|r| r.key.clone())),
                1,
            ),
        ],
    );
}
