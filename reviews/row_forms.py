"""The forms of a review's repeatable rows (medication trials, scores, therapies, procedures)
and their formsets, made from the schema; the one-to-one sections' forms are
reviews.answer_forms."""

from decimal import Decimal
from typing import TYPE_CHECKING

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from reviews import choices, schema
from reviews.answer_forms import (
    MAX_ROWS,
    Notes,
    ReviewDatesMixin,
    answers_form,
    optional_when_defaulted,
)
from reviews.facts import dates, drugs, label_doses
from reviews.models import MedicationTrial, Procedure, Psychotherapy, Review, SeverityScore

if TYPE_CHECKING:
    from reviews.steps import Step


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
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Most scores are taken at the visit: a new row offers its date, which a blank row left
        # untouched does not save (the formset sees no change from what it offered).
        if self.instance.pk is None and self.visit_date and not self.initial.get("date"):
            self.initial["date"] = self.visit_date.isoformat()

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
        self.fields["drug"].widget.attrs.update(
            # The page completes a name inline as well as listing it (static/js/drug_names.js).
            {"list": "known-drugs", "autocomplete": "off", "aria-autocomplete": "both"}
        )
        # The US label's range beside the dose, for the name as saved; the page's script
        # (static/js/step.js) changes it as a name is typed. Never a judgement of the dose.
        entry = label_doses.label_dose(self.initial.get("drug") or "")
        dose_field = self.fields["max_daily_dose_mg"]
        dose_field.help_text = (entry.text if entry else "") or "\u00a0"
        dose_field.widget.attrs["data-label-dose"] = ""
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


def step_formset(step: "Step") -> type[forms.BaseInlineFormSet] | None:
    """The formset of a step's repeatable rows, None for a step without rows."""
    return FORMSETS[step.rows] if step.rows is not None else None
