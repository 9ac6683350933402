"""A rulebook file's problems, in Chinese, with the file, the path inside it and the article."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any


class RulebookError(Exception):
    """A rulebook file is invalid. The message names file, path and article."""


def _article_at(data: Any, loc: tuple[int | str, ...]) -> str:
    """The article of the innermost item on `loc` that has one, for error messages."""
    node, found = data, ""
    for key in loc:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("article"), str):
            found = node["article"]
    return found


def _format_loc(loc: Iterable[int | str]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "（根）"


_MESSAGES = {
    "missing": "缺少必填项",
    "extra_forbidden": "不允许的字段（规则文件格式中没有此项）",
    "string_pattern_mismatch": "格式不符，应匹配 {pattern}",
    "literal_error": "取值应为 {expected} 之一",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
    "date_parsing": "应为日期（YYYY-MM-DD）",
    "date_type": "应为日期（YYYY-MM-DD）",
    "greater_than_equal": "应不小于 {ge}",
    "string_type": "应为文字",
    "string_too_short": "不能为空",
    "string_too_long": "过长（至多 {max_length} 字）",
    "list_type": "应为列表",
    "too_short": "至少应有 {min_length} 项",
    "model_type": "应为映射（键: 值）",
    "dict_type": "应为映射（键: 值）",
}


def _chinese_message(err: Any) -> str:
    template = _MESSAGES.get(err["type"])
    if template is not None:
        return template.format(**(err.get("ctx") or {}))
    return re.sub(r"^Value error, ", "", err["msg"])
