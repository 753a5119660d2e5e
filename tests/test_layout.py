"""The package's rooms and the one direction data flows through them.

ingest -> nlp -> store -> views -> dashboard -> pages; tools sit on top and nothing imports them.
A module may import from its own room and from rooms before it, never from a room after it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ORDER = ["analysis.ingest", "analysis.nlp", "analysis.store", "analysis.views", "dashboard", "pages", "analysis.tools"]


def room_of(module: str) -> str | None:
    for room in ORDER:
        if module == room or module.startswith(room + "."):
            return room
    return None


def imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
            found += [f"{node.module}.{a.name}" for a in node.names]
    return found


def module_files() -> list[tuple[str, Path]]:
    files = [(room_of(".".join(p.relative_to(ROOT).with_suffix("").parts)), p)
             for p in sorted((ROOT / "analysis").rglob("*.py"))]
    files += [("dashboard", p) for p in sorted((ROOT / "dashboard").glob("*.py"))]
    files += [("pages", p) for p in [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]]
    return [(room, p) for room, p in files if room]


@pytest.mark.parametrize(("room", "path"), module_files(), ids=lambda v: str(v).rsplit("/", 1)[-1])
def test_imports_only_flow_forward(room: str, path: Path):
    mine = ORDER.index(room)
    for module in imported_modules(path):
        other = room_of(module)
        if other is not None:
            assert ORDER.index(other) <= mine, f"{path.relative_to(ROOT)} ({room}) imports {module} ({other})"


def test_every_module_sits_in_a_room():
    shared = ("__init__.py", "__main__.py", "paths.py")
    loose = [p.name for p in (ROOT / "analysis").glob("*.py") if p.name not in shared]
    assert loose == []


def test_pages_do_not_import_the_entry_script():
    for _, path in module_files():
        assert "app" not in imported_modules(path), path.name
