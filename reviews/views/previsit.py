"""The pre-visit questionnaire: the patient's page (no sign-in, by the link's token) and the
clinician's invitation, withdrawal and "Add to the review" / "Leave out" (reviews/previsit/)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods

from reviews.facts import drugs
from reviews.middleware import client_address
from reviews.previsit import phq9, reported, services, treatments
from reviews.previsit.forms import (
    ROW_SETS,
    InvitationChoiceForm,
    InvitationCreateForm,
    PatientAnswersForm,
    named_rows,
    recorded_answers,
    recorded_row_set,
    saved_initial,
    saved_rows,
)
from reviews.previsit.qr import qr_picture
from reviews.services import ReviewIsFinal
from reviews.views.common import review_view


def _private(response):
    """Nothing of these pages is kept by a browser or a proxy, and the link (its token) is
    never sent to another site as a Referer. Not "no-referrer": a form posted under it carries
    `Origin: null`, which Django's CSRF check refuses."""
    add_never_cache_headers(response)
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_not_required
@require_http_methods(["GET", "POST"])
def patient_answers(request, token: str):
    """The patient's page. Any link that does not open a valid invitation (unknown, expired,
    answered, withdrawn, or an address sending too many) gets the one refusal page."""
    invitation = services.open_invitation(
        token=token,
        address=client_address(request),
        resume_secret=request.COOKIES.get(RESUME_COOKIE, ""),
    )
    if invitation is None:
        return _private(render(request, "previsit/refused.html", status=404))
    if request.method == "POST" and "save_for_later" in request.POST:
        return _saved_for_later(request, invitation)
    data = request.POST or None
    # Kept answers fill an empty page; a post is the whole truth (an initial value would make a
    # row posted unchanged count as empty).
    kept = invitation.saved if data is None else {}
    form = PatientAnswersForm(data, initial=saved_initial(kept))
    names = invitation.recorded_medicines
    parts = _parts(names, data, kept)
    valid = [formset.is_valid() for _row_set, formset in parts]  # each, for its messages
    if request.method == "POST" and form.is_valid() and all(valid):
        answers = form.answers() | {
            row_set.key: recorded_answers(names, formset)
            if row_set.key == "recorded"
            else named_rows(formset)
            for row_set, formset in parts
        }
        services.submit_answers(invitation=invitation, answers=answers)
        total = phq9.Phq9.of(answers)
        return _private(render(request, "previsit/thanks.html", {"total": total}))
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "parts": parts,
        "has_errors": data is not None and (bool(form.errors) or not all(valid)),
        "phq9": phq9,
        "expires_at": invitation.expires_at,
        "names": {
            "known-drugs": drugs.page_table()["offered"],
            "known-therapies": treatments.THERAPIES.offered(),
            "known-procedures": treatments.PROCEDURES.offered(),
        },
        "resumed": bool(invitation.saved) and request.method == "GET",
    }
    return _private(render(request, "previsit/answers.html", context, status=status))


def _parts(names: list[str], data, kept: dict) -> list[tuple]:
    """The page's repeatable parts, each with its formset: the medicines on record when the
    invitation carries their names, then the medicines, therapies and other treatments."""
    row_sets = ((recorded_row_set(names),) if names else ()) + ROW_SETS
    parts = [
        (row_set, row_set.formset(data, prefix=row_set.key, initial=_kept_rows(kept, row_set)))
        for row_set in row_sets
    ]
    for name, row in zip(names, parts[0][1] if names else (), strict=False):
        row.recorded_name = name  # the row's legend: the invitation's name, never a posted one
    return parts


def _kept_rows(kept: dict, row_set) -> list[dict] | None:
    return saved_rows(kept, row_set.key, row_set.rows) if kept else None


RESUME_COOKIE = "previsit_resume"


def _saved_for_later(request, invitation):
    """Keep the input, bind it to this browser by a second secret (an HttpOnly cookie for this
    link's path only), and show the page again from what was kept."""
    data = {
        name: values
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", "save_for_later")
    }
    secret = services.save_progress(invitation=invitation, data=data)
    response = redirect(request.path)
    if secret:
        response.set_cookie(
            RESUME_COOKIE,
            secret,
            expires=invitation.expires_at,
            path=request.path,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",  # sent when the link is opened from a message again
        )
    return _private(response)


@review_view("POST")
def invitation_create(request, review):
    form = InvitationCreateForm(request.POST)
    form.is_valid()  # a box left unticked, or anything else, is "no"
    try:
        invitation, token = services.create_invitation(
            review=review,
            by=request.user,
            show_medicines=bool(form.cleaned_data.get("show_medicines")),
        )
    except ReviewIsFinal:
        raise Http404 from None
    link = request.build_absolute_uri(f"/p/{token}/")
    context = {
        "review": review,
        "link": link,
        "qr": qr_picture(link),
        "days": settings.TRDREVIEW_INVITATION_DAYS,
        "shows_names": len(invitation.recorded_medicines),
    }
    return _private(render(request, "previsit/invited.html", context))


@review_view("POST")
def invitation_revoke(request, review):
    invitation = _chosen(request, review)
    services.revoke_invitation(invitation=invitation.invitation, by=request.user)
    messages.info(request, "The invitation was withdrawn: its link opens nothing now.")
    return redirect("review_detail", pk=review.pk)


@review_view("POST")
def invitation_phq9(request, review):
    chosen = _chosen(request, review)
    try:
        services.decide_score(invitation=chosen.invitation, add=chosen.add, by=request.user)
    except ReviewIsFinal:
        raise Http404 from None
    except services.CannotAdd as refused:
        messages.error(request, f"Not added: {' '.join(refused.args[0])}")
        return redirect("review_step", pk=review.pk, step="episode")
    said = "added to the review's scores" if chosen.add else "left out"
    messages.info(request, f"The patient's PHQ-9 was {said}.")
    return chosen.back(review, "episode")


@review_view("POST")
def invitation_row(request, review, part: str):
    """ "Add to the review" / "Leave out" for a medicine, a therapy or a procedure the patient
    reported; back to where the button was (a row that cannot be added: to its step, where it
    can be typed)."""
    chosen, reported_part = _chosen(request, review), reported.PARTS[part]
    try:
        decided = services.decide_reported(
            invitation=chosen.invitation,
            part=reported_part,
            index=chosen.index,
            add=chosen.add,
            by=request.user,
        )
    except ReviewIsFinal:
        raise Http404 from None
    except services.CannotAdd as refused:
        why = " ".join(refused.args[0])
        messages.error(request, f"Not added: {why} Enter it as a new row below instead.")
        return redirect("review_step", pk=review.pk, step=reported_part.step)
    if not decided:
        messages.info(request, f"Nothing changed: that {reported_part.noun} was decided before.")
    else:
        said = reported_part.added if chosen.add else "left out"
        messages.info(request, f"The patient's {reported_part.noun} was {said}.")
    return chosen.back(review, reported_part.step)


class _Chosen:
    def __init__(self, invitation, add: bool, index: int, to_summary: bool):
        self.invitation, self.add, self.index = invitation, add, index
        self.to_summary = to_summary

    def back(self, review, step: str):
        """Back where the button was: the panel on the review's page, else the step."""
        if self.to_summary:
            return redirect(reverse("review_detail", args=[review.pk]) + "#previsit-heading")
        return redirect("review_step", pk=review.pk, step=step)


def _chosen(request, review) -> _Chosen:
    """The review's own invitation a button names; 404 for any other (another review's too)."""
    form = InvitationChoiceForm(request.POST)
    if not form.is_valid():
        raise Http404
    invitation = review.invitations.filter(pk=form.cleaned_data["invitation"]).first()
    if invitation is None:
        raise Http404
    return _Chosen(
        invitation,
        form.cleaned_data["add"],
        form.cleaned_data["index"] or 0,
        form.cleaned_data["back"] == "summary",
    )
