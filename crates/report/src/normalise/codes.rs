//! The numbers the national template prints, defined once for every reader and check:
//! 科目编码 (功能分类 类 3 digits, 款 5, 项 7; 经济分类 类 3, 款 5) and 栏次 (how many amount columns
//! each table's standard layout numbers).

use crate::normalise::amount::fold_digit;
use juesuan_model::{Level, TableKind};
use regex::Regex;
use std::sync::LazyLock;

/// A digit of a code: ASCII, or full-width as some fonts print them ("２０８").
fn is_code_digit(c: char) -> bool {
    fold_digit(c).is_ascii_digit()
}

/// Whether a token is a whole classification code: 3, 5 or 7 digits.
pub fn is_code(text: &str) -> bool {
    matches!(text.chars().count(), 3 | 5 | 7) && text.chars().all(is_code_digit)
}

/// The code a label starts with ("2080101行政运行" → "2080101"): a run of 3, 5 or 7 digits that
/// the next character does not continue. Returns the code in ASCII digits and the length in bytes
/// it takes in `text` (full-width digits take three each).
pub fn code_prefix(text: &str) -> Option<(String, usize)> {
    let end = text
        .char_indices()
        .find(|&(_, c)| !is_code_digit(c))
        .map_or(text.len(), |(i, _)| i);
    is_code(&text[..end]).then(|| (text[..end].chars().map(fold_digit).collect(), end))
}

/// Whether a cell holds a code or a part of one: 1 to 7 ASCII digits ("208", "01", "2080101"),
/// as rows printing their code over 类 | 款 | 项 cells do.
pub fn is_code_part(text: &str) -> bool {
    !text.is_empty() && text.len() <= 7 && text.chars().all(|c| c.is_ascii_digit())
}

/// A 款 printed by its two digits under the 类 above it ("05行政事业单位离退休", 西安).
pub static RELATIVE_KUAN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{2})\p{Han}").unwrap());

/// The level of a code and the code of its parent row: a 类 has none, a 款 its 类, a 项 its 款.
pub fn level_and_parent(code: &str) -> (Option<Level>, Option<String>) {
    match code.len() {
        3 => (Some(Level::Lei), None),
        5 => (Some(Level::Kuan), Some(code[..3].to_string())),
        7 => (Some(Level::Xiang), Some(code[..5].to_string())),
        _ => (None, None),
    }
}

/// Whether `child` is one level directly under `parent` (a 款 of the 类, a 项 of the 款).
pub fn is_child(parent: &str, child: &str) -> bool {
    child.len() == parent.len() + 2 && child.starts_with(parent)
}

/// Whether a code is a 类 (the top level, 3 digits).
pub fn is_lei(code: &str) -> bool {
    code.len() == 3
}

/// How many amount columns (栏次) the standard (national template) layout of a kind numbers:
/// the summary's income and expenditure halves are 1 and 2; basic_expenditure numbers no 栏次,
/// each of its groups' amounts being column 1; 三公 prints 预算数 1–6 and 决算数 7–12.
pub fn standard_width(kind: TableKind) -> u32 {
    match kind {
        TableKind::Summary => 2,
        TableKind::Income => 7,
        TableKind::Expenditure | TableKind::GovernmentFund => 6,
        TableKind::FiscalSummary => 5,
        TableKind::GeneralBudgetExpenditure | TableKind::StateCapital => 3,
        TableKind::BasicExpenditure => 1,
        TableKind::ThreePublic => 12,
        // views without a national standard: checked by column keys and their notes
        TableKind::BasicExpenditureBySource
        | TableKind::GeneralBudgetExpenditureEconomic
        | TableKind::FiscalExpenditure
        | TableKind::FiscalBasicExpenditure => 0,
        // 预算数 | 执行数 (or 决算数)
        TableKind::GovDebtGeneral | TableKind::GovDebtSpecial => 2,
        // government-wide tables print what columns they choose: keyed by their headings
        TableKind::GovGeneralRevenue
        | TableKind::GovGeneralExpenditure
        | TableKind::GovGeneralExpenditureFunction
        | TableKind::GovGeneralExpenditureEconomic
        | TableKind::GovFundRevenue
        | TableKind::GovFundExpenditure
        | TableKind::GovStateCapitalRevenue
        | TableKind::GovStateCapitalExpenditure
        | TableKind::GovSocialInsuranceRevenue
        | TableKind::GovSocialInsuranceExpenditure
        | TableKind::GovDebtByRegion => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_codes_from_other_numbers() {
        for code in ["208", "20801", "2080101", "30101", "２０８"] {
            assert!(is_code(code), "{code}");
        }
        for other in ["20", "2080", "208010", "20801011", "1,096", "208a", ""] {
            assert!(!is_code(other), "{other}");
        }
        assert_eq!(code_prefix("2080101行政运行"), Some(("2080101".into(), 7)));
        assert_eq!(code_prefix("208"), Some(("208".into(), 3)));
        assert_eq!(code_prefix("２０８社会保障"), Some(("208".into(), 9)));
        assert_eq!(code_prefix("125001西安市"), None);
        assert_eq!(code_prefix("10、卫生健康"), None);
        assert!(is_code_part("01") && is_code_part("2080101") && !is_code_part("基本工资"));
    }

    #[test]
    fn places_codes_in_the_hierarchy() {
        assert_eq!(level_and_parent("208"), (Some(Level::Lei), None));
        assert_eq!(
            level_and_parent("2080101"),
            (Some(Level::Xiang), Some("20801".into()))
        );
        assert!(is_child("208", "20801") && is_child("20801", "2080101"));
        assert!(!is_child("208", "2080101") && !is_child("208", "20901"));
    }
}
