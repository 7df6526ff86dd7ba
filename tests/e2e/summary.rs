//! A blessed summary of every real report (../shared/realworld, ../shared/realworld2): per file
//! its status, tables and their rows, facts, the sum of their values, identities held/failed, the
//! count of each rule, and the performance tables read (evaluations and their indicators). There
//! is no ground truth for these files, so instead of a threshold
//! that a lost row or table slips under, any change shows as a diff of
//! tests/fixtures/realworld-summary.tsv; `JUESUAN_BLESS=1 cargo test --test e2e summary` rewrites
//! it after a change whose diff has been read.

use crate::util::*;
use juesuan_model::{Document, Rule, Severity};
use rust_decimal::Decimal;

const HEADER: &str = "# file\tstatus\tpages\ttables (kind:rows)\tother tables\tfacts\tΣ fact values\tidentities held/failed\trules (code:count, !errors)\tevaluations/indicators";

fn summary_line(name: &str, doc: &Document) -> String {
    // status_of's status serialises to the manifest's word, whether a &str or a status type
    let status = serde_json::to_value(juesuan::pipeline::status_of(doc).0).unwrap();
    let tables: Vec<String> = doc
        .tables
        .iter()
        .map(|t| format!("{}:{}", t.kind.as_str(), t.rows.len()))
        .collect();
    let facts = doc.facts();
    let sum: Decimal = facts
        .iter()
        .map(|f| f.value.parse::<Decimal>().unwrap())
        .sum();
    let identities = doc.diagnostics.iter().filter(|d| d.rule.is_identity());
    let failed = identities
        .clone()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let held = identities.count() - failed;
    let rules: Vec<String> = Rule::ALL
        .iter()
        .filter_map(|&rule| {
            let of_rule = doc.diagnostics.iter().filter(|d| d.rule == rule);
            let count = of_rule.clone().count();
            let errors = of_rule.filter(|d| d.severity == Severity::Error).count();
            match (count, errors) {
                (0, _) => None,
                (n, 0) => Some(format!("{rule}:{n}")),
                (n, e) => Some(format!("{rule}:{n}!{e}")),
            }
        })
        .collect();
    let indicators: usize = doc.evaluations.iter().map(|e| e.indicators.len()).sum();
    format!(
        "{name}\t{}\t{}\t{}\t{}\t{}\t{}\t{held}/{failed}\t{}\t{}/{indicators}",
        status.as_str().unwrap_or("?"),
        doc.pages.len(),
        tables.join(" "),
        doc.other_tables.len(),
        facts.len(),
        sum.normalize(),
        rules.join(" "),
        doc.evaluations.len()
    )
}

#[test]
fn every_real_report_matches_the_blessed_summary() {
    let mut lines = vec![HEADER.to_string()];
    for report in real_reports() {
        lines.push(match &report.doc {
            Ok(doc) => summary_line(&report.name, doc),
            Err(e) => format!("{}\tfailed\t\t\t\t\t\t\t{e}", report.name),
        });
    }
    let listing = lines.join("\n") + "\n";
    let path = repo_root().join("tests/fixtures/realworld-summary.tsv");
    if std::env::var_os("JUESUAN_BLESS").is_some() {
        std::fs::write(&path, &listing).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != listing {
        let old: Vec<&str> = committed.lines().collect();
        let new: Vec<&str> = listing.lines().collect();
        let gone: Vec<&&str> = old.iter().filter(|l| !new.contains(l)).collect();
        let came: Vec<&&str> = new.iter().filter(|l| !old.contains(l)).collect();
        panic!(
            "tests/fixtures/realworld-summary.tsv differs (JUESUAN_BLESS=1 rewrites it once the change is understood):\n- {}\n+ {}",
            gone.iter()
                .map(|l| l.to_string())
                .collect::<Vec<_>>()
                .join("\n- "),
            came.iter()
                .map(|l| l.to_string())
                .collect::<Vec<_>>()
                .join("\n+ ")
        );
    }
}
