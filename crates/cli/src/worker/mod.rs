//! Process isolation: every file is read in a `juesuan worker` child process, so that nothing a
//! file does (an abort, a stack overflow, running out of memory, an endless loop) can take the
//! run down or keep a core.
//!
//! A worker is the same binary, started with the hidden `worker` subcommand. It caps its own
//! address space (`setrlimit(RLIMIT_AS)`, so an allocation past `--max-memory` aborts it instead
//! of the machine swapping), then reads requests on stdin and answers on stdout, one file at a
//! time:
//!
//! - request: a JSON header line `{"doc":…,"text":…,"path_len":N,"reuse_len":M}`, then the N
//!   bytes of the input's path and the M bytes of the path of a document to reuse
//!   (`--skip-existing`; M = 0 for none);
//! - reply: `{"read":{"line":…,"json":J,"facts":F}}` (the manifest line without `time_ms`), the J
//!   bytes of the document JSON (exactly the bytes of `OUT/<doc>.json`; 0 when the document was
//!   reused) and the F bytes of its `facts.jsonl` lines; or `{"failed":"why"}`.
//!
//! So every step that grows with a document (reading it, checking it, its facts) happens in the
//! worker, under its cap; the parent spools the document into a temporary file of OUT and keeps
//! only the manifest line and the facts. It waits for a reply at most the time limit plus a grace
//! period, kills the worker when it is over, and turns a worker's death into one line of the
//! manifest ("exceeded 2 GiB", "timed out after 120 s", "crashed: signal 6"); the next file gets a
//! new worker. A worker whose parent is gone, or that is past its own deadline, ends itself.

mod pool;
mod serve;

pub use pool::Worker;
pub use serve::serve;

use juesuan_model::{Fact, ManifestLine};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::time::Duration;

/// The limits of one file, the same for every worker of a run.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Address-space cap of a worker, in bytes.
    pub max_memory: u64,
    /// Time allowed per file: the reader stops starting new pages after it, the worker is
    /// killed a grace period later.
    pub timeout: Duration,
    /// Largest decoded stream, in bytes (decompression bombs fail fast, well under the cap).
    pub max_stream: usize,
}

impl Limits {
    /// The stream bound that goes with a memory cap: a quarter of it, at most 256 MiB.
    pub fn new(max_memory: u64, timeout: Duration) -> Self {
        let max_stream = (max_memory / 4).min(256 << 20) as usize;
        Limits {
            max_memory,
            timeout,
            max_stream,
        }
    }

    fn grace(&self) -> Duration {
        Duration::from_secs(5).min(self.timeout.max(Duration::from_secs(1)))
    }
}

#[derive(Serialize, Deserialize)]
struct Request {
    doc: String,
    text: bool,
    path_len: usize,
    reuse_len: usize,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Reply {
    Read {
        line: ManifestLine,
        json: usize,
        facts: usize,
    },
    Failed(String),
}

/// A file read by a worker.
pub struct Reading {
    /// Its manifest line, without `time_ms`.
    pub line: ManifestLine,
    /// A temporary file of OUT with the document JSON, unless an existing one was reused.
    pub json: Option<PathBuf>,
    pub facts: Vec<Fact>,
}

/// `2 GiB`, `512 MiB`, or bytes.
pub fn human_bytes(n: u64) -> String {
    if n > 0 && n.is_multiple_of(1 << 30) {
        format!("{} GiB", n >> 30)
    } else if n > 0 && n.is_multiple_of(1 << 20) {
        format!("{} MiB", n >> 20)
    } else {
        format!("{n} bytes")
    }
}

/// `--max-memory`: bytes, or a number with K, M, G (binary: `512M`, `2G`, `1.5GiB`).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let digits = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(digits);
    let number: f64 = number.parse().map_err(|_| format!("not a size: {s}"))?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        "t" | "tb" | "tib" => 40,
        _ => return Err(format!("unknown unit in {s} (use K, M or G)")),
    };
    let bytes = (number * (1u64 << shift) as f64) as u64;
    if bytes < 128 << 20 {
        return Err("below 128 MiB a worker cannot even start".into());
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_parsed_and_shown_in_binary_units() {
        assert_eq!(parse_size("2G"), Ok(2 << 30));
        assert_eq!(parse_size("2GiB"), Ok(2 << 30));
        assert_eq!(parse_size("512m"), Ok(512 << 20));
        assert_eq!(parse_size("1.5G"), Ok(3 << 29));
        assert_eq!(parse_size("268435456"), Ok(256 << 20));
        for bad in ["", "G", "2X", "1M", "-1G"] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
        assert_eq!(human_bytes(2 << 30), "2 GiB");
        assert_eq!(human_bytes(512 << 20), "512 MiB");
        assert_eq!(human_bytes(1000), "1000 bytes");
    }

    #[test]
    fn the_stream_bound_follows_the_memory_cap() {
        let l = Limits::new(2 << 30, Duration::from_secs(120));
        assert_eq!(l.max_stream, 256 << 20);
        assert_eq!(l.grace(), Duration::from_secs(5));
        let l = Limits::new(512 << 20, Duration::from_secs(1));
        assert_eq!(l.max_stream, 128 << 20);
        assert_eq!(l.grace(), Duration::from_secs(1));
    }
}
