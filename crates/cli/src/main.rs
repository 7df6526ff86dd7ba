//! The `juesuan` command line: `extract` for datasets, `debug` for a developer's look at a page.

mod debug;
mod extract;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

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

#[derive(Subcommand)]
enum Command {
    /// Extract every report under the given files or folders into OUT.
    Extract {
        /// PDF files or folders (searched recursively for .pdf).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output folder: one JSON per input, facts.jsonl, facts.csv, manifest.jsonl.
        #[arg(long, short)]
        out: PathBuf,
        /// Worker threads (default: all cores).
        #[arg(long, short)]
        jobs: Option<usize>,
        /// Process only shard K of N (1-based) of the sorted file list, e.g. `--shard 3/8`.
        #[arg(long, value_parser = parse_shard)]
        shard: Option<(usize, usize)>,
        /// Reuse the JSON of inputs already extracted into OUT (resume an interrupted run).
        #[arg(long)]
        skip_existing: bool,
        /// Start facts.csv with a UTF-8 BOM, so Excel reads the Chinese text.
        #[arg(long)]
        csv_bom: bool,
        /// Leave time_ms out of manifest.jsonl, so that every output is byte-identical across runs.
        #[arg(long)]
        no_timings: bool,
        /// Give up on a file after this many seconds.
        #[arg(long, default_value_t = 120)]
        timeout: u64,
        /// Show a progress line (default: when stderr is a terminal).
        #[arg(long)]
        progress: Option<bool>,
    },
    /// Print the JSON Schema of the document JSON (or, with --facts, of one facts.jsonl line).
    Schema {
        #[arg(long)]
        facts: bool,
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
}

fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let (k, n) = s.split_once('/').ok_or("expected K/N, e.g. 2/8")?;
    let (k, n): (usize, usize) = (
        k.parse().map_err(|_| "K is not a number")?,
        n.parse().map_err(|_| "N is not a number")?,
    );
    if n == 0 || k == 0 || k > n {
        return Err("need 1 <= K <= N".into());
    }
    Ok((k, n))
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Extract {
            paths,
            out,
            jobs,
            shard,
            skip_existing,
            csv_bom,
            no_timings,
            timeout,
            progress,
        } => extract::run(extract::Options {
            paths,
            out,
            jobs,
            shard,
            skip_existing,
            csv_bom,
            timings: !no_timings,
            timeout: Duration::from_secs(timeout),
            progress,
        }),
        Command::Debug { file, page, svg } => debug::run(&file, page, svg.as_deref()),
        Command::Keys => {
            println!("concern\tkinds\tkey\t中文");
            for (concern, kinds, key, name) in juesuan_report::keys::all_keys() {
                println!("{concern}\t{kinds}\t{key}\t{name}");
            }
            Ok(())
        }
        Command::Schema { facts } => {
            print!(
                "{}",
                if facts {
                    juesuan_model::fact_schema()
                } else {
                    juesuan_model::document_schema()
                }
            );
            Ok(())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("juesuan: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
