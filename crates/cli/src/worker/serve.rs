//! The worker process: caps itself, then reads one file per request until stdin closes.

use super::{Limits, Reply, Request};
use anyhow::{Context, Result};
use juesuan::pipeline::{extract_pdf, extract_text, manifest_line, sha256_hex};
use juesuan_model::Document;
use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// `juesuan worker`: serve requests on stdin until it closes.
pub fn serve(limits: &Limits) -> Result<()> {
    // no core dumps from crashing workers; the manifest says what happened
    let _ = rlimit::setrlimit(rlimit::Resource::CORE, 0, 0);
    rlimit::setrlimit(rlimit::Resource::AS, limits.max_memory, limits.max_memory)
        .context("cannot cap the worker's memory")?;
    let deadline = Arc::new(AtomicU64::new(0));
    watchdog(Arc::clone(&deadline));
    let limits = limits.clone();
    // a deep stack for the reader, as the batch always gave it
    std::thread::Builder::new()
        .name("juesuan worker".into())
        .stack_size(16 << 20)
        .spawn(move || serve_requests(&limits, &deadline))?
        .join()
        .unwrap_or_else(|_| Ok(()))
}

fn serve_requests(limits: &Limits, deadline: &AtomicU64) -> Result<()> {
    let mut stdin = BufReader::new(std::io::stdin().lock());
    let mut stdout = std::io::stdout().lock();
    let pdf_limits = juesuan_pdf::Limits {
        time: limits.timeout,
        max_stream_bytes: limits.max_stream,
        ..juesuan_pdf::Limits::default()
    };
    let mut header = String::new();
    loop {
        header.clear();
        if stdin.read_line(&mut header)? == 0 {
            return Ok(());
        }
        let request: Request = serde_json::from_str(&header).context("bad request")?;
        let mut read_path = |len: usize| -> std::io::Result<PathBuf> {
            let mut path = vec![0; len];
            stdin.read_exact(&mut path)?;
            Ok(PathBuf::from(std::ffi::OsStr::from_bytes(&path)))
        };
        let path = read_path(request.path_len)?;
        let reuse = read_path(request.reuse_len)?;
        let hard = limits.timeout + 2 * limits.grace() + Duration::from_secs(1);
        deadline.store(now_ms() + hard.as_millis() as u64, Ordering::Relaxed);
        // the input is read (and hashed) even when its document is reused, so that a resumed
        // run's manifest cites the same bytes
        let result = std::fs::read(&path)
            .map_err(|e| format!("cannot read file: {e}"))
            .and_then(|bytes| {
                let sha256 = sha256_hex(&bytes);
                // a document that does not read back (cut by a crash, an older format) is read anew
                let read = match crate::sinks::read_document(&reuse) {
                    Ok(document) if request.reuse_len > 0 => Ok((document, String::new())),
                    _ => read_one(bytes, &request, &pdf_limits),
                };
                read.map(|(document, json)| (document, json, sha256))
            });
        deadline.store(0, Ordering::Relaxed);
        match result {
            Ok((document, json, sha256)) => {
                let facts = document.facts();
                let mut line = manifest_line(&request.doc, Ok(&document), facts.len(), None);
                line.sha256 = Some(sha256);
                let facts = juesuan_export::facts_jsonl(&facts);
                drop(document);
                let reply = Reply::Read {
                    line,
                    json: json.len(),
                    facts: facts.len(),
                };
                serde_json::to_writer(&mut stdout, &reply)?;
                stdout.write_all(b"\n")?;
                stdout.write_all(json.as_bytes())?;
                stdout.write_all(facts.as_bytes())?;
            }
            Err(why) => {
                serde_json::to_writer(&mut stdout, &Reply::Failed(why))?;
                stdout.write_all(b"\n")?;
            }
        }
        stdout.flush()?;
    }
}

fn read_one(
    bytes: Vec<u8>,
    request: &Request,
    limits: &juesuan_pdf::Limits,
) -> Result<(Document, String), String> {
    let result = std::panic::catch_unwind(AssertUnwindSafe(|| {
        if request.text {
            Ok(extract_text(&bytes, &request.doc))
        } else {
            extract_pdf(&bytes, &request.doc, limits)
        }
    }));
    match result {
        Ok(Ok(document)) => {
            let json = juesuan_export::document_json(&document);
            Ok((document, json))
        }
        Ok(Err(e)) => Err(e.to_string()),
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(format!(
                "internal error while reading this file (please report it): {what}"
            ))
        }
    }
}

/// End the worker when its parent is gone (killed: nobody will read the reply) or when a file
/// runs past the hard deadline (the parent kills it first; this is for when it cannot).
fn watchdog(deadline: Arc<AtomicU64>) {
    let parent = std::os::unix::process::parent_id();
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_millis(250));
            if std::os::unix::process::parent_id() != parent {
                std::process::exit(3);
            }
            let d = deadline.load(Ordering::Relaxed);
            if d != 0 && now_ms() > d {
                std::process::abort();
            }
        }
    });
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}
