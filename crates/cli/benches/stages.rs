//! Micro-benchmark of the hot stages over the corpus: content interpretation (PDF → glyphs and
//! rules), layout (→ lines and grids), normalisation and validation (→ document). Prints the
//! median time per page of each stage over several rounds, so a regression in one stage shows.
//!
//!     cargo bench --bench stages
//!
//! Wall-clock medians on a noisy machine: compare runs side by side, or count instructions with
//! `valgrind --tool=callgrind target/release/deps/stages-*`.

use std::time::{Duration, Instant};

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let mut files: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    files.sort();
    let inputs: Vec<Vec<u8>> = files.iter().map(|p| std::fs::read(p).unwrap()).collect();
    let limits = juesuan_pdf::Limits::default();
    let rounds = std::env::var("ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(7);
    let (mut interpret, mut layout, mut report) = (Vec::new(), Vec::new(), Vec::new());
    let mut pages = 0;
    for _ in 0..rounds {
        let (mut ti, mut tl, mut tr) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
        pages = 0;
        for bytes in &inputs {
            let t = Instant::now();
            let pdf = juesuan_pdf::extract(bytes, &limits).unwrap();
            ti += t.elapsed();
            let t = Instant::now();
            let layouts: Vec<_> = pdf.pages.iter().map(juesuan_layout::layout_page).collect();
            tl += t.elapsed();
            let t = Instant::now();
            let doc = juesuan_report::read_document("bench", &layouts, vec![], Default::default());
            std::hint::black_box(doc.facts());
            tr += t.elapsed();
            pages += pdf.pages.len();
        }
        interpret.push(ti);
        layout.push(tl);
        report.push(tr);
    }
    println!(
        "{} files, {pages} pages, {rounds} rounds; median per page:",
        inputs.len()
    );
    for (name, mut times) in [
        ("interpret (PDF → glyphs, rules)", interpret),
        ("layout (→ lines, grids)", layout),
        ("report (→ tables, identities, facts)", report),
    ] {
        times.sort();
        let median = times[times.len() / 2];
        println!(
            "  {name:<40} {:>8.1} µs/page",
            median.as_secs_f64() * 1e6 / pages as f64
        );
    }
}
