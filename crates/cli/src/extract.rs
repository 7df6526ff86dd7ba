//! `juesuan extract`: a folder of reports to a dataset, in parallel, never losing a file.
//!
//! The inputs are sorted by name; worker processes read them (see [`crate::worker`]), and each
//! document is written to `OUT/<doc>.json` the moment it is read. The dataset files are streamed
//! through [`crate::sinks`] in input order ([`crate::ordered`]), so a run of 100,000 files holds a
//! few documents at a time, and a killed run keeps every document it finished: `--skip-existing`
//! reads those back instead of reading the PDFs again and rebuilds every dataset file.

use crate::inputs::{self, Input, Kind};
use crate::sinks::{self, Entry, Sink};
use crate::worker::{self, Worker};
use crate::{Progress, Tally};
use anyhow::{Context, Result};
use juesuan::pipeline::manifest_line;
use std::path::{Path, PathBuf};
use std::time::Instant;

pub struct Options {
    pub paths: Vec<PathBuf>,
    pub out: PathBuf,
    pub jobs: Option<usize>,
    pub shard: Option<(usize, usize)>,
    pub skip_existing: bool,
    pub csv_bom: bool,
    pub formats: Vec<sinks::Format>,
    pub timings: bool,
    pub limits: worker::Limits,
    pub progress: bool,
}

pub fn run(opts: &Options) -> Result<Tally> {
    let mut inputs = inputs::collect(&opts.paths)?;
    if let Some(shard) = opts.shard {
        inputs = inputs::shard(inputs, shard);
    }
    prepare_out(&opts.out)?;
    let mut formats = opts.formats.clone();
    formats.sort();
    formats.dedup();
    let mut outputs = sinks::standard(
        &opts.out,
        &sinks::Options {
            csv_bom: opts.csv_bom,
            formats,
        },
    )
    .with_context(|| format!("cannot write into {}", opts.out.display()))?;
    let jobs = opts.jobs.filter(|&j| j > 0).unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    let exe = std::env::current_exe().context("cannot find the juesuan executable")?;
    let mut progress = Progress::new(opts.progress, inputs.len());
    let mut tally = Tally::default();
    crate::ordered::run(
        inputs.len(),
        jobs,
        window(jobs),
        || Worker::new(opts.limits.clone(), exe.clone(), opts.out.clone()),
        |worker, i| process(&inputs[i], worker, opts),
        |i, entry| -> Result<()> {
            emit(&mut outputs, &entry)?;
            tally.add(&entry);
            progress.update(i + 1, &inputs[i].doc);
            Ok(())
        },
    )?;
    finish(outputs, &opts.out)?;
    progress.clear();
    Ok(tally)
}

/// How many inputs may be in flight ahead of the oldest unfinished one.
pub fn window(jobs: usize) -> usize {
    (8 * jobs).max(16)
}

/// Create OUT, check it is writable, and clear what a killed run left there.
pub fn prepare_out(out: &Path) -> Result<()> {
    std::fs::create_dir_all(out)
        .with_context(|| format!("cannot create output folder {}", out.display()))?;
    sinks::prepare_temp_dir(out)
        .with_context(|| format!("output folder {} is not writable", out.display()))
}

pub fn emit(outputs: &mut [Box<dyn Sink>], entry: &Entry) -> Result<()> {
    for sink in outputs.iter_mut() {
        sink.write(entry).context("cannot write the outputs")?;
    }
    Ok(())
}

pub fn finish(outputs: Vec<Box<dyn Sink>>, out: &Path) -> Result<()> {
    for sink in outputs {
        sink.finish().context("cannot write the outputs")?;
    }
    sinks::remove_temp_dir(out);
    Ok(())
}

fn process(input: &Input, worker: &mut Worker, opts: &Options) -> Entry {
    let started = Instant::now();
    let target = inputs::document_path(&opts.out, &input.doc);
    let time_ms = || opts.timings.then(|| started.elapsed().as_millis() as u64);
    let failed = |why: &str| {
        // a document left by an earlier run must not outlive this run's failure
        let _ = std::fs::remove_file(&target);
        Entry::new(
            manifest_line(&input.doc, Err(why), 0, time_ms()),
            vec![],
            None,
        )
    };
    let text = match &input.kind {
        Kind::Unreadable(why) => return failed(why),
        Kind::Text => true,
        Kind::Pdf => false,
    };
    let reuse = opts.skip_existing.then_some(target.as_path());
    let reading = match worker.read(&input.path, &input.doc, text, reuse) {
        Ok(reading) => reading,
        Err(why) => return failed(&why),
    };
    if let Some(tmp) = &reading.json
        && let Err(e) = sinks::put_in_place(tmp, &target)
    {
        return failed(&format!("cannot write {}: {e}", target.display()));
    }
    let mut line = reading.line;
    line.time_ms = time_ms();
    Entry::new(line, reading.facts, Some(target))
}
