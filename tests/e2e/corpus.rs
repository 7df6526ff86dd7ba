//! The corpus against its ground truth: facts exact, identities held, truth itself consistent.

use crate::util::*;
use juesuan_model::{Level, Rule, Severity, TableKind};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};

#[test]
fn corpus_has_enough_documents_and_producers() {
    let pdfs = corpus_pdfs();
    let producers: BTreeSet<String> = pdfs
        .iter()
        .map(|p| truth(p)["producer"].as_str().unwrap().to_string())
        .collect();
    assert!(pdfs.len() >= 48, "{} PDFs", pdfs.len());
    assert!(producers.len() >= 4, "{producers:?}");
}

/// The layouts the canonical keys exist for are in the corpus: the three 三公 layouts, summary
/// tables without 行次, and the 2020-style 26 expenditure lines.
#[test]
fn corpus_covers_the_layouts_that_need_canonical_keys() {
    let pdfs = corpus_pdfs();
    let styles: Vec<serde_json::Value> = pdfs.iter().map(|p| truth(p)["style"].clone()).collect();
    for layout in ["columns", "pairs", "rows"] {
        assert!(
            styles.iter().any(|s| s["three_public_layout"] == layout),
            "no 三公 layout {layout}"
        );
    }
    assert!(
        styles.iter().any(|s| s["line_numbers"] == false),
        "no summary without 行次"
    );
    let covid_line = pdfs.iter().any(|p| {
        truth(p)["tables"][0]["rows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["line"] == "234" && r["label"] == "二十六、抗疫特别国债安排的支出")
    });
    assert!(
        covid_line,
        "no 2020-style summary with the 抗疫特别国债 line"
    );
    // the keys these layouts must produce are in the truth (every_corpus_table_equals_its_truth
    // checks that extraction gives them)
    let all: Vec<FactKey> = pdfs.iter().flat_map(|p| truth_facts(p)).collect();
    for key in [
        "budget.meeting",
        "actual.training",
        "budget.vehicle_operation",
        "actual.total",
    ] {
        assert!(
            all.iter().any(|f| f.0 == "three_public" && f.6 == key),
            "no fact keyed {key}"
        );
    }
    assert!(
        all.iter()
            .any(|f| f.0 == "summary" && f.1 == "总计" && f.5 == "grand_total")
    );
    assert!(
        all.iter()
            .any(|f| f.0 == "fiscal_summary" && f.5.starts_with("balance.closing."))
    );
    assert!(
        all.iter()
            .any(|f| f.0 == "summary" && f.5 == "208" && f.6 == "amount")
    );
}

#[test]
fn every_truth_file_satisfies_every_identity() {
    for pdf in corpus_pdfs() {
        let doc = truth_document(truth(&pdf));
        let findings = juesuan_report::validate::validate(&doc);
        let government = truth(&pdf)["metadata"]["family"] == "government";
        assert!(
            findings.len() > if government { 0 } else { 50 },
            "{}: only {} identities checked",
            pdf.display(),
            findings.len()
        );
        let broken: Vec<&str> = findings
            .iter()
            .filter(|d| d.severity != Severity::Pass)
            .map(|d| d.message.as_str())
            .collect();
        assert!(broken.is_empty(), "{}: {broken:#?}", pdf.display());
    }
}

/// Every table of every corpus PDF gives exactly its truth facts; all mismatches are listed.
#[test]
fn every_corpus_table_equals_its_truth() {
    let mut failures = Vec::new();
    for pdf in corpus_pdfs() {
        let doc = corpus_doc(&pdf);
        let mut got: BTreeMap<String, Vec<FactKey>> = BTreeMap::new();
        for f in fact_keys(doc) {
            got.entry(f.0.clone()).or_default().push(f);
        }
        let mut want: BTreeMap<String, Vec<FactKey>> = BTreeMap::new();
        for f in truth_facts(&pdf) {
            want.entry(f.0.clone()).or_default().push(f);
        }
        for kind in TableKind::ALL {
            let (g, w) = (
                got.remove(kind.as_str()).unwrap_or_default(),
                want.remove(kind.as_str()).unwrap_or_default(),
            );
            if g != w {
                let missing: Vec<_> = w.iter().filter(|f| !g.contains(f)).take(3).collect();
                let extra: Vec<_> = g.iter().filter(|f| !w.contains(f)).take(3).collect();
                failures.push(format!(
                    "{} {}: missing {missing:?} extra {extra:?}",
                    pdf.display(),
                    kind.as_str()
                ));
            }
        }
        let found: BTreeSet<&str> = doc.tables.iter().map(|t| t.kind.as_str()).collect();
        let printed: BTreeSet<&str> = truth(&pdf)["tables"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["kind"].as_str().unwrap())
            .collect();
        if found != printed {
            failures.push(format!(
                "{}: tables found {found:?}, printed {printed:?}",
                pdf.display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_identity_holds_on_the_extracted_corpus() {
    for pdf in corpus_pdfs() {
        let doc = corpus_doc(&pdf);
        let ids: Vec<_> = doc
            .diagnostics
            .iter()
            .filter(|d| d.rule.is_identity())
            .collect();
        // a government debt report (g-series) has its own two rules and a handful of identities
        let government = doc.metadata.family == Some(juesuan_model::DocFamily::Government);
        assert!(
            ids.len() > if government { 1 } else { 50 },
            "{}: {} identities",
            pdf.display(),
            ids.len()
        );
        let broken: Vec<&str> = ids
            .iter()
            .filter(|d| d.severity != Severity::Pass)
            .map(|d| d.message.as_str())
            .collect();
        assert!(broken.is_empty(), "{}: {broken:#?}", pdf.display());
        // a government document checks the rules of the tables it prints: debt tables their
        // limit, revenue and expenditure tables their sums and percentages
        let debt = doc.tables.iter().any(|t| t.kind.is_government_debt());
        let budget = doc
            .tables
            .iter()
            .any(|t| t.kind.is_government() && !t.kind.is_government_debt());
        let own = |r: &Rule| match r {
            Rule::GovDebtLimit => debt,
            Rule::GovSum | Rule::GovPercent => budget,
            _ => !government,
        };
        for &rule in Rule::ALL.iter().filter(|r| r.is_identity() && own(r)) {
            assert!(
                ids.iter().any(|d| d.rule == rule),
                "{}: no {rule} checked",
                pdf.display()
            );
        }
    }
}

#[test]
fn metadata_matches_the_truth() {
    for pdf in corpus_pdfs() {
        let doc = corpus_doc(&pdf);
        let meta = &truth(&pdf)["metadata"];
        assert_eq!(
            doc.metadata.unit.as_deref(),
            meta["unit"].as_str(),
            "{}",
            pdf.display()
        );
        assert_eq!(
            doc.metadata.year.map(u64::from),
            meta["year"].as_u64(),
            "{}",
            pdf.display()
        );
        assert_eq!(
            doc.metadata.staff.map(u64::from),
            meta["staff"].as_u64(),
            "{}",
            pdf.display()
        );
        assert_eq!(
            doc.metadata.retirees.map(u64::from),
            meta["retirees"].as_u64(),
            "{}",
            pdf.display()
        );
        assert_eq!(
            doc.metadata.scope.as_deref(),
            meta["scope"].as_str(),
            "{}",
            pdf.display()
        );
        let doc_kind = serde_json::to_value(doc.metadata.doc_kind).unwrap();
        assert_eq!(doc_kind, meta["doc_kind"], "{}", pdf.display());
        for table in &doc.tables {
            assert_eq!(
                table.unit.as_str(),
                meta["amount_unit"].as_str().unwrap(),
                "{} {}",
                pdf.display(),
                table.kind.as_str()
            );
        }
    }
}

fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The 预算 documents: their variations are in the corpus, and what only they print comes out as
/// the truth says: both economic codes on a row, the year of each compared column, and the
/// tables without a canonical kind, cell by cell.
#[test]
fn budget_reports_keep_their_own_structures() {
    let budgets: Vec<_> = corpus_pdfs()
        .into_iter()
        .filter(|p| {
            truth(p)["metadata"]["doc_kind"] == "预算"
                && truth(p)["metadata"]["family"] != "government"
        })
        .collect();
    assert!(budgets.len() >= 12, "{} budget PDFs", budgets.len());
    let styles: Vec<serde_json::Value> =
        budgets.iter().map(|p| truth(p)["style"].clone()).collect();
    for (key, value) in [
        ("unit", "元"),
        ("decimals", "six"),
        ("decimals", "fixed"),
        ("title_words", "overall"),
        ("title_words", "budget"),
        ("title_number", "line"),
        ("title_number", "prefix"),
        ("title_number", "none"),
    ] {
        assert!(
            styles.iter().any(|s| s[key] == value),
            "no budget with {key} {value}"
        );
    }
    assert!(
        styles.iter().any(|s| s["zero"] == "—"),
        "no budget with \"—\" zeros"
    );
    for flag in ["year_compare", "dual_split", "blank_parents"] {
        assert!(
            styles.iter().any(|s| s[flag] == true),
            "no budget with {flag}"
        );
    }
    let mut negative_changes = 0;
    let mut split_classes = 0;
    let mut pages_starting_below_a_class = 0;
    for pdf in &budgets {
        let t = truth(pdf);
        let doc = corpus_doc(pdf);
        let name = pdf.display();
        // a page whose first row leaves 类 (and 款) blank: they come from the previous page
        if t["style"]["blank_parents"] == true {
            for table in &doc.tables {
                pages_starting_below_a_class += table
                    .rows
                    .windows(2)
                    .filter(|w| {
                        w[1].page > w[0].page && w[1].level.is_some_and(|l| l != Level::Lei)
                    })
                    .count();
            }
        }
        // rows with both economic classifications
        let basic = doc.table(TableKind::BasicExpenditure).unwrap();
        let want_basic = t["tables"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["kind"] == "basic_expenditure")
            .unwrap();
        for r in want_basic["rows"].as_array().unwrap() {
            let Some(codes) = r["codes"].as_object() else {
                continue;
            };
            let row = basic
                .row(r["row"].as_str().unwrap())
                .unwrap_or_else(|| panic!("{name}: no basic row {}", r["row"]));
            assert_eq!(row.code.as_deref(), codes["department"].as_str(), "{name}");
            assert_eq!(
                row.government_code.as_deref(),
                codes["government"].as_str(),
                "{name}"
            );
        }
        let classes: BTreeSet<&str> = basic
            .rows
            .iter()
            .filter(|r| r.government_code.as_deref().is_some_and(|g| g.len() == 3))
            .filter_map(|r| r.code.as_deref())
            .collect();
        let class_rows = basic
            .rows
            .iter()
            .filter(|r| r.government_code.as_deref().is_some_and(|g| g.len() == 3))
            .count();
        split_classes += class_rows - classes.len();
        // the year each compared column belongs to
        for want in t["tables"].as_array().unwrap() {
            let Some(years) = want["column_years"].as_object() else {
                continue;
            };
            let table = doc.table(kind(want["kind"].as_str().unwrap())).unwrap();
            let got: BTreeMap<String, u64> = table
                .columns
                .iter()
                .filter_map(|c| c.year.map(|y| (c.number.to_string(), u64::from(y))))
                .collect();
            let want: BTreeMap<String, u64> = years
                .iter()
                .map(|(k, v)| (k.clone(), v.as_u64().unwrap()))
                .collect();
            assert_eq!(got, want, "{name}: column years");
            negative_changes += table
                .rows
                .iter()
                .flat_map(|r| &r.cells)
                .filter(|c| {
                    c.key == "change.total" && c.value.is_some_and(|v| v.is_sign_negative())
                })
                .count();
        }
        // tables without a canonical kind, every printed cell
        let others: &[serde_json::Value] = t["other_tables"].as_array().map_or(&[], Vec::as_slice);
        assert_eq!(doc.other_tables.len(), others.len(), "{name}");
        for (got, want) in doc.other_tables.iter().zip(others) {
            assert_eq!(
                compact(&got.title),
                compact(want["title"].as_str().unwrap()),
                "{name}"
            );
            let cells = |rows: Vec<Vec<String>>| -> Vec<Vec<String>> {
                rows.into_iter()
                    .map(|r| {
                        r.iter()
                            .map(|c| compact(c))
                            .filter(|c| !c.is_empty())
                            .collect()
                    })
                    .collect()
            };
            let want_rows: Vec<Vec<String>> = serde_json::from_value(want["rows"].clone()).unwrap();
            assert_eq!(
                cells(got.rows.clone()),
                cells(want_rows),
                "{name}: {}",
                got.title
            );
        }
    }
    assert!(negative_changes > 0, "no negative change amount read");
    assert!(
        pages_starting_below_a_class > 0,
        "no page starting with a row whose 类 is on the page before"
    );
    assert!(
        split_classes > 0,
        "no 部门 class printed under two 政府 classes"
    );
}

/// The seed report's printed numbers, copied from ../shared/seed by hand.
#[test]
fn seed_reproductions_carry_the_seed_numbers() {
    let seed =
        std::fs::read_to_string(shared().join("seed/report-2020-wuchang-social-insurance.txt"))
            .unwrap();
    let expected = [
        ("summary", "27", 1, "1677.19"),
        ("summary", "38", 2, "1360.88"),
        ("summary", "59", 2, "1.43"),
        ("income", "2080109", 1, "120.7"),
        ("income", "2080109", 7, "4.19"),
        ("expenditure", "合计", 2, "1551.68"),
        ("general_budget_expenditure", "2080101", 1, "1096.44"),
        ("basic_expenditure", "人员经费合计", 1, "1334.77"),
        ("basic_expenditure", "30239", 1, "31.45"),
        ("three_public", "1", 1, "4.5"),
    ];
    let reproductions: Vec<_> = corpus_pdfs()
        .into_iter()
        .filter(|p| p.to_string_lossy().contains("seed-wuchang"))
        .collect();
    assert!(reproductions.len() >= 2);
    for pdf in reproductions {
        let facts = truth_facts(&pdf);
        let extracted = fact_keys(corpus_doc(&pdf));
        for (table, row, column, value) in expected {
            // the number is printed in the seed itself (with its thousands separator) …
            assert!(
                seed.contains(value) || seed.contains(&with_commas(value)),
                "{value} not in the seed"
            );
            // … and is in the truth and in what we extract
            let hit = |fs: &[FactKey]| {
                fs.iter()
                    .any(|f| f.0 == table && f.1 == row && f.2 == column && f.3 == value)
            };
            assert!(
                hit(&facts),
                "{}: truth lacks {table} {row} {column} {value}",
                pdf.display()
            );
            assert!(
                hit(&extracted),
                "{}: extraction lacks {table} {row} {column} {value}",
                pdf.display()
            );
        }
    }
}

fn with_commas(value: &str) -> String {
    let (int, frac) = value
        .split_once('.')
        .map_or((value, None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    frac.map_or(out.clone(), |f| format!("{out}.{f}"))
}

/// Altering one amount must be caught by the rules it breaks, and only flag what it touches.
#[test]
fn an_altered_amount_is_caught_by_the_right_rules() {
    let pdf = corpus_pdfs()
        .into_iter()
        .find(|p| p.to_string_lossy().contains("seed-wuchang-chromium"))
        .unwrap();
    let mut doc = corpus_doc(&pdf).clone();
    let income = doc
        .tables
        .iter_mut()
        .find(|t| t.kind == TableKind::Income)
        .unwrap();
    let row = income.rows.iter_mut().find(|r| r.key == "2080101").unwrap();
    let cell = row.cells.iter_mut().find(|c| c.column == 2).unwrap();
    cell.value = Some(cell.value.unwrap() + Decimal::new(10, 0));
    let errors: Vec<_> = juesuan_report::validate::validate(&doc)
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    let about = |rule: Rule, row: &str, column: u32| {
        errors.iter().any(|d| {
            d.rule == rule
                && d.cells[0].table == TableKind::Income
                && d.cells[0].row == row
                && d.cells[0].column == Some(column)
        })
    };
    assert!(about(Rule::RowSum, "2080101", 1), "{errors:#?}");
    assert!(about(Rule::Hierarchy, "20801", 2), "{errors:#?}");
    assert!(
        errors.iter().all(|d| d
            .cells
            .iter()
            .any(|c| c.table == TableKind::Income && (c.row == "2080101" || c.row == "20801"))),
        "{errors:#?}"
    );
    assert_eq!(
        errors[0].difference.map(|d| d.abs()),
        Some(Decimal::new(10, 0))
    );
}

/// Every cell read from a PDF says where it is printed, inside its page.
#[test]
fn cells_carry_their_position_on_the_page() {
    let pdf = corpus_pdfs()
        .into_iter()
        .find(|p| p.to_string_lossy().contains("u01-reportlab"))
        .unwrap();
    let doc = corpus_doc(&pdf);
    for table in &doc.tables {
        for row in &table.rows {
            let page = &doc.pages[row.page - 1];
            for cell in &row.cells {
                let [x0, y0, x1, y1] = cell
                    .bbox
                    .unwrap_or_else(|| panic!("{} {}: no bbox", table.kind.as_str(), row.key));
                assert!(
                    0.0 <= x0
                        && x0 < x1
                        && x1 <= page.width + 1.0
                        && 0.0 <= y0
                        && y0 < y1
                        && y1 <= page.height + 1.0
                );
            }
        }
    }
}

/// The hard-layout variants are in the corpus and their difficulty is really there: a running
/// header between the pages of a continuing table, letter-spaced and one-character-per-line
/// headers, decimals drawn on another baseline, a tables-only file, radical-mapped, GBK-EUC-H and
/// Type3 fonts. (That
/// their facts equal the truth is every_corpus_table_equals_its_truth.)
#[test]
fn hard_layout_variants_are_in_the_corpus() {
    let pdfs = corpus_pdfs();
    let with = |flag: &str| -> Vec<std::path::PathBuf> {
        pdfs.iter()
            .filter(|p| truth(p)["style"][flag] == true)
            .cloned()
            .collect()
    };
    for flag in [
        "letter_spaced",
        "split_numbers",
        "running_header",
        "tables_only",
        "kangxi",
        "gbk_font",
        "type3_digits",
    ] {
        assert!(!with(flag).is_empty(), "no corpus document with {flag}");
    }
    // the fonts are what they claim: a predefined GBK CMap, a Type3 font
    let holds = |pdf: &std::path::Path, what: &[u8]| {
        std::fs::read(pdf)
            .unwrap()
            .windows(what.len())
            .any(|w| w == what)
    };
    // borderless: not one rule on the pages of its tables; zebra: only a frame and shading
    let borderless: Vec<_> = pdfs
        .iter()
        .filter(|p| truth(p)["style"]["borders"].is_string())
        .collect();
    assert!(
        borderless.len() >= 4,
        "{} borderless documents",
        borderless.len()
    );
    assert!(
        borderless
            .iter()
            .any(|p| truth(p)["style"]["split_numbers"] == true
                && truth(p)["style"]["valign"] == "split"),
        "no borderless table with split numbers and rows over two lines"
    );
    for pdf in borderless {
        let doc = corpus_doc(pdf);
        let pages =
            juesuan_pdf::extract(&std::fs::read(pdf).unwrap(), &Default::default()).unwrap();
        let income = doc.table(TableKind::Income).unwrap();
        let page = &pages.pages[income.pages[0] - 1];
        if truth(pdf)["style"]["borders"] == "none" {
            assert!(
                page.rules.is_empty(),
                "{}: {} rules",
                pdf.display(),
                page.rules.len()
            );
        }
    }
    for pdf in with("gbk_font") {
        assert!(holds(&pdf, b"/GBK-EUC-H"), "{}", pdf.display());
    }
    for pdf in with("type3_digits") {
        assert!(holds(&pdf, b"/Type3"), "{}", pdf.display());
    }
    for pdf in with("running_header") {
        let doc = corpus_doc(&pdf);
        assert!(
            doc.tables.iter().any(|t| t.pages.len() >= 2),
            "{}: no table continues under the running header",
            pdf.display()
        );
    }
    for pdf in with("letter_spaced") {
        let doc = corpus_doc(&pdf);
        let income = doc.table(TableKind::Income).unwrap();
        let headers: Vec<&str> = income.columns.iter().map(|c| c.header.as_str()).collect();
        assert!(
            headers.contains(&"事业收入"),
            "{}: {headers:?}",
            pdf.display()
        );
        assert!(income.row("合计").is_some(), "{}", pdf.display());
    }
    for pdf in with("tables_only") {
        let doc = corpus_doc(&pdf);
        assert_eq!(doc.tables.len(), 9, "{}", pdf.display());
        assert!(doc.metadata.staff.is_none() && doc.metadata.year.is_some());
    }
}
