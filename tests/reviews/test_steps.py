"""The walk-through as data, and navigation as pure functions over step slugs."""

import pytest

from reviews import steps
from reviews.answer_forms import step_form
from reviews.row_forms import step_formset
from reviews.steps import FINISH, HOME, SLUGS, STEPS, destination, progress, resume_slug

# DESIGN.md §3: one step per section, in its order, except that safety is asked second (issue 14).
DESIGN_SECTIONS = [
    "Visit",
    "Safety",
    "Episode & severity",
    "Medication trials",
    "Adherence & engagement",
    "Other medicines",
    "Substance use",
    "Physical health",
    "Differential & co-occurring",
    "Life situation",
    "Psychotherapies tried",
    "Procedures & intensive care tried",
    "Pharmacogenomic testing",
    "Notes",
]
REPEATABLE_SECTIONS = {
    "Medication trials",
    "Psychotherapies tried",
    "Procedures & intensive care tried",
}
FIRST, LAST = SLUGS[0], SLUGS[-1]


# --- the data -------------------------------------------------------------------------------


def test_one_step_per_design_section_in_order():
    assert len(STEPS) == len(DESIGN_SECTIONS)
    for step, section in zip(STEPS, DESIGN_SECTIONS, strict=True):
        # "Procedures & intensive care tried" reads as "Procedures & intensive care" on screen.
        assert section.startswith(step.title), (step.slug, section)


def test_slugs_are_unique_and_url_safe():
    assert len(set(SLUGS)) == len(SLUGS)
    for slug in SLUGS:
        assert slug == slug.lower()
        assert slug.replace("-", "").isalpha(), slug
    assert FINISH not in SLUGS and HOME not in SLUGS


def test_every_step_has_a_form_or_a_formset_and_an_intro():
    for step in STEPS:
        assert step_form(step) is not None or step_formset(step) is not None, step.slug
        assert step.intro, step.slug


def test_repeatable_sections_are_formsets_with_a_row_name():
    for step in STEPS:
        if section_of(step) in REPEATABLE_SECTIONS:
            assert step_formset(step) is not None, step.slug
            assert step.row_name, step.slug
        if step_formset(step) is not None:
            # The add button reads "Save and add another <row name>".
            assert step.row_name, step.slug


def section_of(step):
    return DESIGN_SECTIONS[SLUGS.index(step.slug)]


def test_sources_are_document_keys():
    known = {"S1", "S2", "S3", "S4", "S5"}
    for step in STEPS:
        assert set(step.sources) <= known, step.slug
        assert len(set(step.sources)) == len(step.sources), step.slug


def test_lookup_table_matches_the_steps():
    assert list(steps.STEPS_BY_SLUG.values()) == list(STEPS)
    assert steps.FIRST_STEP == "visit"


# --- next / previous ------------------------------------------------------------------------


def test_every_step_is_reachable_from_the_first_by_next():
    seen = [FIRST]
    while (following := steps.next_slug(seen[-1])) is not None:
        seen.append(following)
    assert seen == list(SLUGS)


def test_every_step_is_reachable_from_the_last_by_previous():
    seen = [LAST]
    while (before := steps.previous_slug(seen[-1])) is not None:
        seen.append(before)
    assert seen == list(reversed(SLUGS))


def test_step_numbers_count_from_one():
    assert [steps.step_number(slug) for slug in SLUGS] == list(range(1, len(SLUGS) + 1))


def test_an_unknown_slug_is_refused():
    with pytest.raises(ValueError):
        steps.step_number("nope")
    with pytest.raises(ValueError):
        destination("nope", "next")


# --- destination of a save ------------------------------------------------------------------


@pytest.mark.parametrize("index", range(len(SLUGS)))
def test_next_goes_to_the_following_step_or_finish_after_the_last(index):
    expected = SLUGS[index + 1] if index + 1 < len(SLUGS) else FINISH
    assert destination(SLUGS[index], "next") == expected


def test_an_empty_action_means_next():
    # Enter in a field posts no button of ours in some browsers; it must still move on.
    assert destination("episode", "") == "medication"
    assert destination(LAST, "") == FINISH


@pytest.mark.parametrize("index", range(len(SLUGS)))
def test_back_goes_to_the_previous_step_and_stays_on_the_first(index):
    expected = SLUGS[index - 1] if index > 0 else FIRST
    assert destination(SLUGS[index], "back") == expected


@pytest.mark.parametrize("slug", SLUGS)
def test_stay_reloads_the_same_step(slug):
    assert destination(slug, "stay") == slug


@pytest.mark.parametrize("slug", SLUGS)
def test_exit_goes_home(slug):
    assert destination(slug, "exit") == HOME


@pytest.mark.parametrize("target", [*SLUGS, FINISH])
def test_a_picked_step_wins_over_the_button(target):
    for action in ("next", "back", "stay", "exit", ""):
        assert destination("medication", action, target) == target


def test_an_unknown_picked_step_is_ignored():
    assert destination("medication", "next", "nowhere") == "adherence"
    assert destination("medication", "back", HOME) == "episode"


# --- resuming -------------------------------------------------------------------------------


def test_resume_goes_where_the_clinician_was_heading():
    assert resume_slug("safety", ["visit", "episode"]) == "safety"


def test_resume_without_a_heading_goes_to_the_first_unsaved_step():
    assert resume_slug("", ["visit"]) == "safety"
    assert resume_slug("", ["visit", "safety", "episode", "adherence"]) == "medication"


def test_resume_ignores_a_heading_that_is_not_a_step():
    assert resume_slug(FINISH, ["visit", "safety", "episode"]) == "medication"
    assert resume_slug("removed-step", ["visit"]) == "safety"


def test_resume_after_every_step_was_saved_starts_at_the_first():
    assert resume_slug("", SLUGS) == FIRST


def test_resume_of_an_empty_review_starts_at_the_first():
    assert resume_slug("", []) == FIRST


# --- progress -------------------------------------------------------------------------------


def test_progress_lists_every_step_in_order_with_numbers_and_titles():
    states = progress("visit", [])
    assert [state.slug for state in states] == list(SLUGS)
    assert [state.number for state in states] == list(range(1, len(SLUGS) + 1))
    assert [state.title for state in states] == [step.title for step in STEPS]


def test_progress_marks_completed_steps_and_exactly_one_current():
    states = progress("medication", ["visit", "episode", "safety"])
    assert [s.slug for s in states if s.completed] == ["visit", "safety", "episode"]
    assert [s.slug for s in states if s.current] == ["medication"]


def test_progress_without_a_current_step_marks_none():
    # The finish page shows the steps without a current one.
    assert not any(state.current for state in progress(None, SLUGS))
    assert all(state.completed for state in progress(None, SLUGS))


def test_progress_ignores_unknown_completed_slugs():
    states = progress("visit", ["visit", "gone"])
    assert [s.slug for s in states if s.completed] == ["visit"]
