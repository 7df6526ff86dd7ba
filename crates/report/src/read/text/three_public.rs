//! 三公 tables that print 预算数 and 决算数 side by side under each item (合计 预算数 | 合计 决算数 |
//! 因公出国（境）费 预算数 | …), not the template's 预算数 half (栏次 1–6) then 决算数 half (7–12).
//! Laid-out text keeps the two words of every pair on the heading lines but not the items above
//! them in place, so the layout is known from those words: twelve, alternating 预算数, 决算数
//! from left to right and top to bottom. The items are then the template's, in its order, each
//! column numbered as printed (栏次 1 is 合计's 预算数, 2 its 决算数, …).

use crate::normalise::amount::{Amount, parse_amount};
use crate::normalise::titles::kind_of_title;
use juesuan_model::{Table, TableKind};

/// The items of a 三公 table in the template's order, as headings the key mapping knows.
const ITEMS: [&str; 6] = [
    "合计",
    "因公出国（境）费",
    "公务用车购置及运行费",
    "公务用车购置费",
    "公务用车运行费",
    "公务接待费",
];

const SIDES: [&str; 2] = ["预算数", "决算数"];

/// Whether heading lines (above the 栏次 or the amounts) print 预算数 and 决算数 alternating,
/// a pair for each of the six items: the sides interleaved column by column.
pub fn interleaved<S: AsRef<str>>(header: &[S]) -> bool {
    let mut sides: Vec<usize> = Vec::new();
    for line in header {
        let line = line.as_ref();
        let mut at = 0;
        while at < line.len() {
            let rest = &line[at..];
            match SIDES.iter().position(|s| rest.starts_with(s)) {
                Some(side) => {
                    sides.push(side);
                    at += SIDES[side].len();
                }
                None => at += rest.chars().next().map_or(1, char::len_utf8),
            }
        }
    }
    sides.len() == 2 * ITEMS.len() && sides.iter().enumerate().all(|(i, &s)| s == i % 2)
}

/// Whether every 三公 table of laid-out text prints its sides interleaved (see [`interleaved`]):
/// its heading lines are those between its title and the first line printing a number.
pub fn prints_interleaved(text: &str) -> bool {
    let lines: Vec<&str> = text.lines().collect();
    let titles: Vec<usize> = (0..lines.len())
        .filter(|&i| kind_of_title(lines[i].trim()) == Some(TableKind::ThreePublic))
        .collect();
    !titles.is_empty()
        && titles.iter().all(|&t| {
            let header: Vec<&str> = lines[t + 1..]
                .iter()
                .take_while(|l| {
                    !l.split_whitespace()
                        .any(|w| parse_amount(w) != Amount::Text)
                })
                .copied()
                .collect();
            interleaved(&header)
        })
}

/// Heads a 12-column 三公 table's columns with the interleaved items and sides, so that the key
/// mapping keys each by its printed 栏次.
pub fn head_interleaved(table: &mut Table) {
    for column in &mut table.columns {
        let n = column.number as usize;
        if (1..=2 * ITEMS.len()).contains(&n) {
            column.header = format!("{}{}", ITEMS[(n - 1) / 2], SIDES[(n - 1) % 2]);
        }
    }
}

/// The interleaved 栏次 of a column of the template's numbering (预算数 1–6, 决算数 7–12).
pub fn interleaved_column(standard: usize) -> usize {
    if standard > ITEMS.len() {
        2 * (standard - ITEMS.len())
    } else {
        2 * standard - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalise::keys;
    use juesuan_model::Column;

    #[test]
    fn alternating_sides_over_each_item_are_interleaved() {
        // as -layout prints them: the pairs of 小计, 购置费 and 运行费 a line below the others
        let header = [
            "合计      因公出国（境）费               公务用车购置及运行费               公务接待费",
            "预算数 决算数     预算数 决算数         小计      公务用车购置费   公务用车运行费",
            "预算数 决算数 预算数 决算数 预算数 决算数 预算数 决算数",
        ];
        assert!(interleaved(&header));
        // the template's halves: each side once, over six columns
        let halves = [
            "预算数                    决算数",
            "合计 因公出国（境）费 小计 公务用车 公务用车 公务接待费 合计 因公出国（境）费",
        ];
        assert!(!interleaved(&halves));
        // a budget-only table
        assert!(!interleaved(&[
            "2021年预算数",
            "合计 因公出国（境）费 小计"
        ]));
    }

    #[test]
    fn a_text_whose_headings_interleave_the_sides() {
        let text = "2023年度一般公共预算财政拨款“三公”经费支出决算表（表7）\n\
            单位：某局 单位：万元\n\
            合计 因公出国（境）费 公务用车购置及运行费 公务接待费\n\
            预算数 决算数 预算数 决算数 小计 公务用车购置费 公务用车运行费 预算数 决算数\n\
            预算数 决算数 预算数 决算数 预算数 决算数\n\
            1 2 3 4 5 6 7 8 9 10 11 12\n\
            14.01 13.98 11.79 13.77 11.79 13.77 2.22 0.21\n";
        assert!(prints_interleaved(text));
        assert!(!prints_interleaved(&text.replace("决算数", "")));
    }

    #[test]
    fn interleaved_headings_key_each_column_by_its_side_and_item() {
        let mut table = Table {
            kind: TableKind::ThreePublic,
            title: String::new(),
            unit: juesuan_model::AmountUnit::WanYuan,
            pages: Vec::new(),
            empty: false,
            columns: (1..=12)
                .map(|number| Column {
                    number,
                    header: String::new(),
                    key: String::new(),
                    year: None,
                })
                .collect(),
            rows: Vec::new(),
            notes: Vec::new(),
        };
        head_interleaved(&mut table);
        keys::assign(&mut table, None, &mut Vec::new());
        let keys: Vec<&str> = table.columns.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "budget.total",
                "actual.total",
                "budget.abroad",
                "actual.abroad",
                "budget.vehicle",
                "actual.vehicle",
                "budget.vehicle_purchase",
                "actual.vehicle_purchase",
                "budget.vehicle_operation",
                "actual.vehicle_operation",
                "budget.reception",
                "actual.reception",
            ]
        );
        assert_eq!(interleaved_column(1), 1);
        assert_eq!(interleaved_column(7), 2);
        assert_eq!(interleaved_column(12), 12);
    }
}
