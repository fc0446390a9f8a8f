"""The list's search: what a clinician narrows the list by, the list's query string, and its
sortable column headers."""

from dataclasses import dataclass
from typing import cast

from django import forms
from django.core.exceptions import ValidationError

from reviews.answer_forms import DateInput
from reviews.choices import Status
from reviews.models import Clinician, Review
from reviews.selectors import DEFAULT_SORT, MATCH_ANYWHERE, MATCH_EXACT, MATCH_PREFIX, SORTS

__all__ = ["DEFAULT_SORT", "ListPageForm", "ReviewSearchForm", "column_sorts"]


class ReviewSearchForm(forms.Form):
    """What the list is narrowed to. Kept in the session as submitted and validated again on
    every use, so a clinician removed since, say, simply stops matching."""

    patient_ref = forms.CharField(
        label="Patient reference",
        max_length=Review._meta.get_field("patient_ref").max_length,
        required=False,
        help_text="Upper and lower case alike: “7781” or “nc-77” finds NC-7781.",
    )
    match = forms.ChoiceField(
        label="The reference",
        choices=[
            (MATCH_ANYWHERE, "contains it"),
            (MATCH_PREFIX, "starts with it"),
            (MATCH_EXACT, "is exactly it"),
        ],
        initial=MATCH_ANYWHERE,
        required=False,
        widget=forms.RadioSelect,
    )
    status = forms.ChoiceField(
        label="Status", choices=[("", "Any"), *Status.choices], required=False
    )
    clinician = forms.ModelChoiceField(
        label="Clinician", queryset=Clinician.objects.none(), required=False, empty_label="Any"
    )
    visit_from = forms.DateField(label="Visit from", required=False, widget=DateInput())
    visit_to = forms.DateField(label="Visit until", required=False, widget=DateInput())

    def __init__(self, *args, practice_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        clinician = cast(forms.ModelChoiceField, self.fields["clinician"])
        clinician.queryset = Clinician.objects.filter(practice_id=practice_id).order_by(
            "last_name", "first_name", "username"
        )

    def clean_patient_ref(self) -> str:
        return self.cleaned_data["patient_ref"].strip()

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        start, end = cleaned.get("visit_from"), cleaned.get("visit_to")
        if start and end and end < start:
            self.add_error(
                "visit_to",
                ValidationError("This date is before the “from” date.", code="range_backwards"),
            )
        return cleaned

    def stored(self) -> dict[str, str]:
        """The submitted values, as plain strings for the session."""
        return {name: str(self.data.get(name, "")).strip() for name in self.fields}

    def used(self) -> list[str]:
        """Names of the criteria in use, for the audit trail: which, never their values."""
        return [name for name in self.fields if name != "match" and self.cleaned_data.get(name)]


class ListPageForm(forms.Form):
    """The query string of the list: the search token, the sort and the page (never criteria)."""

    q = forms.RegexField(regex=r"^[A-Za-z0-9_-]{1,32}$", required=False)
    sort = forms.ChoiceField(
        label="Sort by",
        choices=[(code, label) for code, (label, _) in SORTS.items()],
        required=False,
    )
    page = forms.IntegerField(min_value=1, max_value=1_000_000, required=False)

    def value(self, name: str, default):
        """The field's valid value, else `default`: a bad parameter falls back, never fails."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return self.cleaned_data.get(name) or default


# The list's sortable columns: code → (the sort a first click gives, the sort a second gives).
SORT_COLUMNS: dict[str, tuple[str, str]] = {
    "patient": ("patient_asc", "patient_desc"),
    "visit": ("visit_desc", "visit_asc"),
    "changed": ("changed_desc", "changed_asc"),
}


@dataclass(frozen=True)
class ColumnSort:
    """One sortable column header: its state for aria-sort and where a click on it goes."""

    aria_sort: str  # "ascending" or "descending" when the list is in this column's order, else ""
    next_sort: str  # the sort code a click on the header asks for
    next_label: str  # that sort in words ("Visit date, oldest first")

    @property
    def mark(self) -> str:
        """The arrow beside the header text (hidden from screen readers, which say aria-sort)."""
        return {"ascending": "▲", "descending": "▼"}.get(self.aria_sort, "⇅")


def column_sorts(sort: str) -> dict[str, ColumnSort]:
    """Each sortable column's header for the list in `sort` order: the column in use turns its
    order round; any other starts with its usual first order."""
    headers = {}
    for column, (first, second) in SORT_COLUMNS.items():
        if sort in (first, second):
            aria_sort = "ascending" if sort.endswith("_asc") else "descending"
            next_sort = second if sort == first else first
        else:
            aria_sort, next_sort = "", first
        headers[column] = ColumnSort(aria_sort, next_sort, SORTS[next_sort][0])
    return headers
