//! Links resolved against the tables in hand: the cells an identity names, for validation to
//! check ([`instances`]) and for the text reader to place amounts by ([`pins`]).

use super::{At, ColumnOf, LINKS, Link, PARTS, RowOf};
use crate::normalise::{codes, keys};
use juesuan_model::{CellRef, Row, Table, TableKind};
use rust_decimal::Decimal;

/// The tables a link is resolved against: the first table of each kind, as the caller has them.
pub struct Tables<'a> {
    tables: Vec<&'a Table>,
}

impl<'a> Tables<'a> {
    pub fn new(tables: impl IntoIterator<Item = &'a Table>) -> Self {
        let mut kept: Vec<&Table> = Vec::new();
        for t in tables {
            if !kept.iter().any(|k| k.kind == t.kind) {
                kept.push(t);
            }
        }
        Tables { tables: kept }
    }

    pub fn get(&self, kind: TableKind) -> Option<&'a Table> {
        self.tables.iter().find(|t| t.kind == kind).copied()
    }
}

/// The column of a key where the table names its columns; else the standard 栏次.
pub fn keyed_column(table: &Table, key: &str, standard: u32) -> u32 {
    table
        .columns
        .iter()
        .find(|c| c.key == key)
        .map_or(standard, |c| c.number)
}

impl ColumnOf {
    /// The column in this table; None where the table lists its columns and this is not one.
    fn in_table(self, table: &Table) -> Option<u32> {
        let number = match self {
            ColumnOf::Number(n) => n,
            ColumnOf::Key(key, standard) => keyed_column(table, key, standard),
        };
        // a link to a column the table does not print (a one-column 预算 fiscal summary) is no link
        (table.columns.is_empty() || table.columns.iter().any(|c| c.number == number))
            .then_some(number)
    }
}

impl RowOf {
    /// Whether a row (its key and label) is the one named: None if not; for [`RowOf::EachLei`],
    /// the 类 the row stands for.
    fn names(self, kind: TableKind, key: &str, label: &str) -> Option<Option<String>> {
        match self {
            RowOf::Key(k) => (key == k).then_some(None),
            RowOf::LabelContains(w) => label.contains(w).then_some(None),
            RowOf::LabelEndsWith(w) => label.ends_with(w).then_some(None),
            RowOf::EachLei => {
                let lei = match kind {
                    TableKind::Summary | TableKind::FiscalSummary => {
                        keys::line_of_label(kind, label)?
                    }
                    _ => key,
                };
                codes::is_lei(lei).then(|| Some(lei.to_string()))
            }
        }
    }

    /// The key of the row named in a table (for [`RowOf::EachLei`], the row of the 类 `lei`);
    /// None where the table has no such row, so that the link does not apply to it.
    ///
    /// In a table printing a department and its units, links speak of the department as a
    /// whole: its first entity's rows (the department's own total). Its 类 are printed only per
    /// unit, so a link per 类 does not apply to it.
    fn key_in(self, table: &Table, lei: Option<&str>) -> Option<(String, String)> {
        let entities = table.entities();
        if entities.len() > 1 && lei.is_some() {
            return None;
        }
        let top = entities.first().copied().unwrap_or_default();
        let named = |r: &&Row| {
            let label = if r.is_entity_total() {
                "合计"
            } else {
                &r.label
            };
            r.entity == top
                && match (self.names(table.kind, &r.key, label), lei) {
                    (Some(Some(found)), Some(lei)) => found == lei,
                    (Some(_), None) => true,
                    _ => false,
                }
        };
        match table.rows.iter().find(named) {
            Some(row) => Some((row.entity.clone(), row.key.clone())),
            // a 类 a coded table prints no row for has nothing in it: its key reads as zero
            None if table.kind.is_coded() => lei.map(|l| (top.to_string(), l.to_string())),
            None => None,
        }
    }
}

/// One cell of an instantiated link.
fn cell_ref(table: &Table, at: At, lei: Option<&str>) -> Option<CellRef> {
    let (entity, row) = at.row.key_in(table, lei)?;
    let mut cell = CellRef::cell(table.kind, &row, at.column.in_table(table)?);
    cell.entity = entity;
    Some(cell)
}

/// The identities a link states between the tables in hand: one, or one per 类 for a link
/// over [`RowOf::EachLei`]; none where a table, row or column it names is not there.
pub fn instances(link: &Link, tables: &Tables) -> Vec<(CellRef, Vec<CellRef>)> {
    if !(link.applies)(tables) {
        return vec![];
    }
    let Some(lhs_table) = tables.get(link.lhs.kind) else {
        return vec![];
    };
    let leis: Vec<Option<String>> = match link.lhs.row {
        RowOf::EachLei => lhs_table
            .rows
            .iter()
            .filter_map(|r| {
                link.lhs
                    .row
                    .names(lhs_table.kind, &r.key, &r.label)
                    .flatten()
            })
            .map(Some)
            .collect(),
        _ => vec![None],
    };
    leis.iter()
        .filter_map(|lei| {
            let lei = lei.as_deref();
            let lhs = cell_ref(lhs_table, link.lhs, lei)?;
            let terms = link
                .terms
                .iter()
                .map(|t| cell_ref(tables.get(t.kind)?, *t, lei))
                .collect::<Option<Vec<_>>>()?;
            Some((lhs, terms))
        })
        .collect()
}

/// The value of a cell: among the rows with its key, the one printing its column (keys are
/// unique per half: "总计" may head both the income and the expenditure half); blank, "-" and a
/// row not printed read as zero.
pub fn cell_value(table: &Table, entity: &str, row: &str, column: u32) -> Decimal {
    let mut same_key = table
        .rows
        .iter()
        .filter(|r| r.key == row && r.entity == entity);
    same_key
        .clone()
        .find(|r| r.cells.iter().any(|c| c.column == column))
        .or_else(|| same_key.next())
        .and_then(|r| r.value(column))
        .unwrap_or(Decimal::ZERO)
}

/// A value a link or a part fixes for a cell of a table being placed.
#[derive(Clone, Debug, PartialEq)]
pub struct Pin {
    /// Index of the row in the table being placed.
    pub row: usize,
    pub column: u32,
    pub value: Decimal,
    /// The cell is at least `value` (a [`Part`]), rather than equal to it.
    pub at_least: bool,
}

/// What the links and parts fix of a table being placed (its columns, and its rows' keys and
/// labels, but no amounts yet), from the tables already read: for each link in which exactly one
/// cell is in this table and every other is in a table read, that cell is the rest's sum.
/// `undecided`: rows of the tables read whose amounts were left out (a cell missing there is
/// unknown, not zero), which fix nothing.
pub fn pins(current: &Table, read: &[Table], undecided: &[(TableKind, String)]) -> Vec<Pin> {
    let tables = Tables::new(std::iter::once(current).chain(read));
    let kind = current.kind;
    let mut out = Vec::new();
    for link in LINKS {
        let ats: Vec<(bool, &At)> = std::iter::once((true, &link.lhs))
            .chain(link.terms.iter().map(|t| (false, t)))
            .collect();
        let here: Vec<usize> = (0..ats.len()).filter(|&i| ats[i].1.kind == kind).collect();
        let [unknown] = here[..] else { continue };
        if ats
            .iter()
            .any(|(_, at)| at.kind != kind && !read.iter().any(|t| t.kind == at.kind))
        {
            continue;
        }
        for (lhs, terms) in instances(link, &tables) {
            let cells: Vec<&CellRef> = std::iter::once(&lhs).chain(&terms).collect();
            let Some(row) = current
                .rows
                .iter()
                .position(|r| r.key == cells[unknown].row)
            else {
                continue;
            };
            let Some(column) = cells[unknown].column else {
                continue;
            };
            if cells.iter().enumerate().any(|(i, c)| {
                i != unknown && undecided.iter().any(|(k, r)| *k == c.table && *r == c.row)
            }) {
                continue;
            }
            let known = |i: usize| {
                let c = cells[i];
                match (tables.get(c.table), c.column) {
                    (Some(t), Some(column)) => cell_value(t, &c.entity, &c.row, column),
                    _ => Decimal::ZERO,
                }
            };
            let terms_sum: Decimal = (1..cells.len()).filter(|&i| i != unknown).map(known).sum();
            let value = if ats[unknown].0 {
                terms_sum
            } else {
                known(0) - terms_sum
            };
            out.push(Pin {
                row,
                column,
                value,
                at_least: false,
            });
        }
    }
    for part in PARTS.iter().filter(|p| p.whole == kind) {
        let Some(part_table) = read.iter().find(|t| t.kind == part.part) else {
            continue;
        };
        // (a table read positionally names its columns by their headings, not yet by keys)
        let part_table = keyed(part_table);
        for (i, row) in current.rows.iter().enumerate() {
            let Some(part_row) = part_table.rows.iter().find(|r| r.key == row.key) else {
                continue;
            };
            if undecided
                .iter()
                .any(|(k, r)| *k == part_table.kind && *r == part_row.key)
            {
                continue;
            }
            for &column in part.columns {
                let (Some(whole_column), Some(part_column)) =
                    (column.in_table(current), column.in_table(&part_table))
                else {
                    continue;
                };
                out.push(Pin {
                    row: i,
                    column: whole_column,
                    value: part_row.value(part_column).unwrap_or(Decimal::ZERO),
                    at_least: true,
                });
            }
        }
    }
    out
}

/// The table with its columns keyed by their headings where it names them but carries no keys
/// yet (a table read positionally, before `normalise`), else as it is.
fn keyed(table: &Table) -> std::borrow::Cow<'_, Table> {
    if table
        .columns
        .iter()
        .any(|c| c.key.is_empty() && !c.header.is_empty())
    {
        let mut keyed = table.clone();
        // (keyed by its headings alone, as `normalise` keys a table before reading its rows)
        let rows = std::mem::take(&mut keyed.rows);
        crate::normalise::keys::assign(&mut keyed, None, &mut Vec::new());
        keyed.rows = rows;
        std::borrow::Cow::Owned(keyed)
    } else {
        std::borrow::Cow::Borrowed(table)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use juesuan_model::{AmountUnit, Cell};
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    type Printed<'a> = (&'a str, &'a str, &'a [(u32, &'a str)]);

    /// A table of (key, label, [(column, value)]) rows.
    fn table(kind: TableKind, rows: &[Printed]) -> Table {
        Table {
            kind,
            title: String::new(),
            unit: AmountUnit::WanYuan,
            pages: vec![],
            empty: false,
            columns: vec![],
            rows: rows
                .iter()
                .map(|(key, label, cells)| Row {
                    key: key.to_string(),
                    label: label.to_string(),
                    page: 1,
                    cells: cells
                        .iter()
                        .map(|(column, v)| Cell {
                            column: *column,
                            text: v.to_string(),
                            value: Some(d(v)),
                            key: String::new(),
                            bbox: None,
                        })
                        .collect(),
                    ..Default::default()
                })
                .collect(),
            notes: vec![],
        }
    }

    #[test]
    fn each_lei_line_of_fiscal_summary_is_pinned_by_the_fund_tables_read() {
        let fiscal = table(
            TableKind::FiscalSummary,
            &[
                ("31", "八、社会保障和就业支出", &[]),
                ("32", "本年支出合计", &[]),
            ],
        );
        let gbe = table(
            TableKind::GeneralBudgetExpenditure,
            &[("合计", "合计", &[(1, "50")]), ("208", "", &[(1, "50")])],
        );
        // a fund table read with no 208 row: nothing in 208
        let fund = table(TableKind::GovernmentFund, &[]);
        let mut pins = super::pins(&fiscal, &[gbe, fund], &[]);
        pins.sort_by_key(|p| (p.row, p.column));
        let got: Vec<(usize, u32, Decimal)> =
            pins.iter().map(|p| (p.row, p.column, p.value)).collect();
        // 208 line: 3栏 from general_budget_expenditure, 4栏 zero; no 5栏 (state_capital not read);
        // 本年支出合计 3栏 = general_budget_expenditure 合计
        assert_eq!(got, [(0, 3, d("50")), (0, 4, d("0")), (1, 3, d("50"))]);
    }

    #[test]
    fn a_row_whose_amounts_were_left_out_fixes_nothing() {
        let fiscal = table(
            TableKind::FiscalSummary,
            &[("31", "八、社会保障和就业支出", &[])],
        );
        // 208's 1栏 left out undecided: missing, not zero
        let gbe = table(
            TableKind::GeneralBudgetExpenditure,
            &[("208", "", &[(2, "50")])],
        );
        let undecided = [(TableKind::GeneralBudgetExpenditure, "208".to_string())];
        assert!(super::pins(&fiscal, std::slice::from_ref(&gbe), &undecided).is_empty());
        let pinned = super::pins(&fiscal, &[gbe], &[]);
        assert_eq!(pinned.len(), 1);
        assert_eq!(pinned[0].value, d("0"));
    }

    #[test]
    fn a_part_bounds_the_whole_from_below() {
        let expenditure = table(
            TableKind::Expenditure,
            &[("208", "", &[]), ("209", "", &[])],
        );
        let gbe = table(
            TableKind::GeneralBudgetExpenditure,
            &[("208", "", &[(1, "7"), (2, "5")])],
        );
        let pins = super::pins(&expenditure, &[gbe], &[]);
        let floors: Vec<(usize, u32, Decimal, bool)> = pins
            .iter()
            .map(|p| (p.row, p.column, p.value, p.at_least))
            .collect();
        assert_eq!(
            floors,
            [
                (0, 1, d("7"), true),
                (0, 2, d("5"), true),
                (0, 3, d("0"), true)
            ]
        );
    }

    #[test]
    fn a_part_printing_last_year_first_bounds_the_whole_by_its_keyed_columns() {
        let expenditure = table(TableKind::Expenditure, &[("208", "", &[])]);
        // a 预算 layout: 2024年预算数 | 合计 | 基本支出 | 项目支出 | 增减额, named by headings only
        let mut gbe = table(
            TableKind::GeneralBudgetExpenditure,
            &[(
                "208",
                "",
                &[(1, "9"), (2, "7"), (3, "5"), (4, "2"), (5, "-2")],
            )],
        );
        gbe.columns = [
            "2024年预算数",
            "合计",
            "2025年预算数基本支出",
            "项目支出",
            "增减额",
        ]
        .iter()
        .zip(1..)
        .map(|(header, number)| juesuan_model::Column {
            number,
            header: header.to_string(),
            key: String::new(),
            year: None,
        })
        .collect();
        let floors: Vec<(u32, Decimal)> = super::pins(&expenditure, &[gbe], &[])
            .iter()
            .map(|p| (p.column, p.value))
            .collect();
        // this year's 合计, 基本支出, 项目支出, not last year's total
        assert_eq!(floors, [(1, d("7")), (2, d("5")), (3, d("2"))]);
    }

    #[test]
    fn a_link_needs_every_table_row_and_column_it_names() {
        let summary = table(TableKind::Summary, &[("1", "本年收入合计", &[(1, "10")])]);
        let income = table(TableKind::Income, &[("合计", "合计", &[(1, "10")])]);
        let tables = Tables::new([&summary, &income]);
        let income_total = &LINKS[1];
        assert_eq!(
            income_total.what,
            "summary 本年收入合计 = income 合计 (1栏)"
        );
        assert_eq!(instances(income_total, &tables).len(), 1);
        // no 合计 row: no link (rather than a link to zero)
        let no_total = table(TableKind::Income, &[("208", "", &[(1, "10")])]);
        assert!(instances(income_total, &Tables::new([&summary, &no_total])).is_empty());
        // a table listing its columns without the one named: no link
        let mut one_column = summary.clone();
        one_column.columns = vec![juesuan_model::Column {
            number: 2,
            header: String::new(),
            key: String::new(),
            year: None,
        }];
        assert!(instances(income_total, &Tables::new([&one_column, &income])).is_empty());
    }
}
