"""Rulebooks: one regulation encoded as one validated YAML file.

Every item carries the article (第N条) it comes from. Loading validates the
file's shape, the uniqueness of codes and every cross-reference; an error names
the file, the path inside it and, where there is one, the article.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .. import vocabulary

RULEBOOK_DIR = Path(__file__).resolve().parent.parent / "rulebooks"

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
    # The duty opens only for an event whose payload (`Event.after`) has one of these values under each key — e.g.
    # NMG-2016 第三十二条 names only 纪律检查机关、组织部门: `only_when: {receiver_kind: [discipline_organ, …]}`.
    # Empty: every event of the trigger opens it.
    only_when: dict[str, list[str]] = {}

    def applies_to(self, payload: dict[str, Any] | None) -> bool:
        payload = payload or {}
        return all(str(payload.get(key, "")) in values for key, values in self.only_when.items())

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


class OfficialDocument(Cited):
    """One official document (公文) printed for a step: the builder that makes it (`kind`, a code of
    `vocabulary.DOCUMENT_KINDS`), its name, the article it serves with a verbatim `text` of it, and whether it carries
    a 发文字号. Which documents are numbered is the office's practice (`numbered`, shown as the office's setting):
    GB/T 9704-2012 gives the format, the regulations do not say which documents bear a number."""

    code: Code
    kind: Code
    name: Text
    text: Text
    numbered: bool = False
    report_type: Code | None = None  # kind `report`: the report type it prints
    signature_form: Code | None = None  # kinds `feedback_receipt`, `handover_form`: the form of signature_forms
    ledger: Code | None = None  # kind `ledger`: the ledger of `ledgers`


class EvaluationOption(_Item):
    code: Code
    label: Text
    positive: bool = False  # counted in the template's rate (好评率, 满意率)


class EvaluationItem(_Item):
    code: Code
    text: Text


class EvaluationTemplate(Cited):
    """A form of 民主测评/问卷调查 (method `democratic_evaluation`; `text` quotes its article). The texts fix no items
    or grades: they are the office's practice (`note`). Options are ordered best → worst (docs/evaluations.md)."""

    code: Code
    name: Text
    kind: Literal["evaluation", "questionnaire"]
    subjects: Literal["team", "persons", "unit"]
    text: Text
    rate_label: Text = "好评率"
    items: list[EvaluationItem] = Field(min_length=1)
    options: list[EvaluationOption] = Field(min_length=2)

    @model_validator(mode="after")
    def _unique_codes(self) -> EvaluationTemplate:
        for field in ("items", "options"):
            codes = Counter(x.code for x in getattr(self, field))
            if dup := [c for c, n in codes.items() if n > 1]:
                raise ValueError(f"{field}: 代码 {dup} 重复（{self.article}）")
        if not any(o.positive for o in self.options):
            raise ValueError(f"options: 须有计入{self.rate_label}的选项（positive: true）（{self.article}）")
        return self


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


class ClueCategory(Cited):
    """A kind of problem clue besides `problem_categories`, named by an article of the rulebook (retaliation against
    those who reported a problem: JDZ-2017 第四十八条（六）, NMG-2016 第三十七条（五）)."""

    code: Code
    name: Text
    text: Text


class ClueRules(_Item):
    """The articles the clue register (xuncha.clues) enforces and cites; None where the regulation has no such
    provision (the product then says so instead of inventing one)."""

    # Transfer during the inspection (JDZ-2017 第二十二、二十三条 速查速办; NMG-2016 第二十三条) and its approval.
    during_inspection_article: Article
    during_inspection_text: Text
    during_inspection_approval_article: Article
    during_inspection_approval_text: Text
    interwoven_article: Article | None = None  # JDZ-2017 第二十三条: 先行查处违反中央八项规定精神和“四风”问题
    interwoven_text: str = ""
    # Suggestions to the inspected party organization for problems that can be solved at once.
    suggestion_article: Article
    suggestion_text: Text
    # After the round: the disposal decision, by these bodies, and the transfer routes of that article.
    disposal_article: Article
    disposal_text: Text
    disposal_by: list[Code] = Field(min_length=1)
    # The receivers' duty: the dispositions the article lists, in its words (谈话函询、初核、立案、组织处理).
    handling_article: Article
    handling_text: Text
    handling_dispositions: list[Text] = Field(min_length=1)
    priority_article: Article | None = None  # JDZ-2017 第三十七条: 市纪委优先办理市管干部问题线索、专题排查会
    priority_text: str = ""
    previous_round_article: Article | None = None  # JDZ-2017 第三十二条: 听取上一轮巡察问题线索处置情况汇报
    previous_round_text: str = ""
    ledger_article: Article
    informant_article: Article  # 泄露工作秘密 (JDZ-2017 第四十六条（三）, NMG-2016 第三十六条（三）)
    categories: list[ClueCategory] = []
    note: str = ""


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
    clues: ClueRules
    documents: list[OfficialDocument] = []
    evaluation_templates: list[EvaluationTemplate] = []

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
        errors += self._document_errors(forms)
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

    def _document_errors(self, forms: set[str]) -> list[str]:
        errors: list[str] = []
        reports = {r.code for r in self.report_types}
        ledgers = {x.code for x in self.ledgers}
        needs = {"report": ("report_type", reports), "ledger": ("ledger", ledgers)}
        needs |= {kind: ("signature_form", forms) for kind in ("feedback_receipt", "handover_form")}
        for i, d in enumerate(self.documents):
            if d.kind not in vocabulary.DOCUMENT_KINDS:
                errors.append(f"documents[{i}].kind: 未知文书类别 {d.kind!r}（{d.article}）")
            if d.kind in needs:
                attr, known = needs[d.kind]
                if getattr(d, attr) not in known:
                    errors.append(f"documents[{i}].{attr}: 未定义的代码 {getattr(d, attr)!r}（{d.article}）")
        return errors

    def document(self, code: str) -> OfficialDocument | None:
        return next((d for d in self.documents if d.code == code), None)

    def evaluation_template(self, code: str) -> EvaluationTemplate | None:
        return next((t for t in self.evaluation_templates if t.code == code), None)

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
    "documents",
    "evaluation_templates",
)


def _by_code(items: Iterable[Any], code: str) -> Any:
    for item in items:
        if item.code == code:
            return item
    raise KeyError(code)
