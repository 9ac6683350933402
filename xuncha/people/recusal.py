"""回避 (recusal) and rotation: a pure engine over facts, with no database access.

JDZ-2017 第十三条 and NMG-2016 第十二条 name three kinds of recusal — 任职回避, 地域回避, 公务回避 — but fix no
periods and do not say what a region is; the periods and the committee's own territory are the office's settings in
the rulebook's `recusal:` section, and every sentence that shows one says so (`Policy.setting`), never citing the
article for it. The article is cited for the kind of recusal only (docs/recusal.md).
`selectors.recusal_facts` loads the facts from the database; this module only decides, so the same decision can
be tested against a differently written reference (tests/test_recusal_properties.py) and explained line by line in
docs/recusal.md.

Every `Hit` carries a Chinese sentence naming the concrete fact. The sentence does not depend on the date of the
check (a current post reads “起”, not “至今日”), because a waiver is recorded against exactly that sentence.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from xuncha.jurisdictions.vocabulary import SCHEMA_WORD

if TYPE_CHECKING:
    from xuncha.jurisdictions.rulebook import Rulebook

RuleCode = Literal["post", "region", "duty"]
DeclarationKind = Literal["kin", "close_tie", "interest", "prior_post"]

RULES: tuple[RuleCode, ...] = ("post", "region", "duty")
# Cumulative service is counted in days, both ends included, overlapping posts once. It reaches N years when it
# has at least as many days as the N years ending on the date of the check (1826 for five years ending 2026-03-02),
# so a post held without a break reaches N years exactly on its N-th anniversary's eve, as a calendar would say.
# RecusalWaiver.fact is 300 characters; a fact sentence never exceeds it, so every hit can be waived.
FACT_MAX = 300
# How many posts a cumulative-service fact lists by name before “等N处”.
FACT_POSTS_LISTED = 3

DECLARATION_LABELS: dict[str, str] = {
    "kin": "亲属关系",
    "close_tie": "其他密切关系",
    "interest": "直接利害关系",
    "prior_post": "曾任职务",
}
ROTATION_NAME = "轮岗交流"


# -- regions ---------------------------------------------------------------------------------------------------
def region_segments(path: str) -> tuple[str, ...]:
    """“江西省/景德镇市/浮梁县” → ("江西省", "景德镇市", "浮梁县"); blanks and empty segments dropped."""
    return tuple(part.strip() for part in (path or "").split("/") if part.strip())


def region_within(inner: str, outer: str) -> bool:
    """`inner` equals `outer` or lies within it, segment by segment (“江西省/景德镇” is not within
    “江西省/景德镇市”, nor the other way round). An empty region is within nothing and contains nothing."""
    a, b = region_segments(inner), region_segments(outer)
    return bool(a) and bool(b) and a[: len(b)] == b


def region_text(path: str) -> str:
    return "/".join(region_segments(path))


# -- dates -----------------------------------------------------------------------------------------------------
def years_before(on: datetime.date, years: int) -> datetime.date:
    """The same day `years` years earlier; 29 February becomes 28 February (民法典 第二百零二条 by analogy)."""
    try:
        return on.replace(year=on.year - years)
    except ValueError:
        return datetime.date(on.year - years, 2, 28)


def service_threshold_days(on: datetime.date, years: int) -> int:
    """Days in the `years` years that end on `on`."""
    return (on - years_before(on, years)).days


def cn_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _clip(text: str) -> str:
    return text if len(text) <= FACT_MAX else text[: FACT_MAX - 1] + "…"


# -- facts -----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PostFact:
    """One post the inspector holds or held (registry.Post), dates inclusive."""

    organization_id: int
    started_on: datetime.date
    ended_on: datetime.date | None = None
    organization_name: str = ""
    title: str = ""

    def held_on(self, day: datetime.date) -> bool:
        return self.started_on <= day and (self.ended_on is None or self.ended_on >= day)

    def dates(self) -> str:
        if self.ended_on is None:
            return f"{cn_date(self.started_on)}起"
        return f"{cn_date(self.started_on)}至{cn_date(self.ended_on)}"


@dataclass(frozen=True)
class DeclarationFact:
    """One declaration (people.Declaration). `text` is the declared relation and detail, as written."""

    kind: DeclarationKind
    person_id: int | None = None
    organization_id: int | None = None
    text: str = ""
    declared_on: datetime.date | None = None
    withdrawn_on: datetime.date | None = None
    person_name: str = ""
    organization_name: str = ""

    def current_on(self, day: datetime.date) -> bool:
        """Not withdrawn as of `day` (a withdrawal dated later than the check does not count yet)."""
        return self.withdrawn_on is None or self.withdrawn_on > day

    def header(self) -> str:
        return f"申报（{cn_date(self.declared_on)}）" if self.declared_on else "申报"

    def detail(self) -> str:
        return f"：{self.text}" if self.text else ""


@dataclass(frozen=True)
class InspectorFacts:
    native_place: str = ""
    posts: tuple[PostFact, ...] = ()
    declarations: tuple[DeclarationFact, ...] = ()
    name: str = ""


@dataclass(frozen=True)
class TargetFacts:
    """The inspected unit: `unit_ids` holds it and every unit below it (and units merged into them);
    `regions` maps the units of the inspector's posts to their region paths."""

    organization_id: int
    unit_ids: frozenset[int]
    region: str = ""
    leadership_ids: frozenset[int] = frozenset()
    regions: Mapping[int, str] = field(default_factory=dict)
    name: str = ""


SETTING_LABEL = "本办设置，可在规则文件中调整"


@dataclass(frozen=True)
class Policy:
    post_years: int
    region_service_years: int
    max_consecutive_rounds: int
    articles: Mapping[str, str]  # rule code → article (第十三条)
    names: Mapping[str, str]  # rule code → name (任职回避)
    word: str = SCHEMA_WORD
    rotation_article: str = ""
    # The committee's own territory (江西省/景德镇市): a unit whose region is the territory (a 市直/区直 unit) is not
    # subject to the native-place and service-years rules of 地域回避 (docs/recusal.md). Empty: no such unit.
    territory: str = ""

    @classmethod
    def from_rulebook(cls, book: Rulebook) -> Policy:
        r = book.recusal
        return cls(
            post_years=r.post_years,
            region_service_years=r.region_service_years,
            max_consecutive_rounds=r.max_consecutive_rounds,
            articles={k.code: k.article for k in r.kinds},
            names={k.code: k.name for k in r.kinds},
            word=book.word,
            rotation_article=book.staffing.rotation_article,
            territory=r.territory,
        )

    @staticmethod
    def setting(key: str) -> str:
        """How a threshold the texts do not fix is labelled: （本办设置，可在规则文件中调整：recusal.post_years）."""
        return f"（{SETTING_LABEL}：recusal.{key}）"

    def article(self, rule: str) -> str:
        return self.articles.get(rule, "")

    def name(self, rule: str) -> str:
        return self.names.get(rule, rule)


@dataclass(frozen=True)
class Hit:
    """A reason the inspector must not serve on this target (refuses the assignment unless waived)."""

    rule: RuleCode
    fact: str
    article: str
    rule_name: str

    def as_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "rule_name": self.rule_name, "fact": self.fact, "article": self.article}

    def sentence(self) -> str:
        """The article names the kind of recusal it establishes, not the fact or a threshold in it."""
        cite = f"（{self.article}）" if self.article else ""
        return f"{self.rule_name}{cite}：{self.fact}"


@dataclass(frozen=True)
class Warning:  # shadows the builtin only inside this module, which never raises or catches warnings
    """Something the office should weigh; it does not refuse."""

    rule: str  # same_target / consecutive_rounds / leader_level / no_target / native_place_unclear
    fact: str
    article: str
    rule_name: str

    def as_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "rule_name": self.rule_name, "fact": self.fact, "article": self.article}

    def sentence(self) -> str:
        cite = f"（{self.article}）" if self.article else ""
        return f"{self.rule_name}{cite}：{self.fact}"


# -- the three rules -------------------------------------------------------------------------------------------
def _hit(rule: RuleCode, fact: str, policy: Policy) -> Hit:
    return Hit(rule=rule, fact=_clip(fact), article=policy.article(rule), rule_name=policy.name(rule))


def _where(unit_id: int | None, unit_name: str, target: TargetFacts, policy: Policy) -> str:
    """How a unit stands to the target, in words: 被巡察单位X / 被巡察单位X的下属单位Y."""
    if unit_id == target.organization_id:
        return f"被{policy.word}单位{target.name or unit_name}"
    return f"被{policy.word}单位{target.name}的下属单位{unit_name}"


def post_hits(inspector: InspectorFacts, target: TargetFacts, policy: Policy, on: datetime.date) -> list[Hit]:
    """任职回避: holds, or held within `post_years` years before `on`, a post in the target or a unit below it;
    a prior_post declaration naming such a unit counts the same (it carries no dates, so it always counts)."""
    cutoff = years_before(on, policy.post_years)
    hits: list[Hit] = []
    for post in inspector.posts:
        if post.organization_id not in target.unit_ids or post.started_on > on:
            continue
        where = _where(post.organization_id, post.organization_name, target, policy)
        title = post.title or "职务"
        if post.held_on(on):
            hits.append(_hit("post", f"现在{where}任{title}（{post.dates()}）", policy))
        elif post.ended_on is not None and post.ended_on >= cutoff:
            fact = (
                f"曾在{where}任{title}（{post.dates()}），离任未满{policy.post_years}年{policy.setting('post_years')}"
            )
            hits.append(_hit("post", fact, policy))
    for d in inspector.declarations:
        if d.kind == "prior_post" and d.current_on(on) and d.organization_id in target.unit_ids:
            where = _where(d.organization_id, d.organization_name, target, policy)
            hits.append(_hit("post", f"{d.header()}曾在{where}任职{d.detail()}", policy))
    return hits


def merged_days(intervals: Iterable[tuple[datetime.date, datetime.date]]) -> int:
    """Days covered by inclusive intervals, overlaps counted once."""
    total, current_end = 0, None
    for start, end in sorted(intervals):
        if current_end is not None and start <= current_end:
            if end > current_end:
                total += (end - current_end).days
                current_end = end
            continue
        total += (end - start).days + 1
        current_end = end
    return total


def region_rule_applies(target: TargetFacts, policy: Policy) -> bool:
    """The native-place and service-years rules apply to a unit whose region lies below the committee's own
    territory (a county, a district, a 盟市), not to a unit whose region is the territory itself (a 市直 or 区直
    unit, whose region is the whole city or region): the texts say only “实行地域回避”, and reading it as barring
    every native of the territory, and everyone who served in it, from every unit at the committee's own level
    would bar the staff the committee draws its teams from (docs/recusal.md)."""
    region = region_segments(target.region)
    if not region:
        return False
    territory = region_segments(policy.territory)
    return not (territory and territory[: len(region)] == region)


def region_hits(inspector: InspectorFacts, target: TargetFacts, policy: Policy, on: datetime.date) -> list[Hit]:
    """地域回避, where it applies (`region_rule_applies`): the native place is the target's region or lies within it;
    or the posts held (up to `on`) in units whose region lies within the target's region add up to
    `region_service_years` years (the office's setting)."""
    hits: list[Hit] = []
    if not region_rule_applies(target, policy):
        return hits
    native, region = region_text(inspector.native_place), region_text(target.region)
    if region_within(native, region):
        where = f"被{policy.word}单位所在地区{region}"
        if region_segments(native) == region_segments(region):
            fact = f"籍贯{native}，即{where}"
        else:
            fact = f"籍贯{native}，在{where}之内"
        hits.append(_hit("region", fact, policy))
    served = sorted(
        (
            p
            for p in inspector.posts
            if p.started_on <= on and region_within(target.regions.get(p.organization_id, ""), region)
        ),
        key=lambda p: (p.started_on, p.organization_name, p.title),
    )
    days = merged_days((p.started_on, min(p.ended_on or on, on)) for p in served)
    if served and days >= service_threshold_days(on, policy.region_service_years):
        listed = "、".join(f"{p.organization_name}{p.title}（{p.dates()}）" for p in served[:FACT_POSTS_LISTED])
        more = f"等{len(served)}处" if len(served) > FACT_POSTS_LISTED else ""
        years = f"{policy.region_service_years}年{policy.setting('region_service_years')}"
        fact = f"在被{policy.word}单位所在地区{region}内的单位累计任职满{years}：{listed}{more}"
        hits.append(_hit("region", fact, policy))
    return hits


def region_warnings(inspector: InspectorFacts, target: TargetFacts, policy: Policy) -> list[Warning]:
    """A native place recorded more coarsely than the target's region and containing it (籍贯 江西省/景德镇市 for a
    unit in 浮梁县) cannot tell whether the inspector is a native of the region: a warning to make the record
    precise, not a refusal."""
    if not region_rule_applies(target, policy):
        return []
    native, region = region_text(inspector.native_place), region_text(target.region)
    if not region_within(region, native) or region_within(native, region):
        return []
    fact = (
        f"籍贯只登记到{native}，被{policy.word}单位所在地区{region}在其内，无法判断是否须地域回避，"
        "请在干部档案中核实籍贯"
    )
    return [Warning("native_place_unclear", fact, policy.article("region"), policy.name("region"))]


def duty_hits(inspector: InspectorFacts, target: TargetFacts, policy: Policy, on: datetime.date) -> list[Hit]:
    """公务回避: a current declaration of kin, close tie or interest naming a member of the target's current
    leadership, or naming the target or a unit below it."""
    hits: list[Hit] = []
    for d in inspector.declarations:
        if d.kind == "prior_post" or not d.current_on(on):
            continue
        label = DECLARATION_LABELS[d.kind]
        if d.person_id is not None and d.person_id in target.leadership_ids:
            who = f"被{policy.word}单位领导班子成员{d.person_name}"
            hits.append(_hit("duty", f"{d.header()}与{who}有{label}{d.detail()}", policy))
        elif d.organization_id is not None and d.organization_id in target.unit_ids:
            where = _where(d.organization_id, d.organization_name, target, policy)
            hits.append(_hit("duty", f"{d.header()}与{where}有{label}{d.detail()}", policy))
    return hits


def recusal_hits(inspector: InspectorFacts, target: TargetFacts, policy: Policy, on: datetime.date) -> list[Hit]:
    """Every reason to recuse, in the order 任职回避, 地域回避, 公务回避; the same sentence appears once."""
    hits = [
        *post_hits(inspector, target, policy, on),
        *region_hits(inspector, target, policy, on),
        *duty_hits(inspector, target, policy, on),
    ]
    return list(dict.fromkeys(hits))


# -- rotation (warnings only) ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class RoundRef:
    id: int
    year: int
    number: int

    @property
    def key(self) -> tuple[int, int]:
        return (self.year, self.number)

    @property
    def label(self) -> str:
        return f"{self.year}年第{self.number}轮"


@dataclass(frozen=True)
class Service:
    """The inspector served on a team in a round; the team inspected these targets."""

    round: RoundRef
    team_number: int
    target_ids: frozenset[int] = frozenset()
    target_names: Mapping[int, str] = field(default_factory=dict)


def rotation_warnings(
    *,
    services: Sequence[Service],
    target: TargetFacts,
    current_round: RoundRef,
    earlier_rounds: Sequence[RoundRef],
    policy: Policy,
) -> list[Warning]:
    """轮岗交流 (JDZ-2017 第十三条, NMG-2016 第十二条): warn if the inspector already served on an earlier inspection of
    the same target, or served in each of the jurisdiction's last `max_consecutive_rounds` rounds before this one."""
    out: list[Warning] = []
    before = sorted(
        (s for s in services if s.round.key < current_round.key), key=lambda s: (s.round.key, s.team_number)
    )
    for s in before:
        if target.organization_id in s.target_ids:
            name = s.target_names.get(target.organization_id, target.name)
            fact = f"曾参加{s.round.label}第{s.team_number}{policy.word}组对{name}的{policy.word}"
            out.append(Warning("same_target", fact, policy.rotation_article, ROTATION_NAME))
    n = policy.max_consecutive_rounds
    last = sorted((r for r in earlier_rounds if r.key < current_round.key), key=lambda r: r.key, reverse=True)[:n]
    served_rounds = {s.round.id for s in services}
    if len(last) == n and all(r.id in served_rounds for r in last):
        labels = "、".join(r.label for r in reversed(last))
        limit = f"{n}轮{policy.setting('max_consecutive_rounds')}"
        fact = f"已连续参加本级此前{n}轮{policy.word}（{labels}），达到连续参加轮次上限{limit}"
        out.append(Warning("consecutive_rounds", fact, policy.rotation_article, ROTATION_NAME))
    return list(dict.fromkeys(out))


def hits_as_json(hits: Iterable[Hit], waivers: Mapping[tuple[str, str], Any] | None = None) -> list[dict[str, Any]]:
    """Hits as stored in Assignment.hits, with the id of the waiver that let each through (and `waived`)."""
    out: list[dict[str, Any]] = []
    for h in hits:
        row: dict[str, Any] = h.as_dict()
        if waivers is not None:
            row["waiver"] = waivers.get((h.rule, h.fact))
            row["waived"] = row["waiver"] is not None
        out.append(row)
    return out
