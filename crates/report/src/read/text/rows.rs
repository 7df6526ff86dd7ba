//! A text table's lines as tokens (codes, 行次, amounts, "-" and words), and the rows they make
//! before their amounts have columns: coded rows (whole codes, 类 | 款 | 项 split over tokens, or a
//! 款 by its two digits), the three side-by-side groups of basic_expenditure, and the two halves
//! of the summary tables, told apart by their counting 行次.

use crate::normalise::amount::{Amount, parse_amount, value};
use crate::normalise::codes;
use crate::read::text::summary_wraps::HALF_MARK;
use juesuan_model::Row;
use rust_decimal::Decimal;

#[derive(Clone, Debug, PartialEq)]
pub enum Token {
    Number(String),
    /// "-", "—": a cell printed empty, still a position.
    Dash,
    Text(String),
}

pub fn tokens(lines: &[String]) -> Vec<Token> {
    lines
        .iter()
        .flat_map(|l| l.split_whitespace())
        .map(|w| match parse_amount(w) {
            Amount::Value(_) => Token::Number(w.to_string()),
            Amount::Empty => Token::Dash,
            Amount::Text => Token::Text(w.to_string()),
        })
        .collect()
}

/// One parsed row before its amounts have columns.
pub struct Pending {
    pub key: String,
    pub code: Option<String>,
    /// The 政府预算支出经济分类 code beside the 部门 one, where a basic table prints both
    /// ("301 工资福利支出 501 机关工资福利支出 …", keyed "301/501").
    pub government_code: Option<String>,
    pub line_no: Option<u32>,
    pub label: String,
    pub amounts: Vec<Option<Decimal>>,
    /// The amounts as printed ("-" for a dash), in printed order.
    pub printed: Vec<String>,
    /// The first column the amounts may occupy (2 for the right half of fiscal_summary).
    pub first_column: u32,
}

pub fn pending_from(
    key: &str,
    code: Option<String>,
    line_no: Option<u32>,
    label: String,
    toks: &[Token],
    first_column: u32,
) -> Pending {
    let mut row = Pending::new(key, code, line_no, &label, first_column);
    for t in toks {
        row.push(t);
    }
    row
}

impl Pending {
    fn new(
        key: &str,
        code: Option<String>,
        line_no: Option<u32>,
        label: &str,
        first_column: u32,
    ) -> Self {
        Pending {
            key: key.to_string(),
            code,
            government_code: None,
            line_no,
            label: label.to_string(),
            amounts: vec![],
            printed: vec![],
            first_column,
        }
    }

    /// The row with its key and label and no amounts yet, as the identities name rows.
    pub fn shell(&self) -> Row {
        Row {
            key: self.key.clone(),
            code: self.code.clone(),
            government_code: self.government_code.clone(),
            level: None,
            parent: None,
            entity: String::new(),
            line_no: self.line_no,
            line: String::new(),
            label: self.label.clone(),
            page: 0,
            cells: vec![],
        }
    }

    fn push(&mut self, token: &Token) {
        match token {
            Token::Number(w) => {
                self.amounts.push(value(w));
                self.printed.push(w.clone());
            }
            Token::Dash => {
                self.amounts.push(None);
                self.printed.push("-".into());
            }
            Token::Text(_) => {}
        }
    }
}

/// A row code starting at `i`: "2080101 名称", "208 01 01 名称" (类 | 款 | 项 columns), or "01 01 名称"
/// with 类 left blank (taken from the last code). Returns the code and the tokens it used.
fn code_at(toks: &[Token], i: usize, last: &str) -> Option<(String, usize)> {
    let digits = |j: usize, len: usize| matches!(toks.get(j), Some(Token::Number(w)) if w.len() == len && w.chars().all(|c| c.is_ascii_digit()));
    let text_at = |j: usize| matches!(toks.get(j), Some(Token::Text(_)));
    let Some(Token::Number(w)) = toks.get(i) else {
        return None;
    };
    if codes::is_code(w) && text_at(i + 1) {
        return Some((w.clone(), 1));
    }
    let twos = (1..=2).take_while(|&k| digits(i + k, 2)).count();
    let part = |k: usize| match &toks[i + k] {
        Token::Number(x) => x.clone(),
        _ => String::new(),
    };
    if w.len() == 3 && twos > 0 && text_at(i + 1 + twos) {
        let code: String = std::iter::once(w.clone())
            .chain((1..=twos).map(part))
            .collect();
        return Some((code, 1 + twos));
    }
    if w.len() == 2 && last.len() >= 3 && twos <= 1 && text_at(i + 1 + twos) {
        let tail: String = std::iter::once(w.clone())
            .chain((1..=twos).map(part))
            .collect();
        let code = if tail.len() == 4 {
            format!("{}{tail}", &last[..3])
        } else if last.len() >= 5 {
            format!("{}{tail}", &last[..5])
        } else {
            format!("{}{tail}", &last[..3])
        };
        return Some((code, 1 + twos));
    }
    None
}

/// 功能分类 tables: each row starts with a code (or 合计); names may wrap past the amounts.
pub fn coded_rows(toks: &[Token]) -> Vec<Pending> {
    let mut rows: Vec<Pending> = Vec::new();
    let mut last = String::new();
    let mut i = 0;
    while i < toks.len() {
        if let Some((code, used)) = code_at(toks, i, &last) {
            last = code.clone();
            rows.push(Pending::new(&code, Some(code.clone()), None, "", 1));
            i += used;
            continue;
        }
        match &toks[i] {
            Token::Text(w) if matches!(w.as_str(), "合计" | "总计") => {
                rows.push(Pending::new("合计", None, None, "合计", 1))
            }
            Token::Text(w) => {
                if let Some(r) = rows.last_mut().filter(|r| r.code.is_some()) {
                    r.label.push_str(w);
                }
            }
            t => {
                if let Some(r) = rows.last_mut() {
                    r.push(t);
                }
            }
        }
        i += 1;
    }
    rows
}

/// Whether `code` is the 政府预算支出经济分类 (5xx) code a basic table prints beside the row's
/// 部门 (3xx) code `department`: of the same level, printed after the 部门 code's name.
fn government_beside(department: &str, code: &str) -> bool {
    department.starts_with('3') && code.starts_with('5') && code.len() == department.len()
}

/// Whether every 政府预算支出经济分类 (5xx) code of a basic table follows a 部门 (3xx) code and
/// its name, as a row printing both classifications has them ("301 工资福利支出 501
/// 机关工资福利支出 …"); None when it prints no 5xx code.
pub fn government_codes_paired(toks: &[Token]) -> Option<bool> {
    let code = |t: &Token| match t {
        Token::Number(w) if codes::is_code(w) => Some(w.clone()),
        _ => None,
    };
    let mut any = false;
    for (i, t) in toks.iter().enumerate() {
        let Some(w) = code(t).filter(|w| w.starts_with('5') && w.len() <= 5) else {
            continue;
        };
        any = true;
        let named = i >= 2 && matches!(toks[i - 1], Token::Text(_));
        let department = (0..i.saturating_sub(1))
            .rev()
            .find(|&j| !matches!(toks[j], Token::Text(_)))
            .and_then(|j| code(&toks[j]));
        if !named || !department.is_some_and(|d| government_beside(&d, &w)) {
            return Some(false);
        }
    }
    any.then_some(true)
}

/// basic_expenditure: "30101 基本工资 181.64 30201 办公费 31.18 30701 国内债务付息 …", then the totals;
/// or each row with both classifications, "30101 基本工资 50101 工资奖金津补贴 181.64 181.64",
/// keyed by both codes and named by the 部门 one (as the grid reading keys it).
pub fn basic_rows(toks: &[Token]) -> Vec<Pending> {
    let mut rows: Vec<Pending> = Vec::new();
    // after a 政府 code: its name, which the row does not take
    let mut government_name = false;
    for (i, t) in toks.iter().enumerate() {
        match t {
            Token::Number(w)
                if codes::is_code(w) && matches!(toks.get(i + 1), Some(Token::Text(_))) =>
            {
                if let Some(r) = rows.last_mut().filter(|r| {
                    r.amounts.is_empty()
                        && r.government_code.is_none()
                        && !r.label.is_empty()
                        && r.code.as_deref().is_some_and(|d| government_beside(d, w))
                }) {
                    let department = r.code.clone().unwrap_or_default();
                    r.key = format!("{department}/{w}");
                    r.government_code = Some(w.clone());
                    government_name = true;
                    continue;
                }
                government_name = false;
                rows.push(Pending::new(w, Some(w.clone()), None, "", 1));
            }
            Token::Text(w) if w.ends_with("合计") => {
                government_name = false;
                rows.push(Pending::new(w, None, None, w, 1))
            }
            Token::Text(_) if government_name => {}
            Token::Text(w) => {
                // a name, or the rest of one wrapped past its amount
                if let Some(r) = rows.last_mut().filter(|r| r.code.is_some()) {
                    r.label.push_str(w);
                }
            }
            Token::Number(_) => {
                government_name = false;
                if let Some(r) = rows.last_mut() {
                    r.push(t);
                }
            }
            // (a dash holds the place of a blank cell where a row prints both classifications,
            // as its columns are those of one group)
            Token::Dash => {
                government_name = false;
                if let Some(r) = rows.last_mut().filter(|r| r.government_code.is_some()) {
                    r.push(t);
                }
            }
        }
    }
    rows
}

/// summary / fiscal_summary: "label 行次 [amount] label 行次 [amounts…]" with the 行次 of each
/// half counting up, which tells a 行次 from an integer amount; or, printed without 行次 and
/// marked by laid-out text's halves (`HALF_MARK`), "‖1 label [amount] ‖2 label [amounts…]",
/// each row keyed by its label.
pub fn summary_rows(toks: &[Token]) -> Vec<Pending> {
    if toks
        .iter()
        .any(|t| matches!(t, Token::Text(w) if w.starts_with(HALF_MARK)))
    {
        return named_summary_rows(toks);
    }
    let mut left: Vec<Pending> = Vec::new();
    let mut right: Vec<Pending> = Vec::new();
    let mut label = String::new();
    let mut expected_left = 1u32;
    let mut expected_right: Option<u32> = None;
    // 0: before the first left 行次; 1: after a left 行次; 2: after a right 行次
    let mut side = 0;
    let row = |n: u32, label: String, first_column: u32| {
        Pending::new(&n.to_string(), None, Some(n), &label, first_column)
    };
    for (i, t) in toks.iter().enumerate() {
        let int = match t {
            Token::Number(w) if w.len() <= 3 && w.chars().all(|c| c.is_ascii_digit()) => {
                w.parse::<u32>().ok()
            }
            _ => None,
        };
        match int {
            // an integer amount can equal the next 行次: "… 32 3 本年收入合计 3 …" — the 行次 is the
            // one that follows its label
            Some(n)
                if side != 1
                    && n == expected_left
                    && !(side == 2
                        && label.is_empty()
                        && {
                            matches!(toks.get(i + 1), Some(Token::Text(_)))
                                && matches!(toks.get(i + 2), Some(Token::Number(w)) if *w == n.to_string())
                        }) =>
            {
                left.push(row(n, std::mem::take(&mut label), 1));
                expected_left += 1;
                side = 1;
                continue;
            }
            Some(n)
                if side == 1
                    && (expected_right == Some(n)
                        || (expected_right.is_none() && !label.is_empty())) =>
            {
                right.push(row(n, std::mem::take(&mut label), 2));
                expected_right = Some(n + 1);
                side = 2;
                continue;
            }
            _ => {}
        }
        if let Token::Text(w) = t {
            label.push_str(w);
        } else if let Some(r) = if side == 1 {
            left.last_mut()
        } else {
            right.last_mut()
        } {
            r.push(t);
        }
    }
    left.extend(right);
    left
}

/// A summary printed without 行次, its halves marked: each mark starts a row of its half, keyed
/// by the words that follow it; words before the first mark are not a row's.
fn named_summary_rows(toks: &[Token]) -> Vec<Pending> {
    let mut halves: [Vec<Pending>; 2] = [Vec::new(), Vec::new()];
    let mut current: Option<usize> = None;
    for t in toks {
        if let Token::Text(w) = t
            && let Some(half) = w.strip_prefix(HALF_MARK)
        {
            let h = usize::from(half == "2");
            halves[h].push(Pending::new("", None, None, "", h as u32 + 1));
            current = Some(h);
            continue;
        }
        let Some(row) = current.and_then(|h| halves[h].last_mut()) else {
            continue;
        };
        match t {
            Token::Text(w) => row.label.push_str(w),
            t => row.push(t),
        }
    }
    let [mut left, right] = halves;
    left.extend(right);
    for row in &mut left {
        row.key = row.label.clone();
    }
    left
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Token> {
        tokens(&[s.to_string()])
    }

    #[test]
    fn reads_codes_printed_whole_or_in_three_columns() {
        let rows = coded_rows(&toks(
            "合计 9 9 208 社会保障 9 9 208 01 人力资源 9 9 208 01 01 行政运行 5 5 01 09 社会保险经办 4 4",
        ));
        let keys: Vec<&str> = rows.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["合计", "208", "20801", "2080101", "2080109"]);
        assert_eq!(rows[3].label, "行政运行");
        assert_eq!(rows[3].printed, ["5", "5"]);
    }

    #[test]
    fn pairs_the_government_code_with_the_department_row() {
        let t = toks(
            "合计 10.00 8.00 2.00 301 工资福利支出 501 机关工资福利支出 8.00 8.00 - 30101 基本工资 50101 工资奖金津补贴 8.00 8.00 - 302 商品和服务支出 502 机关商品和服务支出 2.00 2.00",
        );
        assert_eq!(government_codes_paired(&t), Some(true));
        let rows = basic_rows(&t);
        let keys: Vec<&str> = rows.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["合计", "301/501", "30101/50101", "302/502"]);
        assert_eq!(rows[2].label, "基本工资");
        assert_eq!(rows[2].government_code.as_deref(), Some("50101"));
        // the dash keeps its place: the row's columns are those of one group
        assert_eq!(rows[2].printed, ["8.00", "8.00", "-"]);
        assert_eq!(rows[3].printed, ["2.00", "2.00"]);
    }

    #[test]
    fn a_government_code_not_beside_a_named_department_code_is_not_paired() {
        assert_eq!(government_codes_paired(&toks("30101 基本工资 8.00")), None);
        assert_eq!(
            government_codes_paired(&toks("301 302 501 机关工资福利支出 8.00")),
            Some(false)
        );
        assert_eq!(
            government_codes_paired(&toks("30101 基本工资 501 机关工资福利支出 8.00")),
            Some(false)
        );
    }

    #[test]
    fn tells_line_numbers_from_integer_amounts() {
        let rows = summary_rows(&toks(
            "一、一般公共预算财政拨款收入 1 12 一、一般公共服务支出 31 7 2 二、外交支出 32 3 本年收入合计 3 12 本年支出合计 33 10",
        ));
        let by_line: Vec<(u32, Vec<String>)> = rows
            .iter()
            .map(|r| (r.line_no.unwrap(), r.printed.clone()))
            .collect();
        assert!(by_line.contains(&(1, vec!["12".into()])));
        assert!(by_line.contains(&(31, vec!["7".into()])));
        assert!(by_line.contains(&(2, vec![])));
        assert!(by_line.contains(&(32, vec!["3".into()])));
    }

    #[test]
    fn keys_the_rows_of_a_summary_printed_without_line_numbers_by_their_names() {
        let rows = summary_rows(&toks(
            "‖1 一、财政拨款收入 12.00 ‖2 一、一般公共服务支出 7.00 ‖1 总计 12.00 ‖2 二、外交支出 ‖2 总计 7.00",
        ));
        let got: Vec<(&str, u32, Vec<String>)> = rows
            .iter()
            .map(|r| (r.key.as_str(), r.first_column, r.printed.clone()))
            .collect();
        assert_eq!(
            got,
            [
                ("一、财政拨款收入", 1, vec!["12.00".to_string()]),
                ("总计", 1, vec!["12.00".to_string()]),
                ("一、一般公共服务支出", 2, vec!["7.00".to_string()]),
                ("二、外交支出", 2, vec![]),
                ("总计", 2, vec!["7.00".to_string()]),
            ]
        );
    }
}
