//! Where vanished blank cells leave an amount's column open: every placement that keeps the
//! printed order is tried, and only those the identities allow survive (the row's own formula,
//! 类 = Σ款 = Σ项, the summary lines, and what the tables already read fix).

use super::rows::Pending;
use crate::normalise::{codes, keys};
use crate::validate::identities;
use juesuan_model::{Cell, Diagnostic, Row, Severity, Table, TableKind};
use rust_decimal::Decimal;
use std::collections::HashMap;

type Vector = Vec<Decimal>;

/// Every way to put `amounts` (in printed order) into columns first..=width that keeps the
/// row's formulas; a vector per placement (index = column - 1, blank = 0), with the columns used.
fn placements(
    kind: TableKind,
    amounts: &[Option<Decimal>],
    first: usize,
    width: usize,
) -> Vec<(Vector, Vec<usize>)> {
    let mut out = Vec::new();
    let k = amounts.len();
    if k + first - 1 > width {
        return out;
    }
    let mut chosen = Vec::with_capacity(k);
    fn rec(
        start: usize,
        width: usize,
        k: usize,
        chosen: &mut Vec<usize>,
        emit: &mut dyn FnMut(&[usize]),
    ) {
        if chosen.len() == k {
            emit(chosen);
            return;
        }
        for c in start..=width {
            if width - c + 1 < k - chosen.len() {
                break;
            }
            chosen.push(c);
            rec(c + 1, width, k, chosen, emit);
            chosen.pop();
        }
    }
    let formulas = identities::row_sum_formulas(kind);
    rec(first, width, k, &mut chosen, &mut |cols: &[usize]| {
        let mut v = vec![Decimal::ZERO; width];
        for (a, &c) in amounts.iter().zip(cols) {
            v[c - 1] = a.unwrap_or(Decimal::ZERO);
        }
        let holds = formulas.iter().all(|&(lhs, terms)| {
            let lhs = lhs as usize;
            if lhs > width || terms.iter().any(|t| t.unsigned_abs() as usize > width) {
                return true;
            }
            let sum: Decimal = terms
                .iter()
                .map(|&t| Decimal::from(t.signum()) * v[t.unsigned_abs() as usize - 1])
                .sum();
            v[lhs - 1] == sum
        });
        if holds {
            out.push((v, cols.to_vec()));
        }
    });
    out
}

/// Choose each row's columns: candidates by the row's own formula, narrowed by pins from other
/// tables, floors (a 支出决算表 cell ≥ its 一般公共预算 part) and 类 = Σ款 = Σ项 until nothing
/// changes. Rows left with one placement get their cells; others keep only what all agree on.
pub fn place_amounts(
    table: &mut Table,
    rows: Vec<Pending>,
    done: &[Table],
    pins: &[(usize, Decimal)],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let kind = table.kind;
    let width = table.columns.len();
    let mut domains: Vec<Vec<(Vector, Vec<usize>)>> = rows
        .iter()
        .map(|r| {
            let first = r.first_column as usize;
            let half_width = if matches!(kind, TableKind::Summary) {
                first
            } else if kind == TableKind::FiscalSummary && first == 1 {
                1
            } else {
                width
            };
            placements(kind, &r.amounts, first, half_width)
        })
        .collect();
    let initial: Vec<usize> = domains.iter().map(Vec::len).collect();

    // pins stated in the report's text apply to a single-row table (三公)
    if rows.len() == 1 {
        for &(col, v) in pins {
            if col <= width {
                domains[0].retain(|(vec, _)| vec[col - 1] == v);
            }
        }
    }
    // pins and floors from tables already read
    for (i, r) in rows.iter().enumerate() {
        for (col, value, floor) in constraints_from(kind, r, done) {
            domains[i].retain(|(v, _)| {
                if floor {
                    v[col - 1] >= value
                } else {
                    v[col - 1] == value
                }
            });
        }
    }
    // 类 = Σ款 = Σ项, 合计 = Σ类; in the summary tables, the lines and their totals
    let mut families = families(&rows);
    families.extend(summary_families(&rows));
    for _ in 0..20 {
        let mut changed = false;
        for (parent, children) in &families {
            changed |= prune_family(&mut domains, *parent, children);
        }
        if !changed {
            break;
        }
    }

    for (i, r) in rows.into_iter().enumerate() {
        let dom = &domains[i];
        let mut cells: Vec<Cell> = Vec::new();
        if dom.is_empty() {
            if !r.amounts.is_empty() {
                let mut d = Diagnostic::note(
                    "AMBIGUOUS_COLUMNS",
                    Severity::Warning,
                    format!(
                        "{} {}: no column placement of {} satisfies the identities; its amounts were left out",
                        kind.as_str(),
                        r.key,
                        r.printed.join(" ")
                    ),
                );
                d.cells = vec![juesuan_model::CellRef {
                    table: kind,
                    row: r.key.clone(),
                    column: 0,
                }];
                diagnostics.push(d);
            }
        } else {
            for (n, (amount, text)) in r.amounts.iter().zip(&r.printed).enumerate() {
                let cols: Vec<usize> = dom.iter().map(|(_, c)| c[n]).collect();
                if cols.iter().all(|c| *c == cols[0]) {
                    cells.push(Cell {
                        column: cols[0] as u32,
                        text: text.clone(),
                        value: *amount,
                        key: String::new(),
                        bbox: None,
                    });
                }
            }
            cells.sort_by_key(|c| c.column);
            if dom.len() > 1 && cells.len() < r.amounts.len() {
                let options: Vec<String> = dom.iter().map(|(_, c)| format!("{c:?}")).collect();
                let mut d = Diagnostic::note(
                    "AMBIGUOUS_COLUMNS",
                    Severity::Warning,
                    format!(
                        "{} {}: the amounts {} fit columns {} alike; the undecided ones were left out",
                        kind.as_str(),
                        r.key,
                        r.printed.join(" "),
                        options.join(" or ")
                    ),
                );
                // the row named (column 0: the row as a whole), so that the identities its
                // left-out amounts break are not taken for misplaced rows
                d.cells = vec![juesuan_model::CellRef {
                    table: kind,
                    row: r.key.clone(),
                    column: 0,
                }];
                diagnostics.push(d);
            } else if initial[i] > 1 {
                diagnostics.push(Diagnostic::note("COLUMNS_FROM_IDENTITIES", Severity::Info, format!(
                    "{} {}: blank cells hid the columns of {}; the identities leave one placement: {:?}",
                    kind.as_str(), r.key, r.printed.join(" "), dom[0].1
                )));
            }
        }
        let (level, parent) = r
            .code
            .as_deref()
            .map_or((None, None), codes::level_and_parent);
        let key = if r.code.is_none() && r.line_no.is_none() {
            r.key.chars().filter(|c| !c.is_whitespace()).collect()
        } else {
            r.key
        };
        table.rows.push(Row {
            key,
            code: r.code,
            government_code: None,
            level,
            parent,
            line_no: r.line_no,
            label: r.label,
            page: 0,
            cells,
            line: String::new(),
        });
    }
}

/// (parent row, child rows) for 类 = Σ款, 款 = Σ项 and 合计 = Σ类.
fn families(rows: &[Pending]) -> Vec<(usize, Vec<usize>)> {
    let mut out = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let children: Vec<usize> = match &r.code {
            Some(code) if code.len() < 7 => rows
                .iter()
                .enumerate()
                .filter(|(_, c)| c.code.as_deref().is_some_and(|x| codes::is_child(code, x)))
                .map(|(j, _)| j)
                .collect(),
            None if r.key == "合计" => rows
                .iter()
                .enumerate()
                .filter(|(_, c)| c.code.as_deref().is_some_and(codes::is_lei))
                .map(|(j, _)| j)
                .collect(),
            _ => vec![],
        };
        if !children.is_empty() {
            out.push((i, children));
        }
    }
    out
}

/// The right half of the summary tables by its labels, as `validate` reads it: 本年支出合计 = Σ the
/// lines above; 年末…结转和结余 = Σ its parts below; 总计 = 本年支出合计 + 年末… (fiscal_summary)
/// or + every line between (summary).
fn summary_families(rows: &[Pending]) -> Vec<(usize, Vec<usize>)> {
    let right: Vec<usize> = (0..rows.len())
        .filter(|&i| rows[i].first_column == 2)
        .collect();
    let Some(total) = right
        .iter()
        .position(|&i| rows[i].label.contains("本年支出合计"))
    else {
        return vec![];
    };
    let Some(grand) = right.iter().position(|&i| rows[i].label.ends_with("总计")) else {
        return vec![];
    };
    let mut out = vec![(right[total], right[..total].to_vec())];
    let between = &right[total + 1..grand.max(total + 1)];
    let carry_with_parts = between
        .first()
        .filter(|&&i| rows[i].label.contains("年末") && rows[i].label.contains("财政拨款"));
    match carry_with_parts {
        Some(&carry) if between.len() > 1 => {
            out.push((carry, between[1..].to_vec()));
            out.push((right[grand], vec![right[total], carry]));
        }
        _ => out.push((
            right[grand],
            std::iter::once(right[total])
                .chain(between.iter().copied())
                .collect(),
        )),
    }
    out
}

/// Keep only the placements of a family that take part in some combination where the parent's
/// vector is the sum of its children's. Skips families too large to enumerate.
fn prune_family(
    domains: &mut [Vec<(Vector, Vec<usize>)>],
    parent: usize,
    children: &[usize],
) -> bool {
    let size: usize = children
        .iter()
        .map(|&c| domains[c].len().max(1))
        .product::<usize>()
        * domains[parent].len().max(1);
    if size == 0
        || size > 200_000
        || domains[parent].is_empty()
        || children.iter().any(|&c| domains[c].is_empty())
    {
        return false;
    }
    let width = domains[parent][0].0.len();
    let mut child_ok: Vec<Vec<bool>> = children
        .iter()
        .map(|&c| vec![false; domains[c].len()])
        .collect();
    let mut parent_ok = vec![false; domains[parent].len()];
    let parents: HashMap<Vec<Decimal>, Vec<usize>> =
        domains[parent]
            .iter()
            .enumerate()
            .fold(HashMap::new(), |mut m, (i, (v, _))| {
                m.entry(v.iter().map(|d| d.normalize()).collect())
                    .or_default()
                    .push(i);
                m
            });
    let mut index = vec![0usize; children.len()];
    loop {
        let mut sum = vec![Decimal::ZERO; width];
        for (ci, &c) in children.iter().enumerate() {
            for (s, x) in sum.iter_mut().zip(&domains[c][index[ci]].0) {
                *s += *x;
            }
        }
        let key: Vec<Decimal> = sum.iter().map(|d| d.normalize()).collect();
        if let Some(ps) = parents.get(&key) {
            for &p in ps {
                parent_ok[p] = true;
            }
            for (ci, &i) in index.iter().enumerate() {
                child_ok[ci][i] = true;
            }
        }
        // next combination
        let mut k = 0;
        loop {
            if k == children.len() {
                let mut changed = false;
                let before = domains[parent].len();
                let mut it = parent_ok.iter();
                domains[parent].retain(|_| *it.next().unwrap());
                changed |= domains[parent].len() != before;
                for (ci, &c) in children.iter().enumerate() {
                    let before = domains[c].len();
                    let mut it = child_ok[ci].iter();
                    domains[c].retain(|_| *it.next().unwrap());
                    changed |= domains[c].len() != before;
                }
                return changed;
            }
            index[k] += 1;
            if index[k] < domains[children[k]].len() {
                break;
            }
            index[k] = 0;
            k += 1;
        }
    }
}

/// Cells of this row that tables read before fix: (column, value, is_floor).
fn constraints_from(kind: TableKind, row: &Pending, done: &[Table]) -> Vec<(usize, Decimal, bool)> {
    let table = |k: TableKind| done.iter().find(|t| t.kind == k);
    let val = |t: Option<&Table>, key: &str, col: u32| {
        t.and_then(|t| {
            t.rows
                .iter()
                .find(|r| r.key == key && r.cells.iter().any(|c| c.column == col))
        })
        .and_then(|r| r.value(col))
    };
    let by_label = |t: Option<&Table>, pred: &dyn Fn(&str) -> bool, col: u32| {
        t.and_then(|t| t.rows.iter().find(|r| pred(&r.label)))
            .and_then(|r| r.value(col))
    };
    let summary = table(TableKind::Summary);
    let gbe = table(TableKind::GeneralBudgetExpenditure);
    let basic = table(TableKind::BasicExpenditure);
    let zero_if_read = |t: Option<&Table>, v: Option<Decimal>| {
        if t.is_some() {
            Some(v.unwrap_or(Decimal::ZERO))
        } else {
            None
        }
    };
    let mut out = Vec::new();
    match kind {
        TableKind::Income if row.key == "合计" => {
            let line = |l: &str| by_label(summary, &|x: &str| x.ends_with(l), 1);
            if let Some(total) = by_label(summary, &|x: &str| x.contains("本年收入合计"), 1) {
                out.push((1, total, false));
            }
            let fiscal: Option<Decimal> = [
                "一般公共预算财政拨款收入",
                "政府性基金预算财政拨款收入",
                "国有资本经营预算财政拨款收入",
            ]
            .iter()
            .map(|l| zero_if_read(summary, line(l)))
            .sum();
            if let Some(f) = fiscal {
                out.push((2, f, false));
            }
            for (col, l) in [
                (3, "上级补助收入"),
                (4, "事业收入"),
                (5, "经营收入"),
                (6, "附属单位上缴收入"),
                (7, "其他收入"),
            ] {
                if let Some(v) = zero_if_read(summary, line(l)) {
                    out.push((col, v, false));
                }
            }
        }
        TableKind::Expenditure => {
            if row.key == "合计"
                && let Some(total) = by_label(summary, &|x: &str| x.contains("本年支出合计"), 2)
            {
                out.push((1, total, false));
            }
            // every expenditure cell is at least its 一般公共预算 part
            if let Some(g) = gbe.and_then(|t| t.rows.iter().find(|r| r.key == row.key)) {
                for col in 1..=3u32 {
                    out.push((col as usize, g.value(col).unwrap_or(Decimal::ZERO), true));
                }
            }
        }
        TableKind::GeneralBudgetExpenditure if row.key == "合计" => {
            let p = val(basic, "人员经费合计", 1);
            let u = val(basic, "公用经费合计", 1);
            if basic.is_some() && (p.is_some() || u.is_some()) {
                out.push((2, p.unwrap_or_default() + u.unwrap_or_default(), false));
            }
        }
        TableKind::FiscalSummary if row.first_column == 2 => {
            let lei = keys::line_of_label(TableKind::FiscalSummary, &row.label);
            if let Some(code) = lei.filter(|c| c.len() == 3) {
                for (col, k) in [
                    (3, TableKind::GeneralBudgetExpenditure),
                    (4, TableKind::GovernmentFund),
                    (5, TableKind::StateCapital),
                ] {
                    let t = table(k);
                    let source_col = if k == TableKind::GovernmentFund { 3 } else { 1 };
                    if t.is_some() {
                        out.push((
                            col,
                            val(t, code, source_col).unwrap_or(Decimal::ZERO),
                            false,
                        ));
                    }
                }
            } else if row.label.contains("本年支出合计")
                && let Some(g) = val(gbe, "合计", 1)
            {
                out.push((3, g, false));
            }
        }
        _ => {}
    }
    out
}
