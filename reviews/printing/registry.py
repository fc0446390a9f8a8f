"""Every printed sheet, found in reviews/printing/sheets/: each module there that defines
`SHEET` (a reviews.printing.sheet.SheetKind). The summary comes first; the rest by name."""

import importlib
import pkgutil
from functools import cache

from reviews.printing import sheets as sheet_modules
from reviews.printing.sheet import Option, SheetKind

DEFAULT = "summary"


@cache
def sheets() -> dict[str, SheetKind]:
    found = []
    for module in pkgutil.iter_modules(sheet_modules.__path__):
        kind = importlib.import_module(f"{sheet_modules.__name__}.{module.name}").SHEET
        found.append(kind)
    found.sort(key=lambda kind: (kind.name != DEFAULT, kind.name))
    return {kind.name: kind for kind in found}


def sheet_named(name: str | None) -> SheetKind:
    """The sheet of that name; the summary for none. KeyError for a name no sheet has."""
    return sheets()[name or DEFAULT]


def all_options() -> dict[str, Option]:
    """Every option any sheet takes, by name (options of the same name are the same option)."""
    options: dict[str, Option] = {}
    for kind in sheets().values():
        for option in kind.options:
            assert options.setdefault(option.name, option) == option, option.name
    return options
