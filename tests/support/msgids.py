"""Find the catalogue msgids used in the source: first string arguments of marker calls."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MARKERS = {"N_", "_", "gettext", "lazy_gettext", "__", "T", "L_", "render", "Msg"}
PACKAGES = ("flows", "bot", "dialogs", "handlers", "jobs", "integrations", "webapp_miniapp", "cli")


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def used_msgids() -> Iterator[tuple[str, Path, int]]:
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call) or _name(node.func) not in MARKERS:
                    continue
                if node.args and isinstance(node.args[0], ast.Constant):
                    value = node.args[0].value
                    if isinstance(value, str) and value.strip():
                        yield value, path.relative_to(ROOT), node.lineno
