"""What review_pdf and review_summary share: the review an id names, and which sheet to give."""

from django.core.management.base import CommandError

from reviews.models import Review
from reviews.printing.sheets.documentation import REQUESTS, SHEETS


def add_sheet_arguments(parser) -> None:
    """--sheet summary|documentation and --for <request> (the documentation sheet's purpose)."""
    parser.add_argument("--sheet", choices=SHEETS, default="summary")
    parser.add_argument(
        "--for",
        dest="request_for",
        choices=sorted(REQUESTS),
        default="other",
        help="what the documentation sheet is for (its title and head-device item)",
    )


def review_named(review_id: int) -> Review:
    """The review with this id, with what its header shows; CommandError when there is none."""
    review = Review.objects.select_related("clinician", "practice").filter(pk=review_id).first()
    if review is None:
        raise CommandError(f"no review with id {review_id}")
    return review
