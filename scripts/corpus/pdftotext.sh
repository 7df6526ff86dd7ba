#!/usr/bin/env bash
# The corpus as users often hold it: pdftotext's default (reading-order) output of every corpus PDF,
# in tests/fixtures/pdftotext/. tests/e2e/text.rs reads them and checks OUTCOMES.tsv. Needs poppler-utils.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=tests/fixtures/pdftotext
mkdir -p "$out"
for pdf in corpus/*.pdf; do
    pdftotext "$pdf" "$out/$(basename "$pdf" .pdf).txt"
done
pdftotext -v 2>&1 | head -1 > "$out/PRODUCER"
echo "wrote $(ls "$out"/*.txt | wc -l) dumps ($(cat "$out/PRODUCER"))"
