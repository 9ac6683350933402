"""The one registry of event actions: each action's code, its Chinese name, the app that owns it and, where one
applies, the rulebook item whose article it cites.

An app declares the actions it records in its own `actions.py`, one constant each::

    FEEDBACK_GIVEN = define("feedback.given", LIFECYCLE["feedback.given"], cites="procedure.feedback_article")

and its services pass the constant: `event_record(action=FEEDBACK_GIVEN, ...)`. A misspelt constant fails at
import; a code defined twice fails at import (`define` refuses it). `event_record` also accepts a code string for
actions chosen at run time (`get(code)` refuses an unknown one), and `audit/tests/test_actions.py` fails on a
string literal passed as an action.

`cites` names the rulebook attribute (a dotted path on `Rulebook`, e.g. `procedure.rectification_article`) the
service draws the event's article from; `jurisdictions/tests/test_action_citations.py` resolves each against
every rulebook. Names avoid the inspection word (it is the rulebook's); a name may carry `{word}`, which
`action_name` fills with the jurisdiction's word. `audit.apps` imports every installed app's `actions` module at
start-up, so the registry is complete before the first request."""

from __future__ import annotations

import sys
from dataclasses import dataclass

# The words of every loaded rulebook (jurisdictions contributes the function), so that a name written in one
# rulebook's word shows in another's.
from xuncha.core.rulebook_words import rulebook_words


@dataclass(frozen=True)
class Action:
    code: str
    name: str
    app: str
    cites: str = ""

    def __str__(self) -> str:
        return self.code


REGISTRY: dict[str, Action] = {}


def define(code: str, name: str, *, cites: str = "", app: str = "") -> Action:
    """Register one action. `app` defaults to the app of the module that calls (`xuncha.<app>.actions`)."""
    if not app:
        module = sys._getframe(1).f_globals.get("__name__", "")
        parts = module.split(".")
        app = parts[1] if len(parts) > 2 and parts[0] == "xuncha" else module
    if code in REGISTRY:
        raise ValueError(f"事件动作 {code} 重复登记（{REGISTRY[code].app} 与 {app}）")
    if "." not in code or not name:
        raise ValueError(f"事件动作须有 “对象.动作” 形式的代码和中文名称：{code!r} {name!r}")
    action = Action(code=code, name=name, app=app, cites=cites)
    REGISTRY[code] = action
    return action


def get(code: str | Action) -> Action:
    """The action of `code`; an unknown code is refused (a typo must not record an event nobody can name)."""
    if isinstance(code, Action):
        return code
    try:
        return REGISTRY[code]
    except KeyError:
        raise LookupError(f"未登记的事件动作：{code}（请在所属应用的 actions.py 中用 define 登记）") from None


def _other_words(word: str) -> set[str]:
    return rulebook_words() - {word}


def action_name(code: str, word: str = "") -> str:
    """The Chinese name of the action `code` in the words of the jurisdiction whose `word` is given: `{word}` is filled
    and another rulebook's word (a lifecycle name written in one of them) becomes this one. An unknown code (an event
    recorded by an older version) shows as “未登记的动作（code）”, never as a bare English code."""
    action = REGISTRY.get(code)
    if action is None:
        return f"未登记的动作（{code}）"
    name = action.name
    if not word:
        return name.replace("{word}", "")
    for other in _other_words(word):
        name = name.replace(other, word)
    return name.replace("{word}", word)


# audit's own: a read of secret material (`audit.secrecy.secret_read`).
SECRET_READ = define("secret.read", "查阅保密材料")
