"""The answer to a request the server refuses to read (400) or a form it refuses for its CSRF
token (403), in the layout of the page it came from."""

from django.contrib.auth import get_user
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.cache import add_never_cache_headers
from django.views import csrf


def bad_request(request, exception=None):
    """Says which limit a refused request went over, and where a step's input is kept.

    The step pages autosave what was typed just before a save is sent, so a refused save of a
    step leaves the input as the step's unsaved draft: the page links back to it.
    """
    if not hasattr(request, "user") and hasattr(request, "session"):
        # Refused while the form was first read, before the clinician was looked up: look them
        # up now, so the page has its usual header (the session itself was already loaded).
        request.user = get_user(request)
    if isinstance(exception, TooManyFieldsSent):
        reason = "It sent more fields than the server reads in one request."
    elif isinstance(exception, RequestDataTooBig):
        reason = "It sent more data than the server reads in one request."
    else:
        reason = "The server could not read it."
    try:
        match = resolve(request.path_info)
    except Resolver404:
        match = None
    step_url = request.path if match is not None and match.url_name == "review_step" else None
    context = {"reason": reason, "step_url": step_url}
    return render(request, "400.html", context, status=400)


def csrf_failure(request, reason=""):
    """A form sent without its CSRF cookie or token. The patient (no sign-in, no link into the
    clinicians' site) gets their own frame and what to do; everyone else Django's view, which
    renders 403_csrf.html."""
    match = request.resolver_match
    if match is None or match.url_name != "patient_answers":
        return csrf.csrf_failure(request, reason)
    response = render(request, "previsit/form_refused.html", status=403)
    add_never_cache_headers(response)
    return response
