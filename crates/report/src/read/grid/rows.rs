//! The rows of a table's grids: each row's code (whole, split over 类 | 款 | 项 cells, or by its
//! two digits under the 类 above), 行次, label and amount cells; a row broken across a page joined,
//! a total repeated at the top of a continuation page dropped.

use super::columns::{
    Group, compact, groups_by_position, header_text, integer, layout_of, remap_groups,
    remap_groups_by_order, row_text,
};
use crate::normalise::amount::{Amount, parse_amount};
use crate::normalise::{codes, entities, keys};
use juesuan_layout::Grid;
use juesuan_model::{Cell, Column, Diagnostic, Row, Rule, Severity, Table, TableKind};
use regex::Regex;
use std::sync::LazyLock;

static UNIT_STATEMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:金额)?单位[：:]\s*(?:千|百|万|亿)?元").unwrap());

/// A header row's text without a statement of the amounts' unit ("单位：万元").
fn without_unit_statement(text: &str) -> String {
    UNIT_STATEMENT.replace_all(text, "").into_owned()
}

/// Read the rows of a table's grids: the first grid's layout (栏次 row, code header, or header
/// words) gives the columns; continuation grids are mapped onto it (`from_text`: grids laid out
/// from text, whose continuation pages are mapped by their columns' order where they can be).
pub fn read_rows(
    table: &mut Table,
    grids: &[Grid],
    from_text: bool,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut groups: Vec<Group> = Vec::new();
    let mut reference: Option<&Grid> = None;
    let mut header_rows: Vec<String> = Vec::new();
    // per group: last 类 and 款 seen, for rows that leave them blank
    let mut inherited: Vec<(String, String)> = Vec::new();
    let mut per_group_rows: Vec<Vec<Row>> = Vec::new();
    // per group: the entity the rows belong to (the last unit named)
    let mut entity: Vec<String> = Vec::new();
    for grid in grids {
        let first_data_row = if let Some((r, g, header_rows_end)) = layout_of(table.kind, grid) {
            if table.columns.is_empty() {
                table.columns = column_headers(grid, header_rows_end, &g);
            }
            header_rows = (0..=r).map(|h| row_text(grid, h)).collect();
            groups = g;
            reference = Some(grid);
            r + 1
        } else if let Some(prev) = reference {
            // a continuation: same columns; skip a repeated header if there is one
            let by_unit = from_text && groups.iter().any(|g| g.entity_col.is_some());
            groups = from_text
                .then(|| remap_groups_by_order(&groups, prev, grid))
                .flatten()
                .unwrap_or_else(|| remap_groups(&groups, prev, grid));
            reference = Some(grid);
            // (a table by unit laid out from text may print its repeated header's cells apart
            // otherwise, on a page without the unit column: the same words left to right)
            let bare = |t: &str| t.replace('|', "");
            // (and text may join the unit's statement printed above the first page's headings
            // to a heading cell, "单位：万元决算数为": the page repeats the headings without it)
            let unit_apart = |t: &str| from_text.then(|| without_unit_statement(t));
            (0..grid.rows())
                .find(|&r| {
                    let text = row_text(grid, r);
                    !(header_rows.contains(&text)
                        || (by_unit && header_rows.iter().any(|h| bare(h) == bare(&text)))
                        || header_rows
                            .iter()
                            .any(|h| unit_apart(h).is_some_and(|h| Some(h) == unit_apart(&text))))
                })
                .unwrap_or(grid.rows())
        } else if let Some((r, g)) = groups_by_position(grid) {
            diagnostics.push(Diagnostic::note(
                Rule::ColumnsByPosition,
                Severity::Info,
                format!(
                    "{}: no 栏次 row printed; amount columns numbered 1, 2, … left to right",
                    table.kind.as_str()
                ),
            ));
            if table.columns.is_empty() {
                table.columns = column_headers(grid, r + 1, &g);
            }
            header_rows = (0..=r).map(|h| row_text(grid, h)).collect();
            groups = g;
            reference = Some(grid);
            r + 1
        } else {
            diagnostics.push(Diagnostic::note(
                Rule::NoColumnNumbers,
                Severity::Error,
                format!(
                    "{}: no 栏次 row and no readable header on page {}; the grid was not read",
                    table.kind.as_str(),
                    grid.page
                ),
            ));
            continue;
        };
        if !table.pages.contains(&grid.page) {
            table.pages.push(grid.page);
        }
        inherited.resize(groups.len(), (String::new(), String::new()));
        per_group_rows.resize(groups.len(), Vec::new());
        entity.resize(groups.len(), String::new());
        for r in first_data_row..grid.rows() {
            for (gi, group) in groups.iter().enumerate() {
                let Some(mut row) = read_row(
                    table.kind,
                    grid,
                    r,
                    group,
                    from_text,
                    &mut inherited[gi],
                    diagnostics,
                ) else {
                    continue;
                };
                assign_entity(&mut row, &mut entity[gi]);
                let rows = &mut per_group_rows[gi];
                if r == first_data_row
                    && is_label_tail(&row)
                    && !keys::is_known_label(table.kind, &row.label)
                    && rows.last().is_some_and(|prev| {
                        prev.page < row.page && !keys::is_known_label(table.kind, &prev.label)
                    })
                {
                    // a row broken across the page: its label ends at the top of the next page
                    let prev = rows.last_mut().expect("checked above");
                    let prev_key_is_label = prev.key == prev.label;
                    prev.label.push_str(&row.label);
                    if prev_key_is_label {
                        prev.key = prev.label.clone();
                    }
                    continue;
                }
                if rows.iter().any(|prev| {
                    prev.key == row.key && prev.entity == row.entity && prev.cells == row.cells
                }) {
                    continue; // a total row repeated at the top of a continuation page
                }
                rows.push(row);
            }
        }
    }
    let mut rows: Vec<Row> = per_group_rows.into_iter().flatten().collect();
    if table.kind == TableKind::ThreePublic {
        for (i, row) in rows.iter_mut().enumerate() {
            if row.code.is_none() && row.line_no.is_none() && row.label.is_empty() {
                row.key = (i + 1).to_string();
            }
        }
    }
    table.rows = rows;
}

/// The entity a row belongs to. A row naming a unit (in its 预算单位 cell, or a heading
/// "125001西安市…" in its label) is that unit's own total, keyed "合计" within it, and the rows
/// after it belong to it until the next unit is named.
fn assign_entity(row: &mut Row, current: &mut String) {
    if row.entity.is_empty() && row.code.is_none() && entities::is_unit_section(&row.label) {
        row.entity = row.label.clone();
    }
    if row.entity.is_empty() {
        row.entity = current.clone();
        return;
    }
    *current = row.entity.clone();
    if row.code.is_none() && row.line_no.is_none() {
        row.label = row.entity.clone();
        row.key = "合计".into();
    }
}

/// Only label text: no code, no 行次, no amount.
fn is_label_tail(row: &Row) -> bool {
    row.code.is_none()
        && row.line_no.is_none()
        && !row.label.is_empty()
        && row.cells.iter().all(|c| c.text.is_empty())
}

fn column_headers(grid: &Grid, r: usize, groups: &[Group]) -> Vec<Column> {
    let mut columns: Vec<Column> = Vec::new();
    for g in groups {
        for &(c, n) in &g.amounts {
            if !columns.iter().any(|col| col.number == n) {
                columns.push(Column {
                    number: n,
                    key: String::new(),
                    year: None,
                    header: header_text(grid, r, c),
                });
            }
        }
    }
    columns
}

fn read_row(
    kind: TableKind,
    grid: &Grid,
    r: usize,
    group: &Group,
    from_text: bool,
    inherited: &mut (String, String),
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Row> {
    // a label cell spanning in from the left (公用经费合计 over two groups) is read where it ends
    let first_label = group
        .label_cols
        .first()
        .or(group.amounts.first().map(|(c, _)| c))
        .copied();
    let borrowed = first_label.is_some_and(|c| {
        grid.cell_at(r, c)
            .is_some_and(|cell| cell.row == r && cell.col < c)
    });
    let label_texts: Vec<String> = group
        .label_cols
        .iter()
        .map(|&c| match grid.cell_at(r, c) {
            Some(cell)
                if cell.row == r && (cell.col == c || (borrowed && Some(c) == first_label)) =>
            {
                compact(&cell.text)
            }
            _ => String::new(),
        })
        // "类 | 款 | 项" header text sharing a row with 合计
        .map(|t| {
            if matches!(t.as_str(), "类" | "款" | "项") {
                String::new()
            } else {
                t
            }
        })
        .collect();
    let label_texts = if from_text {
        parts_right_of_xiang(label_texts)
    } else {
        label_texts
    };
    let (code, government_code, label) = match dual_code_split(&label_texts) {
        Some(split) => {
            let (department, label) = read_code(&label_texts[..split], inherited);
            let (government, _) = read_code(&label_texts[split..], &mut Default::default());
            match (department, government) {
                (Some(d), Some(g)) => (Some(d), Some(g), label),
                (d, _) => (d, None, label + &label_texts[split..].concat()),
            }
        }
        None => {
            let (code, label) = read_code(&label_texts, inherited);
            (code, None, label)
        }
    };
    let line_no = group.line_col.and_then(|c| integer(grid.text_at(r, c)));
    // the unit named in the row's own 预算单位 cell (a cell spanning down from a row above names
    // the unit of that row, which this one inherits)
    let entity = group
        .entity_col
        .and_then(|c| grid.cell_at(r, c).filter(|cell| cell.row == r))
        .map(|cell| compact(&cell.text))
        .unwrap_or_default();
    let mut cells = Vec::new();
    for &(c, n) in &group.amounts {
        let text = grid.text_at(r, c).trim().to_string();
        // a government-wide table prints its percentages with their sign ("105.9%")
        let number = if kind.is_government() {
            text.trim_end_matches(['%', '％'])
        } else {
            &text
        };
        // a government-wide page whose rows were not told apart prints several rows' amounts in
        // one cell, a line each: not one amount
        let run_together = kind.is_government()
            && grid.cell_at(r, c).is_some_and(|cell| {
                let lines = cell.lines();
                lines.len() > 1
                    && lines.iter().all(|l| {
                        matches!(
                            parse_amount(l.trim_end_matches(['%', '％'])),
                            Amount::Value(_)
                        )
                    })
            });
        // a government-wide page that draws no rule between rows prints several names in one
        // cell beside one line of amounts (江苏 2024's 国有资本经营支出预算表): which name an
        // amount is of is not printed. Two lines may be one name wrapped; three are not.
        let names_run_together = kind.is_government()
            && group.label_cols.iter().any(|&lc| {
                grid.cell_at(r, lc)
                    .is_some_and(|cell| cell.row == r && cell.lines().len() >= 3)
            })
            && grid
                .cell_at(r, c)
                .is_some_and(|cell| cell.lines().len() < 3);
        let run_together = run_together || names_run_together;
        let value = match if run_together {
            Amount::Text
        } else {
            parse_amount(number)
        } {
            Amount::Value(v) => Some(v),
            Amount::Empty => None,
            Amount::Text => {
                diagnostics.push(Diagnostic::note(
                    Rule::UnparsedAmount,
                    Severity::Warning,
                    format!(
                        "{}: \"{text}\" in column {n} on page {} is not an amount",
                        kind.as_str(),
                        grid.page
                    ),
                ));
                None
            }
        };
        cells.push(Cell {
            key: String::new(),
            column: n,
            text,
            value,
            bbox: grid.cell_box(r, c),
        });
    }
    let key = match (&code, line_no) {
        (Some(code), _) => match &government_code {
            Some(g) => format!("{code}/{g}"),
            None => code.clone(),
        },
        (None, Some(n)) => n.to_string(),
        (None, None) => label.clone(),
    };
    // a label spanning on over this group's amount column belongs to a group further right
    let spanned_over = group
        .amounts
        .iter()
        .all(|&(c, _)| grid.cell_at(r, c).is_some_and(|cell| cell.col < c));
    if cells.iter().all(|c| c.text.is_empty())
        && entity.is_empty()
        && (key.is_empty() || borrowed || spanned_over)
    {
        return None;
    }
    let (level, parent) = code
        .as_deref()
        .map_or((None, None), codes::level_and_parent);
    // with both classifications the parent is the row of both classes ("301/501")
    let parent = match (parent, &government_code) {
        (Some(p), Some(g)) if g.len() > 3 => Some(format!("{p}/{}", &g[..3])),
        (p, _) => p,
    };
    Some(Row {
        line: String::new(),
        key,
        code,
        government_code,
        level,
        parent,
        entity,
        line_no,
        label,
        page: grid.page,
        cells,
    })
}

/// Where the second classification starts in a row's label cells, when the row prints two
/// ("30101 | 基本工资 | 50101 | 工资奖金津补贴", or split "301 | 01 | 基本工资 | 501 | 01 | …"):
/// a code cell that follows a name cell.
fn dual_code_split(texts: &[String]) -> Option<usize> {
    let is_code = |s: &str| codes::is_code_part(s);
    let first_name = texts.iter().position(|t| !t.is_empty() && !is_code(t))?;
    let split = (first_name + 1..texts.len()).find(|&i| is_code(&texts[i]))?;
    texts[..first_name]
        .iter()
        .any(|t| is_code(t))
        .then_some(split)
}

/// In laid-out text, a row's 项 printed right of the other rows' 项 column, far enough to make a
/// column of its own after it (-layout set it under the 项 heading, the others left of it): a
/// code part right of the 项 column is a 项, the deepest part, in the 项 cell. Only a lone part
/// in that fourth column moves, the cells before it blank.
fn parts_right_of_xiang(texts: Vec<String>) -> Vec<String> {
    let part = |t: &String| t.len() == 2 && codes::is_code_part(t);
    if texts.len() >= 5
        && texts[..3].iter().all(|t| t.is_empty())
        && part(&texts[3])
        && !texts[4].is_empty()
        && !codes::is_code_part(&texts[4])
    {
        let mut moved = texts;
        moved.swap(2, 3);
        return moved;
    }
    texts
}

/// A row's code and label from its label cells: "2080101" + "行政运行", "2080101行政运行" in one
/// cell, or 类 | 款 | 项 cells ("208" "01" "01"), where blank leading parts repeat the last seen.
fn read_code(texts: &[String], inherited: &mut (String, String)) -> (Option<String>, String) {
    // (a cell of more than seven digits is no code, with or without this limit)
    let digits = |s: &str| codes::is_code_part(s);
    // 款/项 cells printed by a spreadsheet that dropped the leading zero ("301 | 2" for 30102)
    let padded: Vec<String>;
    let texts = if texts.len() >= 3
        && (texts[0].len() == 3 && digits(&texts[0]) || texts[0].is_empty())
        && texts[1..3].iter().any(|t| t.len() == 1 && digits(t))
    {
        padded = texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                if (1..=2).contains(&i) && t.len() == 1 && digits(t) {
                    format!("0{t}")
                } else {
                    t.clone()
                }
            })
            .collect();
        &padded[..]
    } else {
        texts
    };
    if texts.len() >= 4
        && texts[..3].iter().all(|t| t.is_empty() || digits(t))
        && texts[..3].iter().any(|t| !t.is_empty())
    {
        let (mut lei, mut kuan, xiang) = (texts[0].clone(), texts[1].clone(), texts[2].clone());
        let full_in_first = lei.len() > 3;
        if !full_in_first {
            if lei.is_empty() {
                lei = inherited.0.clone();
            }
            if kuan.is_empty() && !xiang.is_empty() {
                kuan = inherited.1.clone();
            }
            let code = format!("{lei}{kuan}{xiang}");
            if matches!(code.len(), 3 | 5 | 7) {
                inherited.0 = code[..3].to_string();
                if code.len() >= 5 {
                    inherited.1 = code[3..5].to_string();
                }
                return (Some(code), texts[3..].concat());
            }
        }
    }
    let joined = texts.concat();
    if entities::is_unit_section(&joined) {
        *inherited = Default::default();
        return (None, joined);
    }
    if !inherited.0.is_empty()
        && let Some(c) = codes::RELATIVE_KUAN.captures(&joined)
    {
        let code = format!("{}{}", inherited.0, &c[1]);
        inherited.1 = c[1].to_string();
        return (Some(code), joined[2..].to_string());
    }
    if let Some((code, printed_len)) = codes::code_prefix(&joined) {
        let label = joined[printed_len..].to_string();
        inherited.0 = code[..3].to_string();
        if code.len() >= 5 {
            inherited.1 = code[3..5].to_string();
        }
        return (Some(code), label);
    }
    (None, joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn reads_codes_in_every_print_form() {
        let mut inh = (String::new(), String::new());
        assert_eq!(
            read_code(&s(&["2080101", "行政运行"]), &mut inh),
            (Some("2080101".into()), "行政运行".into())
        );
        assert_eq!(
            read_code(&s(&["208", "01", "01", "行政运行"]), &mut inh),
            (Some("2080101".into()), "行政运行".into())
        );
        assert_eq!(
            read_code(&s(&["", "05", "", "行政事业单位养老支出"]), &mut inh),
            (Some("20805".into()), "行政事业单位养老支出".into())
        );
        assert_eq!(
            read_code(&s(&["", "", "02", "事业单位离退休"]), &mut inh),
            (Some("2080502".into()), "事业单位离退休".into())
        );
        assert_eq!(read_code(&s(&["合计"]), &mut inh), (None, "合计".into()));
        assert_eq!(
            read_code(&s(&["30101基本工资"]), &mut inh),
            (Some("30101".into()), "基本工资".into())
        );
        // 西安: a 款 by its two digits under its 类, in a unit's section
        let mut inh = (String::new(), String::new());
        assert_eq!(
            read_code(&s(&["208", "社会保障和就业支出"]), &mut inh)
                .0
                .as_deref(),
            Some("208")
        );
        assert_eq!(
            read_code(&s(&["05", "行政事业单位离退休"]), &mut inh),
            (Some("20805".into()), "行政事业单位离退休".into())
        );
        assert_eq!(
            read_code(&s(&["125002", "西安市安全生产宣传教育中心"]), &mut inh).0,
            None
        );
        assert_eq!(read_code(&s(&["10、卫生健康"]), &mut inh).0, None);
        // full-width digits are digits, read as ASCII (slicing them by bytes would cut a character)
        assert_eq!(
            read_code(&s(&["２０８０１人力资源"]), &mut inh),
            (Some("20801".into()), "人力资源".into())
        );
        // a spreadsheet's "301 | 2": the 款 lost its leading zero
        assert_eq!(
            read_code(&s(&["301", "2", "津贴补贴"]), &mut inh),
            (Some("30102".into()), "津贴补贴".into())
        );
    }

    #[test]
    fn a_xiang_laid_out_right_of_its_column_is_a_xiang() {
        let texts = s(&["", "", "", "01", "行政运行", "1.00"]);
        let moved = parts_right_of_xiang(texts);
        assert_eq!(moved[..4], s(&["", "", "01", ""])[..]);
        let mut inh = ("207".to_string(), "01".to_string());
        assert_eq!(
            read_code(&moved, &mut inh),
            (Some("2070101".into()), "行政运行1.00".into())
        );
        // a 款 in its column, and a row with its 类 printed, stay as they are
        let kuan = s(&["", "01", "", "", "文化和旅游"]);
        assert_eq!(parts_right_of_xiang(kuan.clone()), kuan);
        let lei = s(&["207", "", "", "01", "行政运行"]);
        assert_eq!(parts_right_of_xiang(lei.clone()), lei);
    }

    #[test]
    fn splits_rows_printing_both_economic_classifications() {
        assert_eq!(
            dual_code_split(&s(&["30101", "基本工资", "50101", "工资奖金津补贴"])),
            Some(2)
        );
        assert_eq!(
            dual_code_split(&s(&[
                "301",
                "01",
                "基本工资",
                "501",
                "01",
                "工资奖金津补贴"
            ])),
            Some(3)
        );
        assert_eq!(dual_code_split(&s(&["2080101", "行政运行"])), None);
        assert_eq!(dual_code_split(&s(&["合计", "", ""])), None);
    }
}
