"""Nothing identifies an anonymous reporter on the server (issue 14, item 4): after a submission from a known address
and device, no table, no log record, no cached key and no stored file holds either; no new or changed row holds a
time finer than the day."""

from __future__ import annotations

import datetime
import logging
import pickle
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from xuncha.core.anonymity import qr
from xuncha.core.anonymity.logs import PublicRequestFilter
from xuncha.reporting.models import PublicReport

from .helpers import open_channel, solved

IP = "203.0.113.77"
UA = "Mozilla/5.0 (XunchaTestPhone)"


def dump() -> dict[tuple[str, Any], dict[str, Any]]:
    """Every row of every table, all columns."""
    rows: dict[tuple[str, Any], dict[str, Any]] = {}
    for model in apps.get_models(include_auto_created=True):
        for row in model._base_manager.all().values():
            rows[(model._meta.label, row.get(model._meta.pk.attname))] = row
    return rows


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.addFilter(PublicRequestFilter())
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _texts(records: list[logging.LogRecord]) -> list[str]:
    out = []
    for r in records:
        out.append(r.getMessage())
        out.append(repr({k: v for k, v in r.__dict__.items() if k not in {"msg", "args"}}))
    return out


@pytest.fixture
def root_handler():
    handler = _Collect()
    root = logging.getLogger()
    old = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield handler
    root.removeHandler(handler)
    root.setLevel(old)


def test_a_submission_leaves_no_address_device_or_time(jdz, settings, tmp_path, caplog, root_handler):
    settings.VAR_DIR = tmp_path
    channel = open_channel(jdz)
    path = reverse("reporting_public:report", args=[channel.token])
    client = Client(REMOTE_ADDR=IP, HTTP_USER_AGENT=UA)
    assert client.get(path).status_code == 200
    before = dump()
    caplog.set_level(logging.DEBUG)
    upload = SimpleUploadedFile("photo.png", qr.png("photo", scale=2), content_type="image/png")
    response = client.post(
        path,
        {"content": "某科长收受礼金。", "about": "某科长", "files": [upload], **solved()},
        HTTP_X_FORWARDED_FOR=IP,
        HTTP_REFERER="https://example.org/from",
    )
    assert response.status_code == 200, response.content.decode()[:500]
    assert "请抄写或截图保存" in response.content.decode()
    assert response["Cache-Control"] == "no-store" and "Set-Cookie" not in response
    after = dump()

    # the database: every table, every column
    changed = {key: row for key, row in after.items() if before.get(key) != row}
    assert {label for label, _ in changed} == {"reporting.PublicReport", "reporting.PublicAttachment"}
    for row in after.values():
        text = repr(row)
        assert IP not in text and UA not in text and "XunchaTestPhone" not in text
    for key, row in changed.items():
        for column, value in row.items():
            assert not isinstance(value, datetime.datetime), f"{key[0]}.{column} holds a time: {value}"
    assert PublicReport.objects.get().submitted_on.__class__ is datetime.date

    # the logs: every record at DEBUG of every logger (unfiltered), and what the project's filter lets through
    for text in _texts(caplog.records) + _texts(root_handler.records):
        assert IP not in text and UA not in text and "/p/" not in text and channel.token not in text

    # the rate limits' cache: keys and values
    cache = caches["default"]
    store = getattr(cache, "_cache", {})
    assert store, "the rate limit counted the submission in the cache"
    for key, value in store.items():
        blob = key.encode() + (value if isinstance(value, bytes) else pickle.dumps(value))
        assert IP.encode() not in blob and UA.encode() not in blob

    # the stored file: a random name, no date in the path, nothing of the visitor's
    files = [p for p in Path(tmp_path).rglob("*") if p.is_file()]
    assert files
    for f in files:
        assert IP.encode() not in f.read_bytes() and "photo" not in str(f)
        assert str(datetime.date.today().year) not in str(f.relative_to(tmp_path))


def test_a_refused_submission_and_a_wrong_code_log_nothing_of_the_visitor(jdz, root_handler):
    channel = open_channel(jdz)
    client = Client(REMOTE_ADDR=IP, HTTP_USER_AGENT=UA)
    response = client.post(reverse("reporting_public:report", args=[channel.token]), {"content": "x"})
    assert response.status_code == 400 and "防滥用" in response.content.decode()
    response = client.post(reverse("reporting_public:return", args=[channel.token]), {"code": "1" * 20})
    assert response.status_code == 400
    for text in _texts(root_handler.records):
        assert IP not in text and UA not in text and "/p/" not in text
