//! The parent's side of a worker: start it, send it a file, wait with a deadline, and say in
//! words why it died.

use super::{Limits, Reading, Reply, Request, human_bytes};
use juesuan_model::{Fact, ManifestLine};
use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
