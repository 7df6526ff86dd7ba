//! Performance tables from text: a dump that prints a table's cells line by line, a wrapped cell
//! over several lines and cells sharing a baseline on one line (the seed).
//!
//! Without positions, the parts are found by what the template prints: the field labels
//! ([`FIELD_LABELS`]), the 预算执行情况 block and the numbers line under it (预算数, 执行数,
//! 执行率 %, 得分), the indicator header (一级 … 得分), weights closing every level and indicator
//! label ("（2.5 分）"), 总分, and the narrative labels. An indicator row is its label (the lines
//! before its weight), its values and its score (the number that ends its last line). Where the
//! text prints a row's cells into each other, its target and achieved values cannot be told apart:
//! they are left out and said so (`PERF_TEXT_CELLS`); weights and scores are still read.

use crate::normalise::performance::{
    choices, compact, has_boxes, is_project_label, is_title, is_unit_label, measure, number,
    percent, project_of_title, split_weight, tidy, title_is_overall, title_is_self_evaluation,
    weight_in,
};
use juesuan_model::{
    AmountUnit, Diagnostic, Evaluation, EvaluationKind, EvaluationScope, Field, Indicator, Measure,
    Rule, Severity,
};
use regex::Regex;
use rust_decimal::Decimal;
use std::sync::LazyLock;

/// The labels of a form's header fields, as the templates print them.
const FIELD_LABELS: [&str; 12] = [
    "部门（单位）名称",
    "单位名称",
    "部门名称",
    "项目名称",
    "项目实施单位",
    "实施单位",
    "主管部门",
    "项目类别",
    "项目属性",
    "项目类型",
    "基本支出总额(万元)",
    "项目支出总额(万元)",
];
/// The labels of the narrative rows after 总分.
const NARRATIVE_LABELS: [&str; 4] = [
    "偏差大或目标未完成原因分析",
    "改进措施及结果应用方案",
    "偏差原因分析",
    "改进措施",
];
const LEVEL1: [&str; 3] = ["产出指标", "效益指标", "满意度指标"];
const LEVEL2_STEMS: [&str; 9] = [
    "数量",
    "质量",
    "时效",
    "成本",
    "经济效益",
    "社会效益",
    "生态效益",
    "可持续",
    "服务对象满意度",
];

static MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[（(]\s*\d+(?:\.\d+)?\s*分\s*[）)]").unwrap());
static OPEN_MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[（(]\s*\d+(?:\.\d+)?\s*$").unwrap());

/// Read every performance self-evaluation a text prints.
pub fn read(text: &str) -> (Vec<Evaluation>, Vec<Diagnostic>) {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let titles: Vec<usize> = (0..lines.len())
        .filter(|&i| {
            let t = compact(lines[i]);
            is_title(&t) && (t.ends_with("自评表") || t.ends_with("目标表"))
        })
        .collect();
    let mut evaluations = Vec::new();
    let mut diagnostics = Vec::new();
    for (k, &start) in titles.iter().enumerate() {
        let end = titles.get(k + 1).copied().unwrap_or(lines.len());
        let section = &lines[start + 1..end];
        match read_form(lines[start], section, &mut diagnostics) {
            Some(e) => evaluations.push(e),
            None => diagnostics.push(Diagnostic::note(
                Rule::PerfNotRead,
                Severity::Warning,
                format!(
                    "\"{}\": the text under the title has no 预算执行情况 block or indicator header; not read",
                    tidy(lines[start])
                ),
            )),
        }
    }
    (evaluations, diagnostics)
}

/// The first line from `from` on where a text matching `f` starts (the text may wrap: the line
/// and the two after it are read together).
fn position(lines: &[&str], from: usize, f: impl Fn(&str) -> bool) -> Option<usize> {
    (from..lines.len()).find(|&i| f(&compact(&lines[i..(i + 3).min(lines.len())].concat())))
}

fn read_form(title: &str, lines: &[&str], diagnostics: &mut Vec<Diagnostic>) -> Option<Evaluation> {
    let title = tidy(title);
    let money = position(lines, 0, |t| t.starts_with("预算执行情况"))?;
    let numbers = (money..lines.len()).find(|&i| lines[i].contains('%'))?;
    let header = position(lines, numbers + 1, |t| t.starts_with("一级"))?;
    let header_end = (header..lines.len()).find(|&i| compact(lines[i]).ends_with("得分"))?;
    let total = (header_end + 1..lines.len()).find(|&i| compact(lines[i]).starts_with("总分"))?;
    let notes = (total..lines.len())
        .find(|&i| {
            let t = compact(lines[i]);
            t.starts_with("注:") || t.starts_with("注：") || t.starts_with("备注")
        })
        .unwrap_or(lines.len());

    let mut e = Evaluation {
        evaluation: String::new(),
        scope: if title_is_overall(&title) {
            EvaluationScope::Overall
        } else {
            EvaluationScope::Project
        },
        kind: if title_is_self_evaluation(&title) {
            EvaluationKind::SelfEvaluation
        } else {
            EvaluationKind::Target
        },
        title: title.clone(),
        page: 1,
        pages: vec![1],
        unit: AmountUnit::WanYuan,
        budget: None,
        executed: None,
        execution_rate: None,
        budget_weight: None,
        budget_score: None,
        total_score: None,
        initial_budget: None,
        sources: Vec::new(),
        indicator_weight: None,
        target: None,
        outcome: None,
        fields: Vec::new(),
        choices: Vec::new(),
        indicators: Vec::new(),
    };
    // the header fields (the issuer line "单位名称：…" above the table is not one of them)
    let head: Vec<&str> = lines[..money]
        .iter()
        .copied()
        .filter(|l| !compact(l).contains("名称："))
        .collect();
    let mut project = None;
    for (label, value) in labelled(&compact(&head.concat()), &FIELD_LABELS) {
        if is_project_label(&label) {
            project = Some(value);
        } else if has_boxes(&value) {
            e.choices.extend(choices(&label, &value));
        } else {
            if is_unit_label(&label) && project.is_none() {
                e.scope = EvaluationScope::Overall;
            }
            e.fields.push(Field { label, value });
        }
    }
    e.evaluation = match e.scope {
        EvaluationScope::Overall => "整体".into(),
        EvaluationScope::Project => project
            .or_else(|| project_of_title(&title))
            .unwrap_or_else(|| title.clone()),
    };
    // 预算执行情况 (its weight), then 预算数 执行数 执行率 得分 on one line
    e.budget_weight = weight_in(&compact(&lines[money..numbers].concat()));
    let tokens: Vec<&str> = lines[numbers].split_whitespace().collect();
    let rate_at = tokens
        .iter()
        .position(|t| t.ends_with('%') || t.ends_with('％'))?;
    let amounts: Vec<Decimal> = tokens[..rate_at].iter().filter_map(|t| number(t)).collect();
    if amounts.len() >= 2 {
        e.budget = Some(amounts[amounts.len() - 2]);
        e.executed = Some(amounts[amounts.len() - 1]);
    }
    e.execution_rate = percent(tokens[rate_at]);
    e.budget_score = tokens.get(rate_at + 1).and_then(|t| number(t));
    // between the numbers and the indicator header: a target row, then the block's label
    let between = compact(&lines[numbers + 1..header].concat());
    let block_at = between
        .rfind("年度绩效")
        .or_else(|| between.rfind("绩效指标"))
        .unwrap_or(between.len());
    e.indicator_weight = weight_in(&between[block_at..]);
    let target_part = &between[..block_at];
    if let Some(m) = MARKER.find(target_part) {
        e.indicator_weight = e.indicator_weight.or(weight_in(target_part));
        let text = tidy(&target_part[m.end()..]);
        e.target = Some(text).filter(|t| !t.is_empty());
    }
    e.indicators = indicators(&lines[header_end + 1..total], &e.evaluation, diagnostics);
    e.total_score = number(
        compact(lines[total])
            .trim_start_matches("总分")
            .trim_end_matches('分'),
    );
    for (label, value) in labelled(
        &compact(&lines[total + 1..notes].concat()),
        &NARRATIVE_LABELS,
    ) {
        e.fields.push(Field { label, value });
    }
    Some(e)
}

/// Split a compact text at known labels: (label as printed, the text up to the next label).
fn labelled(text: &str, labels: &[&str]) -> Vec<(String, String)> {
    let fold = |s: &str| -> String {
        s.chars()
            .map(|c| match c {
                '（' => '(',
                '）' => ')',
                c => c,
            })
            .collect()
    };
    let folded = fold(text);
    // (byte start, byte end) of each label found, leftmost, longest label first
    let mut found: Vec<(usize, usize)> = Vec::new();
    let mut at = 0;
    while at < folded.len() {
        let hit = labels
            .iter()
            .filter_map(|l| {
                let l = fold(l);
                folded[at..].find(&l).map(|p| (at + p, at + p + l.len()))
            })
            .min_by_key(|(s, e)| (*s, usize::MAX - e));
        let Some((s, end)) = hit else { break };
        found.push((s, end));
        at = end;
    }
    // folding keeps byte lengths only where brackets are ASCII already: map back by chars
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let folded_chars: Vec<usize> = folded.char_indices().map(|(i, _)| i).collect();
    let to_text = |b: usize| {
        folded_chars
            .iter()
            .position(|&i| i == b)
            .map_or(text.len(), |k| chars[k].0)
    };
    found
        .iter()
        .enumerate()
        .map(|(k, &(s, end))| {
            let next = found.get(k + 1).map_or(folded.len(), |n| n.0);
            (
                text[to_text(s)..to_text(end)].to_string(),
                tidy(&text[to_text(end)..to_text(next)]),
            )
        })
        .collect()
}

/// A label line of an indicator: one piece of text, or (a row printed into its neighbours) the
/// label's first piece followed by other cells and the row's score.
fn is_label_line(line: &str) -> bool {
    let tokens: Vec<&str> = line.split_whitespace().collect();
    match tokens.as_slice() {
        [one] => !one.chars().any(|c| c.is_ascii_digit()),
        [first, .., last] => !first.chars().any(|c| c.is_ascii_digit()) && is_bare_number(last),
        [] => false,
    }
}

fn is_bare_number(t: &str) -> bool {
    !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || c == '.') && number(t).is_some()
}

/// Level of a label, by the words the templates use.
enum Label {
    Level1(String, Option<String>),
    Level2(String),
    Indicator(String),
    /// A weight printed apart from its label (a page break between them).
    Weight,
}

fn classify(name: &str, has_level1: bool) -> Label {
    if name.is_empty() {
        return Label::Weight;
    }
    if let Some(l1) = LEVEL1.iter().find(|l| name.starts_with(*l)) {
        let rest = &name[l1.len()..];
        return Label::Level1(
            l1.to_string(),
            Some(rest.to_string()).filter(|r| !r.is_empty()),
        );
    }
    let is_level2 = name.chars().count() <= 10 && LEVEL2_STEMS.iter().any(|s| name.starts_with(s));
    if is_level2 && (has_level1 || !name.starts_with("成本")) {
        Label::Level2(name.to_string())
    } else if name.starts_with("成本指标") {
        Label::Level1(name.to_string(), None)
    } else {
        Label::Indicator(name.to_string())
    }
}

struct Row {
    indicator: String,
    weight: Option<Decimal>,
    level1: Option<usize>,
    level2: Option<usize>,
    content: Vec<String>,
    /// Cells of the row printed on its label's lines (a row printed into its neighbours).
    interleaved: Vec<String>,
    score: Option<Decimal>,
}

fn indicators(
    region: &[&str],
    evaluation: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Indicator> {
    // a weight wrapped over two lines ("（10" / "分）") joined back
    let mut lines: Vec<String> = Vec::new();
    for l in region {
        match lines.last_mut() {
            Some(prev) if OPEN_MARKER.is_match(prev) && l.starts_with('分') => {
                prev.push(' ');
                prev.push_str(l);
            }
            _ => lines.push(l.to_string()),
        }
    }
    let markers: Vec<usize> = (0..lines.len())
        .filter(|&i| MARKER.is_match(&lines[i]))
        .collect();
    let mut levels1: Vec<(String, Option<Decimal>)> = Vec::new();
    let mut levels2: Vec<(String, Option<Decimal>)> = Vec::new();
    let mut rows: Vec<Row> = Vec::new();
    let mut prev_end = 0; // first line after the previous label's marker line
    for (k, &m) in markers.iter().enumerate() {
        // the lines since the previous marker: the previous row's values, then this label
        let mut label_from = m;
        while label_from > prev_end && is_label_line(&lines[label_from - 1]) {
            let j = label_from - 1;
            if lines[j].split_whitespace().count() > 1 {
                // a label's first line printed with the row's other cells and its score: only
                // once the row before has its score (else the line is that row's values)
                let scored = rows.last().is_some_and(|r| r.score.is_some())
                    || lines[prev_end..j]
                        .last()
                        .and_then(|l| l.split_whitespace().last())
                        .is_some_and(is_bare_number);
                if scored {
                    label_from = j;
                }
                break;
            }
            label_from = j;
        }
        if let Some(row) = rows.last_mut().filter(|_| k > 0) {
            row.content
                .extend(lines[prev_end..label_from].iter().cloned());
        }
        let mut pieces = String::new();
        let mut interleaved = Vec::new();
        let mut early_score = None;
        for line in &lines[label_from..m] {
            let tokens: Vec<&str> = line.split_whitespace().collect();
            pieces.push_str(tokens[0]);
            if tokens.len() > 1 {
                early_score = number(tokens[tokens.len() - 1]);
                interleaved.extend(tokens[1..tokens.len() - 1].iter().map(|t| t.to_string()));
            }
        }
        let marker = MARKER.find(&lines[m]).expect("a marker line");
        pieces.push_str(&lines[m][..marker.start()]);
        let (name, _) = split_weight(&pieces);
        let name = compact(&name);
        let weight = weight_in(marker.as_str());
        let after = lines[m][marker.end()..].trim().to_string();
        prev_end = m + 1;
        match classify(&name, !levels1.is_empty()) {
            Label::Weight => {
                // the weight of the last level printed without one
                if let Some(l) = levels1.last_mut().filter(|l| l.1.is_none()) {
                    l.1 = weight;
                } else if let Some(l) = levels2.last_mut().filter(|l| l.1.is_none()) {
                    l.1 = weight;
                }
            }
            Label::Level1(l1, level2) => match level2 {
                Some(l2) => {
                    levels1.push((l1, None));
                    levels2.push((l2, weight));
                }
                None => levels1.push((l1, weight)),
            },
            Label::Level2(l2) => levels2.push((l2, weight)),
            Label::Indicator(indicator) => rows.push(Row {
                indicator,
                weight,
                level1: levels1.len().checked_sub(1),
                level2: levels2.len().checked_sub(1),
                content: Some(after).filter(|a| !a.is_empty()).into_iter().collect(),
                interleaved,
                score: early_score,
            }),
        }
    }
    if let Some(row) = rows.last_mut() {
        row.content.extend(lines[prev_end..].iter().cloned());
    }
    let mut out = Vec::new();
    for mut row in rows {
        if row.score.is_none()
            && let Some(last) = row.content.last_mut()
        {
            let mut tokens: Vec<&str> = last.split_whitespace().collect();
            if tokens.last().is_some_and(|t| is_bare_number(t)) {
                row.score = number(tokens.pop().unwrap());
                *last = tokens.join(" ");
            }
        }
        row.content.retain(|l| !l.trim().is_empty());
        let values = if row.interleaved.is_empty() {
            target_and_actual(&row.content)
        } else {
            None
        };
        if values.is_none() {
            diagnostics.push(Diagnostic::note(
                Rule::PerfTextCells,
                Severity::Info,
                format!(
                    "{evaluation}: {}: the text prints its target and achieved values into each other; both left out (weight and score read)",
                    row.indicator
                ),
            ));
        }
        let (target, actual) = values.unzip();
        let level1 = row.level1.map(|i| &levels1[i]);
        let level2 = row.level2.map(|i| &levels2[i]);
        out.push(Indicator {
            level1: level1.map(|l| l.0.clone()),
            level1_weight: level1.and_then(|l| l.1),
            level2: level2.map(|l| l.0.clone()),
            level2_weight: level2.and_then(|l| l.1),
            indicator: row.indicator,
            weight: row.weight,
            target,
            actual,
            score: row.score,
            page: 1,
            remark: None,
            fields: Vec::new(),
        });
    }
    out
}

/// The target and achieved values of a row's lines: two quantities or words on one line ("24 万
/// 23.8 万", "足额发放 足额发放", "每月 7 日 按时发放"), or a first line holding the target and
/// the rest the achieved text. None when the cells cannot be told apart.
fn target_and_actual(content: &[String]) -> Option<(Measure, Measure)> {
    let all: Vec<&str> = content.iter().flat_map(|l| l.split_whitespace()).collect();
    let values = values_of(&all);
    if values.len() == 2 {
        return Some((measure(&values[0]), measure(&values[1])));
    }
    let first: Vec<&str> = content.first()?.split_whitespace().collect();
    if content.len() > 1 && values_of(&first).len() == 1 {
        let rest = tidy(&content[1..].concat());
        return Some((measure(&first.concat()), measure(&rest)));
    }
    None
}

/// Tokens to values: a number takes the unit words after it ("127.85" "万" "元"), a short word
/// takes the number after it ("每月" "7" "日"), any other word stands alone.
fn values_of(tokens: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut in_quantity = false;
    let mut short_word = false;
    for t in tokens {
        let starts_number = t
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || "≥≤<>=＝≧≦".contains(c));
        // a unit: short ("万", "万元", "人次"), a rate ("元/人天") or with its qualifier ("万人以上")
        let unit_like = !t.chars().any(|c| c.is_ascii_digit())
            && !t.contains(['，', '。', '；', '、'])
            && (t.chars().count() <= 2
                || t.contains('/')
                || ["以上", "以下", "以内", "左右"]
                    .iter()
                    .any(|q| t.ends_with(q)));
        match out.last_mut() {
            Some(last) if in_quantity && unit_like => last.push_str(t),
            Some(last) if short_word && starts_number => {
                last.push_str(t);
                in_quantity = true;
            }
            _ => {
                out.push(t.to_string());
                in_quantity = starts_number || t.chars().last().is_some_and(|c| c.is_ascii_digit());
                short_word = !starts_number && t.chars().count() <= 2;
                continue;
            }
        }
        short_word = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_come_apart_on_one_line() {
        let v = |s: &str| values_of(&s.split_whitespace().collect::<Vec<_>>());
        assert_eq!(v("24 万 23.8 万"), vec!["24万", "23.8万"]);
        assert_eq!(v("2万份 3.76 万份"), vec!["2万份", "3.76万份"]);
        assert_eq!(v("每月 7 日 按时发放"), vec!["每月7日", "按时发放"]);
        assert_eq!(v("足额发放 足额发放"), vec!["足额发放", "足额发放"]);
        assert_eq!(
            v("127.85 万 元 124.08 万元"),
            vec!["127.85万元", "124.08万元"]
        );
        assert_eq!(v("1万人 1 万人以上"), vec!["1万人", "1万人以上"]);
        assert_eq!(v("94.9 83.66"), vec!["94.9", "83.66"]);
    }
}
