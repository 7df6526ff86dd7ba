//! The juesuan pipeline as a library: one input to one [`juesuan_model::Document`].
//! The binary (`main.rs`) adds the batch runner and the debug view on top.

pub mod pipeline;
