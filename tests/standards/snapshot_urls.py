"""The site's URLs plus /snapshot/<n>/, which answers 200 with a page captured earlier by the
test client (test_lighthouse.py). Lighthouse only opens a page by its URL, and refuses an error
status: the patient's pages after a POST, a 403 or a 404 are reached as snapshots, served by the
live server beside the real static files."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import include, path

SNAPSHOTS: list[str] = []


@login_not_required
def snapshot(request, index: int):
    return HttpResponse(SNAPSHOTS[index])


urlpatterns = [
    path("snapshot/<int:index>/", snapshot),
    path("", include("trdreview.urls")),
]
