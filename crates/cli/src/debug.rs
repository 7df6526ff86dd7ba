//! `juesuan debug FILE --page N`: the recovered lines and grids of a page, for a developer's eyes.

use anyhow::{Context, Result};
use juesuan_layout::{Block, layout_page};
use std::fmt::Write as _;
use std::path::Path;

pub fn run(path: &Path, page: Option<usize>, svg: Option<&Path>) -> Result<()> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let doc = juesuan_pdf::extract(&bytes, &juesuan_pdf::Limits::default())?;
    let mut out = String::new();
    for p in doc
        .pages
        .iter()
        .filter(|p| page.is_none_or(|n| n == p.number))
    {
        let layout = layout_page(p);
        writeln!(
            out,
            "=== page {} ({}x{}, rotate {}, {} glyphs, {} rules)",
            p.number,
            p.width,
            p.height,
            p.rotate,
            p.glyphs.len(),
            p.rules.len()
        )?;
        for block in &layout.blocks {
            match block {
                Block::Line(l) => writeln!(out, "{:>6.1} | {}", l.y0, l.text)?,
                Block::Grid(g) => {
                    writeln!(
                        out,
                        "{:>6.1} + grid {} rows x {} cols",
                        g.ys[0],
                        g.rows(),
                        g.cols()
                    )?;
                    for r in 0..g.rows() {
                        let cells: Vec<&str> = (0..g.cols()).map(|c| g.text_at(r, c)).collect();
                        writeln!(out, "       | {}", cells.join(" | "))?;
                    }
                }
            }
        }
        if let Some(svg_path) = svg {
            std::fs::write(svg_path, page_svg(p, &layout))?;
        }
    }
    print!("{out}");
    Ok(())
}

/// Draw the page's rules (grey), grid cells (blue) and glyph boxes (red) as SVG.
fn page_svg(page: &juesuan_pdf::Page, layout: &juesuan_layout::PageLayout) -> String {
    let mut s = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}"><rect width="{w}" height="{h}" fill="white"/>"#,
        w = page.width,
        h = page.height
    );
    for r in &page.rules {
        let _ = write!(
            s,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="grey" stroke-width="0.5"/>"#,
            r.x0, r.y0, r.x1, r.y1
        );
    }
    for block in &layout.blocks {
        if let Block::Grid(g) = block {
            for c in &g.cells {
                let (x0, y0) = (g.xs[c.col], g.ys[c.row]);
                let (x1, y1) = (g.xs[c.col + c.col_span], g.ys[c.row + c.row_span]);
                let _ = write!(
                    s,
                    r#"<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="blue" stroke-width="0.3"/>"#,
                    x0 + 0.5,
                    y0 + 0.5,
                    x1 - x0 - 1.0,
                    y1 - y0 - 1.0
                );
            }
        }
    }
    for g in &page.glyphs {
        let _ = write!(
            s,
            r#"<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="red" stroke-width="0.2"/>"#,
            g.x0,
            g.y0,
            g.x1 - g.x0,
            g.y1 - g.y0
        );
    }
    s.push_str("</svg>");
    s
}
