"""The walk-through as a clinician drives it without JavaScript: read the page, change some
fields, press a button.

Each POST is built from the form the page actually shows (hidden version, management form, saved
answers), so a test submits exactly what a browser would.
"""

import datetime
import html
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse

import reviews.urls
from reviews import services
from reviews.answer_forms import step_form
from reviews.models import Review
from reviews.row_forms import step_formset
from reviews.steps import SLUGS, STEPS_BY_SLUG

VISIT = datetime.date(2026, 3, 2)
TOO_LONG = "x" * 10_001
TOO_LONG_MESSAGE = "Ensure this value has at most 10000 characters (it has 10001)."
CONFLICT = "was saved from another tab or window while this page was open"
FINAL = "This review is final and can no longer be changed."
FORMSET_STEPS = [slug for slug in SLUGS if step_formset(STEPS_BY_SLUG[slug]) is not None]

# What a clinician answers on each step: the form's columns, and the rows of its formset.
ANSWERS = {
    "visit": {"fields": {"patient_ref": "MRN-0099", "visit_date": datetime.date(2026, 3, 1)}},
    "episode": {
        "fields": {
            "episode_onset": "2024-03",  # known to the month
            "episode_duration_months": 20,
            "episode_prior_episodes": 2,
            "episode_psychiatrist_involved": "yes",
        },
        "rows": [{"scale": "madrs", "score": 31, "date": "2026-02-20"}],
    },
    "medication": {
        "rows": [
            {
                "drug": "sertraline",
                "drug_class": "ssri",
                "given_for": "depression",
                "role": "monotherapy",
                "start": "2024-04-01",
                "end": "2024-06-15",
                "ongoing": "no",
                "weeks": None,
                "max_daily_dose_mg": Decimal("150.50"),
                "dose_adequate": "yes",
                "adherence": "as_prescribed",
                "response": "none",
                "improvement_percent": 10,
                "tolerability": "tolerated",
                "stopped_because": "no_effect",
                "reason_stopped": "no effect",
                "info_source": "records",
                "notes": "",
            }
        ]
    },
    "adherence": {
        "fields": {
            "adherence_taking_as_prescribed": "partly",
            "adherence_missed_appointments": "no",
            "adherence_stopped_when_better": "yes",
            "adherence_barriers": ["cost", "side_effects"],
            "adherence_notes": "Pharmacy is 40 minutes away.",
        }
    },
    "other-medicines": {
        "fields": {
            "other_medicines_reviewed": "yes",
            "other_medicines_details": "St John's wort since May",
        }
    },
    "substance-use": {
        "fields": {
            "substance_use_alcohol": "heavy",
            "substance_use_recreational_drugs": "no",
            "substance_use_cannabis": "yes",
            "substance_use_being_addressed": "no",
            "substance_use_notes": "Drinks alone <most> evenings & weekends",
        }
    },
    "physical-health": {
        "fields": {
            "physical_health_thyroid": "present",
            "physical_health_chronic_pain": "absent",
            "physical_health_heart": "uncertain",
            "physical_health_other": "Type 2 diabetes",
        }
    },
    "differentials": {
        "fields": {
            "differentials_bipolar": "uncertain",
            "differentials_dysthymia": "absent",
            "differentials_personality_disorder": "not_assessed",
            "differentials_anxiety": "present",
            "differentials_trauma": "absent",
            "differentials_notes": "Hypomania in 2019?",
        }
    },
    "life-situation": {
        "fields": {
            "life_situation_stressors": ["relationship", "financial"],
            "life_situation_sleep": "poor",
            "life_situation_exercise": "none",
            "life_situation_support_network": "limited",
            "life_situation_notes": "Recently separated",
        }
    },
    "psychotherapies": {
        "rows": [
            {
                "modality": "cbt",
                "sessions": 12,
                "start": "2023-01-10",
                "end": "2023-04-01",
                "benefit": "partial",
                "notes": "group format",
            }
        ]
    },
    "procedures": {
        "rows": [
            {
                "kind": "rtms",
                "sessions": 32,
                "start": "2025-01-10",
                "end": "2025-02-25",
                "response": "remission",
                "relapse": "yes",
                "notes": "",
            }
        ]
    },
    "pharmacogenomics": {
        "fields": {
            "pharmacogenomic_testing_status": "no",
            "pharmacogenomic_testing_notes": "Not covered by the insurer",
        }
    },
    "safety": {
        "fields": {
            "safety_suicidal_thoughts": "no",
            "safety_self_harm": "no",
            "safety_notes": "Safety plan reviewed",
        }
    },
    "notes": {"fields": {"clinician_notes": "Follow up in 4 weeks.\nBring the pharmacy list."}},
}


def invalid_input(slug: str) -> tuple[dict, str]:
    """One mistake per step, beside some valid typing: (changes, the message the page shows).

    On steps with rows, the typing goes into the blank row after the one saved row.
    """
    episode, trial, therapy, procedure = (
        row_names(step, 1) for step in ("episode", "medication", "psychotherapies", "procedures")
    )
    cases = {
        "visit": ({"patient_ref": "MRN-TYPED", "visit_date": "1899-12-31"}, "before 1900"),
        "episode": (
            {"episode_prior_episodes": "7", episode["scale"]: "phq9", episode["score"]: "28"},
            "PHQ-9 scores run from 0 to 27.",
        ),
        "medication": (
            {trial["drug"]: "Remedium forte", trial["reason_stopped"]: "rash"},
            "Choose the class: this drug is not in the list of known drugs.",
        ),
        "psychotherapies": (
            {therapy["modality"]: "dbt", therapy["sessions"]: "1001"},
            "Ensure this value is less than or equal to 1000.",
        ),
        "procedures": (
            {
                procedure["kind"]: "ect",
                procedure["start"]: "2025-02-25",
                procedure["end"]: "2025-01-10",
            },
            "The end date is before the start date.",
        ),
    }
    if slug in cases:
        return cases[slug]
    # The one-to-one sections: a choice changed, and free text over the 10,000-character bound.
    answers = ANSWERS[slug]["fields"]
    form_fields = step_form(STEPS_BY_SLUG[slug]).base_fields
    changes = {list(answers)[-1]: TOO_LONG}
    choice = next((name for name in answers if getattr(form_fields[name], "choices", None)), "")
    if choice:  # the notes step has nothing but text
        changes[choice] = next(
            code for code, _ in form_fields[choice].choices if code != answers[choice]
        )
    return changes, TOO_LONG_MESSAGE


@pytest.fixture
def review(clinician):
    return services.start_review(by=clinician, patient_ref="MRN-0042", visit_date=VISIT)


# --- reading pages like a browser -----------------------------------------------------------


class FormReader(HTMLParser):
    """The values a browser would submit from <form id=...>, and the rows it shows."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id = form_id
        self.fields: dict[str, list[str]] = {}
        self.legends: list[str] = []
        self._in_form = False
        self._in_template = 0
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._option: str | None = None
        self._textarea: str | None = None
        self._legend: list[str] | None = None

    def add(self, name, value):
        self.fields.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == self.form_id:
            self._in_form = True
        if tag == "template":
            self._in_template += 1
        if not self._in_form or self._in_template or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.add(name, a.get("value") or "on")
            elif kind not in ("submit", "button", "reset", "image"):
                self.add(name, a.get("value") or "")
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
        elif tag == "option" and self._select:
            value = a.get("value") or ""
            if self._select_first is None:
                self._select_first = value
            if "selected" in a and not self._select_chosen:
                self._select_chosen = True
                self.add(self._select, value)
        elif tag == "textarea" and name:
            self._textarea = name
            self.add(name, "")
        elif tag == "legend" and "card-header" in (a.get("class") or ""):
            self._legend = []

    def handle_endtag(self, tag):
        if tag == "template":
            self._in_template -= 1
        elif tag == "form" and self._in_form:
            self._in_form = False
        elif tag == "select" and self._select:
            if not self._select_chosen and self._select_first is not None:
                self.add(self._select, self._select_first)
            self._select = None
        elif tag == "textarea" and self._textarea:
            value = self.fields[self._textarea][-1]
            # Browsers drop the newline right after <textarea>.
            self.fields[self._textarea][-1] = value[1:] if value.startswith("\n") else value
            self._textarea = None
        elif tag == "legend" and self._legend is not None:
            self.legends.append(" ".join("".join(self._legend).split()))
            self._legend = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea][-1] += data
        if self._legend is not None:
            self._legend.append(data)


def read_form(response, form_id="step-form") -> FormReader:
    reader = FormReader(form_id)
    reader.feed(response.content.decode())
    assert reader.fields, f"no <form id={form_id}> on the page"
    return reader


def shown(response) -> dict[str, str | list[str]]:
    """Field name -> what the page shows (a list for check boxes)."""
    fields = read_form(response).fields
    return {name: values if len(values) > 1 else values[0] for name, values in fields.items()}


def page_text(response) -> str:
    """The page's text as a reader sees it: no tags, entities decoded, spaces collapsed."""
    body = response.content.decode()
    body = re.sub(r"<(script|style|template)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def as_text(value) -> str | list[str]:
    if value is None:
        return ""
    if isinstance(value, list):
        return [str(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"  # a dose of 150.50 mg shows as 150.5
    return str(value)


def step_url(review, slug):
    return reverse("review_step", args=[review.pk, slug])


def row_prefix(slug: str) -> str:
    return step_formset(STEPS_BY_SLUG[slug]).get_default_prefix()


def row_names(slug: str, index: int) -> dict[str, str]:
    """Field name -> its name in the posted data, for row `index` of the step's formset."""
    formset = step_formset(STEPS_BY_SLUG[slug])
    if formset is None:
        return {}
    names = [*formset.form.base_fields, "id", "DELETE"]
    return {name: f"{row_prefix(slug)}-{index}-{name}" for name in names}


def answers_as_changes(slug: str, first_row: int = 0) -> dict:
    answers = ANSWERS[slug]
    changes = {name: as_text(value) for name, value in answers.get("fields", {}).items()}
    for offset, row in enumerate(answers.get("rows", [])):
        names = row_names(slug, first_row + offset)
        changes |= {names[name]: as_text(value) for name, value in row.items()}
    return changes


def submit(client, review, slug, changes=None, *, button=("action", "next"), page=None):
    """Load the step (unless a page is given), change some fields, press a button."""
    page = page if page is not None else client.get(step_url(review, slug))
    assert page.status_code in (200, 400, 409), page.status_code
    data = {**shown(page), **(changes or {})}
    data = {name: value for name, value in data.items() if value is not None}
    if button:
        data[button[0]] = button[1]
    return client.post(step_url(review, slug), data)


def store_answers(review, slug) -> None:
    """Put a step's answers straight into the database, as an earlier visit would have."""
    answers = ANSWERS[slug]
    Review.objects.filter(pk=review.pk).update(**answers.get("fields", {}))
    model = step_formset(STEPS_BY_SLUG[slug]).model if "rows" in answers else None
    for row in answers.get("rows", []):
        model.objects.create(review=review, **row)


def assert_saved(review, slug, copies=1) -> None:
    stored = Review.objects.get(pk=review.pk)
    for name, value in ANSWERS[slug].get("fields", {}).items():
        assert getattr(stored, name) == value, name
    if "rows" in ANSWERS[slug]:
        related = getattr(stored, row_prefix(slug))
        rows = list(related.values(*ANSWERS[slug]["rows"][0]))
        assert rows == ANSWERS[slug]["rows"] * copies


def snapshot(review) -> dict:
    """Everything stored for the review, to prove a request changed nothing."""
    fresh = Review.objects.get(pk=review.pk)
    return {
        "review": Review.objects.filter(pk=review.pk).values().get(),
        **{
            name: list(getattr(fresh, name).values())
            for name in ("severity_scores", "medication_trials", "psychotherapies", "procedures")
        },
    }


def location_of(slug_or_page: str, review) -> str:
    if slug_or_page == "finish":
        return reverse("review_finish", args=[review.pk])
    if slug_or_page == "home":
        return reverse("home")
    return step_url(review, slug_or_page)


# --- every step: show, save, navigate -------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_a_step_shows_the_saved_answers(signed_in_client, review, slug):
    store_answers(review, slug)
    response = signed_in_client.get(step_url(review, slug))
    assert response.status_code == 200
    fields = shown(response)
    for name, value in answers_as_changes(slug).items():
        assert fields[name] == value, name
    assert STEPS_BY_SLUG[slug].title in page_text(response)


@pytest.mark.parametrize("slug", SLUGS)
def test_a_step_of_a_new_review_shows_unknown_not_filled_in(signed_in_client, review, slug):
    response = signed_in_client.get(step_url(review, slug))
    assert response.status_code == 200
    fields = shown(response)
    for name, value in ANSWERS[slug].get("fields", {}).items():
        if slug != "visit" and isinstance(value, str):
            assert fields[name] in ("", "unknown", "not_assessed"), name
    if slug in FORMSET_STEPS:
        # One blank row, ready to type into without JavaScript.
        assert fields[f"{row_prefix(slug)}-TOTAL_FORMS"] == "1"
        assert fields[f"{row_prefix(slug)}-INITIAL_FORMS"] == "0"


@pytest.mark.parametrize("slug", SLUGS)
def test_save_and_continue_saves_the_answers_and_goes_to_the_next_step(
    signed_in_client, review, slug
):
    response = submit(signed_in_client, review, slug, answers_as_changes(slug))
    index = SLUGS.index(slug)
    following = SLUGS[index + 1] if index + 1 < len(SLUGS) else "finish"
    assert response.status_code == 302
    assert response["Location"] == location_of(following, review)
    assert_saved(review, slug)
    stored = Review.objects.get(pk=review.pk)
    assert slug in stored.completed_steps
    assert stored.lock_version == 2


@pytest.mark.parametrize("slug", SLUGS)
def test_save_and_go_back_goes_to_the_previous_step(signed_in_client, review, slug):
    response = submit(
        signed_in_client, review, slug, answers_as_changes(slug), button=("action", "back")
    )
    index = SLUGS.index(slug)
    assert response.status_code == 302
    assert response["Location"] == location_of(SLUGS[max(index - 1, 0)], review)
    assert_saved(review, slug)


@pytest.mark.parametrize("slug", SLUGS)
def test_save_and_exit_goes_home_and_keeps_a_draft(signed_in_client, review, slug):
    response = submit(
        signed_in_client, review, slug, answers_as_changes(slug), button=("action", "exit")
    )
    assert response.status_code == 302
    assert response["Location"] == location_of("home", review)
    assert_saved(review, slug)
    home = signed_in_client.get(response["Location"])
    patient_ref = Review.objects.get(pk=review.pk).patient_ref
    assert f"Saved. Review of {patient_ref} is kept as a draft." in page_text(home)


@pytest.mark.parametrize("slug", SLUGS)
def test_a_step_picked_from_the_list_saves_and_goes_there(signed_in_client, review, slug):
    target = "safety" if slug != "safety" else "episode"
    response = submit(
        signed_in_client, review, slug, answers_as_changes(slug), button=("goto", target)
    )
    assert response.status_code == 302
    assert response["Location"] == location_of(target, review)
    assert_saved(review, slug)
    # A clinician coming back later picks up where they were heading.
    assert Review.objects.get(pk=review.pk).last_step == target


@pytest.mark.parametrize("slug", SLUGS)
def test_save_and_finish_saves_and_goes_to_the_finish_page(signed_in_client, review, slug):
    response = submit(
        signed_in_client, review, slug, answers_as_changes(slug), button=("goto", "finish")
    )
    assert response.status_code == 302
    assert response["Location"] == location_of("finish", review)
    assert_saved(review, slug)


def test_enter_in_a_field_means_save_and_continue(signed_in_client, review):
    # The page's first submit button is a hidden "Save and continue", so Enter posts action=next.
    page = signed_in_client.get(step_url(review, "episode"))
    first_button = re.search(
        r'<button type="submit" name="(\w+)" value="(\w+)"', page.content.decode()
    )
    assert first_button.groups() == ("action", "next")


# --- mistakes are shown, typed input kept, nothing saved lost -------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_a_mistake_is_shown_with_the_typed_input_and_nothing_is_lost(
    signed_in_client, review, slug
):
    store_answers(review, slug)
    before = snapshot(review)
    changes, message = invalid_input(slug)

    response = submit(signed_in_client, review, slug, changes)

    assert response.status_code == 400
    assert message in page_text(response)
    fields = shown(response)
    for name, value in changes.items():
        assert fields[name] == value, name
    assert snapshot(review) == before
    if slug in FORMSET_STEPS:
        # The saved row is still on screen beside the typed one.
        for name, value in answers_as_changes(slug).items():
            if name.startswith(f"{row_prefix(slug)}-0-"):
                assert fields[name] == value, name


def test_a_refused_visit_change_leaves_the_heading_on_the_saved_patient(signed_in_client, review):
    # The heading and the window title say whose review this is; an unsaved reference typed into
    # the form must not take their place.
    response = submit(
        signed_in_client, review, "visit", {"patient_ref": "MRN-TYPED", "visit_date": "1850-01-01"}
    )
    assert response.status_code == 400
    assert "Review of MRN-0042" in page_text(response)
    assert "<title>Error: Visit · MRN-0042" in response.content.decode()


@pytest.mark.parametrize("slug", SLUGS)
def test_a_corrected_mistake_saves(signed_in_client, review, slug):
    store_answers(review, slug)
    changes, _ = invalid_input(slug)
    response = submit(signed_in_client, review, slug, changes)
    assert response.status_code == 400
    # Correct the page just shown: the stored answers again, and on steps with rows the typed
    # row made a copy of the saved one.
    corrected = answers_as_changes(slug) | answers_as_changes(slug, first_row=1)
    response = submit(signed_in_client, review, slug, corrected, page=response)
    assert response.status_code == 302
    assert_saved(review, slug, copies=2 if slug in FORMSET_STEPS else 1)


# --- rows without JavaScript ----------------------------------------------------------------


@pytest.mark.parametrize("slug", FORMSET_STEPS)
def test_add_another_row_without_javascript(signed_in_client, review, slug):
    response = submit(
        signed_in_client, review, slug, answers_as_changes(slug), button=("action", "stay")
    )
    assert response.status_code == 302
    assert response["Location"] == step_url(review, slug)

    page = signed_in_client.get(response["Location"])
    reader = read_form(page)
    prefix = row_prefix(slug)
    # The saved row and a fresh blank one below it.
    assert shown(page)[f"{prefix}-TOTAL_FORMS"] == "2"
    assert len(reader.legends) == 2
    first_field = next(iter(step_formset(STEPS_BY_SLUG[slug]).form.base_fields))  # drug, scale, ...
    assert shown(page)[row_names(slug, 1)[first_field]] == ""

    response = submit(
        signed_in_client,
        review,
        slug,
        answers_as_changes(slug, first_row=1),
        page=page,
        button=("action", "stay"),
    )
    assert response.status_code == 302
    assert getattr(Review.objects.get(pk=review.pk), prefix).count() == 2
    assert shown(signed_in_client.get(step_url(review, slug)))[f"{prefix}-TOTAL_FORMS"] == "3"


@pytest.mark.parametrize("slug", FORMSET_STEPS)
def test_an_untouched_blank_row_saves_nothing(signed_in_client, review, slug):
    changes = {name: value for name, value in answers_as_changes(slug).items() if "-" not in name}
    response = submit(signed_in_client, review, slug, changes)
    assert response.status_code == 302
    assert not getattr(Review.objects.get(pk=review.pk), row_prefix(slug)).exists()


@pytest.mark.parametrize("slug", FORMSET_STEPS)
def test_remove_a_row_without_javascript(signed_in_client, review, slug):
    store_answers(review, slug)
    store_answers(review, slug)  # two identical rows; the first goes
    related = getattr(Review.objects.get(pk=review.pk), row_prefix(slug))
    kept = related.order_by("id").last().pk

    response = submit(signed_in_client, review, slug, {row_names(slug, 0)["DELETE"]: "on"})

    assert response.status_code == 302
    assert list(related.values_list("pk", flat=True)) == [kept]
    page = signed_in_client.get(step_url(review, slug))
    assert shown(page)[f"{row_prefix(slug)}-INITIAL_FORMS"] == "1"


def test_a_known_drug_gets_its_class_without_javascript(signed_in_client, review):
    row = row_names("medication", 0)
    response = submit(signed_in_client, review, "medication", {row["drug"]: " Venlafaxine "})
    assert response.status_code == 302
    trial = Review.objects.get(pk=review.pk).medication_trials.get()
    assert (trial.drug, trial.drug_class) == ("Venlafaxine", "snri")


def test_an_esketamine_row_is_refused_with_its_number_and_the_typing_kept(signed_in_client, review):
    store_answers(review, "medication")  # one saved trial: sertraline
    before = snapshot(review)
    row = row_names("medication", 1)
    changes = {
        row["drug"]: "Spravato",
        row["drug_class"]: "other",
        row["role"]: "augmentation",
        row["start"]: "2025-09",
        row["max_daily_dose_mg"]: "84",
        row["notes"]: "twice weekly, then weekly",
    }

    response = submit(signed_in_client, review, "medication", changes)

    assert response.status_code == 400
    assert (
        "Medication trial 2: Spravato (esketamine) is recorded under Procedures, not as a "
        'medication trial. Add it on the Procedures step, kind "Esketamine (nasal)".'
    ) in page_text(response)
    fields = shown(response)
    for name, value in changes.items():
        assert fields[name] == value, name
    assert snapshot(review) == before
    # The refused input is kept as unsaved input: leaving the page loses nothing.
    again = signed_in_client.get(step_url(review, "medication"))
    assert shown(again)[row["notes"]] == "twice weekly, then weekly"


def test_autosave_keeps_an_esketamine_row_and_only_saving_refuses_it(signed_in_client, review):
    autosave = reverse("review_step_autosave", args=[review.pk, "medication"])
    row = row_names("medication", 0)
    response = signed_in_client.post(
        autosave, {"_changed": [row["drug"]], row["drug"]: "esketamine"}
    )
    assert response["X-TRD-Autosave"] == "saved"

    restored = signed_in_client.get(step_url(review, "medication"))
    assert restored.status_code == 200
    assert shown(restored)[row["drug"]] == "esketamine"
    assert "recorded under Procedures" not in page_text(restored)  # not checked until saved

    refused = submit(signed_in_client, review, "medication", page=restored)
    assert refused.status_code == 400
    assert "Medication trial 1: esketamine is recorded under Procedures" in page_text(refused)
    assert not Review.objects.get(pk=review.pk).medication_trials.exists()


def test_saved_trials_show_the_weeks_counted(signed_in_client, review):
    store_answers(review, "medication")
    page = signed_in_client.get(step_url(review, "medication"))
    # 2024-04-01 to 2024-06-15 is 75 days: ten whole weeks, from the dates.
    text = page_text(page)
    assert "Weeks at an adequate dose: 10 (from dates, may include titration)." in text
    assert "Current episode: cannot tell (onset or dates not recorded)." in text


def test_the_step_list_marks_saved_steps_and_the_current_one(signed_in_client, review):
    submit(signed_in_client, review, "episode", answers_as_changes("episode"))
    page = signed_in_client.get(step_url(review, "medication")).content.decode()
    items = re.findall(
        r'value="([\w-]+)"\s+class="[^"]*step-link[^"]*"\s*(aria-current="step")?', page
    )
    assert [slug for slug, _ in items] == list(SLUGS)
    assert [slug for slug, current in items if current] == ["medication"]
    saved = re.findall(r'value="([\w-]+)"[^>]*>\s*\d+\. [^<]*<span class="step-saved"', page)
    assert saved == ["visit", "episode"]


# --- two tabs -------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_a_stale_page_gets_a_conflict_keeps_the_input_and_can_be_saved_again(
    signed_in_client, review, slug
):
    page = signed_in_client.get(step_url(review, slug))  # this tab: version 1
    other = "notes" if slug != "notes" else "safety"
    other_tab = submit(signed_in_client, review, other, {}, button=("action", "stay"))
    assert other_tab.status_code == 302
    before = snapshot(review)
    changes = answers_as_changes(slug)

    response = submit(signed_in_client, review, slug, changes, page=page)

    assert response.status_code == 409
    assert CONFLICT in page_text(response)
    fields = shown(response)
    for name, value in changes.items():
        assert fields[name] == value, name
    assert fields["version"] == "2"
    assert snapshot(review) == before

    again = submit(signed_in_client, review, slug, page=response)
    assert again.status_code == 302
    assert_saved(review, slug)
    assert Review.objects.get(pk=review.pk).lock_version == 3


def test_a_stale_page_with_a_row_removed_in_another_tab_gets_the_conflict_message(
    signed_in_client, review
):
    store_answers(review, "psychotherapies")
    page = signed_in_client.get(step_url(review, "psychotherapies"))
    # The other tab removes the therapy row.
    other_tab = submit(
        signed_in_client,
        review,
        "psychotherapies",
        {row_names("psychotherapies", 0)["DELETE"]: "on"},
    )
    assert other_tab.status_code == 302
    before = snapshot(review)

    # This tab still shows the row and changes its sessions.
    response = submit(
        signed_in_client,
        review,
        "psychotherapies",
        {row_names("psychotherapies", 0)["sessions"]: "20"},
        page=page,
    )

    assert response.status_code == 409
    assert CONFLICT in page_text(response)
    assert snapshot(review) == before


# --- a final review is read-only ------------------------------------------------------------


@pytest.fixture
def final_review(review):
    for slug in SLUGS:
        store_answers(review, slug)
    return services.finalise_review(
        review=Review.objects.get(pk=review.pk), expected_version=1, by=review.clinician
    )


@pytest.mark.parametrize("slug", SLUGS)
def test_every_step_of_a_final_review_redirects_to_its_summary(
    signed_in_client, final_review, slug
):
    before = snapshot(final_review)
    detail = reverse("review_detail", args=[final_review.pk])

    response = signed_in_client.get(step_url(final_review, slug))
    assert response.status_code == 302 and response["Location"] == detail

    data = answers_as_changes(slug) | {"version": str(final_review.lock_version), "action": "next"}
    data |= {name: "" for name in data if name.endswith("_notes")}
    response = signed_in_client.post(step_url(final_review, slug), data, follow=True)
    assert response.redirect_chain == [(detail, 302)]
    assert FINAL in page_text(response)
    assert snapshot(final_review) == before


def test_a_final_review_resumes_and_finishes_on_its_summary(signed_in_client, final_review):
    detail = reverse("review_detail", args=[final_review.pk])
    assert (
        signed_in_client.get(reverse("review_resume", args=[final_review.pk]))["Location"] == detail
    )
    finish = reverse("review_finish", args=[final_review.pk])
    assert signed_in_client.get(finish)["Location"] == detail
    before = snapshot(final_review)
    response = signed_in_client.post(finish, {"version": str(final_review.lock_version)})
    assert response["Location"] == detail
    assert snapshot(final_review) == before


# --- another practice sees nothing ----------------------------------------------------------


def review_urls(review) -> list[str]:
    """Every URL of the app that names a review, read from the URLconf so new ones are covered."""
    urls = []
    for pattern in reviews.urls.urlpatterns:
        converters = pattern.pattern.converters
        if "pk" not in converters:
            continue
        slugs = SLUGS if "step" in converters else [None]
        for slug in slugs:
            kwargs = {"pk": review.pk} | ({"step": slug} if slug else {})
            urls.append(reverse(pattern.name, kwargs=kwargs))
    return urls


@pytest.mark.parametrize("state", ["draft", "final"])
def test_another_practice_gets_404_on_every_review_url(client, outsider, review, state):
    if state == "final":
        review = services.finalise_review(
            review=review, expected_version=review.lock_version, by=review.clinician
        )
    client.force_login(outsider)
    before = snapshot(review)
    count = Review.objects.count()
    urls = review_urls(review)
    assert len(urls) >= len(SLUGS) + 3  # steps, resume, finish, detail at least
    assert reverse("review_export_fhir", args=[review.pk]) in urls  # and every export
    for url in urls:
        assert client.get(url).status_code == 404, url
        data = {"version": str(review.lock_version), "action": "next", "patient_ref": "STOLEN"}
        data |= {"visit_date": "2026-01-01", "clinician_notes": "overwritten", "reason": "x"}
        assert client.post(url, data).status_code == 404, url
    assert snapshot(review) == before
    assert Review.objects.count() == count


def test_another_practice_does_not_see_the_review_listed(client, outsider, review):
    client.force_login(outsider)
    assert "MRN-0042" not in page_text(client.get(reverse("home")))


def test_an_unknown_step_is_404(signed_in_client, review):
    assert signed_in_client.get(step_url(review, "billing")).status_code == 404


# --- start, resume, finish ------------------------------------------------------------------


def test_starting_a_review_creates_a_draft_and_goes_to_step_two(signed_in_client, clinician):
    page = signed_in_client.get(reverse("review_start"))
    assert page.status_code == 200
    response = signed_in_client.post(
        reverse("review_start"), {"patient_ref": " MRN-0100 ", "visit_date": "2026-03-02"}
    )
    review = Review.objects.get()
    assert response.status_code == 302
    assert response["Location"] == step_url(review, "safety")
    assert (review.patient_ref, review.visit_date) == ("MRN-0100", VISIT)
    assert review.status == "draft"
    assert (review.clinician, review.practice) == (clinician, clinician.practice)
    page = signed_in_client.get(response["Location"])
    assert "Step 2 of 14" in page_text(page)
    assert "Review of MRN-0100" in page_text(page)


def test_a_start_with_a_mistake_creates_nothing_and_keeps_the_input(signed_in_client):
    response = signed_in_client.post(
        reverse("review_start"), {"patient_ref": "MRN-0100", "visit_date": "1850-01-01"}
    )
    assert response.status_code in (200, 400)
    assert "The visit date cannot be before 1900." in page_text(response)
    assert 'value="MRN-0100"' in response.content.decode()
    assert not Review.objects.exists()


def start_token_of(page) -> str:
    return page.content.decode().split('name="start_token" value="', 1)[1].split('"', 1)[0]


def test_a_double_post_of_the_start_page_opens_one_draft(signed_in_client):
    token = start_token_of(signed_in_client.get(reverse("review_start")))
    data = {"patient_ref": "MRN-0100", "visit_date": "2026-03-02", "start_token": token}
    first = signed_in_client.post(reverse("review_start"), data)
    second = signed_in_client.post(reverse("review_start"), data)
    assert first["Location"] == second["Location"] == step_url(Review.objects.get(), "safety")


def test_the_start_page_corrected_after_going_back_opens_the_corrected_review(signed_in_client):
    token = start_token_of(signed_in_client.get(reverse("review_start")))
    data = {"patient_ref": "MRN-0100", "visit_date": "2026-03-02", "start_token": token}
    signed_in_client.post(reverse("review_start"), data)
    response = signed_in_client.post(reverse("review_start"), {**data, "patient_ref": "MRN-0101"})
    page = signed_in_client.get(response["Location"])
    assert "Review of MRN-0101" in page_text(page)


def test_resume_goes_to_where_the_clinician_was_heading(signed_in_client, review):
    Review.objects.filter(pk=review.pk).update(last_step="safety")
    response = signed_in_client.get(reverse("review_resume", args=[review.pk]))
    assert response["Location"] == step_url(review, "safety")


def test_resume_of_a_new_review_goes_to_step_two(signed_in_client, review):
    response = signed_in_client.get(reverse("review_resume", args=[review.pk]))
    assert response["Location"] == step_url(review, "safety")


def test_resume_after_save_and_exit_goes_to_the_next_unsaved_step(signed_in_client, review):
    submit(signed_in_client, review, "safety", button=("action", "next"))
    submit(signed_in_client, review, "episode", button=("action", "next"))
    submit(signed_in_client, review, "medication", button=("action", "exit"))
    response = signed_in_client.get(reverse("review_resume", args=[review.pk]))
    assert response["Location"] == step_url(review, "adherence")


def test_finish_finalises_the_review(signed_in_client, review):
    page = signed_in_client.get(reverse("review_finish", args=[review.pk]))
    assert page.status_code == 200
    version = re.search(r'name="version" value="(\d+)"', page.content.decode()).group(1)
    data = {"version": version}
    response = signed_in_client.post(reverse("review_finish", args=[review.pk]), data, follow=True)
    assert response.redirect_chain == [(reverse("review_detail", args=[review.pk]), 302)]
    assert "The review is final." in page_text(response)
    stored = Review.objects.get(pk=review.pk)
    assert stored.is_final and stored.finalised_at is not None


def test_finish_from_a_stale_page_asks_to_check_and_leaves_a_draft(signed_in_client, review):
    submit(signed_in_client, review, "episode")  # saved since the finish page was drawn
    response = signed_in_client.post(
        reverse("review_finish", args=[review.pk]), {"version": "1"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("review_finish", args=[review.pk])
    assert "saved from another tab or window" in page_text(response)
    assert not Review.objects.get(pk=review.pk).is_final


def test_a_draft_offers_discarding(signed_in_client, review):
    discard = reverse("review_discard", args=[review.pk])
    page = signed_in_client.get(reverse("review_detail", args=[review.pk])).content.decode()
    assert f'href="{discard}"' in page


def test_a_final_review_offers_no_discarding_and_refuses_it(signed_in_client, final_review):
    page = signed_in_client.get(reverse("review_detail", args=[final_review.pk]))
    assert "Discard draft" not in page_text(page)
    response = signed_in_client.get(reverse("review_discard", args=[final_review.pk]), follow=True)
    assert "A final review is kept; it can be amended, never discarded." in page_text(response)


def test_the_summary_pages_title_names_no_trd_beside_its_counts(signed_in_client, review):
    """A browser prints the page's title atop a printed page: "… · TRD Review" there would sit
    beside the failed-trial counts (issue 21). Other pages keep the software's name."""
    page = signed_in_client.get(reverse("review_detail", args=[review.pk])).content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    assert title is not None
    assert "TRD" not in title.group(1)
    assert title.group(1).startswith("Depression treatment review — summary · ")
    home = signed_in_client.get(reverse("home")).content.decode()
    assert "<title>Reviews · TRD Review</title>" in home
