#!/usr/bin/env bash
# Runs the whole suite on SQLite, then on PostgreSQL. Installs and starts what it needs first:
# Debian's postgresql, chromium (driven by Playwright), a CJK font and LibreOffice (the 通报 PDF).
# Safe to run repeatedly.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
bash scripts/check-python.sh "$BIN/python"

need=()
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -qi -e wqy -e "noto sans cjk" || need+=(fonts-wqy-microhei)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
[ -f /usr/share/tesseract-ocr/5/tessdata/chi_sim.traineddata ] || need+=(tesseract-ocr-chi-sim)
[ -f /usr/share/tesseract-ocr/5/tessdata/jpn.traineddata ] || need+=(tesseract-ocr-jpn)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "需要安装 / please install: ${need[*]} (sudo apt-get install ${need[*]})" >&2
    exit 1
  fi
  echo "installing ${need[*]}"
  bash scripts/apt-install.sh "${need[@]}"
fi

bash scripts/postgres.sh start

run_pytest() {
  local rc=0
  "$BIN/pytest" "$@" || rc=$?
  # 5 = no tests collected: not a failure of the code under test.
  if [ "$rc" = 5 ]; then rc=0; fi
  return "$rc"
}

export YINGSHANG_ENV=test
echo "== suite on SQLite =="
run_pytest -q
echo "== suite on PostgreSQL =="
DATABASE_URL="$(bash scripts/postgres.sh url)" run_pytest -q
