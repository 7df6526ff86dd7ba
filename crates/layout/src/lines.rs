//! Glyphs to text lines: glyphs whose boxes overlap vertically by most of their height share a line.

use juesuan_pdf::Glyph;
use serde::Serialize;

/// One line of text with its box.
#[derive(Clone, Debug, Serialize)]
pub struct TextLine {
    pub text: String,
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

/// Group glyphs into lines, top to bottom, each left to right. A gap wider than half the font
/// size becomes one space, so "项   目" stays visibly spaced while "1,096.44" stays whole.
pub fn group_lines(glyphs: &[&Glyph]) -> Vec<TextLine> {
    baselines(glyphs)
        .into_iter()
        .map(|(y0, y1, members)| {
            let mut text = String::new();
            let mut last_x1: Option<f32> = None;
            for g in &members {
                if let Some(x1) = last_x1
                    && g.x0 - x1 > 0.5 * g.size
                {
                    text.push(' ');
                }
                text.push_str(&g.text);
                last_x1 = Some(last_x1.map_or(g.x1, |x| x.max(g.x1)));
            }
            TextLine {
                text,
                x0: members.iter().map(|g| g.x0).fold(f32::MAX, f32::min),
                y0,
                x1: members.iter().map(|g| g.x1).fold(f32::MIN, f32::max),
                y1,
            }
        })
        .collect()
}

/// Glyphs grouped into lines, top to bottom: (top, bottom, glyphs left to right).
pub(crate) fn baselines<'g>(glyphs: &[&'g Glyph]) -> Vec<(f32, f32, Vec<&'g Glyph>)> {
    let mut sorted: Vec<&Glyph> = glyphs.to_vec();
    sorted.sort_by(|a, b| {
        a.center_y()
            .total_cmp(&b.center_y())
            .then(a.x0.total_cmp(&b.x0))
    });
    let mut groups: Vec<(f32, f32, Vec<&Glyph>)> = Vec::new();
    for g in sorted {
        let joined = groups.last_mut().filter(|(y0, y1, _)| {
            let overlap = y1.min(g.y1) - y0.max(g.y0);
            overlap > 0.5 * (g.y1 - g.y0).min(y1 - y0)
        });
        match joined {
            Some((y0, y1, members)) => {
                *y0 = y0.min(g.y0);
                *y1 = y1.max(g.y1);
                members.push(g);
            }
            None => groups.push((g.y0, g.y1, vec![g])),
        }
    }
    for (_, _, members) in &mut groups {
        members.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    }
    groups
}

/// Join the lines of one wrapped cell: no separator between CJK text (a wrapped name is one
/// word), one space where two ASCII words meet.
pub fn join_lines<S: AsRef<str>>(lines: &[S]) -> String {
    let mut out = String::new();
    for line in lines {
        let line = line.as_ref().trim();
        if line.is_empty() {
            continue;
        }
        let ascii_boundary = out.chars().last().is_some_and(|c| c.is_ascii_alphabetic())
            && line.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
        if ascii_boundary {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyph(text: &str, x0: f32, y: f32) -> Glyph {
        Glyph {
            text: text.into(),
            x0,
            y0: y - 8.5,
            x1: x0 + 10.0,
            y1: y + 1.5,
            size: 10.0,
        }
    }

    #[test]
    fn groups_by_baseline_and_spaces_wide_gaps() {
        let gs = [
            glyph("目", 40.0, 100.0),
            glyph("项", 0.0, 100.5),
            glyph("合", 0.0, 120.0),
        ];
        let refs: Vec<&Glyph> = gs.iter().collect();
        let lines = group_lines(&refs);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].text, "项 目");
        assert_eq!(lines[1].text, "合");
    }

    #[test]
    fn joins_wrapped_cells() {
        assert_eq!(
            join_lines(&["机关事业单位基", "本养老保险缴费"]),
            "机关事业单位基本养老保险缴费"
        );
        assert_eq!(join_lines(&["Social", "Security"]), "Social Security");
    }
}
