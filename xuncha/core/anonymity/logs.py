"""Keep the public's pages out of the application's logs. A log line carries a precise time; next to a request line
or a request object it would tell when someone submitted a report or an evaluation — enough, with a network log, to
find them. `PublicRequestFilter` (installed on every handler in settings.LOGGING) drops access and warning records
about paths under `PUBLIC_PREFIX`, and strips the request from an error record, keeping only its message."""

from __future__ import annotations

import logging

from . import PUBLIC_PREFIX


def _public_path(record: logging.LogRecord) -> bool:
    request = getattr(record, "request", None)
    path = getattr(request, "path", None) or getattr(request, "path_info", None)
    if isinstance(path, str) and path.startswith(PUBLIC_PREFIX):
        return True
    # runserver's access log (`django.server`): the request line is the first argument, "POST /p/… HTTP/1.1".
    args = record.args if isinstance(record.args, tuple) else ()
    texts = [str(a) for a in args[:1]] + [str(record.msg)]
    return any(f" {PUBLIC_PREFIX}" in t or t.startswith(PUBLIC_PREFIX) for t in texts)


class PublicRequestFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not _public_path(record):
            return True
        if record.levelno < logging.ERROR:
            return False
        record.request = None
        record.msg, record.args = "公众页面出错（为保护反映人，不记录请求信息）", ()
        return True
