"""Actions around the walk-through: confirm a section as it was at the previous review ("Same
as on <date>"), and discard a draft started by mistake."""

import copy

from django.contrib import messages
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render

from reviews import audit, schema, selectors, services
from reviews.forms import StepControlForm
from reviews.step_page import (
    FINAL_MESSAGE,
    GOTO_CHOICES,
    bind_step,
    render_step,
    step_of,
    without_errors,
)
from reviews.views.common import review_view


def as_form_data(review, section: schema.Section) -> QueryDict:
    data = QueryDict(mutable=True)
    for column, value in schema.section_answers(review, section).items():
        if isinstance(value, list):
            data.setlist(column, value)
        else:
            data[column] = "" if value is None else str(value)
    return data


@review_view("POST")
def review_step_same_as(request, review, step: str):
    """The step filled in with the previous review's answers, for the clinician to check and
    save. Nothing is saved here; saving them unchanged is recorded as confirmed at this visit."""
    current = step_of(step)
    if review.is_final:
        messages.info(request, FINAL_MESSAGE)
        return redirect("review_detail", pk=review.pk)
    section = current.section
    previous = selectors.same_as_offer(review, section) if section else None
    if previous is None or section is None:
        raise Http404("no earlier answers to take over")
    data = as_form_data(previous, section)
    data["version"] = str(review.lock_version)
    form, formset = bind_step(current, copy.copy(review), data)
    control = StepControlForm(data, slugs=GOTO_CHOICES)
    without_errors(form, formset, control)
    return render_step(request, review, current, form, formset, control, filled_from=previous)


@review_view("GET", "POST")
def review_discard(request, review):
    """A confirmation page, then the draft is removed (audited). Final reviews are kept."""
    if review.is_final:
        messages.info(request, "A final review is kept; it can be amended, never discarded.")
        return redirect("review_detail", pk=review.pk)
    if request.method == "GET":
        audit.record(audit.Action.VIEW, review=review, detail="discard page")
        return render(request, "reviews/discard.html", {"review": review})
    services.discard_draft(review=review, by=request.user)
    messages.success(request, "The draft was discarded.")
    return redirect("home")
