import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reviews.documentation import REQUESTS, SHEETS, build_sheet
from reviews.models import Review
from reviews.summary import build_summary


class Command(BaseCommand):
    help = (
        "Print a review's summary as JSON (DESIGN.md §7), or its documentation sheet "
        "(--sheet documentation; docs/format.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("review_id", type=int)
        parser.add_argument("--sheet", choices=SHEETS, default="summary")
        parser.add_argument(
            "--for",
            dest="request_for",
            choices=sorted(REQUESTS),
            default="other",
            help="what the documentation sheet is for (its title and head-device item)",
        )

    def handle(self, *args, review_id, sheet="summary", request_for="other", **options):
        review = Review.objects.select_related("clinician", "practice").filter(pk=review_id).first()
        if review is None:
            raise CommandError(f"no review with id {review_id}")
        summary = build_summary(review)
        data = summary.as_json()
        if sheet == "documentation":
            data = build_sheet(
                summary.data,
                request=request_for,
                header=summary.header,
                min_weeks=settings.TRDREVIEW_MIN_TRIAL_WEEKS,
            ).as_json()
        self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
