//! Readers: a report's tables rebuilt from what the input keeps of them. From laid-out pages
//! ([`grid`]: grids with positions) and from text dumps ([`text`]: tokens without positions), with
//! what both read the same way ([`statements`]: unit lines, issuer, metadata; [`narrative`]:
//! figures stated in prose).
//!
//! A reader imports `normalise` and `validate::identities`, never another reader.

pub mod grid;
pub mod narrative;
pub mod statements;
pub mod text;
