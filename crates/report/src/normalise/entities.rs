//! Which entity a row belongs to. A department's report may print the department and each of its
//! units in one table, each unit's rows under a section row ("125001西安市安全生产监督管理局"),
//! with the codes starting again in every section.
//!
//! Today a section only scopes the hierarchy (类 = Σ款 = Σ项 within a section, sections up to 合计)
//! and repeated codes are keyed "208#2". Multi-unit entities (an entity per row, kept in the facts)
//! belong here: the readers ask this module where a section starts, the checks which section a
//! row is in.

use juesuan_model::Row;
use regex::Regex;
use std::sync::LazyLock;

/// A unit's section row: a six-digit unit code followed by its name.
static UNIT_SECTION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d{6}\p{Han}").unwrap());

/// Whether a label opens a unit's section of a consolidated table.
pub fn is_unit_section(label: &str) -> bool {
    UNIT_SECTION.is_match(label)
}

/// The section rows of a table, and for each row the 1-based section it is in (0 before the first).
pub fn sections(rows: &[Row]) -> (Vec<&Row>, Vec<usize>) {
    let mut heads: Vec<&Row> = Vec::new();
    let mut of_row = Vec::with_capacity(rows.len());
    for row in rows {
        if row.code.is_none() && is_unit_section(&row.label) {
            heads.push(row);
        }
        of_row.push(heads.len());
    }
    (heads, of_row)
}
