"""The layout holds: no import circles, no module too long to read, and imports flow one way.

Every import counts, including those inside a function body (``tandem.architecture`` reads them
all from the source). See docs/architecture.md for the layers these rules keep.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tandem import architecture
from tandem.architecture import MAX_LINES, Module, modules, package_circles

# Reads files only: the same on any database, so it runs once (conftest.py).
pytestmark = pytest.mark.any_database

ROOT = Path(architecture.__file__).resolve().parent.parent


def _imports(graph: dict[str, Module], prefix: str) -> dict[str, set[str]]:
    return {
        name: module.imports
        for name, module in graph.items()
        if name == prefix or name.startswith(prefix + ".")
    }


def test_there_is_no_import_circle_between_tandems_modules():
    circles = package_circles(modules())
    assert circles == [], "import circles:\n" + "\n".join(" ↔ ".join(c) for c in circles)


def test_the_checker_finds_a_circle_hidden_in_a_function_body(tmp_path, monkeypatch):
    # The check itself can fail: two modules that import each other only inside functions.
    package = tmp_path / "tandem"
    (package / "a").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "a" / "__init__.py").write_text("")
    (package / "a" / "one.py").write_text("def f():\n    from tandem.a.two import g\n")
    (package / "a" / "two.py").write_text("def g():\n    from tandem.a import one\n")
    monkeypatch.setattr(architecture, "ROOT", package)
    assert package_circles(modules()) == [["tandem.a.one", "tandem.a.two"]]


def test_no_python_module_is_over_800_lines():
    too_long = {
        str(path.relative_to(ROOT)): lines
        for folder in ("tandem", "tests", "bench")
        for path in (ROOT / folder).rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert too_long == {}


def test_the_core_imports_nothing_of_tandem_outside_the_core():
    graph = modules()
    outside = {
        name: sorted(t for t in targets if not t.startswith("tandem.core"))
        for name, targets in _imports(graph, "tandem.core").items()
    }
    assert {name: found for name, found in outside.items() if found} == {}


def test_only_the_command_line_imports_the_command_line():
    graph = modules()
    callers = sorted(
        name
        for name, module in graph.items()
        if not name.startswith("tandem.cli")
        and any(t.startswith("tandem.cli") for t in module.imports)
    )
    assert callers == []


# Modules any layer may import: they must import nothing above them (no actions, views, tasks,
# mail, API or command line), only models, the core, the database helpers and each other.
LEAVES = (
    "tandem.errors",
    "tandem.audit.chain",
    "tandem.measures.snapshots",
    "tandem.tasks",
    "tandem.db",
    "tandem.web.shortcuts",
    "tandem.web.dates",
    "tandem.web.paging",
    "tandem.web.words",
)


def _is_leaf(name: str) -> bool:
    return any(name == leaf or name.startswith(leaf + ".") for leaf in LEAVES)


def test_the_leaves_import_nothing_above_them():
    graph = modules()
    worker = "tandem.tasks.worker"  # the worker runs tasks and seals the audit chain
    reaching = {
        name: sorted(
            t
            for t in module.imports
            if not (_is_leaf(t) or t.endswith(".models") or t.startswith("tandem.core"))
        )
        for name, module in graph.items()
        if _is_leaf(name) and name != worker
    }
    assert {name: found for name, found in reaching.items() if found} == {}
    assert graph["tandem.errors"].imports == set()


def test_the_task_machinery_knows_no_feature():
    # Apps register their periodic jobs with it at start-up; it imports none of them, whatever
    # apps there are (the audit chain aside, which the worker seals).
    graph = modules()
    reaching = {
        name: sorted(
            t for t in targets if not t.startswith(("tandem.tasks", "tandem.audit", "tandem.db"))
        )
        for name, targets in _imports(graph, "tandem.tasks").items()
    }
    assert {name: found for name, found in reaching.items() if found} == {}


def test_the_core_runs_without_django():
    graph = modules()
    with_django = sorted(
        name
        for name, module in graph.items()
        if name.startswith("tandem.core") and "django" in module.external
    )
    assert with_django == []


def test_the_policy_sits_below_the_pages_and_the_api():
    graph = modules()
    above = {
        name: sorted(
            t
            for t in targets
            if t.startswith(("tandem.api", "tandem.urls", "tandem.web.views"))
            or t.endswith((".views", ".urls"))
        )
        for name, targets in _imports(graph, "tandem.policy").items()
    }
    assert {name: found for name, found in above.items() if found} == {}


def test_the_architecture_document_names_every_package_and_only_real_paths():
    import re

    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    owners = doc[doc.index("## Who owns what") : doc.index("## Where a new feature goes")]
    listed = set(re.findall(r"^  (\w+(?:/|\.py))", owners, re.M))
    package = ROOT / "tandem"
    present = {p.name + "/" for p in package.iterdir() if (p / "__init__.py").exists()}
    present |= {
        p.name for p in package.glob("*.py") if p.name not in ("__init__.py", "settings.py")
    }
    present -= {"wsgi.py"}
    assert sorted(present - listed) == [], "add these to docs/architecture.md"
    assert sorted(listed - present) == [], "docs/architecture.md names what is not there"
    named = set(re.findall(r"`(tandem/[\w/.]+|tests/[\w/.]+)`", doc))
    missing = sorted(path for path in named if not (ROOT / path.rstrip("/")).exists())
    assert missing == []


def test_the_docs_name_only_files_that_exist():
    import re

    # Benchmarks are a record of what was measured then, under the names of the time.
    docs = [
        ROOT / "README.md",
        *(p for p in (ROOT / "docs").glob("*.md") if p.stem != "benchmarks"),
    ]
    missing = sorted(
        f"{doc.name}: {path}"
        for doc in docs
        for path in set(re.findall(r"\b(tandem/[\w/]+\.py|tests/[\w/]+\.py)\b", doc.read_text()))
        if not (ROOT / path).exists()
    )
    assert missing == []
