//! Bounded stream sizes: a file any of whose streams decodes to more than the limit is refused
//! before the interpreter decodes it.
//!
//! hayro decodes a whole stream into memory when it needs it, so a 2 MB "decompression bomb"
//! (a content stream that inflates to gigabytes) would fill memory before anything could stop it.
//! Here every stream that *could* exceed the limit (its raw length times the most its filters can
//! expand) is decoded once with a budget, through the same filter chain, and the file is refused
//! as soon as the budget runs out. Most streams are too short to need it: a Flate stream expands at
//! most ~1032×, so below limit/1032 raw bytes nothing is decoded twice.
//!
//! Images are skipped: the collector never decodes image data. Object and cross-reference streams
//! are decoded by hayro while it opens the file, before this check can run; the worker's memory cap
//! (`juesuan extract --max-memory`) is what bounds those.

use crate::Error;
use hayro_interpret::hayro_syntax::Filter;
use hayro_interpret::hayro_syntax::Pdf;
use hayro_interpret::hayro_syntax::object::dict::keys::{
    DECODE_PARMS, DP, EARLY_CHANGE, IMAGE, SUBTYPE,
};
use hayro_interpret::hayro_syntax::object::{Dict, Name, Object, Stream};
use std::io::Read;

/// Refuse the file if a stream of it decodes to more than `limit` bytes.
pub(crate) fn check(pdf: &Pdf, limit: usize) -> Result<(), Error> {
    for object in pdf.objects() {
        let Object::Stream(stream) = object else {
            continue;
        };
        if stream.dict().get::<Name<'_>>(SUBTYPE).as_deref() == Some(IMAGE) {
            continue;
        }
        let filters = stream.filters();
        let raw = stream.raw_data();
        let most = filters
            .iter()
            .fold(raw.len(), |n, f| n.saturating_mul(expansion(*f)));
        if most > limit && decoded_len(raw.into_owned(), &stream, &filters, limit).is_none() {
            return Err(Error::StreamTooLarge(limit));
        }
    }
    Ok(())
}

/// The most a filter can multiply its input's length by.
fn expansion(filter: Filter) -> usize {
    match filter {
        Filter::FlateDecode => 1032,
        // an LZW code (9–12 bits) stands for at most 4096 bytes
        Filter::LzwDecode => 4096,
        Filter::RunLengthDecode => 64,
        Filter::Ascii85Decode => 4,
        _ => 1,
    }
}

/// The decoded length of a stream, or None when it is over `limit`.
fn decoded_len(
    mut data: Vec<u8>,
    stream: &Stream<'_>,
    filters: &[Filter],
    limit: usize,
) -> Option<usize> {
    for (i, filter) in filters.iter().enumerate() {
        let last = i + 1 == filters.len();
        let mut out = Budget::new(limit, !last);
        let ok = match filter {
            Filter::FlateDecode => flate(&data, &mut out),
            Filter::LzwDecode => lzw(&data, early_change(stream.dict()), &mut out),
            Filter::RunLengthDecode => run_length(&data, &mut out),
            Filter::AsciiHexDecode => out.push(&ascii_hex(&data)),
            Filter::Ascii85Decode => out.push(&ascii_85(&data)),
            // encryption is undone by raw_data; image filters end what the reader decodes
            Filter::Crypt => out.push(&data),
            _ => return Some(data.len()),
        };
        if !ok {
            return None;
        }
        if last {
            return Some(out.len);
        }
        data = out.bytes;
    }
    Some(data.len())
}

fn early_change(dict: &Dict<'_>) -> bool {
    dict.get::<Dict<'_>>(DECODE_PARMS)
        .or_else(|| dict.get::<Dict<'_>>(DP))
        .and_then(|p| p.get::<u8>(EARLY_CHANGE))
        .is_none_or(|e| e != 0)
}

/// Decoded bytes counted against a limit, kept only when a later filter needs them.
struct Budget {
    bytes: Vec<u8>,
    len: usize,
    limit: usize,
    keep: bool,
}

impl Budget {
    fn new(limit: usize, keep: bool) -> Self {
        Budget {
            bytes: Vec::new(),
            len: 0,
            limit,
            keep,
        }
    }

    /// False once the limit is passed.
    fn push(&mut self, bytes: &[u8]) -> bool {
        self.len += bytes.len();
        if self.keep && self.len <= self.limit {
            self.bytes.extend_from_slice(bytes);
        }
        self.len <= self.limit
    }
}

/// zlib first, raw deflate if the header is not zlib's (as hayro tries them); a stream that is
/// damaged part way counts what came out before the damage.
fn flate(data: &[u8], out: &mut Budget) -> bool {
    fn pump(mut reader: impl Read, out: &mut Budget) -> Option<bool> {
        let mut buf = vec![0u8; 64 << 10];
        let mut produced = false;
        loop {
            match reader.read(&mut buf) {
                Ok(0) => return Some(true),
                Ok(n) => {
                    produced = true;
                    if !out.push(&buf[..n]) {
                        return Some(false);
                    }
                }
                Err(_) => return produced.then_some(true),
            }
        }
    }
    pump(flate2::read::ZlibDecoder::new(data), out)
        .or_else(|| pump(flate2::read::DeflateDecoder::new(data), out))
        .unwrap_or(true)
}

/// LZW as PDF writes it (MSB first, codes of 9–12 bits, 256 clears, 257 ends).
fn lzw(data: &[u8], early_change: bool, out: &mut Budget) -> bool {
    const CLEAR: usize = 256;
    const END: usize = 257;
    const ROOT: u16 = u16::MAX;
    // each entry: (the entry it extends, its last byte)
    let mut table: Vec<(u16, u8)> = (0..=255u8).map(|b| (ROOT, b)).collect();
    table.extend([(ROOT, 0); 2]);
    let (mut acc, mut bits, mut pos) = (0u32, 0u32, 0usize);
    let mut prev: Option<usize> = None;
    let mut scratch = Vec::with_capacity(4096);
    loop {
        let adjusted = table.len() + usize::from(early_change);
        let width = match adjusted {
            2048.. => 12,
            1024.. => 11,
            512.. => 10,
            _ => 9,
        };
        while bits < width {
            let Some(&b) = data.get(pos) else {
                return true;
            };
            acc = (acc << 8) | u32::from(b);
            bits += 8;
            pos += 1;
        }
        let code = ((acc >> (bits - width)) & ((1 << width) - 1)) as usize;
        bits -= width;
        match code {
            CLEAR => {
                table.truncate(258);
                prev = None;
                continue;
            }
            END => return true,
            _ => {}
        }
        let entry = if code < table.len() {
            code
        } else if code == table.len() && prev.is_some() {
            usize::MAX
        } else {
            return true;
        };
        // spell the entry (or prev + its first byte, for the code being defined)
        scratch.clear();
        let mut at = if entry == usize::MAX {
            prev.unwrap_or(0)
        } else {
            entry
        };
        while at < table.len() {
            scratch.push(table[at].1);
            at = usize::from(table[at].0);
        }
        scratch.reverse();
        let first = scratch.first().copied().unwrap_or(0);
        if entry == usize::MAX {
            scratch.push(first);
        }
        if !out.push(&scratch) {
            return false;
        }
        if let Some(p) = prev
            && table.len() < 4096
        {
            table.push((p as u16, first));
        }
        prev = Some(code);
    }
}

fn run_length(data: &[u8], out: &mut Budget) -> bool {
    let mut i = 0;
    while let Some(&n) = data.get(i) {
        let ok = match n {
            128 => return true,
            0..=127 => {
                let end = (i + 2 + n as usize).min(data.len());
                let ok = out.push(&data[i + 1..end]);
                i = end;
                ok
            }
            _ => {
                let Some(&b) = data.get(i + 1) else {
                    return true;
                };
                i += 2;
                out.push(&[b].repeat(257 - n as usize))
            }
        };
        if !ok {
            return false;
        }
    }
    true
}

fn ascii_hex(data: &[u8]) -> Vec<u8> {
    let digits: Vec<u8> = data
        .iter()
        .take_while(|&&b| b != b'>')
        .filter_map(|&b| (b as char).to_digit(16).map(|d| d as u8))
        .collect();
    digits
        .chunks(2)
        .map(|p| p[0] << 4 | p.get(1).copied().unwrap_or(0))
        .collect()
}

fn ascii_85(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    let mut group = Vec::with_capacity(5);
    let flush = |group: &mut Vec<u8>, out: &mut Vec<u8>| {
        if group.len() >= 2 {
            let n = group.len();
            group.resize(5, b'u');
            let value = group
                .iter()
                .fold(0u64, |v, &b| v * 85 + u64::from(b.saturating_sub(b'!')));
            out.extend_from_slice(&(value as u32).to_be_bytes()[..n - 1]);
        }
        group.clear();
    };
    for &b in data {
        match b {
            b'~' => break,
            b'z' if group.is_empty() => out.extend_from_slice(&[0; 4]),
            b'!'..=b'u' => {
                group.push(b);
                if group.len() == 5 {
                    flush(&mut group, &mut out);
                }
            }
            _ => {}
        }
    }
    flush(&mut group, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// `chunks` MiB of zeros as one raw deflate stream, made without holding them: each MiB is
    /// compressed with a full flush (which resets the compressor), so the same bytes repeat.
    pub(crate) fn deflate_bomb(chunks: usize) -> Vec<u8> {
        let mut c = flate2::Compress::new(flate2::Compression::best(), false);
        let zeros = vec![0u8; 1 << 20];
        let mut chunk = Vec::with_capacity(4 << 10);
        c.compress_vec(&zeros, &mut chunk, flate2::FlushCompress::Full)
            .unwrap();
        let mut out = chunk.repeat(chunks);
        let mut end = Vec::with_capacity(64);
        c.compress_vec(&[], &mut end, flate2::FlushCompress::Finish)
            .unwrap();
        out.extend(end);
        out
    }

    #[test]
    fn flate_is_counted_and_stopped_at_the_limit() {
        let bomb = deflate_bomb(64);
        assert!(bomb.len() < 128 << 10, "{} bytes", bomb.len());
        // the stream really holds 64 MiB
        let mut whole = Vec::new();
        flate2::read::DeflateDecoder::new(&bomb[..])
            .read_to_end(&mut whole)
            .unwrap();
        assert_eq!(whole.len(), 64 << 20);
        let mut out = Budget::new(64 << 20, false);
        assert!(flate(&bomb, &mut out) && out.len == 64 << 20);
        let mut out = Budget::new(16 << 20, false);
        assert!(!flate(&bomb, &mut out));
        assert!(out.len < 17 << 20, "stopped soon after the limit");
        // zlib-wrapped too
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(b"BT (x) Tj ET").unwrap();
        let mut out = Budget::new(100, true);
        assert!(flate(&z.finish().unwrap(), &mut out));
        assert_eq!(out.bytes, b"BT (x) Tj ET");
    }

    /// A one-page PDF whose content stream is `content`, raw deflate.
    fn pdf_with_content(content: &[u8]) -> Vec<u8> {
        let stream = [
            format!(
                "<< /Filter /FlateDecode /Length {} >>\nstream\n",
                content.len()
            )
            .as_bytes(),
            content,
            b"\nendstream",
        ]
        .concat();
        let objects: [&[u8]; 4] = [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            &stream,
        ];
        let mut pdf = b"%PDF-1.7\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in objects.iter().enumerate() {
            offsets.push(pdf.len());
            pdf.extend(format!("{} 0 obj\n", i + 1).as_bytes());
            pdf.extend(*body);
            pdf.extend(b"\nendobj\n");
        }
        let xref = pdf.len();
        pdf.extend(b"xref\n0 5\n0000000000 65535 f \n");
        for o in offsets {
            pdf.extend(format!("{o:010} 00000 n \n").as_bytes());
        }
        pdf.extend(
            format!("trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
        );
        pdf
    }

    #[test]
    fn a_bomb_is_refused_before_it_is_decoded() {
        let pdf = pdf_with_content(&deflate_bomb(4));
        let limits = |max_stream_bytes| crate::Limits {
            max_stream_bytes,
            ..crate::Limits::default()
        };
        match crate::extract(&pdf, &limits(1 << 20)) {
            Err(e @ Error::StreamTooLarge(_)) => assert_eq!(
                e.to_string(),
                "a stream decodes to more than 1 MiB (a decompression bomb?)"
            ),
            other => panic!("{other:?}"),
        }
        // under the limit it is just a (blank) page
        let doc = crate::extract(&pdf, &limits(8 << 20)).unwrap();
        assert_eq!(doc.pages.len(), 1);
    }

    #[test]
    fn the_small_filters_decode_as_the_spec_says() {
        let mut out = Budget::new(1000, true);
        assert!(run_length(&[2, b'a', b'b', b'c', 253, b'x', 128], &mut out));
        assert_eq!(out.bytes, b"abcxxxx");
        assert!(!run_length(
            &[129, b'x'].repeat(20),
            &mut Budget::new(1000, true)
        ));
        assert_eq!(ascii_hex(b"48 65 6c6C6f7>"), b"Hellop");
        assert_eq!(ascii_85(b"87cURDZ~>"), b"Hello");
        assert_eq!(ascii_85(b"z~>"), [0; 4]);
    }

    #[test]
    fn lzw_decodes_the_spec_example() {
        // ISO 32000-1, 7.4.4.2: 45 45 45 45 45 65 45 45 45 66 encodes as these codes
        let codes = [256u32, 45, 258, 258, 65, 259, 66, 257];
        let bits = codes.iter().fold(0u128, |b, &c| (b << 9) | u128::from(c));
        let bytes: Vec<u8> = (0..9).map(|i| (bits >> (64 - 8 * i)) as u8).collect();
        let mut out = Budget::new(1000, true);
        assert!(lzw(&bytes, true, &mut out));
        assert_eq!(out.bytes, [45, 45, 45, 45, 45, 65, 45, 45, 45, 66]);
    }
}
