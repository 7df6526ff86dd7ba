//! The summary tables' 行次 formulas (`LINE_FORMULA`), found by their labels so that any year's
//! numbering works.

use super::{Identity, cell, plus};
use juesuan_model::{Row, Rule, Table, TableKind};

/// The summary tables' 行次 formulas, found by their labels so that any year's numbering works:
/// 本年收入合计 = Σ lines above it; 总计 = 本年收入合计 + the lines between (in fiscal_summary the
/// 年初/年末 line, whose own parts follow it); likewise for expenditure; 收入总计 = 支出总计.
/// A line numbered "1." / "2、" under a "一、" line is a part of it ("一、财政拨款" /
/// "1.一般公共预算拨款"), and is summed there, not again in the total.
fn is_part_line(label: &str) -> bool {
    let digits = label.chars().take_while(|c| c.is_ascii_digit()).count();
    digits > 0
        && label
            .chars()
            .nth(digits)
            .is_some_and(|c| matches!(c, '.' | '．' | '、'))
}

/// "(1)", "（2）": the parts of a line numbered "1、" where no line is numbered "一、".
fn parenthesized_number(label: &str) -> bool {
    let rest = label.strip_prefix('(').or_else(|| label.strip_prefix('（'));
    rest.is_some_and(|r| {
        let digits = r.chars().take_while(|c| c.is_ascii_digit()).count();
        digits > 0 && matches!(r.chars().nth(digits), Some(')' | '）'))
    })
}

fn chinese_numbered(label: &str) -> bool {
    let n = label
        .chars()
        .take_while(|c| "一二三四五六七八九十".contains(*c))
        .count();
    n > 0 && label.chars().nth(n) == Some('、')
}

/// The lines that add up to a total, and each line's "1." parts: (top lines, [(parent, parts)]).
/// Under a "七、住房保障支出" line, unnumbered lines ("住房改革支出", "住房公积金") are its 款 and 项
/// as some 预算 reports print them: not summed again, and, mixing two levels, not checked as parts.
///
/// Where no line is numbered "一、" (西安: "1、财政拨款" over "(1)一般公共预算拨款收入"), the "1、"
/// lines are the top lines and the "(1)" lines their parts.
fn top_lines<'t>(rows: &[&'t Row]) -> (Vec<&'t Row>, Vec<(&'t Row, Vec<&'t Row>)>) {
    let chinese_top = rows.iter().any(|r| chinese_numbered(&r.label));
    let parenthesized = rows.iter().any(|r| parenthesized_number(&r.label));
    let numbered_top = |label: &str| {
        if chinese_top {
            chinese_numbered(label)
        } else {
            parenthesized && is_part_line(label)
        }
    };
    let mut top: Vec<&Row> = Vec::new();
    let mut parts: Vec<(&Row, Vec<&Row>)> = Vec::new();
    for &r in rows {
        let parent = top.last().copied();
        // a "1." line is a part under "一、" lines, or under an unnumbered line; under another
        // "1、" line it is a line of its own
        let is_part = parenthesized_number(&r.label)
            || (is_part_line(&r.label)
                && (chinese_top || parent.is_some_and(|p| !is_part_line(&p.label))));
        if is_part && let Some(parent) = parent {
            match parts.last_mut().filter(|(p, _)| std::ptr::eq(*p, parent)) {
                Some((_, list)) => list.push(r),
                None => parts.push((parent, vec![r])),
            }
        } else if r.label.is_empty() && r.cells.iter().all(|c| c.value.is_none_or(|v| v.is_zero()))
        {
            // a blank line of the template: neither a line nor a part
        } else if r.label.starts_with("其中") {
            // "其中：…": a part already counted in the line above
        } else if !numbered_top(&r.label)
            && parent.is_some_and(|p| numbered_top(&p.label))
            && !r.label.contains("合计")
        {
            // an unnumbered sub-line under a numbered one
        } else {
            top.push(r);
        }
    }
    (top, parts)
}

pub(super) fn line_formulas(table: &Table, ids: &mut Vec<Identity>) {
    let k = table.kind;
    if !matches!(k, TableKind::Summary | TableKind::FiscalSummary) {
        return;
    }
    let halves: Vec<(u32, Vec<u32>)> = match k {
        TableKind::Summary => vec![(1, vec![1]), (2, vec![2])],
        _ => vec![(1, vec![1]), (2, vec![2, 3, 4, 5])],
    };
    let mut grand = Vec::new();
    for (first_col, cols) in halves {
        let rows: Vec<&Row> = table
            .rows
            .iter()
            .filter(|r| r.cells.iter().any(|c| c.column == first_col))
            .collect();
        let Some(total_at) = rows
            .iter()
            .position(|r| r.label.contains("本年") && r.label.contains("合计"))
        else {
            continue;
        };
        let Some(grand_at) = rows.iter().position(|r| r.label.ends_with("总计")) else {
            continue;
        };
        for &c in &cols {
            ids.push(Identity {
                rule: Rule::LineFormula,
                what: format!(
                    "{} {}: 本年合计 = Σ lines above ({}栏)",
                    k.as_str(),
                    rows[total_at].key,
                    c
                ),
                lhs: cell(k, rows[total_at], c),
                terms: plus(top_lines(&rows[..total_at]).0.iter().map(|r| cell(k, r, c))),
            });
            for (parent, parts) in top_lines(&rows[..grand_at]).1 {
                ids.push(Identity {
                    rule: Rule::LineFormula,
                    what: format!(
                        "{} {}: = Σ its numbered parts ({}栏)",
                        k.as_str(),
                        parent.key,
                        c
                    ),
                    lhs: cell(k, parent, c),
                    terms: plus(parts.iter().map(|r| cell(k, r, c))),
                });
            }
            let between = &rows[total_at + 1..grand_at.max(total_at + 1)];
            let terms: Vec<&Row> = if k == TableKind::FiscalSummary {
                let carry = between.first().copied();
                if let Some(carry) = carry.filter(|_| between.len() > 1) {
                    ids.push(Identity {
                        rule: Rule::LineFormula,
                        what: format!(
                            "{} {}: 结转和结余 = Σ its parts ({}栏)",
                            k.as_str(),
                            carry.key,
                            c
                        ),
                        lhs: cell(k, carry, c),
                        terms: plus(between[1..].iter().map(|r| cell(k, r, c))),
                    });
                }
                std::iter::once(rows[total_at]).chain(carry).collect()
            } else {
                std::iter::once(rows[total_at])
                    .chain(top_lines(between).0)
                    .collect()
            };
            ids.push(Identity {
                rule: Rule::LineFormula,
                what: format!(
                    "{} {}: 总计 = 本年合计 + carry-overs ({}栏)",
                    k.as_str(),
                    rows[grand_at].key,
                    c
                ),
                lhs: cell(k, rows[grand_at], c),
                terms: plus(terms.iter().map(|r| cell(k, r, c))),
            });
        }
        grand.push(cell(k, rows[grand_at], first_col));
    }
    if let [income, expenditure] = grand.as_slice() {
        ids.push(Identity {
            rule: Rule::LineFormula,
            what: format!("{}: 收入总计 = 支出总计", k.as_str()),
            lhs: income.clone(),
            terms: plus([expenditure.clone()]),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    #[test]
    fn numbered_lines_are_parts_of_the_line_above() {
        assert!(is_part_line("1.一般公共预算拨款"));
        assert!(is_part_line("12、其他"));
        assert!(!is_part_line("一、财政拨款"));
        assert!(!is_part_line("2080101"));
    }

    fn row(label: &str) -> Row {
        Row {
            key: label.to_string(),
            label: label.to_string(),
            page: 1,
            cells: vec![juesuan_model::Cell {
                column: 1,
                text: "1".into(),
                value: Some(Decimal::ONE),
                key: String::new(),
                bbox: None,
            }],
            ..Default::default()
        }
    }

    fn tops(labels: &[&str]) -> (Vec<String>, Vec<(String, Vec<String>)>) {
        let rows: Vec<Row> = labels.iter().map(|l| row(l)).collect();
        let refs: Vec<&Row> = rows.iter().collect();
        let (top, parts) = top_lines(&refs);
        (
            top.iter().map(|r| r.label.clone()).collect(),
            parts
                .iter()
                .map(|(p, list)| {
                    (
                        p.label.clone(),
                        list.iter().map(|r| r.label.clone()).collect(),
                    )
                })
                .collect(),
        )
    }

    #[test]
    fn lines_numbered_one_level_down_are_read_as_their_own_levels() {
        // 一、 over 1.: the 1. lines are parts
        let (top, parts) = tops(&["一、财政拨款", "1.一般公共预算拨款", "二、事业收入"]);
        assert_eq!(top, ["一、财政拨款", "二、事业收入"]);
        assert_eq!(
            parts,
            [(
                "一、财政拨款".to_string(),
                vec!["1.一般公共预算拨款".to_string()]
            )]
        );
        // 西安: 1、 over (1), 其中 lines counted in the line above
        let (top, parts) = tops(&[
            "1、财政拨款",
            "(1)一般公共预算拨款收入",
            "其中：专项资金列入部门预算的项目",
            "(2)政府性基金收入",
            "2、上级补助收入",
        ]);
        assert_eq!(top, ["1、财政拨款", "2、上级补助收入"]);
        assert_eq!(parts[0].1.len(), 2);
        // 1、 lines with no level above them are the lines themselves
        let (top, parts) = tops(&["1、一般公共服务", "2、外交", "3、国防"]);
        assert_eq!(top.len(), 3);
        assert!(parts.is_empty());
    }
}
