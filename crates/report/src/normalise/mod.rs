//! Normalisation: what printed text means, whoever read it. Amounts to exact decimals, codes and
//! 栏次, titles to kinds, labels and headers to canonical keys, rows to entities.
//!
//! Imports nothing from `read` or `validate`.

pub mod amount;
pub mod codes;
pub mod entities;
pub mod government;
pub mod keys;
pub mod performance;
pub mod titles;
