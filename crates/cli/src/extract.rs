//! `juesuan extract`: a folder of reports to a dataset, in parallel, never losing a file.

use anyhow::{Context, Result, bail};
use juesuan::pipeline::{extract_pdf, extract_text, status_of};
use juesuan_model::{Document, Severity};
use rayon::prelude::*;
use serde::Serialize;
use std::io::IsTerminal;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

pub struct Options {
    pub paths: Vec<PathBuf>,
    pub out: PathBuf,
    pub jobs: Option<usize>,
    pub shard: Option<(usize, usize)>,
    pub skip_existing: bool,
    pub csv_bom: bool,
    pub timings: bool,
    pub timeout: Duration,
    pub progress: Option<bool>,
}

/// One input: where it is, and the name it gets in every output.
struct Input {
    path: PathBuf,
    doc: String,
}

/// One line of `manifest.jsonl`.
#[derive(Serialize)]
struct ManifestLine {
    doc: String,
    /// `ok`, `partial` (read, but something was cut short or unreadable), `no_text` (no text layer:
    /// a scan), `failed` (nothing could be read; see `error`).
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    pages: usize,
    tables: Vec<&'static str>,
    facts: usize,
    identities_passed: usize,
    identities_failed: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    time_ms: Option<u64>,
}

struct Outcome {
    doc: String,
    status: &'static str,
    error: Option<String>,
    document: Option<Document>,
    time: Duration,
}

pub fn run(opts: Options) -> Result<()> {
    let mut inputs = collect_inputs(&opts.paths)?;
    inputs.sort_by(|a, b| a.doc.cmp(&b.doc));
    if let Some((k, n)) = opts.shard {
        inputs = inputs
            .into_iter()
            .enumerate()
            .filter(|(i, _)| i % n == k - 1)
            .map(|(_, x)| x)
            .collect();
    }
    std::fs::create_dir_all(&opts.out)
        .with_context(|| format!("cannot create output folder {}", opts.out.display()))?;
    probe_writable(&opts.out)?;

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.unwrap_or(0))
        .build()?;
    let show_progress = opts
        .progress
        .unwrap_or_else(|| std::io::stderr().is_terminal());
    let done = AtomicUsize::new(0);
    let total = inputs.len();
    let started = Instant::now();
    let outcomes: Vec<Outcome> = pool.install(|| {
        inputs
            .par_iter()
            .map(|input| {
                let outcome = process(input, &opts);
                let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                if show_progress {
                    eprint!(
                        "\r[{n}/{total}] {:.1}s {}",
                        started.elapsed().as_secs_f32(),
                        truncate(&input.doc, 60)
                    );
                }
                outcome
            })
            .collect()
    });
    if show_progress {
        eprintln!();
    }

    let mut facts = Vec::new();
    let mut manifest = String::new();
    let (mut ok, mut partial, mut no_text, mut failed, mut held, mut checked) = (0, 0, 0, 0, 0, 0);
    for o in &outcomes {
        let (passed, failed_ids) = o.document.as_ref().map_or((0, 0), identity_counts);
        held += passed;
        checked += passed + failed_ids;
        let doc_facts = o.document.as_ref().map(Document::facts).unwrap_or_default();
        let line = ManifestLine {
            doc: o.doc.clone(),
            status: o.status,
            error: o.error.clone(),
            pages: o.document.as_ref().map_or(0, |d| d.pages.len()),
            tables: o.document.as_ref().map_or(vec![], |d| {
                d.tables.iter().map(|t| t.kind.as_str()).collect()
            }),
            facts: doc_facts.len(),
            identities_passed: passed,
            identities_failed: failed_ids,
            time_ms: opts.timings.then_some(o.time.as_millis() as u64),
        };
        manifest.push_str(&serde_json::to_string(&line)?);
        manifest.push('\n');
        match o.status {
            "ok" => ok += 1,
            "partial" => partial += 1,
            "no_text" => no_text += 1,
            _ => failed += 1,
        }
        facts.extend(doc_facts);
    }
    write_atomic(
        &opts.out.join("facts.jsonl"),
        juesuan_export::facts_jsonl(&facts).as_bytes(),
    )?;
    write_atomic(
        &opts.out.join("facts.csv"),
        juesuan_export::facts_csv(&facts, opts.csv_bom).as_bytes(),
    )?;
    write_atomic(&opts.out.join("manifest.jsonl"), manifest.as_bytes())?;
    eprintln!(
        "juesuan: {} files: {ok} ok, {partial} partial, {no_text} no text, {failed} failed; {} facts; identities held {held}/{checked}; {:.1}s",
        outcomes.len(),
        facts.len(),
        started.elapsed().as_secs_f32()
    );
    Ok(())
}

fn truncate(s: &str, n: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= n {
        s.to_string()
    } else {
        chars[chars.len() - n..].iter().collect()
    }
}

fn identity_counts(doc: &Document) -> (usize, usize) {
    let ids = doc.diagnostics.iter().filter(|d| d.rule.is_identity());
    let passed = ids
        .clone()
        .filter(|d| matches!(d.severity, Severity::Pass | Severity::Warning))
        .count();
    (passed, ids.count() - passed)
}

fn collect_inputs(paths: &[PathBuf]) -> Result<Vec<Input>> {
    let mut inputs = Vec::new();
    for root in paths {
        let meta =
            std::fs::metadata(root).with_context(|| format!("cannot read {}", root.display()))?;
        if meta.is_file() {
            // a file named on the command line: relative to itself, its name is all there is
            let name = root.file_name().map_or_else(
                || root.to_string_lossy().into_owned(),
                |n| n.to_string_lossy().into_owned(),
            );
            inputs.push(Input {
                path: root.clone(),
                doc: name,
            });
            continue;
        }
        let mut stack = vec![root.clone()];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                // an unreadable folder: its files cannot be listed, so it gets one failed line
                inputs.push(Input {
                    path: dir.clone(),
                    doc: relative(root, &dir),
                });
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("pdf") || e.eq_ignore_ascii_case("txt"))
                {
                    inputs.push(Input {
                        doc: relative(root, &path),
                        path,
                    });
                }
            }
        }
    }
    if inputs.is_empty() {
        bail!(
            "no .pdf or .txt files found under {}",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(inputs)
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Where a document's JSON goes: the input's relative path with `.json` for its extension.
fn json_path(out: &Path, doc: &str) -> PathBuf {
    let rel = Path::new(doc.trim_start_matches(['/', '.']));
    out.join(rel.with_extension("json"))
}

fn process(input: &Input, opts: &Options) -> Outcome {
    let started = Instant::now();
    let target = json_path(&opts.out, &input.doc);
    if opts.skip_existing
        && let Ok(bytes) = std::fs::read(&target)
        && let Ok(document) = serde_json::from_slice::<Document>(&bytes)
    {
        let (status, error) = status_of(&document);
        return Outcome {
            doc: input.doc.clone(),
            status,
            error,
            document: Some(document),
            time: started.elapsed(),
        };
    }
    let (status, error, document) = match run_isolated(input, opts.timeout) {
        Ok(document) => {
            let (status, error) = status_of(&document);
            (status, error, Some(document))
        }
        Err(e) => ("failed", Some(e), None),
    };
    if let Some(doc) = &document
        && let Err(e) = write_atomic(&target, juesuan_export::document_json(doc).as_bytes())
    {
        return Outcome {
            doc: input.doc.clone(),
            status: "failed",
            error: Some(format!("cannot write {}: {e}", target.display())),
            document: None,
            time: started.elapsed(),
        };
    }
    Outcome {
        doc: input.doc.clone(),
        status,
        error,
        document,
        time: started.elapsed(),
    }
}

/// Run one file on its own thread: a panic becomes an error, and a file that runs past the
/// timeout is abandoned (its thread finishes on its own) so the batch goes on.
fn run_isolated(input: &Input, timeout: Duration) -> Result<Document, String> {
    let bytes = std::fs::read(&input.path).map_err(|e| format!("cannot read file: {e}"))?;
    let limits = juesuan_pdf::Limits {
        time: timeout,
        ..juesuan_pdf::Limits::default()
    };
    let source = input.doc.clone();
    let is_text = input
        .path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"));
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name(format!("juesuan {source}"))
        .stack_size(16 << 20)
        .spawn(move || {
            let result = std::panic::catch_unwind(AssertUnwindSafe(|| {
                if is_text {
                    Ok(extract_text(&bytes, &source))
                } else {
                    extract_pdf(&bytes, &source, &limits)
                }
            }));
            let _ = tx.send(result);
        })
        .map_err(|e| format!("cannot start a worker: {e}"))?;
    match rx.recv_timeout(timeout + Duration::from_secs(5)) {
        Ok(Ok(Ok(document))) => Ok(document),
        Ok(Ok(Err(e))) => Err(e.to_string()),
        Ok(Err(panic)) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(format!(
                "internal error while reading this file (please report it): {what}"
            ))
        }
        Err(_) => Err(format!("timed out after {}s", timeout.as_secs())),
    }
}

fn probe_writable(out: &Path) -> Result<()> {
    let probe = out.join(".juesuan-write-test");
    std::fs::write(&probe, b"")
        .with_context(|| format!("output folder {} is not writable", out.display()))?;
    let _ = std::fs::remove_file(probe);
    Ok(())
}

/// Write through a temporary file and rename, so a crash never leaves half a file.
fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}
