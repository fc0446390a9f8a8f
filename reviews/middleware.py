import ipaddress

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import render
from django.utils import timezone

from reviews import audit


def client_address(request) -> str | None:
    """The client's address: REMOTE_ADDR, or the entry that many trusted proxies in front of us
    wrote into X-Forwarded-For (TRDREVIEW_TRUSTED_PROXIES; 0 when nothing sits in front).

    Only addresses added by our own proxies are trusted: a client can put anything it likes at
    the start of X-Forwarded-For. An entry that is not an IP address means the header did not
    come from our proxy as configured: the peer's address is used instead, never the text.
    """
    peer = _address(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.TRDREVIEW_TRUSTED_PROXIES
    if proxies:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        if len(forwarded) >= proxies:
            return _address(forwarded[-proxies]) or peer
    return peer


def _address(text: str) -> str | None:
    """The IP address written in text, normalised, or None when it is not one."""
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    # A zone ("fe80::1%eth0") means nothing off the host, and PostgreSQL's inet refuses it.
    return None if getattr(address, "scope_id", None) else str(address)


class AuditActorMiddleware:
    """Make the signed-in clinician and their address the actor of any audit row this request
    writes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user if request.user.is_authenticated else None
        with audit.acting_as(user, client_address(request)):
            return self.get_response(request)


def passive(view):
    """Mark a view whose requests are not the clinician's activity (autosave, status checks):
    they never extend the idle limit."""
    view.passive = True
    return view


class SessionTimeoutMiddleware:
    """Automatic sign-out (HIPAA §164.312(a)(2)(iii)): after TRDREVIEW_IDLE_TIMEOUT_SECONDS
    without activity, and TRDREVIEW_ABSOLUTE_TIMEOUT_SECONDS after signing in, whatever happens.

    Runs before LoginRequiredMiddleware, so a request arriving after the limit is signed out
    and then sent to the sign-in page like any anonymous one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        now = timezone.now().timestamp()
        session = request.session
        signed_in_at = session.setdefault(SIGNED_IN_AT, now)
        last_activity = session.get(LAST_ACTIVITY, now)
        if now - last_activity > settings.TRDREVIEW_IDLE_TIMEOUT_SECONDS:
            self.sign_out(request, "after a period without activity")
        elif now - signed_in_at > settings.TRDREVIEW_ABSOLUTE_TIMEOUT_SECONDS:
            self.sign_out(request, "at the end of the longest allowed session")
        elif not getattr(view_func, "passive", False):
            session[LAST_ACTIVITY] = now
        return None

    @staticmethod
    def sign_out(request, when: str):
        logout(request)
        messages.info(
            request, f"You were signed out {when}. Anything typed on a step page was kept."
        )


SIGNED_IN_AT = "trdreview_signed_in_at"
LAST_ACTIVITY = "trdreview_last_activity"


def accepts_uploads(view):
    """Mark a view that expects files in its POST; every other view refuses them."""
    view.accepts_uploads = True
    return view


class RefuseUploadsMiddleware:
    """Answer 400 to a POST that carries files, unless its view expects them (none does today):
    an upload nobody reads is still written to memory or a temporary file, and is no input
    anyone checked."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "accepts_uploads", False) or request.method != "POST":
            return None
        if request.content_type == "multipart/form-data" and request.FILES:
            return render(request, "reviews/upload_refused.html", status=400)
        return None
