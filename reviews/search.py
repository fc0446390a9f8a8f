"""The list's search: what a clinician narrows the list by, and the list's query string."""

from typing import cast

from django import forms
from django.core.exceptions import ValidationError

from reviews.choices import Status
from reviews.forms import DateInput
from reviews.models import Clinician, Review
from reviews.selectors import DEFAULT_SORT, MATCH_EXACT, MATCH_PREFIX, SORTS

__all__ = ["DEFAULT_SORT", "ListPageForm", "ReviewSearchForm"]


class ReviewSearchForm(forms.Form):
    """What the list is narrowed to. Kept in the session as submitted and validated again on
    every use, so a clinician removed since, say, simply stops matching."""

    patient_ref = forms.CharField(
        label="Patient reference",
        max_length=Review._meta.get_field("patient_ref").max_length,
        required=False,
        help_text="Upper and lower case count, as in the reference.",
    )
    match = forms.ChoiceField(
        label="Match",
        choices=[(MATCH_PREFIX, "starts with"), (MATCH_EXACT, "is exactly")],
        initial=MATCH_PREFIX,
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
