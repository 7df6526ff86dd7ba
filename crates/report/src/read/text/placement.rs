//! Where vanished blank cells leave an amount's column open: every placement that keeps the
//! printed order is tried, and only those the identities allow survive (the row's own formula,
//! 类 = Σ款 = Σ项, the summary lines, and what the tables already read fix).

use super::rows::Pending;
use crate::normalise::{codes, keys};
use crate::validate::identities;
use juesuan_model::{Cell, CellRef, Diagnostic, Row, Rule, Severity, Table, TableKind};
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};

type Vector = Vec<Decimal>;

/// A family (a parent and its children) with more placement combinations than this is not
/// enumerated: it bounds the time one table of a dump takes, and leaves the family to the other
/// constraints. Not a property of any report.
const MAX_FAMILY_COMBINATIONS: usize = 200_000;

/// A column's sums over part of a family with more distinct values than this are not collected:
/// the per-column check is then skipped for that column. Not a property of any report.
const MAX_COLUMN_SUMS: usize = 50_000;

/// Rounds of pruning families against each other; each round that changes nothing ends it early.
const MAX_PRUNING_ROUNDS: usize = 20;

/// Every way to put `amounts` (in printed order) into columns first..=width that keeps the
/// row's formulas; a vector per placement (index = column - 1, blank = 0), with the columns used.
fn placements(
    kind: TableKind,
    amounts: &[Option<Decimal>],
    first: usize,
    width: usize,
) -> Vec<(Vector, Vec<usize>)> {
    placements_by(identities::row_sum_formulas(kind), amounts, first, width)
}

/// The formula of a basic table whose rows print both economic classifications: one group,
/// 合计 = 人员经费 + 公用经费 (the columns in that order, see `read_table`).
const PAIRED_BASIC_FORMULAS: &[(u32, &[i32])] = &[(1, &[2, 3])];

/// The formulas of a 三公 table whose columns are headed (its sides interleaved, see
/// `three_public`): the parts of each side's totals by the columns' keys, as `validate` checks
/// them. None where its columns are not headed (the template's numbering).
fn keyed_three_public_formulas(table: &Table) -> Option<Vec<(u32, Vec<i32>)>> {
    if table.kind != TableKind::ThreePublic || table.columns.iter().all(|c| c.header.is_empty()) {
        return None;
    }
    let mut keyed = Table {
        rows: Vec::new(),
        ..table.clone()
    };
    keys::assign(&mut keyed, None, &mut Vec::new());
    let column = |key: String| {
        keyed
            .columns
            .iter()
            .find(|c| c.key == key)
            .map(|c| c.number)
    };
    let mut formulas = Vec::new();
    for side in ["budget.", "actual."] {
        for (lhs, terms) in identities::THREE_PUBLIC_PARTS {
            let lhs = column(format!("{side}{lhs}"))?;
            let terms = terms
                .iter()
                .map(|t| column(format!("{side}{t}")).map(|c| c as i32))
                .collect::<Option<Vec<i32>>>()?;
            formulas.push((lhs, terms));
        }
    }
    Some(formulas)
}

/// The formulas of a table whose columns compare years (last year's total, this year's parts,
/// the change: a 预算 layout, headed so by `read_table`): by the columns' keys, as `validate`
/// checks them. None where no column is of another year (the standard 栏次 are the formulas).
fn compared_years_formulas(table: &Table) -> Option<Vec<(u32, Vec<i32>)>> {
    let compared = |c: &juesuan_model::Column| {
        c.key.starts_with("prior_year.") || c.key.starts_with("change.")
    };
    if !table.columns.iter().any(compared) {
        return None;
    }
    Some(identities::keyed_row_sum_formulas(table))
}

/// As [`placements`], with the row formulas given.
fn placements_by<T: AsRef<[i32]>>(
    formulas: &[(u32, T)],
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
    rec(first, width, k, &mut chosen, &mut |cols: &[usize]| {
        let mut v = vec![Decimal::ZERO; width];
        for (a, &c) in amounts.iter().zip(cols) {
            v[c - 1] = a.unwrap_or(Decimal::ZERO);
        }
        let holds = formulas.iter().all(|(lhs, terms)| {
            let (lhs, terms) = (*lhs as usize, terms.as_ref());
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

/// A line's words with their first and past-the-end columns.
type Words<'a> = Vec<(usize, usize, &'a str)>;

/// The columns a laid-out table's rows print their amounts in, by the 栏次 numbers the header
/// prints (1 to the table's width): each amount ends at or past its column's number and not
/// past the next one's start (see three_public::column_after), read from the row's line (the
/// one starting with its code, or printing its name and nothing else before its amounts, and
/// exactly its amounts in order). None for a row whose line is not found once, or an amount
/// under no number; all None where no such 栏次 line is printed, or two amounts of a column end
/// at different places (the lines not set as the page sets them). Not for the summary tables,
/// whose 行次 and halves number otherwise. Where these places give one of the placements a
/// row's identities leave, [`place_amounts`] takes that one.
pub fn columns_as_printed(
    kind: TableKind,
    printed: &[String],
    widths: juesuan_layout::Widths,
    rows: &[Pending],
    width: u32,
) -> Vec<Option<Vec<usize>>> {
    let none = vec![None; rows.len()];
    if matches!(kind, TableKind::Summary | TableKind::FiscalSummary) {
        return none;
    }
    let lines: Vec<Words> = printed
        .iter()
        .map(|l| juesuan_layout::tokens(l, widths))
        .collect();
    let Some(numbers) = lines
        .iter()
        .find_map(|words| super::three_public::column_numbers(words))
        .filter(|n| n.len() == width as usize)
    else {
        return none;
    };
    let dash = |w: &str| matches!(w, "-" | "—" | "－" | "--" | "——");
    let amount = |w: &str| dash(w) || crate::normalise::amount::value(w).is_some();
    // each row's columns, with where its amounts end
    let placed: Vec<Option<Vec<(usize, usize)>>> = rows
        .iter()
        .map(|row| {
            // (a code is a number too: the amounts are those after it)
            let amounts_at = |words: &[(usize, usize, &str)]| -> Option<usize> {
                let skip = match &row.code {
                    Some(code) if words.first().is_some_and(|w| w.2 == code) => 1,
                    Some(_) => return None,
                    None => 0,
                };
                let at = skip + words[skip..].iter().position(|w| amount(w.2))?;
                let named = row.code.is_some()
                    || words[..at].iter().map(|w| w.2).collect::<String>() == row.label;
                named.then_some(at)
            };
            let found: Vec<(&Words, usize)> = lines
                .iter()
                .filter_map(|words| {
                    let at = amounts_at(words)?;
                    let amounts = &words[at..];
                    (amounts.len() == row.printed.len()
                        && amounts.iter().zip(&row.printed).all(|(a, p)| a.2 == p))
                    .then_some((words, at))
                })
                .collect();
            let [(words, at)] = found.as_slice() else {
                return None;
            };
            let mut columns: Vec<(usize, usize)> = Vec::new();
            for w in &words[*at..] {
                let column = super::three_public::column_after(&numbers, w.1)? + 1;
                if columns.last().is_some_and(|c| c.0 >= column) {
                    return None;
                }
                columns.push((column, w.1));
            }
            Some(columns)
        })
        .collect();
    // amounts are set flush right in their columns: where two amounts of one column end at
    // different places, -layout moved the lines (squeezed them to the left), and no place is
    // known
    let ends = |column: usize| -> Vec<usize> {
        placed
            .iter()
            .flatten()
            .flatten()
            .filter(|(c, _)| *c == column)
            .map(|(_, end)| *end)
            .collect()
    };
    if (1..=width as usize).any(|c| ends(c).windows(2).any(|p| p[0] != p[1])) {
        return none;
    }
    placed
        .into_iter()
        .map(|p| p.map(|cols| cols.into_iter().map(|(c, _)| c).collect()))
        .collect()
}

/// Choose each row's columns: candidates by the row's own formula, narrowed by pins from other
/// tables, floors (a 支出决算表 cell ≥ its 一般公共预算 part) and 类 = Σ款 = Σ项 until nothing
/// changes. Rows left with one placement get their cells; others keep only what all agree on.
pub fn place_amounts(
    table: &mut Table,
    rows: Vec<Pending>,
    done: &[Table],
    undecided: &[(TableKind, String)],
    stated: &[(usize, Decimal)],
    printed_at: &[Option<Vec<usize>>],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let kind = table.kind;
    let width = table.columns.len();
    let paired = kind == TableKind::BasicExpenditure
        && width == 3
        && rows.iter().any(|r| r.government_code.is_some());
    let keyed = keyed_three_public_formulas(table).or_else(|| compared_years_formulas(table));
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
            if paired {
                placements_by(PAIRED_BASIC_FORMULAS, &r.amounts, first, half_width)
            } else if let Some(formulas) = &keyed {
                placements_by(formulas, &r.amounts, first, half_width)
            } else {
                placements(kind, &r.amounts, first, half_width)
            }
        })
        .collect();
    let initial: Vec<usize> = domains.iter().map(Vec::len).collect();

    // figures stated in the report's text apply to a single-row table (三公)
    if rows.len() == 1 {
        for &(col, v) in stated {
            if col <= width {
                domains[0].retain(|(vec, _)| vec[col - 1] == v);
            }
        }
    }
    // what the tables already read fix, by the identities between tables
    let shell = Table {
        rows: rows.iter().map(Pending::shell).collect(),
        ..table.clone()
    };
    for pin in identities::pins(&shell, done, undecided) {
        let col = pin.column as usize;
        domains[pin.row].retain(|(v, _)| match v.get(col.wrapping_sub(1)) {
            Some(x) if pin.at_least => *x >= pin.value,
            Some(x) => *x == pin.value,
            None => true, // a column this half of the row cannot occupy
        });
    }
    // where the amounts' places under the 栏次 numbers give one of the placements the row's
    // identities leave, that one (see columns_as_printed)
    for (domain, at) in domains.iter_mut().zip(printed_at) {
        if let Some(at) = at
            && domain.len() > 1
            && domain.iter().any(|(_, cols)| cols == at)
        {
            domain.retain(|(_, cols)| cols == at);
        }
    }
    // 类 = Σ款 = Σ项, 合计 = Σ类; in the summary tables, the lines and their totals
    let mut families = families(&rows);
    families.extend(summary_families(&rows));
    for _ in 0..MAX_PRUNING_ROUNDS {
        let mut changed = false;
        for (parent, children) in &families {
            changed |= prune_family_by_columns(&mut domains, *parent, children);
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
                    Rule::AmbiguousColumns,
                    Severity::Warning,
                    format!(
                        "{} {}: no column placement of {} satisfies the identities; its amounts were left out",
                        kind.as_str(),
                        r.key,
                        r.printed.join(" ")
                    ),
                );
                d.cells = vec![CellRef::row(kind, &r.key)];
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
                    Rule::AmbiguousColumns,
                    Severity::Warning,
                    format!(
                        "{} {}: the amounts {} fit columns {} alike; the undecided ones were left out",
                        kind.as_str(),
                        r.key,
                        r.printed.join(" "),
                        options.join(" or ")
                    ),
                );
                // the row named as a whole, so that the identities its
                // left-out amounts break are not taken for misplaced rows
                d.cells = vec![CellRef::row(kind, &r.key)];
                diagnostics.push(d);
            } else if initial[i] > 1 {
                diagnostics.push(Diagnostic::note(Rule::ColumnsFromIdentities, Severity::Info, format!(
                    "{} {}: blank cells hid the columns of {}; the identities leave one placement: {:?}",
                    kind.as_str(), r.key, r.printed.join(" "), dom[0].1
                )));
            }
        }
        let (level, parent) = r
            .code
            .as_deref()
            .map_or((None, None), codes::level_and_parent);
        // with both classifications the parent is the row of both classes ("301/501")
        let parent = match (parent, &r.government_code) {
            (Some(p), Some(g)) if g.len() > 3 => Some(format!("{p}/{}", &g[..3])),
            (p, _) => p,
        };
        let key = if r.code.is_none() && r.line_no.is_none() {
            r.key.chars().filter(|c| !c.is_whitespace()).collect()
        } else {
            r.key
        };
        table.rows.push(Row {
            key,
            code: r.code,
            government_code: r.government_code,
            level,
            parent,
            entity: String::new(),
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
            // (with both classifications, under both of the parent's classes)
            Some(code) if code.len() < 7 => rows
                .iter()
                .enumerate()
                .filter(|(_, c)| {
                    c.code.as_deref().is_some_and(|x| codes::is_child(code, x))
                        && r.government_code.as_deref().is_none_or(|g| {
                            c.government_code
                                .as_deref()
                                .is_some_and(|x| x.starts_with(g))
                        })
                })
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

/// Keep only the placements of a family whose every column can add up: a parent's value in a
/// column must be the sum of some choice of its children's values in that column, and a child's
/// value must take part in such a choice. Column by column the values are few (a row's amounts
/// and blank), so this holds for families far too large to enumerate whole (合计 = Σ类 over
/// every 类 of a report), where `prune_family` gives up; it is weaker than that check (each
/// column is free to take another combination), which then runs on what is left.
fn prune_family_by_columns(
    domains: &mut [Vec<(Vector, Vec<usize>)>],
    parent: usize,
    children: &[usize],
) -> bool {
    if domains[parent].is_empty() || children.iter().any(|&c| domains[c].is_empty()) {
        return false;
    }
    let width = domains[parent][0].0.len();
    let values = |domains: &[Vec<(Vector, Vec<usize>)>], row: usize, column: usize| {
        domains[row]
            .iter()
            .map(|(v, _)| v[column].normalize())
            .collect::<HashSet<Decimal>>()
    };
    let add = |sums: &HashSet<Decimal>, values: &HashSet<Decimal>| -> Option<HashSet<Decimal>> {
        let mut out = HashSet::new();
        for s in sums {
            for v in values {
                out.insert((*s + *v).normalize());
                if out.len() > MAX_COLUMN_SUMS {
                    return None;
                }
            }
        }
        Some(out)
    };
    let mut changed = false;
    'columns: for column in 0..width {
        let parents = values(domains, parent, column);
        let own: Vec<HashSet<Decimal>> = children
            .iter()
            .map(|&c| values(domains, c, column))
            .collect();
        // before[i]: the sums of children 0..i; after[i]: of children i..
        let zero: HashSet<Decimal> = std::iter::once(Decimal::ZERO).collect();
        let mut before = vec![zero.clone()];
        for v in &own {
            match add(before.last().unwrap(), v) {
                Some(s) => before.push(s),
                None => continue 'columns,
            }
        }
        let mut after = vec![zero; own.len() + 1];
        for i in (0..own.len()).rev() {
            match add(&after[i + 1], &own[i]) {
                Some(s) => after[i] = s,
                None => continue 'columns,
            }
        }
        let all = &before[own.len()];
        let parent_ok: HashSet<Decimal> = parents.into_iter().filter(|p| all.contains(p)).collect();
        let before_len = domains[parent].len();
        domains[parent].retain(|(v, _)| parent_ok.contains(&v[column].normalize()));
        changed |= domains[parent].len() != before_len;
        for (i, &c) in children.iter().enumerate() {
            let fits = |v: &Decimal| {
                parent_ok.iter().any(|p| {
                    before[i]
                        .iter()
                        .any(|f| after[i + 1].contains(&(*p - *f - *v).normalize()))
                })
            };
            let ok: HashSet<Decimal> = own[i].iter().filter(|v| fits(v)).copied().collect();
            let before_len = domains[c].len();
            domains[c].retain(|(v, _)| ok.contains(&v[column].normalize()));
            changed |= domains[c].len() != before_len;
        }
    }
    changed
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
        || size > MAX_FAMILY_COMBINATIONS
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::text::rows::{pending_from, tokens};
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn empty_table(kind: TableKind, width: u32) -> Table {
        crate::test_support::table(kind, "", &vec![""; width as usize])
    }

    /// A row as the dump prints it: its key, label and amounts.
    fn row(key: &str, code: Option<&str>, printed: &str) -> Pending {
        let label = if code.is_some() { "" } else { key };
        let toks = tokens(&[printed.to_string()]);
        pending_from(key, code.map(str::to_string), None, label.into(), &toks, 1)
    }

    fn placed(table: &Table, key: &str) -> Vec<(u32, String)> {
        table
            .row(key)
            .unwrap()
            .cells
            .iter()
            .map(|c| (c.column, c.text.clone()))
            .collect()
    }

    fn rules(diagnostics: &[Diagnostic]) -> Vec<Rule> {
        diagnostics.iter().map(|d| d.rule).collect()
    }

    #[test]
    fn a_paired_basic_table_places_by_its_totals() {
        // one group 合计 | 人员经费 | 公用经费: a 类 printing two amounts is either part; 合计 = Σ类
        // decides, and the 款 follow their 类
        let mut table = empty_table(TableKind::BasicExpenditure, 3);
        let paired = |key: &str, printed: &str| {
            let (d, g) = key.split_once('/').unwrap();
            let mut r = row(key, Some(d), printed);
            r.government_code = Some(g.to_string());
            r
        };
        let rows = vec![
            row("合计", None, "10 8 2"),
            paired("301/501", "8 8"),
            paired("30101/50101", "8 8"),
            paired("302/502", "2 2"),
        ];
        let mut diagnostics = Vec::new();
        place_amounts(&mut table, rows, &[], &[], &[], &[], &mut diagnostics);
        assert_eq!(
            placed(&table, "301/501"),
            [(1, "8".into()), (2, "8".into())]
        );
        assert_eq!(
            placed(&table, "30101/50101"),
            [(1, "8".into()), (2, "8".into())]
        );
        assert_eq!(
            placed(&table, "302/502"),
            [(1, "2".into()), (3, "2".into())]
        );
        assert_eq!(
            table.row("30101/50101").unwrap().parent.as_deref(),
            Some("301/501")
        );
    }

    #[test]
    fn only_placements_keeping_the_row_formula_are_candidates() {
        // income: 1栏 = 2+…+7栏, so 10 must be the total and 4, 6 any two of the parts
        let amounts = [Some(d("10")), Some(d("4")), Some(d("6"))];
        let found = placements(TableKind::Income, &amounts, 1, 7);
        assert_eq!(found.len(), 15, "C(6, 2) ways to place 4 and 6");
        assert!(
            found
                .iter()
                .all(|(v, cols)| cols[0] == 1 && v[0] == d("10"))
        );
        // more amounts than columns: nowhere to put them
        assert!(placements(TableKind::GeneralBudgetExpenditure, &amounts[..], 2, 3).is_empty());
    }

    #[test]
    fn blank_cells_are_told_by_where_the_amounts_stand_under_their_numbers() {
        // state_capital: 1栏 = 2+3, so 52.98 52.98 fit [1, 2] and [1, 3] alike; the line prints
        // the second under 栏次 3
        let printed: Vec<String> = [
            "                项目                      合计        基本支出   项目支出",
            "               栏次                        1          2      3",
            "               合计                         52.98                 52.98",
            "223           国有资本经营预算支出                  52.98                 52.98",
        ]
        .map(String::from)
        .to_vec();
        let rows = vec![
            row("合计", None, "52.98 52.98"),
            row("223", Some("223"), "52.98 52.98"),
        ];
        let at = columns_as_printed(
            TableKind::StateCapital,
            &printed,
            juesuan_layout::Widths::Chars,
            &rows,
            3,
        );
        assert_eq!(at, [Some(vec![1, 3]), Some(vec![1, 3])]);
        let mut table = empty_table(TableKind::StateCapital, 3);
        let mut diagnostics = Vec::new();
        place_amounts(&mut table, rows, &[], &[], &[], &at, &mut diagnostics);
        assert_eq!(
            placed(&table, "223"),
            [(1, "52.98".into()), (3, "52.98".into())]
        );
        assert!(!rules(&diagnostics).contains(&Rule::AmbiguousColumns));
        // where -layout moved a line against the others (an amount of a column ending elsewhere
        // than the column's others), no place is known
        let mut moved = printed.clone();
        moved[3] = moved[3].replacen("  52.98", "52.98  ", 1);
        let at = columns_as_printed(
            TableKind::StateCapital,
            &moved,
            juesuan_layout::Widths::Chars,
            &[
                row("合计", None, "52.98 52.98"),
                row("223", Some("223"), "52.98 52.98"),
            ],
            3,
        );
        assert_eq!(at, [None, None]);
        // without a 栏次 line of the table's width, no place is known
        let at = columns_as_printed(
            TableKind::StateCapital,
            &printed,
            juesuan_layout::Widths::Chars,
            &[row("合计", None, "52.98 52.98")],
            4,
        );
        assert_eq!(at, [None]);
    }

    #[test]
    fn an_open_placement_is_left_out_and_said_so() {
        let mut table = empty_table(TableKind::Income, 7);
        let mut diagnostics = Vec::new();
        place_amounts(
            &mut table,
            vec![row("合计", None, "10 4 6")],
            &[],
            &[],
            &[],
            &[],
            &mut diagnostics,
        );
        assert_eq!(placed(&table, "合计"), [(1, "10".to_string())]);
        assert_eq!(rules(&diagnostics), [Rule::AmbiguousColumns]);
    }

    #[test]
    fn the_summary_already_read_places_the_income_total() {
        let mut summary = empty_table(TableKind::Summary, 2);
        for (n, (label, value)) in [
            ("一、一般公共预算财政拨款收入", "4"),
            ("二、政府性基金预算财政拨款收入", "-"),
            ("三、国有资本经营预算财政拨款收入", "-"),
            ("四、上级补助收入", "-"),
            ("五、事业收入", "6"),
            ("六、经营收入", "-"),
            ("七、附属单位上缴收入", "-"),
            ("八、其他收入", "-"),
            ("本年收入合计", "10"),
        ]
        .into_iter()
        .enumerate()
        {
            let mut r = pending_from(
                &(n + 1).to_string(),
                None,
                Some(n as u32 + 1),
                label.into(),
                &tokens(&[value.to_string()]),
                1,
            )
            .shell();
            r.cells.push(Cell {
                column: 1,
                text: value.into(),
                value: crate::normalise::amount::value(value),
                key: String::new(),
                bbox: None,
            });
            summary.rows.push(r);
        }
        let mut table = empty_table(TableKind::Income, 7);
        let mut diagnostics = Vec::new();
        let rows = vec![row("合计", None, "10 4 6")];
        place_amounts(
            &mut table,
            rows,
            &[summary],
            &[],
            &[],
            &[],
            &mut diagnostics,
        );
        assert_eq!(
            placed(&table, "合计"),
            [(1, "10".into()), (2, "4".into()), (4, "6".into())]
        );
        assert_eq!(rules(&diagnostics), [Rule::ColumnsFromIdentities]);
    }

    #[test]
    fn the_hierarchy_decides_what_each_row_leaves_open() {
        // 20801 and 20802 alone could each be 基本支出 or 项目支出; only one choice adds up to 208
        let mut table = empty_table(TableKind::GeneralBudgetExpenditure, 3);
        let rows = vec![
            row("合计", None, "10 6 4"),
            row("208", Some("208"), "10 6 4"),
            row("20801", Some("20801"), "6 6"),
            row("20802", Some("20802"), "4 4"),
        ];
        let mut diagnostics = Vec::new();
        place_amounts(&mut table, rows, &[], &[], &[], &[], &mut diagnostics);
        assert_eq!(placed(&table, "20801"), [(1, "6".into()), (2, "6".into())]);
        assert_eq!(placed(&table, "20802"), [(1, "4".into()), (3, "4".into())]);
        assert_eq!(
            rules(&diagnostics),
            [Rule::ColumnsFromIdentities, Rule::ColumnsFromIdentities]
        );
    }

    #[test]
    fn column_sums_decide_a_family_too_large_to_enumerate() {
        // seven 类 of "v v" each fit six columns: 6^7 combinations, past MAX_FAMILY_COMBINATIONS;
        // column by column, only one choice of them adds up to each of 合计's amounts
        let mut table = empty_table(TableKind::Income, 7);
        let mut rows = vec![row("合计", None, "127 3 4 8 16 32 64")];
        for (code, v) in [
            ("201", "1"),
            ("202", "2"),
            ("203", "4"),
            ("204", "8"),
            ("205", "16"),
            ("206", "32"),
            ("207", "64"),
        ] {
            rows.push(row(code, Some(code), &format!("{v} {v}")));
        }
        assert!(6usize.pow(7) > MAX_FAMILY_COMBINATIONS);
        let mut diagnostics = Vec::new();
        place_amounts(&mut table, rows, &[], &[], &[], &[], &mut diagnostics);
        for (code, v, column) in [
            ("201", "1", 2),
            ("202", "2", 2),
            ("203", "4", 3),
            ("204", "8", 4),
            ("205", "16", 5),
            ("206", "32", 6),
            ("207", "64", 7),
        ] {
            assert_eq!(placed(&table, code), [(1, v.into()), (column, v.into())]);
        }
        assert!(!rules(&diagnostics).contains(&Rule::AmbiguousColumns));
    }

    #[test]
    fn figures_stated_in_the_narrative_place_a_single_row() {
        // 三公: 1 = 2+3+6, 3 = 4+5, 7 = 8+9+12, 9 = 10+11; "4.5 4.5" alone fits many columns
        let mut table = empty_table(TableKind::ThreePublic, 12);
        let rows = vec![pending_from(
            "1",
            None,
            None,
            String::new(),
            &tokens(&["4.5 4.5".into()]),
            1,
        )];
        let stated = [(1, d("4.5")), (2, d("4.5"))];
        let mut diagnostics = Vec::new();
        place_amounts(&mut table, rows, &[], &[], &stated, &[], &mut diagnostics);
        assert_eq!(placed(&table, "1"), [(1, "4.5".into()), (2, "4.5".into())]);
    }
}
