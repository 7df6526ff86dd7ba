//! Laid-out pages to typed tables: attach grids to titles, find the 栏次 row, read each row.

use crate::amount::{Amount, parse_amount};
use crate::recognize::{is_other_table_title, kind_of_title};
use juesuan_layout::{Block, Grid, PageLayout};
use juesuan_model::{
    AmountUnit, Cell, Column, Diagnostic, DocKind, Level, Metadata, OtherTable, Row, Severity,
    Table, TableKind,
};
use regex::Regex;
use std::sync::LazyLock;

/// A table being assembled: its title, then the grids that follow it.
struct Pending {
    /// None for a table without a canonical kind (kept as an [`OtherTable`]).
    kind: Option<TableKind>,
    title: String,
    unit: Option<AmountUnit>,
    grids: Vec<Grid>,
    notes: Vec<String>,
    empty: bool,
    /// Still accepting continuation grids (no unrelated text since the last grid).
    open: bool,
    /// Lines of text since the title while no grid has come: a title in a table of contents or
    /// in the narrative is followed by prose, not by its table.
    stray_lines: usize,
}

/// More lines than this between a title and a grid: the title was not a table's.
const MAX_LINES_BEFORE_GRID: usize = 6;

static UNIT_LINE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"单位[:：]\s*(万元|元)").unwrap());
static ISSUER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:编制|填报)?(?:单位|部门)[:：]\s*([^\s:：]{2,60}?)\s*(?:单位[:：]|金额单位|$)")
        .unwrap()
});
static PAGE_NUMBER: LazyLock<Regex> =
    // "— 5 —", "— 1 2—" (digits drawn apart), "第 3 页 共 20 页", "第7页，共45页", "3/20", "- 7 -"
    LazyLock::new(|| {
        Regex::new(r"^[—\-–－第\s]*\d[\d\s]*[\s—\-–－页]*(?:[，,、]?\s*(?:/|共)\s*\d+\s*页?)?$")
            .unwrap()
    });
static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(20\d{2})\s*年").unwrap());
/// A year named with the report itself: "2019年部门决算", "2020 年度单位决算表".
static REPORT_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(20\d{2})\s*年度?[^，。\n]{0,12}(?:决算|预算)").unwrap());
static STAFF: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"在职实有人数\s*(\d+)\s*人").unwrap());
static RETIREES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"离退休人员\s*(\d+)\s*人").unwrap());
static SCOPE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(部门|单位)(决算|预算)").unwrap());
/// "本单位没有…", "…无政府性基金预算财政拨款支出，故本表无数据。", "本表为空".
static EMPTY_STATEMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"本表无数据|本表为空|空表|(?:本单位|本部门)(?:没有|无)|无(?:政府性基金|国有资本经营)",
    )
    .unwrap()
});
static CODE_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{3}|\d{5}|\d{7})(?:\D|$)").unwrap());
/// A 款 printed by its two digits under the 类 above ("05行政事业单位离退休", 西安).
static RELATIVE_KUAN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d{2})\p{Han}").unwrap());
/// A unit's section in a department's consolidated table ("125001西安市安全生产监督管理局"): the
/// codes below it start again.
pub(crate) static UNIT_SECTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{6}\p{Han}").unwrap());

/// Assemble tables and metadata from laid-out pages.
pub fn build(pages: &[PageLayout]) -> (Metadata, Vec<Table>, Vec<OtherTable>, Vec<Diagnostic>) {
    let mut metadata = Metadata::default();
    let mut tables = Vec::new();
    let mut others = Vec::new();
    let mut diagnostics = Vec::new();
    let mut pending: Option<Pending> = None;
    let mut text = String::new();
    let running = running_lines(pages);
    for page in pages {
        for block in &page.blocks {
            match block {
                Block::Line(line) => {
                    let t = line.text.trim();
                    text.push_str(t);
                    text.push('\n');
                    if PAGE_NUMBER.is_match(t) || running.iter().any(|r| r == t) {
                        continue;
                    }
                    let kind = kind_of_title(t);
                    if kind.is_some() || is_other_table_title(t) {
                        if let Some(p) = pending.as_mut().filter(|p| {
                            p.kind == kind
                                && !p.grids.is_empty()
                                && (kind.is_some() || compact(&p.title) == compact(t))
                        }) {
                            p.open = true; // the title repeated on a continuation page
                            continue;
                        }
                        finish(pending.take(), &mut tables, &mut others, &mut diagnostics);
                        pending = Some(Pending {
                            kind,
                            title: t.to_string(),
                            unit: None,
                            grids: Vec::new(),
                            notes: Vec::new(),
                            empty: false,
                            open: true,
                            stray_lines: 0,
                        });
                        continue;
                    }
                    if metadata.unit.is_none()
                        && let Some(c) = ISSUER.captures(t)
                        && !matches!(&c[1], "万元" | "元")
                    {
                        metadata.unit = Some(c[1].to_string());
                    }
                    let Some(p) = pending.as_mut() else { continue };
                    if let Some(c) = UNIT_LINE.captures(t) {
                        if p.grids.is_empty() {
                            p.unit = Some(if &c[1] == "元" {
                                AmountUnit::Yuan
                            } else {
                                AmountUnit::WanYuan
                            });
                        }
                        continue;
                    }
                    let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
                    if EMPTY_STATEMENT.is_match(&compact) {
                        p.empty = true;
                        continue;
                    }
                    if p.grids.is_empty() {
                        p.stray_lines += 1;
                        if p.stray_lines > MAX_LINES_BEFORE_GRID && !p.empty {
                            pending = None;
                        }
                        continue;
                    }
                    if let Some(last) = p.grids.last() {
                        // notes: from a "注" line (or a formula) on, on the table's last page
                        let in_notes = !p.notes.is_empty() && last.page == page.number;
                        if compact.starts_with("注")
                            || compact.contains('＝')
                            || compact.contains('=')
                            || in_notes
                        {
                            p.notes.push(compact);
                        }
                        p.open = false;
                    }
                }
                Block::Grid(grid) => {
                    if let Some(p) = pending.as_mut() {
                        let continues = p.grids.last().is_none_or(|prev| same_columns(prev, grid));
                        if p.open && continues {
                            p.grids.push(grid.clone());
                        }
                    }
                }
            }
        }
    }
    finish(pending, &mut tables, &mut others, &mut diagnostics);

    let first_title = tables.first().map(|t| t.title.clone()).unwrap_or_default();
    text_metadata(&mut metadata, &text, &first_title, !tables.is_empty());
    (metadata, tables, others, diagnostics)
}

/// Running headers and footers: a line printed first or last on at least three pages (the report's
/// name over every page). They are skipped like page numbers, so that a table continuing on the
/// next page is not cut by them. Titles and "单位：" lines repeat too, but are never running lines.
fn running_lines(pages: &[PageLayout]) -> Vec<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for page in pages {
        let lines: Vec<&str> = page
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Line(l) => Some(l.text.trim()),
                Block::Grid(_) => None,
            })
            .filter(|t| !t.is_empty() && !PAGE_NUMBER.is_match(t))
            .collect();
        let mut ends: Vec<&str> = lines
            .first()
            .into_iter()
            .chain(lines.last())
            .copied()
            .collect();
        ends.dedup();
        for t in ends {
            match counts.iter_mut().find(|(s, _)| s == t) {
                Some((_, n)) => *n += 1,
                None => counts.push((t.to_string(), 1)),
            }
        }
    }
    counts
        .into_iter()
        .filter(|(t, n)| {
            *n >= 3
                && kind_of_title(t).is_none()
                && !is_other_table_title(t)
                && !UNIT_LINE.is_match(t)
                && ISSUER.captures(t).is_none()
        })
        .map(|(t, _)| t)
        .collect()
}

/// What the report's text says about itself: year, 决算/预算, 部门/单位, staff and retirees.
pub(crate) fn text_metadata(
    metadata: &mut Metadata,
    text: &str,
    first_title: &str,
    has_tables: bool,
) {
    metadata.year = YEAR
        .captures(first_title)
        .or_else(|| REPORT_YEAR.captures(text))
        .and_then(|c| c[1].parse().ok());
    metadata.doc_kind = doc_kind(text, has_tables);
    // phrases wrap across lines ("在" / "职实有人数 43 人"): read them with every break removed
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    metadata.staff = STAFF.captures(&compact).and_then(|c| c[1].parse().ok());
    metadata.retirees = RETIREES.captures(&compact).and_then(|c| c[1].parse().ok());
    metadata.scope = SCOPE.captures(&compact).map(|c| c[1].to_string());
}

/// The issuing unit named on a "单位：… 单位：万元" line, if the line names one.
pub(crate) fn issuer_of(line: &str) -> Option<String> {
    ISSUER
        .captures(line)
        .map(|c| c[1].to_string())
        .filter(|u| !matches!(u.as_str(), "万元" | "元"))
}

/// The amount unit a "单位：万元" / "单位：元" line states.
pub(crate) fn unit_of(line: &str) -> Option<AmountUnit> {
    UNIT_LINE.captures(line).map(|c| {
        if &c[1] == "元" {
            AmountUnit::Yuan
        } else {
            AmountUnit::WanYuan
        }
    })
}

/// Whether a line states that the table is empty ("本单位没有…", "本表无数据").
pub(crate) fn states_empty(line: &str) -> bool {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    EMPTY_STATEMENT.is_match(&compact)
}

/// 决算 or 预算, by which word the report uses more once the fund names that contain 预算
/// ("一般公共预算", "预算数" …) are set aside.
fn doc_kind(text: &str, has_tables: bool) -> Option<DocKind> {
    let mut t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for phrase in [
        "一般公共预算",
        "政府性基金预算",
        "国有资本经营预算",
        "预算数",
        "年初预算",
        "预算单位",
        "预算管理",
        "预算绩效",
        "预算执行",
    ] {
        t = t.replace(phrase, "");
    }
    let (finals, budgets) = (t.matches("决算").count(), t.matches("预算").count());
    if finals == 0 && budgets == 0 {
        return has_tables.then_some(DocKind::FinalAccounts);
    }
    Some(if finals >= budgets {
        DocKind::FinalAccounts
    } else {
        DocKind::Budget
    })
}

/// Whether grids carry the header words of a financial table (not a list of units or a chart).
fn looks_like_amount_table(grids: &[Grid]) -> bool {
    let words = [
        "合计",
        "项目",
        "科目",
        "决算数",
        "预算数",
        "本年",
        "支出",
        "收入",
        "栏次",
    ];
    grids.iter().any(|g| {
        let text: String = g.cells.iter().map(|c| c.text.as_str()).collect();
        words.iter().filter(|w| text.contains(*w)).count() >= 2
    })
}

/// A grid continues the previous one when it has the same column count and boundaries.
fn same_columns(prev: &Grid, next: &Grid) -> bool {
    if !(prev.ruled && next.ruled) {
        // inferred boundaries follow the text each page prints: the same number of columns
        // ending where the amounts end
        // (a page where a column is blank throughout has one column fewer)
        let right = |g: &Grid| g.xs.last().copied().unwrap_or_default();
        return next.cols() <= prev.cols() && (right(prev) - right(next)).abs() < 12.0;
    }
    prev.cols() == next.cols()
        && prev
            .xs
            .iter()
            .zip(&next.xs)
            .all(|(a, b)| (a - b).abs() < 6.0)
}

fn finish(
    pending: Option<Pending>,
    tables: &mut Vec<Table>,
    others: &mut Vec<OtherTable>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(p) = pending else { return };
    if p.grids.is_empty() && !p.empty {
        return; // a title with no table under it: a table of contents, or a mention in the text
    }
    let Some(kind) = p.kind else {
        if !p.grids.is_empty() {
            others.push(other_table(p));
        }
        return;
    };
    let unit = p.unit.unwrap_or_else(|| {
        diagnostics.push(Diagnostic::note(
            "UNIT_ASSUMED",
            Severity::Warning,
            format!(
                "{}: no \"单位：万元/元\" line; amounts taken as 万元",
                kind.as_str()
            ),
        ));
        AmountUnit::WanYuan
    });
    let mut table = Table {
        kind,
        title: p.title,
        unit,
        pages: Vec::new(),
        empty: p.empty,
        columns: Vec::new(),
        rows: Vec::new(),
        notes: p.notes,
    };
    let before = diagnostics.len();
    read_rows(&mut table, &p.grids, diagnostics);
    if table.rows.is_empty() {
        // no row with content: a stated-empty table, a blank one, or a grid that is not this table
        diagnostics.truncate(before);
        table.pages = p.grids.iter().map(|g| g.page).collect();
        table.pages.dedup();
        if !table.empty && looks_like_amount_table(&p.grids) {
            diagnostics.push(Diagnostic::note(
                "EMPTY_TABLE",
                Severity::Info,
                format!(
                    "{}: the table is printed with no amounts",
                    table.kind.as_str()
                ),
            ));
            table.empty = true;
        } else if !table.empty {
            diagnostics.push(Diagnostic::note(
                "TABLE_NOT_READ",
                Severity::Info,
                format!(
                    "\"{}\" is followed by a grid with no readable rows; no table kept",
                    table.title
                ),
            ));
            return;
        }
    }
    if tables.iter().any(|t| t.kind == table.kind) {
        diagnostics.push(Diagnostic::note(
            "DUPLICATE_TABLE",
            Severity::Warning,
            format!(
                "a second {} table ({}) was found and kept apart",
                table.kind.as_str(),
                table.title
            ),
        ));
    }
    tables.push(table);
}

/// A table without a canonical kind: every printed row, cell by cell; header rows repeated at the
/// top of a continuation page are left out.
fn other_table(p: Pending) -> OtherTable {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut header: Vec<Vec<String>> = Vec::new();
    let mut pages: Vec<usize> = Vec::new();
    for (gi, grid) in p.grids.iter().enumerate() {
        if !pages.contains(&grid.page) {
            pages.push(grid.page);
        }
        let mut in_header = true;
        for r in 0..grid.rows() {
            let row: Vec<String> = (0..grid.cols())
                .map(|c| match grid.cell_at(r, c) {
                    Some(cell) if cell.row == r && cell.col == c => {
                        cell.text.split_whitespace().collect::<Vec<_>>().join(" ")
                    }
                    _ => String::new(),
                })
                .collect();
            if row.iter().all(|t| t.is_empty()) {
                continue;
            }
            let has_money = row.iter().any(|t| looks_like_money(t));
            in_header &= !has_money;
            if gi == 0 && in_header {
                header.push(row.clone());
            } else if gi > 0 && in_header && header.contains(&row) {
                continue;
            }
            rows.push(row);
        }
    }
    OtherTable {
        title: p.title,
        unit: p.unit,
        pages,
        rows,
    }
}

/// Where a group of columns keeps its label, 行次 and amounts.
#[derive(Clone, Debug, Default)]
struct Group {
    label_cols: Vec<usize>,
    line_col: Option<usize>,
    amounts: Vec<(usize, u32)>,
}

fn integer(text: &str) -> Option<u32> {
    let t = text.trim();
    if t.is_empty() || t.len() > 3 || !t.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The 栏次 row: a row with a "栏次" cell, or whose numbered cells run 1, 2, 3… left to right.
fn numbered_row(grid: &Grid) -> Option<usize> {
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
fn header_text(grid: &Grid, below: usize, col: usize) -> String {
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
                if header_text(grid, r, c).contains("行次") {
                    current.line_col = Some(c);
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
            looks_like_money(grid.text_at(r, c))
                || CODE_ONLY.is_match(compact(grid.text_at(r, c)).as_str())
        })
    })?;
    let headers: Vec<String> = (0..grid.cols())
        .map(|c| header_text(grid, first_data, c))
        .collect();
    if !headers.iter().any(|h| h.contains("编码")) {
        return None;
    }
    let mut groups: Vec<Group> = Vec::new();
    let mut current = Group::default();
    for (c, h) in headers.iter().enumerate() {
        let last = h.chars().last();
        let is_label = h.contains("编码")
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

/// Map a previous grid's groups onto a continuation grid by column position. Between grids
/// inferred from text, an amount column is the one ending where it ended (amounts are
/// right-aligned), and one with no such column is blank on this page.
fn remap_groups(groups: &[Group], from: &Grid, to: &Grid) -> Vec<Group> {
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
        (0..to.cols()).find(|&k| (to.xs[k + 1] - end).abs() < 6.0)
    };
    groups
        .iter()
        .map(|g| Group {
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

fn row_text(grid: &Grid, r: usize) -> String {
    (0..grid.cols())
        .map(|c| compact(grid.text_at(r, c)))
        .collect::<Vec<_>>()
        .join("|")
}

/// Money as printed: has a decimal point or a thousands separator, or is a long integer (元).
fn looks_like_money(text: &str) -> bool {
    matches!(parse_amount(text), Amount::Value(_))
        && (text.contains(['.', ','])
            || text.trim().trim_start_matches('-').len() > 3 && !CODE_ONLY.is_match(text.trim()))
}

static CODE_ONLY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d{3}|\d{5}|\d{7})$").unwrap());

/// Tables that print no 栏次 (Shanghai's, many 预算): header rows end where money starts; a
/// column is a label when its header names one (项目, 科目, 名称, 编码, 类/款/项), 行次 when it
/// says so, and an amount otherwise; amounts are numbered 1, 2, … left to right.
fn groups_by_position(grid: &Grid) -> Option<(usize, Vec<Group>)> {
    let first_data = (1..grid.rows())
        .find(|&r| (0..grid.cols()).any(|c| looks_like_money(grid.text_at(r, c))))?;
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
            || rest.is_empty()
            || matches!(rest, "类" | "款" | "项");
        if header.contains("行次") {
            current.line_col = Some(c);
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
fn layout_of(kind: TableKind, grid: &Grid) -> Option<(usize, Vec<Group>, usize)> {
    if kind == TableKind::BasicExpenditure
        && let Some((r, groups)) = groups_from_code_header(grid)
    {
        return Some((r, groups, r + 1));
    }
    let r = numbered_row(grid)?;
    Some((r, groups_from_numbered(grid, r), r))
}

fn read_rows(table: &mut Table, grids: &[Grid], diagnostics: &mut Vec<Diagnostic>) {
    let mut groups: Vec<Group> = Vec::new();
    let mut reference: Option<&Grid> = None;
    let mut header_rows: Vec<String> = Vec::new();
    // per group: last 类 and 款 seen, for rows that leave them blank
    let mut inherited: Vec<(String, String)> = Vec::new();
    let mut per_group_rows: Vec<Vec<Row>> = Vec::new();
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
            groups = remap_groups(&groups, prev, grid);
            reference = Some(grid);
            (0..grid.rows())
                .find(|&r| !header_rows.contains(&row_text(grid, r)))
                .unwrap_or(grid.rows())
        } else if let Some((r, g)) = groups_by_position(grid) {
            diagnostics.push(Diagnostic::note(
                "COLUMNS_BY_POSITION",
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
                "NO_COLUMN_NUMBERS",
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
        for r in first_data_row..grid.rows() {
            for (gi, group) in groups.iter().enumerate() {
                let Some(row) =
                    read_row(table.kind, grid, r, group, &mut inherited[gi], diagnostics)
                else {
                    continue;
                };
                let rows = &mut per_group_rows[gi];
                if r == first_data_row
                    && is_label_tail(&row)
                    && !crate::keys::is_known_label(table.kind, &row.label)
                    && rows.last().is_some_and(|prev| {
                        prev.page < row.page
                            && !crate::keys::is_known_label(table.kind, &prev.label)
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
                if rows
                    .iter()
                    .any(|prev| prev.key == row.key && prev.cells == row.cells)
                {
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
    let mut cells = Vec::new();
    for &(c, n) in &group.amounts {
        let text = grid.text_at(r, c).trim().to_string();
        let value = match parse_amount(&text) {
            Amount::Value(v) => Some(v),
            Amount::Empty => None,
            Amount::NotAmount => {
                diagnostics.push(Diagnostic::note(
                    "UNPARSED_AMOUNT",
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
    if cells.iter().all(|c| c.text.is_empty()) && (key.is_empty() || borrowed || spanned_over) {
        return None;
    }
    let (level, parent) = match code.as_deref().map(str::len) {
        Some(3) => (Some(Level::Lei), None),
        Some(5) => (Some(Level::Kuan), code.as_ref().map(|c| c[..3].to_string())),
        Some(7) => (
            Some(Level::Xiang),
            code.as_ref().map(|c| c[..5].to_string()),
        ),
        _ => (None, None),
    };
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
    let is_code = |s: &str| !s.is_empty() && s.len() <= 7 && s.chars().all(|c| c.is_ascii_digit());
    let first_name = texts.iter().position(|t| !t.is_empty() && !is_code(t))?;
    let split = (first_name + 1..texts.len()).find(|&i| is_code(&texts[i]))?;
    texts[..first_name]
        .iter()
        .any(|t| is_code(t))
        .then_some(split)
}

/// A row's code and label from its label cells: "2080101" + "行政运行", "2080101行政运行" in one
/// cell, or 类 | 款 | 项 cells ("208" "01" "01"), where blank leading parts repeat the last seen.
fn read_code(texts: &[String], inherited: &mut (String, String)) -> (Option<String>, String) {
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
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
    if UNIT_SECTION.is_match(&joined) {
        *inherited = Default::default();
        return (None, joined);
    }
    if !inherited.0.is_empty()
        && let Some(c) = RELATIVE_KUAN.captures(&joined)
    {
        let code = format!("{}{}", inherited.0, &c[1]);
        inherited.1 = c[1].to_string();
        return (Some(code), joined[2..].to_string());
    }
    if let Some(c) = CODE_PREFIX.captures(&joined) {
        let code = c[1].to_string();
        let label = joined[code.len()..].to_string();
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
    fn recognises_page_numbers() {
        for p in [
            "— 5 —",
            "— 1 2—",
            "第 3 页 共 20 页",
            "第7页，共45页",
            "3/20",
            "- 7 -",
            "12",
        ] {
            assert!(PAGE_NUMBER.is_match(p), "{p}");
        }
        for t in ["208 社会保障和就业支出", "2020年度", "注：1栏"] {
            assert!(!PAGE_NUMBER.is_match(t), "{t}");
        }
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
        // a spreadsheet's "301 | 2": the 款 lost its leading zero
        assert_eq!(
            read_code(&s(&["301", "2", "津贴补贴"]), &mut inh),
            (Some("30102".into()), "津贴补贴".into())
        );
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
