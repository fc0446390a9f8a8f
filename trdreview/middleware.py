from django.http import QueryDict

from reviews.text import storable, unstorable

# A policy without 'unsafe-inline': scripts and styles come from our own static files only.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# No page uses any powerful browser feature; saying so stops injected or framed content from
# asking for the camera, location and the like.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set: CSP, and no caching of any page a
    signed-in clinician sees (health data must not linger in shared or browser caches)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if not request.path.startswith("/static/"):
            response["Cache-Control"] = "no-store"
        return response


class StorableInputMiddleware:
    """Remove NUL and lone surrogates from every query-string and form value (and name) before
    any view sees them: PostgreSQL cannot store either, and its refusal would quote the typed
    text into the database's log and ours (reviews.text).

    Stripping rather than refusing keeps autosave working: the clinician's text is kept, less a
    character no one can see or type on purpose.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = _storable_querydict(request.GET)
        if request.method == "POST":
            request.POST = _storable_querydict(request.POST)
        return self.get_response(request)


def _storable_querydict(data: QueryDict) -> QueryDict:
    if not any(
        unstorable(key) or any(unstorable(value) for value in values)
        for key, values in data.lists()
    ):
        return data
    cleaned = QueryDict(mutable=True)
    for key, values in data.lists():
        cleaned.setlist(storable(key), [storable(value) for value in values])
    cleaned._mutable = False
    return cleaned
