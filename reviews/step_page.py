"""The step page: a step's form and formset bound to a review, the page's context and its
rendering, for the views of the walk-through (reviews.views.walkthrough, visit_actions).

Views stay short: they fetch the review, call a service, and hand the page to this module to
draw. It binds forms (never saves them), except that input shown but not saved is kept as the
clinician's draft, so leaving the page loses nothing.
"""

import copy
import hashlib

from django.conf import settings
from django.contrib import messages
from django.forms import CheckboxInput, RadioSelect
from django.forms.formsets import BaseFormSet
from django.http import Http404, QueryDict
from django.shortcuts import render
from django.utils import timezone

from reviews import schema, selectors, services, steps
from reviews.answer_forms import ReviewDatesMixin, step_form
from reviews.exports.interchange import export_review
from reviews.facts import chronicity, drugs, label_doses, trials
from reviews.facts.dates import PartialDate
from reviews.forms import StepControlForm
from reviews.previsit import panel
from reviews.row_forms import step_formset

CONFLICT_MESSAGE = (
    "This review was saved from another tab or window while this page was open, so your input "
    "below was not saved. Check it, then save again to keep it."
)
FINAL_MESSAGE = "This review is final and can no longer be changed."
GOTO_CHOICES = (*steps.SLUGS, steps.FINISH)
NOT_INPUT = {"csrfmiddlewaretoken"}
TAB_FIELD = "_tab"  # the autosaving tab's id, kept with the draft (render_restored)


def step_of(slug: str) -> steps.Step:
    current = steps.STEPS_BY_SLUG.get(slug)
    if current is None:
        raise Http404("No such step")
    return current


def cleaned_values(form) -> dict:
    """A validated model form's values for the fields it edits, as the form applied them to its
    instance (a field left out of the POST keeps its stored value, as Django's forms do)."""
    return {name: getattr(form.instance, name) for name in form.Meta.fields}


def row_changes(formset) -> tuple[services.RowChanges, list]:
    """A validated formset as the rows to keep (changed or new, with their ids) and to remove;
    and the forms of the kept rows, in the same order, to show an error on."""
    kept, removed, forms = [], [], []
    for form in formset.forms:
        saved = form.cleaned_data.get("id")  # the row's instance; None for a new row
        if form.cleaned_data.get("DELETE"):
            removed += [saved.pk] if saved is not None else []
        elif form.has_changed():
            kept.append((saved.pk if saved is not None else None, cleaned_values(form)))
            forms.append(form)
    return services.RowChanges(kept=tuple(kept), removed=tuple(removed)), forms


def bind_step(step: steps.Step, review, data=None):
    """The step's form and formset, bound to the review (and to `data` when posted)."""
    dates = {"visit_date": review.visit_date}
    form_class, formset_class = step_form(step), step_formset(step)
    form = None
    if form_class is not None:
        kwargs = dates if issubclass(form_class, ReviewDatesMixin) else {}
        form = form_class(data, instance=review, **kwargs)
    formset = formset_class(data, instance=review, form_kwargs=dates) if formset_class else None
    return form, formset


def without_errors(*parts) -> None:
    """Drop the errors of validated forms and formsets, through their public error containers:
    the values still show as typed, but nothing is marked wrong."""
    for part in parts:
        if isinstance(part, BaseFormSet):
            part.non_form_errors().clear()
            without_errors(*part.forms)
        elif part is not None:
            part.errors.clear()


def render_restored(request, review, step, draft):
    """The step as the clinician left it, from their autosaved draft: shown, not yet checked.
    Saving validates it like any input (and answers a stale version with the conflict page)."""
    data = QueryDict(mutable=True)
    for name, values in draft.data.items():
        data.setlist(name, values)
    if follows_own_saves(request, review, step, draft):
        data["version"] = str(review.lock_version)
    form, formset = bind_step(step, copy.copy(review), data)
    control = StepControlForm(data, slugs=GOTO_CHOICES)
    # Not a submission yet: an unfinished date is no error until the clinician saves.
    without_errors(form, formset, control)
    # The tab that typed it last (step.js sends its id with each autosave): the page tells this
    # tab's own input from another tab's, which it never calls "your input".
    restored = {
        "at": timezone.localtime(draft.saved_at),
        "tab": (draft.data.get(TAB_FIELD) or [""])[0],
    }
    return render_step(request, review, step, form, formset, control, restored=restored)


def session_tag(request) -> str:
    """The sign-in session, as a draft records it: a hash, never the key that signs one in."""
    key = request.session.session_key or ""
    return hashlib.sha256(key.encode()).hexdigest() if key else ""


def follows_own_saves(request, review, step: steps.Step, draft) -> bool:
    """Whether a draft behind the review's version may be saved over it without a conflict:
    typed in this same session, and every save since its version was its author's own, of other
    steps (autosave step A, save step B, come back to A). A save of this step, or anyone else's
    save, keeps the conflict page (StepControlForm's version stays the draft's)."""
    try:
        since = int(draft.data.get("version", [""])[0])
    except (ValueError, IndexError, TypeError):
        return False
    if since >= review.lock_version or not draft.session or draft.session != session_tag(request):
        return False
    return selectors.saved_since_only_elsewhere(
        review, since=since, step_slug=step.slug, user=request.user
    )


def render_conflict(request, review, step, formset):
    """The page as the clinician posted it, marked as not saved, ready to save over the newer
    version on purpose. Rows the other tab removed come back as new rows if saved again."""
    data = request.POST.copy()
    data["version"] = str(review.lock_version)
    if formset is not None:
        existing = {str(pk) for pk in formset.get_queryset().values_list("pk", flat=True)}
        for row in formset.forms:
            key = row.add_prefix("id")
            if data.get(key) and data[key] not in existing:
                data[key] = ""
    form, formset = bind_step(step, copy.copy(review), data)
    control = StepControlForm(data, slugs=GOTO_CHOICES)
    messages.error(request, CONFLICT_MESSAGE)
    return render_step(request, review, step, form, formset, control, status=409)


def render_step(
    request, review, step, form, formset, control, status=200, restored=None, filled_from=None
):
    if step.slug == "medication":
        note_saved_weeks(formset, review)
        panel.mark_recorded(formset, review)
    if request.method == "POST" and control.is_bound:
        # Input shown but not saved (a refused save, a conflict, "Same as") is kept as the draft,
        # so leaving the page loses nothing and the page's autosave of changes builds on it.
        data = {name: values for name, values in control.data.lists() if name not in NOT_INPUT}
        services.save_step_draft(
            review=review, step=step, data=data, by=request.user, session=session_tag(request)
        )
    lines = panel.invitation_lines(review) if step.slug in panel.STEPS else None
    context = {
        "review": review,
        "step": step,
        "step_number": steps.step_number(step.slug),
        "step_count": len(steps.STEPS),
        "progress": steps.progress(step.slug, review.completed_steps),
        "previous_slug": steps.previous_slug(step.slug),
        "form": form,
        "formset": formset,
        "control": control,
        "drug_table": drugs.page_table() if step.slug == "medication" else None,
        # The patient's answers from before the visit, to add or leave out where they belong.
        "invitation_lines": lines,
        "previsit_first": panel.waiting_on(lines or [], step.slug) and not review.is_final,
        "label_doses": label_doses.typed_texts() if step.slug == "medication" else None,
        "status_code": status,
        "restored": restored,
        "same_as": selectors.same_as_offer(review, step.section) if step.section else None,
        "filled_from": filled_from,  # the review whose answers "Same as" just filled in
    }
    return render(request, "reviews/step.html", context, status=status)


def note_saved_weeks(formset, review) -> None:
    """Give each saved trial's form what the summary makes of it, to show beside the row."""
    notes = trials.row_notes(export_review(review), min_weeks=settings.TRDREVIEW_MIN_TRIAL_WEEKS)
    saved = [form for form in formset.forms if form.instance.pk]
    for index, form in enumerate(saved):
        form.saved_note = notes.get(index, "")


def posted_input(step: steps.Step, review) -> dict[str, list[str]]:
    """The step's saved input as its page would post it unchanged: the base an autosave of the
    changed fields only is merged into when no draft is stored yet."""
    form, formset = bind_step(step, review)
    control = StepControlForm(initial={"version": review.lock_version}, slugs=GOTO_CHOICES)
    parts = [form, control, *([formset.management_form, *formset.forms] if formset else [])]
    data = {}
    for part in parts:
        for field in part or ():
            if field.name in StepControlForm.base_fields and field.name != "version":
                continue  # the buttons' action and destination: posted only by a button
            values = as_posted(field)
            if values:
                data[field.html_name] = values
    return data


def as_posted(bound_field) -> list[str]:
    """What a browser posts for the field as the page shows it."""
    widget = bound_field.field.widget
    value = bound_field.value()
    if isinstance(widget, CheckboxInput):
        return ["on"] if widget.check_test(value) else []
    formatted = widget.format_value(value)
    if isinstance(formatted, list):
        return [str(item) for item in formatted]
    return [] if formatted is None and isinstance(widget, RadioSelect) else [formatted or ""]


def saved_notices(step: steps.Step, review) -> list[str]:
    """What the clinician is told after a step is saved: notices, never refusals (the save has
    gone through). The episode step says when the entered duration and the months computed from
    the onset differ (reviews/facts/chronicity.py)."""
    if step.section is not schema.EPISODE:
        return []
    try:
        onset = PartialDate.of(review.episode_onset)
    except ValueError:
        return []
    months = chronicity.months_from_onset(onset, review.visit_date)
    entered = review.episode_duration_months
    if months is None or entered is None or not chronicity.differs(months, entered):
        return []
    return [chronicity.difference_notice(months, entered)]
