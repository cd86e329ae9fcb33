"""The layers' imports: HTTP (api/) and pages (web/) never reach into the live layer, services
neither, and the API does not lean on the pages. Telling live clients goes through workshop.changes."""
import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "workshop"


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, as an absolute dotted name (relative imports resolved)."""
    package = ".".join(path.relative_to(PACKAGE.parent).parent.parts)
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[:len(base) - node.level + 1]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module
            found.add(prefix)
            # `from . import live` imports the module workshop.live itself.
            found.update(f"{prefix}.{alias.name}" for alias in node.names)
    return found


def modules_in(folder: str) -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py"))


def reaches(imports: set[str], target: str) -> bool:
    return any(name == target or name.startswith(target + ".") for name in imports)


def test_the_resolver_sees_relative_imports():
    assert reaches(imported_modules(PACKAGE / "live" / "notify.py"), "workshop.live")
    assert reaches(imported_modules(PACKAGE / "__init__.py"), "workshop.live")


@pytest.mark.parametrize("folder", ["api", "web", "services"])
def test_no_http_page_or_service_module_imports_the_live_layer(folder):
    offenders = [path.name for path in modules_in(folder) if reaches(imported_modules(path), "workshop.live")]
    assert offenders == []


def test_the_api_does_not_import_the_pages():
    offenders = [path.name for path in modules_in("api") if reaches(imported_modules(path), "workshop.web")]
    assert offenders == []
