//! Room for government-wide reports (总决算/总预算, 预算执行, 债务): a family of its own, whose
//! tables are not the department tables of the same names and must never get their kinds.
//!
//! Nothing lives here yet. The family of a document is to be decided here (from its titles and
//! text, like `DocKind`), `titles::kind_of_title` to ask it before giving a department kind, and
//! the identities of government tables to be listed in `validate::identities` like the others.
