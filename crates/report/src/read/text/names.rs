//! Names of coded rows that laid-out text printed out of place, put back by the other tables of
//! the same report.
//!
//! A 功能分类 code is one name throughout a report: the income, expenditure and fund tables print
//! the same name beside the same code. Where a table's name column is narrow, -layout text
//! wraps a name over lines and the readers can give a wrapped piece to the wrong row: the head
//! of a name joined to the row above ("行政事业单位养老支出机关事业单位基" over
//! "本养老保险缴费支出"), or a name's last line merged into the line of its head and printed first
//! ("出用于社会福利的彩票公益金支"). The characters are all there, in the text's order; only
//! where one name ends is lost. Another table printing the code's name decides it:
//! - a run of rows whose names, read one after the other, split otherwise into names the other
//!   tables print for the rows' codes is split so, where exactly one best split makes more of
//!   its names agree with the other tables than the names as read (`resplit`); the total line
//!   right above the run ("合计", whose name is that word) takes part where it holds more than
//!   the word (the head of the first row's name, wrapped above that row's line);
//! - a name that is the name another table prints with a shorter last piece moved to the front
//!   (the same characters, rotated) is that name (`unrotate`).
//!
//! Where the other tables do not decide, the names are left as read (and the checks that compare
//! names across tables and readings leave the table out).

use crate::normalise::titles::kind_of_title;
use juesuan_model::{Table, TableKind};

/// The kinds whose rows carry 功能分类 codes, one name per code across them.
const FUNCTION_KINDS: [TableKind; 5] = [
    TableKind::Income,
    TableKind::Expenditure,
    TableKind::GeneralBudgetExpenditure,
    TableKind::GovernmentFund,
    TableKind::StateCapital,
];

/// The names each table gives a code: (kind, code, name), for the coded rows of the function
/// kinds that belong to no unit. Names holding a digit are a grid's cut (a number's pieces), not
/// names.
fn printed_names(readings: &[&[Table]]) -> Vec<(TableKind, String, String)> {
    let mut names: Vec<(TableKind, String, String)> = Vec::new();
    for table in readings.iter().flat_map(|r| r.iter()) {
        if !FUNCTION_KINDS.contains(&table.kind) {
            continue;
        }
        for row in table.rows.iter().filter(|r| r.entity.is_empty()) {
            let Some(code) = &row.code else { continue };
            if row.label.is_empty() || row.label.chars().any(|c| c.is_ascii_digit()) {
                continue;
            }
            let name = (table.kind, code.clone(), row.label.clone());
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}

/// Puts back the names of every function-kind table of `readings` (the readings of one report,
/// laid-out `text`) by the names the other tables print for the same codes.
pub fn settle_across_tables(readings: &mut [&mut Vec<Table>], text: &str) {
    let names = printed_names(&readings.iter().map(|r| r.as_slice()).collect::<Vec<_>>());
    let pieces = line_pieces(text);
    for table in readings.iter_mut().flat_map(|r| r.iter_mut()) {
        if FUNCTION_KINDS.contains(&table.kind) {
            let none = Vec::new();
            let printed = pieces
                .iter()
                .find(|(k, _)| *k == table.kind)
                .map_or(&none, |(_, p)| p);
            resplit(table, &names, printed);
        }
    }
    let names = printed_names(&readings.iter().map(|r| r.as_slice()).collect::<Vec<_>>());
    for table in readings.iter_mut().flat_map(|r| r.iter_mut()) {
        if FUNCTION_KINDS.contains(&table.kind) {
            unrotate(table, &names);
        }
    }
}

/// The names tables of other kinds than `kind` print for `code`.
fn elsewhere<'a>(
    names: &'a [(TableKind, String, String)],
    kind: TableKind,
    code: &'a str,
) -> impl Iterator<Item = &'a str> + 'a {
    names
        .iter()
        .filter(move |(k, c, _)| *k != kind && c == code)
        .map(|(_, _, n)| n.as_str())
}

/// Splits each run of consecutive coded rows anew where the names other tables print for their
/// codes show where each name ends (see the module docs): every split of the run's characters,
/// in order, into one piece per row, each piece either the row's name as read (where it stands)
/// or a name printed elsewhere for its code, scored by how many pieces are names printed
/// elsewhere; a row takes the piece that every best split gives it.
fn resplit(table: &mut Table, names: &[(TableKind, String, String)], printed: &[String]) {
    let kind = table.kind;
    let mut start = 0;
    while start < table.rows.len() {
        let in_run = |r: &juesuan_model::Row| {
            r.code.is_some() && r.entity.is_empty() && r.government_code.is_none()
        };
        if !in_run(&table.rows[start]) {
            start += 1;
            continue;
        }
        let end = (start..table.rows.len())
            .find(|&i| !in_run(&table.rows[i]))
            .unwrap_or(table.rows.len());
        // (the total line right above the run, holding more than its name: the head of the
        // first row's name, wrapped above that row's line, joined to it; its name is the word)
        let total = start
            .checked_sub(1)
            .and_then(|i| Some((i, total_word(&table.rows[i])?)));
        let first = total.map_or(start, |(i, _)| i);
        let run: Vec<(Vec<&str>, &str)> = table.rows[first..end]
            .iter()
            .map(|r| match total {
                Some((_, word)) if r.code.is_none() => (vec![word], r.label.as_str()),
                _ => {
                    let code = r.code.as_deref().unwrap_or_default();
                    (elsewhere(names, kind, code).collect(), r.label.as_str())
                }
            })
            .collect();
        let settled = split_run(&run, printed);
        for (row, name) in table.rows[first..end].iter_mut().zip(settled) {
            if let Some(name) = name {
                // (a line without a code is keyed by its name)
                if row.code.is_none() && row.key == row.label {
                    row.key = name.clone();
                }
                row.label = name;
            }
        }
        start = end;
    }
}

/// The word naming a table's total line ("合计", "总计") where the row, a total line of no unit,
/// holds more than that word ("合计一般公共服务支").
fn total_word(row: &juesuan_model::Row) -> Option<&'static str> {
    if row.code.is_some() || !row.entity.is_empty() || row.government_code.is_some() {
        return None;
    }
    ["合计", "总计"]
        .into_iter()
        .find(|w| row.label.starts_with(w) && row.label.len() > w.len())
}

/// For a run of rows (the names printed elsewhere for each row's code, the name as read), the
/// name each row takes where every best split agrees on it and it differs from the name as
/// read (see `resplit`). A name ends only where one of the table's printed lines does
/// (`printed`: the pieces of name its lines print, see `line_pieces`): the readers join whole
/// lines, so a split inside a line's piece would make a name the table never printed.
fn split_run(run: &[(Vec<&str>, &str)], printed: &[String]) -> Vec<Option<String>> {
    let text: Vec<char> = run.iter().flat_map(|(_, l)| l.chars()).collect();
    let n = run.len();
    let len = text.len();
    // where each row's name as read starts, in characters
    let mut at = vec![0; n + 1];
    for (i, (_, label)) in run.iter().enumerate() {
        at[i + 1] = at[i] + label.chars().count();
    }
    let ends = line_ends(&text, &at, printed);
    // the pieces row i may take from position p: (end, whether a name printed elsewhere)
    let options = |i: usize, p: usize| -> Vec<(usize, bool)> {
        let mut out: Vec<(usize, bool)> = Vec::new();
        for name in &run[i].0 {
            let name: Vec<char> = name.chars().collect();
            if ends[p]
                && p + name.len() <= len
                && ends[p + name.len()]
                && text[p..p + name.len()] == name[..]
            {
                out.push((p + name.len(), true));
            }
        }
        if p == at[i] && !out.iter().any(|&(e, _)| e == at[i + 1]) {
            out.push((at[i + 1], false));
        }
        out
    };
    const NONE: i64 = i64::MIN / 4;
    // best[i][p]: the most names printed elsewhere among rows i.. taking text from p on
    let mut best = vec![vec![NONE; len + 1]; n + 1];
    best[n][len] = 0;
    for i in (0..n).rev() {
        for p in 0..=len {
            for (e, agrees) in options(i, p) {
                if best[i + 1][e] > NONE {
                    best[i][p] = best[i][p].max(best[i + 1][e] + i64::from(agrees));
                }
            }
        }
    }
    let as_read = run
        .iter()
        .filter(|(elsewhere, label)| elsewhere.contains(label))
        .count() as i64;
    if best[0][0] <= as_read {
        return vec![None; n];
    }
    // the positions a best split reaches before each row, and the pieces it gives each row
    let mut reached = vec![false; len + 1];
    reached[0] = true;
    let mut settled = vec![None; n];
    for i in 0..n {
        let mut pieces: Vec<(usize, usize)> = Vec::new();
        let mut next = vec![false; len + 1];
        for p in (0..=len).filter(|&p| reached[p]) {
            let before = best[0][0] - best[i][p];
            for (e, agrees) in options(i, p) {
                if best[i + 1][e] > NONE
                    && before + i64::from(agrees) + best[i + 1][e] == best[0][0]
                {
                    next[e] = true;
                    if !pieces.contains(&(p, e)) {
                        pieces.push((p, e));
                    }
                }
            }
        }
        if let [(p, e)] = pieces[..]
            && (p, e) != (at[i], at[i + 1])
        {
            settled[i] = Some(text[p..e].iter().collect());
        }
        reached = next;
    }
    settled
}

/// The positions of `text` (the run's names as read, one after the other, each starting at `at`)
/// where a printed line's piece of name may end: those the text splits into the `printed`
/// pieces up to and from, starting again at every name as read (a name that is not made of
/// whole pieces, a grid's cut, leaves only its own ends).
fn line_ends(text: &[char], at: &[usize], printed: &[String]) -> Vec<bool> {
    let pieces: Vec<Vec<char>> = printed.iter().map(|p| p.chars().collect()).collect();
    let len = text.len();
    let mut from_start = vec![false; len + 1];
    for p in 0..=len {
        if at.contains(&p) {
            from_start[p] = true;
        }
        if !from_start[p] {
            continue;
        }
        for piece in &pieces {
            if p + piece.len() <= len && text[p..p + piece.len()] == piece[..] {
                from_start[p + piece.len()] = true;
            }
        }
    }
    let mut to_end = vec![false; len + 1];
    for p in (0..=len).rev() {
        if at.contains(&p) {
            to_end[p] = true;
            continue;
        }
        to_end[p] = pieces.iter().any(|piece| {
            p + piece.len() <= len
                && to_end[p + piece.len()]
                && text[p..p + piece.len()] == piece[..]
        });
    }
    (0..=len).map(|p| from_start[p] && to_end[p]).collect()
}

/// The pieces of name each table's lines print, by kind: on every line between the table's
/// title and its notes, the runs of words without a digit that stand one space apart (a name,
/// letter-spaced or not; codes, amounts and wider gaps end a run), spaces removed.
fn line_pieces(text: &str) -> Vec<(TableKind, Vec<String>)> {
    let mut out: Vec<(TableKind, Vec<String>)> = Vec::new();
    let mut current: Option<usize> = None;
    for line in text.lines() {
        let trimmed = line.trim();
        if let Some(kind) = kind_of_title(trimmed) {
            current = Some(out.iter().position(|(k, _)| *k == kind).unwrap_or_else(|| {
                out.push((kind, Vec::new()));
                out.len() - 1
            }));
            continue;
        }
        if trimmed.starts_with('注') {
            current = None;
        }
        let Some(at) = current else { continue };
        let mut piece = String::new();
        let mut gap = 0;
        let mut pieces: Vec<String> = Vec::new();
        for part in line.split(' ') {
            if part.is_empty() {
                gap += 1;
                continue;
            }
            if gap > 0 && !piece.is_empty() {
                pieces.push(std::mem::take(&mut piece));
            }
            gap = 0;
            if part.chars().any(|c| c.is_ascii_digit()) {
                if !piece.is_empty() {
                    pieces.push(std::mem::take(&mut piece));
                }
            } else {
                piece.push_str(part);
            }
        }
        pieces.extend((!piece.is_empty()).then_some(piece));
        for p in pieces {
            if !out[at].1.contains(&p) {
                out[at].1.push(p);
            }
        }
    }
    out
}

/// A name that is a name printed elsewhere for its code with a shorter last piece moved to the
/// front ("出用于社会福利的彩票公益金支" for "用于社会福利的彩票公益金支出") is that name:
/// -layout merged the name's two lines into one and printed the last line first. (A wrapped
/// name's last line is never longer than the lines above it, so the moved piece is the shorter
/// one: the name printed whole is not a rotation of the merged one in that sense.)
fn unrotate(table: &mut Table, names: &[(TableKind, String, String)]) {
    let kind = table.kind;
    for row in table.rows.iter_mut().filter(|r| r.entity.is_empty()) {
        let Some(code) = row.code.clone() else {
            continue;
        };
        let mut wholes: Vec<&str> = elsewhere(names, kind, &code)
            .filter(|n| is_merged_rotation(&row.label, n))
            .collect();
        wholes.sort_unstable();
        wholes.dedup();
        if let [whole] = wholes[..] {
            row.label = whole.to_string();
        }
    }
}

/// Whether `merged` is `name` with a last piece shorter than the rest moved to the front.
fn is_merged_rotation(merged: &str, name: &str) -> bool {
    let merged: Vec<char> = merged.chars().collect();
    let name: Vec<char> = name.chars().collect();
    let n = name.len();
    merged.len() == n
        && (1..n)
            .filter(|k| 2 * k < n)
            .any(|k| merged[..k] == name[n - k..] && merged[k..] == name[..n - k])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(pieces: &[&str]) -> Vec<String> {
        pieces.iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn a_piece_wrapped_to_the_row_above_goes_back_to_its_name() {
        let run = [
            (vec!["社会保障和就业支出"], "社会保障和就业支出"),
            (
                vec!["行政事业单位养老支出"],
                "行政事业单位养老支出机关事业单位基",
            ),
            (
                vec!["机关事业单位基本养老保险缴费支出"],
                "本养老保险缴费支出",
            ),
        ];
        let printed = lines(&[
            "社会保障和就业支出",
            "行政事业单位养老支出",
            "机关事业单位基",
            "本养老保险缴费",
            "支出",
        ]);
        assert_eq!(
            split_run(&run, &printed),
            vec![
                None,
                Some("行政事业单位养老支出".to_string()),
                Some("机关事业单位基本养老保险缴费支出".to_string())
            ]
        );
    }

    #[test]
    fn a_head_wrapped_onto_the_total_line_goes_back_to_the_first_row() {
        let row = |code: Option<&str>, label: &str| juesuan_model::Row {
            key: code.unwrap_or(label).to_string(),
            code: code.map(str::to_string),
            label: label.to_string(),
            ..Default::default()
        };
        let mut table = crate::test_support::table(TableKind::Income, "", &[]);
        table.rows = vec![
            row(None, "合计一般公共服务支"),
            row(Some("201"), "出"),
            row(Some("20101"), "人大事务"),
        ];
        let names = [(
            TableKind::Expenditure,
            "201".to_string(),
            "一般公共服务支出".to_string(),
        )];
        let printed = lines(&["合计", "一般公共服务支", "出", "人大事务"]);
        resplit(&mut table, &names, &printed);
        let rows: Vec<(&str, &str)> = table
            .rows
            .iter()
            .map(|r| (r.key.as_str(), r.label.as_str()))
            .collect();
        assert_eq!(
            rows,
            [
                ("合计", "合计"),
                ("201", "一般公共服务支出"),
                ("20101", "人大事务")
            ]
        );
    }

    #[test]
    fn a_name_ends_only_where_a_printed_line_does() {
        // another table joined a wrapped line to the row above; this one printed each name on
        // its line: the other table's split would end a name inside a line
        let run = [
            (
                vec!["行政事业单位养老支出机关事业单位职业年金缴费"],
                "行政事业单位养老支出",
            ),
            (vec!["支出"], "机关事业单位职业年金缴费支出"),
        ];
        let printed = lines(&["行政事业单位养老支出", "机关事业单位职业年金缴费支出"]);
        assert_eq!(split_run(&run, &printed), vec![None, None]);
    }

    #[test]
    fn a_split_is_taken_only_where_the_other_tables_decide_it() {
        let printed = lines(&[
            "行政事业单位养老支出",
            "机关事业单位基",
            "本养老保险缴费支出",
            "甲",
            "乙",
            "丙",
            "丁",
        ]);
        // no other table prints either code: the names stay as read
        let run = [
            (vec![], "行政事业单位养老支出机关事业单位基"),
            (vec![], "本养老保险缴费支出"),
        ];
        assert_eq!(split_run(&run, &printed), vec![None, None]);
        // two splits agree equally well with the other tables: neither is taken
        let run = [(vec!["甲乙"], "甲乙丙"), (vec!["乙丙丁", "丁"], "丁")];
        assert_eq!(split_run(&run, &printed), vec![None, None]);
        // the names as read agree already
        let run = [(vec!["甲乙"], "甲乙"), (vec!["丙丁"], "丙丁")];
        assert_eq!(split_run(&run, &printed), vec![None, None]);
    }

    #[test]
    fn a_row_the_other_tables_do_not_name_keeps_its_place() {
        // the first row's code is printed nowhere else: it keeps its name where it stands
        let run = [
            (vec![], "人大事务"),
            (vec!["行政运行"], "行政运行一般"),
            (vec!["一般行政管理事务"], "行政管理事务"),
        ];
        let printed = lines(&["人大事务", "行政运行", "一般", "行政管理事务"]);
        assert_eq!(
            split_run(&run, &printed),
            vec![
                None,
                Some("行政运行".to_string()),
                Some("一般行政管理事务".to_string())
            ]
        );
    }

    #[test]
    fn a_merged_last_line_printed_first_is_rotated_back() {
        assert!(is_merged_rotation(
            "出用于社会福利的彩票公益金支",
            "用于社会福利的彩票公益金支出"
        ));
        // the name printed whole is not the merged one of the rotated name
        assert!(!is_merged_rotation(
            "用于社会福利的彩票公益金支出",
            "出用于社会福利的彩票公益金支"
        ));
        assert!(!is_merged_rotation("行政运行", "行政运行"));
        assert!(!is_merged_rotation("运行行政", "行政运行"));
        let table = |kind, label: &str| Table {
            kind,
            title: String::new(),
            unit: juesuan_model::AmountUnit::WanYuan,
            pages: Vec::new(),
            empty: false,
            columns: Vec::new(),
            rows: vec![juesuan_model::Row {
                key: "2296002".into(),
                code: Some("2296002".into()),
                line: "2296002".into(),
                label: label.into(),
                page: 1,
                cells: Vec::new(),
                ..Default::default()
            }],
            notes: Vec::new(),
        };
        let mut expenditure = vec![table(
            TableKind::Expenditure,
            "出用于社会福利的彩票公益金支",
        )];
        let mut fund = vec![table(
            TableKind::GovernmentFund,
            "用于社会福利的彩票公益金支出",
        )];
        settle_across_tables(&mut [&mut expenditure, &mut fund], "");
        assert_eq!(expenditure[0].rows[0].label, "用于社会福利的彩票公益金支出");
        assert_eq!(fund[0].rows[0].label, "用于社会福利的彩票公益金支出");
    }
}
