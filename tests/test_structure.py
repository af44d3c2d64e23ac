"""Checks on the shape of the code, not its behaviour.

* no import cycle among the storytrace modules: the graph is read from the
  source (the AST of every ``src/storytrace/**/*.py``), counting imports at
  module level and inside functions alike, since both run; only imports under
  ``if TYPE_CHECKING:`` are left out, because they never run;
* no module over 600 lines unless its docstring says why ("over 600 lines
  because ...");
* every name in ``storytrace.__all__`` resolves to a public function, class or
  value.

An import of ``storytrace.a.b`` counts as an edge to ``storytrace.a.b`` only,
not to the packages above it: every module would otherwise sit in a cycle with
``storytrace/__init__.py``, which imports its API lazily and so does not load
them.
"""

from __future__ import annotations

import ast
import functools
import importlib
import inspect
from collections import deque
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "storytrace"
MAX_LINES = 600
REASON = "over 600 lines because"
MAX_FUNCTION_LINES = 80
FUNCTION_REASON = "lines because"  # e.g. "over 80 lines because one regex table ..."


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@functools.cache
def module_files() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


@functools.cache
def parsed(path: Path) -> tuple[str, ast.Module]:
    """The text of a module and its syntax tree, read once per session."""
    text = path.read_text(encoding="utf-8")
    return text, ast.parse(text, str(path))


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement in the tree except those under ``if TYPE_CHECKING:``."""
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def _existing(name: str, modules: dict[str, Path]) -> str | None:
    """The module itself, or the longest prefix of a dotted name that is a module."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


@functools.cache
def import_graph() -> dict[str, frozenset[str]]:
    """Module -> the storytrace modules it imports (module level and inside functions)."""
    modules = module_files()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        package = name if is_package else name.rpartition(".")[0]
        for node in _runtime_imports(parsed(path)[1]):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                if node.level:
                    base_parts = package.split(".")
                    if node.level > 1:
                        base_parts = base_parts[: len(base_parts) - (node.level - 1)]
                    base = ".".join([*base_parts, node.module] if node.module else base_parts)
                else:
                    base = node.module or ""
                # "from pkg import sub" imports the submodule sub; "from mod import name" the module
                targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
            for target in targets:
                if target == "storytrace" or target.startswith("storytrace."):
                    resolved = _existing(target, modules)
                    if resolved is not None and resolved != name:
                        graph[name].add(resolved)
    return {name: frozenset(targets) for name, targets in graph.items()}


def strongly_connected(graph: Mapping[str, AbstractSet[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components with more than one module, sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = 0

    def connect(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return sorted(components)


def shortest_cycle(graph: Mapping[str, AbstractSet[str]], start: str, within: set[str]) -> list[str]:
    """A shortest path start -> ... -> start inside one component (breadth first)."""
    parents: dict[str, str] = {}
    queue = deque([start])
    while queue:
        v = queue.popleft()
        for w in sorted(graph[v] & within):
            if w == start:
                path = [v]
                while path[-1] != start:
                    path.append(parents[path[-1]])
                return [*reversed(path), start]
            if w not in parents:
                parents[w] = v
                queue.append(w)
    return []


def describe_cycles(graph: Mapping[str, AbstractSet[str]]) -> list[str]:
    lines = []
    for component in strongly_connected(graph):
        cycle = shortest_cycle(graph, component[0], set(component))
        lines.append(f"{len(component)} modules {component}: e.g. " + " -> ".join(cycle))
    return lines


# -- the checks on the checker ----------------------------------------------------------


def test_cycle_finder_on_a_small_graph() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"f"}, "f": {"e"}}
    assert strongly_connected(graph) == [["a", "b", "c"], ["e", "f"]]
    assert shortest_cycle(graph, "a", {"a", "b", "c"}) == ["a", "b", "c", "a"]
    assert describe_cycles({"x": {"y"}, "y": set()}) == []


def test_import_graph_sees_relative_absolute_and_function_level_imports() -> None:
    graph = import_graph()
    assert "storytrace.cli" in graph and "storytrace.records" in graph
    # every module of the package is a node, and edges only point at modules
    assert set().union(*graph.values()) <= set(graph)
    # something imports the records: the graph is not empty by mistake
    assert any("storytrace.records" in targets for targets in graph.values())


# -- the checks on the code -------------------------------------------------------------


def test_no_import_cycle() -> None:
    cycles = describe_cycles(import_graph())
    assert not cycles, "import cycles among storytrace modules:\n" + "\n".join(cycles)


def test_no_module_over_600_lines_without_a_reason() -> None:
    too_long = []
    for name, path in module_files().items():
        text, tree = parsed(path)
        lines = len(text.splitlines())
        if lines <= MAX_LINES:
            continue
        docstring = ast.get_docstring(tree) or ""
        if REASON not in " ".join(docstring.split()).lower():
            too_long.append(f"{path.relative_to(SRC.parent)}: {lines} lines ({name})")
    assert not too_long, (
        f"modules over {MAX_LINES} lines whose docstring does not say why ({REASON!r} ...):\n" + "\n".join(too_long)
    )


def test_no_function_over_80_lines_without_a_reason() -> None:
    too_long = []
    for name, path in module_files().items():
        _, tree = parsed(path)
        for node in ast.walk(tree):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            lines = (node.end_lineno or node.lineno) - node.lineno + 1
            docstring = " ".join((ast.get_docstring(node) or "").split()).lower()
            if lines > MAX_FUNCTION_LINES and FUNCTION_REASON not in docstring:
                too_long.append(f"{path.relative_to(SRC.parent)}:{node.lineno} {node.name}: {lines} lines ({name})")
    assert not too_long, (
        f"functions over {MAX_FUNCTION_LINES} lines whose docstring does not say why ({FUNCTION_REASON!r}):\n"
        + "\n".join(too_long)
    )


def test_public_api_resolves() -> None:
    storytrace = importlib.import_module("storytrace")
    assert storytrace.__all__ == sorted(storytrace.__all__)
    assert len(set(storytrace.__all__)) == len(storytrace.__all__)
    broken = []
    for name in storytrace.__all__:
        try:
            getattr(storytrace, name)
        except Exception as error:  # an ImportError in a lazily imported module counts too
            broken.append(f"{name}: {type(error).__name__}: {error}")
    assert not broken, "names in storytrace.__all__ that do not resolve:\n" + "\n".join(broken)


def test_public_functions_and_classes_are_documented() -> None:
    storytrace = importlib.import_module("storytrace")
    undocumented = [
        name
        for name in storytrace.__all__
        if not name.startswith("_")
        and (inspect.isclass(getattr(storytrace, name)) or inspect.isfunction(getattr(storytrace, name)))
        and not inspect.getdoc(getattr(storytrace, name))
    ]
    assert not undocumented, f"public names without a docstring: {undocumented}"


@pytest.mark.parametrize("name", sorted(module_files()))
def test_every_module_says_what_it_is_for(name: str) -> None:
    path = module_files()[name]
    text, tree = parsed(path)
    if not text.strip():
        pytest.skip("empty module")
    assert ast.get_docstring(tree), f"{path.relative_to(SRC.parent)} has no module docstring"
