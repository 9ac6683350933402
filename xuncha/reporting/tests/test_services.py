"""The channel's services: opening at entry, the open page's conditions, submission, receipt codes, intake, the
thread, secrecy."""

from __future__ import annotations

import contextlib
import datetime
from collections import Counter
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xuncha.audit.models import Event
from xuncha.conftest import put_on_site, put_reporting
from xuncha.core.anonymity import codes, qr
from xuncha.core.errors import PermissionDeniedError, ServiceError
from xuncha.fieldwork.models import Petition
from xuncha.fieldwork.services import petition_handle, petition_register
from xuncha.reporting import services
from xuncha.reporting.models import Channel, OfficeContact, PublicMessage, PublicReport
from xuncha.reporting.services import public as public_services
from xuncha.reporting.state import channel_state

from .helpers import CLIENT, age, open_channel, pdf, submit, today


@pytest.fixture(autouse=True)
def _var(settings, tmp_path):
    settings.VAR_DIR = tmp_path


def test_entry_opens_a_channel_with_a_random_token(jdz):
    put_on_site(jdz)
    channel = Channel.objects.get(inspection=jdz.inspection)
    assert len(channel.token) >= 16
    assert Event.objects.filter(action="reporting.channel_opened", object_id=str(channel.pk)).exists()
    put_on_site(jdz, jdz.other_inspection)
    assert Channel.objects.get(inspection=jdz.other_inspection).token != channel.token


def test_channel_ensure_for_an_inspection_entered_earlier(jdz):
    put_on_site(jdz)
    Channel.objects.filter(inspection=jdz.inspection).delete()
    channel = services.channel_ensure(actor=jdz.member, inspection=jdz.inspection)
    assert services.channel_ensure(actor=jdz.office_clerk, inspection=jdz.inspection) == channel
    with pytest.raises(PermissionDeniedError):
        services.channel_ensure(actor=jdz.other_member, inspection=jdz.inspection)
    with pytest.raises(ServiceError):
        services.channel_ensure(actor=jdz.office_clerk, inspection=jdz.other_inspection)  # not entered


def test_open_only_on_site_announced_and_within_the_period(jdz):
    channel = open_channel(jdz, announce=False)
    state = channel_state(channel)
    assert not state.open and "进驻公告" in state.reason
    channel = open_channel(jdz)
    assert channel_state(channel).open
    end = channel.inspection.planned_end
    assert end is not None
    assert not channel_state(channel, today=end + datetime.timedelta(days=1)).open
    with pytest.raises(ServiceError, match="不受理"):
        _submit_late(channel)


def _submit_late(channel):
    with mock.patch(
        "xuncha.reporting.state.timezone.localdate",
        return_value=today() + datetime.timedelta(days=30),
    ):
        submit(channel)


def test_office_contact_set_by_the_office(jdz, nmg):
    contact = services.office_contact_set(actor=jdz.office_clerk, jurisdiction=jdz.jurisdiction, phone="0798-1234567")
    assert OfficeContact.objects.get(jurisdiction=jdz.jurisdiction) == contact
    services.office_contact_set(actor=jdz.office_head, jurisdiction=jdz.jurisdiction, phone="1", address="某路1号")
    contact.refresh_from_db()
    assert contact.address == "某路1号"
    for actor in (jdz.member, nmg.office_head, jdz.auditor):
        with pytest.raises(PermissionDeniedError):
            services.office_contact_set(actor=actor, jurisdiction=jdz.jurisdiction, phone="2")
    with pytest.raises(ServiceError):
        services.office_contact_set(actor=jdz.office_head, jurisdiction=jdz.jurisdiction, phone=" ")


def test_submission_stores_only_the_hash_and_the_day(jdz):
    channel = open_channel(jdz)
    report, code = submit(channel, about="某局长", name="", phone="")
    assert len(code) == 20 and code.isdigit()
    report.refresh_from_db()
    assert report.receipt_hash == codes.receipt_hash(code, scope=channel.token)
    assert code not in report.receipt_hash
    assert report.submitted_on == today() and report.anonymous
    assert not Event.objects.filter(object_id=str(report.pk)).exists()  # no event at submission


def test_submission_checks(jdz):
    channel = open_channel(jdz)
    with pytest.raises(ServiceError, match="反映内容"):
        submit(channel, content="  ")
    with pytest.raises(ServiceError, match="问题类别"):
        submit(channel, classification="nonsense")
    with pytest.raises(ServiceError, match="姓名"):
        submit(channel, phone="13800000000")
    with pytest.raises(ServiceError, match="防滥用"):
        public_services.public_report_submit(
            channel=channel, client=CLIENT, pow_challenge="x", pow_solution="1", content="a"
        )
    report, _ = submit(channel, classification="integrity_discipline", name="张三", phone="13800000000")
    assert report.classification == "integrity_discipline" and not report.anonymous


def test_attachments_checked_by_content(jdz):
    channel = open_channel(jdz)
    png = SimpleUploadedFile("x.png", qr.png("x", scale=1), content_type="image/png")
    txt = SimpleUploadedFile("note.txt", "说明文字".encode(), content_type="text/plain")
    report, _ = submit(channel, files=[pdf(), png, txt])
    kinds = sorted(report.attachments.values_list("kind", flat=True))
    assert kinds == ["pdf", "png", "txt"]
    stored = report.attachments.get(kind="pdf")
    assert stored.file.name and stored.file.name.startswith("public/") and "pdf" not in stored.file.name.split("/")[-1]
    fake = SimpleUploadedFile("evil.pdf", b"MZ\x90\x00\x03\x00binary", content_type="application/pdf")
    with pytest.raises(ServiceError, match="类型不受理"):
        submit(channel, files=[fake])
    with pytest.raises(ServiceError, match="最多5个"):
        submit(channel, files=[pdf(f"{i}.pdf") for i in range(6)])
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), content_type="application/pdf")
    with pytest.raises(ServiceError, match="10MB"):
        submit(channel, files=[big])


def test_photos_lose_their_place_and_device_before_they_are_stored(jdz):
    """A phone's photo carries where it was taken (EXIF GPS) and on what: dropped before the file is written."""
    from xuncha.core.tests.test_anonymity import _jpeg_with_exif

    channel = open_channel(jdz)
    photo = SimpleUploadedFile("IMG_0001.jpg", _jpeg_with_exif(), content_type="image/jpeg")
    report, _ = submit(channel, files=[photo])
    stored = report.attachments.get()
    data = stored.file.read()
    assert b"GPS" not in data and b"iPhone" not in data and data.startswith(b"\xff\xd8") and stored.size == len(data)
    broken = SimpleUploadedFile("cut.jpg", _jpeg_with_exif()[:30], content_type="image/jpeg")
    with pytest.raises(ServiceError, match="无法去除其中的拍摄地点"):
        submit(channel, files=[broken])


def test_lookup_with_the_code_and_wrong_codes(jdz):
    channel = open_channel(jdz)
    report, code = submit(channel)
    assert services.public_report_lookup(channel=channel, client=CLIENT, code=codes.grouped(code)) == report
    with pytest.raises(ServiceError, match="回执码不正确"):
        services.public_report_lookup(channel=channel, client=CLIENT, code="1" * 20)
    other = open_channel(jdz, jdz.other_inspection)
    with pytest.raises(ServiceError):  # a code opens its own channel's report only
        services.public_report_lookup(channel=other, client=CLIENT, code=code)


@pytest.mark.parametrize("wrong", ["00000000000000000000", "12", "", "abc"])
def test_lookup_does_the_same_work_whether_the_code_exists_or_not(jdz, wrong):
    channel = open_channel(jdz)
    _report, code = submit(channel)

    def work(typed):
        real = codes.receipt_hash
        with (
            mock.patch("xuncha.reporting.services.public.codes.receipt_hash", side_effect=real) as hashed,
            CaptureQueriesContext(connection) as queries,
            contextlib.suppress(ServiceError),
        ):
            services.public_report_lookup(channel=channel, client="someone-else", code=typed)
        return hashed.call_count, [q["sql"] for q in queries.captured_queries]

    hits, right = work(code)
    misses, wrong_sql = work(wrong)
    assert hits == misses == 1
    assert len(right) == len(wrong_sql) == 1
    # the same query, with only the hash differing
    right_h, wrong_h = (codes.receipt_hash(c, scope=channel.token) for c in (code, wrong))
    assert right[0].replace(right_h, "H") == wrong_sql[0].replace(wrong_h, "H")
    assert "receipt_hash" in right[0]


def test_status_is_coarse(jdz):
    channel = open_channel(jdz)
    report, _ = submit(channel)
    assert services.report_status(report).label.startswith("已收到")
    age(report)
    [petition] = services.public_reports_intake(actor=jdz.member, inspection=jdz.inspection)
    report.refresh_from_db()
    assert services.report_status(report).label == f"已登记为第{petition.number}号网上来信"
    petition_handle(actor=jdz.member, petition=petition, handling=Petition.Handling.CLUE)
    report.refresh_from_db()
    label = services.report_status(report).label
    assert "已办理" in label and "线索" not in label


def test_intake_numbers_after_the_register_in_random_order(jdz):
    channel = open_channel(jdz)
    petition_register(
        actor=jdz.member,
        inspection=jdz.inspection,
        channel="letter",
        received_on=today() - datetime.timedelta(days=4),
        about="某人",
        classification="",
        content="来信内容",
    )
    reports = []
    for i in range(6):
        report, _ = submit(channel, content=f"反映{i}", client=f"client-{i}")
        reports.append(report)
    late, _ = submit(channel, content="今天的")
    for r in reports[:3]:
        age(r, 2)
    for r in reports[3:]:
        age(r, 1)
    petitions = services.public_reports_intake(actor=jdz.member, inspection=jdz.inspection)
    assert [p.number for p in petitions] == [2, 3, 4, 5, 6, 7]
    assert all(p.channel == "online" and p.recorded_by == jdz.member for p in petitions)
    # numbers follow the days of receipt
    assert [p.received_on for p in petitions] == sorted(p.received_on for p in petitions)
    # content moved into the petition, emptied in the report
    for r in reports:
        r.refresh_from_db()
        assert r.petition is not None and r.content == "" and r.petition.content.startswith("反映")
    late.refresh_from_db()
    assert late.petition is None and late.content == "今天的"  # today's wait for tomorrow
    events = Event.objects.filter(action="petition.registered", object_type="fieldwork.petition").exclude(
        after__channel="letter"
    )
    assert sorted(e.occurred_on for e in events) == sorted(p.received_on for p in petitions)


def test_intake_order_is_random_within_a_day(jdz):
    """Over many batches each report of a day takes different places in the register."""
    channel = open_channel(jdz)
    places: Counter[tuple[str, int]] = Counter()
    for _ in range(12):
        batch = [submit(channel, content=f"甲{i}", client=f"c{i}{_}")[0] for i in range(3)]
        for r in batch:
            age(r)
        petitions = services.public_reports_intake(actor=jdz.member, inspection=jdz.inspection)
        base = min(p.number for p in petitions)
        for p in petitions:
            places[(p.content, p.number - base)] += 1
    for i in range(3):
        assert len({pos for (content, pos) in places if content == f"甲{i}"}) >= 2


def test_intake_after_fieldwork_ended_and_by_the_command(jdz):
    channel = open_channel(jdz)
    report, _ = submit(channel)
    age(report)
    put_reporting(jdz, ended_on=today())
    from django.core.management import call_command

    call_command("public_intake")
    report.refresh_from_db()
    assert report.petition is not None and report.petition.recorded_by is None
    assert report.petition.number == 1


def test_intake_refused_to_others(jdz, nmg):
    open_channel(jdz)
    for actor in (jdz.other_member, jdz.office_clerk, jdz.unit_contact, nmg.office_head):
        with pytest.raises(PermissionDeniedError):
            services.public_reports_intake(actor=actor, inspection=jdz.inspection)


def test_manual_petition_cannot_claim_the_online_channel(jdz):
    open_channel(jdz)
    with pytest.raises(ServiceError, match="网上来信"):
        petition_register(
            actor=jdz.member,
            inspection=jdz.inspection,
            channel="online",
            received_on=today(),
            about="x",
            classification="",
            content="y",
        )


def test_thread_question_and_reply(jdz):
    channel = open_channel(jdz)
    report, code = submit(channel)
    before = Event.objects.count()
    q = services.public_question_ask(actor=jdz.member, report=report, body="请问具体是哪个项目？")
    assert q.position == 1 and q.from_team and q.author == jdz.member
    assert Event.objects.count() == before + 1
    event = Event.objects.latest("seq")
    assert event.action == "reporting.question_asked" and "项目" not in str(event.after)
    reply = services.public_reply_add(channel=channel, client=CLIENT, code=code, body="是某某路改造工程。")
    assert reply.position == 2 and not reply.from_team and reply.author is None and reply.on == today()
    assert Event.objects.count() == before + 1  # the reply has no event
    with pytest.raises(PermissionDeniedError):
        services.public_question_ask(actor=jdz.other_member, report=report, body="?")
    with pytest.raises(ServiceError):
        services.public_reply_add(channel=channel, client=CLIENT, code=code, body=" ")
    assert list(PublicMessage.objects.filter(report=report).values_list("position", flat=True)) == [1, 2]


def test_reply_after_the_period_only_to_a_question(jdz):
    channel = open_channel(jdz)
    report, code = submit(channel)
    put_reporting(jdz, ended_on=today())
    channel = Channel.objects.get(pk=channel.pk)
    with pytest.raises(ServiceError, match="停止受理"):
        services.public_reply_add(channel=channel, client=CLIENT, code=code, body="补充")
    services.public_question_ask(actor=jdz.member, report=report, body="请补充时间。")
    assert services.public_reply_add(channel=channel, client=CLIENT, code=code, body="去年五月。").position == 2


def test_secret_read(jdz, nmg):
    channel = open_channel(jdz)
    report, _ = submit(channel, name="李四", phone="13900000000", files=[pdf()])
    for actor in (jdz.office_clerk, jdz.other_member, jdz.unit_contact, jdz.auditor, nmg.office_head):
        with pytest.raises(PermissionDeniedError):
            services.public_report_read(actor=actor, pk=report.pk)
        with pytest.raises(PermissionDeniedError):
            services.public_attachment_open(actor=actor, pk=report.attachments.get().pk)
        assert not PublicReport.objects.visible_to(actor).exists()
    n = Event.objects.filter(action="secret.read").count()
    opened = services.public_report_read(actor=jdz.office_head, pk=report.pk)
    assert opened.name == "李四"
    services.public_report_read(actor=jdz.member, pk=str(report.pk))
    services.public_attachment_open(actor=jdz.leader, pk=report.attachments.get().pk)
    assert Event.objects.filter(action="secret.read").count() == n + 3
    with pytest.raises(PermissionDeniedError):
        services.public_report_read(actor=jdz.member, pk="not-a-uuid")
