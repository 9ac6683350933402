"""The machinery of the sweep (test_sweep.py): the routes and their parameters, the reader of each answer and the
run over every demo account. Not a test module: test_sweep.py holds the fixture and the assertions."""

from __future__ import annotations

import html.parser
import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# (url name, offending token or "*" for any, issue-10 item): found by this sweep, fixed by another helper of the
# same issue. The coordinator empties this set after merging their work.
KNOWN_ELSEWHERE: set[tuple[str, str, int]] = set()  # emptied once items 10 and 12 landed

# Pages that show every jurisdiction at once, so both words are theirs (check (b) does not apply).
BOTH_WORDS_PAGES = {
    "jurisdictions:rulebooks",  # the list of rulebooks
    "jurisdictions:compare",  # the two rulebooks side by side
    "public:index",  # the public index of every jurisdiction
    "api-rulebooks",  # every rulebook as data
    "jurisdiction-list",  # every jurisdiction, each with its word
    "schema",  # the API's description, one for every jurisdiction
    "api-docs",
    "login",  # the page before anyone's jurisdiction is known: it links to the public index of every jurisdiction
}
# Text that may say the other word anywhere: the product's name; the rulebooks' titles (a calculator or a selector
# names every rulebook); and, on a page of one rulebook, that rulebook's own text (JDZ-2017 报省委巡视办备案 —
# the province's 巡视 office is a real body) and quotations of its source.
BOTH_WORDS_TEXT = ("巡视巡察工作平台",)
# Answers that are not for users to read as text: the OpenAPI description and its viewer are for developers.
NOT_READ = {"schema", "api-docs"}

# The model whose primary key fills `pk` in each page route (API routes take it from their viewset).
PK_MODELS = {
    **{f"reporting:{n}": "inspections.Inspection" for n in ("channel", "channel_ensure", "poster", "inbox", "intake")},
    **{"reporting:report": "reporting.PublicReport", "reporting:ask": "reporting.PublicReport"},
    "reporting:attachment": "reporting.PublicAttachment",
    "clues:inspection_transfers": "inspections.Inspection",
    "clues:round_disposal": "inspections.Inspection",
    "clues:transfer_draft": "inspections.Inspection",
    "clues:fast_track_propose": "clues.Clue",
    "clues:fast_track_decide": "clues.FastTrack",
    "clues:transfer_detail": "clues.Transfer",
    "clues:transfer_approve": "clues.Transfer",
    "clues:transfer_sign": "clues.Transfer",
    "clues:transfer_cancel": "clues.Transfer",
    "clues:handling_report": "clues.Clue",
    "clues:register": "inspections.Inspection",
    "clues:register_new": "inspections.Inspection",
    "clues:clue_detail": "clues.Clue",
    "clues:clue_add_source": "clues.Clue",
    "clues:clue_add_subject": "clues.Clue",
    "clues:clue_merge": "clues.Clue",
    "clues:clue_remove_subject": "clues.ClueSubject",
    "clues:suggestion_new": "inspections.Inspection",
    "clues:suggestion_answer": "clues.Suggestion",
    "clues:informant_release": "clues.ClueSource",
    "clues:informant_seen": "clues.ClueSource",
    "clues:informant_identity": "clues.InformantRelease",
    "inspections:detail": "inspections.Inspection",
    "inspections:stage": "inspections.Inspection",
    "inspections:talk": "inspections.TalkRecord",
    "registry:target": "registry.Organization",
    "registry:target_reorganize": "registry.Organization",
    "registry:cadre": "registry.Cadre",
    "people:inspector": "people.Inspector",
    "people:declaration_new": "people.Inspector",
    "people:attestation_new": "people.Inspector",
    "people:secondment_new": "people.Inspector",
    "people:posting_new": "people.Inspector",
    "people:rotation_new": "people.Inspector",
    "people:authorization_new": "people.Inspector",
    "people:declaration_withdraw": "people.Declaration",
    "people:secondment_appraise": "people.Secondment",
    "planning:round": "planning.Round",
    "staffing:team": "planning.Team",
    "staffing:team_check": "planning.Team",
    "staffing:team_waiver": "planning.Team",
    "planning:team_liaison": "planning.Team",
    "staffing:team_eligibility_exception": "planning.Team",
    "fieldwork:overview": "inspections.Inspection",
    "fieldwork:record_new": "inspections.Inspection",
    "fieldwork:talk": "inspections.Inspection",
    "fieldwork:petitions": "inspections.Inspection",
    "fieldwork:documents": "inspections.Inspection",
    "fieldwork:record": "fieldwork.FieldworkRecord",
    "fieldwork:record_approve": "fieldwork.FieldworkRecord",
    "fieldwork:record_send": "fieldwork.FieldworkRecord",
    "fieldwork:petition": "fieldwork.Petition",
    "fieldwork:petition_handle": "fieldwork.Petition",
    "fieldwork:document_return": "fieldwork.DocumentRetrieval",
    "fieldwork:document_dispose": "fieldwork.DocumentRetrieval",
    "fieldwork:attachment_upload": "fieldwork.FieldworkRecord",
    "fieldwork:attachment": "fieldwork.Attachment",
    "preparation:page": "inspections.Inspection",
    "preparation:draft_all": "inspections.Inspection",
    "preparation:draft": "inspections.Inspection",
    "preparation:check_record": "inspections.Inspection",
    "preparation:briefing_record": "inspections.Inspection",
    "preparation:send": "preparation.InformationRequest",
    "preparation:letter": "preparation.InformationRequest",
    "preparation:answer": "preparation.InformationRequest",
    "preparation:check": "preparation.PersonalMattersCheck",
    "preparation:briefing": "preparation.LeaderBriefing",
    "findings:list": "inspections.Inspection",
    "findings:new": "inspections.Inspection",
    "findings:meetings": "inspections.Inspection",
    "findings:escalations": "inspections.Inspection",
    "findings:detail": "findings.Finding",
    "findings:edit": "findings.Finding",
    "findings:evidence": "findings.Finding",
    "findings:approve": "findings.Finding",
    "findings:return": "findings.Finding",
    "findings:evidence_remove": "findings.Evidence",
    "findings:meeting": "findings.TeamMeeting",
    "findings:escalation_respond": "findings.Escalation",
    "feedback:page": "inspections.Inspection",
    "feedback:session": "inspections.Inspection",
    "feedback:consent": "inspections.Inspection",
    "feedback:notify": "inspections.Inspection",
    "feedback:receipt": "inspections.Inspection",
    "feedback:sign": "inspections.Inspection",
    "reports:list": "inspections.Inspection",
    "reports:draft": "inspections.Inspection",
    "reports:detail": "reports.Report",
    "reports:edit": "reports.Report",
    "reports:submit": "reports.Report",
    "reports:finalize": "reports.Report",
    "reports:return": "reports.Report",
    "reports:correct": "reports.Report",
    "results:round": "planning.Round",
    "results:hearing": "planning.Round",
    "results:decision": "planning.Round",
    "results:filing": "planning.Round",
    "results:meeting": "results.Meeting",
    "results:inspection": "inspections.Inspection",
    "results:consultation": "results.Consultation",
    "disclosures:list": "inspections.Inspection",
    "disclosures:detail": "disclosures.Disclosure",
    "disclosures:edit": "disclosures.Disclosure",
    "disclosures:correct": "disclosures.Disclosure",
    "disclosures:approve": "disclosures.Disclosure",
    "disclosures:return": "disclosures.Disclosure",
    "disclosures:publish": "disclosures.Disclosure",
    "rectification:portal_detail": "inspections.Inspection",
    "rectification:item_update": "rectification.RectificationItem",
    "rectification:evidence_upload": "rectification.RectificationItem",
    "rectification:detail": "inspections.Inspection",
    "rectification:supervision": "inspections.Inspection",
    "rectification:poor": "inspections.Inspection",
    "rectification:review": "rectification.RectificationReport",
    "rectification:evidence": "rectification.EvidenceFile",
    "spreadsheets:job": "spreadsheets.ImportJob",
    "spreadsheets:job_status": "spreadsheets.ImportJob",
    "spreadsheets:api-job": "spreadsheets.ImportJob",
    "accounts:detail": "accounts.User",
    "accounts:grant": "accounts.User",
    "accounts:deactivate": "accounts.User",
    "accounts:password": "accounts.User",
    "accounts:link": "accounts.User",
    "accounts:unlink": "accounts.User",
    "accounts:revoke": "accounts.Membership",
    "accounts:team_place_revoke": "planning.TeamMembership",
    "accounts:jurisdiction": "jurisdictions.Jurisdiction",
    "petition-detail": "fieldwork.Petition",  # its viewset names its model only in get_queryset
    "documents:detail": "documents.Document",
    "documents:docx": "documents.Document",
    "documents:pdf": "documents.Document",
    "documents:inspection": "inspections.Inspection",
    "documents:template_file": "documents.Template",
}
DEMO_YEAR = 2026

_NUM = "零一二三四五六七八九十百"
# 第N条, and the articles joined to it (第二百零一条（…）和第二百零三条): 《…》 before the first makes them all
# another text's.
ARTICLE = re.compile(
    rf"(》)?(第[{_NUM}]+条(?:（[^）]{{0,80}}）)?(?:[、，和及与至或]第[{_NUM}]+条(?:（[^）]{{0,80}}）)?)*)"
)
ONE_ARTICLE = re.compile(rf"第[{_NUM}]+条")
TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
LABEL_KEYS = {"detail", "message", "messages", "error", "errors", "label", "name", "title", "summary"}
LABEL_SUFFIXES = ("_label", "_name", "_display", "_message", "_title")


# -- what the sweep visits ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    params: tuple[str, ...]
    model: type[models.Model] | None  # the model behind `pk` (or `seq`)
    api: bool


def _routes() -> list[Route]:
    routes: list[Route] = []

    def walk(patterns: list[Any], prefix: str, ns: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern), ns + (f"{p.namespace}:" if p.namespace else ""))
                continue
            assert isinstance(p, URLPattern)
            pattern = prefix + str(p.pattern)
            if "format" in p.pattern.regex.groupindex or not p.name:  # DRF's `.json` twins; the router's root
                continue
            callback = p.callback
            actions = getattr(callback, "actions", None)  # a viewset route: {"get": "list", …}
            cls = getattr(callback, "cls", None)
            if actions is not None and "get" not in actions:
                continue
            if actions is None and cls is not None and not hasattr(cls, "get"):
                continue
            name = ns + p.name
            params = tuple(p.pattern.regex.groupindex)
            model = _api_model(cls) if actions is not None else None
            if model is None and name in PK_MODELS:
                model = apps.get_model(PK_MODELS[name])
            routes.append(Route(name, pattern, params, model, pattern.startswith("api/") or "/api/" in pattern))

    walk(get_resolver().url_patterns, "", "")
    return routes


def _api_model(cls: Any) -> type[models.Model] | None:
    model = getattr(cls, "model", None)
    if model is None and getattr(cls, "queryset", None) is not None:
        model = cls.queryset.model
    if model is None and getattr(cls, "serializer_class", None) is not None:
        model = getattr(getattr(cls.serializer_class, "Meta", None), "model", None)
    return model


def _jurisdiction_path(model: type[models.Model]) -> str | None:
    """The shortest path of foreign keys from `model` to its jurisdiction ("" for a jurisdiction itself)."""
    from xuncha.jurisdictions.models import Jurisdiction

    if model is Jurisdiction:
        return ""
    queue: list[tuple[type[models.Model], str, int]] = [(model, "", 0)]
    seen = {model}
    while queue:
        current, path, depth = queue.pop(0)
        for f in current._meta.get_fields():
            if not (f.is_relation and (f.many_to_one or f.one_to_one) and f.concrete):
                continue
            related = f.related_model
            assert isinstance(related, type)
            step = f"{path}__{f.name}" if path else f.name
            if related is Jurisdiction:
                return step
            if related not in seen and depth < 4:
                seen.add(related)
                queue.append((related, step, depth + 1))
    return None


def _ids(model: type[models.Model], jurisdiction: Any) -> list[Any]:
    """The first object of `jurisdiction` (in the demo the most advanced: its first inspection has come furthest)."""
    from xuncha.accounts.models import User

    if model is User:
        qs = User.objects.filter(memberships__jurisdiction=jurisdiction).distinct()
    else:
        path = _jurisdiction_path(model)
        if path is None:
            return []
        qs = (
            model._default_manager.filter(**{path: jurisdiction})
            if path
            else model._default_manager.filter(pk=jurisdiction.pk)
        )
    key = "seq" if model._meta.model_name == "event" else "pk"
    first = qs.order_by(key).values_list(key, flat=True).first()
    return [] if first is None else [first]


def _str_values(route: Route, param: str, jurisdiction: Any) -> list[str]:
    """Values for the string parameters of a route, from the rulebook and the code that reads them."""
    from xuncha.feedback.models import FeedbackSession
    from xuncha.spreadsheets.columns import SHEETS

    book = jurisdiction.rulebook
    # A page named by its rulebook or jurisdiction: the account's own (its menu speaks the account's word).
    if route.name == "jurisdictions:rulebook":
        return [jurisdiction.rulebook_code]
    if route.name == "public:jurisdiction":
        return [jurisdiction.code]
    if param == "token" and route.name.startswith("reporting_public:"):  # a demo channel of this jurisdiction
        channels = apps.get_model("reporting.Channel").objects.filter(inspection__jurisdiction=jurisdiction)
        return list(channels.order_by("pk").values_list("token", flat=True)[:1])
    if param == "method":
        return [m.code for m in book.working_methods]
    if param == "audience":
        return list(FeedbackSession.Audience.values)
    if param == "type":
        return [t.code for t in book.report_types]
    if param == "code" and "ledger" in route.name:  # the clue ledgers (台账) of the rulebook
        return [item.code for item in book.ledgers]
    if param == "kind" and route.name.startswith("spreadsheets:"):
        return sorted(SHEETS)
    if param == "kind":
        return ["record"]
    if param in {"step", "role"}:  # POST-only routes: one value shows that GET is refused
        return ["x"]
    if param in {"year"}:
        return [str(DEMO_YEAR)]
    raise AssertionError(f"{route.name}: no values for <{param}>")


def _urls(route: Route, jurisdiction: Any) -> list[str]:
    if not route.params:
        return [reverse(route.name)]
    choices: list[dict[str, Any]] = [{}]
    for param in route.params:
        if param in {"pk", "seq"}:
            assert route.model is not None, f"{route.name}: add the model behind <{param}> to PK_MODELS"
            values: list[Any] = _ids(route.model, jurisdiction)
        else:
            values = _str_values(route, param, jurisdiction)
        choices = [{**c, param: v} for c in choices for v in values]
    return [reverse(route.name, kwargs=c) for c in choices]


# -- reading an answer as a user reads it ---------------------------------------------------------------------------
class _Visible(html.parser.HTMLParser):
    """The text a user sees: text outside scripts and styles, and the attributes that are shown (title, placeholder,
    alt, aria-label, a button's value). Other attributes (values, ids, classes, URLs) are not read."""

    SHOWN = {"title", "placeholder", "alt", "aria-label"}
    HIDDEN = {"script", "style", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        shown = dict(attrs)
        for name, value in attrs:
            if value and (name in self.SHOWN or (name == "value" and shown.get("type") in {"submit", "button"})):
                self.parts.append(" " + value + " ")
        if tag in {"br", "p", "div", "li", "td", "th", "tr", "option", "h1", "h2", "h3", "h4", "h5", "label"}:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1
        else:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(page: str) -> str:
    parser = _Visible()
    parser.feed(page)
    parser.close()
    return "".join(parser.parts)


def _json_strings(data: Any, key: str = "") -> Iterator[tuple[str, str]]:
    """(key, string) for every string value in a JSON answer."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _json_strings(v, str(k))
    elif isinstance(data, list):
        for v in data:
            yield from _json_strings(v, key)
    elif isinstance(data, str):
        yield key, data


def _is_label(key: str) -> bool:
    return key in LABEL_KEYS or key.endswith(LABEL_SUFFIXES)


@dataclass(frozen=True)
class Problem:
    check: str
    account: str
    route: str
    url: str
    token: str
    context: str

    def __str__(self) -> str:
        return f"{self.check}  {self.route}  {self.url}  ({self.account})  {self.token!r}: …{self.context}…"


class Reader:
    """The checks, given the vocabulary and the rulebooks."""

    def __init__(self) -> None:
        from xuncha.jurisdictions.rulebook import RULEBOOK_DIR, all_rulebooks

        self.books = all_rulebooks()
        self.sources = {
            code: _squash((RULEBOOK_DIR / "sources" / book.source_file).read_text(encoding="utf-8"))
            for code, book in self.books.items()
        }
        self.articles = {code: set(ONE_ARTICLE.findall(text)) for code, text in self.sources.items()}
        self.all_articles = set().union(*self.articles.values())
        self.codes = _product_codes(self.books)
        titles = [t for b in self.books.values() for t in (b.title, b.short_title)]
        words = {b.word for b in self.books.values()}
        self.allowed = {
            code: sorted(
                {*BOTH_WORDS_TEXT, *titles, *(s for s in _strings(book.model_dump()) if any(w in s for w in words))},
                key=len,
                reverse=True,
            )
            for code, book in self.books.items()
        }

    def read(
        self, text: str, *, book_code: str | None, labels: str, both_words: bool
    ) -> Iterator[tuple[str, str, str]]:
        """(check, token, context) for each fault in `text` (all the visible text) and `labels` (the part of it
        that is meant as words: all of it for a page, the message/label/name fields of JSON)."""
        for m in TOKEN.finditer(labels):
            token = m.group(0)
            if token in self.codes:
                yield "(a) code", token, _around(labels, m.start(), m.end())
        if book_code is not None and not both_words:
            book = self.books[book_code]
            plain = text
            for allowed in self.allowed[book_code]:
                plain = plain.replace(allowed, "〇" * len(allowed))
            plain = re.sub(r"《[^》]*》", lambda q: "〇" * len(q.group(0)), plain)
            for other in {b.word for b in self.books.values()} - {book.word}:
                for m in re.finditer(other, plain):
                    if not self._quotes_own_text(text, m.start(), m.end(), book_code):
                        yield "(b) word", other, _around(text, m.start(), m.end())
        for m in ARTICLE.finditer(text):
            if m.group(1):  # 《…》第N条: another text's article
                continue
            for article in ONE_ARTICLE.findall(m.group(2)):
                if article not in (self.articles[book_code] if book_code and not both_words else self.all_articles):
                    yield "(c) article", article, _around(text, m.start(), m.end())

    def _quotes_own_text(self, text: str, start: int, end: int, book_code: str) -> bool:
        """The word is part of a quotation of the page's own regulation (at least 8 characters of it verbatim)."""
        source = self.sources[book_code]
        for before in range(0, 7):
            window = _squash(text[max(0, start - before) : end + (6 - before)])
            if len(window) >= 8 and window in source:
                return True
        return False


def _strings(data: Any) -> Iterator[str]:
    if isinstance(data, dict):
        for v in data.values():
            yield from _strings(v)
    elif isinstance(data, list):
        for v in data:
            yield from _strings(v)
    elif isinstance(data, str):
        yield data


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _around(text: str, start: int, end: int) -> str:
    return re.sub(r"\s+", " ", text[max(0, start - 30) : end + 30]).strip()


def _product_codes(books: dict[str, Any]) -> set[str]:
    """Every English code the product speaks: the vocabulary, the event actions, every status and kind of every
    model, the rulebooks' codes."""
    from xuncha.audit.models import Event
    from xuncha.jurisdictions import vocabulary

    codes: set[str] = set()
    for table in (
        vocabulary.ROLE_KINDS,
        vocabulary.PARTIES,
        vocabulary.RECEIVER_KINDS,
        vocabulary.LIFECYCLE_ACTIONS,
        vocabulary.DEADLINE_UNITS,
        vocabulary.EXPERTISE,
    ):
        codes.update(table)
    codes.update(Event.objects.values_list("action", flat=True).distinct())
    for model in apps.get_models():
        if not model.__module__.startswith("xuncha."):
            continue
        for f in model._meta.get_fields():
            for value, _label in getattr(f, "flatchoices", None) or []:
                if isinstance(value, str):
                    codes.add(value)

    def walk(data: Any, key: str = "") -> None:
        if isinstance(data, dict):
            for k, v in data.items():
                walk(v, k)
        elif isinstance(data, list):
            for v in data:
                walk(v, key)
        elif isinstance(data, str) and key in {"code", "trigger", "fulfilled_by", "responsible", "body", "role"}:
            codes.add(data)

    for book in books.values():
        walk(book.model_dump())
    codes.update(c.split(".", 1)[1] for c in list(codes) if "." in c)
    return {c for c in codes if re.fullmatch(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)?", c) and len(c) >= 3}


# -- the sweep ------------------------------------------------------------------------------------------------------
@dataclass
class Sweep:
    problems: list[Problem]
    seconds: float
    cpu_seconds: float
    requests: int
    read: int
    routes: list[Route]


# The demo's second team and second unit hold the same roles as the first ones: one account per role is enough.
SAME_ROLE_AGAIN = {f"{p}_{k}" for p in ("jdz", "nmg") for k in ("leader2", "member2", "unit2")}


def _accounts() -> list[Any]:
    from xuncha.accounts.models import User

    return list(User.objects.exclude(username__in=SAME_ROLE_AGAIN).order_by("username"))


def _home_code(user: Any) -> str | None:
    """The account's jurisdiction: jdz_* → 景德镇, nmg_* → 内蒙古; the system administrator has none."""
    prefix = user.username.split("_", 1)[0]
    return prefix if "_" in user.username else None


def _run_sweep() -> Sweep:
    from xuncha.jurisdictions.models import Jurisdiction

    started, cpu = time.monotonic(), time.process_time()
    reader = Reader()
    routes = _routes()
    jurisdictions = {j.code: j for j in Jurisdiction.objects.all()}
    urls = {code: [(r, url) for r in routes for url in _urls(r, j)] for code, j in jurisdictions.items()}
    problems: list[Problem] = []
    requests = read = 0
    post_only: set[str] = set()  # a route that refuses GET refuses it to everyone: asked once
    asked_once: set[str] = set()
    workbooks: set[str] = set()  # URLs that answer with a file: nothing to read; one 200 shows they work
    for user in _accounts():
        home = _home_code(user)
        client = Client(raise_request_exception=False)
        client.force_login(user)
        for code in [home] if home else sorted(jurisdictions):
            for route, url in urls[code]:
                if route.name in post_only or route.name in asked_once or url in workbooks:
                    continue
                if route.name in NOT_READ:
                    asked_once.add(route.name)  # the API's description is the same for everyone
                accept = "application/json" if route.api else "text/html"
                # A redirect is followed: the message it leaves is shown on the next page, and belongs to this route.
                response = client.get(url, follow=True, headers={"Accept": accept})
                requests += 1 + len(response.redirect_chain)
                if response.status_code == 405:
                    post_only.add(route.name)
                if response.status_code >= 500:
                    problems.append(Problem("500", user.username, route.name, url, "500", ""))
                    continue
                if response.status_code != 200 or route.name in NOT_READ:
                    continue
                kind = response.get("Content-Type", "")
                if not kind.startswith(("text/html", "application/json")):
                    workbooks.add(url)
                    continue
                if kind.startswith("text/html"):
                    text = visible_text(response.content.decode())
                    labels = text
                elif kind.startswith("application/json"):
                    strings = list(_json_strings(json.loads(response.content)))
                    text = "\n".join(s for _k, s in strings)
                    labels = "\n".join(s for k, s in strings if _is_label(k))
                else:
                    continue
                read += 1
                book_code = jurisdictions[home].rulebook_code if home else None
                for check, token, context in reader.read(
                    text, book_code=book_code, labels=labels, both_words=route.name in BOTH_WORDS_PAGES
                ):
                    problems.append(Problem(check, user.username, route.name, url, token, context))
    return Sweep(problems, time.monotonic() - started, time.process_time() - cpu, requests, read, routes)
