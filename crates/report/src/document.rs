//! A document assembled from what a reader found: keys given, repeated keys told apart, missing
//! tables named, identities checked.

use crate::normalise::keys;
use crate::validate;
use juesuan_model::{
    Diagnostic, Document, Evaluation, Metadata, PageInfo, Rule, SCHEMA_VERSION, Severity, Table,
    TableKind,
};

/// Two rows of one table printed with the same label and amounts in the same columns (a fund
/// line under 收入 and again under 年初结转和结余) would give facts with equal keys: the later ones
/// become "label#2", "label#3". Rows in different halves (收入总计 / 支出总计) keep their label,
/// and so do rows of different entities (each unit of a department prints its own 208).
fn disambiguate_keys(table: &mut Table) {
    let mut seen: Vec<(String, String, Vec<u32>)> = Vec::new();
    let mut seen_codes: Vec<(String, String)> = Vec::new();
    for row in &mut table.rows {
        if row.code.is_some() {
            // a code printed twice within one entity: "208#2"
            let base = row.key.clone();
            let mut n = 2;
            while seen_codes
                .iter()
                .any(|(e, k)| *e == row.entity && *k == row.key)
            {
                row.key = format!("{base}#{n}");
                n += 1;
            }
            seen_codes.push((row.entity.clone(), row.key.clone()));
            continue;
        }
        if row.line_no.is_some() {
            continue;
        }
        let columns: Vec<u32> = row.cells.iter().map(|c| c.column).collect();
        let entity = row.entity.clone();
        let clashes = |key: &str, seen: &[(String, String, Vec<u32>)]| {
            seen.iter().any(|(e, k, cols)| {
                *e == entity && k == key && cols.iter().any(|c| columns.contains(c))
            })
        };
        if clashes(&row.key, &seen) {
            let base = row.key.clone();
            let mut n = 2;
            while clashes(&format!("{base}#{n}"), &seen) {
                n += 1;
            }
            row.key = format!("{base}#{n}");
        }
        seen.push((entity, row.key.clone(), columns));
    }
}

pub fn finish(
    source: &str,
    metadata: Metadata,
    mut tables: Vec<Table>,
    evaluations: Vec<Evaluation>,
    mut diagnostics: Vec<Diagnostic>,
    page_info: Vec<PageInfo>,
    mut base: Metadata,
) -> Document {
    for table in &mut tables {
        disambiguate_keys(table);
        keys::assign(table, metadata.year, &mut diagnostics);
    }
    base.unit = metadata.unit;
    base.year = metadata.year;
    base.doc_kind = metadata.doc_kind;
    base.scope = metadata.scope;
    base.family = metadata.family;
    base.staff = metadata.staff;
    base.retirees = metadata.retirees;
    if page_info.iter().all(|p| p.glyphs == 0) {
        diagnostics.push(Diagnostic::note(
            Rule::NoTextLayer,
            Severity::Error,
            "no page has a text layer (a scanned document?); nothing was read".into(),
        ));
    }
    // a government-wide report is not held to the department template's tables
    let department = metadata.family != Some(juesuan_model::DocFamily::Government);
    if let Some(doc_kind) = metadata.doc_kind
        && !tables.is_empty()
        && department
    {
        let missing: Vec<&str> = TableKind::REQUIRED
            .iter()
            .filter(|k| !tables.iter().any(|t| t.kind == **k))
            .map(|k| k.as_str())
            .collect();
        if !missing.is_empty() {
            // a 决算 must publish all nine; a 预算 of some years and regions publishes fewer
            let (severity, word) = match doc_kind {
                juesuan_model::DocKind::FinalAccounts => (Severity::Warning, "决算"),
                juesuan_model::DocKind::Budget => (Severity::Info, "预算"),
            };
            diagnostics.push(Diagnostic::note(
                Rule::MissingTable,
                severity,
                format!(
                    "a {word} report carries nine tables; not found: {}",
                    missing.join(", ")
                ),
            ));
        }
    }
    let mut doc = Document {
        schema_version: SCHEMA_VERSION,
        source: source.to_string(),
        metadata: base,
        pages: page_info,
        tables,
        other_tables: Vec::new(),
        evaluations,
        narrative: Vec::new(),
        diagnostics,
    };
    let findings = validate::validate(&doc);
    doc.diagnostics.extend(findings);
    doc
}

/// A document from text: finished like any other, then every table that breaks an identity is
/// left out (`TEXT_TABLE_UNVERIFIED`), since text cannot tie an amount to its row the way a page
/// can, and the document finished again without them.
pub fn finish_text(
    source: &str,
    text: &str,
    metadata: Metadata,
    mut tables: Vec<Table>,
    evaluations: Vec<Evaluation>,
    mut diagnostics: Vec<Diagnostic>,
) -> Document {
    let page_info = vec![PageInfo {
        number: 1,
        width: 0.0,
        height: 0.0,
        rotate: 0,
        glyphs: text.chars().filter(|c| !c.is_whitespace()).count(),
    }];
    let first = finish(
        source,
        metadata.clone(),
        tables.clone(),
        evaluations.clone(),
        diagnostics.clone(),
        page_info.clone(),
        Metadata::default(),
    );
    // rows whose undecidable amounts were left out break identities without being misplaced
    let left_out: Vec<(TableKind, &str)> = first
        .diagnostics
        .iter()
        .filter(|d| d.rule == Rule::AmbiguousColumns)
        .flat_map(|d| d.cells.iter().map(|c| (c.table, c.row.as_str())))
        .collect();
    let broken = |d: &&Diagnostic| {
        d.rule.is_identity()
            && d.severity == Severity::Error
            && !d
                .cells
                .iter()
                .any(|c| left_out.contains(&(c.table, c.row.as_str())))
    };
    let mut failing: Vec<TableKind> = first
        .diagnostics
        .iter()
        .filter(broken)
        .flat_map(|d| d.cells.iter().map(|c| c.table))
        .collect();
    failing.sort();
    failing.dedup();
    if failing.is_empty() {
        return with_narrative(first, &text_lines(text));
    }
    for table in tables.iter_mut().filter(|t| failing.contains(&t.kind)) {
        let broken = first
            .diagnostics
            .iter()
            .filter(broken)
            .filter(|d| d.cells.iter().any(|c| c.table == table.kind))
            .count();
        diagnostics.push(Diagnostic::note(
            Rule::TextTableUnverified,
            Severity::Warning,
            format!(
                "{}: {broken} identities do not hold on the rows rebuilt from the text, so some amounts would be in the wrong rows; the table is left out (read the PDF itself)",
                table.kind.as_str()
            ),
        ));
        table.rows.clear();
    }
    let doc = finish(
        source,
        metadata,
        tables,
        evaluations,
        diagnostics,
        page_info,
        Metadata::default(),
    );
    with_narrative(doc, &text_lines(text))
}

/// The document with the figures its narrative states, checked against its tables.
pub fn with_narrative(mut doc: Document, lines: &[(usize, &str)]) -> Document {
    let budget = doc.metadata.doc_kind == Some(juesuan_model::DocKind::Budget);
    doc.narrative = crate::read::narrative::figures(lines, &doc.tables, doc.metadata.year, budget);
    if doc.metadata.family == Some(juesuan_model::DocFamily::Government) {
        // department keys do not name a government-wide report's figures
        for f in &mut doc.narrative {
            f.key = None;
        }
    }
    let findings = validate::narrative::check(&doc);
    doc.diagnostics.extend(findings);
    doc
}

/// The lines of a text input with their pages (a form feed starts a page).
fn text_lines(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    for (i, page) in text.split('\u{c}').enumerate() {
        out.extend(page.lines().map(|l| (i + 1, l)));
    }
    out
}
