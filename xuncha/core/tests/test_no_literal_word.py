"""巡察 and 巡视 are the rulebook's word, never the code's (issue 10, item 9).

Every string literal in xuncha's Python and every template outside `{# #}` comments is read; one that says 巡察 or
巡视 fails, named by file and line. The interface asks the rulebook (`jurisdiction.word`, `book.word`, the `word`
that the context processor gives every template). Comments and docstrings may name the words; so may the
exceptions below, each with its reason.
"""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # xuncha/
WORDS = re.compile("巡察|巡视")

# Text that may say the words wherever it stands.
ALLOWED_TEXT: list[str | re.Pattern[str]] = [
    "巡视巡察工作平台",  # the product's name
    re.compile(r"《[^》]*》"),  # a title quoted in 《》 (中国共产党巡视工作条例, 巡察反馈材料签收单 …)
    # Both words together name neither jurisdiction: for text that is not one jurisdiction's (the API's
    # description, the system administrator's pages). The sweep (test_sweep.py) fails it on a jurisdiction's page.
    re.compile(r"巡察（巡视）|巡视（巡察）|巡视巡察|巡察巡视|巡察、巡视|巡视、巡察|巡察或巡视|巡视或巡察"),
]
# Files that are not the interface: tests, migrations (history), the rulebooks' own data, the demo's data (each
# jurisdiction's demo text is that jurisdiction's: it is data, written in its own words).
EXCLUDED_PARTS = {"tests", "migrations", "rulebooks"}
EXCLUDED_FILES = {
    "conftest.py",  # test fixtures
    # the demo's data
    "demo/data.py",
    "demo/steps.py",
    "demo/jdz.py",
    "demo/nmg.py",
    "demo/documents.py",
    "demo/now.py",
    "demo/management/commands/load_demo.py",
    # The vocabulary's Chinese names are written in the schema word (vocabulary.SCHEMA_WORD) and shown through
    # core.words.speak, in the page's word.
    "jurisdictions/vocabulary.py",
}
# Lines that name the words themselves.
ALLOWED_LINES = {
    ("jurisdictions/rulebook/schema.py", 'word: Literal["巡察", "巡视"]'),  # the two words a rulebook may choose
}
# The schema of models.py and apps.py (field and model verbose names, help texts, choices, constraint messages) is
# written in the schema word: it lives in the migrations and the admin, and pages show it through `speak`. Only
# strings outside functions are the schema; a method's strings are read like any other code.
SCHEMA_FILES = {"models.py", "apps.py"}


def _blank(text: str) -> str:
    for allowed in ALLOWED_TEXT:
        if isinstance(allowed, str):
            text = text.replace(allowed, "〇" * len(allowed))
        else:
            text = allowed.sub(lambda m: "〇" * len(m.group(0)), text)
    return text


def _files(suffix: str) -> list[Path]:
    found = []
    for path in sorted(ROOT.rglob(f"*{suffix}")):
        rel = path.relative_to(ROOT)
        if EXCLUDED_PARTS & set(rel.parts) or rel.as_posix() in EXCLUDED_FILES or rel.name in EXCLUDED_FILES:
            continue
        found.append(path)
    return found


def _docstring_lines(source: str) -> set[int]:
    """Lines of module, class and function docstrings (they are documentation, like comments)."""
    import ast

    lines: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                lines.update(range(first.lineno, (first.end_lineno or first.lineno) + 1))
    return lines


def _schema_lines(source: str) -> set[int]:
    """Lines of string constants outside any function: a models.py's or apps.py's schema."""
    import ast

    inside: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            inside.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    lines: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.lineno not in inside:
            lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return lines


def python_literals() -> list[str]:
    """file:line: text, for each string literal (docstrings aside) that says 巡察 or 巡视."""
    found = []
    for path in _files(".py"):
        source = path.read_text(encoding="utf-8")
        if not WORDS.search(source):
            continue
        docstrings = _docstring_lines(source)
        if path.name in SCHEMA_FILES:
            docstrings |= _schema_lines(source)
        rel = path.relative_to(ROOT).as_posix()
        allowed = {text for file, text in ALLOWED_LINES if file == rel}
        lines = source.splitlines()
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type not in (tokenize.STRING, getattr(tokenize, "FSTRING_MIDDLE", -1)):
                continue
            if tok.start[0] in docstrings or not WORDS.search(_blank(tok.string)):
                continue
            if any(text in lines[tok.start[0] - 1] for text in allowed):
                continue
            found.append(f"{path.relative_to(ROOT.parent)}:{tok.start[0]}: {tok.string[:80]}")
    return found


TEMPLATE_COMMENT = re.compile(r"\{#.*?#\}|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.S)


def template_text() -> list[str]:
    """file:line: text, for each template line (outside comments) that says 巡察 or 巡视."""
    found = []
    for path in _files(".html"):
        source = path.read_text(encoding="utf-8")
        # Comments become blank (line breaks kept, so that line numbers stay true).
        code = TEMPLATE_COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), source)
        for number, line in enumerate(code.splitlines(), 1):
            if WORDS.search(_blank(line)):
                found.append(f"{path.relative_to(ROOT.parent)}:{number}: {line.strip()[:80]}")
    return found


def test_no_string_literal_says_the_word() -> None:
    found = python_literals()
    assert not found, "巡察/巡视 written in code — use the rulebook's word:\n" + "\n".join(found)


def test_no_template_says_the_word() -> None:
    found = template_text()
    assert not found, "巡察/巡视 written in a template — use {{ word }}:\n" + "\n".join(found)


def test_the_check_sees_a_literal_and_passes_over_comments(tmp_path: Path) -> None:
    """The check itself: a string literal is caught; a comment, a docstring and a quoted title are not."""
    source = '"""巡察 in a docstring."""\n# 巡视 in a comment\nA = "《巡察反馈材料签收单》"\nB = "第1巡察组"\n'
    docstrings = _docstring_lines(source)
    caught = [
        tok.start[0]
        for tok in tokenize.generate_tokens(io.StringIO(source).readline)
        if tok.type == tokenize.STRING and tok.start[0] not in docstrings and WORDS.search(_blank(tok.string))
    ]
    assert caught == [4]
    page = "{# 巡察 #}\n<p>{{ word }}组</p>\n<p>巡视组</p>\n"
    code = TEMPLATE_COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), page)
    assert [n for n, line in enumerate(code.splitlines(), 1) if WORDS.search(_blank(line))] == [3]
