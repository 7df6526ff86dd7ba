//! The `juesuan` command line: `extract` for datasets, `merge` for the shards of one, `debug` for
//! a developer's look at a page.
//!
//! Exit codes: 0 when the run completed (a bad file is a manifest line, not an error), 1 with
//! `--strict` when some file is `partial` or `failed`, 2 for usage errors and unwritable outputs.

mod debug;
mod extract;
mod inputs;
mod merge;
mod ordered;
mod sinks;
mod summary;
mod worker;

use clap::{Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};
use summary::{Progress, Tally};

#[derive(Parser)]
#[command(
    name = "juesuan",
    version,
    about = "Chinese government final-accounts reports (决算/预算 PDFs) to exact, validated data"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

const EXTRACT_EXAMPLES: &str = "\
Examples:
  juesuan extract reports --out dataset                 every .pdf and .txt under reports/
  juesuan extract reports --out dataset --skip-existing resume a run that was stopped
  juesuan extract reports --out s3 --shard 3/8          the 3rd of 8 parts (then `juesuan merge`)
  juesuan extract a.pdf dumps/b.txt --out dataset --strict

Limits (per file): --timeout seconds, --max-memory per worker process; a file over either, or one
that crashes its worker, gets a `failed` line in manifest.jsonl and the run goes on.";

const MERGE_EXAMPLES: &str = "\
Example:
  for k in 1 2 3; do juesuan extract reports --out part$k --shard $k/3; done
  juesuan merge part1 part2 part3 --out dataset";

#[derive(Subcommand)]
enum Command {
    /// Extract every report under the given files or folders into OUT.
    #[command(after_help = EXTRACT_EXAMPLES)]
    Extract {
        /// PDF files, text dumps (.txt, UTF-8 or GBK) or folders, searched recursively for .pdf
        /// and .txt (symbolic links are followed, each real file taken once).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output folder: facts.jsonl, facts.csv, manifest.jsonl, documents.jsonl, and one
        /// <input>.json per input
        /// (`a/u01.pdf` → `OUT/a/u01.pdf.json`).
        #[arg(long, short)]
        out: PathBuf,
        /// Worker processes (default: all cores).
        #[arg(long, short)]
        jobs: Option<usize>,
        /// Process only shard K of N (1-based) of the sorted file list, e.g. `--shard 3/8`.
        #[arg(long, value_parser = inputs::parse_shard)]
        shard: Option<(usize, usize)>,
        /// Reuse the JSON of inputs already extracted into OUT (resume an interrupted run);
        /// failed inputs are tried again.
        #[arg(long)]
        skip_existing: bool,
        /// Start facts.csv with a UTF-8 BOM, so Excel reads the Chinese text.
        #[arg(long)]
        csv_bom: bool,
        /// Also write these formats: `sqlite` (juesuan.sqlite) and/or `parquet` (facts.parquet,
        /// documents.parquet), e.g. `--format sqlite,parquet`.
        #[arg(long, value_enum, value_delimiter = ',')]
        format: Vec<sinks::Format>,
        /// Leave time_ms out of manifest.jsonl, so that every output is byte-identical across runs.
        #[arg(long)]
        no_timings: bool,
        /// Give up on a file after this many seconds (its worker is killed shortly after).
        #[arg(long, default_value_t = 120)]
        timeout: u64,
        /// Memory cap of each worker process (address space), e.g. 2G or 512M; a file that
        /// needs more fails alone. Keep jobs × cap under the machine's memory.
        #[arg(long, default_value = "2G", value_parser = worker::parse_size)]
        max_memory: u64,
        /// Exit with 1 when any file is partial or failed (for pipelines).
        #[arg(long)]
        strict: bool,
        /// Show a progress line on stderr.
        #[arg(long, value_enum, default_value_t = ProgressMode::Auto)]
        progress: ProgressMode,
    },
    /// Combine the outputs of `extract --shard` runs into one dataset, identical to one run.
    #[command(after_help = MERGE_EXAMPLES)]
    Merge {
        /// The shards' output folders.
        #[arg(required = true)]
        shards: Vec<PathBuf>,
        /// The merged dataset's folder (a new one, not a shard).
        #[arg(long, short)]
        out: PathBuf,
        /// Threads reading the shards' documents (default: all cores).
        #[arg(long, short)]
        jobs: Option<usize>,
        /// Also write these formats (those the shards hold are always written).
        #[arg(long, value_enum, value_delimiter = ',')]
        format: Vec<sinks::Format>,
        #[arg(long, value_enum, default_value_t = ProgressMode::Auto)]
        progress: ProgressMode,
    },
    /// Print the JSON Schema of the document JSON (or of one facts.jsonl, manifest.jsonl,
    /// documents.jsonl, evaluations.jsonl, indicators.jsonl or narrative.jsonl line).
    Schema {
        #[arg(long, conflicts_with_all = ["manifest", "documents", "evaluations", "indicators", "narrative"])]
        facts: bool,
        #[arg(long, conflicts_with_all = ["documents", "evaluations", "indicators", "narrative"])]
        manifest: bool,
        #[arg(long, conflicts_with_all = ["evaluations", "indicators", "narrative"])]
        documents: bool,
        #[arg(long, conflicts_with_all = ["indicators", "narrative"])]
        evaluations: bool,
        #[arg(long, conflicts_with = "narrative")]
        indicators: bool,
        #[arg(long)]
        narrative: bool,
    },
    /// List every canonical line and column key with its Chinese name.
    Keys,
    /// Print the lines and grids recovered from a PDF page (and optionally draw them as SVG).
    Debug {
        file: PathBuf,
        #[arg(long)]
        page: Option<usize>,
        /// Draw the page's rules, cells and glyph boxes into this SVG file.
        #[arg(long)]
        svg: Option<PathBuf>,
    },
    /// A worker process of `extract` (started by it; reads requests on stdin).
    #[command(hide = true)]
    Worker {
        #[arg(long)]
        max_memory: u64,
        #[arg(long)]
        timeout: u64,
        #[arg(long)]
        max_stream: usize,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ProgressMode {
    /// When stderr is a terminal.
    Auto,
    #[value(alias = "true")]
    Always,
    #[value(alias = "false")]
    Never,
}

impl ProgressMode {
    fn enabled(self) -> bool {
        match self {
            ProgressMode::Auto => std::io::stderr().is_terminal(),
            ProgressMode::Always => true,
            ProgressMode::Never => false,
        }
    }
}

fn main() -> ExitCode {
    let started = Instant::now();
    let result = match Cli::parse().command {
        Command::Extract {
            paths,
            out,
            jobs,
            shard,
            skip_existing,
            csv_bom,
            format,
            no_timings,
            timeout,
            max_memory,
            strict,
            progress,
        } => extract::run(&extract::Options {
            paths,
            out,
            jobs,
            shard,
            skip_existing,
            csv_bom,
            formats: format,
            timings: !no_timings,
            limits: worker::Limits::new(max_memory, Duration::from_secs(timeout)),
            progress: progress.enabled(),
        })
        .map(|tally| finished(&tally, started, strict)),
        Command::Merge {
            shards,
            out,
            jobs,
            format,
            progress,
        } => merge::run(&merge::Options {
            shards,
            out,
            jobs,
            formats: format,
            progress: progress.enabled(),
        })
        .map(|tally| finished(&tally, started, false)),
        Command::Worker {
            max_memory,
            timeout,
            max_stream,
        } => worker::serve(&worker::Limits {
            max_memory,
            timeout: Duration::from_secs(timeout),
            max_stream,
        })
        .map(|()| ExitCode::SUCCESS),
        Command::Debug { file, page, svg } => {
            debug::run(&file, page, svg.as_deref()).map(|()| ExitCode::SUCCESS)
        }
        Command::Keys => {
            println!("concern\tkinds\tkey\t中文");
            for (concern, kinds, key, name) in juesuan::pipeline::canonical_keys() {
                println!("{concern}\t{kinds}\t{key}\t{name}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Schema {
            facts,
            manifest,
            documents,
            evaluations,
            indicators,
            narrative,
        } => {
            print!(
                "{}",
                if facts {
                    juesuan_model::fact_schema()
                } else if manifest {
                    juesuan_model::manifest_schema()
                } else if documents {
                    juesuan_model::document_line_schema()
                } else if evaluations {
                    juesuan_model::evaluation_line_schema()
                } else if indicators {
                    juesuan_model::indicator_line_schema()
                } else if narrative {
                    juesuan_model::narrative_schema()
                } else {
                    juesuan_model::document_schema()
                }
            );
            Ok(ExitCode::SUCCESS)
        }
    };
    result.unwrap_or_else(|e| {
        eprintln!("juesuan: error: {e:#}");
        ExitCode::from(2)
    })
}

fn finished(tally: &Tally, started: Instant, strict: bool) -> ExitCode {
    eprintln!("{}", tally.line(started.elapsed()));
    if strict && tally.partial + tally.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
