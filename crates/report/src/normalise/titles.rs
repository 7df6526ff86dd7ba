//! Table titles to canonical kinds, for the 决算 titles and their 预算 siblings.

use juesuan_model::TableKind;

/// The kind a title line names, if it is a table title. Whitespace is ignored, so letter-spaced
/// titles match; long sentences and notes that merely mention a table do not.
pub fn kind_of_title(line: &str) -> Option<TableKind> {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let chars = t.chars().count();
    if !(4..=48).contains(&chars) || t.starts_with('注') || t.ends_with('。') || t.contains("反映")
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
    } else if has("基本支出") || (has("一般公共预算") && has("按经济分类")) {
        TableKind::BasicExpenditure
    } else if has("财政拨款收入支出") || has("财政拨款收支") {
        TableKind::FiscalSummary
    } else if has("一般公共预算") && has("支出") {
        TableKind::GeneralBudgetExpenditure
    } else if has("收入支出决算总表")
        || has("收支决算总表")
        || has("收支预算总表")
        || has("收支总体情况表")
        || has("收支总表")
    {
        TableKind::Summary
    } else if has("收入决算表") || has("收入预算表") || has("收入总体情况表") || has("收入总表")
    {
        TableKind::Income
    } else if has("支出决算表") || has("支出预算表") || has("支出总体情况表") || has("支出总表")
    {
        TableKind::Expenditure
    } else {
        return None;
    };
    Some(kind)
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
                TableKind::BasicExpenditure,
            ),
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
            kind_of_title("2026年部门“三公”经费和机关运行经费预算表"),
            Some(TableKind::ThreePublic)
        );
    }
}
