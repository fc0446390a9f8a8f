"""The list as CSV: the list's columns only, cells a spreadsheet will not run as formulas."""

from collections.abc import Iterator

from django.conf import settings
from django.db.models import QuerySet

from reviews import selectors
from reviews.selectors import count_matches, listed

CSV_COLUMNS = (
    "Patient reference",
    "Visit date",
    "Clinician",
    "Status",
    "Medication courses",
    *(
        f"Failed adequate trials, current episode (at least {{weeks}} weeks): {figure}"
        for figure in ("counted", "ongoing", "uncertain")
    ),
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """A cell a spreadsheet will not run: text starting like a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def csv_rows(matched: QuerySet, sort: str) -> Iterator[list]:
    """The header and a row per review matched, in the list's order and with the list's columns
    only: no free-text notes."""
    rows = listed(matched, sort, few=count_matches(matched) <= selectors.MATCHES_SHOWN)
    weeks = settings.TRDREVIEW_MIN_TRIAL_WEEKS
    yield [column.format(weeks=weeks) for column in CSV_COLUMNS]
    for review in rows.iterator(chunk_size=500):
        yield [
            spreadsheet_safe(value)
            for value in (
                review.patient_ref,
                review.visit_date.isoformat(),
                str(review.clinician),
                review.get_status_display(),
                review.trial_courses,
                *_count_cells(review.trial_count(weeks)),
            )
        ]


def _count_cells(count) -> tuple:
    """Counted, ongoing and uncertain as numbers; empty cells when the onset is not recorded."""
    return ("", "", "") if count is None else (count.counted, count.ongoing, count.uncertain)


class EchoBuffer:
    """A file for csv.writer that hands each written line back, for streaming."""

    def write(self, value: str) -> str:
        return value
