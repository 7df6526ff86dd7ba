#!/usr/bin/env bash
# The corpus as users most often hold it: `pdftotext -layout` output of every corpus PDF (columns
# kept apart by runs of spaces, pages by form feeds), in tests/fixtures/pdftotext-layout/.
# tests/e2e/text.rs reads them and checks OUTCOMES.tsv there. Needs poppler-utils.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=tests/fixtures/pdftotext-layout
mkdir -p "$out"
for pdf in corpus/*.pdf; do
    pdftotext -layout "$pdf" "$out/$(basename "$pdf" .pdf).txt"
done
pdftotext -v 2>&1 | head -1 > "$out/PRODUCER"
echo "wrote $(ls "$out"/*.txt | wc -l) dumps ($(cat "$out/PRODUCER"))"
