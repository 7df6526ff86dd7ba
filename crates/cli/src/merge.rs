//! `juesuan merge OUT1 OUT2 … --out DIR`: the outputs of `--shard` runs as one dataset, byte for
//! byte what a single run over all their inputs writes.
//!
//! The manifests say which inputs each shard holds; their lines are taken as they are (with their
//! `time_ms`, if recorded), in name order across shards, and every other output is rebuilt from
//! the shards' documents through the same sinks a run uses, in the formats the shards were
//! written in (`juesuan.sqlite`, Parquet) and those `--format` adds. Documents are hard-linked into DIR
//! (copied when DIR is on another filesystem).

use crate::extract::{emit, finish, prepare_out, window};
use crate::inputs::document_path;
use crate::sinks::{self, Entry};
use crate::{Progress, Tally};
use anyhow::{Context, Result, bail};
use juesuan_model::{ManifestLine, Status};
use std::path::{Path, PathBuf};

pub struct Options {
    pub shards: Vec<PathBuf>,
    pub out: PathBuf,
    pub jobs: Option<usize>,
    /// Extra formats to write; those any shard has are written as well.
    pub formats: Vec<sinks::Format>,
    pub progress: bool,
}

pub fn run(opts: &Options) -> Result<Tally> {
    prepare_out(&opts.out)?;
    let real_out = opts.out.canonicalize()?;
    let mut lines: Vec<(usize, ManifestLine)> = Vec::new();
    let mut bom = None;
    let mut formats = opts.formats.clone();
    for (s, shard) in opts.shards.iter().enumerate() {
        for format in [sinks::Format::Sqlite, sinks::Format::Parquet] {
            if shard.join(format.marker()).exists() {
                formats.push(format);
            }
        }
        if shard.canonicalize().ok().as_ref() == Some(&real_out) {
            bail!(
                "--out {} is one of the shards; merge into a new folder",
                opts.out.display()
            );
        }
        let manifest = shard.join("manifest.jsonl");
        let text = std::fs::read_to_string(&manifest).with_context(|| {
            format!(
                "{} is not a juesuan output (no manifest.jsonl)",
                shard.display()
            )
        })?;
        for (n, l) in text.lines().enumerate() {
            let line: ManifestLine = serde_json::from_str(l)
                .with_context(|| format!("{} line {}", manifest.display(), n + 1))?;
            lines.push((s, line));
        }
        let csv = std::fs::read(shard.join("facts.csv")).unwrap_or_default();
        let has_bom = csv.starts_with("\u{feff}".as_bytes());
        if bom.is_some_and(|b| b != has_bom) {
            bail!("some shards wrote facts.csv with --csv-bom and some without");
        }
        bom = Some(has_bom);
    }
    lines.sort_by(|a, b| a.1.doc.cmp(&b.1.doc));
    if let Some(w) = lines.windows(2).find(|w| w[0].1.doc == w[1].1.doc) {
        bail!(
            "{} is in two shards ({} and {})",
            w[0].1.doc,
            opts.shards[w[0].0].display(),
            opts.shards[w[1].0].display()
        );
    }
    formats.sort();
    formats.dedup();
    let mut outputs = sinks::standard(
        &opts.out,
        &sinks::Options {
            csv_bom: bom.unwrap_or(false),
            formats,
        },
    )?;
    let jobs = opts.jobs.filter(|&j| j > 0).unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    let mut progress = Progress::new(opts.progress, lines.len());
    let mut tally = Tally::default();
    crate::ordered::run(
        lines.len(),
        jobs,
        window(jobs),
        || (),
        |(), i| {
            let (s, line) = &lines[i];
            take(&opts.shards[*s], &opts.out, line)
        },
        |i, entry| -> Result<()> {
            let entry = entry?;
            emit(&mut outputs, &entry)?;
            tally.add(&entry);
            progress.update(i + 1, &lines[i].1.doc);
            Ok(())
        },
    )?;
    finish(outputs, &opts.out)?;
    progress.clear();
    Ok(tally)
}

/// One input of a shard: its line, its document read and linked into OUT.
fn take(shard: &Path, out: &Path, line: &ManifestLine) -> Result<Entry> {
    if line.status == Status::Failed {
        return Ok(Entry::new(line.clone(), vec![], None));
    }
    let source = document_path(shard, &line.doc);
    let document = sinks::read_document(&source).with_context(|| {
        format!(
            "{} is incomplete: cannot read {}",
            shard.display(),
            source.display()
        )
    })?;
    let target = document_path(out, &line.doc);
    let tmp = sinks::temp_path(out, &line.doc);
    if std::fs::hard_link(&source, &tmp).is_err() {
        std::fs::copy(&source, &tmp)
            .with_context(|| format!("cannot copy {}", source.display()))?;
    }
    sinks::put_in_place(&tmp, &target)
        .with_context(|| format!("cannot write {}", target.display()))?;
    Ok(Entry::new(line.clone(), document.facts(), Some(target)))
}
