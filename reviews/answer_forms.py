"""The step forms and row forms, made from the schema (reviews/schema.py).

Each step of the walk-through is a form over some of Review's columns and, for repeatable
sections, an inline formset. The JSON import feeds the very same forms, so the web and the
import share one set of rules. Errors carry a `code` so tests can assert which rule fired.
"""

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from reviews import schema, text
from reviews.facts import dates
from reviews.models import Review
from reviews.schema import Kind, Question

EARLIEST_DATE = datetime.date(1900, 1, 1)
MAX_ROWS = 100  # per repeatable section; a real history is far shorter

if TYPE_CHECKING:
    from reviews.steps import Step


def latest_visit_date() -> datetime.date:
    # A day of slack: a clinician ahead of the server's time zone is still on "today".
    return timezone.localdate() + datetime.timedelta(days=1)


class DateInput(forms.DateInput):
    """A day typed as text, like every other date (PartialDateField): the browsers' date pickers
    differ in their keys and order of parts, and cost keystrokes a typed date does not."""

    input_type = "text"

    def __init__(self, attrs=None):
        attrs = {"placeholder": "YYYY-MM-DD", "autocomplete": "off", **(attrs or {})}
        super().__init__(attrs, format="%Y-%m-%d")


class PartialDateField(forms.CharField):
    """A date known to a year, a month or a day; cleans to its canonical text ("2019-03")."""

    default_error_messages = {"invalid": f"Enter a date as {dates.FORMATS}."}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 10)
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"placeholder": "YYYY-MM-DD", "autocomplete": "off", "data-partial-date": ""}
        )

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            return dates.PartialDate.parse(dates.as_written(text)).text
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class Notes(forms.Textarea):
    def __init__(self, attrs=None):
        super().__init__({"rows": 3, **(attrs or {})})


class ReviewDatesMixin(forms.BaseForm):
    """Dates of a review lie between 1900 and its visit date, and an end follows its start.

    `visit_date` comes from the review (the formset passes it to every row form).
    """

    date_fields: tuple[str, ...] = ()

    def __init__(self, *args, visit_date: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.visit_date = visit_date

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        for name in self.date_fields:
            value = dates.PartialDate.of(cleaned.get(name))
            if value is None:
                continue
            label = self.fields[name].label
            if value.earliest < EARLIEST_DATE:
                self.add_error(
                    name,
                    ValidationError(f"{label} cannot be before 1900.", code="date_too_early"),
                )
            elif self.visit_date and value.earliest > self.visit_date:
                message = f"{label} cannot be after the visit date ({self.visit_date:%Y-%m-%d})."
                self.add_error(name, ValidationError(message, code="date_after_visit"))
        start = dates.PartialDate.of(cleaned.get("start"))
        end = dates.PartialDate.of(cleaned.get("end"))
        if start and end and end.latest < start.earliest:
            self.add_error(
                "end",
                ValidationError("The end date is before the start date.", code="end_before_start"),
            )
        return cleaned


def optional_when_defaulted(form: forms.ModelForm) -> None:
    """Questions whose answer starts as "unknown" / "not assessed" are never required: leaving
    them is an answer (DESIGN §3), so they carry no required marker."""
    model_fields = {field.name: field for field in form._meta.model._meta.fields}
    for name, field in form.fields.items():
        model_field = model_fields.get(name)
        if model_field is not None and model_field.choices and model_field.has_default():
            field.required = False
            # An empty post keeps the question open; it never stores an empty code.
            cast(forms.TypedChoiceField, field).empty_value = model_field.get_default()


class SectionForm(ReviewDatesMixin, forms.ModelForm):
    """A one-to-one section of the review. Short value sets show as radio buttons."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        optional_when_defaulted(self)
        for field in self.fields.values():
            if not isinstance(field, forms.TypedChoiceField):
                continue
            # A model field's choices reach the form field as a list of (code, label) pairs.
            choices = cast(list[tuple[Any, str]], field.choices)
            if len(choices) <= 6:
                field.widget = forms.RadioSelect(choices=choices)


class VisitFormBase(SectionForm):
    """Who and when. The visit date is the bound the other dates are checked against, so it is
    checked against the calendar only."""

    def __init__(self, *args, visit_date: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)

    def clean_patient_ref(self):
        return text.check_patient_ref(self.cleaned_data["patient_ref"].strip())

    def clean_visit_date(self):
        value = self.cleaned_data["visit_date"]
        if value < EARLIEST_DATE:
            raise ValidationError("The visit date cannot be before 1900.", code="date_too_early")
        if value > latest_visit_date():
            raise ValidationError("The visit date cannot be in the future.", code="date_in_future")
        return value


class NotesFormBase(SectionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clinician_notes"].widget.attrs["rows"] = 8


class CodesField(forms.MultipleChoiceField):
    """Ticked codes of one value set, each at most once: the import refuses a repeated code, and
    a hand-made post of the same code nine hundred times is no different."""

    def validate(self, value):
        super().validate(value)
        if len(set(value)) != len(value):
            raise ValidationError("Each answer can be ticked only once.", code="repeated_code")


def answers_form(
    base: type[forms.ModelForm], model: type[models.Model], fields: Iterable[tuple[str, Question]]
) -> type[forms.ModelForm]:
    """A form over `fields` (column name, question) of `model`, labelled and laid out from the
    schema; `base` brings the rules a section adds (date checks, score ranges, drug classes)."""
    fields = tuple(fields)
    declared: dict[str, forms.Field] = {}
    widgets: dict[str, forms.Widget] = {}
    for name, question in fields:
        if name in base.declared_fields:
            continue
        if question.kind is Kind.CHOICES:
            assert question.value_set is not None
            declared[name] = CodesField(
                label=question.label,
                choices=question.value_set.choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        elif question.kind is Kind.PARTIAL_DATE:
            declared[name] = PartialDateField(
                label=question.label, required=False, help_text=question.help
            )
        elif question.kind is Kind.DATE:
            widgets[name] = DateInput()
        elif question.kind is Kind.NOTES:
            widgets[name] = Notes()
    meta = type(
        "Meta",
        (),
        {
            "model": model,
            "fields": [name for name, _question in fields],
            "labels": {name: question.label for name, question in fields},
            "help_texts": {name: question.help for name, question in fields if question.help},
            "widgets": widgets,
        },
    )
    date_fields = tuple(
        name for name, question in fields if question.kind in (Kind.DATE, Kind.PARTIAL_DATE)
    )
    attrs = {"Meta": meta, "__module__": __name__, "date_fields": date_fields, **declared}
    return type(f"{model.__name__}{base.__name__}", (base,), attrs)


def section_form(section: schema.Section, base: type[forms.ModelForm] = SectionForm):
    return answers_form(base, Review, ((section.column(q), q) for q in section.questions))


# A section with rules of its own names its base class here.
BASE_FORMS: dict[schema.Section, type[forms.ModelForm]] = {
    schema.VISIT: VisitFormBase,
    schema.NOTES: NotesFormBase,
}
SECTION_FORMS: dict[schema.Section, type[forms.ModelForm]] = {
    section: section_form(
        section,
        BASE_FORMS.get(section, SectionForm),
    )
    for section in schema.SECTIONS
}


class StartReviewForm(section_form(schema.VISIT, VisitFormBase)):  # type: ignore[misc]
    """The visit section, with the page's one-time token: posting the same page twice (a double
    click, a resent form) opens the one draft it started."""

    start_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The page is this form: the patient's reference is where typing starts (a refused
        # start puts the focus on the error summary instead).
        if not self.is_bound:
            self.fields["patient_ref"].widget.attrs["autofocus"] = True


EpisodeForm = SECTION_FORMS[schema.EPISODE]
AdherenceForm = SECTION_FORMS[schema.ADHERENCE]
OtherMedicinesForm = SECTION_FORMS[schema.OTHER_MEDICINES]
SubstanceUseForm = SECTION_FORMS[schema.SUBSTANCE_USE]
PhysicalHealthForm = SECTION_FORMS[schema.PHYSICAL_HEALTH]
DifferentialsForm = SECTION_FORMS[schema.DIFFERENTIALS]
LifeSituationForm = SECTION_FORMS[schema.LIFE_SITUATION]
PharmacogenomicForm = SECTION_FORMS[schema.PHARMACOGENOMIC_TESTING]
SafetyForm = SECTION_FORMS[schema.SAFETY]
NotesForm = SECTION_FORMS[schema.NOTES]


def step_form(step: "Step") -> type[forms.ModelForm] | None:
    """The form of a step's one-to-one section, None for a step of rows only."""
    return SECTION_FORMS[step.section] if step.section is not None else None
