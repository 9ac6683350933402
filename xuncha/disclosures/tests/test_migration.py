"""Disclosures recorded before the workflow existed (entry announcements) come out of the migration published,
approved on their publication date by the actor of their `disclosure.published` event."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from xuncha.disclosures.models import Disclosure

from .helpers import ENTRY, approved, on_site, published

BEFORE = ("inspections", "0004_lifecycle_part2")
AFTER = ("inspections", "0005_disclosure_workflow")


def _migrate(target: tuple[str, str] | None) -> None:
    """Migrate to `target`, or (None) forward to every app's latest migration: going back to BEFORE also unapplies the
    later migrations of other apps that depend on AFTER, and the tests after this one need all of them."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target] if target else executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_existing_entry_announcements_migrate_to_published(jdz: Any) -> None:
    on_site(jdz)  # the office head enters: the entry announcement is drafted
    pk = Disclosure.objects.get(stage="entry").pk
    # Before the workflow every disclosure was an entry announcement published at entry: make this one so.
    published(jdz, approved(jdz, Disclosure.objects.get(pk=pk), ENTRY), ENTRY, actor=jdz.office_head)
    try:
        _migrate(BEFORE)  # the row keeps its title, body, date and channels; the workflow columns go
        with connection.cursor() as cursor:
            cursor.execute("SELECT published_on, channels FROM inspections_disclosure WHERE id = %s", [pk])
            published_on, channels = cursor.fetchone()
        assert str(published_on) == str(ENTRY) and channels
    finally:
        _migrate(None)  # whatever happened, leave the whole schema as the other tests expect it
    tables = connection.introspection.table_names()
    assert {"results_meetingitem", "feedback_feedbacksession", "rectification_rectificationitem"} <= set(tables)
    d = Disclosure.objects.get(pk=pk)
    assert (d.status, d.approved_on, d.published_on) == ("published", ENTRY, ENTRY)
    assert d.drafted_by == d.approved_by == d.published_by == jdz.office_head
