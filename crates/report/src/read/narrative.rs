//! Figures the report states in its prose (the 情况说明), read so that tables can be checked or
//! placed by them.
//!
//! Today: the 三公 figures, which the text reader uses to place the 三公 amounts of a dump. Narrative
//! figures in general (收入/支出 totals, staff counts, …) and the check that they agree with the
//! tables belong here and in `validate` respectively.

use crate::normalise::amount::value;
use rust_decimal::Decimal;

/// The national template's 情况说明 states the 三公 figures in words: "年初预算数为 4.5 万元，支出决算
/// 为 0 万元", and per item "公务用车运行费 0 万元，完成年初预算的 0.0%，比年初预算减少 3.5 万元".
/// Read as (column, value) of the standard 12 columns: budget 1–6, actual 7–12.
pub fn three_public_from_narrative(text: &str) -> Vec<(usize, Decimal)> {
    use regex::Regex;
    use std::sync::LazyLock;
    static TOTAL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"三公.{0,12}经费.{0,12}年初预算数?为([\d,.]+)万元[，,]支出决算为([\d,.]+)万元")
            .unwrap()
    });
    static ITEM: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(因公出国[(（]境[)）]费|公务用车购置费|公务用车运行费|公务接待费)(?:支出决算为)?([\d,.]+)万元[，,][^。；]{0,30}?比年初预算(增加|减少)([\d,.]+)万元").unwrap()
    });
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let mut pins = Vec::new();
    if let Some(c) = TOTAL.captures(&compact)
        && let (Some(b), Some(a)) = (value(&c[1]), value(&c[2]))
    {
        pins.push((1, b));
        pins.push((7, a));
    }
    for c in ITEM.captures_iter(&compact) {
        let (Some(actual), Some(delta)) = (value(&c[2]), value(&c[4])) else {
            continue;
        };
        let budget = if &c[3] == "增加" {
            actual - delta
        } else {
            actual + delta
        };
        let (b, a) = match &c[1] {
            x if x.starts_with("因公出国") => (2, 8),
            "公务用车购置费" => (4, 10),
            "公务用车运行费" => (5, 11),
            _ => (6, 12),
        };
        pins.push((b, budget));
        pins.push((a, actual));
    }
    pins
}
