"""The participant's page, `/p/e/<token>/` (no login; core/anonymity/middleware.py scrubs the request and marks the
answer no-store). Three steps, each the answer of a POST: the code (prefilled from the slip's `#code` by a few lines
of script; typing works without it), the form (the code in a hidden field), then “已提交，感谢参与”. No session, no
messages, no cookie: nothing ties the steps together but the code itself."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from xuncha.core.anonymity import codes
from xuncha.core.anonymity.middleware import anonymous_client
from xuncha.core.anonymity.ratelimit import RateLimited
from xuncha.core.errors import ServiceError

from . import services
from .models import Evaluation
from .views import answers_from


def evaluation_for(token: str) -> Evaluation:
    evaluation = (
        Evaluation.objects.select_related("inspection__jurisdiction", "inspection__target")
        .filter(token=token)
        .exclude(status=Evaluation.Status.DRAFT)
        .first()
    )
    if evaluation is None:
        raise Http404
    return evaluation


def _context(evaluation: Evaluation, **extra: object) -> dict[str, object]:
    book = evaluation.inspection.jurisdiction.rulebook
    return {
        "evaluation": evaluation,
        "word": book.word,
        "is_open": evaluation.status == Evaluation.Status.OPEN and evaluation.inspection.status in services.OPEN_STAGES,
        **extra,
    }


# The page holds no session and sets no cookie, so Django's CSRF cookie cannot be used; a forged POST could at most
# spend a code the forger already knows.
@csrf_exempt
def page(request: HttpRequest, token: str) -> HttpResponse:
    evaluation = evaluation_for(token)
    context = _context(evaluation)
    if request.method != "POST" or not context["is_open"]:
        return render(request, "evaluations/public_code.html", context)
    code = codes.normalize(request.POST.get("code", ""))
    client = anonymous_client(request)
    if request.POST.get("step") == "answers":
        try:
            services.ballot_submit(
                evaluation=evaluation, code=code, answers=answers_from(request.POST, evaluation), client=client
            )
        except ServiceError as exc:
            status = 429 if isinstance(exc, RateLimited) else 400
            if exc.field == "answers":
                return _form(request, evaluation, code, error=exc.message, status=status)
            return render(request, "evaluations/public_code.html", {**context, "error": exc.message}, status=status)
        return render(request, "evaluations/public_done.html", context)
    try:
        services.code_check(evaluation=evaluation, code=code, client=client)
    except ServiceError as exc:
        status = 429 if isinstance(exc, RateLimited) else 400
        return render(request, "evaluations/public_code.html", {**context, "error": exc.message}, status=status)
    return _form(request, evaluation, code)


def _form(
    request: HttpRequest, evaluation: Evaluation, code: str, *, error: str = "", status: int = 200
) -> HttpResponse:
    questions = [
        {
            "subject": s,
            "items": [
                {
                    "item": i,
                    "name": f"a:{s['code']}:{i['code']}",
                    "chosen": request.POST.get(f"a:{s['code']}:{i['code']}", ""),
                }
                for i in evaluation.items
            ],
        }
        for s in evaluation.subjects
    ]
    context = _context(evaluation, code=code, questions=questions, error=error, options=evaluation.options)
    return render(request, "evaluations/public_form.html", context, status=status)
