//! Performance tables from grids.
//!
//! Two shapes cover the layouts seen: a **form** (one evaluation per table: labelled fields,
//! a block of amounts under 预算数/执行数/执行率/得分 headers or labelled amounts, the target text,
//! then the indicator block under its 一级/二级/三级 header and the 总分 and narrative rows), and a
//! **list** (one row per indicator or per project under a header naming 项目名称 and 绩效目标 or
//! the indicator columns; a project's cells span its rows). Columns are found by their header
//! words and cells placed by their x extent, so a table continued on the next page (with or
//! without its header, with a blank level or project cell at the top) is read on.

mod cells;
mod form;
mod list;

use crate::normalise::performance::{
    compact, is_project_label, is_target_label, is_title, is_unit_label, tidy,
};
use cells::{indicator_header, money_header, slots};
use form::Form;
use juesuan_layout::{Block, Grid, PageLayout};
use juesuan_model::{AmountUnit, Diagnostic, Evaluation, Rule, Severity};
use list::{List, ListRole};

/// More lines than this between a title and a grid: the title was a mention, not a table's.
const MAX_LINES_BEFORE_GRID: usize = 6;

/// Read every performance table of a document's pages.
pub fn read(pages: &[PageLayout]) -> (Vec<Evaluation>, Vec<Diagnostic>) {
    let mut reader = Reader::default();
    for page in pages {
        for block in &page.blocks {
            match block {
                Block::Line(line) => reader.line(&line.text),
                Block::Grid(grid) => reader.grid(grid),
            }
        }
    }
    reader.close();
    (reader.evaluations, reader.diagnostics)
}

#[derive(Default)]
struct Reader {
    /// The last performance title and the lines printed since.
    title: Option<(String, usize)>,
    open: Option<Table>,
    /// No text since the open table's last grid but page furniture: a grid now continues it.
    continuable: bool,
    unit: Option<AmountUnit>,
    /// The last line of text (the sentence over a table without a title).
    last_line: String,
    /// The last title of another table (项目支出预算表 with a 绩效目标 column).
    table_title: String,
    /// The title of a list reported as not read: its continuation pages are not reported again.
    skipped: Option<String>,
    evaluations: Vec<Evaluation>,
    diagnostics: Vec<Diagnostic>,
}

enum Table {
    Form(Form),
    List(List),
}

impl Reader {
    fn line(&mut self, text: &str) {
        let t = compact(text);
        if t.is_empty() || is_page_furniture(&t) {
            return;
        }
        if is_title(&t) {
            let repeated = self
                .title
                .as_ref()
                .is_some_and(|(title, _)| compact(title) == t);
            if repeated && self.open.is_some() {
                return; // the title printed again over a continuation page
            }
            self.close();
            if self.skipped.as_deref() != Some(t.as_str()) {
                self.skipped = None;
            }
            self.title = Some((tidy(text), 0));
            self.unit = None;
            return;
        }
        if t.contains("单位") && (t.ends_with("万元") || t.ends_with("元")) {
            self.unit = Some(if t.ends_with("万元") {
                AmountUnit::WanYuan
            } else {
                AmountUnit::Yuan
            });
            return;
        }
        if (t.starts_with('（') || t.starts_with('('))
            && (t.ends_with("年度）") || t.ends_with("年度)"))
        {
            return; // "（2026年度）" under a title
        }
        if crate::normalise::titles::kind_of_title(&t).is_some()
            || crate::normalise::titles::is_other_table_title(&t)
        {
            // another table begins: a performance title before it was a mention
            self.close();
            self.title = None;
            self.table_title = tidy(text);
            return;
        }
        // a label printed outside the grid over a page break ("整体绩效目标", "产出指标", one
        // character per line of a vertical label): no text that ends the table
        if self.open.is_some() && t.chars().count() <= 8 && !t.contains(['。', '，', '：', ':'])
        {
            return;
        }
        if let Some((_, since)) = self.title.as_mut() {
            *since += 1;
        }
        self.last_line = tidy(text);
        self.continuable = false;
    }

    fn grid(&mut self, grid: &Grid) {
        if self.continuable
            && let Some(open) = self.open.as_mut()
        {
            let continues = match open {
                Table::Form(_) => !starts_form(grid),
                Table::List(_) => true,
            };
            if continues {
                match open {
                    Table::Form(form) => form.read(grid, 0),
                    Table::List(list) => list.read(grid, 0),
                }
                return;
            }
        }
        self.close();
        let in_grid_title = first_row_title(grid);
        let (title, first_row) = match (&in_grid_title, &self.title) {
            (Some(t), _) => (t.clone(), 1),
            (None, Some((t, since))) if *since <= MAX_LINES_BEFORE_GRID => (t.clone(), 0),
            _ => {
                // a list whose header names projects and their 绩效目标 is one without a title
                // (深圳's 重点项目 table under a sentence; a 项目支出表 with a 绩效目标 column)
                if let Some(mut list) =
                    List::start(grid, 0, "", self.unit).filter(|l| l.cols.has(&ListRole::Target))
                {
                    list.title = if self.last_line.contains("绩效") {
                        self.last_line.clone()
                    } else {
                        self.table_title.clone()
                    };
                    list.read(grid, list.data_from);
                    self.open = Some(Table::List(list));
                    self.continuable = true;
                }
                return;
            }
        };
        if self.skipped.as_deref() == Some(compact(&title).as_str()) && in_grid_title.is_none() {
            return; // a list already reported, continued on this page
        }
        if let Some(list) = List::start(grid, first_row, &title, self.unit) {
            if list.is_grades_only() {
                self.skipped = Some(compact(&title));
                self.diagnostics.push(Diagnostic::note(
                    Rule::PerfNotRead,
                    Severity::Info,
                    format!(
                        "\"{title}\" (page {}) lists projects with their evaluation grades only, no amounts, targets or indicators; not read as evaluations",
                        grid.page
                    ),
                ));
                return;
            }
            let mut list = list;
            list.read(grid, list.data_from);
            self.open = Some(Table::List(list));
        } else if looks_like_form(grid, first_row) {
            let mut form = Form::new(&title, grid.page, self.unit);
            form.read(grid, first_row);
            self.open = Some(Table::Form(form));
        } else {
            self.diagnostics.push(Diagnostic::note(
                Rule::PerfNotRead,
                Severity::Warning,
                format!(
                    "\"{title}\" (page {}) is followed by a grid that is neither a performance form nor a list of projects or indicators; not read",
                    grid.page
                ),
            ));
            return;
        }
        self.continuable = true;
        if in_grid_title.is_some() {
            self.title = Some((title, 0));
        }
    }

    fn close(&mut self) {
        self.continuable = false;
        let Some(open) = self.open.take() else { return };
        let finished = match open {
            Table::Form(form) => form.finish().into_iter().collect(),
            Table::List(list) => list.finish(),
        };
        for e in finished {
            if e.indicators.is_empty()
                && e.budget.is_none()
                && e.target.is_none()
                && e.total_score.is_none()
            {
                self.diagnostics.push(Diagnostic::note(
                    Rule::PerfNotRead,
                    Severity::Warning,
                    format!(
                        "\"{}\" (page {}): no amounts, target or indicators could be read",
                        e.title, e.page
                    ),
                ));
                continue;
            }
            self.evaluations.push(e);
        }
    }
}

/// Page numbers ("— 5 —", "-81-", "第 2 页，共 45 页") and table numbers ("附表14", "表十一",
/// "预算表12"): printed between a table's pages without ending it.
fn is_page_furniture(t: &str) -> bool {
    let digits_only = t.chars().all(|c| {
        c.is_ascii_digit()
            || matches!(
                c,
                '—' | '-' | '–' | '－' | '第' | '页' | '共' | '，' | ',' | '/'
            )
    });
    let numbered = (t.starts_with("附表") || t.starts_with('表') || t.starts_with("预算"))
        && !t.ends_with('表')
        && t.chars().count() <= 6;
    digits_only || numbered
}

/// The title printed inside a grid as its first, full-width row (云浮).
fn first_row_title(grid: &Grid) -> Option<String> {
    let cell = grid.cell_at(0, 0)?;
    (cell.col_span == grid.cols() && is_title(&cell.text)).then(|| tidy(&cell.text))
}

/// A grid that begins a new form: its first row names a project, unit or department.
fn starts_form(grid: &Grid) -> bool {
    let row = slots(grid, 0);
    row.first().is_some_and(|s| {
        s.starts && (is_project_label(&s.text) || is_unit_label(&s.text) || is_title(&s.text))
    })
}

/// Whether a grid has a form's parts: an indicator header, a block of execution amounts, or
/// labelled project fields.
fn looks_like_form(grid: &Grid, from: usize) -> bool {
    (from..grid.rows()).any(|r| {
        let row = slots(grid, r);
        indicator_header(&row).is_some()
            || money_header(&row).is_some()
            || row
                .iter()
                .any(|s| s.starts && (is_project_label(&s.text) || is_target_label(&s.text)))
    })
}
