//! Identities within one table: each row's columns (`ROW_SUM`) and the classification hierarchy
//! (`HIERARCHY`: 类 = Σ款 = Σ项, 合计 = Σ类, within each unit's section).

use super::identities::{THREE_PUBLIC_PARTS, keyed_row_sum_formulas, row_sum_formulas};
use super::{Identity, amount_columns, cell, plus};
use crate::normalise::{codes, entities};
use juesuan_model::{Row, Rule, Table, TableKind};
use rust_decimal::Decimal;

pub(super) fn row_sums(table: &Table, ids: &mut Vec<Identity>) {
    let k = table.kind;
    if k == TableKind::ThreePublic {
        three_public_sums(table, ids);
        return;
    }
    // the standard formulas are for the standard columns: a table printed with other columns
    // (a 预算 layout, a regional variant) is checked by its own notes instead
    if amount_columns(table).last().copied() != Some(codes::standard_width(k)) {
        keyed_row_sums(table, ids);
        return;
    }
    let formulas: Vec<(u32, Vec<i32>)> = row_sum_formulas(k)
        .iter()
        .map(|&(lhs, terms)| (lhs, terms.to_vec()))
        .collect();
    push_row_sums(table, &formulas, "", ids);
}

/// One ROW_SUM identity per row and formula (lhs 栏 = Σ signed 栏), for rows that print any
/// of the cells involved.
fn push_row_sums(table: &Table, formulas: &[(u32, Vec<i32>)], note: &str, ids: &mut Vec<Identity>) {
    let k = table.kind;
    for row in &table.rows {
        for (lhs, terms) in formulas {
            let lhs = *lhs;
            let involved = std::iter::once(lhs).chain(terms.iter().map(|t| t.unsigned_abs()));
            if !involved.clone().any(|c| row.value(c).is_some())
                || !row.cells.iter().any(|c| c.column == lhs)
            {
                continue;
            }
            let text: Vec<String> = terms.iter().map(|t| t.to_string()).collect();
            ids.push(Identity {
                rule: Rule::RowSum,
                what: format!(
                    "{} {}: {lhs}栏 = {}{note}",
                    k.as_str(),
                    row.key,
                    text.join("+").replace("+-", "-")
                ),
                lhs: cell(k, row, lhs),
                terms: terms
                    .iter()
                    .map(|&t| (Decimal::from(t.signum()), cell(k, row, t.unsigned_abs())))
                    .collect(),
            });
        }
    }
}

/// Row sums of a table printed with other columns than the standard ones (a 预算 layout, year
/// comparisons), by column key (see [`keyed_row_sum_formulas`]).
fn keyed_row_sums(table: &Table, ids: &mut Vec<Identity>) {
    push_row_sums(
        table,
        &keyed_row_sum_formulas(table),
        " (by column keys)",
        ids,
    );
}

/// 三公 by canonical keys ([`THREE_PUBLIC_PARTS`]), so that one rule serves the 12-column, paired
/// and two-row layouts, for budget and actual (and a 预算's, whose keys name no side).
fn three_public_sums(table: &Table, ids: &mut Vec<Identity>) {
    let k = table.kind;
    for row in &table.rows {
        let col = |key: &str| row.cells.iter().find(|c| c.key == key).map(|c| c.column);
        for side in ["budget.", "actual.", ""] {
            for (lhs, terms) in THREE_PUBLIC_PARTS {
                let Some(lhs_col) = col(&format!("{side}{lhs}")) else {
                    continue;
                };
                let Some(term_cols) = terms
                    .iter()
                    .map(|t| col(&format!("{side}{t}")))
                    .collect::<Option<Vec<u32>>>()
                else {
                    continue;
                };
                if std::iter::once(lhs_col)
                    .chain(term_cols.iter().copied())
                    .all(|c| row.value(c).is_none())
                {
                    continue;
                }
                ids.push(Identity {
                    rule: Rule::RowSum,
                    what: format!(
                        "{} {}: {side}{lhs} = {}",
                        k.as_str(),
                        row.key,
                        terms
                            .iter()
                            .map(|t| format!("{side}{t}"))
                            .collect::<Vec<_>>()
                            .join(" + ")
                    ),
                    lhs: cell(k, row, lhs_col),
                    terms: plus(term_cols.into_iter().map(|c| cell(k, row, c))),
                });
            }
        }
    }
}

pub(super) fn hierarchy(table: &Table, ids: &mut Vec<Identity>) {
    let k = table.kind;
    if !k.is_coded() {
        return;
    }
    let coded: Vec<&Row> = table.rows.iter().filter(|r| r.code.is_some()).collect();
    let columns = amount_columns(table);
    let mut push = |lhs: &Row, children: Vec<&Row>, what: &str| {
        if children.is_empty() {
            return;
        }
        let whose = if lhs.entity.is_empty() {
            String::new()
        } else {
            format!(" [{}]", lhs.entity)
        };
        for &c in &columns {
            ids.push(Identity {
                rule: Rule::Hierarchy,
                what: format!("{} {}{whose} = Σ{what} ({}栏)", k.as_str(), lhs.key, c),
                lhs: cell(k, lhs, c),
                terms: plus(children.iter().map(|ch| cell(k, ch, c))),
            });
        }
    };
    // codes add up within the entity (the unit) they are printed under
    for parent in &coded {
        let code = parent.code.as_deref().unwrap_or_default();
        // with both economic classifications, a child is under both of its parent's classes
        let government = parent.government_code.as_deref();
        let children: Vec<&Row> = coded
            .iter()
            .copied()
            .filter(|r| {
                r.code.as_deref().is_some_and(|c| codes::is_child(code, c))
                    && r.entity == parent.entity
                    && government.is_none_or(|g| {
                        r.government_code
                            .as_deref()
                            .is_some_and(|rg| rg.starts_with(g))
                    })
            })
            .collect();
        let what = if codes::is_lei(code) { "款" } else { "项" };
        push(parent, children, what);
    }
    let lei: Vec<&Row> = coded
        .iter()
        .copied()
        .filter(|r| r.code.as_deref().is_some_and(codes::is_lei))
        .collect();
    if matches!(
        k,
        TableKind::BasicExpenditure | TableKind::FiscalBasicExpenditure
    ) {
        let personnel = |c: &str| matches!(c, "301" | "303");
        let lei_code = |r: &Row| r.code.clone().unwrap_or_default();
        if let Some(total) = table.row("人员经费合计") {
            push(
                total,
                lei.iter()
                    .copied()
                    .filter(|r| personnel(&lei_code(r)))
                    .collect(),
                "人员经费类",
            );
        }
        if let Some(total) = table.row("公用经费合计") {
            push(
                total,
                lei.iter()
                    .copied()
                    .filter(|r| !personnel(&lei_code(r)))
                    .collect(),
                "公用经费类",
            );
        }
        return;
    }
    // each entity's total is the sum of its 类
    let entities = table.entities();
    for entity in &entities {
        let total = table
            .rows
            .iter()
            .find(|r| r.entity == *entity && r.key == "合计");
        if let Some(total) = total {
            let in_entity = lei
                .iter()
                .copied()
                .filter(|r| r.entity == *entity)
                .collect();
            push(total, in_entity, "类");
        }
    }
    // and the department's the sum of its units'
    if entities.len() > 1 {
        let units: Vec<&Row> = table.rows.iter().filter(|r| r.is_entity_total()).collect();
        if let Some(department) = entities::department_total(table) {
            let parts = units
                .into_iter()
                .filter(|u| !std::ptr::eq(*u, department))
                .collect();
            push(department, parts, "单位");
        }
    }
}
