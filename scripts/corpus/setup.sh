#!/usr/bin/env bash
# Install the PDF producers the corpus generator drives. Generation only: juesuan never needs them.
set -euo pipefail
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk libreoffice-writer-nogui chromium poppler-utils
pip install -q 'reportlab==5.1.0' 'typst==0.15.2' 'python-docx==1.2.0' 'pypdf==7.1.1'
