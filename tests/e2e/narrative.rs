//! The 情况说明 as data: the seed's narrative figures with their keys, checked against its tables;
//! narrative-only reports give their figures.

use crate::util::*;
use juesuan_model::{Document, FigureMeasure, Rule, Severity};

fn seed() -> Document {
    let text =
        std::fs::read_to_string(shared().join("seed/report-2020-wuchang-social-insurance.txt"))
            .unwrap();
    juesuan_report::read_text_document("seed.txt", &text)
}

/// The figures of the seed's 第三部分 that name a table cell or a narrative key, copied from the
/// seed by hand: (key, measure, value).
const SEED_FIGURES: &[(&str, &str, &str)] = &[
    ("summary/grand_total/amount", "amount", "1677.19"),
    ("summary/grand_total/amount", "change", "90.61"),
    ("summary/grand_total/amount", "change_rate", "5.7"),
    ("summary/total.income/amount", "amount", "1677.19"),
    ("income/grand_total/fiscal", "amount", "1673"),
    ("income/grand_total/fiscal", "share", "99.8"),
    ("income/grand_total/other", "amount", "4.19"),
    ("income/grand_total/other", "share", "0.2"),
    ("summary/total.expenditure/amount", "amount", "1675.76"),
    ("expenditure/grand_total/basic", "amount", "1551.68"),
    ("expenditure/grand_total/basic", "share", "92.6"),
    ("expenditure/grand_total/project", "amount", "124.08"),
    ("expenditure/grand_total/project", "share", "7.4"),
    ("fiscal_summary/grand_total/amount", "amount", "1673"),
    ("fiscal_summary/grand_total/amount", "change", "86.42"),
    ("fiscal_summary/grand_total/amount", "change_rate", "5.5"),
    (
        "general_budget_expenditure/grand_total/total",
        "amount",
        "1673",
    ),
    (
        "general_budget_expenditure/grand_total/total",
        "share",
        "99.8",
    ),
    (
        "general_budget_expenditure/grand_total/total",
        "change",
        "86.42",
    ),
    (
        "general_budget_expenditure/grand_total/total",
        "change_rate",
        "5.5",
    ),
    ("general_budget_expenditure/208/total", "amount", "1358.12"),
    ("general_budget_expenditure/208/total", "share", "81.2"),
    (
        "general_budget_expenditure/2080101/total",
        "amount",
        "1096.44",
    ),
    (
        "general_budget_expenditure/2080109/total",
        "amount",
        "116.51",
    ),
    (
        "general_budget_expenditure/2080502/total",
        "amount",
        "74.02",
    ),
    (
        "general_budget_expenditure/2080505/total",
        "amount",
        "66.34",
    ),
    ("general_budget_expenditure/2080704/total", "amount", "1.66"),
    ("general_budget_expenditure/2080705/total", "amount", "3.15"),
    ("general_budget_expenditure/210/total", "amount", "149.23"),
    ("general_budget_expenditure/210/total", "share", "8.9"),
    (
        "general_budget_expenditure/2101102/total",
        "amount",
        "67.58",
    ),
    (
        "general_budget_expenditure/2101103/total",
        "amount",
        "76.03",
    ),
    ("general_budget_expenditure/2101199/total", "amount", "5.62"),
    ("general_budget_expenditure/221/total", "amount", "165.65"),
    ("general_budget_expenditure/221/total", "share", "9.9"),
    (
        "general_budget_expenditure/2210201/total",
        "amount",
        "105.73",
    ),
    (
        "general_budget_expenditure/2210202/total",
        "amount",
        "22.03",
    ),
    (
        "general_budget_expenditure/2210203/total",
        "amount",
        "37.89",
    ),
    ("initial_budget.general_budget", "amount", "1616.58"),
    (
        "general_budget_expenditure/grand_total/total",
        "share",
        "103.5",
    ),
    (
        "general_budget_expenditure/grand_total/basic",
        "amount",
        "1551.68",
    ),
    (
        "general_budget_expenditure/grand_total/project",
        "amount",
        "121.32",
    ),
    ("initial_budget.208", "amount", "1315.87"),
    ("general_budget_expenditure/208/total", "share", "103.2"),
    ("initial_budget.210", "amount", "149.23"),
    ("general_budget_expenditure/210/total", "share", "100.0"),
    ("initial_budget.221", "amount", "151.48"),
    ("general_budget_expenditure/221/total", "share", "109.4"),
    (
        "basic_expenditure/personnel_total/amount",
        "amount",
        "1334.77",
    ),
    ("basic_expenditure/public_total/amount", "amount", "216.91"),
    ("three_public/grand_total/budget.total", "amount", "4.5"),
    ("three_public/grand_total/actual.total", "amount", "0"),
    ("three_public/grand_total/actual.total", "share", "0.0"),
    ("three_public/grand_total/actual.abroad", "share", "0.0"),
    ("three_public/grand_total/actual.abroad", "change", "0"),
    ("three_public/grand_total/actual.vehicle", "share", "0.0"),
    (
        "three_public/grand_total/actual.vehicle_purchase",
        "share",
        "0.0",
    ),
    (
        "three_public/grand_total/actual.vehicle_purchase",
        "change",
        "0",
    ),
    (
        "three_public/grand_total/actual.vehicle_operation",
        "share",
        "0.0",
    ),
    ("three_public/grand_total/actual.reception", "share", "0.0"),
    ("three_public/grand_total/actual.abroad", "amount", "0"),
    ("three_public/grand_total/actual.vehicle", "amount", "0"),
    (
        "three_public/grand_total/actual.vehicle_purchase",
        "amount",
        "0",
    ),
    (
        "three_public/grand_total/actual.vehicle_operation",
        "amount",
        "0",
    ),
    (
        "three_public/grand_total/actual.vehicle_operation",
        "change",
        "-3.5",
    ),
    ("three_public/grand_total/actual.reception", "amount", "0"),
    ("three_public/grand_total/actual.reception", "change", "-1"),
    ("three_public/grand_total/actual.total", "change", "-0.72"),
    (
        "three_public/grand_total/actual.total",
        "change_rate",
        "-100.0",
    ),
    ("three_public/grand_total/actual.vehicle", "change", "-0.72"),
    (
        "three_public/grand_total/actual.vehicle",
        "change_rate",
        "-100.0",
    ),
    ("vehicles.official", "count", "1"),
    ("operating_costs", "amount", "216.91"),
    ("operating_costs", "change", "73.67"),
    ("operating_costs", "change_rate", "51.4"),
    ("procurement.total", "amount", "8.9"),
    ("procurement.goods", "amount", "1.16"),
    ("procurement.services", "amount", "7.74"),
    ("procurement.sme", "amount", "8.9"),
    ("procurement.sme", "share", "100.0"),
    ("vehicles.total", "count", "1"),
    ("staff.in_post", "count", "43"),
    ("staff.retirees", "count", "23"),
];

/// Every figure of the seed's 情况说明 with the key it speaks of, and the checks run: those that
/// agree with the tables pass; the two rates the report prints one tenth off (增长 5.5 % where its
/// own figures give 5.4 %) are reported with both values.
#[test]
fn the_seed_narrative_is_read_with_its_keys_and_checked() {
    let doc = seed();
    let got: Vec<(String, &str, String)> = doc
        .narrative
        .iter()
        .filter_map(|f| Some((f.key.clone()?, f.measure.as_str(), f.value.to_string())))
        .collect();
    for (key, measure, value) in SEED_FIGURES {
        assert!(
            got.iter()
                .any(|(k, m, v)| k == key && m == measure && v == value),
            "missing {key} {measure} {value}"
        );
    }
    // nothing keyed that the list above does not name
    for (k, m, v) in &got {
        assert!(
            SEED_FIGURES
                .iter()
                .any(|(key, measure, value)| key == k && measure == m && value == v),
            "unexpected {k} {m} {v}"
        );
    }
    // the prior-year comparisons carry their year
    assert!(
        doc.narrative
            .iter()
            .any(|f| f.measure == FigureMeasure::ChangeRate
                && f.year == Some(2019)
                && f.key.as_deref() == Some("summary/grand_total/amount"))
    );
    let findings = |rule: Rule, severity: Severity| {
        doc.diagnostics
            .iter()
            .filter(|d| d.rule == rule && d.severity == severity)
            .collect::<Vec<_>>()
    };
    assert!(findings(Rule::NarrativeMismatch, Severity::Error).is_empty());
    assert!(findings(Rule::NarrativeMismatch, Severity::Pass).len() >= 40);
    let passes = findings(Rule::NarrativeRate, Severity::Pass);
    for rate in ["99.8%", "92.6%", "103.5%", "8.9%", "5.7%"] {
        assert!(
            passes.iter().any(|d| d.message.contains(rate)),
            "{rate} not checked"
        );
    }
    let errors = findings(Rule::NarrativeRate, Severity::Error);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    for e in errors {
        assert_eq!(e.actual, Some("5.5".parse().unwrap()));
        assert_eq!(e.expected, Some("5.4".parse().unwrap()));
    }
}

/// 北京 2026's narrative-only reports (their tables are in another file) give their figures,
/// and no check runs against tables they do not print.
#[test]
fn narrative_only_reports_give_their_figures() {
    let mut narrative_only = 0;
    for report in real_reports() {
        let Ok(doc) = &report.doc else { continue };
        if !doc.tables.is_empty() || !report.name.contains("beijing_2026") {
            continue;
        }
        narrative_only += 1;
        assert!(
            doc.narrative.iter().filter(|f| f.key.is_some()).count() >= 5,
            "{}: {} figures",
            report.name,
            doc.narrative.len()
        );
        assert!(
            doc.narrative.iter().any(|f| f
                .key
                .as_deref()
                .is_some_and(|k| k.starts_with("three_public/"))),
            "{}",
            report.name
        );
        assert!(
            !doc.diagnostics
                .iter()
                .any(|d| d.rule == Rule::NarrativeMismatch || d.rule == Rule::NarrativeNoTable),
            "{}",
            report.name
        );
    }
    assert!(narrative_only >= 9, "{narrative_only}");
}

/// The n-series: every figure its narrative states comes out with its key, measure, value, unit
/// and compared year, exactly as the truth lists them; the checks that must fail (its deliberate
/// mismatches) fail, with the expected value, and nothing else fails.
#[test]
fn narrative_series_equals_its_truth() {
    use rust_decimal::Decimal;
    use std::str::FromStr;
    type Figure = (Option<String>, String, Decimal, String, Option<u64>);
    let mut series = 0;
    for pdf in corpus_pdfs() {
        let name = pdf.file_name().unwrap().to_string_lossy().to_string();
        let truth = truth(&pdf);
        let Some(want) = truth["narrative"].as_array() else {
            continue;
        };
        series += 1;
        let doc = corpus_doc(&pdf);
        let mut want: Vec<Figure> = want
            .iter()
            .map(|f| {
                (
                    f["key"].as_str().map(str::to_string),
                    f["measure"].as_str().unwrap().to_string(),
                    Decimal::from_str(f["value"].as_str().unwrap()).unwrap(),
                    f["unit"].as_str().unwrap().to_string(),
                    f["year"].as_u64(),
                )
            })
            .collect();
        let mut got: Vec<Figure> = doc
            .narrative
            .iter()
            .map(|f| {
                (
                    f.key.clone(),
                    f.measure.as_str().to_string(),
                    f.value,
                    f.unit.clone(),
                    f.year.map(u64::from),
                )
            })
            .collect();
        want.sort();
        got.sort();
        let missing: Vec<_> = want.iter().filter(|f| !got.contains(f)).collect();
        let extra: Vec<_> = got.iter().filter(|f| !want.contains(f)).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{name}: missing {missing:#?} extra {extra:#?}"
        );
        let mut must_fail: Vec<(String, String, Decimal, Decimal)> = truth["narrative_checks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["rule"].as_str().unwrap().to_string(),
                    c["key"].as_str().unwrap().to_string(),
                    Decimal::from_str(c["value"].as_str().unwrap()).unwrap(),
                    Decimal::from_str(c["expected"].as_str().unwrap()).unwrap(),
                )
            })
            .collect();
        must_fail.sort();
        let mut failed: Vec<(String, String, Decimal, Decimal)> = doc
            .diagnostics
            .iter()
            .filter(|d| {
                matches!(d.rule, Rule::NarrativeMismatch | Rule::NarrativeRate)
                    && d.severity == Severity::Error
            })
            .map(|d| {
                // the figure the finding is about: its key from the message
                let key = doc
                    .narrative
                    .iter()
                    .find(|f| {
                        Some(f.value) == d.actual
                            && f.key.as_deref().is_some_and(|k| d.message.contains(k))
                            || Some(f.value) == d.actual && d.rule == Rule::NarrativeRate
                    })
                    .and_then(|f| f.key.clone())
                    .unwrap_or_default();
                (
                    d.rule.as_str().to_string(),
                    key,
                    d.actual.unwrap(),
                    d.expected.unwrap(),
                )
            })
            .collect();
        failed.sort();
        assert_eq!(failed, must_fail, "{name}");
    }
    assert_eq!(series, 8, "n-series documents");
}

/// Every other corpus document's narrative agrees with its tables (the generator writes it from
/// them): no narrative check fails.
#[test]
fn corpus_narratives_agree_with_their_tables() {
    for (pdf, doc) in corpus() {
        if truth(pdf)["narrative_checks"].is_array() {
            continue;
        }
        let failed: Vec<_> = doc
            .diagnostics
            .iter()
            .filter(|d| d.rule.as_str().starts_with("NARRATIVE") && d.severity == Severity::Error)
            .map(|d| d.message.as_str())
            .collect();
        assert!(failed.is_empty(), "{}: {failed:#?}", pdf.display());
        // the figures that name a table cell are checked against it
        let cells = doc
            .narrative
            .iter()
            .filter(|f| {
                f.measure == FigureMeasure::Amount
                    && f.key.as_deref().is_some_and(|k| k.contains('/'))
            })
            .count();
        let passed = doc
            .diagnostics
            .iter()
            .filter(|d| d.rule == Rule::NarrativeMismatch && d.severity == Severity::Pass)
            .count();
        assert_eq!(passed, cells, "{}", pdf.display());
    }
}
