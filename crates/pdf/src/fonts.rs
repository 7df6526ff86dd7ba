//! Unicode for CID fonts that carry no `/ToUnicode`, from their predefined CMap's name.
//!
//! Producers such as reportlab (STSong-Light with UniGB-UCS2-H) and WPS (GBK-EUC-H) rely on the
//! reader knowing the CMap. With a UCS-2/UTF-16 CMap the character code is the Unicode scalar;
//! with a GB CMap it is the GBK byte sequence.

use hayro_interpret::hayro_syntax::object::{Dict, Name};
use hayro_interpret::hayro_syntax::page::Page;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Scheme {
    Ucs2,
    Gbk,
}

/// Decodes a character code for the page's font that lacks `/ToUnicode`, when that is unambiguous.
#[derive(Debug, Default)]
pub(crate) struct FallbackDecoder {
    scheme: Option<Scheme>,
}

impl FallbackDecoder {
    pub(crate) fn decode(&self, code: u32) -> Option<char> {
        match self.scheme? {
            Scheme::Ucs2 => char::from_u32(code).filter(|c| !c.is_control()),
            Scheme::Gbk => {
                let bytes: Vec<u8> = if code > 0xFF {
                    vec![(code >> 8) as u8, code as u8]
                } else {
                    vec![code as u8]
                };
                let (text, _, bad) = encoding_rs::GBK.decode(&bytes);
                if bad { None } else { text.chars().next() }
            }
        }
    }
}

/// What each font object of a document needs, read once: pages share fonts, and parsing a font
/// dictionary (its /W array, Type3 procedures) on every page cost a sixth of all interpretation.
#[derive(Default)]
pub(crate) struct FontSchemes {
    by_object: std::collections::HashMap<(u32, i32), Option<Scheme>>,
}

fn scheme_of_font(font: &Dict<'_>) -> Option<Scheme> {
    if font.contains_key(b"ToUnicode".as_slice()) {
        return None;
    }
    let encoding = font.get::<Name<'_>>(b"Encoding".as_slice())?;
    scheme_of(&String::from_utf8_lossy(encoding.as_ref()))
}

/// Look at the page's fonts: if every Type0 font without `/ToUnicode` uses one scheme, use it.
pub(crate) fn fallback_decoder(page: &Page<'_>, cache: &mut FontSchemes) -> FallbackDecoder {
    let fonts = &page.resources().fonts;
    let mut schemes = Vec::new();
    for key in fonts.keys() {
        let scheme = match fonts.get_ref(key.as_ref()) {
            Some(r) => *cache
                .by_object
                .entry((r.obj_number, r.gen_number))
                .or_insert_with(|| {
                    fonts
                        .get::<Dict<'_>>(key.as_ref())
                        .and_then(|f| scheme_of_font(&f))
                }),
            None => fonts
                .get::<Dict<'_>>(key.as_ref())
                .and_then(|f| scheme_of_font(&f)),
        };
        schemes.extend(scheme);
    }
    schemes.dedup();
    FallbackDecoder {
        scheme: if schemes.len() == 1 {
            Some(schemes[0])
        } else {
            None
        },
    }
}

fn scheme_of(cmap: &str) -> Option<Scheme> {
    if cmap.starts_with("Uni") && (cmap.contains("UCS2") || cmap.contains("UTF16")) {
        Some(Scheme::Ucs2)
    } else if cmap.starts_with("GBK")
        || cmap.starts_with("GB-")
        || cmap.starts_with("GBpc")
        || cmap.starts_with("GBT")
    {
        Some(Scheme::Gbk)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_by_scheme() {
        let ucs2 = FallbackDecoder {
            scheme: Some(Scheme::Ucs2),
        };
        assert_eq!(ucs2.decode(0x5DE5), Some('工'));
        let gbk = FallbackDecoder {
            scheme: Some(Scheme::Gbk),
        };
        assert_eq!(gbk.decode(0xB9A4), Some('工'));
        assert_eq!(gbk.decode(0x31), Some('1'));
        assert_eq!(FallbackDecoder::default().decode(0x5DE5), None);
        assert_eq!(scheme_of("UniGB-UCS2-H"), Some(Scheme::Ucs2));
        assert_eq!(scheme_of("GBK-EUC-H"), Some(Scheme::Gbk));
        assert_eq!(scheme_of("Identity-H"), None);
    }
}
