"""What a printed sheet is: one module in reviews/printing/sheets/ that builds a document from a
reading, one template that lays it out, and the options a print of it takes.

A sheet module ends with `SHEET = SheetKind(...)`; the registry (reviews.printing.registry) finds
it there, so adding a sheet is its module, its template and its test: the page's print buttons,
the PDF view, the kept PDFs, the audit trail and the commands (`review_pdf`, `review_summary`)
take it from the registry, with no branch naming it.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from reviews.reading import Header, Reading


class Document(Protocol):
    """What a sheet's build() gives: shown by its template, printed as JSON by review_summary."""

    @property
    def header(self) -> Header: ...

    def as_json(self) -> dict: ...


@dataclass(frozen=True)
class Option:
    """A choice a print of a sheet takes: build()'s keyword, the PDF URL's query parameter and
    the commands' flag (`--<name>`, or `flag`)."""

    name: str
    help: str
    # The values and the words each prints as ("tms" → "TMS"); none: a yes/no switch.
    choices: Mapping[str, str] = field(default_factory=dict)
    default: str | bool = False
    # How the audit trail and the page name a print with it: "with descriptions", "for {}".
    phrase: str = ""
    flag: str = ""

    @property
    def is_switch(self) -> bool:
        return not self.choices

    @property
    def command_flag(self) -> str:
        return self.flag or f"--{self.name.replace('_', '-')}"

    def value(self, given: Any) -> str | bool:
        """The option's value from a cleaned form or command: its default when not given."""
        if self.is_switch:
            return bool(given)
        return given if given in self.choices else self.default

    def words(self, value: str | bool) -> str:
        if self.is_switch:
            return self.phrase if value else ""
        return self.phrase.format(self.choices[str(value)]) if self.phrase else ""


@dataclass(frozen=True)
class SheetKind:
    name: str  # "summary": the URL's ?sheet=, the kept PDFs' sheet, the template's variable
    label: str  # "documentation sheet": how the audit trail names a print
    template: str  # laid out by reviews.printing.engine
    stylesheet: str  # its own, after the frame every printed page shares (printed-page.css)
    build: Callable[..., Document]  # build(reading, **options)
    options: tuple[Option, ...] = ()
    # The summary page's print menu offers it as "Print <menu_label>" with its default options;
    # empty for a sheet the page prints its own way (the summary's buttons, the documentation
    # sheet's section).
    menu_label: str = ""

    def chosen(self, given: Mapping[str, Any]) -> dict[str, str | bool]:
        """This sheet's options from a form's or a command's values, defaults filled in."""
        return {option.name: option.value(given.get(option.name)) for option in self.options}

    def describe(self, options: Mapping[str, str | bool]) -> str:
        """ "documentation sheet for TMS", "summary with descriptions": for the audit trail."""
        words = [option.words(options[option.name]) for option in self.options]
        return " ".join([self.label, *(word for word in words if word)])

    def document(self, reading: Reading, options: Mapping[str, str | bool]) -> Document:
        return self.build(reading, **options)
