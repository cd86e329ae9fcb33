"""Which ES modules a page needs, read from the modules' own import statements.

The pages list their modules as <link rel="modulepreload"> so the browser fetches them side by
side instead of one import after another. The lists are computed here from static/js, so they can
never drift from the imports (a module added to a page is preloaded without touching a template).
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path, PurePosixPath

JS_ROOT = Path(__file__).resolve().parent.parent.parent / "static" / "js"
# Static imports and re-exports: `import ... from './x.js'`, `export ... from '../y.js'`, `import './z.js'`.
_IMPORT = re.compile(r"""^\s*(?:import|export)\b[^'";]*?\bfrom\s*['"](\.{1,2}/[^'"]+)['"]"""
                     r"""|^\s*import\s*['"](\.{1,2}/[^'"]+)['"]""", re.MULTILINE)


def _imports(module: str) -> list[str]:
    """The modules one module imports statically, as paths relative to static/js."""
    source = (JS_ROOT / module).read_text(encoding="utf-8")
    here = PurePosixPath(module).parent
    found = []
    for match in _IMPORT.finditer(source):
        target = PurePosixPath(*(here / (match.group(1) or match.group(2))).parts)
        parts: list[str] = []
        for part in target.parts:
            if part == "..":
                parts.pop()
            elif part != ".":
                parts.append(part)
        found.append("/".join(parts))
    return found


@lru_cache(maxsize=None)
def module_closure(entry: str) -> tuple[str, ...]:
    """`entry` (e.g. 'phone/main.js') and every module it imports statically, depth first, once each."""
    seen: dict[str, None] = {}

    def visit(module: str) -> None:
        if module in seen:
            return
        seen[module] = None
        for imported in _imports(module):
            visit(imported)

    visit(entry)
    return tuple(seen)


def module_preloads(entry: str, *, loaded_by: str | None = None) -> list[str]:
    """The modules to preload for `entry`, less those already loaded by the page's `loaded_by` entry."""
    skip = set(module_closure(loaded_by)) if loaded_by else set()
    return [module for module in module_closure(entry) if module not in skip]
