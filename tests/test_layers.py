"""Dependencies point one way: a domain imports only the domains below it.

core <- auth <- places <- beneficiaries <- attendance <- delivery <- parcels <- reports.
The application shell (app/__init__, app/cli.py, app/api.py, app/demo.py, app/errors.py)
and ops, exports and the scheduler sit at the edges and may import any domain; a domain
never imports the shell. Imports inside functions count too.
"""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"
LAYERS = ["core", "auth", "places", "beneficiaries", "attendance", "delivery", "parcels", "reports"]
# below every domain, like core: the extensions, the configuration, the model registry
FOUNDATION = {"extensions", "config", "models"}

# Imports that still point the wrong way, each to be removed by moving the shared thing
# down or by having the higher layer call the lower one. The test fails when one of them
# disappears, so the list only shrinks.
KNOWN: set[tuple[str, str]] = set()


def _imported_modules(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "app":  # `from app import cli` imports app.cli
                yield from (f"app.{alias.name}" for alias in node.names)
            else:
                yield node.module


def _against_layers() -> set[tuple[str, str]]:
    """(file, imported module) for every import of a higher domain or of the shell."""
    found = set()
    for path in sorted(APP.rglob("*.py")):
        relative = path.relative_to(APP.parent)
        source = relative.parts[1]
        if source not in LAYERS:
            continue
        for module in _imported_modules(ast.parse(path.read_text(encoding="utf-8"))):
            parts = module.split(".")
            if parts[0] != "app" or len(parts) < 2:
                continue
            target = parts[1]
            if target in FOUNDATION or target == source:
                continue
            if target in LAYERS and LAYERS.index(target) < LAYERS.index(source):
                continue
            found.add((relative.as_posix(), module))
    return found


def test_domains_import_only_the_layers_below():
    new = sorted(_against_layers() - KNOWN)
    assert new == [], "imports against the layers (a lower domain must not import a higher one)"


def test_the_list_of_known_exceptions_only_shrinks():
    gone = sorted(KNOWN - _against_layers())
    assert gone == [], "remove these from KNOWN: they no longer occur"
