from django.conf import settings

from reviews import audit


def client_address(request) -> str | None:
    """The client's address: REMOTE_ADDR, or the entry that many trusted proxies in front of us
    wrote into X-Forwarded-For (TRDREVIEW_TRUSTED_PROXIES; 0 when nothing sits in front).

    Only addresses added by our own proxies are trusted: a client can put anything it likes at
    the start of X-Forwarded-For.
    """
    proxies = settings.TRDREVIEW_TRUSTED_PROXIES
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


class AuditActorMiddleware:
    """Make the signed-in clinician and their address the actor of any audit row this request
    writes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user if request.user.is_authenticated else None
        with audit.acting_as(user, client_address(request)):
            return self.get_response(request)
