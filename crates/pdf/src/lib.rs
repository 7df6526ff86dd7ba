//! PDF pages to positioned glyphs and ruling segments: the first stage of juesuan.
//!
//! Everything later (lines, grids, tables) is computed from what this crate returns for a page: each
//! visible glyph with its Unicode text and box, and each ruling segment that could be a cell border.
//! Coordinates are PDF points on the page as displayed: origin top-left, y growing down, after
//! `/Rotate` and the crop box.
//!
//! ```no_run
//! let bytes = std::fs::read("report.pdf").unwrap();
//! let doc = juesuan_pdf::extract(&bytes, &juesuan_pdf::Limits::default()).unwrap();
//! for page in &doc.pages {
//!     println!("page {}: {} glyphs, {} rules", page.number, page.glyphs.len(), page.rules.len());
//! }
//! ```
//!
//! # Why hayro-interpret
//!
//! The interpreter sits behind [`extract`] so it can be swapped; it is `hayro-interpret` 0.9, pinned
//! exactly. Measured on this project's machines (see the design notes in the README):
//! - on 50 real reports (1,555 pages) it ran ~1,150 pages/s single-threaded against ~110 for
//!   `pdf-extract` 0.12 and ~340 for `pdftotext`, with glyph positions matching poppler;
//! - it reads predefined CJK CMaps (UniGB-UCS2-H, GBK-EUC-H …) from bundled Adobe CMaps, where
//!   `pdf-extract` panicked (one report lost 81 of 85 pages), and range-form `/W` widths, `re f`
//!   fills, `'` text, Form XObjects and `/Rotate`, all of which `pdf-extract` dropped or mishandled;
//! - it did not panic on 40 corrupted files. We still catch panics per document in the CLI.
//!
//! hayro gives no Unicode for a CID font without `/ToUnicode`; for those we decode the character
//! code ourselves from the font's predefined CMap (UCS-2/UTF-16 or GBK), see [`fonts`].

mod device;
mod fonts;
mod streams;
mod text;

use hayro_interpret::hayro_syntax::LoadPdfError;
use hayro_interpret::hayro_syntax::Pdf;
use hayro_interpret::kurbo::{Affine, Rect};
use hayro_interpret::{Context, InterpreterCache, InterpreterSettings, interpret_page};
use serde::Serialize;
use std::time::{Duration, Instant};

pub use text::fold_char;

/// One visible glyph: its text (usually one char) and its box on the displayed page.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Glyph {
    pub text: String,
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    /// Font size in points as displayed (the em height).
    pub size: f32,
}

impl Glyph {
    pub fn center_x(&self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }
    pub fn center_y(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }
}

/// A horizontal or vertical ruling segment (a stroked line, a rectangle edge, or a thin fill).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Rule {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Rule {
    pub fn is_horizontal(&self) -> bool {
        (self.y1 - self.y0).abs() <= (self.x1 - self.x0).abs()
    }
}

/// One page as displayed.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Page {
    /// 1-based page number.
    pub number: usize,
    pub width: f32,
    pub height: f32,
    /// The page's `/Rotate`, in degrees.
    pub rotate: u16,
    pub glyphs: Vec<Glyph>,
    pub rules: Vec<Rule>,
    /// Images drawn on the page: a page with images and no glyphs is a scan.
    pub images: usize,
    /// Glyphs whose text could not be decoded (no ToUnicode and no usable CMap).
    pub undecoded_glyphs: usize,
}

/// The pages of one document, and what the file says about itself.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Document {
    pub pages: Vec<Page>,
    pub producer: Option<String>,
    pub creator: Option<String>,
    /// True when extraction stopped early at the time limit; the pages before it are complete.
    pub truncated: bool,
}

impl Document {
    /// A document with no glyph on any page has no text layer (a scan, or drawings only).
    pub fn has_text(&self) -> bool {
        self.pages.iter().any(|p| !p.glyphs.is_empty())
    }
}

/// Bounds on the work done for one file.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Stop interpreting further pages after this long.
    pub time: Duration,
    /// Refuse files larger than this many bytes.
    pub max_bytes: usize,
    /// Interpret at most this many pages.
    pub max_pages: usize,
    /// Refuse files with a stream that decodes to more than this many bytes (a decompression
    /// bomb); see [`streams`](crate::streams) for what is checked.
    pub max_stream_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            time: Duration::from_secs(60),
            max_bytes: 512 << 20,
            max_pages: 2000,
            max_stream_bytes: 256 << 20,
        }
    }
}

/// Why a file could not be read at all.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("not a PDF file (no %PDF header)")]
    NotPdf,
    #[error("the file is empty")]
    Empty,
    #[error("encrypted PDF that does not open with an empty password")]
    Encrypted,
    #[error("the PDF structure is broken beyond repair")]
    Broken,
    #[error("file is {0} bytes, over the limit")]
    TooLarge(usize),
    #[error("a stream decodes to more than {} MiB (a decompression bomb?)", .0 >> 20)]
    StreamTooLarge(usize),
}

/// Read a PDF and return every page's glyphs and rules.
pub fn extract(bytes: &[u8], limits: &Limits) -> Result<Document, Error> {
    if bytes.is_empty() {
        return Err(Error::Empty);
    }
    if bytes.len() > limits.max_bytes {
        return Err(Error::TooLarge(bytes.len()));
    }
    if !bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
    {
        return Err(Error::NotPdf);
    }
    let pdf = Pdf::new(bytes.to_vec()).map_err(|e| match e {
        LoadPdfError::Decryption(_) => Error::Encrypted,
        _ => Error::Broken,
    })?;
    streams::check(&pdf, limits.max_stream_bytes)?;
    let started = Instant::now();
    let cache = InterpreterCache::new();
    let settings = InterpreterSettings::default();
    let mut font_schemes = fonts::FontSchemes::default();
    let mut doc = Document {
        producer: pdf.metadata().producer.as_deref().map(text::pdf_string),
        creator: pdf.metadata().creator.as_deref().map(text::pdf_string),
        ..Document::default()
    };
    for (index, page) in pdf.pages().iter().enumerate() {
        if index >= limits.max_pages || started.elapsed() > limits.time {
            doc.truncated = true;
            break;
        }
        let (width, height) = page.render_dimensions();
        let initial = Affine::new(page.initial_transform(true).as_coeffs());
        let mut context = Context::new(
            initial,
            Rect::new(0.0, 0.0, width as f64, height as f64),
            &cache,
            pdf.xref(),
            settings.clone(),
        );
        let mut device = device::Collector::new(
            width,
            height,
            fonts::fallback_decoder(page, &mut font_schemes),
        );
        interpret_page(page, &mut context, &mut device);
        let rotate = match page.rotation() {
            hayro_interpret::hayro_syntax::page::Rotation::None => 0,
            hayro_interpret::hayro_syntax::page::Rotation::Horizontal => 90,
            hayro_interpret::hayro_syntax::page::Rotation::Flipped => 180,
            hayro_interpret::hayro_syntax::page::Rotation::FlippedHorizontal => 270,
        };
        doc.pages.push(device.finish(index + 1, rotate));
    }
    Ok(doc)
}
