"""The inspectors sheet (工作人员)."""

from __future__ import annotations

from collections.abc import Iterable

from xuncha.core.errors import ServiceError
from xuncha.people.models import Inspector

# The talent-pool rules of `people.services.inspector_create`: kind (`kind_article`) and expertise
# (`check_expertise`). Private helpers there, called here on purpose, so that the import refuses
# exactly what the service refuses, with the service's words and article.
from xuncha.people.services import check_expertise, kind_article, leader_pool_refusal
from xuncha.registry.models import Cadre

from ..columns import (
    INSPECTORS,
    LIST_SPLIT,
    expertise_lookup,
    inspector_kind_label,
    inspector_kind_lookup,
    inspector_kinds,
)
from .base import BATCH, Importer, Record, Row, Tick


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
        """For a cell that names no kind at all; a kind the rulebook lacks is refused by `kind_article`."""
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
                kind_article(self.book, kind)
            except ServiceError as exc:
                r.refuse("kind", exc)
        # Names become codes; anything else goes to the service's check as written, which refuses it.
        expertise = list(dict.fromkeys(self.expertise.get(p, p) for p in LIST_SPLIT.split(r.text("expertise")) if p))
        try:
            check_expertise(self.book, expertise)
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
