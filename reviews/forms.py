"""Validation of every input.

Each step of the walk-through is a form over some of Review's columns and, for repeatable
sections, an inline formset. The JSON import feeds the very same forms, so the web and the
import share one set of rules. Errors carry a `code` so tests can assert which rule fired.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from reviews import choices, schema, text
from reviews.facts import dates, drugs
from reviews.models import MedicationTrial, Procedure, Psychotherapy, Review, SeverityScore
from reviews.printing import registry
from reviews.printing.sheet import SheetKind
from reviews.schema import Kind, Question

EARLIEST_DATE = datetime.date(1900, 1, 1)
MAX_ROWS = 100  # per repeatable section; a real history is far shorter

if TYPE_CHECKING:
    from reviews.steps import Step


def latest_visit_date() -> datetime.date:
    # A day of slack: a clinician ahead of the server's time zone is still on "today".
    return timezone.localdate() + datetime.timedelta(days=1)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class PartialDateField(forms.CharField):
    """A date known to a year, a month or a day; cleans to its canonical text ("2019-03")."""

    default_error_messages = {"invalid": f"Enter a date as {dates.FORMATS}."}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 10)
        super().__init__(**kwargs)
        self.widget.attrs.update({"placeholder": "YYYY-MM-DD", "autocomplete": "off"})

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            return dates.PartialDate.parse(text).text
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class Notes(forms.Textarea):
    def __init__(self, attrs=None):
        super().__init__({"rows": 3, **(attrs or {})})


class VersionForm(forms.Form):
    """The review version a page was drawn from; an older one means another tab saved since."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AmendForm(forms.Form):
    reason = forms.CharField(
        label="Reason for the amendment",
        max_length=200,
        help_text="Kept with the new revision and shown on its summary and PDF.",
        widget=forms.TextInput(attrs={"autofocus": True}),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError("Give a reason for the amendment.", code="required")
        return reason


class KeepSignedInForm(forms.Form):
    """Where to return after "Stay signed in" without JavaScript: a page of this site only."""

    next = forms.CharField(required=False)

    def __init__(self, *args, host: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.host = host

    def clean_next(self):
        target = self.cleaned_data["next"]
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={self.host}):
            return "/"
        return target


class PdfOptionsForm(forms.Form):
    """Which sheet to print, on what paper, inline or as a download, and the sheet's options:
    one field for each option any sheet declares (reviews.printing.registry). A value the form
    refuses falls back to the default rather than failing the download."""

    paper = forms.ChoiceField(
        choices=[("a4", "A4"), ("letter", "US Letter")], required=False, initial="a4"
    )
    download = forms.BooleanField(required=False)
    sheet = forms.ChoiceField(choices=(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sheet = self.fields["sheet"]
        assert isinstance(sheet, forms.ChoiceField)
        sheet.choices = [(name, name) for name in registry.sheets()]
        for option in registry.all_options().values():
            self.fields[option.name] = (
                forms.BooleanField(required=False)
                if option.is_switch
                else forms.ChoiceField(choices=list(option.choices.items()), required=False)
            )

    def chosen(self) -> tuple[SheetKind, dict[str, str | bool], str, bool]:
        """The sheet, its options, the paper and whether to download; defaults for anything
        missing or refused."""
        cleaned = self.cleaned_data if self.is_valid() else {}
        kind = registry.sheet_named(cleaned.get("sheet"))
        return (
            kind,
            kind.chosen(cleaned),
            cleaned.get("paper") or "a4",
            bool(cleaned.get("download")),
        )


STEP_ACTIONS = ("next", "back", "stay", "exit")


class StepControlForm(VersionForm):
    """The buttons of a step page: which one was pressed, and a step picked from the list."""

    action = forms.ChoiceField(choices=[(a, a) for a in STEP_ACTIONS], required=False)
    goto = forms.ChoiceField(choices=[], required=False)

    def __init__(self, *args, slugs: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["goto"]).choices = [
            ("", ""),
            *((slug, slug) for slug in slugs),
        ]


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
            declared[name] = forms.MultipleChoiceField(
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


def row_helper(*rows: tuple[str, ...]) -> FormHelper:
    """Lay a row form out as a grid: each tuple is one line of columns."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.render_hidden_fields = True
    # Saved rows get a "remove" box from the formset, rendered after the laid-out fields.
    helper.render_unmentioned_fields = True
    helper.layout = Layout(*(Row(*(Column(name) for name in line)) for line in rows))
    return helper


class RowForm(ReviewDatesMixin, forms.ModelForm):
    """A row of a repeatable section. `number` is its place on the page (1 for the first row),
    as the row's legend shows it; None outside a formset (the import names rows itself)."""

    def __init__(self, *args, number: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.number = number
        optional_when_defaulted(self)
        for field in self.fields.values():
            if isinstance(field.widget, Notes):
                field.widget.attrs["rows"] = 2


class SeverityScoreRowForm(RowForm):
    def clean(self):
        cleaned = super().clean()
        scale, score = cleaned.get("scale"), cleaned.get("score")
        if scale and score is not None:
            low, high = choices.SCALE_RANGES[scale]
            if not low <= score <= high:
                label = choices.Scale(scale).label
                self.add_error(
                    "score",
                    ValidationError(
                        f"{label} scores run from {low} to {high}.", code="score_out_of_range"
                    ),
                )
        return cleaned


class MedicationTrialRowForm(RowForm):
    drug_class = forms.TypedChoiceField(
        label=schema.MEDICATION_TRIALS.question("drug_class").label,
        choices=[("", "(from the drug name)"), *choices.DrugClass.choices],
        required=False,
        help_text=schema.MEDICATION_TRIALS.question("drug_class").help,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["drug"].widget.attrs.update({"list": "known-drugs", "autocomplete": "off"})
        dose = self.initial.get("max_daily_dose_mg")
        if dose is not None:
            # 150.00 shows as 150; still a Decimal, so an unchanged dose is not counted a change.
            self.initial["max_daily_dose_mg"] = Decimal(f"{dose.normalize():f}")

    def clean_drug(self):
        drug = " ".join(self.cleaned_data["drug"].split())
        procedure = drugs.procedure_for(drug)
        if procedure is not None:
            # reviews.facts.drugs: esketamine and ketamine are recorded under procedures.
            noun = schema.MEDICATION_TRIALS.noun.capitalize()  # the row's legend
            row = f"{noun} {self.number}: " if self.number else ""
            kind = choices.ProcedureKind(procedure.kind).label
            raise ValidationError(
                f"{row}{procedure.shown} is recorded under Procedures, not as a medication trial. "
                f'Add it on the Procedures step, kind "{kind}".',
                code="record_as_procedure",
                params={"medicine": procedure.medicine, "kind": procedure.kind},
            )
        return drug

    def clean_max_daily_dose_mg(self):
        dose = self.cleaned_data["max_daily_dose_mg"]
        if dose is not None and dose <= 0:
            raise ValidationError("Enter a dose above 0 mg/day.", code="dose_not_positive")
        return dose

    def clean(self):
        cleaned = super().clean()
        drug, drug_class = cleaned.get("drug"), cleaned.get("drug_class")
        known = drugs.identify(drug) if drug else None
        if known and drug_class in ("", None, choices.DrugClass.ATYPICAL):
            # "atypical" is the older, coarser code: a known name gives the finer class.
            cleaned["drug_class"] = known.drug_class
        elif drug and not drug_class:
            hint = drugs.ambiguity_hint(drug)
            message = hint or "Choose the class: this drug is not in the list of known drugs."
            self.add_error("drug_class", ValidationError(message, code="class_required"))
        self._check_ongoing(cleaned)
        self._check_weeks(cleaned)
        return cleaned

    def _check_ongoing(self, cleaned: dict) -> None:
        if cleaned.get("ongoing") == choices.YesNo.YES and cleaned.get("end"):
            message = "A trial ongoing at the visit has no end date: clear one of the two."
            self.add_error("end", ValidationError(message, code="ongoing_with_end"))

    def _check_weeks(self, cleaned: dict) -> None:
        """Weeks entered cannot exceed what the dates allow (to the visit while ongoing)."""
        weeks, start = cleaned.get("weeks"), dates.PartialDate.of(cleaned.get("start"))
        end = dates.PartialDate.of(cleaned.get("end"))
        if end is None and cleaned.get("ongoing") == choices.YesNo.YES and self.visit_date:
            end = dates.PartialDate.of(self.visit_date)
        if weeks is None or start is None or end is None:
            return
        span = dates.weeks_between(start, end)
        if span is not None and weeks > span.high:
            message = (
                f"{weeks} weeks at an adequate dose is longer than the dates allow: at most "
                f"{span.high} weeks from {start} to {end}."
            )
            self.add_error("weeks", ValidationError(message, code="weeks_beyond_dates"))


def row_form(rows: schema.Rows, model: type[models.Model], base: type[RowForm] = RowForm):
    form = answers_form(base, model, ((question.key, question) for question in rows.questions))
    form.helper = row_helper(*rows.lines)  # type: ignore[attr-defined]  # crispy's layout
    return form


SeverityScoreForm = row_form(schema.SEVERITY_SCORES, SeverityScore, SeverityScoreRowForm)
MedicationTrialForm = row_form(schema.MEDICATION_TRIALS, MedicationTrial, MedicationTrialRowForm)
PsychotherapyForm = row_form(schema.PSYCHOTHERAPIES, Psychotherapy)
ProcedureForm = row_form(schema.PROCEDURES, Procedure)

ROW_FORMS: dict[schema.Rows, type[RowForm]] = {
    schema.SEVERITY_SCORES: SeverityScoreForm,
    schema.MEDICATION_TRIALS: MedicationTrialForm,
    schema.PSYCHOTHERAPIES: PsychotherapyForm,
    schema.PROCEDURES: ProcedureForm,
}


class RowFormSet(forms.BaseInlineFormSet):
    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "number": None if index is None else index + 1}

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove this row when saving"


def row_formset(model, form):
    # extra=1: a blank row is always on screen, so adding works without JavaScript.
    return forms.inlineformset_factory(
        Review,
        model,
        form=form,
        formset=RowFormSet,
        extra=1,
        can_delete=True,
        can_delete_extra=False,  # a blank row has nothing to remove
        max_num=MAX_ROWS,
        validate_max=True,
        absolute_max=MAX_ROWS,
    )


FORMSETS: dict[schema.Rows, type[forms.BaseInlineFormSet]] = {
    rows: row_formset(form._meta.model, form) for rows, form in ROW_FORMS.items()
}
SeverityScoreFormSet = FORMSETS[schema.SEVERITY_SCORES]
MedicationTrialFormSet = FORMSETS[schema.MEDICATION_TRIALS]
PsychotherapyFormSet = FORMSETS[schema.PSYCHOTHERAPIES]
ProcedureFormSet = FORMSETS[schema.PROCEDURES]


def step_form(step: "Step") -> type[forms.ModelForm] | None:
    """The form of a step's one-to-one section, None for a step of rows only."""
    return SECTION_FORMS[step.section] if step.section is not None else None


def step_formset(step: "Step") -> type[forms.BaseInlineFormSet] | None:
    """The formset of a step's repeatable rows, None for a step without rows."""
    return FORMSETS[step.rows] if step.rows is not None else None
