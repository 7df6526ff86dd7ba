//! One input file to one document: the stages in order, with the file's limits.

use juesuan_layout::layout_page;
use juesuan_model::{Document, Metadata, PageInfo};
use juesuan_pdf::Limits;

/// What became of one PDF: a document, and whether extraction stopped at a limit.
pub struct Extracted {
    pub document: Document,
    pub truncated: bool,
    pub has_text: bool,
}

/// A report already converted to text (UTF-8, or GBK/GB18030 as Windows tools write it).
pub fn extract_text(bytes: &[u8], source: &str) -> Extracted {
    let text = match std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    };
    let document = juesuan_report::read_text_document(source, &text);
    let has_text = !text.trim().is_empty();
    Extracted {
        document,
        truncated: false,
        has_text,
    }
}

pub fn extract_pdf(
    bytes: &[u8],
    source: &str,
    limits: &Limits,
) -> Result<Extracted, juesuan_pdf::Error> {
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
    let document = juesuan_report::read_document(source, &layouts, pages, base);
    Ok(Extracted {
        document,
        truncated: pdf.truncated,
        has_text: pdf.has_text(),
    })
}
