from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from xuncha.jurisdictions.vocabulary import LIFECYCLE_ACTIONS, PARTIES
from xuncha.jurisdictions.words import speak

from .models import Jurisdiction
from .rulebook import all_rulebooks
from .selectors import compare, shown


@login_required
def rulebook_list(request: HttpRequest) -> HttpResponse:
    jurisdictions = Jurisdiction.objects.visible_to(request.user).select_related("parent")
    return render(
        request, "jurisdictions/rulebook_list.html", {"books": all_rulebooks().values(), "jurisdictions": jurisdictions}
    )


@login_required
def rulebook_detail(request: HttpRequest, code: str) -> HttpResponse:
    book = all_rulebooks().get(code)
    if book is None:
        raise Http404("没有这部规则")
    return render(
        request,
        "jurisdictions/rulebook_detail.html",
        {
            "book": book,
            "actions": {k: speak(v, book.word) for k, v in LIFECYCLE_ACTIONS.items()},  # in the rulebook's word
            "parties": {k: speak(v, book.word) for k, v in PARTIES.items()},
            "forms": shown(book, book.signature_forms, ("signers", "copies")),
            "routes": shown(book, book.transfer_routes, ("receiver_kind", "stage")),
        },
    )


@login_required
def rulebook_compare(request: HttpRequest) -> HttpResponse:
    books = list(all_rulebooks().values())
    only_diff = request.GET.get("diff") == "1"
    sections = compare(books)
    if only_diff:
        sections = [(label, [r for r in rows if r.differs]) for label, rows in sections]
    return render(
        request, "jurisdictions/rulebook_compare.html", {"books": books, "sections": sections, "only_diff": only_diff}
    )
