"""The pre-visit questionnaire: the patient's page (no sign-in, by the link's token) and the
clinician's invitation, withdrawal and "Add to the review" / "Leave out" (reviews/previsit/)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods

from reviews.facts import drugs
from reviews.middleware import client_address
from reviews.previsit import phq9, services
from reviews.previsit.forms import (
    InvitationChoiceForm,
    MedicineFormSet,
    PatientAnswersForm,
    medicines,
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
    formset = MedicineFormSet(data, prefix="medicines", initial=saved_rows(kept) if kept else None)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        answers = {**form.answers(), "medicines": medicines(formset)}
        services.submit_answers(invitation=invitation, answers=answers)
        total = phq9.Phq9.of(answers)
        return _private(render(request, "previsit/thanks.html", {"total": total}))
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "formset": formset,
        "phq9": phq9,
        "expires_at": invitation.expires_at,
        "drug_names": drugs.page_table()["offered"],
        "resumed": bool(invitation.saved) and request.method == "GET",
    }
    return _private(render(request, "previsit/answers.html", context, status=status))


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
    try:
        _invitation, token = services.create_invitation(review=review, by=request.user)
    except ReviewIsFinal:
        raise Http404 from None
    link = request.build_absolute_uri(f"/p/{token}/")
    context = {
        "review": review,
        "link": link,
        "qr": qr_picture(link),
        "days": settings.TRDREVIEW_INVITATION_DAYS,
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
    said = "added to the review's scores" if chosen.add else "left out"
    messages.info(request, f"The patient's PHQ-9 was {said}.")
    return redirect("review_step", pk=review.pk, step="episode")


@review_view("POST")
def invitation_medicine(request, review):
    chosen = _chosen(request, review)
    try:
        services.decide_medicine(
            invitation=chosen.invitation, index=chosen.index, add=chosen.add, by=request.user
        )
    except ReviewIsFinal:
        raise Http404 from None
    except services.CannotAdd as refused:
        why = " ".join(refused.args[0])
        messages.error(request, f"Not added: {why} Enter it as a new trial below instead.")
        return redirect("review_step", pk=review.pk, step="medication")
    said = "added to the review's trials" if chosen.add else "left out"
    messages.info(request, f"The patient's medicine was {said}.")
    return redirect("review_step", pk=review.pk, step="medication")


class _Chosen:
    def __init__(self, invitation, add: bool, index: int):
        self.invitation, self.add, self.index = invitation, add, index


def _chosen(request, review) -> _Chosen:
    """The review's own invitation a button names; 404 for any other (another review's too)."""
    form = InvitationChoiceForm(request.POST)
    if not form.is_valid():
        raise Http404
    invitation = review.invitations.filter(pk=form.cleaned_data["invitation"]).first()
    if invitation is None:
        raise Http404
    return _Chosen(invitation, form.cleaned_data["add"], form.cleaned_data["index"] or 0)
