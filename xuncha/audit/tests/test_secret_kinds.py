"""Every kind of secret material is registered once, by its own app (`<app>/secrets.py`), so the disclosure check
and the docs cover it; a model that reads through `secret_readers_q` or says `secret = True` without a registered
kind fails here."""

from __future__ import annotations

import inspect

from django.apps import apps

from xuncha.audit.secrecy import SECRET_KINDS, SecretKind

# Models whose `visible_to` reaches secret material only through another registered kind's rows, with the reason.
COVERED_BY_ANOTHER = {
    "fieldwork.Attachment": "a petition's or record's attachment: read through its petition's or record's door",
}


def _secret_models() -> set[str]:
    found = set()
    for model in apps.get_models():
        if not model.__module__.startswith("xuncha."):
            continue
        source = ""
        for attr in ("visibility_q", "secret_q"):
            fn = getattr(model, attr, None)
            if fn is not None:
                source += inspect.getsource(fn)
        if "secret_readers_q" in source or getattr(model, "secret", False) is True:
            found.add(model._meta.label)
    return found


def test_every_secret_model_has_a_registered_kind() -> None:
    registered = {label for kind in SECRET_KINDS for label in kind.models}
    missing = _secret_models() - registered - set(COVERED_BY_ANOTHER)
    assert not missing, f"这些保密材料没有登记种类（请在所属应用的 secrets.py 中登记 SECRET_KINDS）：{sorted(missing)}"
    assert {"inspections.TalkRecord", "fieldwork.Petition", "preparation.PersonalMattersCheck"} <= registered


def test_kinds_come_from_their_own_apps_in_the_order_of_installed_apps() -> None:
    keys = SECRET_KINDS.keys()
    assert keys[:2] == ["inspections.talk", "fieldwork.petition"], keys
    for key, kind in SECRET_KINDS.items():
        assert isinstance(kind, SecretKind)
        app = key.split(".")[0]
        assert all(label.split(".")[0] == app for label in kind.models), (key, kind.models)
        assert kind.texts.__module__ == f"xuncha.{app}.secrets", key
