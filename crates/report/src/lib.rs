//! Laid-out pages (or a text dump) to a typed, validated [`Document`]: the normalisation stage of
//! juesuan.
//!
//! Tables are recognised by their titles, read through their 栏次 row (or their 科目编码 header
//! where no 栏次 is printed), and every row gets its canonical key; performance tables (绩效自评表,
//! 绩效目标表) become evaluations. Then the identities the tables state, and the evaluations'
//! arithmetic, are checked ([`validate`]); each result is a [`Diagnostic`](juesuan_model::Diagnostic).
//!
//! # Modules, in three layers
//!
//! Imports run one way: a reader imports normalisation and the identities table; checks import
//! normalisation; normalisation imports neither (a test keeps it so). Data flows the same way at
//! run time: a reader's tables are normalised (keys), then checked.
//!
//! | module | owns | imports |
//! | --- | --- | --- |
//! | `read::grid` | laid-out pages → tables: titles to grids (`build`), a grid's columns (`columns`), its rows (`rows`) | normalise, `read::statements` |
//! | `read::text` | text dumps → tables: the dump's tables (`mod`), laid-out text's page furniture and names wrapped around code lines settled for the tokens (`laid_out`), the summaries' wrapped names joined to their 行次 lines (`summary_wraps`), tokens and rows (`rows`), amounts placed by the identities (`placement`), what text cannot give (`apart`), names text printed out of place put back by the other tables' (`names`) | normalise, `validate::identities`, `read::statements`, `read::narrative` |
//! | `read::grid::performance` | laid-out pages → 绩效自评表/绩效目标表 as `Evaluation`s: forms and lists, by their header words and cell positions, continued over pages | normalise |
//! | `read::text::performance` | text dumps → self-evaluations: labels, the 预算执行情况 numbers, indicators by their weights and scores | normalise |
//! | `read::statements` | what a report's lines say, for both readers: unit line, issuer, stated-empty tables, page numbers, year/决算/预算/scope/staff | model |
//! | `read::narrative` | figures the 情况说明 states, with their section, subject, measure and canonical key (a 类 named in words found among the tables' rows); the 三公 figures the text reader places amounts by | `normalise::{amount, titles, performance}`, model |
//! | `normalise::amount` | printed amounts → exact decimals | — |
//! | `normalise::codes` | 科目编码 (what is a code, its level and parent) and standard 栏次 widths | `normalise::amount` |
//! | `normalise::titles` | table titles → kinds, titles of tables without a kind | model |
//! | `normalise::keys` | labels and headers → canonical line and column keys (data in `keys/*.tsv`) | `normalise::codes` |
//! | `normalise::performance` | what performance tables print: weights in names, scores, targets and achieved values (number, unit, comparison), ☑/□ choices, their titles and labels | `normalise::amount` |
//! | `normalise::entities` | which unit a row belongs to (unit headings), which row totals a department's units | model |
//! | `normalise::government` | the family of a document (department/unit or government-wide), from its first page; the government kinds' titles and lines (debt balance tables); a government-wide report's tables never get a department kind | model |
//! | `validate` | [`validate::validate`]: every identity of a document, evaluated | its submodules |
//! | `validate::identities` | the identities table: column formulas by 栏次 and by key, 三公 parts, cross-table links (`LINKS`), parts (`PARTS`); `resolve`: links on the tables in hand, for checking and for placing | `normalise::{codes, keys}` |
//! | `validate::tables` | `ROW_SUM` and `HIERARCHY` within one table | identities, `normalise::{codes, entities}` |
//! | `validate::lines` | `LINE_FORMULA` of the summary tables | model |
//! | `validate::notes` | `NOTE_FORMULA`, `NOTE_MISMATCH` | identities |
//! | `validate::cross` | `CROSS_TABLE`: the checked links | identities |
//! | `validate::evaluate` | both sides of an identity in exact decimals, and the rounding allowed | identities |
//! | `validate::narrative` | `NARRATIVE_*`: stated amounts against their cells, stated shares and rates against the stated figures, to the printed precision | model |
//! | `validate::government` | `GOV_DEBT_LIMIT`: a debt table's year-end balance within its limit | model |
//! | `validate::performance` | `PERF_*`: the evaluations' arithmetic (执行率, 得分, weights, 总分) to the printed precision, and the 整体 evaluation against the summary table | model |
//! | `document` | a reader's tables → a [`Document`]: keys, repeated keys, `MISSING_TABLE`, validation, text tables that break identities left out | all layers |
//!
//! # Where a new concern goes
//!
//! - A new way in (another input form): a reader under `read/`, producing `Table`s; it may use
//!   `normalise`, `read::statements` and `validate::identities`, never another reader.
//! - A new table kind: the kind in `juesuan_model::TableKind` (in `ALL`; in `REQUIRED` only if every
//!   决算 must print it), its title in `normalise::titles`, its keys in `keys/*.tsv`, its
//!   formulas in `validate::identities`.
//! - A new check: an identity builder in `validate/` called from [`validate::validate`], its data
//!   in `validate::identities`; a new rule code in `juesuan_model::Rule`.
//! - Rooms waiting for their concern: more government kinds (`normalise::government` decides the
//!   family and has the debt tables; 收支执行, 分地区, 还本付息 tables are still other tables).
//!
//! Every rule code a diagnostic can carry is a [`juesuan_model::Rule`], with its meaning
//! (listed in `docs/rules.md`, generated from it).

mod document;
mod normalise;
mod read;
pub mod validate;

#[cfg(test)]
mod test_support;

pub use normalise::keys;

use juesuan_layout::PageLayout;
use juesuan_model::{Document, Metadata, PageInfo};

pub use juesuan_model as model;

/// Build the document of one source from its laid-out pages.
pub fn read_document(
    source: &str,
    pages: &[PageLayout],
    page_info: Vec<PageInfo>,
    base: Metadata,
) -> Document {
    let (metadata, tables, other_tables, mut diagnostics) = read::grid::build(pages);
    let (evaluations, findings) = read::grid::performance::read(pages);
    diagnostics.extend(findings);
    let mut doc = document::finish(
        source,
        metadata,
        tables,
        evaluations,
        diagnostics,
        page_info,
        base,
    );
    doc.other_tables = other_tables;
    let lines: Vec<(usize, &str)> = pages
        .iter()
        .flat_map(|p| {
            p.blocks.iter().filter_map(move |b| match b {
                juesuan_layout::Block::Line(l) => Some((p.number, l.text.as_str())),
                juesuan_layout::Block::Grid(_) => None,
            })
        })
        .collect();
    document::with_narrative(doc, &lines)
}

/// Build the document of a report that arrives as text (a pdftotext dump, copied text): the same
/// tables, keys and identities, reassembled without positions (see the `text` module).
///
/// Text has lost the positions that tie an amount to its row, so a table from text is kept only
/// when every identity it takes part in holds; one that breaks an identity is left out
/// (`TEXT_TABLE_UNVERIFIED`) rather than passed on with amounts in the wrong rows.
pub fn read_text_document(source: &str, text: &str) -> Document {
    use juesuan_model::{Diagnostic, Rule, Severity, Table, TableKind};
    // full-width digits and their marks ("３１，４７８．２５", text from a GBK font) as ASCII, and
    // Kangxi radicals as their ideographs ("⽀出" as 支出, as the PDF reading folds them), one
    // character for one: laid out, they still stand where the page printed them
    let folded: String = text
        .split('\n')
        .map(|l| {
            read::text::fold_number_marks(
                &l.chars()
                    .map(|c| juesuan_pdf::fold_char(normalise::amount::fold_digit(c)))
                    .collect::<String>(),
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    let laid_out = juesuan_layout::looks_laid_out(&folded);
    let text = if laid_out { folded.as_str() } else { text };
    let (evaluations, findings) = read::text::performance::read(text);
    if !laid_out {
        let (metadata, tables, mut diagnostics) = read::text::read_text(text, false, &[]);
        diagnostics.extend(findings);
        return document::finish_text(source, text, metadata, tables, evaluations, diagnostics);
    }
    // Text laid out with spaces (`pdftotext -layout`): its spaces are positions, so it is read as
    // a page is (glyphs at their character columns, grids inferred from alignment). Per table the
    // positional reading is taken where every identity it takes part in holds, else the token
    // reading; either way finish_text leaves out a table that still breaks one.
    let pages = juesuan_layout::layout_text_whole(text);
    let (grid_metadata, mut grid_tables, other_tables, grid_diagnostics) =
        read::grid::build_text(&pages);
    // the grids as inferred, also those that cut a number apart (their amounts are not taken,
    // see layout_text_whole): their names are still what the positions give, to check the
    // token reading's against
    let mut named = read::grid::build_text(&juesuan_layout::layout_text(text)).1;
    for table in grid_tables.iter_mut().chain(&mut named) {
        read::text::join_wrapped_tails(table);
        read::text::restore_centred_heads(table);
    }
    // headings are where -layout text is least in place (wrapped and squeezed together): a table
    // printing its kind's standard 栏次 is keyed by them, as the token reading keys it
    // (a table printing other columns than its kind's standard ones is known only by its
    // headings: its positional reading is keyed by them unless text squeezed the headings of
    // several columns into one, see read::text::headings)
    let mut by_headings: Vec<TableKind> = Vec::new();
    // (the government-wide tables whose headings text printed where they prove their columns)
    let mut settled: Vec<TableKind> = Vec::new();
    for table in &mut grid_tables {
        if table.kind.is_government() {
            read::text::government::rejoin_wrapped(table);
            read::text::government::restack_headings(table, text);
            if read::text::government::settle_region_headings(table, text) {
                settled.push(table.kind);
            }
        }
        let width = normalise::codes::standard_width(table.kind);
        if width > 0 && table.columns.iter().map(|c| c.number).max() == Some(width) {
            for column in &mut table.columns {
                column.header.clear();
            }
            // (a 三公 table numbering its sides interleaved is keyed by that numbering)
            if table.kind == TableKind::ThreePublic
                && read::text::three_public::prints_interleaved(text)
            {
                read::text::three_public::head_interleaved(table);
            }
            read::text::three_public::place_under_numbers(table, text);
        } else if width > 0 && table.kind != TableKind::BasicExpenditure {
            // (basic_expenditure's groups are its 栏次, standard or not)
            by_headings.push(table.kind);
            read::text::three_public::place_by_leaves(table, text);
            read::text::headings::place_by_stacked_headings(table, text);
            read::text::headings::split_joined(table, text);
            read::text::headings::one_side(table);
            read::text::headings::drop_empty_twins(table);
        }
    }
    let (grid_evaluations, grid_findings) = read::grid::performance::read(&pages);
    /// The kinds of these tables that have rows, break no identity and have every line and
    /// column key known (an unknown one is a heading or a name the text put out of place).
    /// An identity on a row of `left_out` (the token reading left its undecidable amounts out)
    /// breaks without a cell out of place, and is not held against any table, as `finish_text`
    /// does.
    /// The tables finished with every check run on them, as `holding` and the government gate
    /// read them.
    fn checked(source: &str, metadata: &Metadata, tables: &[Table]) -> Document {
        document::finish(
            source,
            metadata.clone(),
            tables.to_vec(),
            Vec::new(),
            Vec::new(),
            Vec::new(),
            Metadata::default(),
        )
    }
    fn holding(
        doc: &Document,
        tables: &[Table],
        left_out: &[(TableKind, String)],
    ) -> Vec<TableKind> {
        let failing: Vec<TableKind> = doc
            .diagnostics
            .iter()
            .filter(|d| d.rule.is_identity() && d.severity == Severity::Error)
            .filter(|d| {
                !d.cells
                    .iter()
                    .any(|c| left_out.iter().any(|(k, r)| *k == c.table && *r == c.row))
            })
            .flat_map(|d| d.cells.iter().map(|c| c.table))
            .chain(tables.iter().map(|t| t.kind).filter(|k| {
                doc.diagnostics.iter().any(|d| {
                    matches!(d.rule, Rule::UnknownLine | Rule::UnknownColumn)
                        && d.message.starts_with(&format!("{}:", k.as_str()))
                })
            }))
            .collect();
        tables
            .iter()
            .filter(|t| !t.rows.is_empty() && !failing.contains(&t.kind))
            .map(|t| t.kind)
            .collect()
    }
    /// What shows a table read from laid-out text to be out of place although its identities
    /// hold: a page number or 行次 in a name ("1行政运行", "事业运行—3—"), a 行次 read as an
    /// amount, or a name the other reading gives otherwise (a wrapped name joined to the
    /// wrong row) unless both readings give it in another table, or a name other tables give
    /// otherwise (a code is one name throughout a report).
    fn suspect(
        table: &Table,
        other: Option<&Table>,
        agreed: &[(String, String)],
        given: &[(TableKind, String, String)],
    ) -> Option<String> {
        let summary = matches!(table.kind, TableKind::Summary | TableKind::FiscalSummary);
        // a table by unit prints each unit's line (its name and totals) above the unit's coded
        // rows: a coded row of a unit without its line took a piece of a wrapped unit name
        // ("青山县卫生健康委员会综合服务中" over "心") for the unit
        let units: Vec<&String> = table
            .rows
            .iter()
            .filter(|r| r.code.is_none())
            .map(|r| &r.entity)
            .collect();
        if let Some(row) = table
            .rows
            .iter()
            .find(|r| r.code.is_some() && !r.entity.is_empty() && !units.contains(&&r.entity))
        {
            return Some(format!(
                "row {} is of the unit \"{}\", whose line the table does not print",
                row.key, row.entity
            ));
        }
        for row in &table.rows {
            if ["科目编码", "科目名称"]
                .iter()
                .any(|w| row.label.contains(w))
            {
                return Some(format!("the name \"{}\" holds a heading", row.label));
            }
            // (a government table's lines name their years: "2024年末…余额")
            // (a unit's own line names the unit by its code: "197001白沙市卫生健康委员会")
            let name = if table.kind.is_government() {
                read::text::government::without_years(&row.label)
            } else if row.code.is_none()
                && row.label == row.entity
                && normalise::entities::is_unit_section(&row.label)
            {
                let digits = row.label.chars().take_while(char::is_ascii_digit).count();
                let code_len = if digits == 6 { 6 } else { 0 };
                row.label.chars().skip(code_len).collect()
            } else {
                row.label.clone()
            };
            if name.chars().any(|c| c.is_ascii_digit() || c == '—') {
                return Some(format!("the name \"{}\" holds a number", row.label));
            }
            if summary && row.cells.iter().any(|c| may_be_line_number(c.text.trim())) {
                return Some(format!("a 行次 is read as an amount in \"{}\"", row.label));
            }
            let twin = other.and_then(|o| {
                o.rows
                    .iter()
                    .find(|r| r.code.is_some() && r.key == row.key && r.entity == row.entity)
            });
            // (the other reading's name without the digits a grid cutting a number apart gave
            // its name cell: "一般公共服务支出78673.680000")
            let bare = |l: &str| -> String {
                l.chars()
                    .filter(|c| !c.is_ascii_digit() && !matches!(c, ',' | '.'))
                    .collect()
            };
            // (a piece of the economic classification's standard name of the code: the rest
            // of the name went to another row)
            if let Some(code) = &row.code
                && let Some(whole) = normalise::keys::cut_economic_name(code, &row.label)
            {
                return Some(format!(
                    "row {} is named \"{}\", a piece of its standard name \"{whole}\"",
                    row.key, row.label
                ));
            }
            // (or a name both readings give the row's code in another table, or every other
            // table gives it: a code is one name throughout a report, and the other reading
            // took it wrapped, missed it or cut it; or the economic classification's standard
            // name of the code, which no reading gets by cutting a name short or joining the
            // next one's head to it)
            let confirmed = row.code.as_ref().is_some_and(|code| {
                let names: Vec<&String> = agreed
                    .iter()
                    .filter(|(c, _)| c == code)
                    .map(|(_, l)| l)
                    .collect();
                !names.is_empty() && names.iter().all(|l| **l == row.label)
            }) || row.code.as_ref().is_some_and(|code| {
                named_alike_elsewhere(table.kind, code, &row.label, given)
                    || normalise::keys::is_standard_economic_name(code, &row.label)
            });
            // (while a name other than those both readings give its code elsewhere is out of
            // place)
            if let Some(code) = &row.code
                && let Some((_, name)) = agreed.iter().find(|(c, l)| c == code && *l != row.label)
                && !agreed.iter().any(|(c, l)| c == code && *l == row.label)
            {
                return Some(format!(
                    "row {} is named \"{}\", and \"{}\" in another table",
                    row.key, row.label, name
                ));
            }
            // (and one that no other table gives its code, where another table gives it a name
            // neither holding nor held in this one, not a wrapped piece of it: text printed it
            // out of place, "出用于社会福利的彩票公益金支" for "用于社会福利的彩票公益金支出")
            if let Some(code) = &row.code
                && let Some((kind, _, name)) = given.iter().find(|(k, c, l)| {
                    let l = bare(l);
                    *k != table.kind
                        && c == code
                        && !l.contains(row.label.as_str())
                        && !row.label.contains(l.as_str())
                })
                && !given
                    .iter()
                    .any(|(k, c, l)| *k != table.kind && c == code && bare(l) == row.label)
            {
                return Some(format!(
                    "row {} is named \"{}\", and \"{}\" in {}",
                    row.key,
                    row.label,
                    name,
                    kind.as_str()
                ));
            }
            // (a grid that cut the text's columns apart gives the name with some of its
            // characters in the next cell: no other name)
            if let Some(twin) = twin
                && row.code.is_some()
                && twin.label != row.label
                && bare(&twin.label) != row.label
                && !name_cut_apart(
                    &row.label,
                    &twin.label,
                    twin.cells.iter().map(|c| c.text.as_str()),
                )
                && !confirmed
            {
                return Some(format!(
                    "row {} is named \"{}\" or \"{}\"",
                    row.key, row.label, twin.label
                ));
            }
        }
        None
    }
    // the positional tables that hold every identity fix, by the identities between tables,
    // the columns blank cells leave open in the token reading (a summary whose tokens the text
    // interleaved still places the income table's 合计)
    // (the positional tables' checks, also what ties a government-wide table's columns)
    let grid_checked = checked(source, &grid_metadata, &grid_tables);
    let held = holding(&grid_checked, &grid_tables, &[]);
    let verified: Vec<Table> = grid_tables
        .iter()
        .filter(|t| held.contains(&t.kind))
        .cloned()
        .collect();
    let (metadata, mut tables, diagnostics) = read::text::read_text(text, true, &verified);
    for table in &mut tables {
        read::text::restore_centred_heads(table);
    }
    // a code is one name throughout a report: names text wrapped out of place are put back by
    // the other tables' (see read::text::names)
    read::text::names::settle_across_tables(&mut [&mut grid_tables, &mut tables, &mut named], text);
    // the names both readings give a code, table by table
    let mut agreed: Vec<(String, String)> = Vec::new();
    for g in &grid_tables {
        let Some(t) = tables.iter().find(|t| t.kind == g.kind) else {
            continue;
        };
        for row in g.rows.iter().filter(|r| r.entity.is_empty()) {
            let Some(code) = &row.code else { continue };
            let twin = t.rows.iter().find(|r| r.code.as_ref() == Some(code));
            if twin.is_some_and(|r| r.label == row.label)
                && !agreed.contains(&(code.clone(), row.label.clone()))
            {
                agreed.push((code.clone(), row.label.clone()));
            }
        }
    }
    // every name each reading gives a code, with its table
    let given: Vec<(TableKind, String, String)> = grid_tables
        .iter()
        .chain(&tables)
        .flat_map(|t| {
            t.rows
                .iter()
                .filter(|r| r.entity.is_empty())
                .filter_map(move |r| Some((t.kind, r.code.clone()?, r.label.clone())))
        })
        .collect();
    // the rows whose amounts the token reading left out, undecided
    let left_out: Vec<(TableKind, String)> = diagnostics
        .iter()
        .filter(|d| d.rule == Rule::AmbiguousColumns)
        .flat_map(|d| d.cells.iter().map(|c| (c.table, c.row.clone())))
        .collect();
    let token_held = holding(&checked(source, &metadata, &tables), &tables, &[]);
    let mut chosen: Vec<Table> = Vec::new();
    let mut from_tokens: Vec<TableKind> = Vec::new();
    let mut suspects: Vec<Diagnostic> = Vec::new();
    let mut retry: Vec<(TableKind, Vec<(Table, bool)>)> = Vec::new();
    let mut kinds: Vec<TableKind> = grid_tables.iter().map(|t| t.kind).collect();
    for t in &tables {
        if !kinds.contains(&t.kind) {
            kinds.push(t.kind);
        }
    }
    for kind in kinds {
        let grid = grid_tables.iter().find(|t| t.kind == kind);
        // (a government-wide report's table is taken only as read positionally, whose columns
        // its checks tie to their headings' roles)
        let token = tables
            .iter()
            .find(|t| t.kind == kind)
            .filter(|_| !kind.is_government());
        let headings = by_headings.contains(&kind).then(|| {
            "its columns are known only by their headings, which text does not keep in place"
                .to_string()
        });
        // the positional reading keeps the headings' places: its columns are keyed by them
        // unless a heading holds those of several columns
        // (a government-wide report's tables print columns their identities do not check,
        // percentages and the budget beside the final figure: only a positional reading whose
        // every column an identity ties to its role is taken, see read::text::government)
        let government = kind
            .is_government()
            .then(|| {
                grid_checked
                    .tables
                    .iter()
                    .find(|t| t.kind == kind)
                    .map_or(Some("it is not read positionally".to_string()), |g| {
                        read::text::government::doubt(
                            g,
                            &grid_checked.diagnostics,
                            settled.contains(&kind),
                        )
                    })
                    .map(|why| {
                        format!("a government-wide report's table is not taken from text: {why}")
                    })
            })
            .flatten();
        let grid_doubt = grid.and_then(|g| {
            government.clone().or_else(|| {
                headings
                    .as_ref()
                    .and_then(|_| read::text::headings::joined_headings(g))
                    .or_else(|| suspect(g, token, &agreed, &given))
            })
        });
        let named = named.iter().find(|t| t.kind == kind);
        // (the token reading numbers the columns by the kind's standard 栏次: where the text
        // prints the standard headings in their order and no other, that is the table's
        // numbering, whatever the positional reading made of the headings)
        let token_doubt = headings
            .clone()
            .filter(|_| {
                !(read::text::prints_standard_headings(text, kind)
                    || read::text::headings::prints_standard_columns(text, kind))
            })
            .or_else(|| token.and_then(|t| suspect(t, grid.or(named), &agreed, &given)));
        // where both readings hold, the one that placed more amounts (the inferred grid can miss
        // rows its alignment did not show)
        let amounts = |t: &Table| {
            t.rows
                .iter()
                .flat_map(|r| &r.cells)
                .filter(|c| c.value.is_some())
                .count()
        };
        let token_fuller = token.is_some_and(|t| {
            token_doubt.is_none()
                && token_held.contains(&kind)
                && grid.is_some_and(|g| amounts(t) > amounts(g))
        });
        let pick = match (grid, token) {
            (Some(g), _) if held.contains(&kind) && grid_doubt.is_none() && !token_fuller => {
                g.clone()
            }
            (_, Some(t)) if token_doubt.is_none() && token_held.contains(&kind) => {
                from_tokens.push(kind);
                t.clone()
            }
            _ => {
                // neither reading holds: the table is left out, with what was wrong (unless one
                // without doubt holds beside the tables taken, see below)
                let candidates: Vec<(Table, bool)> = grid
                    .filter(|g| grid_doubt.is_none() && !g.rows.is_empty())
                    .map(|g| (g.clone(), false))
                    .into_iter()
                    .chain(
                        token
                            .filter(|t| token_doubt.is_none() && !t.rows.is_empty())
                            .map(|t| (t.clone(), true)),
                    )
                    .collect();
                if !candidates.is_empty() {
                    retry.push((kind, candidates));
                }
                let (mut t, doubt) = match (grid, token) {
                    (Some(g), _) => (g.clone(), grid_doubt.or(token_doubt)),
                    (None, Some(t)) => {
                        from_tokens.push(kind);
                        (t.clone(), token_doubt)
                    }
                    (None, None) => continue,
                };
                if !t.rows.is_empty() {
                    let doubt = doubt.unwrap_or_else(|| {
                        "an identity does not hold, or a name or heading is not one the report's kind prints".into()
                    });
                    t.rows.clear();
                    let why = if government.is_some() {
                        "the table is left out (read the PDF itself)"
                    } else {
                        "the text put some cells out of place; the table is left out (read the PDF itself)"
                    };
                    suspects.push(Diagnostic::note(
                        Rule::TextTableUnverified,
                        Severity::Warning,
                        format!("{}: {doubt}: {why}", kind.as_str()),
                    ));
                }
                t
            }
        };
        chosen.push(pick);
    }
    // a reading may break only identities with the other reading of another table (a broken
    // summary grid fails every table it links to): checked beside the tables taken instead
    for (kind, candidates) in retry {
        for (candidate, tokens) in candidates {
            let mut beside: Vec<Table> = chosen.clone();
            let Some(at) = beside.iter().position(|t| t.kind == kind) else {
                continue;
            };
            beside[at] = candidate.clone();
            // (the rows left out count as such only in the tables taken from tokens)
            let token_rows: Vec<(TableKind, String)> = left_out
                .iter()
                .filter(|(k, _)| {
                    if *k == kind {
                        tokens
                    } else {
                        from_tokens.contains(k)
                    }
                })
                .cloned()
                .collect();
            if !holding(
                &checked(source, &grid_metadata, &beside),
                &beside,
                &token_rows,
            )
            .contains(&kind)
            {
                continue;
            }
            chosen[at] = candidate;
            suspects.retain(|d| !d.message.starts_with(&format!("{}:", kind.as_str())));
            from_tokens.retain(|k| *k != kind);
            if tokens {
                from_tokens.push(kind);
            }
            break;
        }
    }
    let about = |d: &Diagnostic, kinds: &[TableKind]| {
        kinds.iter().any(|k| {
            let m = d.message.strip_prefix(k.as_str());
            m.is_some_and(|m| m.starts_with(':') || m.starts_with(' '))
                || d.cells.iter().any(|c| c.table == *k)
        })
    };
    let mut kept: Vec<Diagnostic> = grid_diagnostics
        .into_iter()
        .filter(|d| !about(d, &from_tokens))
        .collect();
    kept.extend(diagnostics.into_iter().filter(|d| about(d, &from_tokens)));
    kept.extend(suspects);
    let (evaluations, findings) = if grid_evaluations.len() >= evaluations.len() {
        (grid_evaluations, grid_findings)
    } else {
        (evaluations, findings)
    };
    kept.extend(findings);
    let mut metadata_out = grid_metadata;
    metadata_out.unit = metadata_out.unit.or(metadata.unit);
    metadata_out.year = metadata_out.year.or(metadata.year);
    metadata_out.doc_kind = metadata_out.doc_kind.or(metadata.doc_kind);
    metadata_out.scope = metadata_out.scope.or(metadata.scope);
    metadata_out.staff = metadata_out.staff.or(metadata.staff);
    metadata_out.retirees = metadata_out.retirees.or(metadata.retirees);
    let mut doc = document::finish_text(source, text, metadata_out, chosen, evaluations, kept);
    doc.other_tables = other_tables;
    doc.pages = text
        .split('\u{c}')
        .enumerate()
        .map(|(i, page)| PageInfo {
            number: i + 1,
            width: 0.0,
            height: 0.0,
            rotate: 0,
            glyphs: page.chars().filter(|c| !c.is_whitespace()).count(),
        })
        .collect();
    doc
}

/// Whether every table of another kind than `kind` that names the row `code` (either reading,
/// a name without a digit: one holding a digit is a grid's cut) names it `label`, and one does:
/// a code is one name throughout a report, so the name is right however the other reading of
/// its own table took the line (a grid that missed or cut the name).
fn named_alike_elsewhere(
    kind: juesuan_model::TableKind,
    code: &str,
    label: &str,
    given: &[(juesuan_model::TableKind, String, String)],
) -> bool {
    let mut names = given
        .iter()
        .filter(|(k, c, l)| *k != kind && c == code && !l.is_empty())
        .filter(|(_, _, l)| !l.chars().any(|c| c.is_ascii_digit()))
        .map(|(_, _, l)| l)
        .peekable();
    names.peek().is_some() && names.all(|l| l == label)
}

/// Whether a grid that cut the text's columns apart gave `name` as `cut` and the characters its
/// cells hold beside their digits: a column boundary through a wrapped name's head puts the
/// head's last characters into the next cell ("政府办公厅（室）及相 59,097.93" over "关机构事务"
/// read as "政府办公厅（室）关机构事务" and a cell "及相 59,"), so the name is the cut one with
/// those characters put back in one place.
fn name_cut_apart<'a>(name: &str, cut: &str, cells: impl Iterator<Item = &'a str>) -> bool {
    let figure = |c: &char| c.is_ascii_digit() || c.is_whitespace() || matches!(c, ',' | '.' | '-');
    let cut: Vec<char> = cut.chars().filter(|c| !figure(c)).collect();
    let spilled: Vec<char> = cells
        .flat_map(|c| c.chars())
        .filter(|c| !figure(c))
        .collect();
    let name: Vec<char> = name.chars().collect();
    if spilled.is_empty() || name.len() != cut.len() + spilled.len() {
        return false;
    }
    (0..=cut.len()).any(|at| {
        cut[..at]
            .iter()
            .chain(&spilled)
            .chain(&cut[at..])
            .eq(name.iter())
    })
}

/// Whether a summary's cell could hold a 行次 rather than an amount: a whole number of one or two
/// digits from 1 (行次 count from 1, so a "0" is an amount, as a budget prints a blank one).
fn may_be_line_number(text: &str) -> bool {
    (1..=2).contains(&text.len()) && text.chars().all(|c| c.is_ascii_digit()) && text != "0"
}

#[cfg(test)]
mod tests {
    use super::{may_be_line_number, name_cut_apart, named_alike_elsewhere};

    use juesuan_model::TableKind;

    #[test]
    fn a_zero_is_never_a_line_number() {
        assert!(may_be_line_number("1") && may_be_line_number("64"));
        assert!(!may_be_line_number("0") && !may_be_line_number("120") && !may_be_line_number(""));
        assert!(!may_be_line_number("0.00"));
    }

    #[test]
    fn a_name_every_other_table_gives_its_code_is_confirmed() {
        let given = |names: &[(TableKind, &str)]| -> Vec<(TableKind, String, String)> {
            names
                .iter()
                .map(|(k, l)| (*k, "201".to_string(), l.to_string()))
                .collect()
        };
        let name = "一般公共服务支出";
        let alike = given(&[
            (TableKind::Income, name),
            (TableKind::Income, ""),
            (TableKind::GeneralBudgetExpenditure, name),
            // a grid's cut, and this table's own other reading, do not count
            (TableKind::GeneralBudgetExpenditure, "出3433.24"),
            (TableKind::Expenditure, "出"),
        ]);
        assert!(named_alike_elsewhere(
            TableKind::Expenditure,
            "201",
            name,
            &alike
        ));
        // another table naming it otherwise, or none naming it, confirms nothing
        let split = given(&[
            (TableKind::Income, name),
            (TableKind::GeneralBudgetExpenditure, "一般公共服务"),
        ]);
        assert!(!named_alike_elsewhere(
            TableKind::Expenditure,
            "201",
            name,
            &split
        ));
        assert!(!named_alike_elsewhere(
            TableKind::Expenditure,
            "201",
            name,
            &given(&[(TableKind::Expenditure, name)])
        ));
    }

    #[test]
    fn a_name_cut_apart_is_put_back_together() {
        let name = "政府办公厅（室）及相关机构事务";
        assert!(name_cut_apart(
            name,
            "政府办公厅（室）关机构事务",
            ["及相 59,", ".", "9,09"].into_iter()
        ));
        assert!(name_cut_apart(
            "行政事业单位养老支出",
            "行政事业单位养老",
            ["支出 141", "5"].into_iter()
        ));
        // characters the cells do not hold, or hold beside other ones, are not the name's
        assert!(!name_cut_apart(
            name,
            "政府办公厅（室）关机构事务",
            ["59,", "."].into_iter()
        ));
        assert!(!name_cut_apart(
            name,
            "政府办公厅（室）机构事务",
            ["及相 59,"].into_iter()
        ));
        assert!(!name_cut_apart(
            name,
            "政府办公厅（室）关机构事务",
            ["相及 59,"].into_iter()
        ));
    }

    /// Imports run one way (see the crate docs): normalisation imports no reader and no check,
    /// checks import no reader, a reader imports no other reader.
    #[test]
    fn modules_import_one_way() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = vec![src.clone()];
        let mut checked = 0;
        while let Some(path) = files.pop() {
            if path.is_dir() {
                files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            let name = path
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let allowed: &[&str] = if name.starts_with("normalise/") {
                &["crate::normalise"]
            } else if name.starts_with("validate/") {
                &["crate::normalise", "crate::validate"]
            } else if let Some(reader) = name
                .strip_prefix("read/")
                .and_then(|r| r.split_once('/'))
                .map(|(reader, _)| reader)
            {
                &[
                    "crate::normalise",
                    "crate::validate::identities",
                    "crate::read::statements",
                    "crate::read::narrative",
                    if reader == "grid" {
                        "crate::read::grid"
                    } else {
                        "crate::read::text"
                    },
                ]
            } else if name.starts_with("read/") {
                &["crate::normalise"]
            } else {
                continue; // lib.rs, document.rs: the assembly, above every layer
            };
            let source = std::fs::read_to_string(&path).unwrap();
            assert!(
                !source.contains("crate::{"),
                "{name}: name each crate path in full"
            );
            for (at, _) in source.match_indices("crate::") {
                let path: String = source[at..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                    .collect();
                // (the unit tests' table builders stand below every layer)
                let test_support = path.starts_with("crate::test_support");
                assert!(
                    test_support || allowed.iter().any(|a| path.starts_with(a)),
                    "{name} imports {path}, against the layers"
                );
            }
            checked += 1;
        }
        assert!(checked >= 20, "{checked} files checked");
    }
}
