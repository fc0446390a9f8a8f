"""What every view of one review shares: access first, then the method."""

from collections.abc import Callable
from functools import wraps

from django.http import HttpResponse, HttpResponseNotAllowed

from reviews.access import get_review_for


def review_view(*methods: str) -> Callable:
    """Decorate a view of one review, reached as `<int:pk>`: the view gets the review instead.

    The access helper runs before the method guard, so anyone outside the practice gets the
    same 404 whatever method they send, and the view itself never sees another practice's
    review.
    """

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request, pk: int, **kwargs):
            review = get_review_for(request.user, pk)
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            return view(request, review, **kwargs)

        return wrapper

    return decorate


def download(response: HttpResponse, review, extension: str, *, inline=False):
    """Name the file by review id and visit date only, and keep it out of every cache."""
    disposition = "inline" if inline else "attachment"
    filename = f"trd-review-{review.pk}-{review.visit_date:%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
