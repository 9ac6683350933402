#!/usr/bin/env bash
# The whole test suite. Installs what it needs: the dev lock file, Debian's Chromium and a CJK font for the
# browser tests, and LibreOffice (headless, no GUI) for the PDF previews of official documents. DATABASE_URL=postgres://… runs it on PostgreSQL. Extra arguments go to pytest.
set -euo pipefail
. "$(dirname "$0")/_venv.sh" requirements/dev.txt
if [ ! -x /usr/bin/chromium ] || ! command -v soffice >/dev/null || ! fc-list 2>/dev/null | grep -qi 'wenquanyi\|wqy'; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "安装 Chromium、中文字体（浏览器测试）与 LibreOffice（文书 PDF 预览）…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui >/dev/null
  else
    echo "缺少 Chromium 或 LibreOffice：请执行 sudo apt-get install -y chromium fonts-wqy-zenhei libreoffice-writer-nogui" >&2
  fi
fi
export XUNCHA_VAR_DIR=${XUNCHA_VAR_DIR:-$PWD/var/test}
exec .venv/bin/pytest "$@"
