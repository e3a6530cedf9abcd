"""The import graph of the repository's own packages, read with `ast`: no module-level import cycle,
and no module of the sandbox's request path that imports the faults (directly or through others).

Run alone: .venv/bin/python -m pytest tests/test_import_graph.py
"""

from __future__ import annotations

import ast
import functools
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The repository's own packages: every top-level folder that is one (generated/ holds a distribution of its own).
PACKAGES = tuple(sorted(path.parent.name for path in ROOT.glob("*/__init__.py")))
FAULTS = "sandbox.faults"
COMPOSITION_POINTS = {"sandbox.__main__", "sandbox.testing"}  # the sandbox's modules that may make faults


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str
    line: int
    at_import_time: bool  # False inside a function: it runs only when the function is called

    def __str__(self) -> str:
        return f"{self.importer} (line {self.line}) imports {self.imported}"


def modules_of(root: Path, packages: tuple[str, ...]) -> dict[str, Path]:
    """Module name -> file, for every Python file of the packages (a package is its __init__.py)."""
    found = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports_of(name: str, path: Path, known: set[str]) -> Iterator[Import]:
    """The imports of one module that name a module in `known`."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node, at_import_time in _walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from a import b` imports the module a.b when there is one, else the name b of module a.
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        for target in targets:
            module = target
            while module and module not in known:  # `import a.b.c` of a module a.b: the package a.b
                module = module.rpartition(".")[0]
            if module and module != name:
                yield Import(name, module, node.lineno, at_import_time)


def _walk(tree: ast.AST) -> Iterator[tuple[ast.AST, bool]]:
    """Every node, with whether it runs when the module is imported (class bodies do, functions do not)."""
    pending: list[tuple[ast.AST, bool]] = [(tree, True)]
    while pending:
        node, at_import_time = pending.pop()
        yield node, at_import_time
        inside = at_import_time and not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        pending.extend((child, inside) for child in ast.iter_child_nodes(node))


@functools.cache  # the repository's is read once for all the tests here
def import_graph(root: Path = ROOT, packages: tuple[str, ...] = PACKAGES) -> list[Import]:
    modules = modules_of(root, packages)
    return [found for name, path in modules.items() for found in imports_of(name, path, set(modules))]


def cycles(edges: list[Import]) -> list[list[Import]]:
    """One cycle of imports for each group of modules that import one another (Tarjan's algorithm)."""
    graph: dict[str, list[Import]] = {}
    for edge in edges:
        graph.setdefault(edge.importer, []).append(edge)
        graph.setdefault(edge.imported, [])
    index: dict[str, int] = {}
    lowest: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(module: str) -> None:  # recursion depth: the longest import chain, a few dozen
        index[module] = lowest[module] = len(index)
        stack.append(module)
        for edge in graph[module]:
            if edge.imported not in index:
                visit(edge.imported)
                lowest[module] = min(lowest[module], lowest[edge.imported])
            elif edge.imported in stack:
                lowest[module] = min(lowest[module], index[edge.imported])
        if lowest[module] == index[module]:
            group = set()
            while (member := stack.pop()) != module:
                group.add(member)
            groups.append({*group, module})

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return [_cycle_within(graph, group) for group in groups if len(group) > 1]


def _cycle_within(graph: dict[str, list[Import]], group: set[str]) -> list[Import]:
    """A shortest cycle through the first module of the group, along imports inside the group."""
    start = min(group)
    paths: dict[str, list[Import]] = {start: []}
    frontier = [start]
    while frontier:
        following = []
        for module in frontier:
            for edge in graph[module]:
                if edge.imported == start:
                    return [*paths[module], edge]
                if edge.imported in group and edge.imported not in paths:
                    paths[edge.imported] = [*paths[module], edge]
                    following.append(edge.imported)
        frontier = following
    raise AssertionError(f"no cycle through {start}")  # a group of two or more always has one


def reaching(edges: list[Import], sources: set[str], prefix: str) -> list[list[Import]]:
    """For each source that imports a module under `prefix` (at any depth, also from inside
    functions), a shortest chain of imports that gets there."""
    graph: dict[str, list[Import]] = {}
    for edge in edges:
        graph.setdefault(edge.importer, []).append(edge)
    chains = []
    for source in sorted(sources):
        paths: dict[str, list[Import]] = {source: []}
        pending = deque([source])
        while pending:
            module = pending.popleft()
            if _under(module, prefix):
                chains.append(paths[module])
                break
            for edge in graph.get(module, []):
                if edge.imported not in paths:
                    paths[edge.imported] = [*paths[module], edge]
                    pending.append(edge.imported)
    return chains


def _under(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(f"{prefix}.")


def _shown(chain: list[Import]) -> str:
    return (
        " -> ".join([chain[0].importer, *(edge.imported for edge in chain)]) + "\n    " + "\n    ".join(map(str, chain))
    )


def test_no_module_level_import_cycle_in_the_repository() -> None:
    walked = {module.partition(".")[0] for module in modules_of(ROOT, PACKAGES)}
    assert walked == set(PACKAGES), f"no modules found in {set(PACKAGES) - walked}"
    edges = import_graph()
    found = cycles([edge for edge in edges if edge.at_import_time])
    assert not found, "import cycles:\n" + "\n".join(map(_shown, found))


def test_no_module_of_the_request_path_imports_the_faults() -> None:
    edges = import_graph()
    production = {
        module
        for module in modules_of(ROOT, ("sandbox",))
        if not _under(module, FAULTS) and module not in COMPOSITION_POINTS
    }
    assert {"sandbox", "sandbox.app", "sandbox.store", "sandbox.handlers"} <= production
    found = reaching(edges, production, FAULTS)
    assert not found, "the sandbox's request path imports the faults:\n" + "\n".join(map(_shown, found))


def test_the_check_names_a_cycle_and_ignores_imports_inside_functions(tmp_path: Path) -> None:
    """A package whose modules import each other: `a` imports `b` (relatively), `b` imports `c` and
    `c` imports `a` back; `b` also imports `d` inside a function, and `d` imports `b` at the top."""
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from . import b\n")
    (package / "b.py").write_text("import pkg.c\n\ndef later():\n    from pkg import d\n")
    (package / "c.py").write_text("from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from pkg.a import X\n")
    (package / "d.py").write_text("from pkg.b import later\n")
    edges = import_graph(tmp_path, ("pkg",))
    found = cycles([edge for edge in edges if edge.at_import_time])
    assert [_shown(cycle).splitlines()[0] for cycle in found] == ["pkg.a -> pkg.b -> pkg.c -> pkg.a"]
    assert "pkg.c (line 4) imports pkg.a" in _shown(found[0])
    assert [[str(edge) for edge in chain] for chain in reaching(edges, {"pkg.a"}, "pkg.d")] == [
        ["pkg.a (line 1) imports pkg.b", "pkg.b (line 4) imports pkg.d"]
    ]
