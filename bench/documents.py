"""Benchmark: official documents (公文) — .docx per second for the feedback opinions of a large inspection, and PDF
conversions per minute with LibreOffice.

    .venv/bin/python bench/documents.py                  # 200 documents, 120 problems, 4 + 4 PDF conversions
    .venv/bin/python bench/documents.py --docs 50 --problems 300 --pdf 2

Everything happens in a temporary directory: XUNCHA_VAR_DIR points there before django.setup(), so the database
is a new SQLite file with the demo loaded. The demo's first JDZ feedback session is given `--problems` extra
leader-approved findings (written with the ORM: this is the benchmark's fixture, not a way the product writes), so
each document runs to several pages. Then, measured:

- `document_generate` as the office head, `--docs` times: a new version each time (numbering, rendering with the
  default template, the file, the row and its event in one transaction) — documents per second;
- the rendering alone (fields + docxtpl, no database writes), the same count — documents per second;
- `docx_to_pdf` on one of them, `--pdf` times one after another, then `--pdf` at once in threads (each with its own
  LibreOffice profile) — conversions per minute, both measured in this run.

The figures are printed last; the ratio compares the two PDF runs of this same process.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from demo_world import load_demo_into  # bench/demo_world.py, beside this script


def _large_session(problems: int) -> object:
    from django.db.models import Max

    from xuncha.feedback.models import FeedbackSession
    from xuncha.findings.models import Finding

    session = (
        FeedbackSession.objects.select_related("inspection__jurisdiction")
        .filter(inspection__jurisdiction__code="jdz")
        .first()
    )
    assert session is not None, "the demo has no JDZ feedback session"
    inspection = session.inspection
    categories = [c.code for c in inspection.jurisdiction.rulebook.problem_categories]
    start = (Finding.objects.filter(inspection=inspection).aggregate(n=Max("number"))["n"] or 0) + 1
    author = session.recorded_by
    made = Finding.objects.bulk_create(
        Finding(
            inspection=inspection,
            number=start + i,
            title=f"（基准）问题{i + 1}：制度执行不到位",
            category=categories[i % len(categories)],
            description="（基准数据）" + "有关制度执行不严格，监督检查流于形式，问题整改不彻底。" * 3,
            status=Finding.Status.LEADER_APPROVED,
            created_by=author,
        )
        for i in range(problems)
    )
    session.findings.add(*made)
    return session


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--problems", type=int, default=120)
    parser.add_argument("--pdf", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="xuncha-bench-docs-") as tmp:
        print("loading the demo into a new SQLite database …", flush=True)
        load_demo_into(Path(tmp))
        from xuncha.accounts.models import User
        from xuncha.documents import pdf, render, services

        session = _large_session(args.problems)
        head = User.objects.get(username="jdz_office_head")
        inspection = session.inspection  # type: ignore[attr-defined]
        spec = services.spec_of(inspection.jurisdiction, "feedback_opinions")

        first = services.document_generate(actor=head, code="feedback_opinions", subject=session)  # warm the caches
        started = time.perf_counter()
        for _ in range(args.docs):
            last = services.document_generate(actor=head, code="feedback_opinions", subject=session)
        generate_s = time.perf_counter() - started

        template = render.default_template(spec)
        letterhead = services.letterhead_of(inspection.jurisdiction)
        fields = services._common_fields(spec, letterhead, first.number_text, first.dated_on)
        started = time.perf_counter()
        for _ in range(args.docs):
            rendered = render.render(template, fields | spec.kind.fill(session, spec, head), spec)
        render_s = time.perf_counter() - started

        with last.file.open("rb") as handle:
            docx = handle.read()
        pages = "?"
        sequential_s = parallel_s = None
        if pdf.soffice_path() is not None and args.pdf > 0:
            started = time.perf_counter()
            for _ in range(args.pdf):
                result = pdf.docx_to_pdf(docx)
            sequential_s = time.perf_counter() - started
            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=args.pdf) as pool:
                results = list(pool.map(lambda _: pdf.docx_to_pdf(docx), range(args.pdf)))
            parallel_s = time.perf_counter() - started
            assert all(r[:5] == b"%PDF-" for r in results)
            pages = str(len(re.findall(rb"/Type\s*/Page\b", result)))

        print()
        print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
        print(f"feedback opinions with {args.problems + 1} problems: {len(docx):,} bytes, {pages} pages")
        print(f"document_generate: {args.docs} documents in {generate_s:.2f} s = {args.docs / generate_s:.1f} .docx/s")
        print(f"rendering only:    {args.docs} documents in {render_s:.2f} s = {args.docs / render_s:.1f} .docx/s "
              f"({len(rendered):,} bytes each)")  # fmt: skip
        if sequential_s is not None and parallel_s is not None:
            one, many = args.pdf / sequential_s * 60, args.pdf / parallel_s * 60
            print(f"PDF, one after another: {args.pdf} in {sequential_s:.1f} s = {one:.1f}/min")
            print(f"PDF, {args.pdf} at once:        {args.pdf} in {parallel_s:.1f} s = {many:.1f}/min "
                  f"(ratio {sequential_s / parallel_s:.2f}× the sequential rate)")  # fmt: skip
        elif args.pdf == 0:
            print("PDF: not measured (--pdf 0)")
        else:
            print("PDF: LibreOffice (soffice) is not installed here; no conversion measured")


if __name__ == "__main__":
    main()
