"""The layers hold: the import-linter contract in `.importlinter` is kept, and no module imports itself round a
cycle (a function-local import counts: it is a dependency all the same)."""

from __future__ import annotations

import pathlib
import subprocess
import sys

import grimp

ROOT = pathlib.Path(__file__).resolve().parents[3]


def _cycles() -> list[list[str]]:
    graph = grimp.build_graph("xuncha", cache_dir=None, exclude_type_checking_imports=True)
    modules = {m for m in graph.modules if ".tests" not in m and ".migrations" not in m and m != "xuncha.conftest"}
    return _strong_components(
        {m: sorted(i for i in graph.find_modules_directly_imported_by(m) if i in modules) for m in modules}
    )


def _strong_components(edges: dict[str, list[str]]) -> list[list[str]]:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(start: str) -> None:  # Tarjan's strongly connected components, iteratively
        nonlocal counter
        work = [(start, iter(edges[start]))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges[child])))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))

    for module in sorted(edges):
        if module not in index:
            visit(module)
    return found


def test_the_layer_contract_is_kept() -> None:
    lint = pathlib.Path(sys.executable).with_name("lint-imports")
    run = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "Contracts: 1 kept, 0 broken." in run.stdout


def test_no_import_cycles() -> None:
    cycles = _cycles()
    assert not cycles, f"模块之间存在循环导入：{cycles}"


def test_the_cycle_finder_sees_a_cycle() -> None:
    # The check above must be able to fail: the finder reports the cycle in a graph that has one, and only it.
    edges = {"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"], "e": ["e"], "f": []}
    assert _strong_components(edges) == [["a", "b", "c"]]


def test_every_hook_is_in_the_architecture_doc() -> None:
    from xuncha.core.hooks import HOOKS

    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert len(HOOKS) >= 10
    missing = [name for name in HOOKS if f"`{name}`" not in doc]
    assert not missing, f"docs/architecture.md 的“Registries and hooks”表缺少这些 hook：{missing}"


MAX_LINES = 600  # the project's rule (CONTRIBUTING, docs/architecture.md): split by sub-domain past it


def test_no_module_is_over_600_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): n
        for path in sorted((ROOT / "xuncha").rglob("*.py"))
        if "migrations" not in path.parts and (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"这些模块超过 {MAX_LINES} 行，请按子领域拆分：{long}"
