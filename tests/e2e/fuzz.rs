//! Mutation fuzzing over corpus PDFs: no input may panic or hang the pipeline.
//!
//! The quick test runs a fixed, seeded set of mutations on every `cargo test`. `scripts/fuzz`
//! runs a long campaign (`JUESUAN_FUZZ_ITERATIONS`, `JUESUAN_FUZZ_SEED`) and saves every input
//! that panics or hangs into `tests/fixtures/crashes/`, where the regression test keeps it forever.

use crate::util::*;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// One random structural mutation: byte flips, a cut, a duplicated or overwritten chunk, or a
/// digit changed (which breaks lengths, offsets and object numbers the way real damage does).
fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..1 + rng.below(3) {
        let len = out.len().max(1);
        match rng.below(5) {
            0 => {
                for _ in 0..1 + rng.below(16) {
                    let i = rng.below(len);
                    if let Some(b) = out.get_mut(i) {
                        *b ^= 1 << rng.below(8);
                    }
                }
            }
            1 => out.truncate(rng.below(len)),
            2 => {
                let start = rng.below(len);
                let end = (start + rng.below(4096)).min(out.len());
                let chunk = out[start..end].to_vec();
                let at = rng.below(out.len());
                out.splice(at..at, chunk);
            }
            3 => {
                let start = rng.below(len);
                for i in start..(start + rng.below(512)).min(out.len()) {
                    out[i] = rng.next() as u8;
                }
            }
            _ => {
                let digits: Vec<usize> = (0..out.len())
                    .filter(|&i| out[i].is_ascii_digit())
                    .collect();
                for _ in 0..1 + rng.below(8) {
                    if !digits.is_empty() {
                        let i = digits[rng.below(digits.len())];
                        out[i] = b'0' + rng.below(10) as u8;
                    }
                }
            }
        }
    }
    out
}

/// Run the whole pipeline on bytes in a thread; Err describes a panic or a hang.
fn survives(bytes: Vec<u8>) -> Result<(), String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let result = std::panic::catch_unwind(|| {
            let _ =
                juesuan::pipeline::extract_pdf(&bytes, "fuzz.pdf", &juesuan_pdf::Limits::default());
        });
        let _ = tx.send(result);
    });
    match rx.recv_timeout(Duration::from_secs(30)) {
        Ok(Ok(())) => Ok(()),
        Ok(Err(_)) => Err("panic".into()),
        Err(_) => Err("hang (over 30 s)".into()),
    }
}

fn seeds() -> Vec<PathBuf> {
    // the small files: one per producer keeps the campaign fast
    corpus_pdfs()
        .into_iter()
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with("u01-") || name.starts_with("u02-reportlab")
        })
        .collect()
}

fn campaign(iterations: usize, seed: u64, save: Option<&Path>) -> Vec<String> {
    let mut rng = Rng(seed.max(1));
    let inputs: Vec<Vec<u8>> = seeds().iter().map(|p| std::fs::read(p).unwrap()).collect();
    let mut failures = Vec::new();
    for i in 0..iterations {
        let mutated = mutate(&mut rng, &inputs[i % inputs.len()]);
        if let Err(what) = survives(mutated.clone()) {
            let name = format!("crash-{seed}-{i}.pdf");
            if let Some(dir) = save {
                std::fs::write(dir.join(&name), &mutated).unwrap();
            }
            failures.push(format!("{name}: {what}"));
        }
    }
    failures
}

#[test]
fn seeded_mutations_never_panic_or_hang() {
    let failures = campaign(60, 20_201, None);
    assert!(
        failures.is_empty(),
        "{failures:#?}\nrun scripts/fuzz to save them as regression inputs"
    );
}

/// Every input that ever crashed the pipeline stays here as a regression test.
#[test]
fn saved_crashes_stay_fixed() {
    let dir = repo_root().join("tests/fixtures/crashes");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "pdf") {
            let bytes = std::fs::read(&path).unwrap();
            assert_eq!(survives(bytes), Ok(()), "{}", path.display());
        }
    }
}

/// The long campaign behind `scripts/fuzz`.
#[test]
#[ignore = "long; run by scripts/fuzz"]
fn fuzz_campaign() {
    let iterations = std::env::var("JUESUAN_FUZZ_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let seed = std::env::var("JUESUAN_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let dir = repo_root().join("tests/fixtures/crashes");
    let failures = campaign(iterations, seed, Some(&dir));
    assert!(
        failures.is_empty(),
        "saved to {}: {failures:#?}",
        dir.display()
    );
}
