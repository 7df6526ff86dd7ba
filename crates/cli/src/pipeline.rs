//! One input file to one document: the stages in order, with the file's limits.
//!
//! Everything the batch needs to know about the outcome is in the document itself (a limit hit
//! is a `TRUNCATED` diagnostic), so a document read back from disk on resume tells the same story.

use juesuan_layout::layout_page;
use juesuan_model::{Diagnostic, Document, Metadata, PageInfo, Rule, Severity};
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
pub fn status_of(doc: &Document) -> (&'static str, Option<String>) {
    // an Info finding (a 预算 without some of the nine tables, as its template allows) loses nothing
    let says = |rules: &[&str]| -> Vec<&str> {
        doc.diagnostics
            .iter()
            .filter(|d| rules.contains(&d.rule.as_str()) && d.severity != Severity::Info)
            .map(|d| d.message.as_str())
            .collect()
    };
    if !says(&["NO_TEXT_LAYER"]).is_empty() {
        return ("no_text", None);
    }
    let reasons = says(&["TRUNCATED", "NO_COLUMN_NUMBERS", "MISSING_TABLE"]);
    if !reasons.is_empty() {
        ("partial", Some(reasons.join("; ")))
    } else if doc.tables.is_empty() {
        ("partial", Some("no 决算/预算 table recognised".to_string()))
    } else {
        ("ok", None)
    }
}
