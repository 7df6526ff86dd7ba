//! What a report's lines say about the report and its tables, the same whether the lines come
//! from a page or from a text dump: the "单位：万元" line, the issuer, a table stated empty, page
//! numbers, and the document's year, 决算/预算, 部门/单位, staff and retirees.

use juesuan_model::{AmountUnit, DocKind, Metadata};
use regex::Regex;
use std::sync::LazyLock;

static UNIT_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"单位[:：]\s*(万元|亿元|元)").unwrap());

static ISSUER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:编制|填报)?(?:单位|部门)[:：]\s*([^\s:：]{2,60}?)\s*(?:单位[:：]|金额单位|$)")
        .unwrap()
});

static PAGE_NUMBER: LazyLock<Regex> =
    // "— 5 —", "— 1 2—" (digits drawn apart), "第 3 页 共 20 页", "第7页，共45页", "3/20", "- 7 -"
    LazyLock::new(|| {
        Regex::new(r"^[—\-–－第\s]*\d[\d\s]*[\s—\-–－页]*(?:[，,、]?\s*(?:/|共)\s*\d+\s*页?)?$")
            .unwrap()
    });

static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(20\d{2})\s*年").unwrap());

/// A year named with the report itself: "2019年部门决算", "2020 年度单位决算表".
static REPORT_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(20\d{2})\s*年度?[^，。\n]{0,12}(?:决算|预算)").unwrap());

static STAFF: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"在职实有人数\s*(\d+)\s*人").unwrap());

static RETIREES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"离退休人员\s*(\d+)\s*人").unwrap());

static SCOPE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(部门|单位)(决算|预算)").unwrap());

/// "本单位没有…", "…无政府性基金预算财政拨款支出，故本表无数据。", "本表为空".
static EMPTY_STATEMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"本表无数据|本表为空|空表|(?:本单位|本部门)(?:没有|无)|无(?:政府性基金|国有资本经营)",
    )
    .unwrap()
});

/// What the report's text says about itself: year, 决算/预算, 部门/单位, staff and retirees.
pub fn text_metadata(metadata: &mut Metadata, text: &str, first_title: &str, has_tables: bool) {
    metadata.year = YEAR
        .captures(first_title)
        .or_else(|| REPORT_YEAR.captures(text))
        .and_then(|c| c[1].parse().ok());
    metadata.doc_kind = doc_kind(text, has_tables);
    // phrases wrap across lines ("在" / "职实有人数 43 人"): read them with every break removed
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    metadata.staff = STAFF.captures(&compact).and_then(|c| c[1].parse().ok());
    metadata.retirees = RETIREES.captures(&compact).and_then(|c| c[1].parse().ok());
    metadata.scope = SCOPE.captures(&compact).map(|c| c[1].to_string());
}

/// The issuing unit named on a "单位：… 单位：万元" line, if the line names one.
pub fn issuer_of(line: &str) -> Option<String> {
    ISSUER
        .captures(line)
        .map(|c| c[1].to_string())
        .filter(|u| !matches!(u.as_str(), "万元" | "元" | "亿元"))
}

/// Whether a line is a page number ("— 5 —", "第 3 页 共 20 页", "3/20"): skipped wherever it falls.
pub fn is_page_number(line: &str) -> bool {
    PAGE_NUMBER.is_match(line)
}

/// Whether a line has the form of an issuer line ("单位：…", "编制部门：…"), whatever it names.
pub fn is_issuer_line(line: &str) -> bool {
    ISSUER.is_match(line)
}

/// The amount unit a "单位：万元" / "单位：元" line states.
pub fn unit_of(line: &str) -> Option<AmountUnit> {
    UNIT_LINE.captures(line).map(|c| match &c[1] {
        "元" => AmountUnit::Yuan,
        "亿元" => AmountUnit::YiYuan,
        _ => AmountUnit::WanYuan,
    })
}

/// Whether a line states that the table is empty ("本单位没有…", "本表无数据").
pub fn states_empty(line: &str) -> bool {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    EMPTY_STATEMENT.is_match(&compact)
}

/// 决算 or 预算, by which word the report uses more once the fund names that contain 预算
/// ("一般公共预算", "预算数" …) are set aside.
fn doc_kind(text: &str, has_tables: bool) -> Option<DocKind> {
    let mut t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for phrase in [
        "一般公共预算",
        "政府性基金预算",
        "国有资本经营预算",
        "预算数",
        "年初预算",
        "预算单位",
        "预算管理",
        "预算绩效",
        "预算执行",
    ] {
        t = t.replace(phrase, "");
    }
    let (finals, budgets) = (t.matches("决算").count(), t.matches("预算").count());
    if finals == 0 && budgets == 0 {
        return has_tables.then_some(DocKind::FinalAccounts);
    }
    Some(if finals >= budgets {
        DocKind::FinalAccounts
    } else {
        DocKind::Budget
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_page_numbers() {
        for p in [
            "— 5 —",
            "— 1 2—",
            "第 3 页 共 20 页",
            "第7页，共45页",
            "3/20",
            "- 7 -",
            "12",
        ] {
            assert!(is_page_number(p), "{p}");
        }
        for t in ["208 社会保障和就业支出", "2020年度", "注：1栏"] {
            assert!(!is_page_number(t), "{t}");
        }
    }
}
