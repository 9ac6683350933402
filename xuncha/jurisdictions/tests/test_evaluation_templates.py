"""The rulebooks' `evaluation_templates` (民主测评、问卷调查): their shape, and the refusals of the schema."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from xuncha.jurisdictions.rulebook import get_rulebook
from xuncha.jurisdictions.rulebook.schema import EvaluationTemplate

BASE = {
    "code": "t",
    "name": "测评",
    "kind": "evaluation",
    "subjects": "team",
    "article": "第十九条",
    "text": "进行民主测评、问卷调查",
    "items": [{"code": "a", "text": "总体评价"}],
    "options": [{"code": "good", "label": "好", "positive": True}, {"code": "poor", "label": "差"}],
}


@pytest.mark.parametrize(("code", "article"), [("JDZ-2017", "第十九条"), ("NMG-2016", "第二十条")])
def test_both_rulebooks_ship_the_three_templates(code: str, article: str) -> None:
    book = get_rulebook(code)
    forms = {t.code: t for t in book.evaluation_templates}
    assert {"team_evaluation", "leader_evaluation", "selection_satisfaction"} <= set(forms)
    assert [o.label for o in forms["team_evaluation"].options] == ["好", "较好", "一般", "差"]
    assert forms["leader_evaluation"].subjects == "persons"
    assert [o.label for o in forms["selection_satisfaction"].options] == ["满意", "基本满意", "不满意", "不了解"]
    for form in forms.values():
        assert form.article == article and form.text == "进行民主测评、问卷调查"
        assert "本办的做法" in form.note and "非条文规定" in form.note


@pytest.mark.parametrize(
    "change",
    [
        {"options": [{"code": "good", "label": "好", "positive": True}]},
        {"options": [{"code": "g", "label": "好", "positive": True}, {"code": "g", "label": "差"}]},
        {"items": [{"code": "a", "text": "一"}, {"code": "a", "text": "二"}]},
        {"options": [{"code": "g", "label": "好"}, {"code": "p", "label": "差"}]},
        {"subjects": "everyone"},
    ],
)
def test_schema_refuses_bad_templates(change: dict) -> None:
    EvaluationTemplate(**BASE)
    with pytest.raises(ValidationError):
        EvaluationTemplate(**(BASE | change))
