//! End-to-end tests: one binary (linking several is slow on 2 cores), one module per concern.

mod batch;
mod corpus;
mod dataset;
mod fuzz;
mod narrative;
mod performance;
mod realworld;
mod schema;
mod summary;
mod text;
mod util;
