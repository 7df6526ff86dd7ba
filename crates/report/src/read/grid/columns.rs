//! Where a grid keeps its labels, 行次 and amounts: the 栏次 row, the 科目编码 header of
//! basic_expenditure, or, where neither is printed, the header words; and how a continuation
//! page's grid maps onto the columns of the page before.

use crate::normalise::amount::{Amount, parse_amount};
use crate::normalise::codes;
use juesuan_layout::Grid;
use juesuan_model::TableKind;

/// Where a group of columns keeps its label, 行次 and amounts.
#[derive(Clone, Debug, Default)]
pub struct Group {
    /// The 预算单位 / 单位名称 column of a table printing a department and its units.
    pub entity_col: Option<usize>,
    pub label_cols: Vec<usize>,
    pub line_col: Option<usize>,
    pub amounts: Vec<(usize, u32)>,
}

pub fn integer(text: &str) -> Option<u32> {
    let t = text.trim();
    if t.is_empty() || t.len() > 3 || !t.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

pub fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether a column header names the unit each row belongs to ("预算单位", "单位名称", "部门（单位）
/// 名称"), as tables printing a department and its units do (深圳, 浙江); an amount header that
/// mentions units ("对附属单位补助支出", "单位资金") is not one.
pub fn is_entity_header(header: &str) -> bool {
    let h = header
        .trim_start_matches("收入")
        .trim_start_matches("支出")
        .replace(['（', '）', '(', ')'], "");
    h.contains("单位")
        && (h.ends_with("单位") || h.ends_with("单位名称") || h.ends_with("单位名"))
        && h.chars().count() <= 10
        && ![
            "资金", "收入", "支出", "经费", "补助", "上缴", "使用", "计量",
        ]
        .iter()
        .any(|w| h.contains(w))
}

/// The 栏次 row: a row with a "栏次" cell, or whose numbered cells run 1, 2, 3… left to right.
pub fn numbered_row(grid: &Grid) -> Option<usize> {
    (0..grid.rows()).find(|&r| {
        let texts: Vec<&str> = (0..grid.cols()).map(|c| grid.text_at(r, c)).collect();
        let numbers: Vec<u32> = texts.iter().filter_map(|t| integer(t)).collect();
        let labelled = texts.iter().any(|t| compact(t) == "栏次");
        let others_blank = texts
            .iter()
            .all(|t| t.trim().is_empty() || integer(t).is_some() || compact(t) == "栏次");
        others_blank
            && !numbers.is_empty()
            && (labelled
                || (numbers.len() >= 2
                    && numbers.windows(2).all(|w| w[1] == w[0] + 1)
                    && numbers[0] == 1))
    })
}

/// Header text above a base position, top to bottom.
pub fn header_text(grid: &Grid, below: usize, col: usize) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for r in 0..below {
        let t = grid.covering_text(r, col);
        if !t.is_empty() && parts.last() != Some(&t) {
            parts.push(t);
        }
    }
    compact(&parts.join(""))
}

fn groups_from_numbered(grid: &Grid, r: usize) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut current = Group::default();
    for c in 0..grid.cols() {
        let text = grid.covering_text(r, c);
        if compact(text) == "栏次" && !current.amounts.is_empty() {
            groups.push(std::mem::take(&mut current));
        }
        match integer(grid.text_at(r, c)) {
            Some(n) => current.amounts.push((c, n)),
            None if current.amounts.is_empty() => {
                let header = header_text(grid, r, c);
                if header.contains("行次") {
                    current.line_col = Some(c);
                } else if is_entity_header(&header) && current.entity_col.is_none() {
                    current.entity_col = Some(c);
                } else {
                    current.label_cols.push(c);
                }
            }
            None => {}
        }
    }
    groups.push(current);
    groups.retain(|g| !g.amounts.is_empty());
    groups
}

/// basic_expenditure prints no 栏次. Its header says which columns are labels (科目编码, 科目名称,
/// 类/款) and which are amounts; each run of labels followed by amounts is a group, its amounts
/// numbered 1, 2, … (the seed's three side-by-side "科目编码 | 科目名称 | 决算数" groups are each
/// column 1). A label run straight after another (部门 and 政府 经济分类 codes side by side) stays
/// in the same group.
fn groups_from_code_header(grid: &Grid) -> Option<(usize, Vec<Group>)> {
    let first_data = (1..grid.rows().min(8)).find(|&r| {
        (0..grid.cols()).any(|c| {
            looks_like_money(grid.text_at(r, c)) || codes::is_code(&compact(grid.text_at(r, c)))
        })
    })?;
    let headers: Vec<String> = (0..grid.cols())
        .map(|c| header_text(grid, first_data, c))
        .collect();
    if !headers
        .iter()
        .any(|h| h.contains("编码") || h.contains("代码"))
    {
        return None;
    }
    let mut groups: Vec<Group> = Vec::new();
    let mut current = Group::default();
    for (c, h) in headers.iter().enumerate() {
        if is_entity_header(h) && current.entity_col.is_none() && current.amounts.is_empty() {
            current.entity_col = Some(c);
            continue;
        }
        let last = h.chars().last();
        let is_label = h.contains("编码")
            || h.contains("代码")
            || h.contains("名称")
            || h.ends_with("科目")
            || matches!(last, Some('类' | '款' | '项'))
            || h.is_empty();
        if is_label {
            if !current.amounts.is_empty() {
                groups.push(std::mem::take(&mut current));
            }
            current.label_cols.push(c);
        } else {
            let n = current.amounts.len() as u32 + 1;
            current.amounts.push((c, n));
        }
    }
    groups.push(current);
    groups.retain(|g| !g.amounts.is_empty());
    (!groups.is_empty()).then_some((first_data - 1, groups))
}

/// How far an amount column of a borderless grid may end from where it ended on the page before
/// and still be that column (amounts are right-aligned). Set on the borderless corpus (h11–h14).
const AMOUNT_END_PT: f32 = 6.0;

/// Map a previous grid's groups onto a continuation grid by column position. Between grids
/// inferred from text, an amount column is the one ending where it ended (amounts are
/// right-aligned), and one with no such column is blank on this page.
pub fn remap_groups(groups: &[Group], from: &Grid, to: &Grid) -> Vec<Group> {
    let nearest = |c: usize| -> usize {
        let x = from.col_center(c);
        (0..to.cols())
            .min_by(|&a, &b| {
                (to.col_center(a) - x)
                    .abs()
                    .total_cmp(&(to.col_center(b) - x).abs())
            })
            .unwrap_or(c)
    };
    let inferred = !(from.ruled && to.ruled);
    let amount_column = |c: usize| -> Option<usize> {
        if !inferred {
            return Some(nearest(c));
        }
        let end = from.xs[c + 1];
        (0..to.cols()).find(|&k| (to.xs[k + 1] - end).abs() < AMOUNT_END_PT)
    };
    groups
        .iter()
        .map(|g| Group {
            entity_col: g.entity_col.map(nearest),
            label_cols: g.label_cols.iter().map(|&c| nearest(c)).collect(),
            line_col: g.line_col.map(nearest),
            amounts: g
                .amounts
                .iter()
                .filter_map(|&(c, n)| amount_column(c).map(|k| (k, n)))
                .collect(),
        })
        .collect()
}

/// Map a previous grid's groups onto a grid that text laid out on a later page (`pdftotext
/// -layout` sets each page's columns by what that page prints, so positions do not carry over),
/// by the columns' order: the same columns, or all but a leading 预算单位 column, which a page
/// naming no unit does not print (its rows are of the unit named last). Taken only where every
/// cell below the headings the page may repeat stands where its column says (amounts, or a
/// dash for a blank one, in amount columns, none among the labels); else `None`, and the
/// positions decide.
pub fn remap_groups_by_order(groups: &[Group], from: &Grid, to: &Grid) -> Option<Vec<Group>> {
    let dropped = from.cols().checked_sub(to.cols())?;
    let unit_first = groups.iter().any(|g| g.entity_col == Some(0));
    if dropped > 1 || (dropped == 1 && !unit_first) {
        return None;
    }
    let mapped: Vec<Group> = groups
        .iter()
        .map(|g| Group {
            entity_col: g.entity_col.and_then(|c| c.checked_sub(dropped)),
            label_cols: g
                .label_cols
                .iter()
                .filter_map(|c| c.checked_sub(dropped))
                .collect(),
            line_col: g.line_col.and_then(|c| c.checked_sub(dropped)),
            amounts: g
                .amounts
                .iter()
                .filter_map(|&(c, n)| Some((c.checked_sub(dropped)?, n)))
                .collect(),
        })
        .collect();
    // (headings repeated at the top of the page print no amount)
    let first_data = (0..to.rows())
        .find(|&r| (0..to.cols()).any(|c| looks_like_money(to.text_at(r, c))))
        .unwrap_or(to.rows());
    let in_place = |c: usize, amount: bool| {
        (first_data..to.rows()).all(|r| {
            let text = to.text_at(r, c).trim();
            let money = looks_like_money(text);
            text.is_empty()
                || (if amount {
                    money || integer(text).is_some() || parse_amount(text) == Amount::Empty
                } else {
                    !money
                })
        })
    };
    let fits = mapped.iter().all(|g| {
        g.amounts.iter().all(|&(c, _)| in_place(c, true))
            && g.label_cols
                .iter()
                .chain(&g.entity_col)
                .chain(&g.line_col)
                .all(|&c| in_place(c, false))
    });
    fits.then_some(mapped)
}

pub fn row_text(grid: &Grid, r: usize) -> String {
    (0..grid.cols())
        .map(|c| compact(grid.text_at(r, c)))
        .collect::<Vec<_>>()
        .join("|")
}

/// Money as printed: has a decimal point or a thousands separator, or is a long integer (元).
pub fn looks_like_money(text: &str) -> bool {
    matches!(parse_amount(text), Amount::Value(_))
        && (text.contains(['.', ','])
            || text.trim().trim_start_matches('-').len() > 3 && !codes::is_code(text.trim()))
}

/// Tables that print no 栏次 (Shanghai's, many 预算): header rows end where money starts; a
/// column is a label when its header names one (项目, 科目, 名称, 编码, 类/款/项), 行次 when it
/// says so, and an amount otherwise; amounts are numbered 1, 2, … left to right.
pub fn groups_by_position(grid: &Grid) -> Option<(usize, Vec<Group>)> {
    // money; or a percentage ("88.2%"); or several whole amounts, one of which might read as a
    // code alone ("2780860" beside "3099939": 吴忠 2025's 支出合计)
    let is_data = |r: usize| {
        let texts: Vec<&str> = (0..grid.cols())
            .map(|c| grid.text_at(r, c).trim())
            .collect();
        let numbers: Vec<&str> = texts
            .iter()
            .copied()
            .filter(|t| matches!(parse_amount(t), Amount::Value(_)))
            .collect();
        texts.iter().any(|t| {
            looks_like_money(t)
                || t.strip_suffix(['%', '％'])
                    .is_some_and(|p| p.contains('.') && matches!(parse_amount(p), Amount::Value(_)))
        }) || (numbers.len() >= 2 && numbers.iter().any(|t| t.trim_start_matches('-').len() > 3))
            // a whole amount right of the first column (codes print leftmost): 黑龙江 2024's
            // 省本级一般债务余额表 opens with one
            || texts.iter().skip(1).any(|t| {
                matches!(parse_amount(t), Amount::Value(_))
                    && t.trim_start_matches('-').chars().count() > 4
                    && !texts[0].is_empty()
            })
    };
    let first_data = (1..grid.rows()).find(|&r| is_data(r))?;
    let mut groups: Vec<Group> = Vec::new();
    let mut current = Group::default();
    let mut number = 0;
    for c in 0..grid.cols() {
        let header = header_text(grid, first_data, c);
        let rest = header
            .trim_start_matches("收入")
            .trim_start_matches("支出")
            .trim_start_matches("项目");
        let after_side = header.trim_start_matches("收入").trim_start_matches("支出");
        let is_label = (after_side.starts_with("项目") && !after_side.starts_with("项目支出"))
            || header.contains("编码")
            || header.contains("名称")
            || header.contains("科目")
            || header.contains("地区")
            || header == "市县别"
            || header == "县市区"
            || rest.is_empty()
            || matches!(rest, "类" | "款" | "项");
        if header.contains("行次") {
            current.line_col = Some(c);
        } else if is_entity_header(&header)
            && current.entity_col.is_none()
            && current.amounts.is_empty()
        {
            current.entity_col = Some(c);
        } else if is_label {
            if !current.amounts.is_empty() {
                groups.push(std::mem::take(&mut current));
            }
            current.label_cols.push(c);
        } else {
            number += 1;
            current.amounts.push((c, number));
        }
    }
    groups.push(current);
    groups.retain(|g| !g.amounts.is_empty());
    (!groups.is_empty()).then_some((first_data - 1, groups))
}

/// The last header row and the column groups of a grid that starts a table (its 栏次 row, or for
/// basic_expenditure its 科目编码 header), and how many rows the column headers span.
pub fn layout_of(kind: TableKind, grid: &Grid) -> Option<(usize, Vec<Group>, usize)> {
    if matches!(
        kind,
        TableKind::BasicExpenditure
            | TableKind::FiscalBasicExpenditure
            | TableKind::BasicExpenditureBySource
    ) && let Some((r, groups)) = groups_from_code_header(grid)
    {
        return Some((r, groups, r + 1));
    }
    let r = numbered_row(grid)?;
    Some((r, groups_from_numbered(grid, r), r))
}
