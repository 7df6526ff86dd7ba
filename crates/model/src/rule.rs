//! The rule codes of diagnostics: one variant per code, serialised as the code, with its one-line
//! meaning. `docs/rules.md` is generated from this list ([`Rule::markdown`]) and a test keeps it
//! so; users filter on the codes, which never change.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

macro_rules! rules {
    ($( $group:literal { $( #[doc = $doc:literal] $variant:ident = $code:literal, )+ } )+) => {
        /// A diagnostic's rule: what was checked or found. Serialised as its stable code
        /// (`ROW_SUM`, `MISSING_TABLE`, …).
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
            JsonSchema,
        )]
        pub enum Rule {
            $($( #[doc = $doc] #[serde(rename = $code)] $variant, )+)+
        }

        impl Rule {
            /// Every rule, grouped as `docs/rules.md` lists them.
            pub const ALL: &[Rule] = &[$($(Rule::$variant,)+)+];

            /// The stable code, as serialised.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($(Rule::$variant => $code,)+)+
                }
            }

            /// What the rule means, in one line.
            pub fn meaning(self) -> &'static str {
                match self {
                    $($(Rule::$variant => $doc.trim(),)+)+
                }
            }

            /// The group it is listed under: identities, notes, performance, reading, text input.
            pub fn group(self) -> &'static str {
                match self {
                    $($(Rule::$variant => $group,)+)+
                }
            }
        }
    };
}

rules! {
    "identities" {
        /// A row's columns add up as its kind's formula says (1栏 = 2+…+7栏), or by column key.
        RowSum = "ROW_SUM",
        /// 类 = Σ款 = Σ项 and 合计 = Σ类, within each unit's section of a consolidated table.
        Hierarchy = "HIERARCHY",
        /// The summary tables' 行次 formulas: 本年合计 = Σ lines, 总计 = 本年合计 + carry-overs, 收入总计 = 支出总计.
        LineFormula = "LINE_FORMULA",
        /// A total agrees across tables (summary 本年收入合计 = income 合计, …).
        CrossTable = "CROSS_TABLE",
        /// A government debt table: the year-end balance is within the year's limit (余额 ≤ 限额).
        GovDebtLimit = "GOV_DEBT_LIMIT",
        /// A government table's own sums: 税收收入 = Σ taxes, 非税收入 = Σ its items, 合计 = 税收 + 非税 (or Σ类), 类 = Σ款 = Σ项 by printed code, 合计 = Σ funds; debt 合计 = 一般 + 专项, and 年末余额 = 上年末 + 发行 − 还本 − 其他方式化解 where all are printed.
        GovSum = "GOV_SUM",
        /// A government table's printed percentage (为预算%, 为调整预算%, 比上年增长%) equals the one its printed amounts give, to the printed precision.
        GovPercent = "GOV_PERCENT",
    }
    "notes" {
        /// A formula printed in a table's notes ("1栏各行＝（2+…+7）栏各行") holds.
        NoteFormula = "NOTE_FORMULA",
        /// A formula printed in a table's notes differs from the standard one.
        NoteMismatch = "NOTE_MISMATCH",
    }
    "performance" {
        /// 执行率 = 执行数 / 预算数, rounded half up to the decimals the 执行率 is printed with.
        PerfExecutionRate = "PERF_EXECUTION_RATE",
        /// 预算执行得分 = 分值 × 执行率 (× 执行数/预算数, or × the printed 执行率), never above the 分值.
        PerfBudgetScore = "PERF_BUDGET_SCORE",
        /// No score above its weight: each indicator's, and budget execution's.
        PerfScoreWeight = "PERF_SCORE_WEIGHT",
        /// Σ三级 weights = 二级's, Σ二级 = 一级's, Σ indicator weights = the printed total, + budget execution's = 100.
        PerfWeights = "PERF_WEIGHTS",
        /// 总分 = budget execution's score + Σ indicator scores.
        PerfTotalScore = "PERF_TOTAL_SCORE",
        /// The 整体 self-evaluation's 执行数 = the summary table's 本年支出合计 (a warning when not).
        PerfExecutedTotal = "PERF_EXECUTED_TOTAL",
        /// The 整体 self-evaluation's 预算数 = the summary table's 收入总计, 上年结转 counted in (a warning when not).
        PerfBudgetTotal = "PERF_BUDGET_TOTAL",
    }
    "narrative" {
        /// An amount the narrative states equals its table cell, to the narrative's printed precision.
        NarrativeMismatch = "NARRATIVE_MISMATCH",
        /// A share or rate of change the narrative states equals the one its stated figures give, to the printed precision.
        NarrativeRate = "NARRATIVE_RATE",
        /// The narrative speaks of a table the report does not print.
        NarrativeNoTable = "NARRATIVE_NO_TABLE",
    }
    "reading" {
        /// A table the report should carry was not found (a warning for a 决算, info for a 预算).
        MissingTable = "MISSING_TABLE",
        /// A second table of one kind was found: kept as an other table, without facts, so that no two tables share keys.
        DuplicateTable = "DUPLICATE_TABLE",
        /// A government-wide report (总预算/总决算, 预算执行, 债务): its tables get government kinds (`gov_*`) or are kept as other tables, never department kinds.
        GovernmentReport = "GOVERNMENT_REPORT",
        /// A table is printed with no amounts.
        EmptyTable = "EMPTY_TABLE",
        /// A title is followed by a grid with no readable rows; no table was kept.
        TableNotRead = "TABLE_NOT_READ",
        /// A grid has no 栏次 row and no readable header; it was not read.
        NoColumnNumbers = "NO_COLUMN_NUMBERS",
        /// No 栏次 row is printed; the amount columns are numbered 1, 2, … left to right.
        ColumnsByPosition = "COLUMNS_BY_POSITION",
        /// No "单位：万元/元" line; the amounts are taken as 万元.
        UnitAssumed = "UNIT_ASSUMED",
        /// An amount cell holds text that is not an amount.
        UnparsedAmount = "UNPARSED_AMOUNT",
        /// A row's label is not in the key mapping; its line is kept as `unknown:<label>`.
        UnknownLine = "UNKNOWN_LINE",
        /// A column's header is not in the key mapping; its key is kept as `unknown:<header>`.
        UnknownColumn = "UNKNOWN_COLUMN",
        /// No page has a text layer (a scan?); nothing was read.
        NoTextLayer = "NO_TEXT_LAYER",
        /// The time or page limit was hit; later pages were not read.
        Truncated = "TRUNCATED",
        /// A performance table (绩效自评表, 绩效目标表) was seen but not read; the message says why.
        PerfNotRead = "PERF_NOT_READ",
    }
    "text input" {
        /// Blank cells hid an amount's column; the identities leave one placement, which was taken.
        ColumnsFromIdentities = "COLUMNS_FROM_IDENTITIES",
        /// Figures the report's 情况说明 states were used to place the 三公 amounts.
        ColumnsFromNarrative = "COLUMNS_FROM_NARRATIVE",
        /// No placement, or more than one, satisfies the identities; the undecided amounts were left out.
        AmbiguousColumns = "AMBIGUOUS_COLUMNS",
        /// The text printed a table's cells apart from their rows; the table is left out.
        TextRowsBroken = "TEXT_ROWS_BROKEN",
        /// A table rebuilt from text breaks an identity, so amounts would be in wrong rows; it is left out.
        TextTableUnverified = "TEXT_TABLE_UNVERIFIED",
        /// Amounts the text prints that no row took (printed apart from their rows).
        TextAmountsUnplaced = "TEXT_AMOUNTS_UNPLACED",
        /// A performance indicator's target and achieved values are printed into each other; both left out.
        PerfTextCells = "PERF_TEXT_CELLS",
    }
}

impl Rule {
    /// The rules that check the data's own arithmetic: what the manifest counts as identities.
    pub fn is_identity(self) -> bool {
        self.group() == "identities"
    }

    /// `docs/rules.md`: every rule code with its meaning, by group.
    pub fn markdown() -> String {
        let mut out = String::from(
            "# Diagnostic rule codes\n\n\
             Generated from `crates/model/src/rule.rs` (`JUESUAN_BLESS=1 cargo test -p juesuan-model` \
             rewrites it). The codes are stable; `identities` are what the manifest counts as \
             identities held or failed.\n",
        );
        let mut group = "";
        for rule in Rule::ALL {
            if rule.group() != group {
                group = rule.group();
                out.push_str(&format!(
                    "\n## {group}\n\n| code | meaning |\n| --- | --- |\n"
                ));
            }
            out.push_str(&format!("| `{}` | {} |\n", rule.as_str(), rule.meaning()));
        }
        out
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_serialises_to_its_code_and_back() {
        for &rule in Rule::ALL {
            let json = serde_json::to_string(&rule).unwrap();
            assert_eq!(json, format!("\"{}\"", rule.as_str()));
            assert_eq!(serde_json::from_str::<Rule>(&json).unwrap(), rule);
            assert!(!rule.meaning().is_empty(), "{rule}");
        }
        let identities: Vec<&str> = Rule::ALL
            .iter()
            .filter(|r| r.is_identity())
            .map(|r| r.as_str())
            .collect();
        assert_eq!(
            identities,
            [
                "ROW_SUM",
                "HIERARCHY",
                "LINE_FORMULA",
                "CROSS_TABLE",
                "GOV_DEBT_LIMIT",
                "GOV_SUM",
                "GOV_PERCENT"
            ]
        );
    }

    /// The committed list of rule codes is the one the enum generates.
    #[test]
    fn docs_list_every_rule() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md");
        let generated = Rule::markdown();
        if std::env::var_os("JUESUAN_BLESS").is_some() {
            std::fs::write(&path, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "docs/rules.md is stale: JUESUAN_BLESS=1 cargo test -p juesuan-model rewrites it"
        );
    }
}
