//! Printed amounts to exact decimals.

use rust_decimal::Decimal;
use std::str::FromStr;

/// What a printed amount cell holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Amount {
    /// Blank, "-", "—": nothing printed (read as zero by the identities).
    Empty,
    Value(Decimal),
    /// Text that is not an amount.
    Text,
}

/// Full-width digits as ASCII ("１２" → "12"); other characters unchanged.
pub fn fold_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        _ => c,
    }
}

/// Parse "1,096.44", "120.7", "0.00", "-", "—", "", "(12.50)", "－3.2", full-width digits.
pub fn parse_amount(text: &str) -> Amount {
    if !thousands_well_placed(text) {
        // "21,766,95315,769,838": amounts of several rows run together, not one amount
        return Amount::Text;
    }
    let mut s: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, ',' | '，'))
        .map(fold_digit)
        .map(|c| match c {
            '．' => '.',
            '－' | '−' => '-',
            _ => c,
        })
        .collect();
    if s.is_empty() || s.chars().all(|c| matches!(c, '-' | '—' | '–' | '/' | '─')) {
        return Amount::Empty;
    }
    if s.ends_with('.') {
        // "12,079.": an amount cut off at the cell's edge
        return Amount::Text;
    }
    let mut negative = false;
    if s.starts_with('(') && s.ends_with(')') || s.starts_with('（') && s.ends_with('）') {
        negative = true;
        s = s
            .trim_start_matches(['(', '（'])
            .trim_end_matches([')', '）'])
            .to_string();
    }
    if !s
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
        || !s.chars().any(|c| c.is_ascii_digit())
    {
        return Amount::Text;
    }
    match Decimal::from_str(&s) {
        Ok(v) => Amount::Value(if negative { -v } else { v }),
        Err(_) => Amount::Text,
    }
}

/// Whether an amount's thousands separators stand every three digits of its integer part
/// ("1,096.44", "12,345,678"), or it prints none. Separators anywhere else mean the text is not
/// one amount (cells of several rows joined).
fn thousands_well_placed(text: &str) -> bool {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == '，' { ',' } else { c })
        .collect();
    if !compact.contains(',') {
        return true;
    }
    let integer = compact
        .split(['.', '．'])
        .next()
        .unwrap_or_default()
        .trim_start_matches(['-', '－', '−', '(', '（']);
    let mut groups = integer.split(',');
    let first = groups.next().unwrap_or_default();
    (1..=3).contains(&first.chars().count()) && groups.all(|g| g.chars().count() == 3)
}

/// The value of a printed amount; None for blank, "-" and text that is not an amount.
pub fn value(text: &str) -> Option<Decimal> {
    match parse_amount(text) {
        Amount::Value(v) => Some(v),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Amount {
        Amount::Value(Decimal::from_str(s).unwrap())
    }

    #[test]
    fn parses_printed_forms() {
        assert_eq!(parse_amount("1,096.44"), v("1096.44"));
        assert_eq!(parse_amount("12,345,678"), v("12345678"));
        assert_eq!(parse_amount("-1,234"), v("-1234"));
        assert_eq!(parse_amount("21,766,95315,769,838"), Amount::Text);
        assert_eq!(parse_amount("1,0964.44"), Amount::Text);
        assert_eq!(parse_amount("12,079."), Amount::Text);
        assert_eq!(parse_amount("120.7"), v("120.7"));
        assert_eq!(parse_amount("0.00"), v("0.00"));
        assert_eq!(parse_amount("-"), Amount::Empty);
        assert_eq!(parse_amount("—"), Amount::Empty);
        assert_eq!(parse_amount(" "), Amount::Empty);
        assert_eq!(parse_amount("(12.50)"), v("-12.50"));
        assert_eq!(parse_amount("-3.2"), v("-3.2"));
        assert_eq!(parse_amount("１，２３４．５"), v("1234.5"));
        assert_eq!(parse_amount("行政运行"), Amount::Text);
    }
}
