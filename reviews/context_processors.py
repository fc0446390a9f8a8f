from django.conf import settings
from django.utils import timezone

from reviews.middleware import SIGNED_IN_AT


def session_limits(request):
    """The idle limit, for the warning the browser shows a minute before it; and the seconds left
    before the absolute limit (counted from signing in), for the warning ten minutes before it."""
    limits = {
        "idle_seconds": settings.TRDREVIEW_IDLE_TIMEOUT_SECONDS,
        "keepalive_seconds": settings.TRDREVIEW_KEEPALIVE_SECONDS,
    }
    session = getattr(request, "session", None)
    signed_in_at = session.get(SIGNED_IN_AT) if session is not None else None
    if signed_in_at is not None:
        ends_at = signed_in_at + settings.TRDREVIEW_ABSOLUTE_TIMEOUT_SECONDS
        limits["session_left_seconds"] = max(int(ends_at - timezone.now().timestamp()), 0)
    return limits
