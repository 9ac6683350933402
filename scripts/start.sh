#!/usr/bin/env bash
# Quick start: install, migrate the SQLite database under var/, load the demo data, serve on XUNCHA_ADDR
# (default 127.0.0.1:8000)
set -euo pipefail
. "$(dirname "$0")/_venv.sh" requirements/base.txt
. scripts/_addr.sh
ADDR=${XUNCHA_ADDR:-127.0.0.1:8000}
export XUNCHA_DEBUG=${XUNCHA_DEBUG:-false}
.venv/bin/xuncha migrate --noinput -v0
.venv/bin/xuncha collectstatic --noinput -v0
.venv/bin/xuncha load_demo
echo
echo "打开 $(xuncha_url "$ADDR") ，用上面的任一账号登录。按 Ctrl+C 停止。"
exec .venv/bin/xuncha runserver --insecure "$ADDR"
