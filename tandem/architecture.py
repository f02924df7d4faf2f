"""The shape of Tandem's code, measured: which module imports which, and how long each is.

Used by the architecture tests (tests/integrity/test_architecture.py) and by
`python -m tandem.architecture`, which prints the figures the layout is judged by: module count,
the longest modules and every import circle. Every import counts, including those inside a
function: a circle hidden in a function body is still a circle a reader must hold in their head.
Tests and migrations are left out; they sit beside the code they cover and import it freely.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent
PACKAGE = "tandem"
MAX_LINES = 800


@dataclass
class Module:
    name: str
    path: Path
    lines: int
    imports: set[str] = field(default_factory=set)
    # Top-level names of everything else it imports ("django", "numpy", …).
    external: set[str] = field(default_factory=set)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_product_code(path: Path) -> bool:
    rel = path.relative_to(ROOT).parts
    return "tests" not in rel and "migrations" not in rel


def _resolve(current: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = current.split(".")
    if not is_package:
        base = base[:-1]
    if node.level > 1:
        base = base[: -(node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _imported_names(module: str, is_package: bool, tree: ast.AST) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, is_package, node)
            yield target
            for alias in node.names:
                yield f"{target}.{alias.name}"
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and (node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id)
            == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.args[0].value


def modules() -> dict[str, Module]:
    """Every product module of the package, with the Tandem modules it imports."""
    found: dict[str, Module] = {}
    trees: dict[str, tuple[ast.AST, bool]] = {}
    for path in sorted(ROOT.rglob("*.py")):
        if not _is_product_code(path):
            continue
        name = _module_name(path)
        text = path.read_text(encoding="utf-8")
        found[name] = Module(name, path, text.count("\n") + (not text.endswith("\n")))
        trees[name] = (ast.parse(text, str(path)), path.name == "__init__.py")
    for name, (tree, is_package) in trees.items():
        for imported in _imported_names(name, is_package, tree):
            if not imported.startswith(PACKAGE):
                if imported:
                    found[name].external.add(imported.split(".")[0])
                continue
            # `from tandem.x import y` names either a module y or an attribute of tandem.x.
            while imported and imported not in found:
                imported = imported.rpartition(".")[0]
            if imported and imported != name:
                found[name].imports.add(imported)
    return found


def circles(graph: dict[str, Module]) -> list[list[str]]:
    """Import circles: the strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = 0
    sys.setrecursionlimit(max(10_000, sys.getrecursionlimit()))

    def visit(name: str) -> None:
        nonlocal counter
        index[name] = low[name] = counter
        counter += 1
        stack.append(name)
        on_stack.add(name)
        for target in sorted(graph[name].imports):
            if target not in index:
                visit(target)
                low[name] = min(low[name], low[target])
            elif target in on_stack:
                low[name] = min(low[name], index[target])
        if low[name] == index[name]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == name:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for name in sorted(graph):
        if name not in index:
            visit(name)
    return sorted(groups)


def _package_of(name: str) -> bool:
    return name.count(".") <= 1


def package_circles(graph: dict[str, Module]) -> list[list[str]]:
    """Circles between a package and the modules it re-exports count too: `tandem.x` importing
    `tandem.x.y` is the package loading its own part, not a circle, so those edges are dropped."""
    trimmed = {
        name: Module(
            m.name,
            m.path,
            m.lines,
            {t for t in m.imports if not t.startswith(name + ".")},
        )
        for name, m in graph.items()
    }
    return circles(trimmed)


def report() -> str:
    graph = modules()
    longest = sorted(graph.values(), key=lambda m: m.lines, reverse=True)[:10]
    found = package_circles(graph)
    lines = [
        f"{len(graph)} modules, {sum(m.lines for m in graph.values())} lines",
        "longest: " + ", ".join(f"{m.name} ({m.lines})" for m in longest[:5]),
        f"{len(found)} import circles",
    ]
    for group in found:
        lines.append(f"  {len(group)} modules: " + " ↔ ".join(group))
    return "\n".join(lines)


if __name__ == "__main__":
    print(report())
