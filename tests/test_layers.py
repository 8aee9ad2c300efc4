"""The layers import downwards only: filters <- c4pipe core <- beam_jobs <- command line.

Read from the source (no imports run), so a new import that breaks the layering fails
here with the module that made it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.fixtures.paths import REPO_ROOT

OURS = ("filters", "c4pipe", "beam_jobs")
COMMAND_LINE = ("c4pipe.cli", "c4pipe.commands")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO_ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every module of ours that `path` imports, at any depth of the file."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        found.update(name for name in names if name.split(".")[0] in OURS)
    return found


MODULES = {
    _module_name(path): _imports(path)
    for package in OURS
    for path in sorted((REPO_ROOT / package).rglob("*.py"))
}


def _within(name: str, prefixes) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _within(m, ["filters"])))
def test_filters_import_nothing_else_of_ours(module):
    assert {name for name in MODULES[module] if not _within(name, ["filters"])} == set()


@pytest.mark.parametrize(
    "module", sorted(m for m in MODULES if _within(m, ["c4pipe"]) and not _within(m, COMMAND_LINE))
)
def test_the_core_imports_neither_beam_jobs_nor_the_command_line(module):
    assert {name for name in MODULES[module] if _within(name, ["beam_jobs", *COMMAND_LINE])} == set()


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _within(m, ["beam_jobs"])))
def test_beam_jobs_do_not_import_the_command_line(module):
    assert {name for name in MODULES[module] if _within(name, COMMAND_LINE)} == set()


def _subpackage(name: str) -> str:
    """`c4pipe.io.wet` -> `c4pipe.io`; top-level modules stand for themselves."""
    parts = name.split(".")
    return ".".join(parts[:2]) if parts[0] == "c4pipe" else parts[0]


def test_core_subpackages_have_no_import_cycles():
    graph: dict[str, set[str]] = {}
    for module, imported in MODULES.items():
        if not _within(module, ["c4pipe"]) or _within(module, COMMAND_LINE):
            continue
        source = _subpackage(module)
        graph.setdefault(source, set()).update(
            _subpackage(name) for name in imported
            if _within(name, ["c4pipe"]) and _subpackage(name) not in (source, "c4pipe")
        )

    def cycle_from(node, path):
        for nxt in sorted(graph.get(node, ())):
            if nxt in path:
                return path[path.index(nxt):] + [nxt]
            found = cycle_from(nxt, path + [nxt])
            if found:
                return found
        return None

    for start in sorted(graph):
        assert cycle_from(start, [start]) is None


RENAMES = ("os.replace(", "os.rename(", "FileSystems.rename(", "NamedTemporaryFile(", ".tmp\"")


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m != "c4pipe.io.atomic"))
def test_files_are_written_atomically_in_one_place(module):
    """Temporary names and renames live in `c4pipe.io.atomic` alone."""
    path = REPO_ROOT / (module.replace(".", "/") + ".py")
    if not path.exists():
        path = REPO_ROOT / module.replace(".", "/") / "__init__.py"
    source = path.read_text(encoding="utf-8")
    assert [pattern for pattern in RENAMES if pattern in source] == []
