//! The identities the national template states, as data: each table's column formulas (by 栏次
//! and by column key), and the links between tables. Validation checks them; the text reader
//! places a dump's amounts by them.

mod resolve;

use crate::normalise::codes;
use juesuan_model::{Table, TableKind};

pub(in crate::validate) use resolve::instances;
pub use resolve::{Tables, cell_value, pins};

/// A government table's printed percentages checked against the amounts they are of (`GOV_PERCENT`,
/// see `validate::government::percentages`): what proves the headings text rebuilt over a
/// government table's columns (see `read::text::government::restack_headings`).
pub fn government_percentages(table: &Table) -> Vec<juesuan_model::Diagnostic> {
    let mut out = Vec::new();
    super::government::percentages(table, &mut out);
    out
}

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
        TableKind::GeneralBudgetExpenditure
        | TableKind::StateCapital
        | TableKind::GeneralBudgetExpenditureEconomic
        | TableKind::FiscalExpenditure => Some(("total", &["basic", "project"])),
        TableKind::BasicExpenditure | TableKind::FiscalBasicExpenditure => {
            Some(("total", &["personnel", "public"]))
        }
        TableKind::BasicExpenditureBySource => Some((
            "total",
            &[
                "general_budget",
                "government_fund",
                "state_capital",
                "special_account",
                "own_funds",
                "other",
            ],
        )),
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

/// The row sums of a table printed with other columns than the standard ones (a 预算 layout,
/// year comparisons), by column key, as (lhs, signed terms) over its column numbers: per year
/// (`prior_year.` columns sum among themselves), and only when every other column of that year
/// is a known part, so that no unknown column is left out of a sum. A change column is this
/// year's total less last year's.
pub fn keyed_row_sum_formulas(table: &Table) -> Vec<(u32, Vec<i32>)> {
    let Some((total, parts)) = keyed_parts(table.kind) else {
        return Vec::new();
    };
    let number = |key: &str| {
        table
            .columns
            .iter()
            .find(|c| c.key == key)
            .map(|c| c.number)
    };
    let mut formulas: Vec<(u32, Vec<i32>)> = Vec::new();
    for prefix in ["", "prior_year."] {
        let Some(lhs) = number(&format!("{prefix}{total}")) else {
            continue;
        };
        let others: Vec<&str> = table
            .columns
            .iter()
            .filter(|c| c.number != lhs)
            .filter_map(|c| c.key.strip_prefix(prefix))
            .filter(|key| {
                prefix == "prior_year."
                    || !(key.starts_with("prior_year.") || key.starts_with("change."))
            })
            .collect();
        if others.is_empty() || !others.iter().all(|key| parts.contains(key)) {
            continue;
        }
        let terms = others
            .iter()
            .filter_map(|key| number(&format!("{prefix}{key}")))
            .map(|n| n as i32)
            .collect();
        formulas.push((lhs, terms));
    }
    if let (Some(change), Some(now), Some(before)) = (
        number("change.total"),
        number(total),
        number(&format!("prior_year.{total}")),
    ) {
        formulas.push((change, vec![now as i32, -(before as i32)]));
    }
    formulas
}

/// 三公 by canonical keys, the same for the 12-column, paired and two-row layouts, on each side
/// (`budget.`, `actual.`): total = abroad + vehicle + reception, vehicle = purchase + operation.
pub const THREE_PUBLIC_PARTS: [(&str, &[&str]); 2] = [
    ("total", &["abroad", "vehicle", "reception"]),
    ("vehicle", &["vehicle_purchase", "vehicle_operation"]),
];

/// Which row of a table a link names.
#[derive(Clone, Copy, Debug)]
pub enum RowOf {
    /// The row keyed so ("合计", "人员经费合计").
    Key(&'static str),
    /// The first row whose label contains the words ("本年收入合计").
    LabelContains(&'static str),
    /// The first row whose label ends with the words ("收入总计", "上级补助收入").
    LabelEndsWith(&'static str),
    /// Each 功能分类 类, one link per 类: in a summary table, the expenditure line that stands
    /// for it ("八、社会保障和就业支出" → 208); elsewhere the row keyed by its code, where a table
    /// that prints no row for a 类 has nothing in it (zero).
    EachLei,
}

/// Which column of a table a link names.
#[derive(Clone, Copy, Debug)]
pub enum ColumnOf {
    /// This 栏次 in every layout.
    Number(u32),
    /// The column carrying the key where the table names its columns (a 预算 may print last
    /// year's total first), else this standard 栏次.
    Key(&'static str, u32),
}

/// One cell of a link.
#[derive(Clone, Copy, Debug)]
pub struct At {
    pub kind: TableKind,
    pub row: RowOf,
    pub column: ColumnOf,
}

const fn at(kind: TableKind, row: RowOf, column: ColumnOf) -> At {
    At { kind, row, column }
}

/// An identity between tables: `lhs = Σ terms`, in the layouts `applies` accepts.
pub struct Link {
    /// What the identity says, as the diagnostic's message starts.
    pub what: &'static str,
    pub lhs: At,
    pub terms: &'static [At],
    /// Whether the tables in hand are the layout the link is written for.
    pub applies: fn(&Tables) -> bool,
    /// Whether validation reports it (`CROSS_TABLE`). Links that only the text reader uses to
    /// place a dump's amounts are not reported yet: doing so adds diagnostics to every document.
    pub checked: bool,
}

/// Every row of `part` is a part of the row with the same key in `whole`: its cell in each of
/// `columns` (in each table, the column carrying the key where it names its columns) is at most
/// the whole's. Not an identity (nothing says by how much), but it narrows where a dump's
/// amounts can go.
pub struct Part {
    pub whole: TableKind,
    pub part: TableKind,
    pub columns: &'static [ColumnOf],
}

use ColumnOf::{Key as Keyed, Number};
use RowOf::{EachLei, Key, LabelContains, LabelEndsWith};
use TableKind::{
    BasicExpenditure as Basic, Expenditure, FiscalSummary as Fiscal,
    GeneralBudgetExpenditure as Gbe, GovernmentFund, Income, StateCapital, Summary,
};

const INCOME_TOTAL: At = at(Income, Key("合计"), Keyed("total", 1));
const EXPENDITURE_TOTAL: At = at(Expenditure, Key("合计"), Keyed("total", 1));
const GBE_TOTAL: At = at(Gbe, Key("合计"), Keyed("total", 1));
const GBE_BASIC: At = at(Gbe, Key("合计"), Keyed("basic", 2));

/// The links between the tables of a 决算, in the order validation reports them.
pub const LINKS: &[Link] = &[
    // a 预算 income table with a 上年结转 column totals to 收入总计, not to 本年收入合计
    Link {
        what: "summary 收入总计 = income 合计 (1栏, with 上年结转)",
        lhs: at(Summary, LabelEndsWith("收入总计"), Number(1)),
        terms: &[INCOME_TOTAL],
        applies: |t| counts_carry_over(t.get(Income)),
        checked: true,
    },
    Link {
        what: "summary 本年收入合计 = income 合计 (1栏)",
        lhs: at(Summary, LabelContains("本年收入合计"), Number(1)),
        terms: &[INCOME_TOTAL],
        applies: |t| !counts_carry_over(t.get(Income)),
        checked: true,
    },
    // likewise an expenditure table by source of funds with a 上年结转 column totals to 支出总计
    Link {
        what: "summary 本年支出合计 (支出总计 where the table counts 上年结转) = expenditure 合计 (1栏)",
        lhs: at(Summary, LabelEndsWith("支出总计"), Number(2)),
        terms: &[EXPENDITURE_TOTAL],
        applies: |t| counts_carry_over(t.get(Expenditure)),
        checked: true,
    },
    Link {
        what: "summary 本年支出合计 (支出总计 where the table counts 上年结转) = expenditure 合计 (1栏)",
        lhs: at(Summary, LabelContains("本年支出合计"), Number(2)),
        terms: &[EXPENDITURE_TOTAL],
        applies: |t| !counts_carry_over(t.get(Expenditure)),
        checked: true,
    },
    // 财政拨款收入 by its key, or at 2栏 where the table prints the standard columns
    Link {
        what: "income 合计 财政拨款收入 (2栏) = fiscal_summary 本年收入合计",
        lhs: at(Income, Key("合计"), Keyed("fiscal", 2)),
        terms: &[at(Fiscal, LabelContains("本年收入合计"), Number(1))],
        applies: |t| t.get(Income).is_some_and(knows_fiscal_column),
        checked: true,
    },
    Link {
        what: "fiscal_summary 本年支出合计 一般公共预算 (3栏) = general_budget_expenditure 合计",
        lhs: at(
            Fiscal,
            LabelContains("本年支出合计"),
            Keyed("general_budget", 3),
        ),
        terms: &[GBE_TOTAL],
        applies: |_| true,
        checked: true,
    },
    // a 预算 basic table with 合计 | 人员经费 | 公用经费 columns and a 合计 row
    Link {
        what: "general_budget_expenditure 合计 基本支出 = basic_expenditure 合计",
        lhs: GBE_BASIC,
        terms: &[at(Basic, Key("合计"), Keyed("total", 1))],
        applies: |t| {
            t.get(Basic).is_some_and(|b| {
                b.row("人员经费合计").is_none() && b.columns.iter().any(|c| c.key == "total")
            })
        },
        checked: true,
    },
    Link {
        what: "general_budget_expenditure 合计 基本支出 (2栏) = 人员经费合计 + 公用经费合计",
        lhs: GBE_BASIC,
        terms: &[
            at(Basic, Key("人员经费合计"), Number(1)),
            at(Basic, Key("公用经费合计"), Number(1)),
        ],
        applies: |_| true,
        checked: true,
    },
    // the summary's income lines are the income table's 合计 by source
    Link {
        what: "income 合计 财政拨款收入 = summary 财政拨款收入 lines",
        lhs: at(Income, Key("合计"), Keyed("fiscal", 2)),
        terms: &[
            at(
                Summary,
                LabelEndsWith("一般公共预算财政拨款收入"),
                Number(1),
            ),
            at(
                Summary,
                LabelEndsWith("政府性基金预算财政拨款收入"),
                Number(1),
            ),
            at(
                Summary,
                LabelEndsWith("国有资本经营预算财政拨款收入"),
                Number(1),
            ),
        ],
        applies: |_| true,
        checked: false,
    },
    Link {
        what: "income 合计 上级补助收入 = summary 上级补助收入",
        lhs: at(Income, Key("合计"), Keyed("higher_level_subsidy", 3)),
        terms: &[at(Summary, LabelEndsWith("上级补助收入"), Number(1))],
        applies: |_| true,
        checked: false,
    },
    Link {
        what: "income 合计 事业收入 = summary 事业收入",
        lhs: at(Income, Key("合计"), Keyed("business", 4)),
        terms: &[at(Summary, LabelEndsWith("事业收入"), Number(1))],
        applies: |_| true,
        checked: false,
    },
    Link {
        what: "income 合计 经营收入 = summary 经营收入",
        lhs: at(Income, Key("合计"), Keyed("operating", 5)),
        terms: &[at(Summary, LabelEndsWith("经营收入"), Number(1))],
        applies: |_| true,
        checked: false,
    },
    Link {
        what: "income 合计 附属单位上缴收入 = summary 附属单位上缴收入",
        lhs: at(Income, Key("合计"), Keyed("subordinate_remittance", 6)),
        terms: &[at(Summary, LabelEndsWith("附属单位上缴收入"), Number(1))],
        applies: |_| true,
        checked: false,
    },
    Link {
        what: "income 合计 其他收入 = summary 其他收入",
        lhs: at(Income, Key("合计"), Keyed("other", 7)),
        terms: &[at(Summary, LabelEndsWith("其他收入"), Number(1))],
        applies: |_| true,
        checked: false,
    },
    // fiscal_summary's expenditure line of each 类, by fund, is that 类 in the fund's table
    Link {
        what: "fiscal_summary 类 line 一般公共预算 = general_budget_expenditure 类",
        lhs: at(Fiscal, EachLei, Keyed("general_budget", 3)),
        terms: &[at(Gbe, EachLei, Keyed("total", 1))],
        applies: |_| true,
        checked: false,
    },
    Link {
        what: "fiscal_summary 类 line 政府性基金预算 = government_fund 类",
        lhs: at(Fiscal, EachLei, Keyed("government_fund", 4)),
        terms: &[at(GovernmentFund, EachLei, Keyed("expenditure.total", 3))],
        applies: |_| true,
        checked: false,
    },
    Link {
        what: "fiscal_summary 类 line 国有资本经营预算 = state_capital 类",
        lhs: at(Fiscal, EachLei, Keyed("state_capital", 5)),
        terms: &[at(StateCapital, EachLei, Keyed("total", 1))],
        applies: |_| true,
        checked: false,
    },
];

/// Tables whose rows are parts of another's.
pub const PARTS: &[Part] = &[Part {
    // every expenditure cell is at least its 一般公共预算 part
    whole: Expenditure,
    part: Gbe,
    columns: &[Keyed("total", 1), Keyed("basic", 2), Keyed("project", 3)],
}];

/// Whether a table counts 上年结转 among its columns (a 预算 layout totalling to 收入总计/支出总计).
fn counts_carry_over(table: Option<&Table>) -> bool {
    table.is_some_and(|t| {
        t.columns
            .iter()
            .any(|c| c.header.contains("上年结转") || c.header.contains("上年结余"))
    })
}

/// Whether the income table's 财政拨款收入 column is known: by its key, or because the table
/// prints the standard columns.
fn knows_fiscal_column(income: &Table) -> bool {
    let standard =
        Some(codes::standard_width(Income)) == super::amount_columns(income).last().copied();
    standard || income.columns.iter().any(|c| c.key == "fiscal")
}
