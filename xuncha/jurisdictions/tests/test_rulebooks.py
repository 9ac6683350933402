from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from xuncha.jurisdictions import vocabulary
from xuncha.jurisdictions.rulebook import (
    OPTIONAL_CODES,
    REQUIRED_CODES,
    RULEBOOK_DIR,
    ClosureCondition,
    Rulebook,
    RulebookError,
    all_rulebooks,
    contract_problems,
    load_directory,
    load_file,
    parse_rulebook,
)

SOURCES = RULEBOOK_DIR / "sources"


def test_both_regulations_are_shipped_and_valid() -> None:
    books = all_rulebooks()
    assert set(books) == {"JDZ-2017", "NMG-2016"}
    assert books["JDZ-2017"].word == "巡察"
    assert books["NMG-2016"].word == "巡视"


def _articles(obj: object) -> list[str]:
    found: list[str] = []
    if isinstance(obj, dict):
        for key, value in obj.items():
            if key == "article":
                found.append(value)
            else:
                found += _articles(value)
    elif isinstance(obj, list):
        for value in obj:
            found += _articles(value)
    return found


@pytest.mark.parametrize("code", ["JDZ-2017", "NMG-2016"])
def test_every_cited_article_exists_in_the_source_text(code: str) -> None:
    book = all_rulebooks()[code]
    text = (SOURCES / book.source_file).read_text(encoding="utf-8")
    present = set(re.findall(r"第[一二三四五六七八九十百零]+条", text))
    cited = _articles(book.model_dump())
    assert len(cited) > 80  # the walk really found the items
    missing = sorted(set(cited) - present)
    assert missing == [], f"{code} cites articles absent from {book.source_file}: {missing}"


def test_the_rules_that_differ_are_encoded_as_the_regulations_say() -> None:
    jdz, nmg = all_rulebooks()["JDZ-2017"], all_rulebooks()["NMG-2016"]
    plan = jdz.deadline("rectification_plan")
    assert (plan.amount, plan.unit, plan.trigger, plan.article) == (
        10,
        "working_days",
        "feedback.receipt_signed",
        "第三十四条",
    )
    assert (jdz.deadline("rectification_reports").amount, jdz.deadline("rectification_reports").unit) == (2, "months")
    assert (nmg.deadline("rectification_reports").trigger, nmg.deadline("rectification_reports").article) == (
        "feedback.given",
        "第三十条",
    )
    assert (jdz.deadline("hearing").amount, jdz.deadline("hearing").unit) == (15, "working_days")
    assert nmg.deadline("hearing").unit == "timely"
    assert jdz.deadline("clue_handling_report").amount == 3 and nmg.deadline("clue_handling_report").amount == 3
    receipt = jdz.signature_form("feedback_receipt")
    assert receipt is not None and receipt.copies == 3
    assert receipt.signers == ["team_leader", "unit_principal_leader", "office_head"]
    assert nmg.signature_form("feedback_receipt") is None
    assert len(jdz.working_methods) == len(nmg.working_methods) == 13
    assert {r.code for r in nmg.report_types} >= {
        "inspection_report",
        "clue_report",
        "cadre_selection_report",
        "talk_summary",
    }
    assert jdz.minimum_periods[0].amount == 20 and nmg.minimum_periods == []


def test_an_invalid_file_is_refused_naming_file_path_and_article() -> None:
    text = (RULEBOOK_DIR / "jdz-2017.yaml").read_text(encoding="utf-8")
    broken = text.replace("trigger: feedback.receipt_signed", "trigger: feedback.signed_somehow", 1)
    with pytest.raises(RulebookError) as err:
        parse_rulebook(broken, filename="jdz-2017.yaml")
    message = str(err.value)
    assert "jdz-2017.yaml" in message
    assert "deadlines[" in message and "未知事件 'feedback.signed_somehow'" in message
    assert "第三十四条" in message


def test_a_missing_field_and_a_bad_article_are_reported_in_chinese() -> None:
    with pytest.raises(RulebookError) as err:
        parse_rulebook("code: XX-2020\nbodies:\n  - {code: office, name: 办公室, article: 第6条}\n", filename="x.yaml")
    message = str(err.value)
    assert "x.yaml: title: 缺少必填项" in message
    assert "x.yaml: bodies[0].article: 格式不符" in message


def test_a_third_jurisdiction_is_a_data_file(tmp_path: object) -> None:
    # A copy with a new code loads with no code change: the rulebook is data.
    text = (RULEBOOK_DIR / "nmg-2016.yaml").read_text(encoding="utf-8").replace("code: NMG-2016", "code: ABC-2030", 1)
    book = parse_rulebook(text, filename="abc-2030.yaml")
    assert book.code == "ABC-2030" and book.deadline("rectification_reports").amount == 2


def test_files_load_from_disk() -> None:
    assert load_file(RULEBOOK_DIR / "nmg-2016.yaml").code == "NMG-2016"


# -- the contract, checked at load time ------------------------------------------------------------------------------
JDZ_SOURCE = "000_e08af9d4873a1778.txt"


def _copy_with(tmp_path: Path, name: str, *edits: tuple[str, str]) -> Path:
    """A copy of the shipped rulebook `name` (and the source texts) in tmp_path, with each edit applied once."""
    text = (RULEBOOK_DIR / name).read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    shutil.copytree(SOURCES, tmp_path / "sources")
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def _refusal(directory: Path) -> str:
    with pytest.raises(RulebookError) as err:
        load_directory(directory)
    return str(err.value)


def test_the_shipped_rulebooks_keep_the_contract() -> None:
    assert set(load_directory(RULEBOOK_DIR)) == {"JDZ-2017", "NMG-2016"}
    for path in sorted(RULEBOOK_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert contract_problems(data, filename=path.name) == []


HEARING_ARTICLE = '    article: 第三十一条\n    text: "在每轮巡察结束后15个工作日内'


def test_a_cited_article_absent_from_the_source_fails_the_load(tmp_path: Path) -> None:
    folder = _copy_with(
        tmp_path, "jdz-2017.yaml", (HEARING_ARTICLE, HEARING_ARTICLE.replace("第三十一条", "第五十九条"))
    )
    message = _refusal(folder)
    assert f"jdz-2017.yaml: deadlines[0].article: 第五十九条在条文原文 {JDZ_SOURCE} 中不存在" in message


def test_an_article_cited_inside_a_text_must_exist_but_another_laws_may_be_quoted(tmp_path: Path) -> None:
    folder = _copy_with(
        tmp_path,
        "jdz-2017.yaml",
        ("第五条（六）、第三十一条亦提及", "第五条（六）、第六十二条亦提及"),
        # 《中国共产党巡视工作条例》第五十二条 is that regulation's, not JDZ-2017's (which has 51 articles).
        ("默认依照《中华人民共和国民法典》", "默认依照《中国共产党巡视工作条例》第五十二条和《中华人民共和国民法典》"),
        ("本实施办法第四十六条所列情形", "本实施办法第五十六条所列情形"),
    )
    message = _refusal(folder)
    assert f"jdz-2017.yaml: bodies[2].note: 文中引用的第六十二条在条文原文 {JDZ_SOURCE} 中不存在" in message
    assert "jdz-2017.yaml: discipline[17].text: 文中引用的第五十六条" in message  # 本实施办法 is this regulation
    assert "counting.source" not in message and "第五十二条" not in message
    assert "第五条" not in message


def test_a_clause_the_article_does_not_have_fails_the_load(tmp_path: Path) -> None:
    folder = _copy_with(tmp_path, "jdz-2017.yaml", ("依第四十六条（三）追究", "依第四十六条（九）追究"))
    assert "jdz-2017.yaml: working_methods[1].note: 文中引用的第四十六条（九）：第四十六条中没有第（九）项" in _refusal(
        folder
    )


def test_a_code_the_product_relies_on_must_be_defined(tmp_path: Path) -> None:
    folder = _copy_with(tmp_path, "jdz-2017.yaml", ("  - code: team_meeting\n", "  - code: team_council\n"))
    message = _refusal(folder)
    assert "jdz-2017.yaml: bodies: 缺少本系统依赖的代码 'team_meeting'（组务会" in message


def test_a_closure_condition_needs_the_deadline_it_counts_on(tmp_path: Path) -> None:
    folder = _copy_with(
        tmp_path, "jdz-2017.yaml", ("  - code: rectification_plan\n", "  - code: rectification_scheme\n")
    )
    message = _refusal(folder)
    assert (
        "jdz-2017.yaml: procedure.closure_conditions[4].code: 以 plan_submitted 为办结条件，"
        "须在 deadlines 中定义 'rectification_plan'（第三十四条）" in message
    )


def test_a_quotation_must_be_verbatim_whitespace_aside(tmp_path: Path) -> None:
    misquoted = _copy_with(
        tmp_path / "a", "jdz-2017.yaml", ("自签收反馈意见之日起10个工作日内", "自签收反馈意见之日起15个工作日内")
    )
    message = _refusal(misquoted)
    assert "jdz-2017.yaml: deadlines[4].text: 引文与第三十四条原文不符（须逐字摘自该条，只可略去空白）" in message
    assert "15个工作日内" in message
    assert "deadlines[5]" not in message  # the same article quoted rightly is not reported
    spaced = _copy_with(
        tmp_path / "b", "jdz-2017.yaml", ("自签收反馈意见之日起10个工作日内", "自签收反馈意见之日起 10 个工作日内")
    )
    assert load_directory(spaced)["JDZ-2017"].deadline("rectification_plan").amount == 10


def test_a_quotation_in_a_named_text_field_is_checked_against_its_named_article(tmp_path: Path) -> None:
    folder = _copy_with(tmp_path, "nmg-2016.yaml", ("  entry_article: 第二十五条", "  entry_article: 第二十六条"))
    assert "nmg-2016.yaml: procedure.entry_text: 引文与第二十六条原文不符" in _refusal(folder)


def test_every_problem_of_a_file_is_listed_at_once(tmp_path: Path) -> None:
    folder = _copy_with(
        tmp_path,
        "jdz-2017.yaml",
        (HEARING_ARTICLE, HEARING_ARTICLE.replace("第三十一条", "第五十九条")),
        ("  - code: team_meeting\n", "  - code: team_council\n"),
        ("自签收反馈意见之日起10个工作日内", "自签收反馈意见之日起15个工作日内"),
        ("trigger: feedback.receipt_signed", "trigger: feedback.signed_somehow"),
    )
    lines = _refusal(folder).splitlines()
    assert all(line.startswith("jdz-2017.yaml: ") for line in lines)
    assert any("deadlines[0].article: 第五十九条" in line for line in lines)
    assert any("缺少本系统依赖的代码 'team_meeting'" in line for line in lines)
    assert any("deadlines[4].text: 引文与第三十四条原文不符" in line for line in lines)
    assert any("未知事件 'feedback.signed_somehow'（第三十四条）" in line for line in lines)


def test_a_missing_source_text_fails_the_load(tmp_path: Path) -> None:
    folder = _copy_with(tmp_path, "nmg-2016.yaml")
    (folder / "sources" / "003_8feb31fd47ce6f33.txt").unlink()
    assert "nmg-2016.yaml: source_file: 找不到条文原文" in _refusal(folder)


def test_a_broken_rulebook_stops_the_start_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app registry's ready() loads every rulebook: `manage.py check`, `runserver`, the tests and every `xuncha`
    command stop with the problems in Chinese."""
    from django.apps import apps
    from django.core.exceptions import ImproperlyConfigured

    from xuncha.jurisdictions import rulebook

    folder = _copy_with(
        tmp_path, "jdz-2017.yaml", (HEARING_ARTICLE, HEARING_ARTICLE.replace("第三十一条", "第五十九条"))
    )
    shutil.copy(RULEBOOK_DIR / "nmg-2016.yaml", folder / "nmg-2016.yaml")
    monkeypatch.setattr(rulebook, "RULEBOOK_DIR", folder)
    all_rulebooks.cache_clear()
    try:
        with pytest.raises(ImproperlyConfigured) as err:
            apps.get_app_config("jurisdictions").ready()
    finally:
        monkeypatch.undo()
        all_rulebooks.cache_clear()
    assert str(err.value).startswith("规则文件校验失败：\n")
    assert "jdz-2017.yaml: deadlines[0].article: 第五十九条在条文原文" in str(err.value)
    assert set(all_rulebooks()) == {"JDZ-2017", "NMG-2016"}


# -- the list of codes the product relies on cannot go stale ---------------------------------------------------------
_SECTION_OF_METHOD = {
    "body": "bodies",
    "deadline": "deadlines",
    "role": "roles",
    "has_role": "roles",
    "signature_form": "signature_forms",
}
_LOOKUPS: list[tuple[re.Pattern[str], str | None]] = [
    # book.body("office"), book.deadline("hearing"), book.role("team_leader"), book.signature_form("…")
    (re.compile(r"\.(body|deadline|role|has_role|signature_form)\(\s*[\"']([a-z_]+)[\"']\s*\)"), None),
    (re.compile(r"rules\.method\(\s*[\w.]+\s*,\s*[\"']([a-z_]+)[\"']"), "working_methods"),
    (re.compile(r"information_source\(\s*\w+\s*,\s*[\"']([a-z_]+)[\"']"), "information_sources"),
    # obligations of a rule: deadlines.get(("hearing", …)), rule_codes=["feedback"], filing_rules = ["filing", …]
    (re.compile(r"deadlines\.get\(\(\s*[\"']([a-z_]+)[\"']"), "deadlines"),
]
_LOOKUP_LISTS = re.compile(r"(?:rule_codes?(?:__in)?\s*=|_rules\s*=)\s*\[([^\]]*)\]")
# any(d.code == "x" for d in book.deadlines) / next((t for t in book.report_types if t.code == "x"), None)
_CODE_TESTS = [
    re.compile(r"(\w+)\.code\s*==\s*[\"']([a-z_]+)[\"']\s+for\s+\1\s+in\s+[\w.()]*?\.([a-z_]+)\b"),
    re.compile(r"for\s+(\w+)\s+in\s+[\w.()]*?\.([a-z_]+)\s+if\s+\1\.code\s*==\s*[\"']([a-z_]+)[\"']"),
]
_RULEBOOK_SECTIONS = set(Rulebook.model_fields) | {"closure_conditions"}


def _product_sources() -> dict[str, str]:
    root = Path(__file__).resolve().parents[2]
    return {
        str(path.relative_to(root)): path.read_text(encoding="utf-8")
        for path in sorted(root.rglob("*"))
        if path.suffix in {".py", ".html"}
        and "tests" not in path.parts
        and "migrations" not in path.parts
        and path.name not in {"conftest.py", "rulebook.py"}
    }


def _looked_up_codes() -> set[tuple[str, str, str]]:
    """(section, code, file) for every rulebook code the product's code looks up by name."""
    from xuncha.feedback.rules import RECEIPT_FORM
    from xuncha.fieldwork.rules import DETAILS, OWN_RECORDS
    from xuncha.people.services import TEAM_ROLE
    from xuncha.preparation.sources import INFORMATION_PROVISION, LEADER_BRIEFING, PERSONAL_MATTERS

    found: set[tuple[str, str, str]] = set()
    for name, text in _product_sources().items():
        for pattern, section in _LOOKUPS:
            for match in pattern.finditer(text):
                if section is None:
                    found.add((_SECTION_OF_METHOD[match.group(1)], match.group(2), name))
                else:
                    found.add((section, match.group(1), name))
        for match in _LOOKUP_LISTS.finditer(text):
            found |= {("deadlines", code, name) for code in re.findall(r"[\"']([a-z_]+)[\"']", match.group(1))}
        for match in _CODE_TESTS[0].finditer(text):
            found.add((match.group(3), match.group(2), name))
        for match in _CODE_TESTS[1].finditer(text):
            found.add((match.group(2), match.group(3), name))
    # Codes held in named constants rather than written at the lookup.
    found |= {("signature_forms", RECEIPT_FORM, "feedback/rules.py")}
    found |= {("working_methods", code, "fieldwork/rules.py") for code in [*DETAILS, *OWN_RECORDS]}
    found |= {("roles", code, "people/services.py") for code in TEAM_ROLE.values()}
    found |= {("information_sources", c, "preparation/sources.py") for c in (PERSONAL_MATTERS, LEADER_BRIEFING)}
    found |= {("deadlines", INFORMATION_PROVISION, "preparation/sources.py")}
    return found


def test_every_code_the_product_looks_up_is_listed_as_required_or_optional() -> None:
    found = _looked_up_codes()
    assert len(found) > 40  # the patterns still match the code
    listed = {(s, c) for table in (REQUIRED_CODES, OPTIONAL_CODES) for s, codes in table.items() for c in codes}
    closure_codes = set(ClosureCondition.model_fields["code"].annotation.__args__)  # type: ignore[union-attr]
    unlisted = sorted(
        f"{name}: {section} {code!r}"
        for section, code, name in found
        if (section, code) not in listed
        and section in _RULEBOOK_SECTIONS
        and not (section == "closure_conditions" and code in closure_codes)  # a fixed list, checked by its type
    )
    assert unlisted == [], f"add these to REQUIRED_CODES or OPTIONAL_CODES in rulebook.py: {unlisted}"


def test_every_listed_code_is_used_by_the_product_and_defined_by_a_shipped_rulebook() -> None:
    sources = "\n".join(_product_sources().values())
    books = all_rulebooks().values()
    for table in (REQUIRED_CODES, OPTIONAL_CODES):
        for section, codes in table.items():
            for code in codes:
                assert re.search(rf"[\"']{code}[\"']", sources), f"{section} {code!r} is listed but never used"
                assert any(code in {i.code for i in getattr(b, section)} for b in books), (section, code)
    for section, codes in REQUIRED_CODES.items():
        for book in books:
            assert set(codes) <= {i.code for i in getattr(book, section)}, (book.code, section)
    assert set(REQUIRED_CODES["roles"]) | set(OPTIONAL_CODES["roles"]) <= set(vocabulary.ROLE_KINDS)


def test_words_in_quotation_marks_in_a_note_must_be_the_regulations(tmp_path: Path) -> None:
    folder = _copy_with(
        tmp_path,
        "jdz-2017.yaml",
        ("“自签收反馈意见之日起”同时适用", "“自收到反馈意见之日起”同时适用"),
        # The system's own setting may be quoted when the sentence says so (出席人数须“超过半数”为本系统的设定).
        (
            "默认依照《中华人民共和国民法典》",
            "默认依照《中华人民共和国民法典》“开始的当日不计入”的规定和《中华人民共和国民法典》",
        ),
    )
    message = _refusal(folder)
    assert (
        f"jdz-2017.yaml: deadlines[5].note: 引号内的“自收到反馈意见之日起”不见于条文原文 {JDZ_SOURCE}" in message
        and message.endswith("（第三十四条）")
    )
    assert "超过半数" not in message and "开始的当日不计入" not in message
