//! The typed report model: what juesuan knows about one report, independent of where it came from.
//!
//! No I/O and no PDF dependency (the csv/csv-core split): exports, tests and bindings can use these
//! types alone. Amounts are [`Decimal`]s, exact to the printed digit, and always carry their unit.
//!
//! The JSON document (`<input>.json` of `juesuan extract`, e.g. `u01.pdf.json`) is [`Document`] serialised with serde;
//! the tidy facts (`facts.jsonl`) are [`Fact`]s, the lines of `manifest.jsonl` [`ManifestLine`]s.
//! Fields may be added; none is removed or renamed.

mod narrative;
mod performance;
mod rule;
pub use narrative::*;
pub use performance::*;

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

mod outputs;
pub use outputs::{DocumentLine, ManifestLine, Status, document_line_schema, manifest_schema};
pub use rule::Rule;

/// Version of the JSON document format; bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// The canonical table kinds. The key (`as_str`) is what every output uses.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    /// 收入支出决算总表: 行次 lines, income (栏次 1) and expenditure (栏次 2) halves.
    Summary,
    /// 收入决算表: 功能分类 rows, 栏次 1–7.
    Income,
    /// 支出决算表: 功能分类 rows, 栏次 1–6.
    Expenditure,
    /// 财政拨款收入支出决算总表: 行次 lines, income 栏次 1, expenditure 栏次 2–5.
    FiscalSummary,
    /// 一般公共预算财政拨款支出决算表: 功能分类 rows, 栏次 1–3.
    GeneralBudgetExpenditure,
    /// 一般公共预算财政拨款基本支出决算表: 经济分类 rows; each group's amount column is 1.
    BasicExpenditure,
    /// "三公"经费支出决算表: one data row "1", 栏次 1–12 (预算数 1–6, 决算数 7–12).
    ThreePublic,
    /// 政府性基金预算财政拨款收入支出决算表.
    GovernmentFund,
    /// 国有资本经营预算财政拨款支出决算表.
    StateCapital,
    /// 基本支出 by 经济分类 with its funding sources as columns (财政拨款, 财政专户管理资金, 单位资金 …):
    /// 烟台's 基本支出预算情况表, 深圳's 基本支出总表, 广州's 部门预算基本支出预算表. Another view
    /// than `basic_expenditure` (一般公共预算 only), so never keyed as it.
    BasicExpenditureBySource,
    /// 一般公共预算支出 by 经济分类 with 基本支出 and 项目支出 columns (深圳 表8).
    GeneralBudgetExpenditureEconomic,
    /// 财政拨款支出 (all 财政拨款, not only 一般公共预算) by 功能分类 (江苏 公开05表).
    FiscalExpenditure,
    /// 财政拨款基本支出 by 经济分类 (江苏 公开06表).
    FiscalBasicExpenditure,
    /// A government-wide report's 地方政府一般债务余额情况表 (财政部 template 表1-1): lines from
    /// the year-end balance before to the limit after, 预算数 and 执行数/决算数.
    GovDebtGeneral,
    /// A government-wide report's 地方政府专项债务余额情况表 (表1-2).
    GovDebtSpecial,
    /// A government-wide report's 一般公共预算收入 table (决算表, 执行情况表, 预算表): 税收收入 and
    /// its taxes, 非税收入 and its items, the total; lines `tax.*`, `non_tax.*`, `total`.
    GovGeneralRevenue,
    /// A government-wide report's 一般公共预算支出 table by 功能分类 类 (lines are the 类 codes).
    GovGeneralExpenditure,
    /// A government-wide report's 一般公共预算支出功能分类 table: 类, 款 and 项 by printed code.
    GovGeneralExpenditureFunction,
    /// A government-wide report's 一般公共预算 (基本) 支出 by 经济分类 (printed codes 501…, 301…).
    GovGeneralExpenditureEconomic,
    /// A government-wide report's 政府性基金 (预算) 收入 table: the funds' revenues and the total.
    GovFundRevenue,
    /// A government-wide report's 政府性基金 (预算) 支出 table, by 功能分类.
    GovFundExpenditure,
    /// A government-wide report's 国有资本经营 (预算) 收入 table.
    GovStateCapitalRevenue,
    /// A government-wide report's 国有资本经营 (预算) 支出 table, by 功能分类.
    GovStateCapitalExpenditure,
    /// A government-wide report's 社会保险基金 (预算) 收入 table: the funds as columns (合计,
    /// 企业职工基本养老保险基金 …) or as sections of rows.
    GovSocialInsuranceRevenue,
    /// A government-wide report's 社会保险基金 (预算) 支出 table.
    GovSocialInsuranceExpenditure,
    /// A government-wide report's 地方政府债务限额及余额情况表 by region: rows the regions, columns
    /// 限额 and 余额, each 合计 = 一般债务 + 专项债务 (A=B+C, D=E+F).
    GovDebtByRegion,
}

impl TableKind {
    /// Every kind juesuan knows. Kinds added for other tables (绩效, government-wide reports) go
    /// here and not in [`TableKind::REQUIRED`].
    pub const ALL: [TableKind; 26] = [
        TableKind::Summary,
        TableKind::Income,
        TableKind::Expenditure,
        TableKind::FiscalSummary,
        TableKind::GeneralBudgetExpenditure,
        TableKind::BasicExpenditure,
        TableKind::ThreePublic,
        TableKind::GovernmentFund,
        TableKind::StateCapital,
        TableKind::BasicExpenditureBySource,
        TableKind::GeneralBudgetExpenditureEconomic,
        TableKind::FiscalExpenditure,
        TableKind::FiscalBasicExpenditure,
        TableKind::GovDebtGeneral,
        TableKind::GovDebtSpecial,
        TableKind::GovGeneralRevenue,
        TableKind::GovGeneralExpenditure,
        TableKind::GovGeneralExpenditureFunction,
        TableKind::GovGeneralExpenditureEconomic,
        TableKind::GovFundRevenue,
        TableKind::GovFundExpenditure,
        TableKind::GovStateCapitalRevenue,
        TableKind::GovStateCapitalExpenditure,
        TableKind::GovSocialInsuranceRevenue,
        TableKind::GovSocialInsuranceExpenditure,
        TableKind::GovDebtByRegion,
    ];

    /// The nine tables the national template has every 决算 publish: `MISSING_TABLE` names those
    /// a report lacks (a warning for a 决算, info for a 预算, whose template allows fewer).
    pub const REQUIRED: [TableKind; 9] = [
        TableKind::Summary,
        TableKind::Income,
        TableKind::Expenditure,
        TableKind::FiscalSummary,
        TableKind::GeneralBudgetExpenditure,
        TableKind::BasicExpenditure,
        TableKind::ThreePublic,
        TableKind::GovernmentFund,
        TableKind::StateCapital,
    ];

    /// Whether the kind's rows are keyed by a classification code (功能分类 or 经济分类), as
    /// opposed to the summary tables' 行次 lines and the single row of 三公.
    pub fn is_coded(self) -> bool {
        !matches!(
            self,
            TableKind::Summary | TableKind::FiscalSummary | TableKind::ThreePublic
        ) && !self.is_government()
    }

    /// Whether the kind is a government-wide report's (never a department's): the `gov_*` kinds.
    pub fn is_government(self) -> bool {
        self.as_str().starts_with("gov_")
    }

    /// Whether the kind is a government debt balance table (表1-1, 表1-2).
    pub fn is_government_debt(self) -> bool {
        matches!(self, TableKind::GovDebtGeneral | TableKind::GovDebtSpecial)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TableKind::Summary => "summary",
            TableKind::Income => "income",
            TableKind::Expenditure => "expenditure",
            TableKind::FiscalSummary => "fiscal_summary",
            TableKind::GeneralBudgetExpenditure => "general_budget_expenditure",
            TableKind::BasicExpenditure => "basic_expenditure",
            TableKind::ThreePublic => "three_public",
            TableKind::GovernmentFund => "government_fund",
            TableKind::StateCapital => "state_capital",
            TableKind::BasicExpenditureBySource => "basic_expenditure_by_source",
            TableKind::GeneralBudgetExpenditureEconomic => "general_budget_expenditure_economic",
            TableKind::FiscalExpenditure => "fiscal_expenditure",
            TableKind::FiscalBasicExpenditure => "fiscal_basic_expenditure",
            TableKind::GovDebtGeneral => "gov_debt_general",
            TableKind::GovDebtSpecial => "gov_debt_special",
            TableKind::GovGeneralRevenue => "gov_general_revenue",
            TableKind::GovGeneralExpenditure => "gov_general_expenditure",
            TableKind::GovGeneralExpenditureFunction => "gov_general_expenditure_function",
            TableKind::GovGeneralExpenditureEconomic => "gov_general_expenditure_economic",
            TableKind::GovFundRevenue => "gov_fund_revenue",
            TableKind::GovFundExpenditure => "gov_fund_expenditure",
            TableKind::GovStateCapitalRevenue => "gov_state_capital_revenue",
            TableKind::GovStateCapitalExpenditure => "gov_state_capital_expenditure",
            TableKind::GovSocialInsuranceRevenue => "gov_social_insurance_revenue",
            TableKind::GovSocialInsuranceExpenditure => "gov_social_insurance_expenditure",
            TableKind::GovDebtByRegion => "gov_debt_by_region",
        }
    }
}

/// The unit every amount of a table is printed in. Nothing is ever converted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum AmountUnit {
    #[serde(rename = "万元")]
    WanYuan,
    #[serde(rename = "元")]
    Yuan,
    /// Government-wide reports' debt tables.
    #[serde(rename = "亿元")]
    YiYuan,
    /// A percentage column of a government-wide table (为预算%, 比上年增长%): the printed number,
    /// without its % sign.
    #[serde(rename = "%")]
    Percent,
}

impl AmountUnit {
    pub fn as_str(self) -> &'static str {
        match self {
            AmountUnit::WanYuan => "万元",
            AmountUnit::Yuan => "元",
            AmountUnit::YiYuan => "亿元",
            AmountUnit::Percent => "%",
        }
    }
}

/// 决算 (final accounts) or 预算 (budget).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum DocKind {
    #[serde(rename = "决算")]
    FinalAccounts,
    #[serde(rename = "预算")]
    Budget,
}

/// Which family of report a document is: a department's or unit's own report (部门/单位 预算 and
/// 决算), or a government-wide one (总预算/总决算, 预算执行, 债务; also documents about government
/// finance that are no budget report). Only the first has the canonical table kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocFamily {
    Department,
    Government,
}

/// What the report says about itself.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Metadata {
    /// The issuing unit, from the "单位：…" line of the tables.
    pub unit: Option<String>,
    /// Fiscal year of the report.
    pub year: Option<u16>,
    pub doc_kind: Option<DocKind>,
    /// "部门" (department, consolidated) or "单位" (a single unit).
    pub scope: Option<String>,
    /// Department/unit report or government-wide report, from the first page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<DocFamily>,
    /// 在职实有人数 from the 概况 text.
    pub staff: Option<u32>,
    /// 离退休人员 from the 概况 text.
    pub retirees: Option<u32>,
    /// The PDF's producer and creator, as the file states them.
    pub producer: Option<String>,
    pub creator: Option<String>,
}

/// A type's JSON Schema as the files in `docs/` hold it: pretty JSON and a final newline.
pub(crate) fn schema_of<T: JsonSchema>() -> String {
    let mut s = serde_json::to_string_pretty(&schemars::schema_for!(T)).expect("schema serialises");
    s.push('\n');
    s
}

/// The JSON Schema of the document format, as pretty JSON (what `docs/document.schema.json` holds).
pub fn document_schema() -> String {
    schema_of::<Document>()
}

/// The JSON Schema of one `facts.jsonl` line.
pub fn fact_schema() -> String {
    schema_of::<Fact>()
}

/// One page of the source.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PageInfo {
    pub number: usize,
    pub width: f32,
    pub height: f32,
    pub rotate: u16,
    pub glyphs: usize,
}

/// The column keys of a government-wide table's percentages (为预算%, 比上年增长%): their facts
/// are in `%`, not in the table's unit.
pub const PERCENT_COLUMN_KEYS: [&str; 5] = [
    "pct_of_budget",
    "pct_of_adjusted",
    "pct_of_prior",
    "change_pct",
    "pct_of_total",
];

/// A numbered amount column of a table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Column {
    /// The 栏次 as printed (or by position where none is printed).
    pub number: u32,
    /// The header text above the column, joined top to bottom.
    pub header: String,
    /// Canonical column key for the kind (`total`, `fiscal`, `budget.abroad` …), whatever the
    /// print layout; `unknown:<header>` when the header is not in the mapping. Columns of another
    /// year than the report's carry a `prior_year.` prefix (`prior_year.total`), increase/decrease
    /// columns a `change.` prefix (`change.total`, `change.rate`).
    #[serde(default)]
    pub key: String,
    /// The year the header says the column belongs to ("2025年预算数", "上年预算数"), in tables that
    /// compare years; absent when the header names no year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
}

/// 类 / 款 / 项 of a classification code (3, 5, 7 digits; 经济分类 3 and 5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Lei,
    Kuan,
    Xiang,
}

/// One amount cell.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Cell {
    pub column: u32,
    /// The text as printed.
    pub text: String,
    /// The exact amount as a decimal string; null for blank, "-" and "—" cells.
    #[schemars(with = "Option<String>")]
    pub value: Option<Decimal>,
    /// The canonical column key of this cell (usually its column's; in a 三公 table printed as
    /// 预算数/决算数 rows, the row decides `budget.*` or `actual.*`).
    #[serde(default)]
    pub key: String,
    /// Where the cell is printed: [x0, y0, x1, y1] in points on its row's page, origin top-left
    /// of the page as displayed. Absent for text input, which has no positions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bbox: Option<[f32; 4]>,
}

/// One row of a table.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Row {
    /// The row key of the facts contract: code, else 行次, else the label without whitespace.
    pub key: String,
    /// 功能分类 or 经济分类 code in its full form ("2080101" even when printed as 208 | 01 | 01);
    /// in a table printing both economic classifications, the 部门预算支出经济分类 code.
    pub code: Option<String>,
    /// The 政府预算支出经济分类 code ("50101") of a row that prints both classifications; the row
    /// key is then "部门code/政府code" ("30101/50101"), since neither code alone is unique.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub government_code: Option<String>,
    pub level: Option<Level>,
    /// The code of the parent row (the 款 of a 项, the 类 of a 款).
    pub parent: Option<String>,
    /// The unit the row belongs to in a table that prints a department and each of its units
    /// (a 预算单位 column, or unit headings between blocks of rows): the unit's name as printed,
    /// whitespace removed. Empty in a single-unit table. Row keys are unique within an entity.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub entity: String,
    /// 行次 as printed.
    pub line_no: Option<u32>,
    /// Canonical line key, comparable across issuers and years: the code where the row has one;
    /// for expenditure lines of the summary tables the 类 code they stand for ("208"); else a
    /// name from the mapping (`income.general_budget`, `total.income`, `balance.opening`,
    /// `grand_total`, `personnel_total` …); `unknown:<label>` when the label is not mapped.
    #[serde(default)]
    pub line: String,
    pub label: String,
    /// 1-based page the row is printed on.
    pub page: usize,
    pub cells: Vec<Cell>,
}

impl Row {
    /// Whether the row is an entity's own total: the row that names the unit (its 预算单位 cell,
    /// or its heading), keyed "合计" within the entity.
    pub fn is_entity_total(&self) -> bool {
        !self.entity.is_empty() && self.code.is_none() && self.label == self.entity
    }

    pub fn value(&self, column: u32) -> Option<Decimal> {
        self.cells
            .iter()
            .find(|c| c.column == column)
            .and_then(|c| c.value)
    }
}

/// One recognised table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Table {
    pub kind: TableKind,
    pub title: String,
    pub unit: AmountUnit,
    /// Pages the table is printed on.
    pub pages: Vec<usize>,
    /// True when the report states the table is empty ("本单位没有…").
    pub empty: bool,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// The notes printed under the table ("注：…", "1栏各行＝…").
    pub notes: Vec<String>,
}

impl Table {
    /// The unit a cell of the column keyed `column_key` is in: `%` for a government-wide table's
    /// percentage columns, the table's unit otherwise.
    pub fn unit_of(&self, column_key: &str) -> AmountUnit {
        if self.kind.is_government() && PERCENT_COLUMN_KEYS.contains(&column_key) {
            AmountUnit::Percent
        } else {
            self.unit
        }
    }

    pub fn row(&self, key: &str) -> Option<&Row> {
        self.rows.iter().find(|r| r.key == key)
    }

    /// The entities the table prints, in order ("" for rows before the first unit); one entry
    /// (usually "") for a single-unit table.
    pub fn entities(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for r in &self.rows {
            if !out.contains(&r.entity.as_str()) {
                out.push(&r.entity);
            }
        }
        out
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// An identity that holds, kept so a run can count what was checked.
    Pass,
    Info,
    Warning,
    Error,
}

/// A cell a diagnostic is about, or a whole row.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CellRef {
    pub table: TableKind,
    /// The row's entity in a multi-unit table ([`Row::entity`]); absent otherwise.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub entity: String,
    pub row: String,
    /// The cell's 栏次; absent for the row as a whole, which the JSON writes as column 0 (no
    /// table numbers a column 0).
    #[serde(with = "whole_row_as_zero")]
    #[schemars(with = "u32")]
    pub column: Option<u32>,
}

impl CellRef {
    /// The cell of a row in a column.
    pub fn cell(table: TableKind, row: &str, column: u32) -> Self {
        CellRef {
            table,
            entity: String::new(),
            row: row.to_string(),
            column: Some(column),
        }
    }

    /// A row as a whole.
    pub fn row(table: TableKind, row: &str) -> Self {
        CellRef {
            table,
            entity: String::new(),
            row: row.to_string(),
            column: None,
        }
    }

    /// The cell of a given row (its entity and key) in a column.
    pub fn of_row(table: TableKind, row: &Row, column: u32) -> Self {
        CellRef {
            table,
            entity: row.entity.clone(),
            row: row.key.clone(),
            column: Some(column),
        }
    }
}

/// `CellRef::column` in JSON: the 栏次, or 0 for the whole row (the format since version 1).
mod whole_row_as_zero {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(column: &Option<u32>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(column.unwrap_or(0))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
        Ok(Some(u32::deserialize(d)?).filter(|&c| c != 0))
    }
}

/// A finding: an identity checked, a reading chosen, something missing. Data, never an error.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Diagnostic {
    /// What was checked or found, as a stable code (`ROW_SUM`; the list is `docs/rules.md`).
    pub rule: Rule,
    pub severity: Severity,
    pub message: String,
    /// The cell the identity computes (left-hand side) first, then its terms.
    pub cells: Vec<CellRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub expected: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub actual: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub difference: Option<Decimal>,
}

impl Diagnostic {
    /// A finding about no particular cell (a missing table, an unread grid, a choice made).
    pub fn note(rule: Rule, severity: Severity, message: String) -> Self {
        Diagnostic {
            rule,
            severity,
            message,
            cells: vec![],
            expected: None,
            actual: None,
            difference: None,
        }
    }
}

/// Everything extracted from one input.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Document {
    pub schema_version: u32,
    /// The input path as given, relative to the folder it was found under.
    pub source: String,
    pub metadata: Metadata,
    pub pages: Vec<PageInfo>,
    pub tables: Vec<Table>,
    /// Tables that have no canonical kind yet (项目支出预算表, 政府采购预算表, 机关运行经费, 绩效目标表):
    /// kept with their printed cells so that nothing printed is lost. They give no facts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_tables: Vec<OtherTable>,
    /// 绩效自评表 and 绩效目标表, in print order (see [`Evaluation`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evaluations: Vec<Evaluation>,
    /// Figures the narrative (情况说明) states, in print order (see [`NarrativeFigure`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub narrative: Vec<NarrativeFigure>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A table without a canonical kind: its title and its printed rows, cell by cell.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OtherTable {
    pub title: String,
    /// The unit its "单位：" line states, if any.
    pub unit: Option<AmountUnit>,
    pub pages: Vec<usize>,
    /// Every printed row, header rows included (repeated headers on continuation pages left out):
    /// one string per grid column, a spanning cell's text in its first column and "" in the
    /// columns it covers.
    pub rows: Vec<Vec<String>>,
}

/// One line of `facts.jsonl`: a non-zero amount with its keys.
///
/// - `doc`: the input path as given, relative to the PATH it was found under.
/// - `table`: a [`TableKind`] key.
/// - `row`: the 科目编码 where the row has one (7 digits for a 项, also when printed as 类/款/项
///   columns); else the 行次; else the label with all whitespace removed ("合计",
///   "人员经费合计"; a label printed twice with amounts in the same columns is "label#2" the second
///   time); the single data row of `three_public` is "1".
/// - `column`: the 栏次 printed; where none is printed (`basic_expenditure`), 1 for each group's
///   amount column.
/// - `value`: the exact decimal as a string, without thousands separators or trailing zeros
///   ("1096.44", "1673", "120.7"). Blank, "-", "—" and zero cells give no fact.
/// - `unit`: "万元" or "元", as the table states. `label`: the row's name. `page`: 1-based.
/// - `line`, `column_key`: canonical keys that mean the same everywhere (see [`Row::line`],
///   [`Column::key`]); `row` and `column` keep their printed meaning.
/// - `entity`: the unit the row belongs to in a table printing a department and its units
///   ([`Row::entity`]), "" otherwise. No two facts of a document share (table, entity, row, column).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Fact {
    pub doc: String,
    pub table: TableKind,
    pub row: String,
    pub column: u32,
    pub value: String,
    pub unit: AmountUnit,
    pub label: String,
    pub page: usize,
    pub line: String,
    pub column_key: String,
    pub entity: String,
}

impl Document {
    /// The tidy facts of the document, in table then row order.
    pub fn facts(&self) -> Vec<Fact> {
        let mut facts = Vec::new();
        for table in &self.tables {
            for row in &table.rows {
                for cell in &row.cells {
                    let Some(value) = cell.value.filter(|v| !v.is_zero()) else {
                        continue;
                    };
                    facts.push(Fact {
                        doc: self.source.clone(),
                        table: table.kind,
                        row: row.key.clone(),
                        column: cell.column,
                        value: value.normalize().to_string(),
                        unit: table.unit_of(&cell.key),
                        label: row.label.clone(),
                        page: row.page,
                        line: row.line.clone(),
                        column_key: cell.key.clone(),
                        entity: row.entity.clone(),
                    });
                }
            }
        }
        facts
    }

    pub fn table(&self, kind: TableKind) -> Option<&Table> {
        self.tables.iter().find(|t| t.kind == kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_kinds_are_known_kinds() {
        assert!(
            TableKind::REQUIRED
                .iter()
                .all(|k| TableKind::ALL.contains(k))
        );
    }

    /// A whole row is written as column 0, as documents have always carried it.
    #[test]
    fn a_whole_row_is_column_zero_in_json() {
        let row = CellRef::row(TableKind::Income, "合计");
        let cell = CellRef::cell(TableKind::Income, "合计", 3);
        assert_eq!(
            serde_json::to_string(&row).unwrap(),
            r#"{"table":"income","row":"合计","column":0}"#
        );
        assert_eq!(
            serde_json::to_string(&cell).unwrap(),
            r#"{"table":"income","row":"合计","column":3}"#
        );
        for r in [row, cell] {
            let back: CellRef = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
            assert_eq!(back, r);
        }
    }
}
