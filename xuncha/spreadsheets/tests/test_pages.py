"""Who may import, what exports show, the job page, templates, the API and the command."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from xuncha.audit.models import Event
from xuncha.conftest import Side
from xuncha.registry.models import Organization
from xuncha.spreadsheets.columns import SHEETS
from xuncha.spreadsheets.models import ImportJob
from xuncha.spreadsheets.services import import_job_create, import_job_run

from .conftest import data_rows, xlsx

Run = Callable[..., ImportJob]
TARGET_ROW = ["市财政局", "市直部门和人民团体", "江西省/景德镇市", "", "存续", None, None]


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post_file(client: Client, url: str, content: bytes, **extra: str) -> Any:
    upload = io.BytesIO(content)
    upload.name = "对象.xlsx"
    return client.post(url, {"file": upload, **extra})


@pytest.mark.parametrize("who", ["member", "unit_contact", "auditor", "leader"])
def test_only_the_office_may_import(jdz: Side, who: str, django_capture_on_commit_callbacks: Any) -> None:
    user = getattr(jdz, who)
    client = _client(user)
    content = xlsx("targets", [TARGET_ROW])
    orgs, jobs = Organization.objects.count(), ImportJob.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        api = _post_file(client, "/excel/api/targets/import/", content, jurisdiction="jdz")
        page = _post_file(client, "/excel/targets/import/", content, jurisdiction="jdz")
    assert api.status_code == 403
    office = "市委巡察工作领导小组办公室（市委巡察办）"
    assert api.json()["detail"] == f"只有{office}的负责人或工作人员可以导入（《景德镇市委巡察工作实施办法》第六条）"
    assert page.status_code == 403 and "第六条" in page.content.decode()
    assert (Organization.objects.count(), ImportJob.objects.count()) == (orgs, jobs)


def test_the_office_imports_through_the_api(jdz: Side, django_capture_on_commit_callbacks: Any) -> None:
    client = _client(jdz.office_clerk)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post_file(client, "/excel/api/targets/import/", xlsx("targets", [TARGET_ROW]))
    assert response.status_code == 202, response.content
    body = response.json()  # the job runs after the commit (here: when the test's capture ends)
    assert body["kind"] == "targets" and body["jurisdiction_code"] == "jdz"
    again = client.get(f"/excel/api/jobs/{body['id']}/").json()
    assert again["status"] == "done" and again["counts"]["created"] == 1 and again["finished"] is True
    assert again["sha256"] == body["sha256"]
    assert Organization.objects.filter(jurisdiction=jdz.jurisdiction, name="市财政局").exists()
    # Someone outside the office does not see the job.
    assert _client(jdz.member).get(f"/excel/api/jobs/{body['id']}/").status_code == 404


def test_exports_show_only_what_the_user_may_see(jdz: Side, nmg: Side) -> None:
    def names(user: Any) -> set[str]:
        response = _client(user).get("/excel/api/targets/export/?jurisdiction=jdz")
        assert response.status_code == 200
        return {row[0] for row in data_rows(b"".join(response.streaming_content))}  # type: ignore[attr-defined]

    assert names(jdz.office_head) == {"jdz单位一", "jdz单位二"}
    assert names(jdz.unit_contact) == {"jdz单位一"}
    assert names(jdz.other_member) == {"jdz单位二"}
    assert _client(nmg.office_head).get("/excel/api/targets/export/?jurisdiction=jdz").status_code == 404


def test_the_job_page_polls_until_the_job_is_done(jdz: Side) -> None:
    job = import_job_create(
        actor=jdz.office_head,
        jurisdiction=jdz.jurisdiction,
        kind="targets",
        upload=io.BytesIO(xlsx("targets", [TARGET_ROW])),
        file_name="对象.xlsx",
        start=False,
    )
    client = _client(jdz.office_head)
    html = client.get(f"/excel/jobs/{job.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in html and "等待处理" in html

    ImportJob.objects.filter(pk=job.pk).update(status="validating", rows_done=500, rows_total=1000)
    part = client.get(f"/excel/jobs/{job.pk}/status/").content.decode()
    assert "已校验 500 / 1000 行" in part and "25%" in part and 'hx-trigger="every 1s"' in part

    ImportJob.objects.filter(pk=job.pk).update(status="writing", rows_done=0)
    job.refresh_from_db()
    job.progress_path.write_text("700")  # what the writing pass reports from inside its transaction
    part = client.get(f"/excel/jobs/{job.pk}/status/").content.decode()
    assert "已写入 700 / 1000 行" in part and "85%" in part
    job.progress_path.unlink()

    ImportJob.objects.filter(pk=job.pk).update(status="pending", rows_done=0)
    import_job_run(job.pk)
    part = client.get(f"/excel/jobs/{job.pk}/status/").content.decode()
    assert "hx-trigger" not in part and "已写入" in part and "新增" in part


@pytest.mark.parametrize("kind", sorted(SHEETS))
def test_templates_open_and_have_the_headers(jdz: Side, nmg: Side, kind: str) -> None:
    for side in (jdz, nmg):
        response = _client(side.office_head).get(f"/excel/{kind}/template/")
        assert response.status_code == 200
        wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
        assert wb.sheetnames == [SHEETS[kind].sheet_title(side.jurisdiction.rulebook), "说明"]
        header = [c.value for c in wb.worksheets[0][1]]
        assert header == SHEETS[kind].headers
        assert wb.worksheets[0].max_row == 1
        notes = "\n".join(str(v) for row in wb["说明"].iter_rows(values_only=True) for v in row if v)
        for name in SHEETS[kind].headers:
            assert name in notes
        if kind == "targets":
            expected = {"jdz": "市直部门和人民团体", "nmg": "区直部门和人民团体"}[side.jurisdiction.code]
            assert expected in notes
        if kind == "inspectors":
            assert ("挂职锻炼干部" in notes) is (side is jdz)


def test_the_excel_page_lists_sheets_and_recent_jobs_in_fixed_queries(jdz: Side, run_import: Run) -> None:
    client = _client(jdz.office_head)

    def load() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as ctx:
            html = client.get("/excel/").content.decode()
        return len(ctx.captured_queries), html

    run_import(jdz.office_head, jdz.jurisdiction, "targets", xlsx("targets", [TARGET_ROW]))
    first, html = load()
    for kind in SHEETS:
        assert f'data-testid="upload-{kind}"' in html
    assert "巡察对象" in html and "市财政局" not in html
    for _ in range(3):
        run_import(jdz.office_head, jdz.jurisdiction, "targets", b"broken")
    more, html = load()
    assert more == first
    assert html.count("/excel/jobs/") == 4
    member_html = _client(jdz.member).get("/excel/").content.decode()
    assert 'data-testid="upload-targets"' not in member_html and 'data-testid="no-import"' in member_html


def test_the_endpoints_are_in_the_schema(jdz: Side) -> None:
    schema = _client(jdz.office_head).get("/api/schema/").content.decode()
    for path in ("/excel/api/{kind}/import/", "/excel/api/{kind}/export/", "/excel/api/jobs/{id}/"):
        assert path in schema


def test_the_command_prints_progress_and_problems(jdz: Side, tmp_path: Any) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx("targets", [TARGET_ROW, ["乐平市委", "县委", "", "", "", None, None]]))
    out = io.StringIO()
    events = Event.objects.count()
    with pytest.raises(CommandError, match="共 1 处问题"):
        call_command("import_sheet", "targets", str(bad), "--jurisdiction", "jdz", stdout=out)
    assert "第 3 行，“对象类别”列：“县委”不是《景德镇市委巡察工作实施办法》第十五条规定的类别" in out.getvalue()
    assert Event.objects.count() == events

    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx("targets", [TARGET_ROW]))
    out = io.StringIO()
    call_command("import_sheet", "targets", str(good), "--jurisdiction", "jdz", stdout=out)
    text = out.getvalue()
    assert "校验：" in text and "写入：1/1 行" in text and "已写入：created 1" in text
    event = Event.objects.get(action="import.targets")
    assert event.actor_name == "系统" and (event.after or {})["created"] == 1


def test_progress_knows_the_row_count_of_files_without_a_dimension(tmp_path: Any) -> None:
    from openpyxl import Workbook

    from xuncha.spreadsheets.services import _count_rows

    wb = Workbook(write_only=True)  # writes no <dimension>, like some exporters
    ws = wb.create_sheet("干部任职")
    for i in range(2345):
        ws.append([f"C{i}", "张三"])
    wb.save(tmp_path / "w.xlsx")
    book = load_workbook(tmp_path / "w.xlsx", read_only=True)
    try:
        assert book.worksheets[0].max_row is None
        assert _count_rows(book, book.worksheets[0]) == 2345
    finally:
        book.close()


def test_every_demo_account_can_open_the_excel_page(db: Any) -> None:
    from xuncha.accounts.models import User

    call_command("load_demo", stdout=io.StringIO())
    client = Client()
    users = list(User.objects.all())
    assert len(users) >= 30
    for user in users:
        client.force_login(user)
        assert client.get("/excel/").status_code == 200, user.username
        assert client.get("/excel/targets/template/").status_code == 200, user.username
