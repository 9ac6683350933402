"""The event actions this app records: one constant each, so a misspelt action fails at import.

Each is registered in `xuncha.audit.actions` with its Chinese name and the app that owns it; a lifecycle
action (one a rulebook deadline may name) takes its name from `jurisdictions.vocabulary.LIFECYCLE_ACTIONS`."""

from __future__ import annotations

from xuncha.audit.actions import define

IMPORT_TARGETS = define("import.targets", "导入对象名册")
IMPORT_LEADERSHIP = define("import.leadership", "导入领导班子")
IMPORT_CADRES = define("import.cadres", "导入干部任职")
IMPORT_INSPECTORS = define("import.inspectors", "导入工作人员")

# The event each kind of import records (`import.<kind>`), by ImportJob kind.
IMPORT_ACTIONS = {
    "targets": IMPORT_TARGETS,
    "leadership": IMPORT_LEADERSHIP,
    "cadres": IMPORT_CADRES,
    "inspectors": IMPORT_INSPECTORS,
}
