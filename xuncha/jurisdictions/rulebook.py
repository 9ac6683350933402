"""Rulebooks: one regulation encoded as one validated YAML file.

Every item carries the article (第N条) it comes from. Loading validates the
file's shape, the uniqueness of codes and every cross-reference; an error names
the file, the path inside it and, where there is one, the article.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from . import vocabulary

RULEBOOK_DIR = Path(__file__).resolve().parent / "rulebooks"

_NUMERAL = "一二三四五六七八九十百零"
Article = Annotated[str, Field(pattern=rf"^第[{_NUMERAL}]+条$")]
Code = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
Text = Annotated[str, Field(min_length=1)]


class _Item(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Cited(_Item):
    article: Article
    note: str = ""


class Body(Cited):
    code: Code
    name: Text
    composition: str = ""
    duties: list[Text] = []


class Role(Cited):
    code: Code
    name: Text
    body: Code | None = None

    @property
    def kind(self) -> str:
        return vocabulary.ROLE_KINDS[self.code]


class Category(Cited):
    code: Code
    name: Text
    description: str = ""


class WorkingMethod(Cited):
    code: Code
    number: int = Field(ge=1)
    name: Text
    description: Text
    secret: bool = False
    approval_by: Code | None = None
    approval_article: Article | None = None  # where the approval is laid down, if not the method's own article


class Deadline(Cited):
    code: Code
    name: Text
    amount: int | None = Field(default=None, ge=1)
    unit: Literal["working_days", "calendar_days", "months", "timely"]
    trigger: Code | str
    fulfilled_by: Code | str
    responsible: Code
    text: Text
    # The office's own reminder for a duty the text calls “及时”: the work queue flags it once it has been open longer
    # than this many working days. Never the article's: shown as “本办设置：超过N个工作日提醒”.
    remind_after_working_days: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _amount_matches_unit(self) -> Deadline:
        if self.unit == "timely" and self.amount is not None:
            raise ValueError("unit 为 timely（及时）时不得填写 amount")
        if self.unit != "timely" and self.amount is None:
            raise ValueError(f"unit 为 {self.unit} 时必须填写 amount")
        if self.remind_after_working_days is not None and self.unit != "timely":
            raise ValueError("remind_after_working_days（本办提醒设置）只用于 unit 为 timely（及时）的期限")
        return self

    @property
    def reminder_setting(self) -> str:
        """The office's reminder, labelled as its own setting (never as the article's)."""
        if self.remind_after_working_days is None:
            return ""
        return f"本办设置：超过{self.remind_after_working_days}个工作日提醒"

    @property
    def label(self) -> str:
        if self.unit == "timely":
            return "及时"
        return f"{self.amount}{vocabulary.DEADLINE_UNITS[self.unit]}"


class MinimumPeriod(Cited):
    code: Code
    name: Text
    amount: int = Field(ge=1)
    unit: Literal["working_days", "calendar_days", "months"]
    starts: str
    ends: str
    waiver_by: Code
    text: Text


class Coverage(Cited):
    period: Literal["term"]
    term_years: int = Field(ge=1)
    times: int = Field(ge=1)
    text: Text
    # Where the article fixes only full coverage (NMG-2016 第二条: 实现巡视全覆盖) and not the period and the count the
    # product applies, the rule “本届任期内至少N次” is the office's setting: this says so, and `duty` labels it.
    setting: str = ""

    def duty(self, word: str) -> str:
        """The coverage duty as shown and as the obligation's title, the office's setting labelled as such."""
        rule = f"本届任期内至少{word}{self.times}次"
        return f"实现{word}全覆盖（本办设置：{rule}）" if self.setting else rule


class SignatureForm(Cited):
    code: Code
    name: Text
    signers: list[Code] = Field(min_length=1)
    copies: int | None = Field(default=None, ge=1)  # None: the article does not say how many copies
    # Who keeps each copy, in print order (one per copy); `copy_holders_note` says whether the text fixes it.
    copy_holders: list[Text] = []
    copy_holders_note: str = ""

    @property
    def copies_label(self) -> str:
        return f"一式{self.copies}份" if self.copies else "份数：办法未规定"


class TransferRoute(Cited):
    code: Code
    matter: Text
    receiver_kind: Literal["discipline_organ", "organization_department", "legal_organ", "other_unit"]
    stage: Literal["during_inspection", "after_decision"]
    approval_by: Code
    handover_form: Code | None = None


class FastTrackCondition(Cited):
    code: Code
    text: Text


class ReportType(Cited):
    code: Code
    name: Text
    required: bool
    description: str = ""
    # What the report's first draft is assembled from (reports.services.assemble_body): `findings` the leader-approved
    # findings (only those of `categories`, when given); `clues` the approved findings the team marked as clues
    # (Finding.is_clue), and petitions the team handled as clues; `talks` the inspection's individual talks (counts
    # and dates only).
    draws_on: Literal["findings", "clues", "talks"] = "findings"
    categories: list[Code] = []


class Disclosure(Cited):
    code: Code
    stage: Literal["entry", "feedback", "rectification"]
    name: Text
    channels: Text


class InformationSource(Cited):
    code: Code
    agency: Text
    provides: Text
    years: int | None = Field(default=None, ge=1)


class DisciplineItem(Cited):
    code: Code
    applies_to: Literal[
        "inspection_staff",
        "inspected_organization",
        "supporting_agencies",
        "liaison_bodies",
        "leadership",
    ]
    text: Text
    sanctions: list[Text] = []


class Ledger(Cited):
    code: Code
    name: Text
    keeper: Code
    scope: Text


class ExpertiseArea(Cited):
    code: Code
    name: Text


class EligibilityCondition(Cited):
    code: Code
    text: Text


class RecusalKind(Cited):
    code: Literal["post", "region", "duty"]
    name: Text
    description: Text


class Recusal(Cited):
    """回避. The texts name the three kinds but fix no periods; the periods here are the
    encoding's choice, stated in `note`, and are data so an office can change them."""

    kinds: list[RecusalKind] = Field(min_length=1)
    post_years: int = Field(ge=0)
    region_service_years: int = Field(ge=0)
    waiver_by: Code
    max_consecutive_rounds: int = Field(ge=1)
    # The committee's own territory (“江西省/景德镇市”): units whose region it is (市直/区直 units) are outside the
    # native-place and service-years rules of 地域回避. The office's setting, like the periods (docs/recusal.md).
    territory: str = ""


class Staffing(_Item):
    """How teams are staffed: leader selection, talent pool, secondments, postings, rotation."""

    leader_selection: Literal["designated", "leader_pool_per_round"]
    leader_selection_article: Article
    leader_selection_text: Text
    talent_pool_article: Article
    secondment_article: Article | None = None
    secondment_appraisal: bool = False
    training_posting_article: Article | None = None
    rotation_article: Article
    performance_by_problems_article: Article | None = None


class ClosureCondition(Cited):
    """One thing that must hold before an inspection is closed (办结)."""

    code: Literal[
        "reports_final",
        "results_decided",
        "feedback_given",
        "receipt_signed",
        "plan_submitted",
        "rectification_reports_submitted",
        "rectification_reviewed",
        "items_settled",
    ]
    name: Text


class Procedure(_Item):
    """Steps of the procedure that code enforces and cites: entry, 请示报告, the team meeting's quorum."""

    entry_article: Article
    entry_text: Text
    special_inspection_article: Article
    special_inspection_text: Text
    escalation_article: Article
    escalation_text: Text
    direct_to_secretary: bool
    meeting_quorum: Literal["more_than_half"]
    meeting_quorum_note: Text
    # After the team leaves (chapter 五, part 2): hearing, decision, filing upward, feedback, rectification.
    hearing_article: Article
    decision_article: Article
    filing_to: Code  # the body the decision is filed with or reported to (备案 / 报告)
    filing_action: Literal["decision.filed", "decision.reported_upward"]
    filing_article: Article
    feedback_article: Article
    feedback_text: Text
    feedback_approval_by: Code | None = None  # NMG-2016 第二十九条: 经自治区党委同意后反馈
    notification_article: Article  # 通报有关分管领导及职能部门
    rectification_via_team: bool  # JDZ-2017 第三十四条: reports go to the team, which reviews and forwards them
    rectification_article: Article
    supervision_article: Article
    supervision_text: str = ""  # the article's words on 督办 (JDZ-2017 第四十条, NMG-2016 第三十四条)
    # The article on learning about the target before entry, and its words (JDZ-2017 第二十六条, NMG-2016 第二十四条).
    preparation_article: Article | None = None
    preparation_text: str = ""
    poor_rectification_article: Article | None = None  # JDZ-2017 第四十一条
    poor_rectification_measures: list[Literal["circulated_notice", "admonitory_talk"]] = []
    results_use_article: Article
    results_use_text: Text
    closure_conditions: list[ClosureCondition] = Field(min_length=1)
    closure_note: Text


class Counting(_Item):
    start_day_counted: bool
    roll_forward_on_holiday: bool
    source: Text


class Rulebook(_Item):
    code: Annotated[str, Field(pattern=r"^[A-Z]+-\d{4}$")]
    title: Text
    short_title: Text
    issuer: Text
    source_file: Text
    effective: datetime.date
    level: Literal["province", "city", "county"]
    word: Literal["巡察", "巡视"]
    counting: Counting
    bodies: list[Body]
    roles: list[Role]
    target_categories: list[Category]
    problem_categories: list[Category]
    working_methods: list[WorkingMethod]
    deadlines: list[Deadline]
    minimum_periods: list[MinimumPeriod] = []
    coverage: Coverage
    signature_forms: list[SignatureForm] = []
    transfer_routes: list[TransferRoute]
    fast_track_conditions: list[FastTrackCondition] = []
    report_types: list[ReportType]
    disclosures: list[Disclosure]
    information_sources: list[InformationSource]
    discipline: list[DisciplineItem]
    ledgers: list[Ledger]
    expertise_areas: list[ExpertiseArea] = []
    eligibility_conditions: list[EligibilityCondition] = Field(min_length=1)
    recusal: Recusal
    staffing: Staffing
    procedure: Procedure

    @model_validator(mode="after")
    def _cross_references(self) -> Rulebook:
        errors: list[str] = []
        for field in _CODED_LISTS:
            counts = Counter(item.code for item in getattr(self, field))
            errors += [f"{field}: 代码 {c!r} 重复" for c, n in counts.items() if n > 1]
        bodies = {b.code for b in self.bodies}
        roles = {r.code for r in self.roles}
        forms = {f.code for f in self.signature_forms}
        for i, role in enumerate(self.roles):
            if role.code not in vocabulary.ROLE_KINDS:
                errors.append(f"roles[{i}].code: 未知角色 {role.code!r}（{role.article}）")
            if role.body is not None and role.body not in bodies:
                errors.append(f"roles[{i}].body: 未定义的机构 {role.body!r}（{role.article}）")
        numbers = [m.number for m in self.working_methods]
        if sorted(numbers) != list(range(1, len(numbers) + 1)):
            errors.append(f"working_methods: 序号应为 1..{len(numbers)} 连续不重复，实为 {numbers}")
        for i, m in enumerate(self.working_methods):
            if m.approval_by is not None and m.approval_by not in bodies:
                errors.append(f"working_methods[{i}].approval_by: 未定义的机构 {m.approval_by!r}（{m.article}）")
        for i, d in enumerate(self.deadlines):
            for attr in ("trigger", "fulfilled_by"):
                action = getattr(d, attr)
                if action not in vocabulary.LIFECYCLE_ACTIONS:
                    errors.append(f"deadlines[{i}].{attr}: 未知事件 {action!r}（{d.article}）")
            if d.responsible not in vocabulary.PARTIES:
                errors.append(f"deadlines[{i}].responsible: 未知责任方 {d.responsible!r}（{d.article}）")
        for i, p in enumerate(self.minimum_periods):
            for attr in ("starts", "ends"):
                if getattr(p, attr) not in vocabulary.LIFECYCLE_ACTIONS:
                    errors.append(f"minimum_periods[{i}].{attr}: 未知事件 {getattr(p, attr)!r}（{p.article}）")
            if p.waiver_by not in bodies:
                errors.append(f"minimum_periods[{i}].waiver_by: 未定义的机构 {p.waiver_by!r}（{p.article}）")
        for i, f in enumerate(self.signature_forms):
            for j, signer in enumerate(f.signers):
                if signer not in roles:
                    errors.append(f"signature_forms[{i}].signers[{j}]: 未定义的角色 {signer!r}（{f.article}）")
            if f.copy_holders and len(f.copy_holders) != f.copies:
                errors.append(
                    f"signature_forms[{i}].copy_holders: 列出 {len(f.copy_holders)} 个留存单位，"
                    f"与份数 {f.copies} 不符（{f.article}）"
                )
        problems = {c.code for c in self.problem_categories}
        for i, kind in enumerate(self.report_types):
            for j, code in enumerate(kind.categories):
                if code not in problems:
                    errors.append(f"report_types[{i}].categories[{j}]: 未定义的问题类别 {code!r}（{kind.article}）")
        for i, t in enumerate(self.transfer_routes):
            if t.approval_by not in bodies:
                errors.append(f"transfer_routes[{i}].approval_by: 未定义的机构 {t.approval_by!r}（{t.article}）")
            if t.handover_form is not None and t.handover_form not in forms:
                errors.append(f"transfer_routes[{i}].handover_form: 未定义的表单 {t.handover_form!r}（{t.article}）")
        for i, ledger in enumerate(self.ledgers):
            if ledger.keeper not in bodies and ledger.keeper not in roles:
                errors.append(f"ledgers[{i}].keeper: 未定义的机构或角色 {ledger.keeper!r}（{ledger.article}）")
        proc = self.procedure
        for attr in ("filing_to", "feedback_approval_by"):
            if getattr(proc, attr) is not None and getattr(proc, attr) not in bodies:
                errors.append(f"procedure.{attr}: 未定义的机构 {getattr(proc, attr)!r}")
        if not any(d.trigger == "decision.made" and d.fulfilled_by == proc.filing_action for d in self.deadlines):
            errors.append(
                f"procedure.filing_action: deadlines 中没有由 decision.made 开始、以 {proc.filing_action} 履行的期限"
            )
        if proc.poor_rectification_measures and proc.poor_rectification_article is None:
            errors.append("procedure.poor_rectification_article: 规定了整改不力的处置措施，须注明条文")
        if "receipt_signed" in {c.code for c in proc.closure_conditions} and not self.signature_form(
            "feedback_receipt"
        ):
            errors.append(
                "procedure.closure_conditions: 未规定反馈材料签收单（signature_forms.feedback_receipt），"
                "不能以签收为办结条件"
            )
        if self.recusal.waiver_by not in bodies:
            errors.append(f"recusal.waiver_by: 未定义的机构 {self.recusal.waiver_by!r}（{self.recusal.article}）")
        if errors:
            raise ValueError("；".join(errors))
        return self

    # -- lookups used by code --------------------------------------------
    def deadline(self, code: str) -> Deadline:
        return _by_code(self.deadlines, code)

    def role(self, code: str) -> Role:
        return _by_code(self.roles, code)

    def body(self, code: str) -> Body:
        return _by_code(self.bodies, code)

    def has_role(self, code: str) -> bool:
        return any(r.code == code for r in self.roles)

    def signature_form(self, code: str) -> SignatureForm | None:
        return next((f for f in self.signature_forms if f.code == code), None)

    def deadlines_triggered_by(self, action: str) -> list[Deadline]:
        return [d for d in self.deadlines if d.trigger == action]

    def deadlines_fulfilled_by(self, action: str) -> list[Deadline]:
        return [d for d in self.deadlines if d.fulfilled_by == action]

    def term(self, kind: str) -> str:
        """The interface word for a thing, following the rulebook: 巡察组 / 巡视组 …"""
        return self.word + kind


_CODED_LISTS = (
    "bodies",
    "roles",
    "target_categories",
    "problem_categories",
    "working_methods",
    "deadlines",
    "minimum_periods",
    "signature_forms",
    "transfer_routes",
    "fast_track_conditions",
    "report_types",
    "disclosures",
    "information_sources",
    "discipline",
    "ledgers",
    "expertise_areas",
    "eligibility_conditions",
)


def _by_code(items: Iterable[Any], code: str) -> Any:
    for item in items:
        if item.code == code:
            return item
    raise KeyError(code)


class RulebookError(Exception):
    """A rulebook file is invalid. The message names file, path and article."""


def _article_at(data: Any, loc: tuple[int | str, ...]) -> str:
    """The article of the innermost item on `loc` that has one, for error messages."""
    node, found = data, ""
    for key in loc:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("article"), str):
            found = node["article"]
    return found


def _format_loc(loc: Iterable[int | str]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "（根）"


_MESSAGES = {
    "missing": "缺少必填项",
    "extra_forbidden": "不允许的字段（规则文件格式中没有此项）",
    "string_pattern_mismatch": "格式不符，应匹配 {pattern}",
    "literal_error": "取值应为 {expected} 之一",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
    "date_parsing": "应为日期（YYYY-MM-DD）",
    "date_type": "应为日期（YYYY-MM-DD）",
    "greater_than_equal": "应不小于 {ge}",
    "string_type": "应为文字",
    "string_too_short": "不能为空",
    "string_too_long": "过长（至多 {max_length} 字）",
    "list_type": "应为列表",
    "too_short": "至少应有 {min_length} 项",
    "model_type": "应为映射（键: 值）",
    "dict_type": "应为映射（键: 值）",
}


def _chinese_message(err: Any) -> str:
    template = _MESSAGES.get(err["type"])
    if template is not None:
        return template.format(**(err.get("ctx") or {}))
    return re.sub(r"^Value error, ", "", err["msg"])


# -- the contract with the regulation's text and with the code ----------------------------------------------------
# Checked every time a rulebook is loaded (at start-up, see apps.py), after its shape:
# 1. every article cited — every `article` / `*_article` field and every 第N条 written in any text of the file that
#    cites this regulation — exists in the source text (`sources/<source_file>`); 第N条 after 《another law》 in the
#    same sentence (《中华人民共和国民法典》第二百零一条) is that law's and is not checked;
# 2. every code the product looks up by name (REQUIRED_CODES) is defined;
# 3. every quotation — a `text` field, or a `<name>_text` field, of a mapping — is a verbatim part of the article the
#    same mapping cites (`article`, or `<name>_article`), whitespace aside.
# A file failing any of these is refused with every problem listed, each naming the file, the path and the article.

SOURCES_DIR = RULEBOOK_DIR / "sources"

# Codes that code looks up by name (`book.body("office")`, `book.deadline("hearing")`, `rules.method(book, "talk")`,
# `code == "…"` over a section). A rulebook lacking one would fail at the first request that needs it, so the loader
# refuses it. Each is given with what the product does with it, for the author of a third rulebook.
# `xuncha/jurisdictions/tests/test_rulebooks.py` greps the code for such lookups: a lookup of a code listed in
# neither REQUIRED_CODES nor OPTIONAL_CODES fails the test suite.
REQUIRED_CODES: dict[str, dict[str, str]] = {
    "bodies": {
        "party_committee": "党委：批准第十三项工作方式、作出决定",
        "leading_group": "领导小组：听取汇报、审批移交和豁免",
        "five_member_group": "“五人小组”：研究决定成果运用",
        "office": "领导小组办公室：日常办事机构，办理公函、督办、审核",
        "team": "组：承担任务、向领导小组负责并报告工作",
        "team_meeting": "组务会：研究决定组内重要事项（问题认定）",
    },
    "roles": {
        "leading_group_head": "领导小组组长",
        "leading_group_member": "领导小组副组长、成员",
        "five_member_group_member": "“五人小组”成员",
        "office_head": "办公室负责人",
        "office_staff": "办公室工作人员",
        "team_leader": "组长",
        "team_deputy": "副组长",
        "team_liaison": "联络员",
        "team_member": "组内其他工作人员",
        "unit_principal_leader": "被巡单位主要负责人：整改第一责任人",
        "unit_contact": "被巡单位整改工作联系人",
        "receiver_contact": "移交接收单位经办人",
    },
    "working_methods": {
        "talk": "个别谈话：谈话记录",
        "petition": "受理来信来电来访：来信来访登记",
        "document_retrieval": "调阅复制资料：调阅登记",
    },
    "deadlines": {
        "hearing": "领导小组听取汇报的期限",
        "decision": "“五人小组”研究决定的期限",
        "feedback": "反馈的期限",
        "rectification_reports": "报送整改情况报告的期限",
    },
}

# Codes that code looks up only where the rulebook has them (JDZ-2017's 签收单 and 整改方案; NMG-2016 has neither).
OPTIONAL_CODES: dict[str, dict[str, str]] = {
    "bodies": {"discipline_inspection_office": "纪检监察室：派员参与、协助核查问题线索（JDZ-2017 第二十八条）"},
    "roles": {"liaison_unit_member": "联络机构成员（NMG-2016 第十六条）"},
    "working_methods": {
        code: "有专门记录项的工作方式"
        for code in (
            "briefing",
            "personal_matters_check",
            "inquiry",
            "forum",
            "meeting_attendance",
            "democratic_evaluation",
            "subordinate_visit",
            "special_check",
            "assistance_request",
            "other_approved",
        )
    },
    "deadlines": {
        "rectification_plan": "上报整改方案（以 plan_submitted 为办结条件时必备）",
        "filing": "报上级备案（filing_action: decision.filed）",
        "report_upward": "向上级报告（filing_action: decision.reported_upward）",
        "information_provision": "有关部门和单位提供情况",
    },
    "signature_forms": {"feedback_receipt": "反馈材料签收单（以 receipt_signed 为办结条件时必备）"},
    "report_types": {"thematic_report": "专题报告"},
    "information_sources": {
        "personal_matters_verification": "抽查核实个人有关事项报告",
        "discipline_office_briefing": "纪检监察室向组长通报",
    },
    "discipline": {"staff_leak_secrets": "泄露工作秘密的责任（秘密材料提示所引条文）"},
}

# Closure conditions that need a code the rulebook must then define.
_CONDITIONAL_CODES = {"plan_submitted": ("deadlines", "rectification_plan")}

_CITATION = re.compile(rf"《[^》]*》|本实施办法|本办法|本条例|[。；\n]|第[{_NUMERAL}]+条(?:（[{_NUMERAL}]+）)?")
_LAW_SUFFIXES = ("法", "法典", "条例", "办法", "规定", "决定", "意见", "章程", "准则", "规则", "细则", "通知")
_HEADING = re.compile(rf"^[ \t\u3000]*(第[{_NUMERAL}]+条)", re.M)
_CHAPTER = re.compile(r"^[ \t\u3000]*第[0-9一二三四五六七八九十]+章.*$", re.M)


def split_articles(source: str) -> dict[str, str]:
    """A regulation's text as 第N条 → the article's text (to the next article or chapter heading)."""
    source = _CHAPTER.sub("", source)
    heads = list(_HEADING.finditer(source))
    articles: dict[str, str] = {}
    for i, match in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(source)
        articles.setdefault(match.group(1), source[match.end() : end])
    return articles


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _own_citations(text: str, own_titles: tuple[str, ...]) -> list[str]:
    """The 第N条 (with its （N） clause, if any) that `text` cites of this rulebook's regulation."""
    found: list[str] = []
    own = True
    for match in _CITATION.finditer(text):
        token = match.group(0)
        if token.startswith("《"):
            title = re.sub(r"（[^）]*）$", "", token[1:-1])
            if token[1:-1] in own_titles or title in own_titles:
                own = True
            elif title.endswith(_LAW_SUFFIXES):
                own = False  # 《中华人民共和国民法典》第二百零一条: that law's article, until the sentence ends
        elif token.startswith("第"):
            if own:
                found.append(token)
        else:
            own = True  # 。；, a new line or 本办法: back to this regulation
    return found


_SETTING_WORDS = ("本系统", "本办设置", "系统设置", "本编码")


def _inline_quotes(text: str, own_titles: tuple[str, ...]) -> list[str]:
    """The words in “…” that a free text (a note, a description) quotes from this regulation: every quotation, except
    in a sentence that labels its words as the system's own setting (本系统, 本办设置 …) and after 《another law》."""
    found: list[str] = []
    for sentence in re.split(r"[。；\n]", text):
        if any(word in sentence for word in _SETTING_WORDS):
            continue
        for match in re.finditer(r"“([^”]+)”", sentence):
            if _own_citations(sentence[: match.start()] + "第一条", own_titles):
                found.append(match.group(1))
    return found


def _walk(node: Any, path: str = "") -> Iterable[tuple[str, Any]]:
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, f"{path}[{i}]")


def contract_problems(data: dict[str, Any], *, filename: str, sources_dir: Path = SOURCES_DIR) -> list[str]:
    """Every breach of the contract above in a rulebook's parsed YAML, each line naming file, path and article."""
    problems: list[str] = []
    problems += _missing_codes(data, filename)
    source_file = data.get("source_file")
    if not isinstance(source_file, str) or not source_file:
        return problems  # reported by the shape check
    source_path = sources_dir / source_file
    if not source_path.is_file():
        return [*problems, f"{filename}: source_file: 找不到条文原文 {source_path}（规则文件所引条文须与之核对）"]
    articles = split_articles(source_path.read_text(encoding="utf-8"))
    if not articles:
        return [*problems, f"{filename}: source_file: 条文原文 {source_file} 中没有“第N条”格式的条文"]
    own_titles = tuple(str(data.get(k)) for k in ("title", "short_title") if data.get(k))
    whole = _squash("".join(articles.values()))
    for path, value in _walk(data):
        if isinstance(value, str) and not re.search(r"(^|\.|_)text$", path):
            for quote in _inline_quotes(value, own_titles):
                if _squash(quote) not in whole:
                    problems.append(
                        f"{filename}: {path}: 引号内的“{quote}”不见于条文原文 {source_file}"
                        f"（引号只用于逐字引用原文；本系统自定的内容须在同一句注明本系统设定）{_cite(data, path)}"
                    )
        if isinstance(value, str):
            for cite in _own_citations(value, own_titles):
                article, _, clause = cite.partition("（")
                where = "" if path.endswith("article") else "文中引用的"
                if article not in articles:
                    problems.append(f"{filename}: {path}: {where}{article}在条文原文 {source_file} 中不存在")
                elif clause and f"（{clause}" not in articles[article]:
                    problems.append(f"{filename}: {path}: {where}{cite}：{article}中没有第（{clause}项")
        elif isinstance(value, dict):
            for key, quote in value.items():
                if not isinstance(quote, str) or not (key == "text" or key.endswith("_text")):
                    continue
                quoted = value.get("article" if key == "text" else key[: -len("text")] + "article")
                if not isinstance(quoted, str) or quoted not in articles:
                    continue  # no article, or one reported missing above
                if _squash(quote) not in _squash(articles[quoted]):
                    problems.append(
                        f"{filename}: {path + '.' if path else ''}{key}: 引文与{quoted}原文不符"
                        f"（须逐字摘自该条，只可略去空白）：“{quote}”"
                    )
    return problems


def _cite(data: dict[str, Any], path: str) -> str:
    """（第N条） of the item at `path` (``deadlines[3].note``), for a message; empty if it has none."""
    loc: list[int | str] = [int(p) if p.isdigit() else p for p in re.findall(r"[^.\[\]]+", path)]
    article = _article_at(data, tuple(loc))
    return f"（{article}）" if article else ""


def _missing_codes(data: dict[str, Any], filename: str) -> list[str]:
    problems: list[str] = []

    def codes(section: str) -> set[str]:
        items = data.get(section)
        return {str(i.get("code")) for i in items if isinstance(i, dict)} if isinstance(items, list) else set()

    for section, required in REQUIRED_CODES.items():
        for code in sorted(set(required) - codes(section)):
            problems.append(f"{filename}: {section}: 缺少本系统依赖的代码 {code!r}（{required[code]}）")
    procedure = data.get("procedure")
    conditions = procedure.get("closure_conditions") if isinstance(procedure, dict) else None
    for i, cond in enumerate(conditions if isinstance(conditions, list) else []):
        needed = _CONDITIONAL_CODES.get(str(cond.get("code"))) if isinstance(cond, dict) else None
        if needed and needed[1] not in codes(needed[0]):
            problems.append(
                f"{filename}: procedure.closure_conditions[{i}].code: 以 {cond['code']} 为办结条件，"
                f"须在 {needed[0]} 中定义 {needed[1]!r}（{cond.get('article', '')}）"
            )
    return problems


def parse_rulebook(text: str, *, filename: str, sources_dir: Path = SOURCES_DIR) -> Rulebook:
    """Parse and check one rulebook: its shape, then the contract with its source text and with the code."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RulebookError(f"{filename}: 不是合法的 YAML：{exc}") from exc
    if not isinstance(data, dict):
        raise RulebookError(f"{filename}: 顶层必须是映射（键: 值）")
    lines: list[str] = []
    book: Rulebook | None = None
    try:
        book = Rulebook.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if isinstance(p, (int, str)))
            article = _article_at(data, loc)
            cite = f"（{article}）" if article else ""
            msg = _chinese_message(err)
            lines.append(f"{filename}: {_format_loc(loc)}: {msg}{cite}")
    lines += contract_problems(data, filename=filename, sources_dir=sources_dir)
    if lines or book is None:
        raise RulebookError("\n".join(lines))
    return book


def load_file(path: Path) -> Rulebook:
    """One rulebook file, checked against the source texts in the `sources/` folder beside it."""
    return parse_rulebook(path.read_text(encoding="utf-8"), filename=path.name, sources_dir=path.parent / "sources")


def load_directory(directory: Path) -> dict[str, Rulebook]:
    """Every rulebook in `directory`, keyed by code; every file's problems are reported together."""
    books: dict[str, Rulebook] = {}
    problems: list[str] = []
    for path in sorted(directory.glob("*.yaml")):
        try:
            book = load_file(path)
        except RulebookError as exc:
            problems.append(str(exc))
            continue
        if book.code in books:
            problems.append(f"{path.name}: code: 规则代码 {book.code} 与另一文件重复")
        books[book.code] = book
    if problems:
        raise RulebookError("\n".join(problems))
    return books


@functools.cache
def all_rulebooks() -> dict[str, Rulebook]:
    """Every rulebook shipped in RULEBOOK_DIR, validated and checked against its source text, keyed by code."""
    return load_directory(RULEBOOK_DIR)


def get_rulebook(code: str) -> Rulebook:
    try:
        return all_rulebooks()[code]
    except KeyError:
        raise RulebookError(f"没有代码为 {code} 的规则文件（目录 {RULEBOOK_DIR}）") from None
