//! Government-wide reports (总决算/总预算, 预算执行, 债务): a family of its own, whose tables are
//! not the department tables of the same names and must never get their kinds.
//!
//! The family is decided from a document's first page with text, where every government-wide report of
//! `../shared/realworld2` names itself (its cover, its 目录, or its first table's title) and no
//! department report does. Its tables never get a department kind: the debt balance tables get
//! their own ([`kind_of_title`], lines by [`assign_debt_lines`]); the others are kept as other
//! tables, cell by cell.

use juesuan_model::{DocFamily, Row, TableKind};

/// Words only a government-wide report (or a document about government finance that is no
/// budget report: a bond rating, a statistics bulletin) prints on its first page, whatever else
/// the page mentions (威海 2025's cover carries a "部门预算草案" link beside its title).
const GOVERNMENT_TITLES: [&str; 11] = [
    "总决算",
    "总预算",
    "预算草案的报告",
    "预算（草案）的报告",
    "预算执行情况和",
    "预算执行情况与",
    "地方政府债务",
    "地方政府一般债务",
    "地方政府专项债务",
    "信用评级",
    "统计公报",
];

/// Words a government-wide report prints where a department's report would not, unless that
/// page is also a department's.
const GOVERNMENT_WORDS: [&str; 6] = [
    "财政决算",
    "预算执行情况",
    "执行情况表",
    "政府预算公开",
    "债务限额",
    "评级报告",
];

/// Words a department's or unit's own report prints on its first page.
const DEPARTMENT_WORDS: [&str; 8] = [
    "部门预算",
    "部门决算",
    "单位预算",
    "单位决算",
    "部门名称",
    "单位名称",
    "预算单位",
    "部门收支",
];

/// The family of a document from the text of its first page that has text: government-wide
/// when that page names a government-wide report; a department (or unit) report otherwise,
/// since that is what every other input is read as.
pub fn family_of(first_page: &str) -> DocFamily {
    let compact: String = first_page.chars().filter(|c| !c.is_whitespace()).collect();
    let has = |words: &[&str]| words.iter().any(|w| compact.contains(w));
    if has(&GOVERNMENT_TITLES) || (has(&GOVERNMENT_WORDS) && !has(&DEPARTMENT_WORDS)) {
        DocFamily::Government
    } else {
        DocFamily::Department
    }
}

/// The government kind a title names: the 财政部 template's debt balance tables (表1-1
/// 地方政府一般债务余额情况表, 表1-2 地方政府专项债务余额情况表, in 预算 and 决算 wordings).
/// Other government tables have no kind yet and are kept as other tables.
pub fn kind_of_title(title: &str) -> Option<TableKind> {
    let t: String = title.chars().filter(|c| !c.is_whitespace()).collect();
    if !t.ends_with('表') && !t.ends_with('）') {
        return None;
    }
    if t.contains("一般债务余额情况表") || t.contains("一般债务余额决算情况表")
    {
        Some(TableKind::GovDebtGeneral)
    } else if t.contains("专项债务余额情况表") || t.contains("专项债务余额决算情况表")
    {
        Some(TableKind::GovDebtSpecial)
    } else {
        None
    }
}

/// The canonical lines of a debt balance table, in the template's order. The two 年末余额 lines
/// differ only by their year (the year before, the year reported), so they are told apart by
/// order: the first balance printed is the year before's; the first 限额 the year's, a later one
/// the next year's.
pub fn assign_debt_lines(rows: &mut [Row]) {
    let (mut balances, mut limits) = (0, 0);
    for row in rows {
        let l = &row.label;
        let line = if l.contains("赤字") {
            "deficit.next_year"
        } else if l.contains("新增限额") || l.contains("新增债务限额") || l.contains("新增举债额度")
        {
            "new_limit.next_year"
        } else if l.contains("限额") {
            limits += 1;
            if limits == 1 {
                "limit.year_end"
            } else {
                "limit.next_year"
            }
        } else if l.contains("转贷") {
            "issued.foreign_loans"
        } else if l.contains("债券发行") {
            "issued.bonds"
        } else if l.contains("发行") {
            "issued"
        } else if l.contains("还本") {
            "repaid"
        } else if l.contains("余额") {
            balances += 1;
            if balances == 1 {
                "balance.prior_year_end"
            } else {
                "balance.year_end"
            }
        } else {
            continue;
        };
        row.line = line.to_string();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_government_reports_from_department_reports() {
        for cover in [
            "黑龙江省2020年全省和省本级财政决算",
            "2021年度 省本级及全省财政总决算公开",
            "江苏省2023年预算执行情况 与2024年预算（草案）",
            "表1-1 46海南省2025年地方政府一般债务余额情况表 单位：亿元",
            "2026年广州市本级政府预算公开",
            "关于洛阳市2025年预算执行情况和 2026年预算（草案）的报告",
            "荆州市2025年国民经济和社会发展统计公报",
            "码上看报告 部门预算草案 关于2025年威海市和市级 预算执行情况与2026年威海市和市级 预算草案的报告",
        ] {
            assert_eq!(family_of(cover), DocFamily::Government, "{cover}");
        }
        for cover in [
            "北京市交通委员会2026年度部门预算信息公开",
            "武昌社会保险管理处2020年度单位决算公开",
            "公开01表 收支预算总表 部门名称：江苏省人大常委会办公厅",
            "2020年度收入支出决算总表（表1） 单位：万元",
        ] {
            assert_eq!(family_of(cover), DocFamily::Department, "{cover}");
        }
    }
}
