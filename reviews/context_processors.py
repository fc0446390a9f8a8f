from django.conf import settings


def session_limits(request):
    """The idle limit, for the warning the browser shows a minute before it."""
    return {"idle_seconds": settings.TRDREVIEW_IDLE_TIMEOUT_SECONDS}
