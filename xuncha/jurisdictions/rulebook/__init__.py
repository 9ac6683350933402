"""Rulebooks: one regulation encoded as one validated YAML file.

Every item carries the article (第N条) it comes from. Loading validates the
file's shape, the uniqueness of codes and every cross-reference; an error names
the file, the path inside it and, where there is one, the article.

The package: `schema.py` (the models of a rulebook), `errors.py` (problems in Chinese), `contract.py` (the
contract with the regulation's text and with the code), `loader.py` (parse and load files). Every name is
importable from `xuncha.jurisdictions.rulebook`; the shipped rulebooks are read from `RULEBOOK_DIR` here.
"""

from __future__ import annotations

import functools

from .contract import OPTIONAL_CODES, REQUIRED_CODES, SOURCES_DIR, contract_problems, split_articles
from .errors import RulebookError
from .loader import load_directory, load_file, parse_rulebook
from .schema import (
    RULEBOOK_DIR,
    Article,
    Body,
    Category,
    Cited,
    ClosureCondition,
    Code,
    Counting,
    Coverage,
    Deadline,
    DisciplineItem,
    Disclosure,
    EligibilityCondition,
    ExpertiseArea,
    FastTrackCondition,
    InformationSource,
    Ledger,
    MinimumPeriod,
    Procedure,
    Recusal,
    RecusalKind,
    ReportType,
    Role,
    Rulebook,
    SignatureForm,
    Staffing,
    Text,
    TransferRoute,
    WorkingMethod,
)

__all__ = [
    "OPTIONAL_CODES",
    "REQUIRED_CODES",
    "RULEBOOK_DIR",
    "SOURCES_DIR",
    "Article",
    "Body",
    "Category",
    "Cited",
    "ClosureCondition",
    "Code",
    "Counting",
    "Coverage",
    "Deadline",
    "DisciplineItem",
    "Disclosure",
    "EligibilityCondition",
    "ExpertiseArea",
    "FastTrackCondition",
    "InformationSource",
    "Ledger",
    "MinimumPeriod",
    "Procedure",
    "Recusal",
    "RecusalKind",
    "ReportType",
    "Role",
    "Rulebook",
    "RulebookError",
    "SignatureForm",
    "Staffing",
    "Text",
    "TransferRoute",
    "WorkingMethod",
    "all_rulebooks",
    "contract_problems",
    "get_rulebook",
    "load_directory",
    "load_file",
    "parse_rulebook",
    "split_articles",
]


@functools.cache
def all_rulebooks() -> dict[str, Rulebook]:
    """Every rulebook shipped in RULEBOOK_DIR, validated and checked against its source text, keyed by code."""
    return load_directory(RULEBOOK_DIR)


def get_rulebook(code: str) -> Rulebook:
    try:
        return all_rulebooks()[code]
    except KeyError:
        raise RulebookError(f"没有代码为 {code} 的规则文件（目录 {RULEBOOK_DIR}）") from None
