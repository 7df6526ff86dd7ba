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

use anyhow::{Context, Result};
use juesuan::pipeline::{extract_pdf, extract_text, manifest_line};
use juesuan_model::{Document, Fact, ManifestLine};
use serde::{Deserialize, Serialize};
use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::process::ExitStatusExt;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

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

// ----- the worker process -----

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
        // a document that does not read back (cut by a crash, an older format) is read anew
        let result = match crate::sinks::read_document(&reuse) {
            Ok(document) if request.reuse_len > 0 => Ok((document, String::new())),
            _ => read_one(&path, &request, &pdf_limits),
        };
        deadline.store(0, Ordering::Relaxed);
        match result {
            Ok((document, json)) => {
                let facts = document.facts();
                let line = manifest_line(&request.doc, Ok(&document), facts.len(), None);
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
    path: &Path,
    request: &Request,
    limits: &juesuan_pdf::Limits,
) -> Result<(Document, String), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read file: {e}"))?;
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

// ----- the parent's side -----

/// One worker slot: a child process, started when needed and again after it died.
pub struct Worker {
    limits: Limits,
    exe: PathBuf,
    /// The output folder, whose temporary folder receives the replies.
    out: PathBuf,
    running: Option<Running>,
}

struct Running {
    child: Child,
    stdin: ChildStdin,
    /// A temporary file holding the document JSON, or why there is none.
    replies: Receiver<Result<Reading, String>>,
    stderr: Arc<Mutex<Vec<u8>>>,
    stderr_reader: JoinHandle<()>,
    /// Files it has read.
    served: usize,
}

/// Files a worker reads before a fresh one takes over: the allocator keeps what the largest
/// document needed, and caches fill up, so a long-lived worker holds more memory than it uses.
const FILES_PER_WORKER: usize = 100;

/// What a crashed worker said last, enough to tell an allocation failure from a stack overflow.
const STDERR_TAIL: usize = 4096;

/// Blocks over 128 KiB are mapped and unmapped, never kept on the heap (see [`Worker::spawn`]).
const MALLOC_TUNABLES: &str = "glibc.malloc.mmap_threshold=131072";

/// The rest of a `read` reply: the document spooled to a temporary file, the facts parsed.
/// None when the worker died part way.
fn receive(
    r: &mut impl BufRead,
    out: &Path,
    line: ManifestLine,
    json: usize,
    facts: usize,
) -> Option<Reading> {
    let json = if json > 0 {
        let tmp = crate::sinks::temp_path(out, &line.doc);
        if spool(r, json as u64, &tmp).is_err() {
            let _ = std::fs::remove_file(&tmp);
            return None;
        }
        Some(tmp)
    } else {
        None
    };
    // line by line, into a list of the announced length: no copy of the whole text
    let mut lines = r.take(facts as u64);
    let mut parsed = Vec::with_capacity(line.facts);
    let mut text = String::new();
    let mut whole = true;
    loop {
        text.clear();
        match lines.read_line(&mut text) {
            Ok(0) => break,
            Ok(_) => match serde_json::from_str::<Fact>(&text) {
                Ok(fact) => parsed.push(fact),
                Err(_) => whole = false,
            },
            Err(_) => whole = false,
        }
        if !whole {
            break;
        }
    }
    if !whole || lines.limit() > 0 {
        if let Some(tmp) = json {
            let _ = std::fs::remove_file(tmp);
        }
        return None;
    }
    let facts = parsed;
    Some(Reading { line, json, facts })
}

/// Copy exactly `n` bytes of a reply into a new file.
fn spool(r: &mut impl Read, n: u64, path: &Path) -> std::io::Result<()> {
    let mut file = std::io::BufWriter::with_capacity(64 << 10, std::fs::File::create(path)?);
    if std::io::copy(&mut r.take(n), &mut file)? != n {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    file.flush()
}

impl Worker {
    pub fn new(limits: Limits, exe: PathBuf, out: PathBuf) -> Self {
        Worker {
            limits,
            exe,
            out,
            running: None,
        }
    }

    /// Read one file in the worker (or reuse the document at `reuse` if it reads back), or say
    /// why there is no document.
    pub fn read(
        &mut self,
        path: &Path,
        doc: &str,
        text: bool,
        reuse: Option<&Path>,
    ) -> Result<Reading, String> {
        if self.running.is_none() {
            self.running = Some(
                self.spawn()
                    .map_err(|e| format!("cannot start a worker: {e}"))?,
            );
        }
        let running = self.running.as_mut().expect("started above");
        running.stderr.lock().map(|mut t| t.clear()).ok();
        let path = path.as_os_str().as_bytes();
        let reuse = reuse.map_or(&[][..], |p| p.as_os_str().as_bytes());
        let mut request = serde_json::to_vec(&Request {
            doc: doc.to_string(),
            text,
            path_len: path.len(),
            reuse_len: reuse.len(),
        })
        .expect("requests serialise");
        request.push(b'\n');
        request.extend_from_slice(path);
        request.extend_from_slice(reuse);
        if running
            .stdin
            .write_all(&request)
            .and_then(|()| running.stdin.flush())
            .is_err()
        {
            return Err(self.died());
        }
        match running
            .replies
            .recv_timeout(self.limits.timeout + self.limits.grace())
        {
            Ok(reply) => {
                running.served += 1;
                if running.served >= FILES_PER_WORKER {
                    self.retire();
                }
                reply
            }
            Err(RecvTimeoutError::Timeout) => {
                if let Some(mut r) = self.running.take() {
                    let _ = r.child.kill();
                    let _ = r.child.wait();
                }
                Err(format!(
                    "timed out after {} s",
                    self.limits.timeout.as_secs()
                ))
            }
            Err(RecvTimeoutError::Disconnected) => Err(self.died()),
        }
    }

    fn spawn(&self) -> std::io::Result<Running> {
        // glibc raises its mmap threshold after freeing a big block, and from then on keeps big
        // blocks on the heap after they are freed; fixed, a worker's memory returns after each file
        let tunables = match std::env::var("GLIBC_TUNABLES") {
            Ok(own) if !own.is_empty() => format!("{own}:{MALLOC_TUNABLES}"),
            _ => MALLOC_TUNABLES.to_string(),
        };
        let mut child = Command::new(&self.exe)
            .env("GLIBC_TUNABLES", tunables)
            .arg("worker")
            .arg("--max-memory")
            .arg(self.limits.max_memory.to_string())
            .arg("--timeout")
            .arg(self.limits.timeout.as_secs().to_string())
            .arg("--max-stream")
            .arg(self.limits.max_stream.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let stdin = child.stdin.take().expect("piped");
        let stdout = child.stdout.take().expect("piped");
        let mut stderr_pipe = child.stderr.take().expect("piped");
        let (tx, replies) = mpsc::channel();
        let out = self.out.clone();
        std::thread::spawn(move || {
            let mut r = BufReader::with_capacity(64 << 10, stdout);
            let mut header = String::new();
            loop {
                header.clear();
                if !matches!(r.read_line(&mut header), Ok(n) if n > 0) {
                    return;
                }
                let reply = match serde_json::from_str::<Reply>(&header) {
                    Ok(Reply::Read { line, json, facts }) => {
                        let Some(reading) = receive(&mut r, &out, line, json, facts) else {
                            return;
                        };
                        Ok(reading)
                    }
                    Ok(Reply::Failed(why)) => Err(why),
                    Err(_) => return,
                };
                if let Err(mpsc::SendError(Ok(Reading {
                    json: Some(tmp), ..
                }))) = tx.send(reply)
                {
                    let _ = std::fs::remove_file(tmp);
                    return;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let tail = Arc::clone(&stderr);
        let stderr_reader = std::thread::spawn(move || {
            let mut buf = [0u8; 1024];
            while let Ok(n @ 1..) = stderr_pipe.read(&mut buf) {
                if let Ok(mut t) = tail.lock() {
                    t.extend_from_slice(&buf[..n]);
                    let excess = t.len().saturating_sub(STDERR_TAIL);
                    t.drain(..excess);
                }
            }
        });
        Ok(Running {
            child,
            stdin,
            replies,
            stderr,
            stderr_reader,
            served: 0,
        })
    }

    /// The worker is gone mid-file: why, in the manifest's words.
    fn died(&mut self) -> String {
        let Some(mut r) = self.running.take() else {
            return "crashed".into();
        };
        // its stdout is closed, so it is exiting; do not wait for ever all the same
        let started = Instant::now();
        let status = loop {
            match r.child.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) if started.elapsed() < Duration::from_secs(5) => {
                    std::thread::sleep(Duration::from_millis(10));
                }
                _ => {
                    let _ = r.child.kill();
                    break r.child.wait().ok();
                }
            }
        };
        let _ = r.stderr_reader.join();
        let stderr = r.stderr.lock().map(|t| t.clone()).unwrap_or_default();
        death_reason(
            status,
            &String::from_utf8_lossy(&stderr),
            self.limits.max_memory,
        )
    }
}

impl Worker {
    /// End the worker between files: closing its stdin ends its loop.
    fn retire(&mut self) {
        if let Some(mut r) = self.running.take() {
            drop(r.stdin);
            let _ = r.child.wait();
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.retire();
    }
}

/// Why a worker died, from its exit status and the last thing it wrote to stderr.
fn death_reason(status: Option<ExitStatus>, stderr: &str, max_memory: u64) -> String {
    // Rust's allocation-failure message; the cap is what made the allocation fail
    if stderr.contains("memory allocation of") {
        return format!("exceeded {}", human_bytes(max_memory));
    }
    match status {
        Some(s) if s.signal().is_some() => {
            let why = if stderr.contains("has overflowed its stack") {
                " (stack overflow)"
            } else {
                ""
            };
            format!("crashed: signal {}{why}", s.signal().unwrap_or_default())
        }
        Some(s) => format!("crashed: exit status {}", s.code().unwrap_or_default()),
        None => "crashed".into(),
    }
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
    fn a_workers_death_is_told_in_words() {
        let signal = |n| Some(ExitStatus::from_raw(n));
        let code = |n: i32| Some(ExitStatus::from_raw(n << 8));
        assert_eq!(
            death_reason(
                signal(6),
                "memory allocation of 1073741824 bytes failed\n",
                2 << 30
            ),
            "exceeded 2 GiB"
        );
        assert_eq!(death_reason(signal(6), "", 2 << 30), "crashed: signal 6");
        assert_eq!(
            death_reason(
                signal(6),
                "\nthread 'juesuan worker' has overflowed its stack\nfatal runtime error: stack overflow\n",
                2 << 30
            ),
            "crashed: signal 6 (stack overflow)"
        );
        assert_eq!(death_reason(signal(9), "", 2 << 30), "crashed: signal 9");
        assert_eq!(
            death_reason(code(101), "", 2 << 30),
            "crashed: exit status 101"
        );
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
