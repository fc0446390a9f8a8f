"""The signed-in clinician's own session and password."""

from django.contrib.auth import views as auth_views
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from reviews import audit
from reviews.forms import KeepSignedInForm
from reviews.middleware import passive

# Not yet one of AuditEvent.Action's choices (adding it needs a migration); the column takes it
# as it is and the trail shows the code.


@require_POST
def keep_signed_in(request):
    """ "Stay signed in": a request that counts as activity, and nothing else."""
    form = KeepSignedInForm(request.POST, host=request.get_host())
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(status=204)
    return redirect(form.cleaned_data["next"] if form.is_valid() else "home")


@passive
@require_GET
def form_token(request):
    """The form token of the current session: signing in again (in another tab) renews it, and
    a page kept open with typed input needs the new one to autosave and save again. Passive:
    asking is no activity."""
    return JsonResponse({"token": get_token(request)})


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change, with the change and its audit row in one transaction."""

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            audit.record(audit.Action.PASSWORD_CHANGE, user=form.user)
        return response


password_change = PasswordChangeView.as_view()
