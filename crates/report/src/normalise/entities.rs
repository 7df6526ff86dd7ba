//! Which entity a row belongs to. A department's report may print the department and each of its
//! units in one table, each unit's rows under a section row ("125001西安市安全生产监督管理局"),
//! with the codes starting again in every section.
//!
//! Every row carries the entity it belongs to (`Row::entity`, in the facts too); the readers ask
//! this module whether a label opens a unit's section, the checks which row totals the units.

use juesuan_model::{Row, Table};
use regex::Regex;
use std::sync::LazyLock;

/// A unit's section row: a six-digit unit code followed by its name.
static UNIT_SECTION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d{6}\p{Han}").unwrap());

/// Whether a label opens a unit's section of a consolidated table.
pub fn is_unit_section(label: &str) -> bool {
    UNIT_SECTION.is_match(label)
}

/// The row that totals a department's units in a table printing each of them: a 合计 printed
/// before the first unit (西安), or a unit whose own part follows as "<name>（本级）" (深圳, 广州).
pub fn department_total(table: &Table) -> Option<&Row> {
    let units: Vec<&Row> = table.rows.iter().filter(|r| r.is_entity_total()).collect();
    table
        .rows
        .iter()
        .find(|r| r.entity.is_empty() && r.key == "合计")
        .or_else(|| {
            let first = units.first()?;
            let own_part = |u: &&Row| {
                u.entity
                    .strip_prefix(first.entity.as_str())
                    .is_some_and(|rest| matches!(rest, "（本级）" | "(本级)" | "本级"))
            };
            units.iter().any(own_part).then_some(*first)
        })
}
