//! Text-dump input: the seed (a naive extractor's text of a real 2020 report) gives its facts.

use crate::util::*;
use juesuan_model::Severity;

/// The seed's nine tables, every amount in its row and column: the expected facts are the truth
/// of the seed's corpus reproduction, written by hand from the seed's tables
/// (scripts/corpus/seed_doc.py) and checked by every identity (corpus tests).
#[test]
fn the_seed_text_gives_every_seed_fact() {
    let text =
        std::fs::read_to_string(shared().join("seed/report-2020-wuchang-social-insurance.txt"))
            .unwrap();
    let doc = juesuan_report::read_text_document("seed.txt", &text);
    let expected = truth_facts(&repo_root().join("corpus/seed-wuchang-chromium.pdf"));
    let got = fact_keys(&doc);
    let missing: Vec<_> = expected.iter().filter(|f| !got.contains(f)).collect();
    let extra: Vec<_> = got.iter().filter(|f| !expected.contains(f)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing {missing:#?}\nextra {extra:#?}"
    );
    assert_eq!(doc.tables.len(), 9);
    assert_eq!(
        (doc.metadata.year, doc.metadata.staff, doc.metadata.retirees),
        (Some(2020), Some(43), Some(23))
    );
    let identities: Vec<_> = doc
        .diagnostics
        .iter()
        .filter(|d| juesuan_report::validate::IDENTITY_RULES.contains(&d.rule.as_str()))
        .collect();
    assert!(identities.len() > 100);
    assert!(
        identities.iter().all(|d| d.severity == Severity::Pass),
        "{identities:#?}"
    );
    // the choices the identities made are on record, and nothing was left undecided
    assert!(
        doc.diagnostics
            .iter()
            .any(|d| d.rule == "COLUMNS_FROM_IDENTITIES")
    );
    assert!(
        !doc.diagnostics
            .iter()
            .any(|d| d.rule == "AMBIGUOUS_COLUMNS")
    );
}

/// Where the identities cannot decide, the amount is left out and said so.
#[test]
fn an_undecidable_placement_is_reported_not_guessed() {
    let text = "2020年度一般公共预算财政拨款支出决算表（表5）\n单位：万元\n栏次 1 2 3\n合计 10 10\n208 社会保障和就业支出 10 10\n20801 人力资源和社会保障管理事务 10 10\n2080101 行政运行 10 10\n";
    let doc = juesuan_report::read_text_document("t.txt", text);
    let table = doc
        .table(juesuan_model::TableKind::GeneralBudgetExpenditure)
        .unwrap();
    let total = table.row("合计").unwrap();
    assert_eq!(
        total.cells.iter().map(|c| c.column).collect::<Vec<_>>(),
        vec![1],
        "only 1栏 is certain"
    );
    assert!(
        doc.diagnostics
            .iter()
            .any(|d| d.rule == "AMBIGUOUS_COLUMNS" && d.message.contains("合计"))
    );
}
