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
//!   is the line above and the tail the line below, in the name's column (of any of the groups
//!   basic_expenditure prints side by side);
//! - a code printed 类 | 款 | 项 in columns and split over two lines (the 项 with the name's tail
//!   and the amounts below the rest), which would read as two rows;
//! - a coded table's total and 栏次 lines printed letterspaced ("合 计", "栏 次"), joined;
//! - a code printed 类 | 款 | 项 in columns, each row printing only its own part ("01" for a 款
//!   and for a 项 alike): written whole by the column its part starts at;
//! - a summary's name wrapped over lines of its own, joined to its 行次 line (`summary_wraps`).
//!
//! Both are decided from the text's own positions: the ends of its pages (form feeds) and the
//! columns its words start at.

use crate::normalise::amount::{Amount, parse_amount};
use crate::normalise::codes;
use crate::normalise::titles::kind_of_title;
use crate::read::statements::{is_issuer_line, is_page_number, unit_of};
use crate::read::text::summary_wraps::{PAGE_BREAK, join_wrapped_summary_names};
use juesuan_model::TableKind;

/// A line printed first or last on at least this many pages, its digits aside, is a running
/// header or footer ("公开表 3", "公开表 4" …), as the page reader takes it.
const RUNNING_LINE_PAGES: usize = 3;

/// The text with its page furniture dropped and names wrapped around their code lines joined to
/// them, for the token reading.
pub fn tidy(text: &str) -> String {
    let pages: Vec<Vec<&str>> = text.split('\u{c}').map(|p| p.lines().collect()).collect();
    let running = running_lines(&pages);
    let pages: Vec<Vec<String>> = pages
        .iter()
        .map(|page| {
            let ends = page_ends(page);
            let lines: Vec<&str> = page
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    let furniture = ends.contains(&i)
                        && (is_page_number(l.trim()) || running.contains(&masked(l)));
                    if furniture { "" } else { *l }
                })
                .collect();
            let lines = join_wrapped_amount_tails(&lines);
            let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
            join_amount_heads_printed_above(&lines)
        })
        .collect();
    // a summary's name wrapped over a page break ends on the next page: its tables are read
    // across pages, each page break a line of its own
    let all: Vec<&str> = pages
        .iter()
        .enumerate()
        .flat_map(|(p, page)| {
            (p > 0)
                .then_some(PAGE_BREAK)
                .into_iter()
                .chain(page.iter().map(String::as_str))
        })
        .collect();
    let joined = join_wrapped_summary_names(&all, &mut None);
    let mut out: Vec<String> = Vec::new();
    let mut code_parts = CodeParts::default();
    let mut in_coded = false;
    for (p, page) in joined.split(|l| l == PAGE_BREAK).enumerate() {
        if p > 0 {
            out.push(PAGE_BREAK.to_string());
        }
        let lines: Vec<&str> = page.iter().map(String::as_str).collect();
        let lines = drop_government_name_tails(&lines);
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let lines = join_names_wrapped_below_groups(&lines);
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let lines = join_code_parts_over_lines(&lines);
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let lines = join_letterspaced_heads(&lines, &mut in_coded);
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let lines = whole_codes_from_columns(&lines, &mut code_parts);
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        out.extend(join_wrapped_around_codes(&lines));
    }
    out.join("\n")
}

/// The kinds whose rows are keyed by 功能分类 codes, which a table may print 类 | 款 | 项 in
/// columns of their own.
const CODED_KINDS: [TableKind; 5] = [
    TableKind::Income,
    TableKind::Expenditure,
    TableKind::GeneralBudgetExpenditure,
    TableKind::GovernmentFund,
    TableKind::StateCapital,
];

/// The words a coded table's line may start with that -layout prints letterspaced ("合 计",
/// "栏 次"): the token reading knows its total line and its 栏次 line by the word.
const LETTERSPACED_HEADS: [&str; 3] = ["合计", "总计", "栏次"];

/// In a coded table (`in_table`: one is open from the pages before), a line starting with one of
/// `LETTERSPACED_HEADS` printed letterspaced, its two characters one word each a few spaces
/// apart: the word joined, the rest of the line kept in its columns.
fn join_letterspaced_heads(page: &[&str], in_table: &mut bool) -> Vec<String> {
    page.iter()
        .map(|line| {
            if let Some(kind) = kind_of_title(line.trim()) {
                *in_table = CODED_KINDS.contains(&kind);
                return line.to_string();
            }
            let w = words(line);
            let head = match w.get(..2) {
                Some([a, b]) if *in_table && b.0 - a.1 <= 3 => format!("{}{}", a.2, b.2),
                _ => return line.to_string(),
            };
            if !LETTERSPACED_HEADS.contains(&head.as_str()) {
                return line.to_string();
            }
            let chars: Vec<char> = line.chars().collect();
            let before: String = chars[..w[0].0].iter().collect();
            let after: String = chars[w[1].1..].iter().collect();
            let pad = " ".repeat(w[1].1 - w[0].0 - 2);
            format!("{before}{head}{pad}{after}")
        })
        .collect()
}

/// What the pages before tell of a table's code parts (see `whole_codes_from_columns`): whether
/// a coded table is open, the 类 and 款 of its last rows, and whether its parts are still
/// settled.
#[derive(Default)]
struct CodeParts {
    in_table: bool,
    lei: Option<String>,
    kuan: Option<String>,
    unsettled: bool,
}

/// A code printed 类 | 款 | 项 in columns of their own, each row printing only its own part ("201"
/// on the 类's line, "01" on its 款's, "02" on its 项's): the two digits alone do not say whether
/// a 款 or a 项 follows a 项, but the column they start at does. Where a page of such a table
/// starts its lines' two-digit parts at exactly two columns, the left one is the 款's and the
/// right one the 项's, and each part is written as the whole code (the 类 and 款 above it
/// prefixed), ending where the part did. From a page where that is not so (one column, or
/// more than two, or a part without its 类 or 款 above) the table's parts are left as printed.
fn whole_codes_from_columns(page: &[&str], state: &mut CodeParts) -> Vec<String> {
    let mut out: Vec<String> = page.iter().map(|l| l.to_string()).collect();
    let part = |w: &str| w.len() == 2 && w.chars().all(|c| c.is_ascii_digit());
    // the column a line's part starts at, where the line starts with one and goes on
    let first_part = |l: &str| -> Option<usize> {
        let w = words(l);
        (w.len() > 1 && part(w[0].2) && l.bytes().take(w[0].0).all(|b| b == b' ')).then(|| w[0].0)
    };
    // the columns the page's parts start at, within a coded table
    let mut columns: Vec<usize> = Vec::new();
    let mut inside = state.in_table;
    for line in page {
        if let Some(kind) = kind_of_title(line.trim()) {
            inside = CODED_KINDS.contains(&kind);
            continue;
        }
        if let Some(at) = first_part(line).filter(|_| inside)
            && !columns.contains(&at)
        {
            columns.push(at);
        }
    }
    columns.sort_unstable();
    let places = match columns[..] {
        [kuan_at, xiang_at] => Some((kuan_at, xiang_at)),
        _ => None,
    };
    for (i, line) in page.iter().enumerate() {
        if let Some(kind) = kind_of_title(line.trim()) {
            *state = CodeParts {
                in_table: CODED_KINDS.contains(&kind),
                ..CodeParts::default()
            };
            continue;
        }
        if !state.in_table {
            continue;
        }
        let w = words(line);
        if let Some(&(_, _, code)) = w.first()
            && code.len() == 3
            && codes::is_code(code)
        {
            (state.lei, state.kuan) = (Some(code.to_string()), None);
            // (a 类 line printing its 款 beside it: parts of another form)
            state.unsettled |= w.get(1).is_some_and(|x| part(x.2));
            continue;
        }
        let Some(at) = first_part(line) else { continue };
        // (a 款 printing its 项 beside it: parts of another form)
        state.unsettled |= part(w[1].2);
        if state.unsettled {
            continue;
        }
        let whole = match places {
            Some((kuan_at, _)) if at == kuan_at => {
                state.lei.as_ref().map(|l| format!("{l}{}", w[0].2))
            }
            Some((_, xiang_at)) if at == xiang_at => {
                state.kuan.as_ref().map(|k| format!("{k}{}", w[0].2))
            }
            _ => None,
        };
        let Some(whole) = whole else {
            state.unsettled = true;
            continue;
        };
        if whole.len() == 5 {
            state.kuan = Some(whole.clone());
        }
        // ending where the part did, over the spaces before it where there is room
        let wider = whole.len() - 2;
        let from = at.saturating_sub(wider);
        out[i] = format!("{}{whole}{}", &line[..from], &line[at + 2..]);
    }
    out
}

/// Amounts a narrow cell wrapped: the page printed "121679.74" as "121679.7" over "4", both
/// right-aligned in the cell, so the tail is a line of its own whose last digit stands under the
/// amount's last character. The tail is joined back to the amount where it completes the
/// amount's cents (one or two decimals with the tail, none or one without); a lone digit
/// anywhere else is left as it is. The tail's line may print names after it (a summary's
/// name in the next column, pushed down a line by the wrap), which stay where they are.
fn join_wrapped_amount_tails(lines: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    for i in 1..lines.len() {
        let line_words = words(lines[i]);
        let Some(&(_, end, tail)) = line_words.first() else {
            continue;
        };
        if !(1..=2).contains(&tail.len())
            || !tail.chars().all(|c| c.is_ascii_digit())
            || line_words[1..]
                .iter()
                .any(|w| w.2.chars().any(|c| c.is_ascii_digit()))
        {
            continue;
        }
        let above = out[i - 1].clone();
        let Some(&(start, _, amount)) = words(&above).iter().find(|w| {
            w.1 == end
                && matches!(parse_amount(w.2), Amount::Value(_))
                && w.2
                    .split_once('.')
                    .is_some_and(|(_, cents)| cents.len() + tail.len() == 2)
        }) else {
            continue;
        };
        // the amount completed, the rest of its line kept in its columns where a space allows
        let at = above.char_indices().nth(start).map_or(0, |(b, _)| b) + amount.len();
        let rest = &above[at..];
        let rest = rest
            .strip_prefix("  ")
            .map_or(rest.to_string(), |r| format!(" {r}"));
        out[i - 1] = format!("{}{tail}{rest}", &above[..at]);
        // (the names after the tail kept in their columns)
        out[i] = if line_words.len() > 1 {
            format!(
                "{}{}",
                " ".repeat(end),
                lines[i].chars().skip(end).collect::<String>()
            )
        } else {
            String::new()
        };
    }
    out
}

/// Amounts a narrow cell wrapped around its row's line: a cell vertically centred on a row of
/// two lines prints "290,332.52" as "290,332.5" on a line of its own above and "2" on the row's
/// line, the digit standing under the head's last character. Where a line prints nothing but such
/// heads (each short of its cents) and the line below prints, under every one of them, a lone
/// digit that completes its cents, each amount is written whole on the row's line, ending where
/// the digit ended (over the spaces before it), and the heads' line is dropped. Where the row's
/// line has no room for an amount, or any head lacks its digit, both lines are left as printed.
fn join_amount_heads_printed_above(lines: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    for i in 1..lines.len() {
        let heads = words(&out[i - 1]);
        let short_of_cents = |w: &str| {
            matches!(parse_amount(w), Amount::Value(_))
                && w.split_once('.').is_some_and(|(_, c)| c.len() == 1)
        };
        if heads.is_empty() || !heads.iter().all(|h| short_of_cents(h.2)) {
            continue;
        }
        let row: Vec<char> = out[i].chars().collect();
        let row_words = words(&out[i]);
        let mut whole = row.clone();
        let mut complete = true;
        for &(_, end, head) in &heads {
            let Some(&(start, _, tail)) = row_words
                .iter()
                .find(|w| w.1 == end && w.2.len() == 1 && w.2.chars().all(|c| c.is_ascii_digit()))
            else {
                complete = false;
                break;
            };
            let amount = format!("{head}{tail}");
            let from = (start + 1).checked_sub(amount.len());
            // room: spaces over the amount's width and one before it
            let room = from.is_some_and(|f| f > 0 && whole[f - 1..start].iter().all(|c| *c == ' '));
            let Some(from) = from.filter(|_| room) else {
                complete = false;
                break;
            };
            whole.splice(from..=start, amount.chars());
        }
        if complete {
            out[i - 1] = String::new();
            out[i] = whole.into_iter().collect();
        }
    }
    out
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
pub(super) fn words(line: &str) -> Vec<(usize, usize, &str)> {
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

/// The codes of a line that print no name: a code (whole, or 类 | 款 | 项 in columns of their
/// own at the line's start) followed at once by an amount, at the line's start or after the
/// amounts of the group before (basic_expenditure prints three groups side by side). Each as the
/// index of its last word and the columns its name would take: from the code's end to the
/// amount's start.
fn nameless_codes(words: &[(usize, usize, &str)]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    for k in 0..words.len() {
        let after_amounts = k > 0 && is_number(words[k - 1].2);
        if !codes::is_code(words[k].2) || (k > 0 && !after_amounts) {
            continue;
        }
        // 类 | 款 | 项 in columns: "201  03  50"
        let parts = if k == 0 && words[k].2.len() == 3 {
            words[1..]
                .iter()
                .take(2)
                .take_while(|x| x.2.len() == 2 && x.2.chars().all(|c| c.is_ascii_digit()))
                .count()
        } else {
            0
        };
        let last = k + parts;
        if let Some(next) = words.get(last + 1).filter(|n| is_number(n.2)) {
            out.push((last, words[last].1, next.0));
        }
    }
    out
}

/// The column a row printing both economic classifications starts its 政府 code at: "30108
/// 机关事业单位基本  50102  社会保障缴费  14,040.79 …", a 部门 (3xx) code and its name, then a
/// 政府 (5xx) code of the same level.
fn government_code_column(words: &[(usize, usize, &str)]) -> Option<usize> {
    let [(_, _, department), (_, _, name), (at, _, government), ..] = words else {
        return None;
    };
    (codes::is_code(department)
        && department.starts_with('3')
        && !is_number(name)
        && codes::is_code(government)
        && government.starts_with('5')
        && government.len() == department.len())
    .then_some(*at)
}

/// Below a row printing both economic classifications, the words of a wrapped-name line that
/// stand in the 政府 name's columns (from the 政府 code's column on) are that name's tail, which
/// the row does not take (it is named by its 部门 name): dropped, so that the token reading
/// joins only the 部门 name's tail to the row.
fn drop_government_name_tails(lines: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut column: Option<usize> = None;
    for line in lines {
        let w = words(line);
        if let Some(at) = government_code_column(&w) {
            column = Some(at);
        } else if let Some(at) = column {
            if !w.is_empty() && w.iter().all(|x| !is_number(x.2)) {
                // (cut at the column, the words before it kept where they stand)
                let kept: String = line.chars().take(at).collect();
                out.push(kept.trim_end().to_string());
                continue;
            }
            column = None;
        }
        out.push(line.to_string());
    }
    out
}

/// The name columns of a line printing groups side by side (basic_expenditure's 人员经费 |
/// 公用经费 groups, "301  工资福利支出  77781.43  302  商品和服务支  13996.31 …"): for each code
/// followed by its name, the index of the name's word and the columns from the name's start to
/// the start of the amount after it. None unless the line names two codes or more.
fn group_names(words: &[(usize, usize, &str)]) -> Option<Vec<(usize, usize, usize)>> {
    let mut slots = Vec::new();
    for k in 0..words.len().saturating_sub(1) {
        let (_, _, code) = words[k];
        let (from, _, name) = words[k + 1];
        if !codes::is_code(code) || is_number(name) || (k > 0 && !is_number(words[k - 1].2)) {
            continue;
        }
        let to = words[k + 2..]
            .iter()
            .find(|w| is_number(w.2))
            .map_or(usize::MAX, |w| w.0);
        slots.push((k + 1, from, to));
    }
    (slots.len() >= 2).then_some(slots)
}

/// A name's width as printed: a wide (CJK) character two, others one.
fn display_width(name: &str) -> usize {
    name.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// Names wrapped below a line of groups side by side: each word of the lines below (lines of
/// words only) belongs to the group whose name column it stands in, and is joined to that
/// group's name, not to the last group's row (as reading the lines in order would). Left as
/// printed unless every word stands within a name's columns, or where the lines are followed by
/// a code printing no name (they may be the head of its name, see
/// [`join_wrapped_around_codes`]).
fn join_names_wrapped_below_groups(lines: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    // the widest name printed at each column a name starts at (a wrapped name's first line is
    // as wide as its cell allows)
    let mut widest: Vec<(usize, usize)> = Vec::new();
    for l in lines {
        let w = words(l);
        for (k, _, _) in group_names(&w).unwrap_or_default() {
            let (from, _, name) = w[k];
            match widest.iter_mut().find(|(c, _)| c.abs_diff(from) <= 2) {
                Some((_, width)) => *width = (*width).max(display_width(name)),
                None => widest.push((from, display_width(name))),
            }
        }
    }
    // a name the next word would not have fitted beside: a wrapped name's first line
    let full = |from: usize, name: &str| {
        widest
            .iter()
            .find(|(c, _)| c.abs_diff(from) <= 2)
            .is_some_and(|&(_, width)| display_width(name) + 2 >= width)
    };
    let mut i = 0;
    while i < lines.len() {
        let w = words(lines[i]);
        let Some(slots) = group_names(&w) else {
            i += 1;
            continue;
        };
        // the lines of words only below it, each word in a name's columns
        let slot_of = |x: &(usize, usize, &str)| {
            slots
                .iter()
                .position(|&(_, from, to)| x.0 + 2 >= from && x.1 <= to)
        };
        let mut end = i + 1;
        let mut tails = vec![String::new(); slots.len()];
        while end < lines.len() {
            let below = words(lines[end]);
            if below.is_empty()
                || below.iter().any(|x| is_number(x.2))
                || kind_of_title(lines[end].trim()).is_some()
            {
                break;
            }
            let Some(at) = below.iter().map(slot_of).collect::<Option<Vec<usize>>>() else {
                break;
            };
            for (x, slot) in below.iter().zip(at) {
                tails[slot].push_str(x.2);
            }
            end += 1;
        }
        let next_nameless = lines[end..]
            .iter()
            .find(|l| !l.trim().is_empty())
            .is_some_and(|l| !nameless_codes(&words(l)).is_empty());
        // (a piece below a name that is not full is not its tail: the head of the name below,
        // printed above its code line)
        let tails_of_full = slots
            .iter()
            .zip(&tails)
            .all(|(&(k, from, _), tail)| tail.is_empty() || full(from, w[k].2));
        if end > i + 1 && !next_nameless && tails_of_full {
            let mut line: Vec<String> = Vec::new();
            for (k, x) in w.iter().enumerate() {
                let mut word = x.2.to_string();
                if let Some(slot) = slots.iter().position(|s| s.0 == k) {
                    word.push_str(&tails[slot]);
                }
                line.push(word);
            }
            out[i] = line.join("  ");
            for l in &mut out[i + 1..end] {
                l.clear();
            }
        }
        i = end.max(i + 1);
    }
    out
}

/// A row whose code cell, printed 类 | 款 | 项 in columns of their own, -layout split over two
/// lines: the 类 and 款 and the head of the name on one line, no amount ("229 60 用于社会福利的彩票
/// 公益金"), the 项 right of them and the tail of the name (starting where the head does) and the
/// amounts on the next ("02 支出  197.49"). Joined as one line, "229  60  02  name  amounts".
fn join_code_parts_over_lines(lines: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let part = |w: &str| w.len() == 2 && w.chars().all(|c| c.is_ascii_digit());
    let mut i = 0;
    while i + 1 < lines.len() {
        let (top, bottom) = (words(lines[i]), words(lines[i + 1]));
        let head_at = 2;
        let joined = top.len() > head_at
            && top[0].2.len() == 3
            && codes::is_code(top[0].2)
            && part(top[1].2)
            && !top[head_at..].iter().any(|w| is_number(w.2))
            && bottom.len() > 2
            && part(bottom[0].2)
            && bottom[0].0 > top[1].1
            && !is_number(bottom[1].2)
            && bottom[1].0.abs_diff(top[head_at].0) <= 1;
        let tail_end = bottom
            .iter()
            .skip(1)
            .position(|w| is_number(w.2))
            .map_or(bottom.len(), |k| k + 1);
        if !joined || tail_end == bottom.len() || !bottom[tail_end..].iter().all(|w| is_number(w.2))
        {
            i += 1;
            continue;
        }
        let name: String = top[head_at..]
            .iter()
            .chain(&bottom[1..tail_end])
            .map(|w| w.2)
            .collect();
        let mut line = vec![top[0].2, top[1].2, bottom[0].2, name.as_str()];
        line.extend(bottom[tail_end..].iter().map(|w| w.2));
        out[i] = line.join("  ");
        out[i + 1].clear();
        i += 2;
    }
    out
}

/// Lines where a code prints no name and the lines right above and below print only words in
/// its name's columns (between the code and its amounts): the name's head and tail joined to the
/// code, as "code head+tail amounts".
fn join_wrapped_around_codes(lines: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let slots: Vec<Vec<(usize, usize, usize)>> =
        lines.iter().map(|l| nameless_codes(&words(l))).collect();
    // the slot of line `of` each word of line `j` lies in, if every word lies in one
    let pieces = |j: usize, of: usize| -> Option<Vec<usize>> {
        let w = words(lines[j]);
        if w.is_empty() || w.iter().any(|x| is_number(x.2)) {
            return None;
        }
        w.iter()
            .map(|x| {
                slots[of]
                    .iter()
                    .position(|&(_, from, to)| x.0 >= from && x.1 <= to)
            })
            .collect()
    };
    // a piece between two lines with nameless codes could be either's: it is left alone
    let piece = |j: usize, of: usize| {
        let other = if j < of {
            j.checked_sub(1)
        } else {
            Some(j + 1)
        };
        let contested = other.is_some_and(|o| o < lines.len() && pieces(j, o).is_some());
        if contested { None } else { pieces(j, of) }
    };
    for i in 0..lines.len() {
        if slots[i].is_empty() {
            continue;
        }
        let head = (i > 0).then(|| piece(i - 1, i)).flatten();
        let tail = (i + 1 < lines.len()).then(|| piece(i + 1, i)).flatten();
        if head.is_none() && tail.is_none() {
            continue;
        }
        let mut names = vec![String::new(); slots[i].len()];
        for (j, at) in [(i.wrapping_sub(1), &head), (i + 1, &tail)] {
            let Some(at) = at else { continue };
            for (x, &slot) in words(lines[j]).iter().zip(at) {
                names[slot].push_str(x.2);
            }
            out[j].clear();
        }
        let w = words(lines[i]);
        let mut line: Vec<String> = Vec::new();
        for (k, x) in w.iter().enumerate() {
            line.push(x.2.to_string());
            if let Some(slot) = slots[i].iter().position(|s| s.0 == k)
                && !names[slot].is_empty()
            {
                line.push(names[slot].clone());
            }
        }
        out[i] = line.join("  ");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_coded_table_s_letterspaced_total_and_column_number_lines_are_joined() {
        let page = [
            "                        2023年度收入决算表（表2）",
            "           栏 次              1           2",
            "           合 计           426159.76   425045.44",
            " 205        教育支出          76115.01    76112.44",
        ];
        let mut in_table = false;
        let out = join_letterspaced_heads(&page, &mut in_table);
        assert_eq!(out[1], "           栏次               1           2");
        assert_eq!(out[2], "           合计            426159.76   425045.44");
        assert_eq!(out[3], page[3]);
        // outside a coded table (a 三公 table's headings), left as printed
        let other = [
            "      2023年度“三公”经费支出决算表",
            " 合 计 因公出国（境）费 小计",
        ];
        let mut in_table = true;
        assert_eq!(
            join_letterspaced_heads(&other, &mut in_table),
            other.map(String::from)
        );
    }

    #[test]
    fn code_parts_in_columns_are_written_whole_by_the_column_they_start_at() {
        // a 款 after a 项 ("06" below "02"): only its column tells it from a 项; the 类 and 款
        // go on over the page break, where the columns stand elsewhere
        let first = [
            "                表二 2021年部门收入总体情况表",
            "  类     款     项",
            " 201               一般公共服务支出        637,292,900   633,348,200",
            "        01         人大事务             86,417,700    82,473,000",
            "              02   一般行政管理事务         86,417,700    82,473,000",
            "        06         财政事务            550,875,200   550,875,200",
            "              99   其他财政事务支出        550,875,200   550,875,200",
        ];
        let next = [
            "           01   行政运行          303,054,100   300,707,000",
            "223             国有资本经营预算支出      1,464,300     1,464,300",
            "      01        解决历史遗留问题及改革     1,464,300     1,464,300",
        ];
        let mut state = CodeParts::default();
        let out = whole_codes_from_columns(&first, &mut state);
        let starts: Vec<&str> = out[2..].iter().map(|l| words(l)[0].2).collect();
        assert_eq!(starts, ["201", "20101", "2010102", "20106", "2010699"]);
        // (each whole code ends where its part did)
        assert_eq!(words(&out[4])[0].1, words(first[4])[0].1);
        let out = whole_codes_from_columns(&next, &mut state);
        let starts: Vec<&str> = out.iter().map(|l| words(l)[0].2).collect();
        assert_eq!(starts, ["2010601", "223", "22301"]);
        // a 款 printing its 项 beside it: left as printed from there on
        let mut state = CodeParts::default();
        let beside = [
            first[0],
            first[2],
            "        01    02   人大事务    86,417,700",
            first[5],
            first[6],
        ];
        let out = whole_codes_from_columns(&beside, &mut state);
        assert_eq!(out, beside.map(String::from));
        // a page starting its parts at one column only: 款 or 项, left as printed from there on
        let mut state = CodeParts::default();
        let one = [first[0], first[2], first[3], first[5]];
        let out = whole_codes_from_columns(&one, &mut state);
        assert_eq!(out, one.map(String::from));
    }

    #[test]
    fn joins_an_amount_its_cell_wrapped_over_two_lines() {
        let lines = [
            "303 对个人和家庭的补助      121679.7",
            "                          4",
            "  人员经费合计      191300.4                  公用经费合计     63766.83",
            "                     7",
            "30302 退休费            5",
        ];
        let out = join_wrapped_amount_tails(&lines);
        assert_eq!(out[0], "303 对个人和家庭的补助      121679.74");
        assert_eq!(out[1], "");
        // (the rest of the line kept in its columns)
        assert_eq!(
            out[2],
            "  人员经费合计      191300.47                 公用经费合计     63766.83"
        );
        assert_eq!(out[3], "");
        // (a name the wrap pushed down a line stays in its column)
        let pushed = [
            "本年收入合计      27 703,903.8      59 703,770.33",
            "                       9 本年支出合计",
        ];
        let out = join_wrapped_amount_tails(&pushed);
        assert_eq!(out[0], "本年收入合计      27 703,903.89     59 703,770.33");
        assert_eq!(out[1], "                         本年支出合计");
        // an amount with its cents, or a digit not under an amount's end, is left as it is
        let whole = ["30101 基本工资     12.50", "                    4"];
        assert_eq!(join_wrapped_amount_tails(&whole), whole);
        let apart = ["30101 基本工资     12.5", "                 4"];
        assert_eq!(join_wrapped_amount_tails(&apart), apart);
    }

    #[test]
    fn joins_amounts_whose_heads_a_centred_cell_printed_above_their_row() {
        let lines = [
            "                       290,332.5                          148,395.3",
            "301     工资福利支出                 2   302     商品和服务支出                5",
            "30102   津贴补贴           30,440.00",
        ];
        let out = join_amount_heads_printed_above(&lines);
        assert_eq!(out[0], "");
        assert_eq!(
            out[1],
            "301     工资福利支出        290,332.52   302     商品和服务支出       148,395.35"
        );
        assert_eq!(out[2], lines[2]);
        // a head without its digit below, or amounts with their cents, are left as printed
        let lone = [
            "                       290,332.5          148,395.3",
            "301     工资福利支出                 2",
        ];
        assert_eq!(join_amount_heads_printed_above(&lone), lone);
        let whole = ["              12.50", "301  工资福利支出  4"];
        assert_eq!(join_amount_heads_printed_above(&whole), whole);
    }

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
            tidy.contains("20103  政府办公厅（室）及相关机构事务  10.00  10.00"),
            "{tidy}"
        );
        assert!(
            tidy.contains("201      一般公共服务支出    10.00"),
            "{tidy}"
        );
    }

    #[test]
    fn joins_names_wrapped_below_groups_to_their_group() {
        let lines = [
            "30107      绩效工资      18390.09   30207    邮电费         627.66    30299    其他商品和服     487.53",
            "                                                                        务支出",
            "30108      机关事业单位     8849.11   30211    差旅费        3689.60    307      债务利息及费   4293.79",
            "           基本养老保险                                                       用支出",
            "           缴费",
            "30109      职业年金缴费    17977.14   30213    维修（护）费      282.20",
        ];
        let out = join_names_wrapped_below_groups(&lines);
        assert_eq!(
            out[0],
            "30107  绩效工资  18390.09  30207  邮电费  627.66  30299  其他商品和服务支出  487.53"
        );
        assert_eq!(
            out[2],
            "30108  机关事业单位基本养老保险缴费  8849.11  30211  差旅费  3689.60  307  债务利息及费用支出  4293.79"
        );
        assert!(out[1].is_empty() && out[3].is_empty() && out[4].is_empty());
        assert_eq!(out[5], lines[5]);
    }

    #[test]
    fn drops_the_wrapped_tail_of_a_government_name() {
        let lines = [
            "302    商品和服务支出   502    机关商品和服务支   10,846.25    0.00   10,846.25",
            "                               出",
            "30231  公务用车运行维护  50208  公务用车运行维护      583.72    0.00     583.72",
            "       费                       费",
            "",
            "       2026年三公经费表",
        ];
        let out = drop_government_name_tails(&lines);
        assert_eq!(out[0], lines[0]);
        assert_eq!(out[1], "");
        assert_eq!(out[3], "       费");
        assert_eq!(out[4], "");
        assert_eq!(out[5], lines[5]);
    }

    #[test]
    fn joins_a_code_split_over_two_lines() {
        let lines = [
            " 229   60      彩票公益金安排的支出      197.49 197.49",
            " 229   60      用于社会福利的彩票公益金",
            "            02 支出              197.49 197.49",
            " 229   60      其他支出",
            "               合计              197.49 197.49",
        ];
        let out = join_code_parts_over_lines(&lines);
        assert_eq!(out[0], lines[0]);
        assert_eq!(
            out[1],
            "229  60  02  用于社会福利的彩票公益金支出  197.49  197.49"
        );
        assert!(out[2].is_empty());
        // a line without the 项 below is left alone
        assert_eq!(out[3], lines[3]);
        assert_eq!(out[4], lines[4]);
    }

    #[test]
    fn joins_a_name_wrapped_around_a_code_of_a_later_group() {
        let lines = [
            "30112    其他社会保障缴费    -   30216   培训费      -   31002   办公设备购置    -",
            "                                                          信息网络及软件购置",
            "30113    住房公积金          -   30217   公务接待费  -   31007                 4,744.35",
            "                                                          更新",
            "30199    其他工资福利支出    -",
        ];
        let out = join_wrapped_around_codes(&lines);
        assert_eq!(
            out[2],
            "30113  住房公积金  -  30217  公务接待费  -  31007  信息网络及软件购置更新  4,744.35"
        );
        assert!(out[1].is_empty() && out[3].is_empty());
        assert_eq!(out[0], lines[0]);
    }
}
