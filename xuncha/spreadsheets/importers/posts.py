"""The sheets of posts and the cadres who hold them: cadres (干部任职) and leadership (领导班子)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

# The talent-pool rules of `people.services.inspector_create`: kind (`kind_article`) and expertise
# (`check_expertise`). Private helpers there, called here on purpose, so that the import refuses
# exactly what the service refuses, with the service's words and article.
from xuncha.registry.models import Cadre, Organization, Post

from ..columns import (
    CADRES,
    LEADERSHIP,
    level_lookup,
)
from .base import BATCH, Importer, Record, Row, Tick, _chunks


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
