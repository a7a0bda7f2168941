"""The layout rules of STYLE.md, checked on the source: which module may import what, and pages that act pass the actor."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted([*ROOT.glob("lapas_metrics/**/*.py"), *ROOT.glob("pages/*.py"), ROOT / "app.py"])

# library -> the files allowed to import it
ALLOWED = {
    "streamlit": {"lapas_metrics/ui/*", "app.py", "pages/*"},
    "duckdb": {"lapas_metrics/store/*"},
    "plotly": {"lapas_metrics/charts/*"},
}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def allowed(relative: str, patterns: set[str]) -> bool:
    return any(relative == p or (p.endswith("/*") and relative.startswith(p[:-1])) for p in patterns)


@pytest.mark.parametrize("library", list(ALLOWED))
def test_only_the_owning_modules_import(library: str) -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in SOURCES
        if library in imported_roots(path) and not allowed(str(path.relative_to(ROOT)), ALLOWED[library])
    ]
    assert offenders == []


def test_pages_hold_no_sql_and_no_groupby() -> None:
    offenders = []
    for path in ROOT.glob("pages/*.py"):
        text = path.read_text(encoding="utf-8")
        for needle in (".execute(", ".groupby(", "SELECT "):
            if needle in text:
                offenders.append(f"{path.name}: {needle}")
    assert offenders == []


def test_every_write_from_the_ui_names_its_actor() -> None:
    """upload.import_file / store.undo_batch default to the command line's admin actor; a page that
    forgot actor= would bypass the roles, so every such call outside the CLI must pass it."""
    missing = []
    for path in [*ROOT.glob("pages/*.py"), *ROOT.glob("lapas_metrics/ui/*.py"), ROOT / "app.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id in {"store", "upload", "export"}
                and node.func.attr
                in {"import_file", "commit_checked", "undo_batch", "load_batch", "workbook_bytes", "summary_csv"}
            ):
                has_actor = any(k.arg == "actor" for k in node.keywords) or (
                    node.func.attr in {"workbook_bytes", "summary_csv"} and len(node.args) >= 2
                )
                if not has_actor:
                    missing.append(f"{path.name}:{node.lineno} {node.func.attr}")
    assert missing == []


def test_every_module_opens_with_one_line_saying_what_belongs_there() -> None:
    missing = [
        str(path.relative_to(ROOT))
        for path in SOURCES
        if not (doc := ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))))
        or "\n" in doc.strip().split("\n\n")[0]
    ]
    assert missing == []


def test_every_page_opens_with_the_frame_guard() -> None:
    """A page's first statement after its imports is ui.within_frame(): the first request after a server
    start to a page address runs the page file alone (Streamlit's old pages/ mode), and the guard sends
    it through app.py's frame (sign-in, roles, sidebar filters) before anything is drawn."""
    missing = []
    for path in sorted(ROOT.glob("pages/*.py")):
        body = ast.parse(path.read_text(encoding="utf-8")).body
        statements = [
            node
            for node in body
            if not isinstance(node, ast.Import | ast.ImportFrom)
            and not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))
        ]
        first = statements[0] if statements else None
        if not (
            isinstance(first, ast.Expr)
            and isinstance(first.value, ast.Call)
            and ast.unparse(first.value) == "ui.within_frame()"
        ):
            missing.append(path.name)
    assert missing == []
