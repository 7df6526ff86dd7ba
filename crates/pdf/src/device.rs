//! The hayro `Device` that records glyphs and ruling segments instead of drawing them.

use crate::fonts::FallbackDecoder;
use crate::text::fold_char;
use crate::{Glyph, Page, Rule};
use hayro_interpret::font::GlyphRun;
use hayro_interpret::hayro_cmap::BfString;
use hayro_interpret::kurbo::{Affine, BezPath, PathEl, Point};
use hayro_interpret::{
    BlendMode, ClipPath, Device, DrawMode, DrawProps, Image, ImageDrawProps, Paint, SoftMask,
};

/// A fill thinner than this (points) is a drawn line, not a shaded area.
const THIN_FILL: f64 = 2.5;
/// Tolerance (points) for a segment to count as horizontal or vertical.
const AXIS_TOLERANCE: f64 = 0.6;

struct RawGlyph {
    text: String,
    origin: Point,
    advance: Point,
    up: Point,
}

pub(crate) struct Collector {
    width: f32,
    height: f32,
    glyphs: Vec<RawGlyph>,
    rules: Vec<Rule>,
    images: usize,
    undecoded: usize,
    fallback: FallbackDecoder,
}

impl Collector {
    pub(crate) fn new(width: f32, height: f32, fallback: FallbackDecoder) -> Self {
        Collector {
            width,
            height,
            glyphs: Vec::new(),
            rules: Vec::new(),
            images: 0,
            undecoded: 0,
            fallback,
        }
    }

    /// Turn the page so that most text reads left to right, then box every glyph.
    pub(crate) fn finish(self, number: usize, rotate: u16) -> Page {
        let (w, h) = (self.width as f64, self.height as f64);
        let mut quadrants = [0usize; 4];
        for g in &self.glyphs {
            quadrants[quadrant(g.advance - g.origin)] += 1;
        }
        let dominant = (0..4).max_by_key(|&q| (quadrants[q], 4 - q)).unwrap_or(0);
        let (turn, width, height) = match dominant {
            1 => (Affine::new([0.0, -1.0, 1.0, 0.0, 0.0, w]), h, w),
            2 => (Affine::new([-1.0, 0.0, 0.0, -1.0, w, h]), w, h),
            3 => (Affine::new([0.0, 1.0, -1.0, 0.0, h, 0.0]), h, w),
            _ => (Affine::IDENTITY, w, h),
        };
        let mut glyphs = Vec::with_capacity(self.glyphs.len());
        let mut seen = OverstrikeFilter::default();
        for g in self.glyphs {
            let (o, a, u) = (turn * g.origin, turn * g.advance, turn * g.up);
            let size = (u - o).hypot();
            if size < 0.5 {
                continue;
            }
            let upright = quadrant(a - o) == 0;
            let (x0, x1, y0, y1) = if upright {
                (
                    o.x.min(a.x),
                    o.x.max(a.x),
                    o.y - 0.85 * size,
                    o.y + 0.15 * size,
                )
            } else {
                let pts = [o, a, u, a + (u - o)];
                let xs = pts.iter().map(|p| p.x);
                let ys = pts.iter().map(|p| p.y);
                (
                    xs.clone().fold(f64::MAX, f64::min),
                    xs.fold(f64::MIN, f64::max),
                    ys.clone().fold(f64::MAX, f64::min),
                    ys.fold(f64::MIN, f64::max),
                )
            };
            let cx = (x0 + x1) / 2.0;
            let cy = (y0 + y1) / 2.0;
            if cx < 0.0 || cy < 0.0 || cx > width || cy > height {
                continue; // outside the crop box: not seen by a reader
            }
            if seen.is_repeat(&g.text, x0, y0, size) {
                continue;
            }
            glyphs.push(Glyph {
                text: g.text,
                x0: x0 as f32,
                y0: y0 as f32,
                x1: x1 as f32,
                y1: y1 as f32,
                size: size as f32,
            });
        }
        let rules = self
            .rules
            .into_iter()
            .map(|r| {
                let p = turn * Point::new(r.x0 as f64, r.y0 as f64);
                let q = turn * Point::new(r.x1 as f64, r.y1 as f64);
                Rule {
                    x0: p.x.min(q.x) as f32,
                    y0: p.y.min(q.y) as f32,
                    x1: p.x.max(q.x) as f32,
                    y1: p.y.max(q.y) as f32,
                }
            })
            .collect();
        Page {
            number,
            width: width as f32,
            height: height as f32,
            rotate,
            glyphs,
            rules,
            images: self.images,
            undecoded_glyphs: self.undecoded,
        }
    }

    fn add_segment(&mut self, a: Point, b: Point) {
        let horizontal = (a.y - b.y).abs() <= AXIS_TOLERANCE;
        let vertical = (a.x - b.x).abs() <= AXIS_TOLERANCE;
        if !(horizontal || vertical) || (a - b).hypot() < 1.0 {
            return;
        }
        self.rules.push(Rule {
            x0: a.x.min(b.x) as f32,
            y0: a.y.min(b.y) as f32,
            x1: a.x.max(b.x) as f32,
            y1: a.y.max(b.y) as f32,
        });
    }
}

/// Fake bold draws each glyph twice, a fraction of a point apart ("收收入入"); a reader sees one.
#[derive(Default)]
struct OverstrikeFilter {
    /// Glyphs seen so far, bucketed by 4-point squares of their origin.
    cells: std::collections::HashMap<
        (i64, i64),
        Vec<SeenGlyph>,
        std::hash::BuildHasherDefault<CellHasher>,
    >,
}

/// A multiply-rotate hash for small integer keys: SipHash here cost 5% of a page's time.
#[derive(Default)]
struct CellHasher(u64);

impl std::hash::Hasher for CellHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(b as u64);
        }
    }
    fn write_i64(&mut self, i: i64) {
        self.write_u64(i as u64);
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

type SeenGlyph = (String, f64, f64);

impl OverstrikeFilter {
    fn is_repeat(&mut self, text: &str, x: f64, y: f64, size: f64) -> bool {
        let near = 0.25 * size;
        let key = ((x / 4.0).floor() as i64, (y / 4.0).floor() as i64);
        for dx in -1..=1 {
            for dy in -1..=1 {
                if let Some(list) = self.cells.get(&(key.0 + dx, key.1 + dy))
                    && list.iter().any(|(t, gx, gy)| {
                        t == text && (gx - x).abs() < near && (gy - y).abs() < near
                    })
                {
                    return true;
                }
            }
        }
        self.cells
            .entry(key)
            .or_default()
            .push((text.to_string(), x, y));
        false
    }
}

/// 0: left to right, 1: top to bottom, 2: right to left, 3: bottom to top (y grows down).
fn quadrant(v: hayro_interpret::kurbo::Vec2) -> usize {
    if v.x.abs() >= v.y.abs() {
        if v.x >= 0.0 { 0 } else { 2 }
    } else if v.y >= 0.0 {
        1
    } else {
        3
    }
}

fn is_white(paint: &Paint<'_>) -> bool {
    match paint {
        Paint::Color(c) => {
            let [r, g, b, a] = c.to_rgba().to_rgba8();
            a == 0 || (r > 245 && g > 245 && b > 245)
        }
        Paint::Pattern(_) => false,
    }
}

/// The straight sub-paths of a path, as point lists (curves end a sub-path).
fn polylines(path: &BezPath, transform: Affine) -> Vec<(Vec<Point>, bool)> {
    let mut out = Vec::new();
    let mut current: Vec<Point> = Vec::new();
    for el in path.elements() {
        match *el {
            PathEl::MoveTo(p) => {
                if current.len() > 1 {
                    out.push((std::mem::take(&mut current), false));
                }
                current = vec![transform * p];
            }
            PathEl::LineTo(p) => current.push(transform * p),
            PathEl::ClosePath => {
                if current.len() > 1 {
                    out.push((std::mem::take(&mut current), true));
                }
            }
            PathEl::QuadTo(..) | PathEl::CurveTo(..) => {
                if current.len() > 1 {
                    out.push((std::mem::take(&mut current), false));
                }
            }
        }
    }
    if current.len() > 1 {
        out.push((current, false));
    }
    out
}

impl<'a> Device<'a> for Collector {
    fn draw_path(&mut self, path: &BezPath, props: DrawProps<'a>, draw_mode: &DrawMode) {
        if is_white(&props.paint) {
            return;
        }
        let stroke = matches!(draw_mode, DrawMode::Stroke(_) | DrawMode::FillAndStroke(..));
        let fill = matches!(draw_mode, DrawMode::Fill(_) | DrawMode::FillAndStroke(..));
        for (points, closed) in polylines(path, props.transform) {
            if stroke {
                for pair in points.windows(2) {
                    self.add_segment(pair[0], pair[1]);
                }
                if closed {
                    self.add_segment(points[points.len() - 1], points[0]);
                }
            } else if fill && (3..=8).contains(&points.len()) {
                // a filled sliver is a drawn line (Word and WPS draw cell borders as fills, some
                // with bevelled ends, so only the bounding box is trusted); a wider fill is shading
                let xs = points.iter().map(|p| p.x);
                let ys = points.iter().map(|p| p.y);
                let (x0, x1) = (
                    xs.clone().fold(f64::MAX, f64::min),
                    xs.fold(f64::MIN, f64::max),
                );
                let (y0, y1) = (
                    ys.clone().fold(f64::MAX, f64::min),
                    ys.fold(f64::MIN, f64::max),
                );
                let (w, h) = (x1 - x0, y1 - y0);
                if h <= THIN_FILL && w > h {
                    let y = (y0 + y1) / 2.0;
                    self.add_segment(Point::new(x0, y), Point::new(x1, y));
                } else if w <= THIN_FILL && h > w {
                    let x = (x0 + x1) / 2.0;
                    self.add_segment(Point::new(x, y0), Point::new(x, y1));
                }
            }
        }
    }

    fn push_clip_path(&mut self, _: &ClipPath) {}

    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}

    fn draw_glyph_run(&mut self, run: &GlyphRun<'_, 'a>, props: DrawProps<'a>, mode: &DrawMode) {
        if matches!(mode, DrawMode::Invisible) || is_white(&props.paint) {
            return;
        }
        for glyph in run.glyphs() {
            let text = match glyph.as_unicode() {
                Some(BfString::Char(c)) => fold_char(c).to_string(),
                Some(BfString::String(s)) => s.chars().map(fold_char).collect(),
                None => match self.fallback.decode(glyph.char_code()) {
                    Some(c) => fold_char(c).to_string(),
                    None => {
                        self.undecoded += 1;
                        continue;
                    }
                },
            };
            if text.trim().is_empty() {
                continue;
            }
            let advance = match &**glyph {
                hayro_interpret::font::Glyph::Outline(o) => o.advance_width(),
                hayro_interpret::font::Glyph::Type3(t) => t.advance_width(),
            }
            .filter(|w| *w > 0.0)
            .unwrap_or(if text.is_ascii() { 500.0 } else { 1000.0 })
                as f64;
            let t = props.transform * glyph.transform();
            self.glyphs.push(RawGlyph {
                text,
                origin: t * Point::ZERO,
                advance: t * Point::new(advance, 0.0),
                up: t * Point::new(0.0, 1000.0),
            });
        }
    }

    fn draw_image(&mut self, _: Image<'a, '_>, _: ImageDrawProps<'a>) {
        self.images += 1;
    }

    fn pop_clip(&mut self) {}

    fn pop_transparency_group(&mut self) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_glyph_drawn_twice_a_fraction_apart_is_seen_once() {
        let mut seen = OverstrikeFilter::default();
        assert!(!seen.is_repeat("收", 100.0, 200.0, 10.0));
        assert!(seen.is_repeat("收", 100.4, 200.3, 10.0), "fake bold");
        assert!(
            !seen.is_repeat("入", 100.4, 200.3, 10.0),
            "another character"
        );
        assert!(
            !seen.is_repeat("收", 112.0, 200.0, 10.0),
            "the same character further on"
        );
    }
}
