//! The batch CLI over the corpus plus hostile files: nothing lost, nothing fatal, same bytes.

use crate::util::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

fn juesuan(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_juesuan"))
        .args(args)
        .output()
        .unwrap()
}

fn hostile_folder(name: &str) -> std::path::PathBuf {
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
    std::fs::create_dir_all(dir.join("nested")).unwrap();
    for name in ["encrypted-user-password.pdf", "encrypted-owner-only.pdf"] {
        std::fs::copy(fixtures.join(name), dir.join("nested").join(name)).unwrap();
    }
    dir
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

#[test]
fn batch_survives_hostile_files_and_is_deterministic() {
    let hostile = hostile_folder("hostile");
    let corpus = repo_root().join("corpus");
    let out1 = temp_dir("out-jobs1");
    let out2 = temp_dir("out-jobs2");
    let (c, h) = (corpus.to_str().unwrap(), hostile.to_str().unwrap());
    let run1 = juesuan(&[
        "extract",
        c,
        h,
        "--out",
        out1.to_str().unwrap(),
        "--jobs",
        "1",
        "--no-timings",
    ]);
    let run2 = juesuan(&[
        "extract",
        c,
        h,
        "--out",
        out2.to_str().unwrap(),
        "--jobs",
        "2",
        "--no-timings",
    ]);
    assert!(
        run1.status.success(),
        "{}",
        String::from_utf8_lossy(&run1.stderr)
    );
    assert!(
        run2.status.success(),
        "{}",
        String::from_utf8_lossy(&run2.stderr)
    );
    let summary = String::from_utf8_lossy(&run1.stderr);
    assert!(
        summary.contains("files:") && summary.contains("facts"),
        "{summary}"
    );

    let (a, b) = (read_all(&out1), read_all(&out2));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in &a {
        assert!(
            bytes == &b[name],
            "{name} differs between --jobs 1 and --jobs 2"
        );
    }

    let manifest: BTreeMap<String, Value> = String::from_utf8_lossy(&a["manifest.jsonl"])
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (v["doc"].as_str().unwrap().to_string(), v)
        })
        .collect();
    let status = |doc: &str| manifest[doc]["status"].as_str().unwrap().to_string();
    // a truncated file keeps what its readable part holds, and says it is incomplete
    assert_eq!(
        status("truncated.pdf"),
        "partial",
        "{:?}",
        manifest["truncated.pdf"]
    );
    assert!(
        manifest["truncated.pdf"]["error"]
            .as_str()
            .unwrap()
            .contains("not found")
    );
    for bad in [
        "empty.pdf",
        "not-a-pdf.pdf",
        "garbage.pdf",
        "nested/encrypted-user-password.pdf",
    ] {
        assert_eq!(status(bad), "failed", "{bad}: {:?}", manifest[bad]);
        assert!(!manifest[bad]["error"].as_str().unwrap().is_empty());
    }
    assert!(
        manifest["nested/encrypted-user-password.pdf"]["error"]
            .as_str()
            .unwrap()
            .contains("encrypted")
    );
    // an owner password alone does not keep a reader out
    assert_ne!(
        status("nested/encrypted-owner-only.pdf"),
        "failed",
        "{:?}",
        manifest["nested/encrypted-owner-only.pdf"]
    );

    // every good file: ok, its JSON written, its facts exactly the truth
    let facts: Vec<Value> = String::from_utf8_lossy(&a["facts.jsonl"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    for pdf in corpus_pdfs() {
        let doc = pdf.file_name().unwrap().to_string_lossy().to_string();
        assert_eq!(status(&doc), "ok", "{doc}");
        assert!(
            a.contains_key(&doc.replace(".pdf", ".json")),
            "{doc}: no JSON document"
        );
        let mut got: Vec<FactKey> = facts
            .iter()
            .filter(|f| f["doc"] == doc.as_str())
            .map(fact_key_of)
            .collect();
        got.sort();
        assert_eq!(got, truth_facts(&pdf), "{doc}");
        assert!(
            facts
                .iter()
                .filter(|f| f["doc"] == doc.as_str())
                .all(|f| f["unit"] == truth(&pdf)["metadata"]["amount_unit"]
                    && f["page"].as_u64().unwrap() >= 1)
        );
    }
    let csv = String::from_utf8_lossy(&a["facts.csv"]);
    assert_eq!(csv.lines().count(), facts.len() + 1);
}

#[test]
fn shards_partition_the_inputs_and_resume_reuses_outputs() {
    let corpus = repo_root().join("corpus");
    let c = corpus.to_str().unwrap();
    let mut seen = Vec::new();
    for k in 1..=3 {
        let out = temp_dir(&format!("shard{k}"));
        let run = juesuan(&[
            "extract",
            c,
            "--out",
            out.to_str().unwrap(),
            "--shard",
            &format!("{k}/3"),
            "--no-timings",
        ]);
        assert!(run.status.success());
        let manifest = std::fs::read_to_string(out.join("manifest.jsonl")).unwrap();
        seen.extend(manifest.lines().map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["doc"]
                .as_str()
                .unwrap()
                .to_string()
        }));
    }
    seen.sort();
    let all: Vec<String> = corpus_pdfs()
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().to_string())
        .collect();
    assert_eq!(
        seen, all,
        "the shards together are every input exactly once"
    );

    // resume: a second run with --skip-existing reproduces the same facts from the saved JSON
    let out = temp_dir("resume");
    let o = out.to_str().unwrap();
    assert!(
        juesuan(&["extract", c, "--out", o, "--no-timings"])
            .status
            .success()
    );
    let first = std::fs::read(out.join("facts.jsonl")).unwrap();
    std::fs::remove_file(out.join("facts.jsonl")).unwrap();
    assert!(
        juesuan(&["extract", c, "--out", o, "--skip-existing", "--no-timings"])
            .status
            .success()
    );
    assert_eq!(first, std::fs::read(out.join("facts.jsonl")).unwrap());

    // and the manifest it writes on resume tells the same story as the first run's (a partial
    // file read back from its JSON is still partial, with its reason)
    let hostile = hostile_folder("hostile-resume");
    let h = hostile.to_str().unwrap();
    let out2 = temp_dir("resume-hostile");
    let o2 = out2.to_str().unwrap();
    assert!(
        juesuan(&["extract", h, "--out", o2, "--no-timings"])
            .status
            .success()
    );
    let first_manifest = std::fs::read(out2.join("manifest.jsonl")).unwrap();
    assert!(
        juesuan(&["extract", h, "--out", o2, "--skip-existing", "--no-timings"])
            .status
            .success()
    );
    assert_eq!(
        String::from_utf8_lossy(&first_manifest),
        String::from_utf8_lossy(&std::fs::read(out2.join("manifest.jsonl")).unwrap())
    );

    // usage errors are the only non-zero exits
    assert!(
        !juesuan(&["extract", c, "--out", o, "--shard", "4/3"])
            .status
            .success()
    );
    assert!(
        !juesuan(&["extract", "/nonexistent/folder", "--out", o])
            .status
            .success()
    );
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
    let run = juesuan(&[
        "extract",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--no-timings",
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let manifest = std::fs::read_to_string(out.join("manifest.jsonl")).unwrap();
    for line in manifest.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["status"], "ok", "{line}");
        assert_eq!(v["facts"], 194, "{line}");
    }
    assert!(out.join("seed.json").exists() && out.join("seed-gbk.json").exists());
}
