"""The documentation sheet: what a review records on each item an insurance request for TMS,
esketamine or another treatment commonly asks about, in a fixed order (issue 16).

The items are data (`ITEMS`): an id, a label, the group it is printed under, the fields of the
review format it reads (`paths`) and, where a value is more than one answer, the named extractor
that reads them. `build` is a pure function from a reading of the review to the sheet. It
never weighs an entry against anyone's terms: an item shows what the review records, or "not
recorded in this review". The trial facts come from `reviews.facts.trials`, the one
implementation of the trial rules.
"""

from dataclasses import dataclass

from reviews import schema
from reviews.printing.documentation_items import (
    COLUMNS,
    GROUPS,
    ITEMS,
    NOT_RECORDED,
    STATEMENT,
    TITLE,
    TREATMENTS,
    Column,
)
from reviews.printing.documentation_values import EXTRACTORS, NOTES, sheet_text
from reviews.printing.sheet import Option, SheetKind
from reviews.reading import Header, Reading


@dataclass(frozen=True)
class SheetItem:
    id: str
    label: str
    group: str
    recorded: bool
    value: str | list[dict[str, str]]  # text, or rows of COLUMNS[extractor]
    columns: tuple[Column, ...] = ()
    note: str = ""  # printed under the item: the rules behind a computed figure

    @property
    def rows(self) -> list[dict[str, str]] | None:
        return self.value if isinstance(self.value, list) else None

    @property
    def cells(self) -> list[list[str]]:
        """The rows as lists of cells in column order, for the templates."""
        return [[row[column.key] for column in self.columns] for row in self.rows or []]

    @property
    def lines(self) -> list[tuple[list[str], str]]:
        """Each row's cells with its notes ("" when none), for the templates: the notes print
        on a line of their own under the row, named by the row's first cell."""
        return [
            (cells, row.get("notes", ""))
            for cells, row in zip(self.cells, self.rows or [], strict=True)
        ]

    def as_json(self) -> dict:
        shown = {"id": self.id, "label": self.label, "recorded": self.recorded, "value": self.value}
        return {**shown, "note": self.note} if self.note else shown


@dataclass(frozen=True)
class Sheet:
    treatment: str  # a key of TREATMENTS
    header: Header  # patient reference, visit, clinician, status, finalised
    items: tuple[SheetItem, ...]

    @property
    def title(self) -> str:
        return f"{TITLE} — {TREATMENTS[self.treatment]}"

    @property
    def is_draft(self) -> bool:
        return self.header.finalised_at is None

    @property
    def statement(self) -> str:
        return STATEMENT

    @property
    def groups(self) -> list[tuple[str, list[SheetItem]]]:
        return [
            (title, [item for item in self.items if item.group == key])
            for key, title in GROUPS
            if any(item.group == key for item in self.items)
        ]

    def as_json(self) -> dict:
        return {
            "sheet": "documentation",
            "for": self.treatment,
            "title": self.title,
            "review_id": self.header.review_id,
            "items": [item.as_json() for item in self.items],
        }


def build(reading: Reading, *, treatment: str = "other") -> Sheet:
    """The sheet of a review for a request for `treatment` (a key of TREATMENTS)."""
    if treatment not in TREATMENTS:
        raise ValueError(f"treatment must be one of {', '.join(TREATMENTS)}, not {treatment!r}")
    data, facts = reading.data, reading.trial_facts
    items = []
    for item in ITEMS:
        if treatment not in item.treatments:
            continue
        if item.extractor:
            value = EXTRACTORS[item.extractor](data, item, facts)
        else:
            value = sheet_text(item.paths[0], schema.answer(data, item.paths[0]))
        recorded = bool(value)
        items.append(
            SheetItem(
                id=item.id,
                label=item.label,
                group=item.group,
                recorded=recorded,
                value=value if recorded else NOT_RECORDED,
                columns=COLUMNS.get(item.extractor, ()) if recorded else (),
                note=NOTES[item.id](facts) if recorded and item.id in NOTES else "",
            )
        )
    return Sheet(treatment=treatment, header=reading.header, items=tuple(items))


SHEET = SheetKind(
    name="documentation",
    label="documentation sheet",
    template="pdf/documentation.html",
    stylesheet="css/documentation.css",
    build=build,
    options=(
        Option(
            "treatment",
            help="what the documentation sheet is for (its title and head-device item)",
            choices=TREATMENTS,
            default="other",
            phrase="for {}",
            flag="--for",
        ),
    ),
)
