"""The import graph of the installed package: read from the source with ast, not assumed.

- nothing below the flows imports them (only the CLI, the entry point above them, may);
- no module outside ``kinerja.flows`` imports Prefect: a period runs and is profiled without it;
- no import circle anywhere (no module reaches itself through its imports).
"""

from __future__ import annotations

import ast
from importlib import resources
from pathlib import Path

import pytest

ROOMS = ("kinerja", "kinerja.readers", "kinerja.transforms", "kinerja.expectations", "kinerja.warehouse",
         "kinerja.flows", "kinerja.report", "kinerja.pipeline", "kinerja.metadata", "kinerja.sample")


def _modules() -> dict[str, Path]:
    found = {}
    for room in ROOMS:
        try:
            folder = Path(str(resources.files(room)))
        except ModuleNotFoundError:
            continue
        for path in folder.glob("*.py"):
            name = room if path.stem == "__init__" else f"{room}.{path.stem}"
            found[name] = path
    return found


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The modules of ours (and 'prefect') that ``name`` imports, at any depth of its code."""
    package = name if path.stem == "__init__" else name.rsplit(".", 1)[0]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                targets.add(sub if sub in known else base)
    ours = {t for t in targets if t in known}
    if any(t == "prefect" or t.startswith("prefect.") for t in targets):
        ours.add("prefect")
    return ours - {name}


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, set(modules)) for name, path in modules.items()}


def test_the_graph_is_read_from_the_real_package(graph):
    assert {"kinerja.pipeline.period", "kinerja.flows.refresh", "kinerja.transforms.budget"} <= set(graph)
    assert "prefect" in graph["kinerja.flows.refresh"]
    assert "kinerja.pipeline" in graph["kinerja.flows.refresh"]


def test_nothing_below_the_flows_imports_them(graph):
    offenders = {m: sorted(t for t in deps if t.startswith("kinerja.flows"))
                 for m, deps in graph.items() if not m.startswith("kinerja.flows") and m != "kinerja.cli"}
    assert {m: t for m, t in offenders.items() if t} == {}


def test_no_prefect_import_outside_the_flows(graph):
    assert sorted(m for m, deps in graph.items() if "prefect" in deps and not m.startswith("kinerja.flows")) == []


def test_no_import_circle(graph):
    def reach(start: str) -> set[str]:
        seen, todo = set(), list(graph.get(start, ()))
        while todo:
            node = todo.pop()
            if node not in seen and node in graph:
                seen.add(node)
                todo.extend(graph[node])
        return seen

    circles = sorted(m for m in graph if m in reach(m))
    assert circles == []
