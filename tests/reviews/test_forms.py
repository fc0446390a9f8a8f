"""Validation of every input: which rule fires is asserted by its error code."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from reviews import answer_forms, forms, row_forms
from reviews.models import Review
from tests.factories import MedicationTrialFactory, ReviewFactory

VISIT = datetime.date(2026, 3, 2)
DAY = datetime.timedelta(days=1)

SECTION_FORMS = [
    answer_forms.EpisodeForm,
    answer_forms.AdherenceForm,
    answer_forms.OtherMedicinesForm,
    answer_forms.SubstanceUseForm,
    answer_forms.PhysicalHealthForm,
    answer_forms.DifferentialsForm,
    answer_forms.LifeSituationForm,
    answer_forms.PharmacogenomicForm,
    answer_forms.SafetyForm,
    answer_forms.NotesForm,
]
# Free-text fields of the one-to-one sections, each bounded at 10,000 characters.
NOTES_FIELDS = [
    (form, name)
    for form in SECTION_FORMS
    for name in form.Meta.fields
    if name.endswith(("_notes", "_details", "_other")) or name == "clinician_notes"
]


def defaults(form_class) -> dict:
    """What a clinician posts when saving a section without touching it: its defaults."""
    unbound = form_class(instance=Review(visit_date=VISIT), visit_date=VISIT)
    return {field.name: "" if field.value() is None else field.value() for field in unbound}


def section(form_class, **answers):
    data = {**defaults(form_class), **answers}
    return form_class(data, instance=Review(visit_date=VISIT), visit_date=VISIT)


def trial(**answers):
    data = {"drug": "sertraline", "drug_class": "", "role": "monotherapy", "dose_adequate": "yes"}
    data |= {"adherence": "unknown", "response": "unknown", "tolerability": "unknown"}
    data |= {"info_source": "unknown", **answers}
    return row_forms.MedicationTrialForm(data, visit_date=VISIT)


def score(scale, value, **answers):
    data = {"scale": scale, "score": value, **answers}
    return row_forms.SeverityScoreForm(data, visit_date=VISIT)


def therapy(**answers):
    data = {"modality": "cbt", "benefit": "unknown", **answers}
    return row_forms.PsychotherapyForm(data, visit_date=VISIT)


def procedure(**answers):
    data = {"kind": "rtms", "response": "unknown", "relapse": "unknown", **answers}
    return row_forms.ProcedureForm(data, visit_date=VISIT)


def start(**answers):
    return answer_forms.StartReviewForm({"patient_ref": "MRN-0042", "visit_date": VISIT, **answers})


# --- the visit ------------------------------------------------------------------------------


def test_a_visit_with_reference_and_date_is_valid():
    form = start(patient_ref="  MRN-0042 ")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["patient_ref"] == "MRN-0042"


def test_a_visit_needs_a_patient_reference():
    form = start(patient_ref="   ")
    assert form.has_error("patient_ref", "required")


def test_a_patient_reference_is_at_most_64_characters():
    assert start(patient_ref="R" * 64).is_valid()
    assert start(patient_ref="R" * 65).has_error("patient_ref", "max_length")


def test_a_visit_date_before_1900_is_refused():
    assert start(visit_date="1900-01-01").is_valid()
    assert start(visit_date="1899-12-31").has_error("visit_date", "date_too_early")


def test_a_visit_date_in_the_future_is_refused_with_a_day_of_slack():
    today = timezone.localdate()
    assert start(visit_date=today).is_valid()
    assert start(visit_date=today + DAY).is_valid()
    assert start(visit_date=today + 2 * DAY).has_error("visit_date", "date_in_future")


def test_a_visit_date_that_is_not_a_date_is_refused():
    assert start(visit_date="2026-02-30").has_error("visit_date", "invalid")
    assert start(visit_date="").has_error("visit_date", "required")


# --- episode & severity ---------------------------------------------------------------------


def test_the_untouched_episode_section_is_valid_and_unknown():
    form = section(answer_forms.EpisodeForm)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["episode_psychiatrist_involved"] == "unknown"
    assert form.cleaned_data["episode_onset"] is None


def test_episode_onset_between_1900_and_the_visit():
    assert section(answer_forms.EpisodeForm, episode_onset=VISIT).is_valid()
    early = section(answer_forms.EpisodeForm, episode_onset="1899-12-31")
    assert early.has_error("episode_onset", "date_too_early")
    late = section(answer_forms.EpisodeForm, episode_onset=VISIT + DAY)
    assert late.has_error("episode_onset", "date_after_visit")
    assert "after the visit date (2026-03-02)" in str(late.errors["episode_onset"])


@pytest.mark.parametrize(
    ("field", "highest"), [("episode_duration_months", 1200), ("episode_prior_episodes", 100)]
)
def test_episode_counts_are_bounded(field, highest):
    assert section(answer_forms.EpisodeForm, **{field: highest}).is_valid()
    assert section(answer_forms.EpisodeForm, **{field: 0}).is_valid()
    assert section(answer_forms.EpisodeForm, **{field: highest + 1}).has_error(field, "max_value")
    assert section(answer_forms.EpisodeForm, **{field: -1}).has_error(field, "min_value")
    assert section(answer_forms.EpisodeForm, **{field: "many"}).has_error(field, "invalid")


def test_psychiatrist_involved_takes_only_yes_no_unknown():
    form = section(answer_forms.EpisodeForm, episode_psychiatrist_involved="maybe")
    assert form.has_error("episode_psychiatrist_involved", "invalid_choice")


SCALE_MAXIMA = [("phq9", 27), ("madrs", 60), ("hamd17", 52), ("bdi2", 63), ("qids_sr16", 27)]


@pytest.mark.parametrize(("scale", "highest"), SCALE_MAXIMA)
def test_severity_scores_run_from_zero_to_the_scale_maximum(scale, highest):
    assert score(scale, 0).is_valid()
    assert score(scale, highest).is_valid()
    too_high = score(scale, highest + 1)
    assert too_high.has_error("score", "score_out_of_range")
    assert f"scores run from 0 to {highest}" in str(too_high.errors["score"])


def test_a_negative_severity_score_is_refused():
    assert score("phq9", -1).has_error("score", "min_value")


def test_a_severity_score_needs_its_scale_and_number():
    assert score("", 10).has_error("scale", "required")
    assert score("phq9", "").has_error("score", "required")
    assert score("gad7", 10).has_error("scale", "invalid_choice")


def test_a_severity_score_date_lies_between_1900_and_the_visit():
    assert score("phq9", 19, date=VISIT).is_valid()
    assert score("phq9", 19, date=VISIT + DAY).has_error("date", "date_after_visit")
    assert score("phq9", 19, date="1899-12-31").has_error("date", "date_too_early")


# --- medication trials ----------------------------------------------------------------------


def test_a_known_drug_fills_in_its_class():
    form = trial(drug="  Sertraline ", drug_class="")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["drug_class"] == "ssri"
    assert form.instance.drug_class == "ssri"
    assert form.instance.drug == "Sertraline"


def test_a_class_chosen_by_the_clinician_wins_over_the_known_one():
    form = trial(drug="bupropion", drug_class="other_antidepressant")
    assert form.is_valid(), form.errors
    assert form.instance.drug_class == "other_antidepressant"


def test_an_unknown_drug_needs_a_class():
    form = trial(drug="Remedium forte", drug_class="")
    assert form.has_error("drug_class", "class_required")
    assert trial(drug="Remedium forte", drug_class="other").is_valid()


@pytest.mark.parametrize(
    ("drug", "named", "kind"),
    [
        ("Spravato", "Spravato (esketamine)", "Esketamine (nasal)"),
        ("esketamine", "esketamine", "Esketamine (nasal)"),
        ("Ketalar", "Ketalar (ketamine)", "Ketamine (IV)"),
        ("oral ketamine", "oral ketamine", "Ketamine (oral)"),
    ],
)
def test_esketamine_and_ketamine_are_refused_as_medicines(drug, named, kind):
    # Whatever class is chosen: the review records them under procedures (reviews.facts.drugs).
    for drug_class in ("", "other", "other_antidepressant"):
        form = trial(drug=drug, drug_class=drug_class, role="augmentation")
        assert form.has_error("drug", "record_as_procedure")
        assert form.errors["drug"] == [
            f"{named} is recorded under Procedures, not as a medication trial. "
            f'Add it on the Procedures step, kind "{kind}".'
        ]
        assert "drug_class" not in form.errors  # no second message about the class


@pytest.mark.django_db
def test_a_refused_esketamine_row_is_named_as_its_legend_names_it(clinician):
    review = ReviewFactory(clinician=clinician, visit_date=VISIT)
    prefix = row_forms.MedicationTrialFormSet.get_default_prefix()
    data = {f"{prefix}-TOTAL_FORMS": "3", f"{prefix}-INITIAL_FORMS": "0"}
    for index, drug in enumerate(["sertraline", "vortioxetine", "Spravato"]):
        data |= {f"{prefix}-{index}-drug": drug, f"{prefix}-{index}-role": "monotherapy"}
    formset = row_forms.MedicationTrialFormSet(
        data, instance=review, form_kwargs={"visit_date": VISIT}
    )

    assert not formset.is_valid()
    assert formset.errors[:2] == [{}, {}]
    assert formset.forms[2].errors["drug"] == [
        "Medication trial 3: Spravato (esketamine) is recorded under Procedures, not as a "
        'medication trial. Add it on the Procedures step, kind "Esketamine (nasal)".'
    ]


def test_a_trial_needs_a_drug_name():
    assert trial(drug="   ").has_error("drug", "required")


def test_spaces_inside_a_drug_name_are_collapsed():
    form = trial(drug="venlafaxine    XR", drug_class="snri")
    assert form.is_valid()
    assert form.cleaned_data["drug"] == "venlafaxine XR"


def test_a_drug_name_is_at_most_100_characters():
    assert trial(drug="x" * 100, drug_class="other").is_valid()
    assert trial(drug="x" * 101, drug_class="other").has_error("drug", "max_length")


def test_a_trial_ending_before_it_started_is_refused():
    assert trial(start="2025-05-01", end="2025-05-01").is_valid()
    form = trial(start="2025-05-01", end="2025-04-30")
    assert form.has_error("end", "end_before_start")


@pytest.mark.parametrize("field", ["start", "end"])
def test_trial_dates_lie_between_1900_and_the_visit(field):
    assert trial(**{field: VISIT}).is_valid()
    assert trial(**{field: VISIT + DAY}).has_error(field, "date_after_visit")
    assert trial(**{field: "1899-12-31"}).has_error(field, "date_too_early")
    assert trial(**{field: "2025-13-01"}).has_error(field, "invalid")


@pytest.mark.parametrize("dose", ["0", "-5", "0.00"])
def test_a_dose_must_be_above_zero(dose):
    assert trial(max_daily_dose_mg=dose).has_error("max_daily_dose_mg", "dose_not_positive")


@pytest.mark.django_db
def test_a_saved_dose_shows_plainly_and_posting_it_back_is_no_change():
    saved = MedicationTrialFactory(max_daily_dose_mg=Decimal("150.00"), dose_adequate="yes")
    unbound = row_forms.MedicationTrialForm(instance=saved, visit_date=VISIT)
    assert unbound["max_daily_dose_mg"].value() == Decimal("150")
    assert 'value="150"' in str(unbound["max_daily_dose_mg"])
    posted = {name: unbound[name].value() for name in unbound.fields if name != "id"}
    data = {name: "" if value is None else value for name, value in posted.items()}
    assert not row_forms.MedicationTrialForm(data, instance=saved, visit_date=VISIT).has_changed()


def test_dose_bounds():
    assert trial(max_daily_dose_mg="0.01").is_valid()
    assert trial(max_daily_dose_mg="100000").is_valid()
    assert trial(max_daily_dose_mg="100000.01").has_error("max_daily_dose_mg", "max_value")
    assert trial(max_daily_dose_mg="12.505").has_error("max_daily_dose_mg", "max_decimal_places")
    assert trial(max_daily_dose_mg="lots").has_error("max_daily_dose_mg", "invalid")
    assert trial(max_daily_dose_mg="NaN").has_error("max_daily_dose_mg", "invalid")


def test_weeks_on_dose_are_bounded():
    assert trial(weeks=1040).is_valid()
    assert trial(weeks=1041).has_error("weeks", "max_value")
    assert trial(weeks=-1).has_error("weeks", "min_value")


def test_reason_stopped_is_at_most_200_characters():
    assert trial(reason_stopped="r" * 200).is_valid()
    assert trial(reason_stopped="r" * 201).has_error("reason_stopped", "max_length")


def test_trial_notes_are_at_most_10000_characters():
    assert trial(notes="n" * 10_000).is_valid()
    assert trial(notes="n" * 10_001).has_error("notes", "max_length")


@pytest.mark.parametrize(
    ("field", "value"),
    [("role", "solo"), ("adherence", "sometimes"), ("response", "great"), ("info_source", "web")],
)
def test_coded_answers_take_only_their_codes(field, value):
    assert trial(**{field: value}).has_error(field, "invalid_choice")


# --- psychotherapies and procedures ---------------------------------------------------------


@pytest.mark.parametrize("row", [therapy, procedure])
def test_sessions_are_bounded(row):
    assert row(sessions=0).is_valid()
    assert row(sessions=1000).is_valid()
    assert row(sessions=1001).has_error("sessions", "max_value")
    assert row(sessions=-1).has_error("sessions", "min_value")


@pytest.mark.parametrize("row", [therapy, procedure])
def test_therapy_and_procedure_dates(row):
    assert row(start="2024-01-01", end="2024-03-01").is_valid()
    assert row(start="2024-03-01", end="2024-01-01").has_error("end", "end_before_start")
    assert row(start="1899-12-31").has_error("start", "date_too_early")
    assert row(end=VISIT + DAY).has_error("end", "date_after_visit")


def test_a_psychotherapy_needs_its_modality():
    assert therapy(modality="").has_error("modality", "required")
    assert therapy(modality="hypnosis").has_error("modality", "invalid_choice")


def test_a_procedure_needs_its_kind():
    assert procedure(kind="").has_error("kind", "required")


def test_without_a_visit_date_only_the_1900_bound_applies():
    data = {"kind": "ect", "response": "unknown", "relapse": "no", "end": VISIT}
    form = row_forms.ProcedureForm(data)
    assert form.is_valid(), form.errors


# --- the one-to-one sections ----------------------------------------------------------------


@pytest.mark.parametrize("form_class", SECTION_FORMS, ids=lambda f: f.__name__)
def test_every_section_is_valid_when_left_at_its_defaults(form_class):
    form = section(form_class)
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    ("form_class", "field"), NOTES_FIELDS, ids=[name for _, name in NOTES_FIELDS]
)
def test_free_text_is_at_most_10000_characters(form_class, field):
    assert section(form_class, **{field: "a" * 10_000}).is_valid()
    assert section(form_class, **{field: "a" * 10_001}).has_error(field, "max_length")


def test_every_section_but_the_episode_has_bounded_free_text():
    assert {form for form, _ in NOTES_FIELDS} == set(SECTION_FORMS) - {answer_forms.EpisodeForm}


def test_barriers_and_stressors_take_only_their_codes():
    assert section(answer_forms.AdherenceForm, adherence_barriers=["cost", "access"]).is_valid()
    bad = section(answer_forms.AdherenceForm, adherence_barriers=["cost", "weather"])
    assert bad.has_error("adherence_barriers", "invalid_choice")
    bad = section(answer_forms.LifeSituationForm, life_situation_stressors=["boredom"])
    assert bad.has_error("life_situation_stressors", "invalid_choice")


def test_assessments_take_not_assessed_absent_present_uncertain():
    for value in ("not_assessed", "absent", "present", "uncertain"):
        assert section(answer_forms.PhysicalHealthForm, physical_health_thyroid=value).is_valid()
    bad = section(answer_forms.PhysicalHealthForm, physical_health_thyroid="yes")
    assert bad.has_error("physical_health_thyroid", "invalid_choice")


def test_short_value_sets_show_as_radio_buttons():
    form = answer_forms.SafetyForm(instance=Review(visit_date=VISIT), visit_date=VISIT)
    assert 'type="radio"' in str(form["safety_suicidal_thoughts"])


# --- repeatable rows and the step controls --------------------------------------------------


@pytest.mark.django_db
def test_a_section_takes_at_most_100_rows(clinician):
    review = ReviewFactory(clinician=clinician, visit_date=VISIT)
    prefix = row_forms.PsychotherapyFormSet.get_default_prefix()
    data = {f"{prefix}-TOTAL_FORMS": "101", f"{prefix}-INITIAL_FORMS": "0"}
    for index in range(101):
        data |= {f"{prefix}-{index}-modality": "cbt", f"{prefix}-{index}-benefit": "unknown"}
    formset = row_forms.PsychotherapyFormSet(
        data, instance=review, form_kwargs={"visit_date": VISIT}
    )
    assert not formset.is_valid()
    assert [error.code for error in formset.non_form_errors().as_data()] == ["too_many_forms"]


def test_the_step_controls_need_a_version_of_at_least_one():
    slugs = ("visit", "episode")
    assert forms.StepControlForm({"version": "3"}, slugs=slugs).is_valid()
    assert forms.StepControlForm({}, slugs=slugs).has_error("version", "required")
    assert forms.StepControlForm({"version": "0"}, slugs=slugs).has_error("version", "min_value")
    assert forms.StepControlForm({"version": "x"}, slugs=slugs).has_error("version", "invalid")


def test_the_step_controls_take_only_known_buttons_and_steps():
    slugs = ("visit", "episode")
    form = forms.StepControlForm({"version": "1", "action": "delete"}, slugs=slugs)
    assert form.has_error("action", "invalid_choice")
    form = forms.StepControlForm({"version": "1", "goto": "admin"}, slugs=slugs)
    assert form.has_error("goto", "invalid_choice")
    form = forms.StepControlForm({"version": "1", "goto": "episode"}, slugs=slugs)
    assert form.is_valid() and form.cleaned_data["goto"] == "episode"


def test_a_code_ticked_twice_is_refused_as_the_import_refuses_it():
    once = section(answer_forms.AdherenceForm, adherence_barriers=["cost", "access"])
    assert once.is_valid(), once.errors
    repeated = section(answer_forms.AdherenceForm, adherence_barriers=["cost"] * 900)
    assert repeated.has_error("adherence_barriers", "repeated_code")
