//! Positioned glyphs and ruling segments to text lines and table grids, page by page.
//!
//! A ruled table becomes a [`Grid`]: the distinct x and y positions of its rules cut the page into
//! base cells, and base cells not separated by a drawn rule are merged, which recovers spanning
//! header cells. A glyph belongs to the cell that holds its centre, so a right-aligned amount never
//! fuses with the text of the next cell, and a name wrapped over two lines stays one cell.
//! Tables printed without rules get the rules their alignment implies (see `borderless`), and
//! are read the same way. Text outside every grid becomes [`TextLine`]s. Blocks come in reading
//! order.
//!
//! ```no_run
//! # let page = juesuan_pdf::Page::default();
//! for block in juesuan_layout::layout_page(&page).blocks {
//!     match block {
//!         juesuan_layout::Block::Line(line) => println!("{}", line.text),
//!         juesuan_layout::Block::Grid(grid) => println!("grid {}x{}", grid.rows(), grid.cols()),
//!     }
//! }
//! ```

mod borderless;
mod grid;
mod lines;
mod text;

pub use grid::{Grid, GridCell};
pub use lines::{TextLine, join_lines};
pub use text::{
    Widths, layout_text, layout_text_whole, layout_text_with, looks_laid_out, tokens, widths_of,
};

use juesuan_pdf::{Glyph, Page};
use serde::Serialize;

/// A page's content in reading order.
#[derive(Clone, Debug, Serialize)]
pub struct PageLayout {
    pub number: usize,
    pub blocks: Vec<Block>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Line(TextLine),
    Grid(Grid),
}

impl Block {
    fn top(&self) -> f32 {
        match self {
            Block::Line(l) => l.y0,
            Block::Grid(g) => g.y0(),
        }
    }
}

/// Lay out one page: grids from its rules, lines from the glyphs outside them.
pub fn layout_page(page: &Page) -> PageLayout {
    layout(page, false)
}

/// Lay out one page; `from_text`: a page of laid-out text (see `text`), whose amounts end on
/// exact columns.
fn layout(page: &Page, from_text: bool) -> PageLayout {
    layout_with(page, from_text, false)
}

/// As [`layout`]; `join_misaligned`: one column's amounts that laid-out text printed a
/// character or two apart are one column (see `borderless`), for the grids read whole.
fn layout_with(page: &Page, from_text: bool, join_misaligned: bool) -> PageLayout {
    let grids = grid::find_grids(&page.rules);
    let mut inside: Vec<Vec<&Glyph>> = vec![Vec::new(); grids.len()];
    let mut outside: Vec<&Glyph> = Vec::new();
    for g in &page.glyphs {
        let (cx, cy) = (g.center_x(), g.center_y());
        match grids.iter().position(|s| s.contains(cx, cy)) {
            Some(i) => inside[i].push(g),
            None => outside.push(g),
        }
    }
    let mut blocks: Vec<Block> = Vec::new();
    for (skeleton, glyphs) in grids.into_iter().zip(inside) {
        let skeleton = skeleton.split_stacked_rows(&glyphs);
        blocks.push(Block::Grid(skeleton.fill(page.number, &glyphs)));
    }
    // tables printed without rules: their virtual rules make grids of the glyphs left outside
    for rules in borderless::virtual_rules(&outside, from_text, join_misaligned) {
        for skeleton in grid::find_grids(&rules) {
            let (inside, rest): (Vec<&Glyph>, Vec<&Glyph>) = outside
                .iter()
                .partition(|g| skeleton.contains(g.center_x(), g.center_y()));
            outside = rest;
            if !inside.is_empty() {
                let mut grid = skeleton.fill(page.number, &inside);
                grid.ruled = false;
                blocks.push(Block::Grid(grid));
            }
        }
    }
    for line in lines::group_lines(&outside) {
        blocks.push(Block::Line(line));
    }
    blocks.sort_by(|a, b| a.top().total_cmp(&b.top()));
    PageLayout {
        number: page.number,
        blocks,
    }
}
