"""Loading rulebook files: parse, validate the schema, check the contract; every file of a folder together."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from .contract import SOURCES_DIR, contract_problems
from .errors import RulebookError, _article_at, _chinese_message, _format_loc
from .schema import Rulebook


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
