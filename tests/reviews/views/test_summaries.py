"""The review's page (reviews/views/summaries.py)."""

import re

from django.urls import reverse


def test_the_summary_pages_title_names_no_trd_beside_its_counts(signed_in_client, review):
    """A browser prints the page's title atop a printed page: "… · TRD Review" there would sit
    beside the failed-trial counts (issue 21). Other pages keep the software's name."""
    page = signed_in_client.get(reverse("review_detail", args=[review.pk])).content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    assert title is not None
    assert "TRD" not in title.group(1)
    assert title.group(1).startswith("Depression treatment review — summary · ")
    home = signed_in_client.get(reverse("home")).content.decode()
    assert "<title>Reviews · TRD Review</title>" in home
