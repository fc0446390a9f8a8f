"""The signed-in clinician's own session and password."""

from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from reviews.forms import KeepSignedInForm


@require_POST
def keep_signed_in(request):
    """ "Stay signed in": a request that counts as activity, and nothing else."""
    form = KeepSignedInForm(request.POST, host=request.get_host())
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(status=204)
    return redirect(form.cleaned_data["next"] if form.is_valid() else "home")
