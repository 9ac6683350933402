"""The contract of a rulebook with the regulation's text (its quotations and citations) and with the code (the
codes the code relies on)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .errors import _article_at
from .schema import _NUMERAL, RULEBOOK_DIR

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
        "clue_handling_report": "接收单位反馈移交问题线索办理情况的期限（线索台账、逾期督办）",
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
        "fast_track_handling": "速查速办线索的及时办理（JDZ-2017 第二十四条）",
    },
    "signature_forms": {
        "feedback_receipt": "反馈材料签收单（以 receipt_signed 为办结条件时必备）",
        "handover_form": "移交材料交接单（三方签字，JDZ-2017 第三十五条）",
    },
    "transfer_routes": {
        "discipline": "移交纪检监察机关（分类处置后）",
        "organization": "移交组织部门（分类处置后）",
        "other": "移交相关单位（分类处置后）",
    },
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
