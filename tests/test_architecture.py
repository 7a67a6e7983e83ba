"""The layout stays what docs/architecture.md says: every module is named there, and imports point
down only (cli -> runs -> core, runs -> store, render -> core)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "transkit"
DOC = ROOT / "docs" / "architecture.md"
MODULES = sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")
                 if p.name != "__init__.py")

# what each layer may import from transkit itself (the package's own __init__ is its version)
ALLOWED = {
    "core": {"core", "errors", ""},
    "store": {"core", "store", "config", "errors", ""},
    "render": {"core", "render", ""},
    "runs": {"core", "store", "runs", "config", "errors", ""},
    "config": {"core", "errors", ""},
    "errors": set(),
}


def test_every_module_is_named_in_the_architecture_page() -> None:
    page = DOC.read_text(encoding="utf-8")
    missing = [m for m in MODULES if f"`{m}`" not in page]
    assert len(MODULES) > 40
    assert not missing, f"docs/architecture.md does not name: {', '.join(missing)}"


def _layer(module: str) -> str:
    return module.split("/")[0].removesuffix(".py")


def _imported(path: Path) -> set[str]:
    """The first part of every transkit module `path` imports ('core', 'store', '' for the
    package itself)."""
    here = path.relative_to(PACKAGE).parent.parts
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(here[: len(here) - (node.level - 1)])
                parts = base + (node.module.split(".") if node.module else [])
            elif node.module and node.module.split(".")[0] == "transkit":
                parts = node.module.split(".")[1:]
            else:
                continue
            found.add(parts[0] if parts else "")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "transkit":
                    found.add((alias.name.split(".") + [""])[1])
    return found


@pytest.mark.parametrize("module", [m for m in MODULES if _layer(m) in ALLOWED])
def test_imports_point_down_only(module: str) -> None:
    layer = _layer(module)
    wrong = _imported(PACKAGE / module) - ALLOWED[layer]
    assert not wrong, f"{module} ({layer}) imports {', '.join(sorted(wrong))}"


def test_the_import_rule_sees_a_wrong_import(tmp_path: Path) -> None:
    module = PACKAGE / "core" / "sync" / "update.py"
    assert "core" in _imported(module)
    assert not {"runs", "store", "render", "cli"} & _imported(module)
