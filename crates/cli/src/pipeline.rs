//! One input file to one document: the stages in order, with the file's limits.
//!
//! Everything the batch needs to know about the outcome is in the document itself (a limit hit
//! is a `TRUNCATED` diagnostic), so a document read back from disk on resume tells the same story.
//!
//! This is the one module of the CLI that knows `juesuan-report`'s rule codes and entry points;
//! the batch runner sees only documents and [`ManifestLine`]s.

use juesuan_layout::layout_page;
use juesuan_model::{
    Diagnostic, Document, ManifestLine, Metadata, PageInfo, Rule, Severity, Status,
};
use juesuan_pdf::Limits;

/// A report already converted to text (UTF-8, or GBK/GB18030 as Windows tools write it).
pub fn extract_text(bytes: &[u8], source: &str) -> Document {
    let text = match std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    };
    juesuan_report::read_text_document(source, &text)
}

pub fn extract_pdf(
    bytes: &[u8],
    source: &str,
    limits: &Limits,
) -> Result<Document, juesuan_pdf::Error> {
    let pdf = juesuan_pdf::extract(bytes, limits)?;
    let layouts: Vec<_> = pdf.pages.iter().map(layout_page).collect();
    let pages = pdf
        .pages
        .iter()
        .map(|p| PageInfo {
            number: p.number,
            width: p.width,
            height: p.height,
            rotate: p.rotate,
            glyphs: p.glyphs.len(),
        })
        .collect();
    let base = Metadata {
        producer: pdf.producer.clone(),
        creator: pdf.creator.clone(),
        ..Metadata::default()
    };
    let mut document = juesuan_report::read_document(source, &layouts, pages, base);
    if pdf.truncated {
        document.diagnostics.push(Diagnostic::note(
            Rule::Truncated,
            Severity::Error,
            format!(
                "stopped at the time or page limit after {} pages; later pages not read",
                pdf.pages.len()
            ),
        ));
    }
    Ok(document)
}

/// The manifest status of a document, and why when it is not `ok`:
/// `no_text` (no text layer), `partial` (cut short, no table recognised, a grid unread or a
/// 决算 table missing), else `ok`.
pub fn status_of(doc: &Document) -> (Status, Option<String>) {
    // an Info finding (a 预算 without some of the nine tables, as its template allows) loses nothing
    let says = |rules: &[Rule]| -> Vec<&str> {
        doc.diagnostics
            .iter()
            .filter(|d| rules.contains(&d.rule) && d.severity != Severity::Info)
            .map(|d| d.message.as_str())
            .collect()
    };
    if !says(&[Rule::NoTextLayer]).is_empty() {
        return (Status::NoText, None);
    }
    let reasons = says(&[
        Rule::Truncated,
        Rule::NoColumnNumbers,
        Rule::MissingTable,
        Rule::GovernmentReport,
    ]);
    if !reasons.is_empty() {
        (Status::Partial, Some(reasons.join("; ")))
    } else if doc.tables.is_empty() {
        (
            Status::Partial,
            Some("no 决算/预算 table recognised".to_string()),
        )
    } else {
        (Status::Ok, None)
    }
}

/// Identities checked in the document that held (warnings included), and that failed.
pub fn identity_counts(doc: &Document) -> (usize, usize) {
    let ids = doc.diagnostics.iter().filter(|d| d.rule.is_identity());
    let passed = ids
        .clone()
        .filter(|d| matches!(d.severity, Severity::Pass | Severity::Warning))
        .count();
    (passed, ids.count() - passed)
}

/// The manifest line of an input: from its document, or from why there is none.
pub fn manifest_line(
    doc: &str,
    outcome: Result<&Document, &str>,
    facts: usize,
    time_ms: Option<u64>,
) -> ManifestLine {
    let (status, error, pages, tables, (passed, failed)) = match outcome {
        Ok(d) => {
            let (status, error) = status_of(d);
            let tables = d.tables.iter().map(|t| t.kind).collect();
            (status, error, d.pages.len(), tables, identity_counts(d))
        }
        Err(e) => (Status::Failed, Some(e.to_string()), 0, vec![], (0, 0)),
    };
    ManifestLine {
        doc: doc.to_string(),
        status,
        error,
        pages,
        tables,
        facts,
        identities_passed: passed,
        identities_failed: failed,
        time_ms,
        sha256: None,
    }
}

/// SHA-256 of an input's bytes, lowercase hex (the manifest's and `documents.jsonl`'s `sha256`).
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for b in digest {
        hex.push_str(&format!("{b:02x}"));
    }
    hex
}

/// Every canonical line and column key: (concern, kinds, key, 中文 name).
pub fn canonical_keys() -> Vec<(&'static str, String, String, String)> {
    juesuan_report::keys::all_keys()
}
