"""The layout rules of STYLE.md, checked on the source: the layer order, which module may import what, sizes, and pages that act pass the actor."""

from __future__ import annotations

import ast
from collections.abc import Callable
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
                in {
                    "import_file",
                    "check_file",
                    "commit_checked",
                    "undo_batch",
                    "load_batch",
                    "batch_file",
                    "workbook_bytes",
                    "summary_csv",
                    "matrix_bytes",
                }
            ):
                has_actor = any(k.arg == "actor" for k in node.keywords) or (
                    node.func.attr in {"workbook_bytes", "summary_csv"} and len(node.args) >= 2
                )
                has_actor = has_actor or (node.func.attr == "matrix_bytes" and len(node.args) >= 3)
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


# --------------------------------------------------------------------------- layers

# STYLE.md's layer table: a unit (a top-level module or subpackage of lapas_metrics, or app.py and
# pages/) imports only from its own layer or a lower one. A new unit must be placed here, or this fails.
LAYERS: dict[str, int] = {
    "__init__": 0,
    "config": 1,
    "schema": 1,
    "fmt": 1,
    "ingest": 2,
    "auth": 2,
    "clock": 2,
    "metrics": 2,
    "evaluation": 2,
    "store": 3,
    "upload": 3,
    "audit": 3,
    "charts": 3,
    "templates": 3,
    "views": 3,
    "export": 4,
    "report": 4,
    "__main__": 4,
    "cli_evaluation": 4,
    "cli_findings": 4,
    "cli_serve": 4,
    "serve": 4,
    "ui": 5,
    "app": 6,
    "pages": 6,
}
MAX_MODULE_LINES = 420  # "about 400"
MAX_FUNCTION_LINES = 80


def unit_of(path: Path) -> str:
    relative = path.relative_to(ROOT)
    if relative.parts[0] == "pages":
        return "pages"
    if relative.parts == ("app.py",):
        return "app"
    return relative.parts[1].removesuffix(".py")


def imported_units(path: Path) -> set[str]:
    """The lapas_metrics units a file imports, relative imports inside a subpackage resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own = unit_of(path)
    units: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "lapas_metrics":
                    units.add(parts[1] if len(parts) > 1 else "__init__")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                inside_package = path.parent != ROOT / "lapas_metrics"
                if node.level == 1 and inside_package:
                    units.add(own)
                else:
                    names = (node.module or "").split(".") if node.module else [a.name for a in node.names]
                    units.add(names[0])
            elif node.module and node.module.split(".")[0] == "lapas_metrics":
                parts = node.module.split(".")
                if len(parts) > 1:
                    units.add(parts[1])
                else:
                    units.update("__init__" if a.name.startswith("__v") else a.name for a in node.names)
    return units


def test_every_unit_has_a_layer() -> None:
    assert sorted({unit_of(path) for path in SOURCES} - set(LAYERS)) == []


def test_each_unit_imports_only_its_own_layer_or_lower_ones() -> None:
    offenders = []
    for path in SOURCES:
        own = unit_of(path)
        for unit in sorted(imported_units(path)):
            if LAYERS.get(unit, 99) > LAYERS[own]:
                offenders.append(
                    f"{path.relative_to(ROOT)} (layer {LAYERS[own]}) imports {unit} (layer {LAYERS.get(unit)})"
                )
    assert offenders == []


def test_the_layer_walk_sees_subpackages_and_relative_imports(tmp_path: Path) -> None:
    """The rule above is only as good as its walk: it must find modules in subpackages and read their imports."""
    assert any(len(path.relative_to(ROOT).parts) > 2 for path in SOURCES)
    assert "store" in imported_units(ROOT / "lapas_metrics" / "upload.py")
    assert unit_of(ROOT / "lapas_metrics" / "metrics" / "__init__.py") == "metrics"


def test_the_runtime_package_never_imports_demo_or_benchmark_generators() -> None:
    offenders = [
        str(path.relative_to(ROOT)) for path in SOURCES if imported_roots(path) & {"demo", "benchmarks", "tests"}
    ]
    assert offenders == []


def test_modules_and_functions_stay_small() -> None:
    """About 400 lines a module and 80 a function (issue 10): past that a module holds two jobs."""
    long_modules, long_functions = [], []
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > MAX_MODULE_LINES:
            long_modules.append(str(path.relative_to(ROOT)))
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                if size > MAX_FUNCTION_LINES:
                    long_functions.append(f"{path.relative_to(ROOT)}:{node.name} ({size})")
    assert long_modules == [] and long_functions == []


def test_no_function_local_imports_in_the_package() -> None:
    """Imports sit at the top of a module: a local one hides a dependency from the layer rule."""
    offenders = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Import | ast.ImportFrom):
                        offenders.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    assert offenders == []


def _calls_without(method: str, keyword: str, accepted: Callable[[ast.expr], bool]) -> list[str]:
    """file:line of every call of `.method(...)` in SOURCES whose `keyword` argument is missing or not accepted."""
    offending = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == method:
                value = {k.arg: k.value for k in node.keywords}.get(keyword)
                if value is None or not accepted(value):
                    offending.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return offending


def test_no_multiselect_offers_streamlits_english_select_all() -> None:
    """Streamlit's "Select all" option cannot be translated, so every multiselect turns it off (an empty
    choice already means all on these pages)."""
    assert _calls_without("multiselect", "select_all", lambda v: isinstance(v, ast.Constant) and v.value is False) == []


def test_no_dataframe_shows_streamlits_english_none() -> None:
    """A missing value in st.dataframe reads "None" unless a placeholder is given: every one shows fmt.MISSING."""
    assert (
        _calls_without("dataframe", "placeholder", lambda v: isinstance(v, ast.Attribute) and v.attr == "MISSING") == []
    )
