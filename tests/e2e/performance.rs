//! 绩效自评表 and 绩效目标表: the p-series against its truth, the seed's five self-evaluations,
//! and the real reports' target tables.

use crate::util::*;
use juesuan_model::{Document, Evaluation, Rule, Severity};
use serde_json::Value;
use std::path::PathBuf;

fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn performance_pdfs() -> Vec<PathBuf> {
    corpus_pdfs()
        .into_iter()
        .filter(|p| truth(p).get("evaluations").is_some())
        .collect()
}

/// A value of the model as the truth writes it: text compacted, decimals as printed, absent null.
fn normalised(v: &Value) -> Value {
    match v {
        Value::String(s) => Value::String(compact(s)),
        Value::Array(a) => Value::Array(a.iter().map(normalised).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .filter(|(_, v)| !v.is_null() && *v != &Value::Array(vec![]))
                .map(|(k, v)| (k.clone(), normalised(v)))
                .collect(),
        ),
        v => v.clone(),
    }
}

/// The fields of an extracted evaluation that the truth states (positions are the reader's).
fn comparable(e: &Evaluation) -> Value {
    let mut v = serde_json::to_value(e).unwrap();
    let o = v.as_object_mut().unwrap();
    for k in ["page", "pages", "unit"] {
        o.remove(k);
    }
    for i in o["indicators"].as_array_mut().unwrap() {
        i.as_object_mut().unwrap().remove("page");
    }
    normalised(&v)
}

fn wanted(want: &Value) -> Value {
    let mut w = want.clone();
    w.as_object_mut().unwrap().remove("continued");
    normalised(&w)
}

/// Where two JSON values differ, as paths.
fn differences(path: &str, got: &Value, want: &Value, out: &mut Vec<String>) {
    match (got, want) {
        (Value::Object(g), Value::Object(w)) => {
            let keys: std::collections::BTreeSet<&String> = g.keys().chain(w.keys()).collect();
            for k in keys {
                let null = Value::Null;
                differences(
                    &format!("{path}.{k}"),
                    g.get(k).unwrap_or(&null),
                    w.get(k).unwrap_or(&null),
                    out,
                );
            }
        }
        (Value::Array(g), Value::Array(w)) if g.len() == w.len() => {
            for (i, (a, b)) in g.iter().zip(w).enumerate() {
                differences(&format!("{path}[{i}]"), a, b, out);
            }
        }
        (g, w) if g != w => out.push(format!("{path}: got {g}, want {w}")),
        _ => {}
    }
}

/// Every evaluation of every p-series PDF is its truth: amounts, rates, weights, scores, fields,
/// choices and every indicator with its levels, target and achieved value; tables the truth marks
/// as continued are read over more than one page.
#[test]
fn every_corpus_evaluation_equals_its_truth() {
    let pdfs = performance_pdfs();
    assert!(
        pdfs.len() >= 14,
        "{} PDFs with performance tables",
        pdfs.len()
    );
    let producers: std::collections::BTreeSet<String> = pdfs
        .iter()
        .map(|p| truth(p)["producer"].as_str().unwrap().to_string())
        .collect();
    assert!(producers.len() >= 4, "{producers:?}");
    let mut failures = Vec::new();
    let (mut evaluations, mut indicators, mut continued) = (0, 0, 0);
    for pdf in &pdfs {
        let name = pdf.file_stem().unwrap().to_string_lossy().to_string();
        let doc = corpus_doc(pdf);
        let want = truth(pdf)["evaluations"].as_array().unwrap().clone();
        if doc.evaluations.len() != want.len() {
            failures.push(format!(
                "{name}: {} evaluations, want {}: {:?}",
                doc.evaluations.len(),
                want.len(),
                doc.evaluations
                    .iter()
                    .map(|e| &e.evaluation)
                    .collect::<Vec<_>>()
            ));
            continue;
        }
        if truth(pdf)["style"]["performance_layout"] == "listing" {
            // one table of every project's indicators, over more than one page
            let pages: std::collections::BTreeSet<usize> = doc
                .evaluations
                .iter()
                .flat_map(|e| e.pages.clone())
                .collect();
            continued += usize::from(pages.len() > 1);
            if pages.len() < 2 {
                failures.push(format!("{name}: the listing read on pages {pages:?} only"));
            }
        }
        for (got, want) in doc.evaluations.iter().zip(&want) {
            let mut diffs = Vec::new();
            differences("", &comparable(got), &wanted(want), &mut diffs);
            if want["continued"] == true {
                continued += 1;
                if got.pages.len() < 2 {
                    diffs.push(format!("read on pages {:?} only", got.pages));
                }
            }
            for d in diffs.iter().take(4) {
                failures.push(format!("{name} {}: {d}", got.evaluation));
            }
            evaluations += 1;
            indicators += got.indicators.len();
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(evaluations >= 40 && indicators >= 500 && continued >= 5);
}

/// The truth itself holds every performance check, so a generator bug cannot slip in, and the
/// checks computed on the extracted corpus all pass.
#[test]
fn every_performance_check_holds_on_the_corpus() {
    let mut counts = std::collections::BTreeMap::new();
    for pdf in performance_pdfs() {
        let doc = corpus_doc(&pdf);
        for d in doc
            .diagnostics
            .iter()
            .filter(|d| d.rule.group() == "performance")
        {
            assert!(
                d.severity == Severity::Pass,
                "{}: {} {}",
                pdf.display(),
                d.rule,
                d.message
            );
            *counts.entry(d.rule.as_str()).or_insert(0) += 1;
        }
        let mut from_truth = Document {
            evaluations: truth_evaluations(truth(&pdf)),
            ..truth_document(truth(&pdf))
        };
        from_truth.diagnostics.clear();
        let checks = juesuan_report::validate::validate(&from_truth);
        let checks: Vec<_> = checks
            .iter()
            .filter(|d| d.rule.group() == "performance")
            .collect();
        let scored = from_truth
            .evaluations
            .iter()
            .any(|e| e.total_score.is_some());
        assert!(
            !scored || checks.len() > 20,
            "{}: {} checks on the truth",
            pdf.display(),
            checks.len()
        );
        for d in checks {
            assert!(
                d.severity == Severity::Pass,
                "{} truth: {}",
                pdf.display(),
                d.message
            );
        }
    }
    for rule in [
        "PERF_EXECUTION_RATE",
        "PERF_BUDGET_SCORE",
        "PERF_SCORE_WEIGHT",
        "PERF_WEIGHTS",
        "PERF_TOTAL_SCORE",
        "PERF_EXECUTED_TOTAL",
    ] {
        assert!(
            counts.get(rule).copied().unwrap_or(0) > 5,
            "{rule}: {counts:?}"
        );
    }
}

/// The truth's evaluations as model values (the truth leaves out positions).
fn truth_evaluations(truth: &Value) -> Vec<Evaluation> {
    truth["evaluations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let mut e = e.clone();
            let o = e.as_object_mut().unwrap();
            o.remove("continued");
            o.insert("page".into(), 1.into());
            o.insert("pages".into(), serde_json::json!([1]));
            o.insert("unit".into(), "万元".into());
            for i in o["indicators"].as_array_mut().unwrap() {
                i.as_object_mut().unwrap().insert("page".into(), 1.into());
            }
            serde_json::from_value(e).unwrap()
        })
        .collect()
}

/// The seed's five self-evaluations (../shared/seed, read as text), copied from the seed by hand:
/// evaluation, 预算数, 执行数, 执行率, 分值, 得分, 总分; then each indicator's 一级 (分值), 二级 (分值),
/// name, weight, score.
const SEED: &str = "
整体|1677.18|1675.76|99.9|20|19.98|95.64
产出指标 40|数量指标 20|月社会保险业务经办量|5|4.5
产出指标 40|数量指标 20|社会保险政策宣传资料发放量|5|5
产出指标 40|数量指标 20|退休人员年审、社区服务指导|5|4
产出指标 40|数量指标 20|对参保对象组织开展稽核量|5|5
产出指标 40|质量指标 10|社会保险综合覆盖率|3|3
产出指标 40|质量指标 10|合同人员工资足额发放率|3|3
产出指标 40|质量指标 10|合同人员考核合格率|4|4
产出指标 40|成本指标 10|社保业务工作所需各项费用|5|4.85
产出指标 40|成本指标 10|合同人员年均工资|5|3.31
效益指标 30|社会效益指标 10|保障合同人员基本生活，充实社会保险业务经办队伍，保证社保业务工作全面开展|5|5
效益指标 30|社会效益指标 10|维护参保人员合法权益，保障社保基金安全|5|5
效益指标 30|生态效益指标 10|更好、更便利地为服务对象提供服务，维护社会稳定|10|10
效益指标 30|可持续影响指标 10|保证社会保险业务经办队伍的稳定发展|10|10
满意度指标 10|服务对象满意度 10|业务办理、咨询服务满意率|10|9
社会保险业务工作经费|37.03|35.61|96.2|20|19.23|97.68
产出指标 40|数量指标 10|社会保险经办量|2.5|2.48
产出指标 40|数量指标 10|社会保险政策扩面宣传发放量|2.5|2.5
产出指标 40|数量指标 10|社会保险政策业务培训量|2.5|2.5
产出指标 40|数量指标 10|对参保对象组织开展稽核量|2.5|2.5
产出指标 40|质量指标 10|保质保量的完成社保各项业务工作|10|10
产出指标 40|时效指标 10|及时完成社保各项业务工作|10|10
产出指标 40|成本指标 10|按社保各项业务工作需要计算|10|9.97
效益指标 40|经济效益 10|完成社保各项业务工作|10|10
效益指标 40|社会效益 10|更好、更便捷地为服务对象提供服务|10|9.5
效益指标 40|生态效益发 10|更好、更便捷地为服务对象提供服务|10|9.5
效益指标 40|可持续性 10|更好、更便捷地为服务对象提供服务|10|9.5
合同人员经费|83.66|83.66|100.0|20|20|96.82
产出指标 40|数量指标 10|聘用合同人员及公益性岗位人数|10|10
产出指标 40|质量指标 10|保障聘用人员的合法权益|10|10
产出指标 40|时效指标 10|工资发放时间固定|10|10
产出指标 40|成本指标 10|合同人员、公益性岗位人员工资金额|10|8.82
效益指标 40|经济效益 10|做好服务工作，让参保对象满意|10|9.5
效益指标 40|社会效益 10|充实社会保险业务经办队伍，保证社保业务工作全面开展|10|9.5
效益指标 40|生态效益发 10|做好服务工作，让参保对象满意|10|9.5
效益指标 40|可持续性 10|保证社会保险业务经办队伍的稳定发展|10|9.5
社会保险补贴|1.66|1.66|100.0|20|20|98
产出指标 40|数量指标 10|公益性岗位人数|10|10
产出指标 40|质量指标 10|保障公益性岗位人员的合法权益|10|10
产出指标 40|时效指标 10|工资发放时间固定|10|10
产出指标 40|成本指标 10|公益性岗位人员工资金额|10|10
效益指标 40|经济效益 10|做好服务工作，让参保对象满意|10|9.5
效益指标 40|社会效益 10|充实社会保险业务经办队伍，保证社保业务工作全面开展|10|9.5
效益指标 40|生态效益发 10|做好服务工作，让参保对象满意|10|9.5
效益指标 40|可持续性 10|保证社会保险业务经办队伍的稳定发展|10|9.5
公益性岗位补贴|3.15|3.15|100.0|20|20|98
产出指标 40|数量指标 10|公益性岗位人数|10|10
产出指标 40|质量指标 10|保障公益性岗位人员的合法权益|10|10
产出指标 40|时效指标 10|工资发放时间固定|10|10
产出指标 40|成本指标 10|公益性岗位人员工资金额|10|10
效益指标 40|经济效益 10|做好服务工作，让参保对象满意|10|9.5
效益指标 40|社会效益 10|充实社会保险业务经办队伍，保证社保业务工作全面开展|10|9.5
效益指标 40|生态效益发 10|做好服务工作，让参保对象满意|10|9.5
效益指标 40|可持续性 10|保证社会保险业务经办队伍的稳定发展|10|9.5
";

fn opt(d: Option<rust_decimal::Decimal>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// The seed's five self-evaluations come out exactly, every indicator with its levels, weight
/// and score, and every check is computed: all hold but the one the report itself breaks (its
/// 整体 预算数 1,677.18 is 0.01 below the tables' 收入总计 1,677.19), which is reported.
#[test]
fn the_seed_text_gives_its_five_self_evaluations() {
    let text =
        std::fs::read_to_string(shared().join("seed/report-2020-wuchang-social-insurance.txt"))
            .unwrap();
    let doc = juesuan_report::read_text_document("seed.txt", &text);
    let mut got: Vec<String> = Vec::new();
    for e in &doc.evaluations {
        got.push(
            [
                e.evaluation.clone(),
                opt(e.budget),
                opt(e.executed),
                opt(e.execution_rate),
                opt(e.budget_weight),
                opt(e.budget_score),
                opt(e.total_score),
            ]
            .join("|"),
        );
        assert_eq!(
            e.indicator_weight.map(|w| w.to_string()).as_deref(),
            Some("80")
        );
        for i in &e.indicators {
            got.push(format!(
                "{} {}|{} {}|{}|{}|{}",
                i.level1.as_deref().unwrap_or(""),
                opt(i.level1_weight),
                i.level2.as_deref().unwrap_or(""),
                opt(i.level2_weight),
                i.indicator,
                opt(i.weight),
                opt(i.score)
            ));
        }
    }
    let want: Vec<&str> = SEED.trim().lines().collect();
    assert_eq!(got, want);
    assert_eq!(
        doc.evaluations
            .iter()
            .map(|e| e.scope.as_str())
            .collect::<Vec<_>>(),
        ["overall", "project", "project", "project", "project"]
    );
    // target and achieved values: both wherever the text keeps the cells apart, else the row
    // is named in a PERF_TEXT_CELLS note
    let apart: Vec<&str> = doc
        .diagnostics
        .iter()
        .filter(|d| d.rule == Rule::PerfTextCells)
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(apart.len(), 1, "{apart:?}");
    assert!(apart[0].contains("退休人员年审、社区服务指导"));
    let values: Vec<(String, String, String)> = doc
        .evaluations
        .iter()
        .flat_map(|e| &e.indicators)
        .filter_map(|i| {
            Some((
                i.indicator.clone(),
                i.target.clone()?.text,
                i.actual.clone()?.text,
            ))
        })
        .collect();
    assert_eq!(
        values.len(),
        49 - 1,
        "49 indicators, one printed into its neighbours"
    );
    for (name, target, actual) in [
        ("社会保险经办量", "24万", "23.8万"),
        ("合同人员、公益性岗位人员工资金额", "94.9", "83.66"),
        ("社保业务工作所需各项费用", "127.85万元", "124.08万元"),
        ("工资发放时间固定", "每月7日", "按时发放"),
        ("社会保险政策业务培训量", "140人", "140人以上"),
    ] {
        assert!(
            values
                .iter()
                .any(|v| v == &(name.into(), target.into(), actual.into())),
            "{name}: {values:?}"
        );
    }
    let first = &doc.evaluations[0].indicators[0];
    let target = first.target.as_ref().unwrap();
    assert_eq!(
        (opt(target.value), target.unit.as_deref()),
        ("2".into(), Some("万笔"))
    );
    assert!(
        first.actual.as_ref().unwrap().value.is_none(),
        "a text with several numbers"
    );
    // the checks: all computed, all hold but 预算数 against the tables
    let checks: Vec<_> = doc
        .diagnostics
        .iter()
        .filter(|d| d.rule.group() == "performance")
        .collect();
    for rule in [
        "PERF_EXECUTION_RATE",
        "PERF_BUDGET_SCORE",
        "PERF_SCORE_WEIGHT",
        "PERF_WEIGHTS",
        "PERF_TOTAL_SCORE",
        "PERF_EXECUTED_TOTAL",
        "PERF_BUDGET_TOTAL",
    ] {
        assert!(
            checks.iter().any(|d| d.rule.as_str() == rule),
            "{rule} not computed"
        );
    }
    let failed: Vec<_> = checks
        .iter()
        .filter(|d| d.severity != Severity::Pass)
        .collect();
    assert_eq!(failed.len(), 1, "{failed:#?}");
    assert_eq!(failed[0].rule, Rule::PerfBudgetTotal);
    assert_eq!(
        (
            opt(failed[0].expected),
            opt(failed[0].actual),
            opt(failed[0].difference)
        ),
        ("1677.19".into(), "1677.18".into(), "-0.01".into())
    );
    assert_eq!(failed[0].severity, Severity::Warning);
}

/// The real reports' performance tables, found by reading their pages (pdftotext and `juesuan
/// debug`): file, the pages they are printed on, the evaluations they hold. 北京's d0042–d0066 only
/// name theirs in the contents (the tables are published apart); 威海 and 泰安 print lists of
/// evaluation grades, reported rather than read.
const REAL_TABLES: &[(&str, (usize, usize), usize)] = &[
    (
        "realworld/beijing_shenjiju_2026_bumen_yusuan_tables.pdf",
        (12, 21),
        18,
    ),
    (
        "realworld/chongqing_shangwuwei_2026_bumen_yusuan.pdf",
        (25, 28),
        3,
    ),
    (
        "realworld/guangzhou_fagaiwei_2026_bumen_yusuan.pdf",
        (26, 35),
        53,
    ),
    (
        "realworld/shenzhen_caizhengju_2026_bumen_yusuan.pdf",
        (11, 12),
        8,
    ),
    (
        "realworld/xian_anjianju_2019_bumen_yusuan_tables.pdf",
        (33, 45),
        2,
    ),
    (
        "realworld/yantai_caizhengju_2026_bumen_yusuan.pdf",
        (32, 46),
        12,
    ),
    ("realworld2/d0069_shenzhen_2026_yusuan.pdf", (17, 18), 1),
    ("realworld2/d0070_shenzhen_2026_yusuan.pdf", (39, 53), 56),
    ("realworld2/d0072_shenzhen_2026_yusuan.pdf", (11, 11), 5),
    ("realworld2/d0075_shenzhen_2026_yusuan.pdf", (10, 12), 8),
    ("realworld2/d0078_shenzhen_2026_yusuan.pdf", (13, 16), 6),
    ("realworld2/d0081_shenzhen_2026_yusuan.pdf", (12, 13), 5),
    ("realworld2/d0084_shenzhen_2026_yusuan.pdf", (13, 14), 9),
    ("realworld2/d0087_shenzhen_2026_yusuan.pdf", (10, 11), 9),
    ("realworld2/d0090_shenzhen_2026_yusuan.pdf", (43, 54), 49),
    ("realworld2/d0093_shenzhen_2026_yusuan.pdf", (11, 12), 4),
    ("realworld2/d0099_chongqing_2026_yusuan.pdf", (26, 28), 3),
    ("realworld2/d0102_guangzhou_2026_yusuan.pdf", (21, 26), 15),
    ("realworld2/d0105_guangzhou_2026_yusuan.pdf", (19, 27), 45),
    ("realworld2/d0108_guangzhou_2026_yusuan.pdf", (22, 27), 23),
    ("realworld2/d0111_guangzhou_2026_yusuan.pdf", (24, 80), 338),
    ("realworld2/d0114_guangzhou_2026_yusuan.pdf", (29, 50), 122),
    ("realworld2/d0117_guangzhou_2026_yusuan.pdf", (22, 29), 34),
    ("realworld2/d0120_guangzhou_2026_yusuan.pdf", (25, 74), 266),
    ("realworld2/g0045_guangzhou_2025.pdf", (134, 146), 9),
    ("realworld2/g0066_yinchuan_2025_tables.pdf", (199, 203), 16),
    ("realworld2/g0261_yunfu_2025_budget_report.pdf", (83, 83), 1),
];
const REAL_REPORTED: &[&str] = &[
    "realworld2/g0252_weihai_2025_budget_execution_report.pdf",
    "realworld2/g0258_taian_2025_budget_execution_report.pdf",
];

/// Every performance table of the real reports is read, each page of it into evaluations (with
/// a target text, planned amounts or indicators), or reported with the reason; no other report
/// gets evaluations, and nothing is left unread without a word.
#[test]
fn every_real_performance_table_is_read_or_reported() {
    let (mut evaluations, mut indicators) = (0, 0);
    for report in real_reports() {
        let Ok(doc) = &report.doc else { continue };
        let name = report.name.as_str();
        let not_read: Vec<_> = doc
            .diagnostics
            .iter()
            .filter(|d| d.rule == Rule::PerfNotRead)
            .collect();
        if REAL_REPORTED.contains(&name) {
            assert!(doc.evaluations.is_empty(), "{name}");
            assert!(
                !not_read.is_empty()
                    && not_read
                        .iter()
                        .all(|d| d.severity == Severity::Info && d.message.contains("grades")),
                "{name}: {not_read:?}"
            );
            continue;
        }
        assert!(not_read.is_empty(), "{name}: {not_read:#?}");
        let Some(&(_, (first, last), count)) = REAL_TABLES.iter().find(|t| t.0 == name) else {
            assert!(
                doc.evaluations.is_empty(),
                "{name}: {} evaluations",
                doc.evaluations.len()
            );
            continue;
        };
        assert_eq!(doc.evaluations.len(), count, "{name}");
        let pages: std::collections::BTreeSet<usize> = doc
            .evaluations
            .iter()
            .flat_map(|e| e.pages.clone())
            .collect();
        assert_eq!(
            (pages.first().copied(), pages.last().copied()),
            (Some(first), Some(last)),
            "{name}: {pages:?}"
        );
        for e in &doc.evaluations {
            assert!(
                e.target.is_some() || e.budget.is_some() || !e.indicators.is_empty(),
                "{name}: {} read empty",
                e.evaluation
            );
            assert!(
                e.indicators.iter().all(|i| !i.indicator.is_empty()),
                "{name}: {}",
                e.evaluation
            );
        }
        evaluations += doc.evaluations.len();
        indicators += doc
            .evaluations
            .iter()
            .map(|e| e.indicators.len())
            .sum::<usize>();
    }
    assert_eq!(
        (evaluations, indicators),
        (1120, 740),
        "evaluations, indicators of real reports"
    );
    // where weights are printed (重庆), they add up to 100
    let chongqing = real_doc("realworld/chongqing_shangwuwei_2026_bumen_yusuan.pdf");
    let weights: Vec<_> = chongqing
        .diagnostics
        .iter()
        .filter(|d| d.rule == Rule::PerfWeights)
        .collect();
    assert!(!weights.is_empty() && weights.iter().all(|d| d.severity == Severity::Pass));
}
