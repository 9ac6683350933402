"""The recusal engine against a plain reference written differently: subtrees by walking up parents (and
successors) recursively instead of collecting descendants, regions by string comparison on normalized paths instead
of segment tuples, periods by walking day by day instead of interval arithmetic, consecutive rounds as a streak
counted backwards instead of a window. Random org trees, posts, native places, declarations and rounds."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from hypothesis import given, settings
from hypothesis import strategies as st

from xuncha.people.recusal import (
    FACT_MAX,
    DeclarationFact,
    InspectorFacts,
    Policy,
    PostFact,
    RoundRef,
    Service,
    TargetFacts,
    recusal_hits,
    rotation_warnings,
)
from xuncha.people.selectors import _Org, effective_region, units_of

D = datetime.date
ON = D(2026, 3, 2)
DAY = datetime.timedelta(days=1)
EXAMPLES = settings(max_examples=200, deadline=None)

POLICY = Policy(
    post_years=5,
    region_service_years=5,
    max_consecutive_rounds=3,
    articles={"post": "第十三条", "region": "第十三条", "duty": "第十三条"},
    names={"post": "任职回避", "region": "地域回避", "duty": "公务回避"},
    rotation_article="第十三条",
)

# Segments chosen so that string prefixes and segment prefixes disagree (景德镇 / 景德镇市, 浮梁 / 浮梁县).
LEVELS = [["江西省", "江西"], ["景德镇市", "景德镇"], ["浮梁县", "浮梁", "昌江区"], ["湘湖镇", "湘湖"]]


@st.composite
def regions(draw: st.DrawFn) -> str:
    depth = draw(st.integers(0, 4))
    parts = [draw(st.sampled_from(LEVELS[i])) for i in range(depth)]
    padded: bool = draw(st.booleans())
    trailing: bool = draw(st.booleans())
    if parts and padded:
        parts[-1] = f" {parts[-1]} "  # stray blanks are not part of the name
    return "/".join(parts) + ("/" if parts and trailing else "")


dates = st.dates(min_value=D(2012, 1, 1), max_value=D(2027, 12, 31))


@dataclass
class World:
    parent: list[int | None]
    successor: list[int | None]
    region: list[str]
    target: int

    def orgs(self) -> dict[int, _Org]:
        return {
            i: _Org(i, f"U{i}号单位", self.region[i], self.parent[i], self.successor[i])
            for i in range(len(self.parent))
        }


@st.composite
def worlds(draw: st.DrawFn) -> World:
    n = draw(st.integers(1, 10))
    # Parents and successors point to lower numbers, so the structure has no cycles (as in the registry).
    parent = [None if i == 0 else draw(st.none() | st.integers(0, i - 1)) for i in range(n)]
    successor = [None if i == 0 else draw(st.none() | st.integers(0, i - 1)) for i in range(n)]
    # A few paths per world, so units often share (or nearly share) the target's region.
    pool = draw(st.lists(regions(), min_size=1, max_size=3))
    region = [draw(st.sampled_from(pool)) for _ in range(n)]
    return World(parent, successor, region, draw(st.integers(0, n - 1)))


@st.composite
def posts_in(
    draw: st.DrawFn, world: World, *, edge: datetime.date | None = None, longest: int = 6000
) -> tuple[PostFact, ...]:
    """Posts in the world's units. With `edge`, some end within two days of it; `longest` caps a post's days."""
    out = []
    for _ in range(draw(st.integers(0, 6))):
        if edge is not None and draw(st.booleans()):
            end: datetime.date | None = edge + DAY * draw(st.integers(-2, 2))
            start = edge - DAY * draw(st.integers(2, longest))
        else:
            start = draw(dates)
            end = None if draw(st.integers(0, 4)) == 0 else start + DAY * draw(st.integers(0, longest))
        org = draw(st.integers(0, len(world.parent) - 1))
        out.append(PostFact(org, start, end, f"U{org}号单位", "职务"))
    return tuple(out)


# -- the reference -------------------------------------------------------------------------------------------------
def ref_belongs(unit: int | None, world: World) -> bool:
    """Is `unit` the target, or below it, or merged into something that belongs? Walk upwards, recursively."""
    if unit is None:
        return False
    if unit == world.target:
        return True
    return ref_belongs(world.parent[unit], world) or ref_belongs(world.successor[unit], world)


def ref_normal(path: str) -> str:
    return "/".join(p.strip() for p in path.split("/") if p.strip())


def ref_within(inner: str, outer: str) -> bool:
    a, b = ref_normal(inner), ref_normal(outer)
    return a != "" and b != "" and (a == b or a.startswith(b + "/"))


def ref_region(unit: int, world: World) -> str:
    if ref_normal(world.region[unit]):
        return world.region[unit]
    parent = world.parent[unit]
    return "" if parent is None else ref_region(parent, world)


def ref_five_years_ago(on: datetime.date, years: int) -> datetime.date:
    day = on
    while (day.year, day.month, day.day) > (on.year - years, on.month, on.day):
        day -= DAY
    return day


def ref_post_hit(post: PostFact, world: World, on: datetime.date, years: int) -> bool:
    """Some day from `years` years before `on` up to `on` on which the post was held, in a unit that belongs."""
    if not ref_belongs(post.organization_id, world):
        return False
    day = ref_five_years_ago(on, years)
    while day <= on:
        if post.started_on <= day and (post.ended_on is None or day <= post.ended_on):
            return True
        day += DAY
    return False


def ref_served_days(posts: tuple[PostFact, ...], world: World, on: datetime.date) -> tuple[int, int]:
    """(posts in the target's region started by `on`, distinct days served in them up to `on`)."""
    target_region = ref_region(world.target, world)
    days: set[datetime.date] = set()
    count = 0
    for p in posts:
        if p.started_on > on or not ref_within(ref_region(p.organization_id, world), target_region):
            continue
        count += 1
        day = p.started_on
        while day <= on and (p.ended_on is None or day <= p.ended_on):
            days.add(day)
            day += DAY
    return count, len(days)


def target_facts(world: World, leadership: frozenset[int] = frozenset()) -> TargetFacts:
    orgs = world.orgs()
    return TargetFacts(
        organization_id=world.target,
        unit_ids=units_of(world.target, orgs),
        region=effective_region(world.target, orgs),
        leadership_ids=leadership,
        regions={i: effective_region(i, orgs) for i in orgs},
        name=f"U{world.target}号单位",
    )


# -- properties ----------------------------------------------------------------------------------------------------
@EXAMPLES
@given(worlds())
def test_subtrees_and_inherited_regions_match_walking_up_the_parents(world: World) -> None:
    orgs = world.orgs()
    assert units_of(world.target, orgs) == {i for i in orgs if ref_belongs(i, world)}
    for i in orgs:
        assert ref_normal(effective_region(i, orgs)) == ref_normal(ref_region(i, world))


@EXAMPLES
@given(st.data())
def test_post_recusal_matches_a_day_by_day_walk(data: st.DataObject) -> None:
    world = data.draw(worlds())
    on = data.draw(st.dates(min_value=D(2014, 1, 1), max_value=D(2027, 12, 31)))
    years = data.draw(st.integers(0, 6))
    posts = data.draw(posts_in(world, edge=ref_five_years_ago(on, years)))
    policy = replace(POLICY, post_years=years)
    hits = [h for h in recusal_hits(InspectorFacts(posts=posts), target_facts(world), policy, on) if h.rule == "post"]
    expected = [p for p in posts if ref_post_hit(p, world, on, years)]
    # Two identical posts make one sentence; compare the distinct posts.
    assert len(hits) == len(set(expected))
    for p in expected:
        assert any(f"{p.organization_name}任" in h.fact for h in hits)
    assert all(h.article == "第十三条" and h.rule_name == "任职回避" for h in hits)


@EXAMPLES
@given(st.data())
def test_region_recusal_matches_string_paths_and_a_set_of_days(data: st.DataObject) -> None:
    world = data.draw(worlds())
    posts = data.draw(posts_in(world, longest=1200))  # short posts: unions near the threshold, with overlaps
    native = data.draw(regions())
    on = data.draw(st.dates(min_value=D(2014, 1, 1), max_value=D(2027, 12, 31)))
    years = data.draw(st.integers(0, 6))
    territory = data.draw(regions())
    policy = replace(POLICY, region_service_years=years, territory=territory)
    hits = [
        h
        for h in recusal_hits(InspectorFacts(native_place=native, posts=posts), target_facts(world), policy, on)
        if h.rule == "region"
    ]
    target_region = ref_region(world.target, world)
    # A unit whose region is the committee's territory, or contains it, is outside the rule (a 市直 unit).
    applies = ref_normal(target_region) != "" and not ref_within(territory, target_region)
    native_hit = applies and ref_within(native, target_region)
    count, days = ref_served_days(posts, world, on)
    service_hit = applies and count > 0 and days >= (on - ref_five_years_ago(on, years)).days
    assert [h.fact.startswith("在被巡察单位所在地区") for h in hits] == [False] * native_hit + [True] * service_hit
    assert all(len(h.fact) <= FACT_MAX for h in hits)


@st.composite
def declarations(draw: st.DrawFn, n_units: int) -> tuple[DeclarationFact, ...]:
    out = []
    for k in range(draw(st.integers(0, 6))):
        withdrawn = draw(st.none() | dates)
        out.append(
            DeclarationFact(
                kind=draw(st.sampled_from(["kin", "close_tie", "interest", "prior_post"])),
                person_id=draw(st.none() | st.integers(1, 6)),
                organization_id=draw(st.none() | st.integers(0, n_units - 1)),
                text=f"第{k}项",
                declared_on=D(2012, 1, 1),
                withdrawn_on=withdrawn,
                person_name=f"P{draw(st.integers(1, 6))}",
                organization_name="某单位",
            )
        )
    return tuple(out)


@EXAMPLES
@given(st.data())
def test_duty_recusal_and_declared_posts_match_the_declarations_one_by_one(data: st.DataObject) -> None:
    world = data.draw(worlds())
    decls = data.draw(declarations(len(world.parent)))
    leadership = frozenset(data.draw(st.sets(st.integers(1, 6))))
    on = data.draw(dates)
    hits = recusal_hits(InspectorFacts(declarations=decls), target_facts(world, leadership), POLICY, on)

    def current(d: DeclarationFact) -> bool:
        return not (d.withdrawn_on is not None and d.withdrawn_on <= on)

    duty = [
        d
        for d in decls
        if d.kind != "prior_post"
        and current(d)
        and (d.person_id in leadership or ref_belongs(d.organization_id, world))
    ]
    posts = [d for d in decls if d.kind == "prior_post" and current(d) and ref_belongs(d.organization_id, world)]
    assert sorted(h.fact.rsplit("：", 1)[-1] for h in hits if h.rule == "duty") == sorted(d.text for d in duty)
    assert sorted(h.fact.rsplit("：", 1)[-1] for h in hits if h.rule == "post") == sorted(d.text for d in posts)


@EXAMPLES
@given(st.data())
def test_rotation_warnings_match_a_streak_counted_backwards(data: st.DataObject) -> None:
    keys = sorted(data.draw(st.sets(st.tuples(st.integers(2020, 2026), st.integers(1, 4)), min_size=1, max_size=10)))
    rounds = [RoundRef(i + 1, y, n) for i, (y, n) in enumerate(keys)]
    current = data.draw(st.sampled_from(rounds))
    limit = data.draw(st.integers(1, 4))
    target = data.draw(st.integers(1, 4))
    services = [
        Service(r, 1, frozenset(data.draw(st.sets(st.integers(1, 4), max_size=2))))
        for r in rounds
        if data.draw(st.booleans())
    ]
    policy = replace(POLICY, max_consecutive_rounds=limit)
    warnings = rotation_warnings(
        services=services,
        target=TargetFacts(organization_id=target, unit_ids=frozenset({target}), name="某单位"),
        current_round=current,
        earlier_rounds=rounds,
        policy=policy,
    )
    served = {s.round.id for s in services}
    streak, i = 0, rounds.index(current) - 1
    while i >= 0 and rounds[i].id in served:
        streak += 1
        i -= 1
    same = sum(1 for s in services if s.round.key < current.key and target in s.target_ids)
    assert [w.rule for w in warnings] == ["same_target"] * same + ["consecutive_rounds"] * (streak >= limit)
    assert all(w.article == "第十三条" for w in warnings)
