//! Table titles to canonical kinds, for the 决算 titles and their 预算 siblings.

use juesuan_model::TableKind;

/// The kind a title line names, if it is a table title. Whitespace is ignored, so letter-spaced
/// titles match; long sentences and notes that merely mention a table do not.
pub fn kind_of_title(line: &str) -> Option<TableKind> {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let chars = t.chars().count();
    // a sentence citing a table (《部门收支预算总表》) is not a title
    if !(4..=48).contains(&chars)
        || t.starts_with('注')
        || t.ends_with('。')
        || t.contains("反映")
        || t.contains('《')
    {
        return None;
    }
    // a title names a 决算/预算/情况 table, or is a short "…总表" / "…表（按…分类）" heading
    let short_heading =
        chars <= 30 && (t.ends_with('表') || t.ends_with("分类）") || t.ends_with("分类)"));
    if !t.contains('表')
        || !(t.contains("决算") || t.contains("预算") || t.contains("情况") || short_heading)
    {
        return None;
    }
    let has = |s: &str| t.contains(s);
    // tables without a canonical kind yet: not mistaken for one that has
    if names_other_table(&t) {
        return None;
    }
    let kind = if has("三公") {
        TableKind::ThreePublic
    } else if has("政府性基金") {
        TableKind::GovernmentFund
    } else if has("国有资本经营") {
        TableKind::StateCapital
    } else if has("基本支出") && has("财政拨款") && !has("一般公共预算") {
        // all 财政拨款 (江苏 公开06表), not the 一般公共预算 part alone
        TableKind::FiscalBasicExpenditure
    } else if has("基本支出") {
        // a basic table with its funding sources as columns is told apart by its columns
        // (`by_columns`)
        TableKind::BasicExpenditure
    } else if has("一般公共预算") && (has("按经济分类") || has("经济科目")) {
        TableKind::GeneralBudgetExpenditureEconomic
    } else if has("财政拨款收入支出") || has("财政拨款收支") {
        TableKind::FiscalSummary
    } else if has("财政拨款支出") && !has("一般公共预算") {
        TableKind::FiscalExpenditure
    } else if has("一般公共预算") && has("支出") {
        TableKind::GeneralBudgetExpenditure
    } else if has("收入支出决算总表")
        || has("收支决算总表")
        || has("收支预算总表")
        || has("收支总体情况表")
        || has("收支总表")
    {
        TableKind::Summary
    } else if has("收入决算表")
        || has("收入预算表")
        || has("收入预算总表")
        || has("收入总体情况表")
        || has("收入总表")
    {
        TableKind::Income
    } else if has("支出决算表")
        || has("支出预算表")
        || has("支出预算总表")
        || has("支出总体情况表")
        || has("支出总表")
    {
        TableKind::Expenditure
    } else {
        return None;
    };
    Some(kind)
}

/// The kind a table's columns show it to be, where its title names a kind whose columns differ:
/// a basic table with funding sources as columns (财政拨款 | 财政专户管理资金 | 单位资金 …) is
/// `basic_expenditure_by_source`, whatever its title says (基本支出总表, 基本支出预算情况表).
pub fn by_columns(kind: TableKind, headers: &[&str]) -> TableKind {
    const SOURCES: [&str; 6] = [
        "财政拨款",
        "财政专户",
        "单位资金",
        "其他资金",
        "政府性基金",
        "事业收入",
    ];
    let sources = SOURCES
        .iter()
        .filter(|w| headers.iter().any(|h| h.contains(*w)))
        .count();
    match kind {
        TableKind::BasicExpenditure if sources >= 2 => TableKind::BasicExpenditureBySource,
        _ => kind,
    }
}

/// Whether a line is the title of some table (a short line ending in "表", or in "表（…）"),
/// known or not: a table under such a title is kept (as an `OtherTable` when it has no kind),
/// never dropped. Numbering alone ("公开03表", "表4") is not a title.
pub fn is_table_title(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let chars = t.chars().count();
    if !(4..=40).contains(&chars)
        || t.starts_with('注')
        || t.contains(['。', '《', '：', ':'])
        || t.contains("反映")
        || t.contains("绩效")
    {
        return false;
    }
    // a trailing bracket ("（表12）", "(预算表7)") numbers the table
    let core = match t.rfind(['（', '(']) {
        Some(i) if t.ends_with(['）', ')']) && t[i..].chars().count() <= 12 => &t[..i],
        _ => t.as_str(),
    };
    let Some(body) = core.strip_suffix('表') else {
        return false;
    };
    let words = body
        .chars()
        .filter(|c| {
            !c.is_ascii_digit()
                && !"一二三四五六七八九十〇零、．.-—年度第号附件公开预算决算表部门单位".contains(*c)
        })
        .count();
    words >= 3
}

/// Whether a compact title names a table that has no canonical kind yet (项目支出, 政府采购,
/// 机关运行经费, 绩效目标).
fn names_other_table(t: &str) -> bool {
    let has = |s: &str| t.contains(s);
    !has("三公")
        && ((has("项目支出") && !has("基本支出"))
            || has("政府采购")
            || has("机关运行经费")
            || has("绩效"))
}

/// Whether a line is the title of a table without a canonical kind ("2026年项目支出预算表"), to
/// be kept as an [`OtherTable`](juesuan_model::OtherTable). Performance tables (绩效) are not:
/// they are read as evaluations (`read::grid::performance`).
pub fn is_other_table_title(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let chars = t.chars().count();
    (4..=40).contains(&chars)
        && t.ends_with('表')
        && !t.starts_with('注')
        && !t.contains('。')
        && !t.contains("反映")
        && !t.contains("绩效")
        && names_other_table(&t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_the_nine_titles() {
        let cases = [
            ("2020 年度收入支出决算总表（表 1）", TableKind::Summary),
            ("2020 年度收入决算表（表 2）", TableKind::Income),
            ("2020 年度支出决算表（表 3）", TableKind::Expenditure),
            (
                "2020 年度财政拨款收入支出决算总表（表 4）",
                TableKind::FiscalSummary,
            ),
            (
                "2020 年度一般公共预算财政拨款支出决算表（表 5）",
                TableKind::GeneralBudgetExpenditure,
            ),
            (
                "2020 年度一般公共预算财政拨款基本支出决算表（表 6）",
                TableKind::BasicExpenditure,
            ),
            (
                "2020 年度一般公共预算财政拨款“三公”经费支出决算表（表 7）",
                TableKind::ThreePublic,
            ),
            (
                "2020 年度政府性基金预算财政拨款收入支出决算表（表 8）",
                TableKind::GovernmentFund,
            ),
            (
                "2020 年度国有资本经营预算财政拨款支出决算表（表 9）",
                TableKind::StateCapital,
            ),
            ("部门收支预算总表", TableKind::Summary),
            ("收支总表", TableKind::Summary),
            ("（二）收入总表", TableKind::Income),
            ("支出总表", TableKind::Expenditure),
            ("财政拨款收支总表", TableKind::FiscalSummary),
            (
                "一般公共预算支出表（按功能分类）",
                TableKind::GeneralBudgetExpenditure,
            ),
            (
                "一般公共预算支出表（按经济分类）",
                TableKind::GeneralBudgetExpenditureEconomic,
            ),
            (
                "公开05表：财政拨款支出预算表（功能科目）",
                TableKind::FiscalExpenditure,
            ),
            (
                "财政拨款基本支出预算表（经济科目）",
                TableKind::FiscalBasicExpenditure,
            ),
            (
                "一般公共预算基本支出预算表（经济科目）",
                TableKind::BasicExpenditure,
            ),
            ("收支总表（预算表1）", TableKind::Summary),
            (
                "本年一般公共预算“三公”经费支出表(预算表7)",
                TableKind::ThreePublic,
            ),
            ("2026年市级部门收入预算总表", TableKind::Income),
            ("财政拨款“三公”经费支出表", TableKind::ThreePublic),
        ];
        for (title, kind) in cases {
            assert_eq!(kind_of_title(title), Some(kind), "{title}");
        }
        assert_eq!(
            kind_of_title("注：本表反映单位本年度取得的各项收入情况。"),
            None
        );
        assert_eq!(kind_of_title("2020年度收入合计1,677.19万元。"), None);
        assert_eq!(
            kind_of_title("一般公共预算项目支出情况表（按经济分类科目）"),
            None
        );
        assert_eq!(kind_of_title("政府采购支出预算表"), None);
        assert!(is_other_table_title("政府采购支出预算表"));
        assert!(is_other_table_title("表十 2026年项目支出预算表"));
        assert!(!is_other_table_title("详见项目支出预算表。"));
        assert!(!is_other_table_title(
            "2026年部门“三公”经费和机关运行经费预算表"
        ));
        assert_eq!(kind_of_title("详见附表"), None);
        assert_eq!(
            kind_of_title("性基金支出安排数应与《部门收支预算总表》的政府性基金收"),
            None
        );
        assert!(is_table_title("支出预算总表"));
        assert!(is_table_title("2026年市级财政专项资金预算表"));
        assert!(is_table_title("部门预算项目支出及其他支出预算表（表12）"));
        assert!(!is_table_title("公开03表"));
        assert!(!is_table_title("表4"));
        assert!(!is_table_title("预算01表"));
        assert!(!is_table_title("详见附表。"));
        assert_eq!(
            by_columns(
                TableKind::BasicExpenditure,
                &["总计", "财政拨款", "财政专户管理资金"]
            ),
            TableKind::BasicExpenditureBySource
        );
        assert_eq!(
            by_columns(
                TableKind::BasicExpenditure,
                &["合计", "人员经费", "公用经费"]
            ),
            TableKind::BasicExpenditure
        );
        assert_eq!(
            kind_of_title("2026年部门“三公”经费和机关运行经费预算表"),
            Some(TableKind::ThreePublic)
        );
    }
}
