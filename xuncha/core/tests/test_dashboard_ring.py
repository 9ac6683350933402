"""The dashboard's ring chart: a fixed-size figure the row beside it cannot squeeze, labelled with each group's name
and count, and the same counts in text for those who cannot see the chart."""

from __future__ import annotations

from typing import Any

from django.test import Client

from xuncha.conftest import put_decided, put_feedback_given, put_receipt_signed


def test_the_ring_has_labels_counts_and_a_fixed_size(jdz: Any) -> None:
    put_decided(jdz)
    put_feedback_given(jdz, jdz.inspection)
    put_receipt_signed(jdz, jdz.inspection)
    client = Client()
    client.force_login(jdz.office_head)
    page = client.get("/").content.decode()
    ring = page.split('data-testid="obligation-ring"')[1].split("</figure>")[0]
    counts = {k: page.split(f'data-testid="count-{k}">')[1].split("<")[0] for k in ("overdue", "open", "fulfilled")}
    assert f"已逾期 {counts['overdue']} 项" in ring and f"未到期 {counts['open']} 项" in ring
    assert f"已办结 {counts['fulfilled']} 项" in ring
    total = sum(int(v) for v in counts.values()) + int(page.split('data-testid="count-due_soon">')[1].split("<")[0])
    assert f"期限 {total} 项" in ring and total > 0
    script = page.split("obligation-chart")[-1]
    assert 'label: {show: true, formatter: "{b}\\n{c} 项"' in script
    from xuncha.core.tests.test_scripts import ROOT

    css = (ROOT / "xuncha/core/static/core/xuncha.css").read_text(encoding="utf-8")
    assert ".obligation-ring { flex: 0 0 auto;" in css  # the flex row may not shrink it to a sliver
