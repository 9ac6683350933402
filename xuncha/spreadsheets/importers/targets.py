"""The targets sheet (对象名册)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

# The talent-pool rules of `people.services.inspector_create`: kind (`kind_article`) and expertise
# (`check_expertise`). Private helpers there, called here on purpose, so that the import refuses
# exactly what the service refuses, with the service's words and article.
from xuncha.registry.models import Organization

from ..columns import (
    TARGETS,
    category_articles,
    category_lookup,
    status_lookup,
    worded,
)
from .base import BATCH, Importer, Record, Row, Tick


class TargetsImporter(Importer):
    sheet = TARGETS

    def load(self) -> None:
        rows = Organization.objects.filter(jurisdiction=self.j).values_list(
            "id", "name", "kind", "target_category", "region", "parent_id", "status", "status_on", "successor_id"
        )
        self.existing: dict[str, tuple[Any, ...]] = {row[1]: row for row in rows}
        self.names_by_id = {row[0]: row[1] for row in self.existing.values()}
        self.categories = category_lookup(self.book)
        self.statuses = status_lookup()
        self.status_labels = {s.value: str(s.label) for s in Organization.Status}
        self.kind_labels = {k.value: worded(self.book, str(k.label)) for k in Organization.Kind}
        self.seen: dict[str, int] = {}
        self.refs: list[tuple[int, str, str, str]] = []  # row, name, parent, successor

    def check(self, r: Row) -> Record | None:
        name = r.text("name", required=True, max_length=120)
        articles = category_articles(self.book)
        category = r.choice(
            "category",
            self.categories,
            lambda v: f"“{v}”不是{self.cite()}{articles}规定的类别",
            required=True,
        )
        region = r.path("region", max_length=120)
        parent = r.text("parent", max_length=120)
        allowed = "、".join(self.status_labels.values())
        status = r.choice("status", self.statuses, lambda v: f"“{v}”不是单位状态（可填：{allowed}）", default="active")
        status_on = r.date("status_on")
        successor = r.text("successor", max_length=120)
        if name:
            if name in self.seen:
                r.fail("name", f"与第 {self.seen[name]} 行重复：同一单位只能有一行")
            else:
                self.seen[name] = r.no
            ex = self.existing.get(name)
            if ex is not None and ex[2] != Organization.Kind.TARGET:
                r.fail("name", f"“{name}”已登记为{self.kind_labels[ex[2]]}，不能作为{self.book.word}对象导入")
            elif ex is not None and ex[6] != Organization.Status.ACTIVE and status is not None:
                before = (ex[6], ex[7], self.names_by_id.get(ex[8], ""))
                if (status, status_on, successor) != before:
                    r.fail(
                        "status",
                        f"“{name}”已于 {ex[7]} {self.status_labels[ex[6]]}，状态、日期和并入单位不能再改变",
                    )
        if status is not None and status != Organization.Status.ACTIVE and r.blank("status_on"):
            r.fail("status_on", f"状态为“{self.status_labels[status]}”时必填")
        if status == Organization.Status.ACTIVE and not r.blank("status_on"):
            r.fail("status_on", "状态为“存续”时不填")
        if status == Organization.Status.MERGED and not successor:
            r.fail("successor", "状态为“已合并”时必填")
        if status is not None and status != Organization.Status.MERGED and successor:
            r.fail("successor", "只有状态为“已合并”时填写")
        if name and parent == name:
            r.fail("parent", "不能是本单位自己")
        if name and successor == name:
            r.fail("successor", "不能是本单位自己")
        if name:  # references are checked in finish(), also for rows with other problems
            self.refs.append((r.no, name, parent, successor))
        if not r.ok:
            return None
        return (name, category, region, parent, status, status_on, successor)

    def finish(self) -> None:
        known = self.seen.keys() | self.existing.keys()
        for row, _name, parent, successor in self.refs:
            for header, ref in (("上级单位", parent), ("并入单位", successor)):
                if ref and ref not in known:
                    self.problems.add(row, header, f"“{ref}”既不在本表中，也不是本党委已登记的单位")
        # Parents after the import: existing ones, overridden by the file.
        parent_of: dict[str, str] = {
            name: self.names_by_id[row[5]] for name, row in self.existing.items() if row[5] is not None
        }
        for _row, name, parent, _successor in self.refs:
            if parent:
                parent_of[name] = parent
            else:
                parent_of.pop(name, None)
        for row, name, _parent, _successor in self.refs:
            chain, node = [name], parent_of.get(name)
            while node is not None and node not in chain:
                chain.append(node)
                node = parent_of.get(node)
            if node == name:
                self.problems.add(row, "上级单位", "上级单位形成循环：" + " → ".join([*chain, name]))

    def write(self, batches: Iterable[list[Record]], tick: Tick) -> dict[str, int]:
        created = updated = unchanged = 0
        new: list[Organization] = []
        changed: list[Organization] = []
        links: list[tuple[str, str, str, bool]] = []  # name, parent, successor, is new
        for batch in batches:
            for name, category, region, parent, status, status_on, successor in batch:
                ex = self.existing.get(name)
                if ex is None:
                    new.append(
                        Organization(
                            jurisdiction=self.j,
                            name=name,
                            kind=Organization.Kind.TARGET,
                            target_category=category,
                            region=region,
                            status=status,
                            status_on=status_on,
                        )
                    )
                    links.append((name, parent, successor, True))
                    created += 1
                    continue
                fields_same = (ex[3], ex[4], ex[6], ex[7]) == (category, region, status, status_on)
                links_same = (self.names_by_id.get(ex[5], ""), self.names_by_id.get(ex[8], "")) == (parent, successor)
                if fields_same and links_same:
                    unchanged += 1
                    continue
                updated += 1
                if not fields_same:
                    changed.append(
                        Organization(
                            pk=ex[0], target_category=category, region=region, status=status, status_on=status_on
                        )
                    )
                if not links_same:
                    links.append((name, parent, successor, False))
            if len(new) >= BATCH:
                Organization.objects.bulk_create(new, batch_size=BATCH)
                new = []
            tick(len(batch))
        Organization.objects.bulk_create(new, batch_size=BATCH)
        Organization.objects.bulk_update(
            changed, ["target_category", "region", "status", "status_on"], batch_size=BATCH
        )
        ids = dict(Organization.objects.filter(jurisdiction=self.j).values_list("name", "id"))
        linked = [
            Organization(pk=ids[name], parent_id=ids.get(parent), successor_id=ids.get(successor))
            for name, parent, successor, is_new in links
            if parent or successor or not is_new
        ]
        Organization.objects.bulk_update(linked, ["parent", "successor"], batch_size=BATCH)
        return {"created": created, "updated": updated, "unchanged": unchanged}


# -- 干部任职 and 领导班子 ----------------------------------------------------------------------
