from __future__ import annotations

import re

import pytest

from xuncha.jurisdictions.rulebook import RULEBOOK_DIR, RulebookError, all_rulebooks, load_file, parse_rulebook

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
