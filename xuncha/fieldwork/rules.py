"""What the rulebook says about fieldwork, asked in one place: the working methods (JDZ-2017 第十九条, NMG-2016
第二十条), which of them need an approval and from which body, the article that opens fieldwork after entry, and
the article that makes fieldwork material secret.

The method-specific details each record asks for are code (`DETAILS`): the regulations name the methods but not
what a record of each holds, so this is the encoding's choice, kept small and in one dict."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from xuncha.core.errors import ServiceError
from xuncha.jurisdictions.rulebook import Rulebook, WorkingMethod

# Methods that have their own record; every other method of the rulebook is a `FieldworkRecord`.
OWN_RECORDS = {
    "talk": "个别谈话记录",
    "petition": "来信、来电、来访登记",
    "document_retrieval": "调阅、复制资料登记",
}


def methods_article(book: Rulebook) -> str:
    return book.working_methods[0].article if book.working_methods else ""


def entry_article(book: Rulebook) -> str:
    """The article by which the team, once entered, carries out fieldwork by the prescribed methods."""
    return book.procedure.entry_article


def secrecy_article(book: Rulebook) -> str:
    """The discipline article that sanctions leaking inspection secrets (JDZ-2017 第四十六条, NMG-2016 第三十六条)."""
    item = next((d for d in book.discipline if d.code == "staff_leak_secrets"), None)
    return item.article if item is not None else ""


def method(book: Rulebook, code: str, *, field: str = "method") -> WorkingMethod:
    """The working method `code` of this rulebook, or a refusal naming the article that lists the methods."""
    found = next((m for m in book.working_methods if m.code == code), None)
    if found is None:
        article = methods_article(book)
        known = "、".join(f"（{m.number}）{m.name}" for m in book.working_methods)
        raise ServiceError(
            f"《{book.short_title}》{article}没有“{code}”这种工作方式；可用的工作方式：{known}",
            field=field,
            article=article,
            code="unknown_method",
        )
    return found


CLUE_VERIFICATION = "clue_verification"  # the assistance-request kind 协助核查问题线索


def _clue_verification_body(book: Rulebook) -> Any:
    """The body a team asks to help verify clues, where the rulebook names one (JDZ-2017 第二十八条: 市纪委纪检监察室,
    经市委巡察工作领导小组领导批准后及时派员开展协查工作)."""
    return next((b for b in book.bodies if b.code == "discipline_inspection_office"), None)


def approval_article(book: Rulebook, wm: WorkingMethod, details: dict[str, Any] | None = None) -> str:
    """The article that requires the approval of `wm.approval_by` for this record: a request to the discipline
    inspection office to help verify clues is JDZ-2017 第二十八条 (that body's article); other assistance requests
    the rulebook's `approval_article` (JDZ-2017 第二十九条: courts, procuratorates, police); else the method's own."""
    if (details or {}).get("kind") == CLUE_VERIFICATION:
        body = _clue_verification_body(book)
        if body is not None:
            return str(body.article)
    return wm.approval_article or wm.article


def approval_articles(book: Rulebook, wm: WorkingMethod) -> str:
    """Every article an approval of `wm` may rest on, for a page about the method before a record is chosen
    (JDZ-2017 提请协助: 第二十八条、第二十九条)."""
    articles = [approval_article(book, wm)]
    if wm.code == "assistance_request":
        clue = approval_article(book, wm, {"kind": CLUE_VERIFICATION})
        if clue not in articles:
            articles.insert(0, clue)
    return "、".join(articles)


def approval_body_name(book: Rulebook, wm: WorkingMethod) -> str:
    return book.body(wm.approval_by).name if wm.approval_by else ""


def method_label(wm: WorkingMethod) -> str:
    return f"（{_CHINESE_NUMBERS[wm.number] if wm.number < len(_CHINESE_NUMBERS) else wm.number}）{wm.name}"


_CHINESE_NUMBERS = [
    "零",
    "一",
    "二",
    "三",
    "四",
    "五",
    "六",
    "七",
    "八",
    "九",
    "十",
    "十一",
    "十二",
    "十三",
    "十四",
    "十五",
]


# -- method-specific details ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Detail:
    key: str
    label: str
    kind: Literal["text", "int", "choice", "scores"] = "text"
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()
    help: str = ""
    # 巡察工作秘密 (an informant's identity): never in a list, shown only on a recorded read by the team or the office
    # head (`services.fieldwork_record_read`); everyone else sees “（保密）”.
    secret: bool = False


DETAILS: dict[str, tuple[Detail, ...]] = {
    "briefing": (
        Detail("kind", "汇报类别", "choice", choices=(("work", "工作汇报"), ("topical", "专题汇报"))),
        Detail("reporting_body", "汇报单位或部门"),
        Detail("topic", "汇报主题", required=False),
    ),
    "personal_matters_check": (
        Detail("cadres_checked", "抽查核实人数", "int"),
        Detail("items", "核实事项", help="如住房、投资、配偶子女从业、因私出国（境）等"),
        Detail("discrepancies", "发现不一致人数", "int", required=False),
    ),
    "inquiry": (
        Detail("informant", "知情人（身份、职务）", secret=True),
        Detail("matter", "询问事项"),
    ),
    "forum": (
        Detail("attendees", "参加人数", "int"),
        Detail("attendee_scope", "参加人员范围", help="如中层干部、离退休干部、基层党员代表"),
        Detail("topic", "座谈主题", required=False),
    ),
    "meeting_attendance": (
        Detail("meeting", "所列席的会议"),
        Detail("convened_by", "会议召集单位"),
    ),
    "democratic_evaluation": (
        Detail("kind", "类别", "choice", choices=(("evaluation", "民主测评"), ("questionnaire", "问卷调查"))),
        Detail("subject", "测评或调查对象"),
        Detail("distributed", "发放份数", "int"),
        Detail("respondents", "收回（参评）份数", "int"),
        Detail("items", "项目与得分", "scores", help="每行一项：项目：得分，例如“选人用人：85.5”"),
    ),
    "subordinate_visit": (
        Detail("unit", "下属单位或部门"),
        Detail("manner", "了解方式", required=False, help="以适当方式，如个别谈话、查阅资料、实地察看"),
    ),
    "special_check": (
        Detail("subject", "检查事项"),
        Detail("scope", "检查范围", help="单位、期间、项目等"),
    ),
    "assistance_request": (
        Detail(
            "kind",
            "协助类别",
            "choice",
            choices=(
                ("detainee_interview", "约谈询问在押或受限制人身自由的人员及其他涉案人员"),
                ("case_information", "向审判、检察、公安机关了解信息、调阅案卷和检举材料"),
                ("clue_verification", "协助核查问题线索"),
                ("other", "其他协助"),
            ),
        ),
        Detail("addressee", "提请协助的单位"),
        Detail("matter", "提请协助事项"),
    ),
    "other_approved": (Detail("method_name", "工作方式名称"),),
}


def details_for(code: str) -> tuple[Detail, ...]:
    return DETAILS.get(code, ())


# (method, detail key) of every secret detail: the informant of 询问知情人 (JDZ-2017 第十九条, NMG-2016 第二十条).
SECRET_DETAILS: tuple[tuple[str, str], ...] = tuple(
    (code, d.key) for code, details in DETAILS.items() for d in details if d.secret
)
WITHHELD = "（保密）"


def secret_detail_keys(code: str) -> frozenset[str]:
    return frozenset(d.key for d in details_for(code) if d.secret)


def has_secret_details(code: str) -> bool:
    return bool(secret_detail_keys(code))


def public_details(code: str, details: dict[str, Any] | None) -> dict[str, Any]:
    """The details without the secret ones: what lists, and everyone but the team and the office head, get."""
    hidden = secret_detail_keys(code)
    return {k: v for k, v in (details or {}).items() if k not in hidden}


def parse_scores(text: str) -> list[dict[str, Any]]:
    """“项目：得分” lines → [{"item": …, "score": …}]; the form's way of entering evaluation results."""
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        item, sep, score = line.replace(":", "：").rpartition("：")
        if not sep or not item.strip():
            raise ValueError(f"第{n}行应为“项目：得分”")
        out.append({"item": item.strip(), "score": score.strip()})
    return out


def clean_details(book: Rulebook, wm: WorkingMethod, details: dict[str, Any] | None) -> dict[str, Any]:
    """Check the details a record of `wm` carries; return them normalised. Refusals name the detail and the article
    that lists the method."""
    details = dict(details or {})
    spec = {d.key: d for d in details_for(wm.code)}
    unknown = sorted(set(details) - set(spec))
    article = wm.article

    def refuse(message: str) -> ServiceError:
        return ServiceError(f"{method_label(wm)}（{article}）：{message}", field="details", article=article)

    if unknown:
        raise refuse(f"不需要填写 {'、'.join(unknown)}")
    out: dict[str, Any] = {}
    for key, d in spec.items():
        value = details.get(key)
        if value is None or (isinstance(value, str) and not value.strip()) or value == []:
            if d.required:
                raise refuse(f"请填写{d.label}")
            continue
        if d.kind == "text":
            out[key] = str(value).strip()
        elif d.kind == "int":
            try:
                number = int(value)
            except (TypeError, ValueError):
                raise refuse(f"{d.label}应为整数") from None
            if number < 0:
                raise refuse(f"{d.label}不能为负数")
            out[key] = number
        elif d.kind == "choice":
            allowed = dict(d.choices)
            if value not in allowed:
                raise refuse(f"{d.label}应为：{'、'.join(allowed.values())}")
            out[key] = value
        else:  # scores
            try:
                rows = parse_scores(value) if isinstance(value, str) else value
            except ValueError as exc:
                raise refuse(f"{d.label}：{exc}") from None
            if not isinstance(rows, list):
                raise refuse(f"{d.label}应为项目与得分的列表")
            cleaned = []
            for row in rows:
                if not isinstance(row, dict) or not str(row.get("item", "")).strip():
                    raise refuse(f"{d.label}：每一项须有项目名称")
                try:
                    score = float(row.get("score"))  # type: ignore[arg-type]
                except (TypeError, ValueError):
                    raise refuse(f"{d.label}：“{row.get('item')}”的得分应为数字") from None
                cleaned.append({"item": str(row["item"]).strip(), "score": score})
            if not cleaned:
                raise refuse(f"请填写{d.label}")
            out[key] = cleaned
    if "respondents" in out and "distributed" in out and out["respondents"] > out["distributed"]:
        raise refuse("收回（参评）份数不能多于发放份数")
    return out
