//! The batch CLI over the corpus plus hostile files: nothing lost, nothing fatal, same bytes —
//! whatever the thread count, after a kill and a resume, and from merged shards.
//!
//! One reference run (corpus + hostile files, `--jobs 2`, under a 512 MiB memory cap) is made
//! once per test binary; the other tests compare their outputs with it byte for byte.

use crate::util::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

pub(crate) fn juesuan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_juesuan"))
        .args(args)
        .output()
        .unwrap()
}

pub(crate) fn ok(output: &Output) {
    assert!(
        output.status.success(),
        "{:?}: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A PDF of these objects (numbered from 1; 1 is the catalog), with its cross-reference table.
fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut pdf = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n", i + 1).as_bytes());
        pdf.extend(body);
        pdf.extend(b"\nendobj\n");
    }
    let xref = pdf.len();
    let size = objects.len() + 1;
    pdf.extend(format!("xref\n0 {size}\n0000000000 65535 f \n").as_bytes());
    for o in offsets {
        pdf.extend(format!("{o:010} 00000 n \n").as_bytes());
    }
    pdf.extend(
        format!("trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
    );
    pdf
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    [
        format!("<< {dict} /Length {} >>\nstream\n", data.len()).as_bytes(),
        data,
        b"\nendstream",
    ]
    .concat()
}

/// A one-page PDF whose content stream is `data` (already encoded with `filter`).
fn one_page_pdf(data: &[u8], filter: &str) -> Vec<u8> {
    pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_vec(),
        stream(&format!("/Filter /{filter}"), data),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ])
}

/// A 3 KB PDF that never ends: twelve levels of form XObjects, each drawing the next ten times
/// (10^11 empty drawings, no memory). Only the time limit stops it.
fn endless_forms() -> Vec<u8> {
    let levels = 12;
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /X 5 0 R >> >> >>".to_vec(),
        stream("", b"/X Do"),
    ];
    for level in 0..levels {
        let form = "/Type /XObject /Subtype /Form /BBox [0 0 100 100]";
        objects.push(if level + 1 < levels {
            let next = format!(
                "{form} /Resources << /XObject << /X {} 0 R >> >>",
                6 + level
            );
            stream(&next, ["/X Do"; 10].join(" ").as_bytes())
        } else {
            stream(form, b"q Q")
        });
    }
    pdf(&objects)
}

/// A 2 MB PDF whose content stream inflates to 2 GiB of zeros: each MiB deflated with a full
/// flush (which resets the compressor) gives the same bytes, so they are repeated, not computed.
fn decompression_bomb() -> Vec<u8> {
    let mut c = flate2::Compress::new(flate2::Compression::best(), false);
    let mut chunk = Vec::with_capacity(4 << 10);
    c.compress_vec(&vec![0u8; 1 << 20], &mut chunk, flate2::FlushCompress::Full)
        .unwrap();
    let mut stream = chunk.repeat(2048);
    let mut end = Vec::with_capacity(64);
    c.compress_vec(&[], &mut end, flate2::FlushCompress::Finish)
        .unwrap();
    stream.extend(end);
    one_page_pdf(&stream, "FlateDecode")
}

/// A 6 KB PDF drawing six million glyphs: a real input whose reading needs over 1 GB, so under a
/// 512 MiB cap the worker's allocation fails and it aborts.
fn glyph_flood() -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    z.write_all(b"BT /F1 1 Tf 10 10 Td (").unwrap();
    z.write_all(&vec![b'a'; 6_000_000]).unwrap();
    z.write_all(b") Tj ET").unwrap();
    one_page_pdf(&z.finish().unwrap(), "FlateDecode")
}

fn hostile_folder(name: &str) -> PathBuf {
    let dir = temp_dir(name);
    let fixtures = repo_root().join("tests/fixtures");
    std::fs::write(dir.join("empty.pdf"), b"").unwrap();
    std::fs::write(dir.join("not-a-pdf.pdf"), "这不是 PDF 文件\n".repeat(50)).unwrap();
    let good = std::fs::read(repo_root().join("corpus/u01-reportlab.pdf")).unwrap();
    std::fs::write(dir.join("truncated.pdf"), &good[..good.len() / 3]).unwrap();
    let mut garbage = b"%PDF-1.7\n".to_vec();
    let mut x: u32 = 12345;
    for _ in 0..20_000 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        garbage.push((x >> 16) as u8);
    }
    std::fs::write(dir.join("garbage.pdf"), garbage).unwrap();
    std::fs::write(dir.join("bomb.pdf"), decompression_bomb()).unwrap();
    std::fs::write(dir.join("flood.pdf"), glyph_flood()).unwrap();
    std::fs::create_dir_all(dir.join("nested")).unwrap();
    for name in ["encrypted-user-password.pdf", "encrypted-owner-only.pdf"] {
        std::fs::copy(fixtures.join(name), dir.join("nested").join(name)).unwrap();
    }
    dir
}

const CAP: &str = "512M";

/// The inputs of the reference run: the corpus and the hostile folder.
fn inputs() -> &'static (PathBuf, PathBuf) {
    static INPUTS: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    INPUTS.get_or_init(|| (repo_root().join("corpus"), hostile_folder("hostile")))
}

fn extract_args<'a>(out: &'a Path, extra: &[&'a str]) -> Vec<&'a str> {
    let (c, h) = inputs();
    let mut args = vec![
        "extract",
        c.to_str().unwrap(),
        h.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--no-timings",
        "--max-memory",
        CAP,
        "--progress",
        "never",
        "--format",
        "sqlite,parquet",
    ];
    args.extend(extra);
    args
}

/// The reference run, made once: its output folder and what it printed.
pub(crate) fn reference() -> &'static (PathBuf, Output) {
    static REFERENCE: OnceLock<(PathBuf, Output)> = OnceLock::new();
    REFERENCE.get_or_init(|| {
        let out = temp_dir("reference");
        let run = juesuan(&extract_args(&out, &["--jobs", "2"]));
        (out, run)
    })
}

fn read_all(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                files.insert(
                    p.strip_prefix(dir).unwrap().to_string_lossy().to_string(),
                    std::fs::read(&p).unwrap(),
                );
            }
        }
    }
    files
}

fn assert_same_outputs(got: &Path, want: &Path, what: &str) {
    let (a, b) = (read_all(got), read_all(want));
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "{what}: not the same files"
    );
    for (name, bytes) in &a {
        assert!(bytes == &b[name], "{what}: {name} differs");
    }
}

fn manifest_of(out: &Path) -> BTreeMap<String, Value> {
    std::fs::read_to_string(out.join("manifest.jsonl"))
        .unwrap()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (v["doc"].as_str().unwrap().to_string(), v)
        })
        .collect()
}

#[test]
fn hostile_files_cost_one_line_each_and_good_files_are_complete() {
    let (out, run) = reference();
    ok(run);
    let summary = String::from_utf8_lossy(&run.stderr);
    assert!(
        summary.contains("files:") && summary.contains("facts"),
        "{summary}"
    );
    let manifest = manifest_of(out);
    let lines = std::fs::read_to_string(out.join("manifest.jsonl")).unwrap();
    assert_eq!(
        lines.lines().count(),
        corpus_pdfs().len() + 8,
        "one line per input"
    );
    let status = |doc: &str| manifest[doc]["status"].as_str().unwrap().to_string();
    let error = |doc: &str| manifest[doc]["error"].as_str().unwrap_or("").to_string();
    // a truncated file keeps what its readable part holds, and says it is incomplete
    assert_eq!(
        status("truncated.pdf"),
        "partial",
        "{:?}",
        manifest["truncated.pdf"]
    );
    assert!(error("truncated.pdf").contains("not found"));
    for bad in [
        "empty.pdf",
        "not-a-pdf.pdf",
        "garbage.pdf",
        "nested/encrypted-user-password.pdf",
        "bomb.pdf",
        "flood.pdf",
    ] {
        assert_eq!(status(bad), "failed", "{bad}: {:?}", manifest[bad]);
        assert!(!error(bad).is_empty());
    }
    assert!(error("nested/encrypted-user-password.pdf").contains("encrypted"));
    // the bomb is refused by the reader before it is inflated; the flood aborts its worker
    assert_eq!(
        error("bomb.pdf"),
        "a stream decodes to more than 128 MiB (a decompression bomb?)"
    );
    assert_eq!(error("flood.pdf"), "exceeded 512 MiB");
    // an owner password alone does not keep a reader out
    assert_ne!(status("nested/encrypted-owner-only.pdf"), "failed");

    // every good file: ok, its JSON written, its facts exactly the truth
    let files = read_all(out);
    let facts: Vec<Value> = String::from_utf8_lossy(&files["facts.jsonl"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    for pdf in corpus_pdfs() {
        let doc = pdf.file_name().unwrap().to_string_lossy().to_string();
        assert_eq!(status(&doc), "ok", "{doc}");
        assert!(
            files.contains_key(&format!("{doc}.json")),
            "{doc}: no JSON document"
        );
        let mut got: Vec<FactKey> = facts
            .iter()
            .filter(|f| f["doc"] == doc.as_str())
            .map(fact_key_of)
            .collect();
        got.sort();
        assert_eq!(got, truth_facts(&pdf), "{doc}");
        assert!(facts.iter().filter(|f| f["doc"] == doc.as_str()).all(|f| {
            // a government table's percentages are in %, every amount in the report's unit
            let percent = juesuan_model::PERCENT_COLUMN_KEYS
                .contains(&f["column_key"].as_str().unwrap_or_default());
            let unit = if percent {
                serde_json::json!("%")
            } else {
                truth(&pdf)["metadata"]["amount_unit"].clone()
            };
            f["unit"] == unit && f["page"].as_u64().unwrap() >= 1
        }));
    }
    // failed inputs have no document; nothing temporary is left
    assert!(!files.contains_key("bomb.pdf.json") && !files.contains_key("flood.pdf.json"));
    assert!(
        files.keys().all(|f| !f.contains(".juesuan-tmp")),
        "{:?}",
        files.keys()
    );
    let csv = String::from_utf8_lossy(&files["facts.csv"]);
    assert_eq!(csv.lines().count(), facts.len() + 1);
}

#[test]
fn outputs_are_identical_for_any_number_of_jobs() {
    let out = temp_dir("jobs1");
    ok(&juesuan(&extract_args(&out, &["--jobs", "1"])));
    assert_same_outputs(&out, &reference().0, "--jobs 1 against --jobs 2");
}

#[test]
fn a_killed_run_resumes_to_the_same_bytes() {
    let out = temp_dir("killed");
    let mut child = Command::new(env!("CARGO_BIN_EXE_juesuan"))
        .args(extract_args(&out, &["--jobs", "1"]))
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // kill it (SIGKILL) once some documents are written
    let started = Instant::now();
    // count names only: reading contents would race the run's renames of temporary files
    let documents = |out: &Path| {
        std::fs::read_dir(out).map_or(0, |entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().to_string())
                .filter(|k| k.ends_with(".json") && !k.contains(".juesuan-tmp"))
                .count()
        })
    };
    while documents(&out) < 20 && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(
        child.try_wait().unwrap().is_none(),
        "the run ended before it could be killed"
    );
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        !out.join("facts.jsonl").exists() && !out.join("manifest.jsonl").exists(),
        "a killed run leaves no half dataset file"
    );
    let kept = documents(&out);
    assert!(kept >= 20, "{kept} documents kept");
    ok(&juesuan(&extract_args(
        &out,
        &["--jobs", "2", "--skip-existing"],
    )));
    assert_same_outputs(&out, &reference().0, "killed and resumed");
}

#[test]
fn shards_merge_into_the_single_run() {
    let mut shards = Vec::new();
    let mut seen = Vec::new();
    for k in 1..=3 {
        let out = temp_dir(&format!("shard{k}"));
        let shard = format!("{k}/3");
        ok(&juesuan(&extract_args(&out, &["--shard", &shard])));
        seen.extend(manifest_of(&out).into_keys());
        shards.push(out);
    }
    let all: Vec<String> = manifest_of(&reference().0).into_keys().collect();
    seen.sort();
    assert_eq!(
        seen, all,
        "the shards together are every input exactly once"
    );

    let merged = temp_dir("merged");
    let mut args = vec!["merge"];
    args.extend(shards.iter().map(|s| s.to_str().unwrap()));
    args.extend(["--out", merged.to_str().unwrap()]);
    ok(&juesuan(&args));
    assert_same_outputs(&merged, &reference().0, "merged shards");

    // merging into a shard, or a shard twice, is refused
    let into_shard = juesuan(&[
        "merge",
        shards[0].to_str().unwrap(),
        "--out",
        shards[0].to_str().unwrap(),
    ]);
    assert_eq!(into_shard.status.code(), Some(2));
    let twice = juesuan(&[
        "merge",
        shards[0].to_str().unwrap(),
        shards[0].to_str().unwrap(),
        "--out",
        temp_dir("merged-twice").to_str().unwrap(),
    ]);
    assert!(String::from_utf8_lossy(&twice.stderr).contains("is in two shards"));

    // usage errors are the only non-zero exits without --strict
    let o = temp_dir("usage");
    let o = o.to_str().unwrap();
    let c = inputs().0.to_str().unwrap();
    assert_eq!(
        juesuan(&["extract", c, "--out", o, "--shard", "4/3"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        juesuan(&["extract", "/nonexistent/folder", "--out", o])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn an_endless_file_is_stopped_and_the_core_comes_back() {
    let input = temp_dir("endless");
    std::fs::write(input.join("a-endless.pdf"), endless_forms()).unwrap();
    std::fs::copy(
        repo_root().join("corpus/u01-reportlab.pdf"),
        input.join("b-good.pdf"),
    )
    .unwrap();
    let out = temp_dir("endless-out");
    let started = Instant::now();
    ok(&juesuan(&[
        "extract",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--jobs",
        "1",
        "--timeout",
        "1",
    ]));
    let manifest = manifest_of(&out);
    assert_eq!(manifest["a-endless.pdf"]["status"], "failed");
    assert_eq!(manifest["a-endless.pdf"]["error"], "timed out after 1 s");
    // the one worker slot went on to the next file
    assert_eq!(manifest["b-good.pdf"]["status"], "ok");
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[test]
fn links_are_followed_once_and_broken_ones_reported() {
    let dir = temp_dir("links");
    std::fs::create_dir_all(dir.join("a/b")).unwrap();
    for (name, to) in [("u01-reportlab.pdf", "a"), ("u02-reportlab.pdf", "a/b")] {
        std::fs::copy(
            repo_root().join("corpus").join(name),
            dir.join(to).join(name),
        )
        .unwrap();
    }
    let link =
        |target: &str, name: &str| std::os::unix::fs::symlink(target, dir.join(name)).unwrap();
    link("../..", "a/b/up"); // a loop back to the top
    link("a", "again"); // the same folder under another name
    link("a/u01-reportlab.pdf", "copy.pdf");
    link("missing.pdf", "dangling.pdf");
    let out = temp_dir("links-out");
    ok(&juesuan(&[
        "extract",
        dir.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--no-timings",
    ]));
    let manifest = manifest_of(&out);
    assert_eq!(
        manifest.keys().collect::<Vec<_>>(),
        [
            "a/b/u02-reportlab.pdf",
            "a/u01-reportlab.pdf",
            "dangling.pdf"
        ]
    );
    assert_eq!(manifest["a/u01-reportlab.pdf"]["status"], "ok");
    assert_eq!(manifest["dangling.pdf"]["status"], "failed");
    assert!(
        manifest["dangling.pdf"]["error"]
            .as_str()
            .unwrap()
            .starts_with("cannot read: No such file")
    );
}

#[test]
fn a_pdf_and_a_text_of_one_name_keep_their_own_documents() {
    let input = temp_dir("same-name");
    std::fs::copy(
        repo_root().join("corpus/u01-reportlab.pdf"),
        input.join("u01.pdf"),
    )
    .unwrap();
    std::fs::copy(
        shared().join("seed/report-2020-wuchang-social-insurance.txt"),
        input.join("u01.txt"),
    )
    .unwrap();
    let out = temp_dir("same-name-out");
    let args = [
        "extract",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--no-timings",
    ];
    ok(&juesuan(&args));
    let first = read_all(&out);
    for doc in ["u01.pdf", "u01.txt"] {
        let json: Value = serde_json::from_slice(&first[&format!("{doc}.json")]).unwrap();
        assert_eq!(json["source"], doc);
    }
    let manifest = manifest_of(&out);
    assert_eq!(manifest["u01.pdf"]["facts"], 234);
    assert_eq!(manifest["u01.txt"]["facts"], 194);
    // resuming hands each input its own document back
    let mut resume = args.to_vec();
    resume.push("--skip-existing");
    ok(&juesuan(&resume));
    assert_eq!(read_all(&out), first);
}

#[test]
fn strict_runs_fail_when_a_file_is_not_ok() {
    let input = temp_dir("strict");
    std::fs::copy(
        repo_root().join("corpus/u01-reportlab.pdf"),
        input.join("u01.pdf"),
    )
    .unwrap();
    let out = temp_dir("strict-out");
    let run = |strict: bool| {
        let mut args = vec![
            "extract",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ];
        if strict {
            args.push("--strict");
        }
        juesuan(&args).status.code()
    };
    assert_eq!(run(true), Some(0));
    std::fs::write(input.join("empty.pdf"), b"").unwrap();
    assert_eq!(run(false), Some(0));
    assert_eq!(run(true), Some(1));
}

#[test]
fn text_dumps_go_through_the_batch_like_pdfs() {
    let input = temp_dir("text-in");
    let seed = shared().join("seed/report-2020-wuchang-social-insurance.txt");
    std::fs::copy(&seed, input.join("seed.txt")).unwrap();
    // the same text in GB18030, as Windows tools save it
    let text = std::fs::read_to_string(&seed).unwrap();
    let (gbk, _, _) = encoding_rs::GB18030.encode(&text);
    std::fs::write(input.join("seed-gbk.txt"), &gbk).unwrap();
    let out = temp_dir("text-out");
    ok(&juesuan(&[
        "extract",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--no-timings",
    ]));
    for v in manifest_of(&out).values() {
        assert_eq!(v["status"], "ok", "{v}");
        assert_eq!(v["facts"], 194, "{v}");
    }
    assert!(out.join("seed.txt.json").exists() && out.join("seed-gbk.txt.json").exists());
}
