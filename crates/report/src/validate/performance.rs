//! Room for the 绩效 tables (绩效自评表, 绩效目标表): their own arithmetic (预算执行率 = 执行数 /
//! 预算数, 得分 = Σ指标得分, …), checked like the other identities.
//!
//! Nothing lives here yet: today their grids are kept as `OtherTable`s (see `normalise::titles`).
//! Once they have kinds of their own (in `TableKind::ALL`, not in `TableKind::REQUIRED`), their
//! identities are built here and called from `validate::validate`, with rule codes of their own
//! in `juesuan_model::Rule`.
