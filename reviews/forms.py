"""Validation of every input.

Each step of the walk-through is a form over some of Review's columns and, for repeatable
sections, an inline formset. The JSON import feeds the very same forms, so the web and the
import share one set of rules. Errors carry a `code` so tests can assert which rule fired.
"""

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from reviews import choices, drugs
from reviews.models import MedicationTrial, Procedure, Psychotherapy, Review, SeverityScore

EARLIEST_DATE = datetime.date(1900, 1, 1)
MAX_ROWS = 100  # per repeatable section; a real history is far shorter


def latest_visit_date() -> datetime.date:
    # A day of slack: a clinician ahead of the server's time zone is still on "today".
    return timezone.localdate() + datetime.timedelta(days=1)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


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
    paper = forms.ChoiceField(
        choices=[("a4", "A4"), ("letter", "US Letter")], required=False, initial="a4"
    )
    download = forms.BooleanField(required=False)
    descriptions = forms.BooleanField(required=False)  # the category descriptions appendix


STEP_ACTIONS = ("next", "back", "stay", "exit")


class StepControlForm(VersionForm):
    """The buttons of a step page: which one was pressed, and a step picked from the list."""

    action = forms.ChoiceField(choices=[(a, a) for a in STEP_ACTIONS], required=False)
    goto = forms.ChoiceField(choices=[], required=False)

    def __init__(self, *args, slugs: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goto"].choices = [("", ""), *((slug, slug) for slug in slugs)]


class StartReviewForm(forms.ModelForm):
    class Meta:
        model = Review
        fields = ["patient_ref", "visit_date"]
        widgets = {"visit_date": DateInput()}
        help_texts = {
            "patient_ref": "Your practice's own identifier for the patient; no name is needed.",
        }

    def clean_patient_ref(self):
        return self.cleaned_data["patient_ref"].strip()

    def clean_visit_date(self):
        value = self.cleaned_data["visit_date"]
        if value < EARLIEST_DATE:
            raise ValidationError("The visit date cannot be before 1900.", code="date_too_early")
        if value > latest_visit_date():
            raise ValidationError("The visit date cannot be in the future.", code="date_in_future")
        return value


class ReviewDatesMixin:
    """Dates of a review lie between 1900 and its visit date, and an end follows its start.

    `visit_date` comes from the review (the formset passes it to every row form).
    """

    date_fields: tuple[str, ...] = ()

    def __init__(self, *args, visit_date: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.visit_date = visit_date

    def clean(self):
        cleaned = super().clean()
        for name in self.date_fields:
            value = cleaned.get(name)
            if value is None:
                continue
            label = self.fields[name].label
            if value < EARLIEST_DATE:
                self.add_error(
                    name,
                    ValidationError(f"{label} cannot be before 1900.", code="date_too_early"),
                )
            elif self.visit_date and value > self.visit_date:
                message = f"{label} cannot be after the visit date ({self.visit_date:%Y-%m-%d})."
                self.add_error(name, ValidationError(message, code="date_after_visit"))
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
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


class SectionForm(ReviewDatesMixin, forms.ModelForm):
    """A one-to-one section of the review. Short value sets show as radio buttons."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        optional_when_defaulted(self)
        for field in self.fields.values():
            if isinstance(field, forms.TypedChoiceField) and len(field.choices) <= 6:
                field.widget = forms.RadioSelect(choices=field.choices)


class EpisodeForm(SectionForm):
    date_fields = ("episode_onset",)

    class Meta:
        model = Review
        fields = [
            "episode_onset",
            "episode_duration_months",
            "episode_prior_episodes",
            "episode_psychiatrist_involved",
        ]
        labels = {
            "episode_onset": "Onset of the current episode",
            "episode_duration_months": "Duration of the current episode (months)",
            "episode_prior_episodes": "Number of prior episodes",
            "episode_psychiatrist_involved": "Is a psychiatrist involved in care?",
        }
        widgets = {"episode_onset": DateInput()}


class AdherenceForm(SectionForm):
    adherence_barriers = forms.MultipleChoiceField(
        label="Barriers",
        choices=choices.Barrier.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Review
        fields = [
            "adherence_taking_as_prescribed",
            "adherence_missed_appointments",
            "adherence_stopped_when_better",
            "adherence_barriers",
            "adherence_notes",
        ]
        labels = {
            "adherence_taking_as_prescribed": "Taking medicines as prescribed?",
            "adherence_missed_appointments": "Missed appointments?",
            "adherence_stopped_when_better": "Stopped a medicine when feeling better?",
            "adherence_notes": "Notes",
        }
        widgets = {"adherence_notes": Notes()}


class OtherMedicinesForm(SectionForm):
    class Meta:
        model = Review
        fields = ["other_medicines_reviewed", "other_medicines_details"]
        labels = {
            "other_medicines_reviewed": "Non-prescription drugs and herbal supplements reviewed?",
            "other_medicines_details": "Details",
        }
        widgets = {"other_medicines_details": Notes()}


class SubstanceUseForm(SectionForm):
    class Meta:
        model = Review
        fields = [
            "substance_use_alcohol",
            "substance_use_recreational_drugs",
            "substance_use_cannabis",
            "substance_use_being_addressed",
            "substance_use_notes",
        ]
        labels = {
            "substance_use_alcohol": "Alcohol",
            "substance_use_recreational_drugs": "Recreational drugs",
            "substance_use_cannabis": "Cannabis",
            "substance_use_being_addressed": "Is substance use being addressed?",
            "substance_use_notes": "Notes",
        }
        widgets = {"substance_use_notes": Notes()}


class PhysicalHealthForm(SectionForm):
    class Meta:
        model = Review
        fields = [
            "physical_health_thyroid",
            "physical_health_chronic_pain",
            "physical_health_heart",
            "physical_health_other",
        ]
        labels = {
            "physical_health_thyroid": "Thyroid disorder",
            "physical_health_chronic_pain": "Chronic pain",
            "physical_health_heart": "Heart problems",
            "physical_health_other": "Other physical conditions",
        }
        widgets = {"physical_health_other": Notes()}


class DifferentialsForm(SectionForm):
    class Meta:
        model = Review
        fields = [
            "differentials_bipolar",
            "differentials_dysthymia",
            "differentials_personality_disorder",
            "differentials_anxiety",
            "differentials_trauma",
            "differentials_notes",
        ]
        labels = {
            "differentials_bipolar": "Bipolar disorder",
            "differentials_dysthymia": "Dysthymia (long-term, milder depression)",
            "differentials_personality_disorder": "Personality disorder",
            "differentials_anxiety": "Anxiety disorder",
            "differentials_trauma": "Trauma-related disorder",
            "differentials_notes": "Notes",
        }
        widgets = {"differentials_notes": Notes()}


class LifeSituationForm(SectionForm):
    life_situation_stressors = forms.MultipleChoiceField(
        label="Stressors",
        choices=choices.Stressor.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Review
        fields = [
            "life_situation_stressors",
            "life_situation_sleep",
            "life_situation_exercise",
            "life_situation_support_network",
            "life_situation_notes",
        ]
        labels = {
            "life_situation_sleep": "Sleep",
            "life_situation_exercise": "Exercise",
            "life_situation_support_network": "Support network",
            "life_situation_notes": "Notes",
        }
        widgets = {"life_situation_notes": Notes()}


class PharmacogenomicForm(SectionForm):
    class Meta:
        model = Review
        fields = ["pharmacogenomic_testing_status", "pharmacogenomic_testing_notes"]
        labels = {
            "pharmacogenomic_testing_status": "Pharmacogenomic testing done?",
            "pharmacogenomic_testing_notes": "Notes",
        }
        widgets = {"pharmacogenomic_testing_notes": Notes()}


class SafetyForm(SectionForm):
    class Meta:
        model = Review
        fields = ["safety_suicidal_thoughts", "safety_self_harm", "safety_notes"]
        labels = {
            "safety_suicidal_thoughts": "Current suicidal thoughts",
            "safety_self_harm": "Self-harm",
            "safety_notes": "Notes",
        }
        widgets = {"safety_notes": Notes()}


class NotesForm(SectionForm):
    class Meta:
        model = Review
        fields = ["clinician_notes"]
        labels = {"clinician_notes": "Clinician's notes"}
        widgets = {"clinician_notes": Notes({"rows": 8})}


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
    """A row of a repeatable section."""

    date_fields = ("start", "end")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        optional_when_defaulted(self)


class SeverityScoreForm(RowForm):
    date_fields = ("date",)
    helper = row_helper(("scale", "score", "date"))

    class Meta:
        model = SeverityScore
        fields = ["scale", "score", "date"]
        widgets = {"date": DateInput()}

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


class MedicationTrialForm(RowForm):
    helper = row_helper(
        ("drug", "drug_class", "role"),
        ("start", "end", "weeks", "max_daily_dose_mg"),
        ("dose_adequate", "adherence", "response", "tolerability"),
        ("reason_stopped", "info_source"),
        ("notes",),
    )
    drug_class = forms.TypedChoiceField(
        label="Class",
        choices=[("", "(from the drug name)"), *choices.DrugClass.choices],
        required=False,
        help_text="Filled in for known drugs; can be changed.",
    )

    class Meta:
        model = MedicationTrial
        fields = [
            "drug",
            "drug_class",
            "role",
            "start",
            "end",
            "weeks",
            "max_daily_dose_mg",
            "dose_adequate",
            "adherence",
            "response",
            "tolerability",
            "reason_stopped",
            "info_source",
            "notes",
        ]
        labels = {
            "weeks": "Weeks on dose",
            "max_daily_dose_mg": "Highest dose (mg/day)",
            "dose_adequate": "Dose adequate?",
            "info_source": "Information from",
        }
        widgets = {
            "drug": forms.TextInput(attrs={"list": "known-drugs", "autocomplete": "off"}),
            "start": DateInput(),
            "end": DateInput(),
            "notes": Notes({"rows": 2}),
        }
        help_texts = {
            "end": "Empty while ongoing.",
            "weeks": "Empty: counted from the dates.",
            "dose_adequate": "Your judgement.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        dose = self.initial.get("max_daily_dose_mg")
        if dose is not None:
            self.initial["max_daily_dose_mg"] = f"{dose.normalize():f}"  # 150.00 shows as 150

    def clean_drug(self):
        return " ".join(self.cleaned_data["drug"].split())

    def clean_max_daily_dose_mg(self):
        dose = self.cleaned_data["max_daily_dose_mg"]
        if dose is not None and dose <= 0:
            raise ValidationError("Enter a dose above 0 mg/day.", code="dose_not_positive")
        return dose

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("drug_class") and cleaned.get("drug"):
            known = drugs.class_for(cleaned["drug"])
            if known:
                cleaned["drug_class"] = known
            else:
                self.add_error(
                    "drug_class",
                    ValidationError(
                        "Choose the class: this drug is not in the list of known drugs.",
                        code="class_required",
                    ),
                )
        return cleaned


class PsychotherapyForm(RowForm):
    helper = row_helper(("modality", "benefit"), ("sessions", "start", "end"), ("notes",))

    class Meta:
        model = Psychotherapy
        fields = ["modality", "sessions", "start", "end", "benefit", "notes"]
        widgets = {"start": DateInput(), "end": DateInput(), "notes": Notes({"rows": 2})}


class ProcedureForm(RowForm):
    helper = row_helper(("kind", "sessions", "response", "relapse"), ("start", "end"), ("notes",))

    class Meta:
        model = Procedure
        fields = ["kind", "sessions", "start", "end", "response", "relapse", "notes"]
        labels = {"relapse": "Relapse afterwards?"}
        widgets = {"start": DateInput(), "end": DateInput(), "notes": Notes({"rows": 2})}


class RowFormSet(forms.BaseInlineFormSet):
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


SeverityScoreFormSet = row_formset(SeverityScore, SeverityScoreForm)
MedicationTrialFormSet = row_formset(MedicationTrial, MedicationTrialForm)
PsychotherapyFormSet = row_formset(Psychotherapy, PsychotherapyForm)
ProcedureFormSet = row_formset(Procedure, ProcedureForm)
