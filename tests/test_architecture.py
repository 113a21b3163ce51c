"""The house rules a newcomer relies on to find the room for a change: SQL lives in the
store, the UI and the CLI are separate thin layers over the library, configuration lives in
settings, and runtime code stays inside the package."""

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "workbench"
SQL = re.compile(r"\b(SELECT\s.+\sFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM"
                 r"|CREATE\s+(TABLE|INDEX)|DROP\s+TABLE|ALTER\s+TABLE|PRAGMA\s+\w+)\b", re.DOTALL)


def modules(under: str = "") -> list[Path]:
    return sorted((PACKAGE / under).rglob("*.py"))


def imported_names(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def string_constants(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def test_no_sql_outside_the_store():
    offenders = [
        f"{path.relative_to(PACKAGE)}: {text.strip()[:60]!r}"
        for path in modules() if "store" not in path.relative_to(PACKAGE).parts
        for text in string_constants(path) if SQL.search(text)
    ]
    offenders += [
        f"{path.relative_to(PACKAGE)} imports sqlite3"
        for path in modules() if "store" not in path.relative_to(PACKAGE).parts
        and "sqlite3" in imported_names(path)
    ]
    assert offenders == []


def test_the_ui_never_imports_the_cli():
    assert [str(path) for path in modules("ui")
            if any(name.startswith("workbench.cli") for name in imported_names(path))] == []


def test_environment_variables_are_read_only_in_settings():
    readers = [str(path.relative_to(PACKAGE)) for path in modules()
               if re.search(r"os\.environ\.get|os\.getenv|os\.environ\[", path.read_text("utf-8"))]
    assert readers == ["settings.py"]


def test_runtime_code_stays_inside_the_package():
    assert [str(path) for path in modules() if "parents[" in path.read_text("utf-8")] == []
