//! A government-wide report's debt balance tables (`GOV_DEBT_LIMIT`): per column, the year-end
//! balance is within its limit, as the law requires.
//!
//! Not checked, because the tables do not state them and real reports do not keep them: 年末余额 =
//! 上年末余额 + 发行额 − 还本额 (balances also move by 置换 and other adjustments the table does not
//! print: it differs by more than rounding in 25 of the 44 realworld2 reports with debt tables), and 发行额
//! = Σ its sub-rows (the template lists only some of its parts: 7 of them differ).

use super::{amount_columns, cell};
use juesuan_model::{Diagnostic, Rule, Severity, Table};

pub(super) fn debt(table: &Table, out: &mut Vec<Diagnostic>) {
    if !table.kind.is_government() {
        return;
    }
    let k = table.kind;
    let line = |key: &str| table.rows.iter().find(|r| r.line == key);
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
            let held = balance <= limit;
            let mut d = Diagnostic::note(
                Rule::GovDebtLimit,
                if held {
                    Severity::Pass
                } else {
                    Severity::Error
                },
                format!(
                    "{} 年末余额 {balance} {} 限额 {limit} ({c}栏)",
                    k.as_str(),
                    if held { "≤" } else { ">" }
                ),
            );
            d.cells = vec![
                cell(k, line("balance.year_end").expect("found above"), c),
                juesuan_model::CellRef::row(k, &limit_row.expect("found above").key),
            ];
            d.expected = Some(limit);
            d.actual = Some(balance);
            out.push(d);
        }
    }
}
