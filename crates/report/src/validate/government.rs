//! A government-wide report's debt balance tables (`GOV_DEBT_LIMIT`): per column, the year-end
//! balance is within its limit, as the law requires.
//!
//! 年末余额 = 上年末余额 + 发行额 − 还本额 − 其他方式化解额 is checked only where the table prints that
//! last line (黑龙江's 决算 tables: every movement printed). Without it the tables do not keep it:
//! balances also move by 置换 and other adjustments the template does not print, and it differs by
//! more than rounding in 36 of the 55 realworld2 reports printing the other four lines. 发行额 = Σ
//! its sub-rows is not checked either: the template lists only some of its parts (7 differ).

use super::{Identity, amount_columns, cell, plus};
use crate::normalise::codes;
use juesuan_model::{AmountUnit, Diagnostic, Row, Rule, Severity, Table, TableKind};
use rust_decimal::Decimal;

pub(super) fn debt(table: &Table, ids: &mut Vec<Identity>, out: &mut Vec<Diagnostic>) {
    if !table.kind.is_government_debt() {
        return;
    }
    let k = table.kind;
    let line = |key: &str| table.rows.iter().find(|r| r.line == key);
    // the roll-forward, where every movement is printed
    if let (Some(end), Some(start), Some(issued), Some(repaid), Some(resolved)) = (
        line("balance.year_end"),
        line("balance.prior_year_end"),
        line("issued"),
        line("repaid"),
        line("resolved_other"),
    ) {
        for c in amount_columns(table) {
            if end.value(c).is_none() || start.value(c).is_none() {
                continue;
            }
            ids.push(Identity {
                rule: Rule::GovSum,
                what: format!(
                    "{} 年末余额 = 上年末余额 + 发行额 − 还本额 − 其他方式化解额 ({c}栏)",
                    k.as_str()
                ),
                lhs: cell(k, end, c),
                terms: vec![
                    (Decimal::ONE, cell(k, start, c)),
                    (Decimal::ONE, cell(k, issued, c)),
                    (Decimal::NEGATIVE_ONE, cell(k, repaid, c)),
                    (Decimal::NEGATIVE_ONE, cell(k, resolved, c)),
                ],
            });
        }
    }
    for c in amount_columns(table) {
        // the limit is printed once, under 预算数 or beside the balance
        let limit_row = line("limit.year_end");
        let limit_value = limit_row.and_then(|r| {
            r.value(c).or_else(|| {
                let printed: Vec<_> = r.cells.iter().filter_map(|c| c.value).collect();
                (printed.len() == 1).then(|| printed[0])
            })
        });
        if let (Some(balance), Some(limit)) = (
            line("balance.year_end").and_then(|r| r.value(c)),
            limit_value,
        ) {
            out.push(within_limit(
                balance,
                limit,
                format!("{} 年末余额 ({c}栏)", k.as_str()),
                vec![
                    cell(k, line("balance.year_end").expect("found above"), c),
                    juesuan_model::CellRef::row(k, &limit_row.expect("found above").key),
                ],
            ));
        }
    }
}

/// `GOV_DEBT_LIMIT`: a balance within its limit ("{what} {balance} ≤ 限额 {limit}").
fn within_limit(
    balance: Decimal,
    limit: Decimal,
    what: String,
    cells: Vec<juesuan_model::CellRef>,
) -> Diagnostic {
    let held = balance <= limit;
    let mut d = Diagnostic::note(
        Rule::GovDebtLimit,
        if held {
            Severity::Pass
        } else {
            Severity::Error
        },
        format!(
            "{what} {balance} {} 限额 {limit}",
            if held { "≤" } else { ">" }
        ),
    );
    d.cells = cells;
    d.expected = Some(limit);
    d.actual = Some(balance);
    d
}

/// The number of the column keyed `key`.
fn column_keyed(table: &Table, key: &str) -> Option<u32> {
    table
        .columns
        .iter()
        .find(|c| c.key == key)
        .map(|c| c.number)
}

/// The amount columns of a government table (its percentages left out).
fn money_columns(table: &Table) -> Vec<u32> {
    let percent: Vec<u32> = table
        .columns
        .iter()
        .filter(|c| table.unit_of(&c.key) == AmountUnit::Percent)
        .map(|c| c.number)
        .collect();
    amount_columns(table)
        .into_iter()
        .filter(|c| !percent.contains(c))
        .collect()
}

/// A government revenue or expenditure table's totals (`GOV_SUM`), per level: 税收收入 = Σ its
/// taxes, 非税收入 = Σ its items, the total = 税收收入 + 非税收入 (revenue); the total = Σ 类
/// (spending); 类 = Σ款 = Σ项 where codes are printed. Only what the table prints is summed: a
/// 类 printed without its 款 is not checked against them.
pub(super) fn sums(table: &Table, ids: &mut Vec<Identity>) {
    let k = table.kind;
    if !k.is_government() || k.is_government_debt() {
        return;
    }
    let columns = money_columns(table);
    for entity in table.entities() {
        let rows: Vec<&Row> = table.rows.iter().filter(|r| r.entity == entity).collect();
        let line = |key: &str| rows.iter().copied().find(|r| r.line == key);
        let mut push = |lhs: &Row, parts: Vec<&Row>, what: &str| {
            if parts.is_empty() {
                return;
            }
            for &c in &columns {
                // a column its parts leave blank is printed for the whole only (调整预算数
                // by 款, not by 项)
                if parts.iter().all(|p| p.value(c).is_none()) {
                    continue;
                }
                ids.push(Identity {
                    rule: Rule::GovSum,
                    what: format!("{} {} = Σ{what} ({c}栏)", k.as_str(), lhs.key),
                    lhs: cell(k, lhs, c),
                    terms: plus(parts.iter().map(|p| cell(k, p, c))),
                });
            }
        };
        if matches!(
            k,
            TableKind::GovSocialInsuranceRevenue | TableKind::GovSocialInsuranceExpenditure
        ) {
            // funds as sections of rows: the total = Σ funds
            if let Some(total) = line("total") {
                let funds: Vec<&Row> = rows
                    .iter()
                    .copied()
                    .filter(|r| crate::normalise::government::FUND_KEYS.contains(&r.line.as_str()))
                    .collect();
                // (a fund the mapping does not know would be left out)
                let unknown_fund = rows
                    .iter()
                    .any(|r| r.line.starts_with("unknown:") && r.label.contains("保险基金"));
                if funds.len() >= 2 && !unknown_fund {
                    push(total, funds, "基金");
                }
            }
            continue;
        }
        if k == TableKind::GovGeneralRevenue {
            // a section is summed only when every row printed in it is known (a tax the mapping
            // does not know would be left out)
            let section = |head: &str, prefix: &str| -> Option<Vec<&Row>> {
                let start = rows.iter().position(|r| r.line == head)?;
                let mut parts = Vec::new();
                for r in &rows[start + 1..] {
                    if r.line.starts_with(prefix) {
                        parts.push(*r);
                    } else if r.line.starts_with("unknown:")
                        && r.cells.iter().any(|c| c.value.is_some())
                    {
                        return None;
                    } else {
                        break;
                    }
                }
                Some(parts)
            };
            if let (Some(tax), Some(parts)) = (line("tax"), section("tax", "tax.")) {
                push(tax, parts, "税收");
            }
            if let (Some(non_tax), Some(parts)) = (line("non_tax"), section("non_tax", "non_tax."))
            {
                push(non_tax, parts, "非税收入项目");
            }
            if let (Some(total), Some(tax), Some(non_tax)) =
                (line("total"), line("tax"), line("non_tax"))
            {
                push(total, vec![tax, non_tax], "税收收入+非税收入");
            }
            continue;
        }
        // printed codes: 类 = Σ款, 款 = Σ项
        let coded: Vec<&Row> = rows.iter().copied().filter(|r| r.code.is_some()).collect();
        for parent in &coded {
            let code = parent.code.as_deref().unwrap_or_default();
            let children: Vec<&Row> = coded
                .iter()
                .copied()
                .filter(|r| r.code.as_deref().is_some_and(|c| codes::is_child(code, c)))
                .collect();
            push(
                parent,
                children,
                if codes::is_lei(code) { "款" } else { "项" },
            );
        }
        // the total: Σ 类 (by printed code, or by the 类's name) printed on its side of it (a total
        // printed last sums the 类 above it; 转移性支出 and 债务还本支出 below are not in it)
        let total_at = rows.iter().position(|r| r.line == "total");
        let is_lei = |r: &Row| {
            r.line.len() == 3
                && r.line.bytes().all(|b| b.is_ascii_digit())
                && !matches!(r.line.as_str(), "230" | "231")
                && r.code.as_deref().is_none_or(codes::is_lei)
        };
        let before = total_at.is_some_and(|t| rows[..t].iter().any(|r| is_lei(r)));
        let lei: Vec<&Row> = rows
            .iter()
            .enumerate()
            .filter(|(i, r)| is_lei(r) && total_at.is_none_or(|t| (*i < t) == before))
            .map(|(_, r)| *r)
            .collect();
        // (rows by name that are no 类 may be 款 or 项 as well as 类 the mapping does not know:
        // then the 类 printed are not known to be all)
        let unknown_names = rows.iter().enumerate().any(|(i, r)| {
            total_at.is_none_or(|t| (i < t) == before)
                && r.code.is_none()
                && r.line.starts_with("unknown:")
                && r.cells.iter().any(|c| c.value.is_some())
        });
        if let Some(total) = line("total")
            && lei.len() >= 2
            && !unknown_names
        {
            push(total, lei, "类");
        }
    }
}

/// A social insurance table printing its funds as columns: each row's 合计 = Σ its funds
/// (`GOV_SUM`).
pub(super) fn fund_columns(table: &Table, ids: &mut Vec<Identity>) {
    let k = table.kind;
    if !matches!(
        k,
        TableKind::GovSocialInsuranceRevenue | TableKind::GovSocialInsuranceExpenditure
    ) {
        return;
    }
    let Some(total) = table.columns.iter().find(|c| c.key == "total") else {
        return;
    };
    let funds: Vec<u32> = table
        .columns
        .iter()
        .filter(|c| crate::normalise::government::FUND_KEYS.contains(&c.key.as_str()))
        .map(|c| c.number)
        .collect();
    if funds.len() < 2 {
        return;
    }
    for row in &table.rows {
        if funds.iter().all(|&c| row.value(c).is_none()) {
            continue;
        }
        ids.push(Identity {
            rule: Rule::GovSum,
            what: format!(
                "{} {}: 合计 = Σ基金 ({}栏)",
                k.as_str(),
                row.key,
                total.number
            ),
            lhs: cell(k, row, total.number),
            terms: plus(funds.iter().map(|&c| cell(k, row, c))),
        });
    }
}

/// A 债务限额及余额 table by region: per region, 限额合计 = 一般 + 专项 and 余额合计 = 一般 + 专项
/// (`GOV_SUM`, the table's own A=B+C, D=E+F), and each balance within its limit
/// (`GOV_DEBT_LIMIT`).
pub(super) fn by_region(table: &Table, ids: &mut Vec<Identity>, out: &mut Vec<Diagnostic>) {
    let k = table.kind;
    if k != TableKind::GovDebtByRegion {
        return;
    }
    let column = |key: &str| column_keyed(table, key);
    for row in &table.rows {
        for metric in ["limit", "balance"] {
            let (Some(total), Some(general), Some(special)) = (
                column(&format!("{metric}.total")),
                column(&format!("{metric}.general")),
                column(&format!("{metric}.special")),
            ) else {
                continue;
            };
            if row.value(general).is_none() && row.value(special).is_none() {
                continue;
            }
            ids.push(Identity {
                rule: Rule::GovSum,
                what: format!("{} {}: {metric} 合计 = 一般 + 专项", k.as_str(), row.key),
                lhs: cell(k, row, total),
                terms: plus([cell(k, row, general), cell(k, row, special)]),
            });
        }
        for part in ["total", "general", "special"] {
            let (Some(limit_c), Some(balance_c)) = (
                column(&format!("limit.{part}")),
                column(&format!("balance.{part}")),
            ) else {
                continue;
            };
            let (Some(limit), Some(balance)) = (row.value(limit_c), row.value(balance_c)) else {
                continue;
            };
            out.push(within_limit(
                balance,
                limit,
                format!("{} {} {part}: 余额", k.as_str(), row.key),
                vec![cell(k, row, balance_c), cell(k, row, limit_c)],
            ));
        }
    }
}

/// A government table's printed percentages (`GOV_PERCENT`): each equals the ratio of the
/// printed amounts it is of (为预算% = 决算数 / 预算数, 为调整预算% = 决算数 / 调整预算数, 为上年% =
/// 决算数 / 上年决算数, 比上年增长% = 决算数 / 上年决算数 − 1; in a budget table without 决算数,
/// 预算数 / 上年预算数 − 1), to the precision printed. Both amounts are rounded as printed, so the
/// ratio may move by what that rounding allows; a percentage whose amounts are not printed is not
/// checked.
pub(super) fn percentages(table: &Table, out: &mut Vec<Diagnostic>) {
    let k = table.kind;
    if !k.is_government() || k.is_government_debt() {
        return;
    }
    let column = |key: &str| column_keyed(table, key);
    let hundred = Decimal::ONE_HUNDRED;
    for pct_column in table
        .columns
        .iter()
        .filter(|c| c.key.starts_with("pct_of_") || c.key == "change_pct")
    {
        let (numerator, base, change) = match pct_column.key.as_str() {
            "pct_of_budget" => (column("actual"), column("budget"), false),
            "pct_of_adjusted" => (column("actual"), column("adjusted_budget"), false),
            "pct_of_prior" => (column("actual"), column("prior_actual"), false),
            "change_pct" if column("actual").is_some() => {
                (column("actual"), column("prior_actual"), true)
            }
            "change_pct" => (column("budget"), column("prior_budget"), true),
            _ => continue,
        };
        let (Some(numerator), Some(base)) = (numerator, base) else {
            continue;
        };
        // "完成预算%" beside both 预算数 and 调整预算数 may be of either (河北 2021's is of the
        // adjusted budget where there is one): it holds against either
        let other_base = (pct_column.key == "pct_of_budget" && !pct_column.header.contains("年初"))
            .then(|| column("adjusted_budget"))
            .flatten();
        for row in &table.rows {
            let (Some(printed), Some(n), Some(b)) = (
                row.value(pct_column.number),
                row.value(numerator),
                row.value(base),
            ) else {
                continue;
            };
            if b.is_zero() {
                continue;
            }
            // half the printed digit, plus how far the amounts' own rounding moves the ratio
            let half = |scale: u32| Decimal::new(5, scale + 1);
            let holds = |b: Decimal| {
                let ratio = n / b * hundred - if change { hundred } else { Decimal::ZERO };
                let moved =
                    hundred * (half(n.scale()) / b.abs() + n.abs() * half(b.scale()) / (b * b));
                (
                    (printed - ratio).abs() <= half(printed.scale()) + moved,
                    ratio,
                )
            };
            let (mut held, mut ratio) = holds(b);
            if !held
                && let Some(adjusted) = other_base
                    .and_then(|c| row.value(c))
                    .filter(|a| !a.is_zero())
            {
                (held, ratio) = holds(adjusted);
            }
            let difference = printed - ratio.round_dp(printed.scale());
            let mut d = Diagnostic::note(
                Rule::GovPercent,
                if held {
                    Severity::Pass
                } else {
                    Severity::Error
                },
                format!(
                    "{} {} {}栏 {printed}% {} {}",
                    k.as_str(),
                    row.key,
                    pct_column.number,
                    if held { "=" } else { "≠" },
                    ratio.round_dp(printed.scale() + 1),
                ),
            );
            d.cells = vec![
                cell(k, row, pct_column.number),
                cell(k, row, numerator),
                cell(k, row, base),
            ];
            d.expected = Some(ratio.round_dp(printed.scale()));
            d.actual = Some(printed);
            d.difference = Some(difference);
            out.push(d);
        }
    }
}
