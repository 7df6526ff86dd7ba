//! The dataset files of a run, streamed: each input's [`Entry`] is handed to every [`Sink`] in
//! input order as soon as it and all inputs before it are done, so memory does not grow with the
//! number of files and the bytes do not depend on which worker finished first. An entry holds
//! the input's manifest line and facts, not its document: the document is on disk by then
//! (`OUT/<doc>.json`), and a sink that needs it reads it ([`Entry::read_document`]), so entries
//! waiting their turn stay small.
//!
//! A sink writes into a temporary file under `OUT/.juesuan-tmp/` and renames it into place at the
//! end: a killed run never leaves half a `facts.jsonl`, and the next run (`--skip-existing`)
//! rebuilds every file from the documents already written.
//!
//! Adding an output is adding a sink to [`standard`]: a text file is one [`TextFile::create`]
//! call with its header and a function that renders one entry (see the ones here); a format with
//! its own writer implements [`Sink`] and keeps its connection or row group between calls
//! (`juesuan.sqlite`: [`sqlite`]; `facts.parquet` and `documents.parquet`: [`parquet`]; each
//! behind a cargo feature of the same name, on by default). Ordering, resume and shards need no
//! change.

#[cfg(feature = "parquet")]
mod parquet;
#[cfg(feature = "sqlite")]
mod sqlite;
#[cfg(any(feature = "sqlite", feature = "parquet"))]
pub mod tables;

use juesuan_model::{Document, DocumentLine, Fact, ManifestLine};
use std::cell::OnceCell;
use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Everything the outputs need of one input.
pub struct Entry {
    pub line: ManifestLine,
    /// The document's facts (computed once, used by several sinks).
    pub facts: Vec<Fact>,
    /// Where the document is, unless the input failed.
    pub document: Option<PathBuf>,
    /// The document once a sink has read it back: read once, for all sinks, when the entry's
    /// turn comes (entries waiting in the reorder window hold no document).
    parsed: OnceCell<Option<Document>>,
}

impl Entry {
    pub fn new(line: ManifestLine, facts: Vec<Fact>, document: Option<PathBuf>) -> Self {
        Entry {
            line,
            facts,
            document,
            parsed: OnceCell::new(),
        }
    }

    /// The input's document, read back from OUT (for sinks that need more than the facts);
    /// None when the input failed.
    pub fn read_document(&self) -> std::io::Result<Option<&Document>> {
        if let Some(parsed) = self.parsed.get() {
            return Ok(parsed.as_ref());
        }
        let document = self.document.as_deref().map(read_document).transpose()?;
        Ok(self.parsed.get_or_init(|| document).as_ref())
    }

    /// The input's `documents.jsonl` line.
    pub fn document_line(&self) -> std::io::Result<DocumentLine> {
        Ok(DocumentLine::new(&self.line, self.read_document()?))
    }
}

/// A document JSON file, parsed as it is read (no copy of the whole file in memory).
pub fn read_document(path: &Path) -> std::io::Result<Document> {
    let file = BufReader::with_capacity(64 << 10, File::open(path)?);
    Ok(serde_json::from_reader(file)?)
}

/// One output of a run: fed every entry, in input order, then finished once.
pub trait Sink {
    fn write(&mut self, entry: &Entry) -> std::io::Result<()>;
    /// Flush and move the output into place.
    fn finish(self: Box<Self>) -> std::io::Result<()>;
}

/// An output beyond the JSON Lines and CSV files, asked for with `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Format {
    /// `juesuan.sqlite`: documents, tables, facts, diagnostics, evaluations, indicators, narrative.
    Sqlite,
    /// `facts.parquet` and `documents.parquet`.
    Parquet,
}

impl Format {
    /// The file whose presence in an output folder says the format was written.
    pub fn marker(self) -> &'static str {
        match self {
            Format::Sqlite => "juesuan.sqlite",
            Format::Parquet => "facts.parquet",
        }
    }
}

/// What shapes the outputs beyond the entries themselves.
pub struct Options {
    pub csv_bom: bool,
    /// Extra formats to write (`--format`).
    pub formats: Vec<Format>,
}

/// The outputs of a run, in the order they are finished: the text files every run writes, and
/// the formats asked for.
pub fn standard(out: &Path, options: &Options) -> std::io::Result<Vec<Box<dyn Sink>>> {
    let mut sinks: Vec<Box<dyn Sink>> = vec![
        TextFile::create(out, "facts.jsonl", String::new(), |e, s| {
            s.push_str(&juesuan_export::facts_jsonl(&e.facts));
        })?,
        TextFile::create(
            out,
            "facts.csv",
            juesuan_export::facts_csv_header(options.csv_bom),
            |e, s| s.push_str(&juesuan_export::facts_csv_rows(&e.facts)),
        )?,
        TextFile::create(out, "manifest.jsonl", String::new(), |e, s| {
            s.push_str(&juesuan_export::manifest_jsonl(&e.line));
        })?,
        Box::new(FromDocuments::create(out, options)?),
    ];
    for &format in &options.formats {
        sinks.extend(format_sinks(format, out)?);
    }
    Ok(sinks)
}

/// The sinks of one `--format`, or why this build has none.
fn format_sinks(format: Format, out: &Path) -> std::io::Result<Vec<Box<dyn Sink>>> {
    match format {
        #[cfg(feature = "sqlite")]
        Format::Sqlite => Ok(vec![Box::new(sqlite::Sqlite::create(out)?)]),
        #[cfg(feature = "parquet")]
        Format::Parquet => parquet::sinks(out),
        #[allow(unreachable_patterns)]
        other => {
            let _ = out;
            Err(std::io::Error::other(format!(
                "this build of juesuan cannot write --format {} (built without that feature)",
                format!("{other:?}").to_lowercase()
            )))
        }
    }
}

/// Outputs rendered from each input's document rather than its facts (read back once for all of
/// them): `documents.jsonl`/`.csv`, `evaluations.jsonl`/`.csv`, `indicators.jsonl`/`.csv`,
/// `narrative.jsonl`/`.csv`.
pub struct FromDocuments {
    files: Vec<Output>,
}

/// One output file and how an input's lines for it are rendered.
type Output = (TextFile, Render);

/// One output's lines for an input: from its `documents.jsonl` line, and its document unless the
/// input failed.
type Render = fn(&DocumentLine, Option<&Document>) -> String;

impl FromDocuments {
    fn create(out: &Path, options: &Options) -> std::io::Result<Self> {
        let bom = options.csv_bom;
        let file = |name: &str, header: String| TextFile::open(out, name, header);
        let files: Vec<Output> = vec![
            (file("documents.jsonl", String::new())?, |l, _| {
                juesuan_export::documents_jsonl(l)
            }),
            (
                file("documents.csv", juesuan_export::documents_csv_header(bom))?,
                |l, _| juesuan_export::documents_csv_row(l),
            ),
            (file("evaluations.jsonl", String::new())?, |_, d| {
                d.map(juesuan_export::evaluations_jsonl).unwrap_or_default()
            }),
            (
                file(
                    "evaluations.csv",
                    juesuan_export::evaluations_csv_header(bom),
                )?,
                |_, d| {
                    d.map(juesuan_export::evaluations_csv_rows)
                        .unwrap_or_default()
                },
            ),
            (file("indicators.jsonl", String::new())?, |_, d| {
                d.map(juesuan_export::indicators_jsonl).unwrap_or_default()
            }),
            (
                file("indicators.csv", juesuan_export::indicators_csv_header(bom))?,
                |_, d| {
                    d.map(juesuan_export::indicators_csv_rows)
                        .unwrap_or_default()
                },
            ),
            (file("narrative.jsonl", String::new())?, |_, d| {
                d.map(juesuan_export::narrative_jsonl).unwrap_or_default()
            }),
            (
                file("narrative.csv", juesuan_export::narrative_csv_header(bom))?,
                |_, d| {
                    d.map(juesuan_export::narrative_csv_rows)
                        .unwrap_or_default()
                },
            ),
        ];
        Ok(FromDocuments { files })
    }
}

impl Sink for FromDocuments {
    fn write(&mut self, entry: &Entry) -> std::io::Result<()> {
        let line = entry.document_line()?;
        let document = entry.read_document()?;
        for (file, render) in &mut self.files {
            file.file.write_all(render(&line, document).as_bytes())?;
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> std::io::Result<()> {
        for (file, _) in self.files {
            Box::new(file).finish()?;
        }
        Ok(())
    }
}

/// A text output: a header, then each entry's rendering.
pub struct TextFile {
    file: BufWriter<File>,
    tmp: PathBuf,
    path: PathBuf,
    render: fn(&Entry, &mut String),
    buf: String,
}

impl TextFile {
    pub fn create(
        out: &Path,
        name: &str,
        header: String,
        render: fn(&Entry, &mut String),
    ) -> std::io::Result<Box<dyn Sink>> {
        let mut file = TextFile::open(out, name, header)?;
        file.render = render;
        Ok(Box::new(file))
    }

    /// The file with its header written, rendering nothing per entry by itself.
    fn open(out: &Path, name: &str, header: String) -> std::io::Result<TextFile> {
        let path = out.join(name);
        let tmp = temp_path(out, name);
        let mut file = BufWriter::with_capacity(1 << 20, File::create(&tmp)?);
        file.write_all(header.as_bytes())?;
        Ok(TextFile {
            file,
            tmp,
            path,
            render: |_, _| {},
            buf: String::new(),
        })
    }
}

impl Sink for TextFile {
    fn write(&mut self, entry: &Entry) -> std::io::Result<()> {
        self.buf.clear();
        (self.render)(entry, &mut self.buf);
        self.file.write_all(self.buf.as_bytes())
    }

    fn finish(self: Box<Self>) -> std::io::Result<()> {
        let file = self.file.into_inner().map_err(|e| e.into_error())?;
        drop(file);
        std::fs::rename(&self.tmp, &self.path)
    }
}

/// The folder of a run's temporary files, inside OUT so that renames stay on one filesystem.
fn temp_dir(out: &Path) -> PathBuf {
    out.join(".juesuan-tmp")
}

/// Empty the temporary folder a killed run may have left, and make it.
pub fn prepare_temp_dir(out: &Path) -> std::io::Result<()> {
    let dir = temp_dir(out);
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().ends_with(".tmp") {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
    std::fs::create_dir_all(dir)
}

/// Remove the temporary folder once it is empty (every temporary file renamed away).
pub fn remove_temp_dir(out: &Path) {
    let _ = std::fs::remove_dir(temp_dir(out));
}

/// A temporary file of OUT that no other writer of this process or another uses; `name` is only
/// for people looking at a leftover (pid and counter make it unique).
pub fn temp_path(out: &Path, name: &str) -> PathBuf {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let short: String = name
        .chars()
        .rev()
        .take(60)
        .map(|c| if c == '/' || c == '\\' { '_' } else { c })
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    temp_dir(out).join(format!("{}-{n}-{short}.tmp", std::process::id()))
}

/// Move a finished temporary file to its place in OUT (whole or absent, never half).
pub fn put_in_place(tmp: &Path, path: &Path) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::rename(tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(tmp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_files_are_unique_per_writer() {
        let out = Path::new("/o");
        let a = temp_path(out, "u01.pdf.json");
        let b = temp_path(out, "u01.pdf.json");
        assert_ne!(a, b);
        assert_eq!(
            temp_path(out, "2020/a.pdf").parent(),
            a.parent(),
            "no subfolder"
        );
        assert!(a.starts_with("/o/.juesuan-tmp") && a.to_string_lossy().ends_with(".tmp"));
    }

    #[test]
    fn outputs_appear_only_when_finished() {
        let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/tmp/juesuan-sinks");
        let _ = std::fs::remove_dir_all(&out);
        std::fs::create_dir_all(&out).unwrap();
        prepare_temp_dir(&out).unwrap();
        let stale = temp_dir(&out).join("1-2-facts.jsonl.tmp");
        std::fs::write(&stale, b"left by a killed run").unwrap();
        prepare_temp_dir(&out).unwrap();
        assert!(!stale.exists());
        let mut sink = TextFile::create(&out, "x.txt", "head\n".into(), |e, s| {
            s.push_str(&e.line.doc);
            s.push('\n');
        })
        .unwrap();
        let line = juesuan::pipeline::manifest_line("a.pdf", Err("no"), 0, None);
        sink.write(&Entry::new(line, vec![], None)).unwrap();
        assert!(!out.join("x.txt").exists());
        sink.finish().unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("x.txt")).unwrap(),
            "head\na.pdf\n"
        );
        remove_temp_dir(&out);
        assert!(!temp_dir(&out).exists());
    }
}
