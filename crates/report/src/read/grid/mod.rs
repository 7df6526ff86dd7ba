//! Laid-out pages to typed tables: attach grids to titles ([`build`]), find each grid's columns
//! ([`columns`]), read its rows ([`rows`]).

mod columns;
pub mod performance;
mod rows;

use crate::normalise::titles::{by_columns, is_other_table_title, is_table_title, kind_of_title};
use crate::read::statements::{
    is_issuer_line, is_page_number, issuer_of, states_empty, text_metadata, unit_of,
};
use columns::{compact, looks_like_money};
use juesuan_layout::{Block, Grid, PageLayout};
use juesuan_model::{
    AmountUnit, Diagnostic, DocFamily, Metadata, OtherTable, Rule, Severity, Table, TableKind,
};

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
    /// Laid out from text (see [`same_columns`]).
    from_text: bool,
}

/// More lines than this between a title and a grid: the title was not a table's (a table of
/// contents, a mention in the narrative). In the corpus, realworld and realworld2 a table's grid
/// follows its title after at most 2 lines (a "公开表1" number, the unit line); 6 leaves room.
const MAX_LINES_BEFORE_GRID: usize = 6;

/// A line printed first or last on at least this many pages is a running header or footer (the
/// report's name over every page: 烟台财政局 2026, 西安安监局 2019; corpus h04, h05).
const RUNNING_LINE_PAGES: usize = 3;

/// How far the column boundaries of a ruled grid may move and it still continue the table of the
/// page before. In the corpus and the 62 department reports of realworld and realworld2,
/// continuing grids differ by at most 0.3 pt and the grids of other tables by more than 20 pt;
/// 6 sits in that gap. (Government-wide reports shift by 3–9 pt: 泰安, 威海 2025.)
const RULED_CONTINUATION_PT: f32 = 6.0;

/// How far the right end of a grid inferred from alignment (a borderless table: the end of its
/// last amount column) may move between pages. Set on the borderless corpus (h11–h13, modelled on
/// 上海 Excel exports and 西安 2019); the most a real continuation moves is 3.4 pt (江苏 2018
/// 预算, realworld2 d0012).
const INFERRED_CONTINUATION_PT: f32 = 12.0;

/// Assemble tables and metadata from laid-out pages.
pub fn build(pages: &[PageLayout]) -> (Metadata, Vec<Table>, Vec<OtherTable>, Vec<Diagnostic>) {
    build_with(pages, false)
}

/// As [`build`], for pages laid out from text (`layout_text`): see [`same_columns`].
pub fn build_text(
    pages: &[PageLayout],
) -> (Metadata, Vec<Table>, Vec<OtherTable>, Vec<Diagnostic>) {
    build_with(pages, true)
}

fn build_with(
    pages: &[PageLayout],
    from_text: bool,
) -> (Metadata, Vec<Table>, Vec<OtherTable>, Vec<Diagnostic>) {
    let mut metadata = Metadata::default();
    let mut tables = Vec::new();
    let mut others = Vec::new();
    let mut diagnostics = Vec::new();
    let mut pending: Option<Pending> = None;
    let mut text = String::new();
    let running = running_lines(pages);
    // the first page with text (a scanned or drawn cover has none)
    let first_page: String = pages
        .iter()
        .map(|p| {
            p.blocks
                .iter()
                .filter_map(|b| match b {
                    Block::Line(l) => Some(l.text.as_str()),
                    Block::Grid(_) => None,
                })
                .collect::<String>()
        })
        .find(|text| !text.trim().is_empty())
        .unwrap_or_default();
    let family = crate::normalise::government::family_of(&first_page);
    let government = family == DocFamily::Government;
    metadata.family = Some(family);
    // a government-wide report's tables are not the department tables of the same names: they
    // are titled, but get no kind
    let kind_of = |title: &str| {
        if government {
            crate::normalise::government::kind_of_title(title)
        } else {
            kind_of_title(title)
        }
    };
    for page in pages {
        // the line before, while no grid came between: the first half of a title wrapped over
        // two lines ("公开09表：“三公”经费、会议费、培训费" / "支出预算表")
        let mut previous_line: Option<&str> = None;
        for block in &page.blocks {
            match block {
                Block::Line(line) => {
                    let t = line.text.trim();
                    text.push_str(t);
                    text.push('\n');
                    if is_page_number(t) || running.iter().any(|r| r == t) {
                        continue;
                    }
                    let before = previous_line.replace(t);
                    if crate::normalise::performance::is_title(t) {
                        // a performance table (read apart as evaluations) ends the one before
                        finish(pending.take(), &mut tables, &mut others, &mut diagnostics);
                        continue;
                    }
                    let mut kind = kind_of(t);
                    let mut title = t.to_string();
                    if let Some(first_half) = before.filter(|b| {
                        kind_of_title(b).is_none() && !is_table_title(b) && unit_of(b).is_none()
                    }) {
                        let joined = format!("{first_half}{t}");
                        if let Some(k) = kind_of(&joined).filter(|k| Some(*k) != kind) {
                            kind = Some(k);
                            title = joined;
                        }
                    }
                    let t = title.as_str();
                    let titled =
                        kind_of_title(t).is_some() || is_other_table_title(t) || is_table_title(t);
                    if titled {
                        // (a government-wide report prints one kind per level and year:
                        // only its very title repeats)
                        let by_kind = kind.is_some_and(|k| !k.is_government());
                        if let Some(p) = pending.as_mut().filter(|p| {
                            p.kind == kind
                                && !p.grids.is_empty()
                                && (by_kind || compact(&p.title) == compact(t))
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
                            from_text,
                        });
                        continue;
                    }
                    if metadata.unit.is_none()
                        && let Some(issuer) = issuer_of(t)
                    {
                        metadata.unit = Some(issuer);
                    }
                    let Some(p) = pending.as_mut() else { continue };
                    if let Some(unit) = unit_of(t) {
                        if p.grids.is_empty() {
                            p.unit = Some(unit);
                        }
                        continue;
                    }
                    let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
                    if states_empty(&compact) {
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
                    previous_line = None;
                    if let Some(p) = pending.as_mut() {
                        let continues = p.grids.last().is_none_or(|prev| {
                            // (a department's summary keeps its positions' rule: a
                            // continuation page of the two-sided summaries starts with the
                            // wrapped tails of names, which the order of its columns does
                            // not place; other tables' rows are keyed by their codes and
                            // checked by the identities between them)
                            let unit_first = !p.kind.is_some_and(|k| k.is_government())
                                && p.grids.first().is_some_and(unit_column_first);
                            let summary = p.kind.is_some_and(|k| {
                                matches!(k, TableKind::Summary | TableKind::FiscalSummary)
                            });
                            same_columns(prev, grid, from_text && !summary, unit_first)
                        });
                        if p.open && continues {
                            p.grids.push(grid.clone());
                        }
                    }
                }
            }
        }
    }
    finish(pending, &mut tables, &mut others, &mut diagnostics);
    if government {
        // only tables left unread make the report partial
        diagnostics.push(Diagnostic::note(
            Rule::GovernmentReport,
            if others.is_empty() {
                Severity::Info
            } else {
                Severity::Warning
            },
            format!(
                "a government-wide report (总预算/总决算, 预算执行, 债务): {} tables read as government kinds, {} kept as other tables (cell by cell: both sides, by region or project, balances, or a second table of a kind and level)",
                tables.len(),
                others.len()
            ),
        ));
    }

    let first_title = tables.first().map(|t| t.title.clone()).unwrap_or_default();
    text_metadata(&mut metadata, &text, &first_title, !tables.is_empty());
    if government && !tables.is_empty() {
        // a debt table's 预算数/执行数 are a budget report's (执行 is the year's estimate); a
        // 决算 says so ("决算数", "决算情况表")
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let in_tables = tables.iter().any(|t| {
            t.columns.iter().any(|c| c.header.contains("决算"))
                || t.rows.iter().any(|r| r.label.contains("决算"))
        });
        metadata.doc_kind = Some(if compact.contains("决算") || in_tables {
            juesuan_model::DocKind::FinalAccounts
        } else {
            juesuan_model::DocKind::Budget
        });
    }
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
            .filter(|t| !t.is_empty() && !is_page_number(t))
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
            *n >= RUNNING_LINE_PAGES
                && kind_of_title(t).is_none()
                && !is_other_table_title(t)
                && unit_of(t).is_none()
                && !is_issuer_line(t)
        })
        .map(|(t, _)| t)
        .collect()
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

/// A grid continues the previous one when it has the same column count and boundaries. Text
/// laid out page by page (`from_text`, `pdftotext -layout`) sets each page's columns by what
/// that page prints, so there a grid on a later page continues one with as many columns
/// wherever its columns end (its rows are mapped by the columns' order, see
/// `columns::remap_groups_by_order`, and the identities check them), or with one column fewer
/// where the table prints a 预算单位 column first (`unit_first`): a page naming no unit leaves
/// it out.
fn same_columns(prev: &Grid, next: &Grid, from_text: bool, unit_first: bool) -> bool {
    if !(prev.ruled && next.ruled) {
        let fewer = prev.cols() - next.cols().min(prev.cols());
        if from_text && next.page != prev.page && (fewer == 0 || (fewer == 1 && unit_first)) {
            return true;
        }
        // inferred boundaries follow the text each page prints: the same number of columns
        // ending where the amounts end
        // (a page where a column is blank throughout has one column fewer)
        let right = |g: &Grid| g.xs.last().copied().unwrap_or_default();
        return next.cols() <= prev.cols()
            && (right(prev) - right(next)).abs() < INFERRED_CONTINUATION_PT;
    }
    prev.cols() == next.cols()
        && prev
            .xs
            .iter()
            .zip(&next.xs)
            .all(|(a, b)| (a - b).abs() < RULED_CONTINUATION_PT)
}

/// Whether a table's first grid heads its first column as the 预算单位 (the unit each row is of).
fn unit_column_first(first: &Grid) -> bool {
    (0..first.rows().min(4)).any(|r| columns::is_entity_header(&compact(first.text_at(r, 0))))
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
            others.push(other_table(p.title, p.unit, &p.grids));
        }
        return;
    };
    let unit = p.unit.unwrap_or_else(|| {
        diagnostics.push(Diagnostic::note(
            Rule::UnitAssumed,
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
    rows::read_rows(&mut table, &p.grids, p.from_text, diagnostics);
    let headers: Vec<&str> = table.columns.iter().map(|c| c.header.as_str()).collect();
    table.kind = by_columns(table.kind, &headers);
    // a government-wide report prints a table for the whole region and for the government's own
    // budget (全省, 省本级): the level its title names is the rows' entity
    let level = kind
        .is_government()
        .then(|| crate::normalise::government::level_of_title(&table.title));
    if let Some(level) = &level {
        for row in table.rows.iter_mut().filter(|r| r.entity.is_empty()) {
            row.entity = level.clone();
        }
        // a rule drawn through the amounts cuts them in two ("1,694" | ",727", 江苏 2023): no
        // amount of the table can be trusted
        let cut = table.rows.iter().flat_map(|r| r.cells.iter()).find(|c| {
            let t = c.text.trim();
            t.starts_with([',', '，']) || t.ends_with([',', '，'])
        });
        // an amount where the label should be: the columns were not told apart (江苏 2018)
        let amount_as_label = table.rows.iter().find(|r| {
            r.code.is_none()
                && matches!(
                    crate::normalise::amount::parse_amount(&r.label),
                    crate::normalise::amount::Amount::Value(_)
                )
        });
        // a heading holding a run of digits (not a year): rows ran into the header, so which
        // column an amount is in is not known (河北 2021)
        let digits_in_header = table.columns.iter().find(|c| {
            let mut run = 0;
            let mut longest = 0;
            let without_years = c.header.replace('年', " ");
            for ch in without_years.chars() {
                run = if ch.is_ascii_digit() { run + 1 } else { 0 };
                longest = longest.max(run);
            }
            longest >= 6
        });
        if let Some(text) = cut
            .map(|c| c.text.trim())
            .or(amount_as_label.map(|r| r.label.as_str()))
            .or(digits_in_header.map(|c| c.header.as_str()))
        {
            let cell = text.to_string();
            diagnostics.truncate(before);
            diagnostics.push(Diagnostic::note(
                Rule::TableNotRead,
                Severity::Warning,
                format!(
                    "\"{}\": its amounts are cut apart or stand where its labels should (\"{}\"); kept as an other table, without facts",
                    table.title, cell
                ),
            ));
            others.push(other_table(table.title, p.unit, &p.grids));
            return;
        }
        let dropped = crate::normalise::government::drop_unlabelled_rows(&mut table);
        if dropped > 0 {
            diagnostics.push(Diagnostic::note(
                Rule::TableNotRead,
                Severity::Warning,
                format!(
                    "\"{}\": {dropped} rows print amounts without a label (the page prints its labels apart from its amounts); they were left out",
                    table.title
                ),
            ));
        }
        if table.rows.is_empty() && dropped > 0 {
            others.push(other_table(table.title, p.unit, &p.grids));
            return;
        }
    }
    if table.rows.is_empty() {
        // no row with content: a stated-empty table, a blank one, or a grid that is not this table
        diagnostics.truncate(before);
        table.pages = p.grids.iter().map(|g| g.page).collect();
        table.pages.dedup();
        if !table.empty && looks_like_amount_table(&p.grids) {
            diagnostics.push(Diagnostic::note(
                Rule::EmptyTable,
                Severity::Info,
                format!(
                    "{}: the table is printed with no amounts",
                    table.kind.as_str()
                ),
            ));
            table.empty = true;
        } else if !table.empty {
            diagnostics.push(Diagnostic::note(
                Rule::TableNotRead,
                Severity::Info,
                format!(
                    "\"{}\" is followed by a grid with no readable rows; no table kept",
                    table.title
                ),
            ));
            return;
        }
    }
    let same_level = |t: &Table| match &level {
        Some(level) => t.rows.first().is_none_or(|r| r.entity == *level),
        None => true,
    };
    if tables.iter().any(|t| t.kind == table.kind && same_level(t)) {
        // two tables of one kind would give facts with the same keys, and identities checked
        // against the wrong one: the second is kept cell by cell, without facts
        diagnostics.truncate(before);
        diagnostics.push(Diagnostic::note(
            Rule::DuplicateTable,
            Severity::Warning,
            format!(
                "a second {} table (\"{}\") was found; kept as an other table, without facts",
                table.kind.as_str(),
                table.title
            ),
        ));
        if !p.grids.is_empty() {
            others.push(other_table(table.title, p.unit, &p.grids));
        }
        return;
    }
    tables.push(table);
}

/// A table without a canonical kind: every printed row, cell by cell; header rows repeated at the
/// top of a continuation page are left out.
fn other_table(title: String, unit: Option<AmountUnit>, grids: &[Grid]) -> OtherTable {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut header: Vec<Vec<String>> = Vec::new();
    let mut pages: Vec<usize> = Vec::new();
    for (gi, grid) in grids.iter().enumerate() {
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
        title,
        unit,
        pages,
        rows,
    }
}

#[cfg(test)]
mod continuation_tests {
    use super::*;

    fn grids(text: &str) -> Vec<Grid> {
        juesuan_layout::layout_text(text)
            .into_iter()
            .flat_map(|p| p.blocks)
            .filter_map(|b| match b {
                Block::Grid(g) => Some(g),
                Block::Line(_) => None,
            })
            .collect()
    }

    #[test]
    fn a_text_page_continues_a_grid_of_as_many_columns_wherever_they_end() {
        let row =
            |name: &str, pad: &str| format!("{name}{pad}1,000.00{pad}2,000.00{pad}3,000.00\n");
        let wide = "            ";
        let page1: String = ["税收收入", "增值税额", "所得税额", "契税收入"]
            .iter()
            .map(|n| row(n, wide))
            .collect();
        let page2: String = ["其他收入", "收入合计", "转移收入"]
            .iter()
            .map(|n| row(n, "   "))
            .collect();
        let g = grids(&format!("{page1}\u{c}{page2}"));
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].cols(), g[1].cols());
        // -layout set the second page narrower: only text's rule continues it
        assert!(!same_columns(&g[0], &g[1], false, false));
        assert!(same_columns(&g[0], &g[1], true, false));
    }

    #[test]
    fn a_text_page_naming_no_unit_continues_a_table_by_unit_without_its_unit_column() {
        let page1 = "\
                                 支出总表
单位：青山县卫生健康委员会                                              单位：万元
        预算单位         科目编码         科目名称        支出总计          基本支出          项目支出
青山县卫生健康委员会                                     300.00        200.00        100.00
  青山县卫生健康委员会（本级）                               300.00        200.00        100.00
                   201       一般公共服务支出          150.00        100.00         50.00
                   20101     人大事务               150.00        100.00         50.00
                   2010101   行政运行               150.00        100.00         50.00
";
        // -layout prints the next page by what it holds: no unit, so no unit column, and
        // narrower columns
        let page2 = "\
205       教育支出         150.00   100.00   50.00
20502     普通教育         150.00   100.00   50.00
2050201   学前教育         150.00   100.00   50.00
";
        let pages = juesuan_layout::layout_text(&format!("{page1}\u{c}{page2}"));
        let (_, tables, _, _) = build_text(&pages);
        // the header repeated over the next page, its words set apart otherwise
        let repeated = format!(
            "{page1}\u{c}预算单位  科目编码  科目名称  支出总计  基本支出  项目支出\n{page2}"
        );
        let (_, again, _, _) = build_text(&juesuan_layout::layout_text(&repeated));
        let rows = |t: &[Table]| -> Vec<(String, String)> {
            t.iter()
                .filter(|t| t.kind == TableKind::Expenditure)
                .flat_map(|t| &t.rows)
                .map(|r| (r.key.clone(), r.label.clone()))
                .collect()
        };
        assert_eq!(rows(&again), rows(&tables));
        let table = tables
            .iter()
            .find(|t| t.kind == TableKind::Expenditure)
            .expect("the table");
        let row = table
            .rows
            .iter()
            .find(|r| r.key == "2050201")
            .expect("the second page's rows");
        assert_eq!(row.entity, "青山县卫生健康委员会（本级）");
        assert_eq!(row.label, "学前教育");
        let amounts: Vec<(u32, String)> = row
            .cells
            .iter()
            .map(|c| (c.column, c.text.clone()))
            .collect();
        assert_eq!(
            amounts,
            [(1, "150.00"), (2, "100.00"), (3, "50.00")].map(|(n, t)| (n, t.to_string()))
        );
        // read as pages are, the second page is not the table's
        let (_, tables, _, _) = build(&pages);
        assert!(
            tables
                .iter()
                .all(|t| t.rows.iter().all(|r| r.key != "2050201"))
        );
    }

    #[test]
    fn a_text_page_continues_a_coded_table_with_dashes_for_its_blank_cells() {
        let page1 = "\
                                 支出总表
单位：某局                                                        单位：万元
        科目编码         科目名称        支出总计          基本支出          项目支出
        201       一般公共服务支出          150.00        100.00         50.00
        20101     人大事务               150.00        100.00         50.00
        2010101   行政运行               150.00        100.00         50.00
";
        // the last rows on the next page, which -layout set narrower, a dash for a blank cell
        let page2 = "\
205     教育支出    150.00   150.00   -
20502   普通教育    150.00   150.00   -
";
        let pages = juesuan_layout::layout_text(&format!("{page1}\u{c}{page2}"));
        let (_, tables, _, _) = build_text(&pages);
        let table = tables
            .iter()
            .find(|t| t.kind == TableKind::Expenditure)
            .expect("the table");
        let row = table
            .rows
            .iter()
            .find(|r| r.key == "20502")
            .expect("the second page's rows");
        assert_eq!(row.label, "普通教育");
        let amounts: Vec<(u32, String)> = row
            .cells
            .iter()
            .filter(|c| c.value.is_some())
            .map(|c| (c.column, c.text.clone()))
            .collect();
        assert_eq!(
            amounts,
            [(1, "150.00"), (2, "150.00")].map(|(n, t)| (n, t.to_string()))
        );
    }

    #[test]
    fn columns_are_mapped_by_order_only_where_every_cell_fits_its_column() {
        let pad = "            ";
        let coded: String = [
            ("201", "一般公共服务支出"),
            ("20101", "人大事务事务事"),
            ("2010101", "行政运行运行运"),
            ("205", "教育支出支出支"),
        ]
        .iter()
        .map(|(code, name)| format!("{code:<15}{name}{pad}1,000.00{pad}2,000.00\n"))
        .collect();
        let named: String = ["税收收入", "增值税额", "所得税额", "契税收入"]
            .iter()
            .map(|n| format!("{n}{pad}1,000.00{pad}2,000.00\n"))
            .collect();
        let (wide, narrow) = (&grids(&coded)[0], &grids(&named)[0]);
        assert_eq!((wide.cols(), narrow.cols()), (4, 3));
        let group = columns::Group {
            entity_col: None,
            label_cols: vec![0, 1],
            line_col: None,
            amounts: vec![(2, 1), (3, 2)],
        };
        let same = columns::remap_groups_by_order(std::slice::from_ref(&group), wide, wide);
        assert_eq!(
            same.map(|m| m[0].amounts.clone()),
            Some(vec![(2, 1), (3, 2)])
        );
        // names where the order puts amounts: not mapped by order
        let names_over_amounts = columns::Group {
            label_cols: vec![0],
            amounts: vec![(1, 1), (2, 2)],
            ..group.clone()
        };
        assert!(columns::remap_groups_by_order(&[names_over_amounts], wide, wide).is_none());
        // a column fewer is a leading unit column left out, or not mapped by order
        let unit_first = columns::Group {
            entity_col: Some(0),
            label_cols: vec![1],
            ..group.clone()
        };
        let fewer = columns::remap_groups_by_order(&[unit_first], wide, narrow).unwrap();
        assert_eq!(fewer[0].entity_col, None);
        assert_eq!(fewer[0].label_cols, vec![0]);
        assert_eq!(fewer[0].amounts, vec![(1, 1), (2, 2)]);
        assert!(columns::remap_groups_by_order(&[group], wide, narrow).is_none());
    }
}

#[cfg(test)]
mod repeated_heading_tests {
    use super::*;

    #[test]
    fn a_text_page_repeats_the_headings_without_the_unit_statement_joined_to_them() {
        // -layout set "单位：万元" close over the first page's headings, and it joined a heading
        // cell; the next page repeats the headings without it
        let text = "\
云泽省2024年全省财政总决算
\u{c}       1 云泽省2024年全省一般公共预算收入决算表
                                                        单位：万元
                                                决算数为 比上年决
     项 目      预算数         调整预算数       决算数 调整预算 算数增
                                                 数的% 长%
一、税收收入        8,670,982   8,624,081   9,122,845 105.8      21.9
  增值税         2,762,692   2,734,097   2,955,161 108.1      28.2
  企业所得税       1,019,263   1,019,263   1,167,703 114.6      23.8
\u{c}                                                  决算数为 比上年决
    项 目             预算数     调整预算数       决算数 调整预算 算数增
                                                   数的% 长%
国有资本经营收入          150,778    150,778      143,649    95.3 -2.3
国有资源(资产)有偿使用收入    954,888    954,888    1,034,417 108.3   19.3
政府住房基金收入          103,443    103,443       99,711    96.4 -5.0
其他收入              368,949    368,949      322,192    87.3 16.1
 本年收入合计        11,951,761 11,930,089   12,283,640 103.0   19.3
";
        let (_, tables, _, _) = build_text(&juesuan_layout::layout_text_whole(text));
        let table = tables
            .iter()
            .find(|t| t.kind == TableKind::GovGeneralRevenue)
            .expect("the table");
        let labels: Vec<&str> = table.rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "一、税收收入",
                "增值税",
                "企业所得税",
                "国有资本经营收入",
                "国有资源(资产)有偿使用收入",
                "政府住房基金收入",
                "其他收入",
                "本年收入合计"
            ]
        );
    }
}
