"""Checking and writing the rows of one sheet.

An importer sees every row twice. `check(row)` (validation pass) reads one row, reports each
problem as (row, column, rule) and returns a compact record of plain values, which the runner
spools to disk; `finish()` runs the checks that need the whole file (references to rows further
down, cycles). `write(batches)` (write pass, inside the one import transaction) streams the
spooled records back and writes them with bulk_create/bulk_update in batches.

What is kept in memory between the passes is an index (names, codes, keys), never the rows.
"""

from __future__ import annotations

import datetime
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from xuncha.core.errors import ServiceError
from xuncha.jurisdictions.models import Jurisdiction
from xuncha.people.models import Inspector

# The talent-pool rules of `people.services.inspector_create`: kind (`_kind_article`) and expertise
# (`_check_expertise`). Private helpers there, called here on purpose, so that the import refuses
# exactly what the service refuses, with the service's words and article.
from xuncha.people.services import _check_expertise, _kind_article, leader_pool_refusal
from xuncha.registry.models import Cadre, Organization, Post

from .columns import (
    CADRES,
    INSPECTORS,
    LEADERSHIP,
    LIST_SPLIT,
    TARGETS,
    Sheet,
    category_articles,
    category_lookup,
    cell_text,
    expertise_lookup,
    inspector_kind_label,
    inspector_kind_lookup,
    inspector_kinds,
    level_lookup,
    normalize_path,
    parse_bool,
    parse_date,
    status_lookup,
    worded,
)
from .models import ERRORS_KEPT

BATCH = 1000  # objects per bulk_create / bulk_update call
Record = tuple[Any, ...]
Tick = Callable[[int], None]


class Problems:
    """Every problem found, the first ERRORS_KEPT of them kept for the report: row, column, the rule
    broken (message) and, when a regulation fixes that rule, its article (else "")."""

    def __init__(self, cap: int = ERRORS_KEPT) -> None:
        self.cap = cap
        self.items: list[dict[str, Any]] = []
        self.count = 0

    def add(self, row: int | None, column: str, message: str, article: str = "") -> None:
        self.count += 1
        if len(self.items) < self.cap:
            self.items.append({"row": row, "column": column, "message": message, "article": article})

    def __bool__(self) -> bool:
        return self.count > 0


def problem_text(p: dict[str, Any]) -> str:
    """第 12 行，“对象类别”列：……（依据 第七条, when the article is not already in the message)"""
    where = []
    if p.get("row"):
        where.append(f"第 {p['row']} 行")
    if p.get("column"):
        where.append(f"“{p['column']}”列")
    article = p.get("article") or ""
    basis = f"（依据{article}）" if article and article not in p["message"] else ""
    return ("，".join(where) + "：" if where else "") + p["message"] + basis


class Row:
    """One data row being checked; typed getters report what is wrong with a cell."""

    __slots__ = ("headers", "ix", "no", "ok", "problems", "values")

    def __init__(self, sheet: Sheet, ix: dict[str, int], problems: Problems) -> None:
        self.headers = {c.key: c.header for c in sheet.columns}
        self.ix = ix
        self.problems = problems
        self.no = 0
        self.values: tuple[Any, ...] = ()
        self.ok = True

    def load(self, no: int, values: tuple[Any, ...]) -> None:
        self.no, self.values, self.ok = no, values, True

    def raw(self, key: str) -> Any:
        i = self.ix[key]
        return self.values[i] if i < len(self.values) else None

    def blank(self, key: str) -> bool:
        v = self.raw(key)
        return v is None or (isinstance(v, str) and not v.strip())

    def fail(self, key: str, message: str, article: str = "") -> None:
        self.ok = False
        self.problems.add(self.no, self.headers[key], message, article)

    def refuse(self, key: str, exc: ServiceError) -> None:
        """A service's refusal of this row, reported against the column with the service's rule and article."""
        self.fail(key, exc.message, exc.article)

    def text(self, key: str, *, required: bool = False, max_length: int = 0) -> str:
        value = cell_text(self.raw(key))
        if not value:
            if required:
                self.fail(key, "不能为空")
        elif max_length and len(value) > max_length:
            self.fail(key, f"超过 {max_length} 字（{len(value)} 字）")
        return value

    def boolean(self, key: str) -> bool | None:
        """True / False, or None for a blank cell."""
        if self.blank(key):
            return None
        value = parse_bool(self.raw(key))
        if value is None:
            self.fail(key, f"“{cell_text(self.raw(key))}”应为“是”或“否”")
        return value

    def date(self, key: str, *, required: bool = False) -> datetime.date | None:
        if self.blank(key):
            if required:
                self.fail(key, "不能为空")
            return None
        value = parse_date(self.raw(key))
        if value is None:
            self.fail(key, f"“{cell_text(self.raw(key))}”不是日期（应为 YYYY-MM-DD，例如 2019-03-01）")
        return value

    def choice(
        self,
        key: str,
        lookup: dict[str, str],
        refusal: Callable[[str], str],
        *,
        required: bool = False,
        default: str = "",
    ) -> str | None:
        """The code for the cell's code or name; the default for a blank cell; None if not allowed."""
        value = self.text(key, required=required)
        if not value:
            return None if required else default
        code = lookup.get(value)
        if code is None:
            self.fail(key, refusal(value))
        return code

    def path(self, key: str, *, max_length: int) -> str:
        value = self.text(key, max_length=max_length)
        normal = normalize_path(value)
        if normal is None:
            self.fail(key, f"“{value}”应自上而下以“/”分隔，每一级都不能为空，例如 江西省/景德镇市/浮梁县")
            return value
        return normal


class Importer(ABC):
    sheet: Sheet

    def __init__(self, jurisdiction: Jurisdiction, problems: Problems) -> None:
        self.j = jurisdiction
        self.book = jurisdiction.rulebook
        self.problems = problems
        self.counts: dict[str, int] = {}
        self.load()

    def load(self) -> None:
        """Read the jurisdiction's existing records the checks need (an index, not the rows). Optional hook."""
        return None

    @abstractmethod
    def check(self, r: Row) -> Record | None:
        """One row's checks: a record to write, or None after adding its problems."""

    def finish(self) -> None:
        """Checks that need the whole file. Optional hook."""
        return None

    @abstractmethod
    def write(self, batches: Iterable[list[Record]], tick: Tick) -> dict[str, int]:
        """Write the checked records; returns counts for the import's event."""

    def cite(self) -> str:
        return f"《{self.book.short_title}》"


def _chunks(items: Iterable[Any], size: int = BATCH) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# -- 巡察对象 ---------------------------------------------------------------------------------


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


class PostsImporter(Importer):
    """Shared by the cadre sheet (cadres and all their posts) and the leadership sheet
    (leadership posts only, cadres by code and name)."""

    updates_cadres = True

    def load(self) -> None:
        j = self.j
        self.orgs: dict[str, int] = dict(Organization.objects.filter(jurisdiction=j).values_list("name", "id"))
        self.org_names = {v: k for k, v in self.orgs.items()}
        self.existing: dict[str, tuple[int, str, str, str]] = {
            code: (pk, name, native, level)
            for code, pk, name, native, level in Cadre.objects.filter(jurisdiction=j).values_list(
                "code", "id", "name", "native_place", "management_level"
            )
        }
        self.existing_posts: set[tuple[int, int, str, datetime.date]] = set(
            Post.objects.filter(cadre__jurisdiction=j).values_list("cadre_id", "organization_id", "title", "started_on")
        )
        self.db_principals: dict[int, tuple[int, str, str, datetime.date]] = {
            org: (cadre_id, cadre_name, title, started)
            for org, cadre_id, cadre_name, title, started in Post.objects.filter(
                cadre__jurisdiction=j, is_principal=True, ended_on__isnull=True
            ).values_list("organization_id", "cadre_id", "cadre__name", "title", "started_on")
        }
        # code → (first row, name, native place, level) of cadres the file creates or updates
        self.cadres: dict[str, tuple[int, str, str, str]] = {}
        self.posts_seen: dict[tuple[str, int, str, datetime.date], int] = {}
        self.file_principals: dict[int, int] = {}

    def check_post(
        self,
        r: Row,
        code: str,
        org_name: str,
        title: str,
        leadership: bool | None,
        principal: bool | None,
        started_on: datetime.date | None,
        ended_on: datetime.date | None,
    ) -> Record | None:
        org_id = self.orgs.get(org_name) if org_name else None
        if org_name and org_id is None:
            r.fail("org", f"“{org_name}”不是本党委已登记的单位（请先导入{self.book.word}对象）")
        if started_on and ended_on and ended_on < started_on:
            r.fail("ended_on", f"离任日期 {ended_on} 早于任职日期 {started_on}")
        if principal and leadership is False:
            r.fail("leadership", "主要负责人必为领导班子成员")
        if not (r.ok and code and org_id and title and started_on):
            return None
        key = (code, org_id, title, started_on)
        first = self.posts_seen.get(key)
        if first is not None:
            r.fail("title", f"与第 {first} 行是同一任职（同一人员编号、单位、职务、任职日期）")
            return None
        self.posts_seen[key] = r.no
        ex = self.existing.get(code)
        is_new = ex is None or (ex[0], org_id, title, started_on) not in self.existing_posts
        if principal and ended_on is None and is_new:
            current = self.db_principals.get(org_id)
            if current is not None:
                r.fail("principal", f"{org_name}现任主要负责人为{current[1]}，请先登记其离任日期")
                return None
            other = self.file_principals.get(org_id)
            if other is not None:
                r.fail("principal", f"与第 {other} 行都是{org_name}的现任主要负责人；一个单位同时只能有一名")
                return None
            self.file_principals[org_id] = r.no
        return (code, org_id, title, bool(leadership or principal), bool(principal), started_on, ended_on, is_new)

    def remember_cadre(self, r: Row, code: str, values: dict[str, str]) -> None:
        """The first row of a code fixes its cadre fields; later rows must agree."""
        first = self.cadres.get(code)
        if first is None:
            self.cadres[code] = (r.no, values["name"], values.get("native_place", ""), values.get("level", "other"))
            return
        for key, i in (("name", 1), ("native_place", 2), ("level", 3)):
            if key in values and values[key] != first[i]:
                shown = first[i] if key != "level" else str(Cadre.Level(str(first[i])).label)
                r.fail(key, f"与第 {first[0]} 行（同一人员编号 {code}）不一致：那里是“{shown}”")

    def write(self, batches: Iterable[list[Record]], tick: Tick) -> dict[str, int]:
        j = self.j
        new_codes = (c for c in self.cadres if c not in self.existing)
        cadres_created = 0
        for chunk in _chunks(new_codes):
            Cadre.objects.bulk_create(
                [
                    Cadre(
                        jurisdiction=j,
                        code=code,
                        name=self.cadres[code][1],
                        native_place=self.cadres[code][2],
                        management_level=self.cadres[code][3],
                    )
                    for code in chunk
                ],
                batch_size=BATCH,
            )
            cadres_created += len(chunk)
        cadres_updated = 0
        if self.updates_cadres:
            changed = (
                Cadre(pk=self.existing[code][0], name=v[1], native_place=v[2], management_level=v[3])
                for code, v in self.cadres.items()
                if code in self.existing and self.existing[code][1:] != v[1:]
            )
            for chunk in _chunks(changed):
                Cadre.objects.bulk_update(chunk, ["name", "native_place", "management_level"], batch_size=BATCH)
                cadres_updated += len(chunk)
        ids = dict(Cadre.objects.filter(jurisdiction=j).values_list("code", "id"))
        posts_created = posts_existing = 0
        for batch in batches:
            posts = []
            for code, org_id, title, leadership, principal, started_on, ended_on, is_new in batch:
                if org_id is None:
                    continue
                if not is_new:
                    posts_existing += 1
                    continue
                posts.append(
                    Post(
                        cadre_id=ids[code],
                        organization_id=org_id,
                        title=title,
                        is_leadership=leadership,
                        is_principal=principal,
                        started_on=started_on,
                        ended_on=ended_on,
                    )
                )
            Post.objects.bulk_create(posts, batch_size=BATCH)
            posts_created += len(posts)
            tick(len(batch))
        return {
            "cadres_created": cadres_created,
            "cadres_updated": cadres_updated,
            "posts_created": posts_created,
            "posts_existing": posts_existing,
        }


class CadresImporter(PostsImporter):
    sheet = CADRES

    def load(self) -> None:
        super().load()
        self.levels = level_lookup()
        self.level_names = "、".join(str(lv.label) for lv in Cadre.Level)

    def check(self, r: Row) -> Record | None:
        code = r.text("code", required=True, max_length=40)
        name = r.text("name", required=True, max_length=40)
        native = r.path("native_place", max_length=120)
        level = r.choice(
            "level", self.levels, lambda v: f"“{v}”不是管理层级（可填：{self.level_names}）", default="other"
        )
        org_name = r.text("org", max_length=120)
        title = r.text("title", max_length=60)
        leadership = r.boolean("leadership")
        principal = r.boolean("principal")
        started_on = r.date("started_on")
        ended_on = r.date("ended_on")
        has_post = bool(org_name or title or not r.blank("started_on"))
        if has_post:
            for key, value in (("org", org_name), ("title", title), ("started_on", not r.blank("started_on"))):
                if not value:
                    r.fail(key, "登记任职时必填（单位名称、职务、任职日期同填或同空）")
        else:
            for key in ("leadership", "principal", "ended_on"):
                if not r.blank(key):
                    r.fail(key, "本行没有任职（单位名称、职务、任职日期为空），不填")
        if code and name:
            values = {"name": name, "native_place": native}
            if level is not None:
                values["level"] = level
            self.remember_cadre(r, code, values)
        if not has_post:
            return (code, None, "", False, False, None, None, False) if r.ok else None
        return self.check_post(r, code, org_name, title, leadership, principal, started_on, ended_on)


class LeadershipImporter(PostsImporter):
    sheet = LEADERSHIP
    updates_cadres = False

    def check(self, r: Row) -> Record | None:
        org_name = r.text("org", required=True, max_length=120)
        title = r.text("title", required=True, max_length=60)
        code = r.text("code", required=True, max_length=40)
        name = r.text("name", required=True, max_length=40)
        principal = r.boolean("principal")
        started_on = r.date("started_on", required=True)
        ended_on = r.date("ended_on")
        if code and name:
            ex = self.existing.get(code)
            if ex is not None:
                if ex[1] != name:
                    r.fail("name", f"人员编号 {code} 已登记为“{ex[1]}”，与本行不一致（本表不修改干部信息）")
            else:
                self.remember_cadre(r, code, {"name": name})
        return self.check_post(r, code, org_name, title, True, principal, started_on, ended_on)


# -- 巡察工作人员 -------------------------------------------------------------------------------


class InspectorsImporter(Importer):
    sheet = INSPECTORS

    def load(self) -> None:
        self.cadres: dict[str, tuple[int, str]] = {
            code: (pk, name)
            for code, pk, name in Cadre.objects.filter(jurisdiction=self.j).values_list("code", "id", "name")
        }
        self.existing: dict[int, tuple[int, str, list[str], bool, bool]] = {
            cadre_id: (pk, kind, list(expertise or []), pool, county)
            for pk, cadre_id, kind, expertise, pool, county in Inspector.objects.filter(
                cadre__jurisdiction=self.j
            ).values_list("id", "cadre_id", "kind", "expertise", "in_leader_pool", "county_level")
        }
        self.kinds = inspector_kind_lookup(self.book)
        self.expertise = expertise_lookup(self.book)
        self.seen: dict[str, int] = {}

    def _kind_refusal(self, value: str) -> str:
        """For a cell that names no kind at all; a kind the rulebook lacks is refused by `_kind_article`."""
        allowed = "、".join(
            inspector_kind_label(self.book, code) + (f"（{article}）" if article else "")
            for code, article in inspector_kinds(self.book).items()
        )
        return f"“{value}”不是{self.book.word}工作人员类别（可填：{allowed}）"

    def check(self, r: Row) -> Record | None:
        code = r.text("code", required=True, max_length=40)
        name = r.text("name", max_length=40)
        kind = r.choice("kind", self.kinds, self._kind_refusal, required=True)
        if kind:
            try:
                _kind_article(self.book, kind)
            except ServiceError as exc:
                r.refuse("kind", exc)
        # Names become codes; anything else goes to the service's check as written, which refuses it.
        expertise = list(dict.fromkeys(self.expertise.get(p, p) for p in LIST_SPLIT.split(r.text("expertise")) if p))
        try:
            _check_expertise(self.book, expertise)
        except ServiceError as exc:
            r.refuse("expertise", exc)
        pool = r.boolean("leader_pool")
        if pool:
            refusal = leader_pool_refusal(self.book)
            if refusal is not None:
                r.refuse("leader_pool", refusal)
        county = r.boolean("county_level")
        cadre = self.cadres.get(code) if code else None
        if code:
            if cadre is None:
                r.fail("code", f"人员编号 {code} 不在本党委干部名册中（请先导入干部任职表）")
            elif name and name != cadre[1]:
                r.fail("name", f"人员编号 {code} 在干部名册中是“{cadre[1]}”，与本行不一致")
            if code in self.seen:
                r.fail("code", f"与第 {self.seen[code]} 行重复：同一人员只能有一行")
            else:
                self.seen[code] = r.no
        if not r.ok or cadre is None:
            return None
        return (cadre[0], kind, expertise, bool(pool), bool(county))

    def write(self, batches: Iterable[list[Record]], tick: Tick) -> dict[str, int]:
        created = updated = unchanged = 0
        for batch in batches:
            new, changed = [], []
            for cadre_id, kind, expertise, pool, county in batch:
                ex = self.existing.get(cadre_id)
                if ex is None:
                    new.append(
                        Inspector(
                            jurisdiction=self.j,
                            cadre_id=cadre_id,
                            kind=kind,
                            expertise=expertise,
                            in_leader_pool=pool,
                            county_level=county,
                        )
                    )
                elif ex[1:] == (kind, expertise, pool, county):
                    unchanged += 1
                else:
                    changed.append(
                        Inspector(pk=ex[0], kind=kind, expertise=expertise, in_leader_pool=pool, county_level=county)
                    )
            Inspector.objects.bulk_create(new, batch_size=BATCH)
            Inspector.objects.bulk_update(
                changed, ["kind", "expertise", "in_leader_pool", "county_level"], batch_size=BATCH
            )
            created += len(new)
            updated += len(changed)
            tick(len(batch))
        return {"created": created, "updated": updated, "unchanged": unchanged}


IMPORTERS: dict[str, type[Importer]] = {
    "targets": TargetsImporter,
    "leadership": LeadershipImporter,
    "cadres": CadresImporter,
    "inspectors": InspectorsImporter,
}
