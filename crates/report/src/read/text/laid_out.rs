//! Text laid out with spaces (`pdftotext -layout`) as the token reading takes it: what the
//! spaces and form feeds show that tokens alone would misread, settled on the lines first.
//!
//! The token reading joins every line without an amount to the row before it, which is right for
//! a name wrapped below its row and wrong for what else such text prints on lines of their own:
//! - page furniture: the page number and the running lines printed first or last on every page
//!   ("—3—", "公开表 3", "预算 03 表", the report's name), which would become the end of the last
//!   row's name;
//! - a name wrapped around its code line: when a row's name is printed over two lines and its
//!   code and amounts between them (vertically centred), the code line prints no name, the head
//!   is the line above and the tail the line below, in the name's column.
//!
//! Both are decided from the text's own positions: the ends of its pages (form feeds) and the
//! columns its words start at.

use crate::normalise::amount::{Amount, parse_amount};
use crate::normalise::codes;
use crate::normalise::titles::kind_of_title;
use crate::read::statements::{is_issuer_line, is_page_number, unit_of};

/// A line printed first or last on at least this many pages, its digits aside, is a running
/// header or footer ("公开表 3", "公开表 4" …), as the page reader takes it.
const RUNNING_LINE_PAGES: usize = 3;

/// The text with its page furniture dropped and names wrapped around their code lines joined to
/// them, for the token reading.
pub fn tidy(text: &str) -> String {
    let pages: Vec<Vec<&str>> = text.split('\u{c}').map(|p| p.lines().collect()).collect();
    let running = running_lines(&pages);
    let mut out: Vec<String> = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        if p > 0 {
            out.push("\u{c}".to_string());
        }
        let ends = page_ends(page);
        let lines: Vec<&str> = page
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let furniture =
                    ends.contains(&i) && (is_page_number(l.trim()) || running.contains(&masked(l)));
                if furniture { "" } else { *l }
            })
            .collect();
        out.extend(join_wrapped_around_codes(&lines));
    }
    out.join("\n")
}

/// The first and last non-blank lines of a page.
fn page_ends(page: &[&str]) -> Vec<usize> {
    let first = page.iter().position(|l| !l.trim().is_empty());
    let last = page.iter().rposition(|l| !l.trim().is_empty());
    first.into_iter().chain(last).collect()
}

/// A line with its whitespace removed and each run of digits as one '#'.
fn masked(line: &str) -> String {
    let mut out = String::new();
    for c in line.chars().filter(|c| !c.is_whitespace()) {
        if c.is_ascii_digit() {
            if !out.ends_with('#') {
                out.push('#');
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The masked lines printed first or last on enough pages to be running lines: never a title,
/// a unit or issuer line, or a line with amounts or codes.
fn running_lines(pages: &[Vec<&str>]) -> Vec<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for page in pages {
        let mut seen: Vec<String> = Vec::new();
        for i in page_ends(page) {
            let line = page[i].trim();
            let holds_data = line.split_whitespace().any(|w| {
                codes::is_code(w)
                    || (w.chars().any(|c| c.is_ascii_digit()) && w.contains(['.', ',']))
            });
            if holds_data
                || kind_of_title(line).is_some()
                || unit_of(line).is_some()
                || is_issuer_line(line)
            {
                continue;
            }
            let m = masked(line);
            if seen.contains(&m) {
                continue;
            }
            match counts.iter_mut().find(|(s, _)| *s == m) {
                Some((_, n)) => *n += 1,
                None => counts.push((m.clone(), 1)),
            }
            seen.push(m);
        }
    }
    counts
        .into_iter()
        .filter(|(_, n)| *n >= RUNNING_LINE_PAGES)
        .map(|(m, _)| m)
        .collect()
}

/// The words of a line with the character column each starts and ends at.
fn words(line: &str) -> Vec<(usize, usize, &str)> {
    let mut out = Vec::new();
    let mut start: Option<(usize, usize)> = None;
    let mut col = 0;
    for (i, c) in line.char_indices() {
        if c.is_whitespace() {
            if let Some((b, s)) = start.take() {
                out.push((s, col, &line[b..i]));
            }
        } else if start.is_none() {
            start = Some((i, col));
        }
        col += 1;
    }
    if let Some((b, s)) = start {
        out.push((s, col, &line[b..]));
    }
    out
}

fn is_number(word: &str) -> bool {
    parse_amount(word) != Amount::Text
}

/// A code line that prints no name: its code (whole, or 类 | 款 | 项 in columns of their own)
/// followed at once by an amount. Returns the column the code ends at, the column its amounts
/// start at, and how many words the code takes.
fn nameless_code_line(line: &str) -> Option<(usize, usize, usize)> {
    let w = words(line);
    let first = w.first()?;
    let used = if codes::is_code(first.2) {
        1 + w[1..]
            .iter()
            .take(2)
            .take_while(|x| {
                first.2.len() == 3 && x.2.len() == 2 && x.2.chars().all(|c| c.is_ascii_digit())
            })
            .count()
    } else {
        return None;
    };
    let next = w.get(used)?;
    is_number(next.2).then_some((w[used - 1].1, next.0, used))
}

/// Lines where a code line prints no name and the lines right above and below print only words
/// in its name's column (between the code and the amounts): the name's head and tail joined
/// onto the code line, as "code head+tail amounts".
fn join_wrapped_around_codes(lines: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let in_name_column = |l: &str, from: usize, to: usize| {
        let w = words(l);
        !w.is_empty()
            && w.iter().all(|x| !is_number(x.2))
            && w[0].0 >= from
            && w[w.len() - 1].1 <= to
    };
    let nameless: Vec<Option<(usize, usize, usize)>> =
        lines.iter().map(|l| nameless_code_line(l)).collect();
    // a piece between two code lines that print no name could be either's: it is left alone
    let piece = |j: usize, of: usize| {
        let (code_end, amounts_start, _) = nameless[of].expect("a nameless code line");
        let other = if j < of {
            j.checked_sub(1)
        } else {
            Some(j + 1)
        };
        in_name_column(lines[j], code_end, amounts_start)
            && other.is_none_or(|o| nameless.get(o).is_none_or(|n| n.is_none()))
    };
    for i in 0..lines.len() {
        let Some((_, _, used)) = nameless[i] else {
            continue;
        };
        let head = (i > 0 && piece(i - 1, i)).then(|| i - 1);
        let tail = (i + 1 < lines.len() && piece(i + 1, i)).then_some(i + 1);
        if head.is_none() && tail.is_none() {
            continue;
        }
        let w = words(lines[i]);
        let code: Vec<&str> = w[..used].iter().map(|x| x.2).collect();
        let name: String = head
            .iter()
            .chain(tail.iter())
            .flat_map(|&j| words(lines[j]).into_iter().map(|x| x.2))
            .collect();
        let rest: Vec<&str> = w[used..].iter().map(|x| x.2).collect();
        out[i] = format!("{} {}  {}", code.join(" "), name, rest.join("  "));
        for j in head.into_iter().chain(tail) {
            out[j].clear();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_page_furniture_and_joins_names_wrapped_around_codes() {
        let page = |n: usize, rows: &str| {
            format!(
                "                 公开表 {n}\n        2020年度某表\n{rows}\n\n                —{n}—\n"
            )
        };
        let rows = "201      一般公共服务支出    10.00    10.00\n         政府办公厅（室）及相关\n20103                        10.00    10.00\n         机构事务\n2010301  行政运行            10.00    10.00";
        let text = [page(1, rows), page(2, "x"), page(3, "y")].join("\u{c}");
        let tidy = tidy(&text);
        assert!(!tidy.contains("公开表"), "{tidy}");
        assert!(!tidy.contains('—'), "{tidy}");
        assert!(
            tidy.contains("20103 政府办公厅（室）及相关机构事务  10.00  10.00"),
            "{tidy}"
        );
        assert!(
            tidy.contains("201      一般公共服务支出    10.00"),
            "{tidy}"
        );
    }
}
