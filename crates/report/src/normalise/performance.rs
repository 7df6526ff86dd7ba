//! What performance tables (绩效自评表, 绩效目标表) print, parsed the same way whoever read them:
//! weights in names, scores, percentages, target and achieved values, check boxes, the words of
//! their titles and labels, and the levels of an indicator printed in one cell.

use crate::normalise::amount::{Amount, fold_digit, parse_amount};
use juesuan_model::{Choice, Measure};
use regex::Regex;
use rust_decimal::Decimal;
use std::str::FromStr;
use std::sync::LazyLock;

/// A weight printed at the end of a name: "（2.5 分）", "(10 分)", "（10分）".
static WEIGHT_SUFFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[）)]\s*$").unwrap());
/// A weight anywhere in a label: "预算执行情况（万元）（20 分）", "得分（20 分*执行率）".
static WEIGHT_ANY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[（(]\s*(\d+(?:\.\d+)?)\s*分").unwrap());
/// A target or achieved value that states one quantity: comparison, number, unit, qualifier.
static QUANTITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(≥|≤|>=|<=|>|<|=|≧|≦|不低于|不少于|不高于|不超过|大于|小于|高于|低于)?([+-]?\d[\d,]*(?:\.\d+)?)([^\d\s,，。；;、：:（）()]{0,6}?)(及以上|以上|及以下|以下|以内|左右)?$",
    )
    .unwrap()
});

/// Text as the tables print it, the same from a grid cell and from a text dump: whitespace
/// between CJK characters, digits and punctuation removed (wrapped lines and a dump's spacing
/// are not part of the text), one space kept between two ASCII words.
pub fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space
            && out.chars().last().is_some_and(|p| p.is_ascii_alphabetic())
            && c.is_ascii_alphabetic()
        {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
    }
    out
}

/// Compact form for matching words: no whitespace at all, full-width digits folded.
pub fn compact(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(fold_digit)
        .collect()
}

/// "社会保险经办量（2.5 分）" → ("社会保险经办量", Some(2.5)); a name without a weight unchanged.
pub fn split_weight(text: &str) -> (String, Option<Decimal>) {
    let t = tidy(text);
    match WEIGHT_SUFFIX.captures(&t) {
        Some(c) => {
            let name = t[..c.get(0).unwrap().start()].trim().to_string();
            (name, Decimal::from_str(&c[1]).ok())
        }
        None => (t, None),
    }
}

/// The first weight a label states ("预算执行情况（万元）（20 分）" → 20).
pub fn weight_in(text: &str) -> Option<Decimal> {
    WEIGHT_ANY
        .captures(&compact(text))
        .and_then(|c| Decimal::from_str(&c[1]).ok())
}

/// A printed number: an amount, a score ("97.68 分"), a weight; None for anything else.
pub fn number(text: &str) -> Option<Decimal> {
    let t = compact(text);
    let t = t.strip_suffix('分').unwrap_or(&t);
    match parse_amount(t) {
        Amount::Value(v) => Some(v),
        _ => None,
    }
}

/// A printed percentage in percent without "%" ("99.9%" → 99.9); a bare number is taken as
/// percent too, as 执行率 columns print it.
pub fn percent(text: &str) -> Option<Decimal> {
    let t = compact(text);
    number(t.trim_end_matches(['%', '％']))
}

fn comparator_of(word: &str) -> Option<&'static str> {
    Some(match word {
        "≥" | ">=" | "≧" | "不低于" | "不少于" | "以上" | "及以上" => ">=",
        "≤" | "<=" | "≦" | "不高于" | "不超过" | "以下" | "及以下" | "以内" => {
            "<="
        }
        ">" | "＞" | "大于" | "高于" => ">",
        "<" | "＜" | "小于" | "低于" => "<",
        "=" | "＝" => "=",
        _ => return None,
    })
}

/// A target or achieved value: the printed text, and the number, unit and comparison when the
/// text states exactly one quantity ("≥90%", "32.95 万元", "140 人以上"); text with other words
/// around its number ("每月7日") or several numbers keeps only its text.
pub fn measure(text: &str) -> Measure {
    let text = tidy(text);
    let mut m = Measure {
        text: text.clone(),
        value: None,
        unit: None,
        comparator: None,
    };
    let c: String = compact(&text)
        .chars()
        .map(|c| match c {
            '％' => '%',
            '＞' => '>',
            '＜' => '<',
            '＝' => '=',
            '．' => '.',
            c => c,
        })
        .collect();
    if let Some(q) = QUANTITY.captures(&c) {
        m.value = number(&q[2]);
        m.unit = Some(q[3].to_string()).filter(|u| !u.is_empty());
        m.comparator = q
            .get(1)
            .or(q.get(4))
            .and_then(|w| comparator_of(w.as_str()))
            .map(String::from);
    }
    m
}

/// A target printed in three columns, 指标性质 | 指标值 | 度量单位 (北京, 重庆): "定性" (or blank)
/// and the value alone for a qualitative one.
pub fn measure_from_columns(nature: &str, value: &str, unit: &str) -> Measure {
    let (nature, value, unit) = (tidy(nature), tidy(value), tidy(unit));
    let op = comparator_of(&nature);
    let Some(v) = number(&value) else {
        return measure(&value);
    };
    let text = format!("{}{value}{unit}", if op.is_some() { &nature } else { "" });
    Measure {
        text,
        value: Some(v),
        unit: Some(unit).filter(|u| !u.is_empty()),
        comparator: op.map(String::from),
    }
}

/// Whether a text prints check boxes.
pub fn has_boxes(text: &str) -> bool {
    text.chars().any(is_box)
}

/// Box glyphs. A symbol font (Wingdings) whose glyphs a producer maps into the private use area
/// (U+F000–U+F0FF) prints its boxes there: in a text of options they are the boxes.
fn is_box(c: char) -> bool {
    matches!(
        c,
        '□' | '☐' | '☑' | '☒' | '■' | '√' | '✓' | '✔' | '\u{f000}'..='\u{f0ff}'
    )
}

/// The empty boxes: □ ☐, and Wingdings' □ (U+F06F, U+F0A8) and Wingdings 2's (U+F0A3).
fn is_checked(c: char) -> bool {
    is_box(c) && !matches!(c, '□' | '☐' | '\u{f06f}' | '\u{f0a3}' | '\u{f0a8}')
}

static NUMBERED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^\d.])(\d{1,2})[.．、]").unwrap());

/// "1.部门预算项目☑ 2.财政专项资金□" → the options with their state. An option whose box the
/// text lost (a Wingdings ☑ without Unicode) while the others print □ is the checked one.
pub fn choices(field: &str, text: &str) -> Vec<Choice> {
    let t = compact(text);
    // the options: numbered ("1.", "2、"), else separated by their boxes
    let starts: Vec<usize> = NUMBERED
        .captures_iter(&t)
        .map(|c| c.get(1).unwrap().start())
        .collect();
    let pieces: Vec<&str> = if starts.len() >= 2 {
        starts
            .iter()
            .enumerate()
            .map(|(k, &s)| &t[s..starts.get(k + 1).copied().unwrap_or(t.len())])
            .collect()
    } else {
        let boxes_first = t.chars().next().is_some_and(is_box);
        let mut out = Vec::new();
        let mut start = 0;
        for (i, c) in t.char_indices() {
            if is_box(c) {
                if boxes_first && i > start {
                    out.push(&t[start..i]);
                    start = i;
                } else if !boxes_first {
                    out.push(&t[start..i + c.len_utf8()]);
                    start = i + c.len_utf8();
                }
            }
        }
        if start < t.len() {
            out.push(&t[start..]);
        }
        out
    };
    let parsed: Vec<(String, Option<bool>)> = pieces
        .iter()
        .map(|p| {
            let state = p.chars().find(|c| is_box(*c)).map(is_checked);
            let option: String = p
                .trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | '．' | '、'))
                .chars()
                .filter(|c| !is_box(*c))
                .collect();
            (option, state)
        })
        .filter(|(o, _)| !o.is_empty())
        .collect();
    let lost_is_checked = parsed.iter().any(|(_, s)| s.is_some());
    parsed
        .into_iter()
        .map(|(option, state)| Choice {
            field: field.to_string(),
            option,
            checked: state.unwrap_or(lost_is_checked),
        })
        .collect()
}

/// The key of a source of funds by its label.
pub fn source_key(label: &str) -> String {
    let t = compact(label);
    if t.contains("合计") || t.contains("总额") || t.contains("总计") {
        "total".into()
    } else if t.contains("上年结转") || t.contains("结转") {
        "carryover".into()
    } else if t.contains("财政拨款") || t.contains("财政资金") {
        "fiscal".into()
    } else if t.contains("其他资金") {
        "other".into()
    } else {
        format!("unknown:{t}")
    }
}

/// Whether a title line (or a grid's first cell) names a performance table: 绩效自评表,
/// 绩效目标表 (申报表, 汇总表), 绩效评价情况表, or a "…绩效目标情况" heading over a table.
pub fn is_title(text: &str) -> bool {
    let t = compact(text);
    let n = t.chars().count();
    (4..=50).contains(&n)
        && t.contains("绩效")
        && !t.ends_with('。')
        && !t.starts_with('注')
        && !t.contains("，")
        && (t.ends_with('表')
            || t.ends_with("表）")
            || t.ends_with("表)")
            || t.ends_with("目标情况")
            || t.contains("表（")
            || t.contains("表("))
}

/// A self-evaluation (as opposed to a target table), by its title.
pub fn title_is_self_evaluation(title: &str) -> bool {
    let t = compact(title);
    t.contains("自评") || t.contains("评价")
}

/// An evaluation of the whole unit or department, by its title.
pub fn title_is_overall(title: &str) -> bool {
    compact(title).contains("整体")
}

/// The project a title names ("社会保险业务工作经费项目绩效自评表" → "社会保险业务工作经费").
pub fn project_of_title(title: &str) -> Option<String> {
    let t = compact(title);
    let end = t.find("项目绩效").or_else(|| t.find("项目支出绩效"))?;
    let name = t[..end].trim_start_matches(|c: char| c.is_ascii_digit() || c == '年' || c == '度');
    (!name.is_empty() && !name.ends_with("部门") && !name.contains("政策和"))
        .then(|| name.to_string())
}

/// A label naming the project (项目名称, 专项（项目）名称, 一级项目名称).
pub fn is_project_label(label: &str) -> bool {
    let t = compact(label);
    t.contains("项目名称") || t == "项目"
}

/// A label naming the unit or department as a whole (单位名称, 部门名称, 部门（单位）名称).
pub fn is_unit_label(label: &str) -> bool {
    let t = compact(label);
    t.ends_with("名称") && (t.contains("单位") || t.contains("部门")) && !t.contains("项目")
}

/// A label that introduces target text (总体目标, 年度总体目标, 当年绩效目标, 整体绩效目标,
/// 年度目标1：（80分）, 绩效目标描述) and not indicators or their remarks.
pub fn is_target_label(label: &str) -> bool {
    let (name, _) = split_weight(label);
    let t: String = compact(&name)
        .trim_end_matches(|c: char| c.is_ascii_digit() || matches!(c, '：' | ':' | '、'))
        .to_string();
    let t = t.trim_end_matches("描述");
    t.ends_with("目标") && !t.contains("指标") && !t.contains("原因") && t.chars().count() <= 12
}

/// Words of a label whose value is the planned total of a target table.
pub fn is_planned_total_label(label: &str) -> bool {
    let t = compact(label);
    (t.contains("预算") || t.contains("资金") || t.contains("金额") || t.contains("总额"))
        && !t.contains("财政拨款")
        && !t.contains("财政资金")
        && !t.contains("其他")
        && !t.contains("结转")
        && !t.contains("基本支出") // 基本支出总额, 项目支出总额: parts, not the total
        && !t.contains("项目支出")
        || t == "当年预算"
}

/// "产出指标数量指标出具数据分析报告" (北京's 整体 table prints the three levels in one cell) →
/// ("产出指标", "数量指标", "出具数据分析报告").
pub fn split_levels(text: &str) -> Option<(String, String, String)> {
    const LEVEL1: [&str; 4] = ["产出指标", "效益指标", "满意度指标", "成本指标"];
    let l1 = LEVEL1.iter().find(|l| text.starts_with(*l))?;
    let rest = &text[l1.len()..];
    let end = rest.find("指标")? + "指标".len();
    (rest[..end].chars().count() <= 10 && end < rest.len()).then(|| {
        (
            l1.to_string(),
            rest[..end].to_string(),
            rest[end..].to_string(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<Decimal> {
        Decimal::from_str(s).ok()
    }

    #[test]
    fn weights_come_off_names() {
        assert_eq!(
            split_weight("社会保险经办量（2.5\n分）"),
            ("社会保险经办量".into(), d("2.5"))
        );
        assert_eq!(
            split_weight("保质保量的完成社保各项 业务工作(10 分)"),
            ("保质保量的完成社保各项业务工作".into(), d("10"))
        );
        assert_eq!(
            split_weight("出行人员满意度"),
            ("出行人员满意度".into(), None)
        );
        assert_eq!(weight_in("预算执行情况（万元）（20 分）"), d("20"));
        assert_eq!(weight_in("得分（20 分*执行率）"), d("20"));
    }

    #[test]
    fn measures_state_one_quantity_or_none() {
        let m = measure("≥90%");
        assert_eq!(
            (m.value, m.unit.as_deref(), m.comparator.as_deref()),
            (d("90"), Some("%"), Some(">="))
        );
        let m = measure("32.95 万元");
        assert_eq!(
            (m.text.as_str(), m.value, m.unit.as_deref()),
            ("32.95万元", d("32.95"), Some("万元"))
        );
        let m = measure("140 人以上");
        assert_eq!(
            (m.value, m.unit.as_deref(), m.comparator.as_deref()),
            (d("140"), Some("人"), Some(">="))
        );
        let m = measure("95.0%以上");
        assert_eq!((m.value, m.unit.as_deref()), (d("95.0"), Some("%")));
        assert_eq!(measure("≤400元/人天").unit.as_deref(), Some("元/人天"));
        assert_eq!(measure("94.9").value, d("94.9"));
        assert_eq!(measure("每月7日").value, None);
        assert_eq!(measure("足额发放").value, None);
        assert_eq!(measure("年审 14.5 万人次，服务指导 300 人次").value, None);
        let m = measure_from_columns("＝", "100", "%");
        assert_eq!(
            (m.text.as_str(), m.comparator.as_deref()),
            ("＝100%", Some("="))
        );
        assert_eq!(measure_from_columns("定性", "优", "").text, "优");
    }

    #[test]
    fn boxes_give_choices_also_when_the_text_lost_one() {
        let c = choices("项目类别", "1.部门预算项目□2.财政专项资金☑");
        assert_eq!(
            c.iter()
                .map(|c| (c.option.as_str(), c.checked))
                .collect::<Vec<_>>(),
            vec![("部门预算项目", false), ("财政专项资金", true)]
        );
        // the seed: the ☑ is Wingdings 2's U+F052, the □ survived as □
        let c = choices(
            "项目类型",
            "1.常年性项目\u{f052} 2.延续性项目□ 3.一次性项目□",
        );
        assert_eq!(c[0].option, "常年性项目");
        assert_eq!(
            c.iter().map(|c| c.checked).collect::<Vec<_>>(),
            vec![true, false, false]
        );
        // a box the text lost altogether: the option without one
        let c = choices("项目类型", "1.常年性项目 2.延续性项目□ 3.一次性项目□");
        assert_eq!(
            c.iter().map(|c| c.checked).collect::<Vec<_>>(),
            vec![true, false, false]
        );
        let c = choices("是否", "☑是 □否");
        assert_eq!(
            c.iter()
                .map(|c| (c.option.as_str(), c.checked))
                .collect::<Vec<_>>(),
            vec![("是", true), ("否", false)]
        );
    }

    #[test]
    fn titles_and_labels() {
        assert!(is_title("社会保险业务工作经费项目绩效自评表"));
        assert!(is_title("2026年市级重点专项资金绩效目标表(一级项目)"));
        assert!(is_title("七、重点项目预算绩效目标情况"));
        assert!(!is_title(
            "根据预算绩效管理要求，我单位组织对项目开展绩效自评表。"
        ));
        assert_eq!(
            project_of_title("合同人员经费项目绩效自评表").as_deref(),
            Some("合同人员经费")
        );
        assert_eq!(project_of_title("整体绩效自评表"), None);
        assert!(is_target_label("年度目标1：（80分）"));
        assert!(is_target_label("总体目标"));
        assert!(is_target_label("当年整体绩效目标"));
        assert!(!is_target_label("年度绩效指标（80 分）"));
        assert!(!is_target_label("偏差大或目标未完成原因分析"));
        assert_eq!(source_key("其中：当年财政拨款"), "fiscal");
        assert_eq!(source_key("年度财政资金总额"), "total");
        assert_eq!(source_key("上年结转资金"), "carryover");
    }

    #[test]
    fn levels_printed_in_one_cell_come_apart() {
        assert_eq!(
            split_levels("效益指标社会效益指标部门稳定运行率"),
            Some((
                "效益指标".into(),
                "社会效益指标".into(),
                "部门稳定运行率".into()
            ))
        );
        assert_eq!(split_levels("社会保险经办量"), None);
    }
}
