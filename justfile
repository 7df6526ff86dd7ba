# Everyday recipes. `just --list` shows them.

# Extract the embedded corpus into out/
run:
    cargo run --release -- extract corpus --out out

# The README's test command
test:
    cargo test --workspace

# What CI runs
ci:
    bash .ci/run

lint:
    cargo fmt --all -- --check
    cargo clippy --workspace --all-targets -- -D warnings

# Regenerate corpus/ (needs chromium, libreoffice, python3 with reportlab/typst/python-docx)
corpus:
    bash scripts/corpus/setup.sh
    python3 scripts/corpus/generate.py --out corpus
    bash scripts/corpus/pdftotext.sh
    JUESUAN_BLESS=1 cargo test --release --test e2e pdftotext_dumps

# Look at one page: its lines and grids, and an SVG of rules, cells and glyphs
debug FILE PAGE:
    cargo run --release -- debug {{FILE}} --page {{PAGE}} --svg /tmp/juesuan-page.svg

# Regenerate the JSON Schemas in docs/ from the model types
schema:
    cargo run --release -- schema > docs/document.schema.json
    cargo run --release -- schema --facts > docs/fact.schema.json
    cargo run --release -- schema --manifest > docs/manifest.schema.json
    cargo run --release -- schema --documents > docs/documents.schema.json
    cargo run --release -- schema --evaluations > docs/evaluation.schema.json
    cargo run --release -- schema --indicators > docs/indicator.schema.json
    cargo run --release -- schema --narrative > docs/narrative.schema.json

# Side-by-side benchmark against pdftotext and pdfplumber, then batch memory at 1x and 8x the
# files; both write docs/BENCHMARKS.md
bench:
    bash scripts/bench
    bash scripts/bench-batch
    cargo bench --bench stages

# Long mutation-fuzzing campaign; crashes land in tests/fixtures/crashes/
fuzz ITERATIONS="20000":
    bash scripts/fuzz {{ITERATIONS}}
