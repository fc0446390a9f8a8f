import json

from django.conf import settings
from django.core.management.base import BaseCommand

from reviews.management.sheets import add_sheet_arguments, review_named
from reviews.printing.sheets.documentation import build_sheet
from reviews.printing.sheets.summary import build_summary


class Command(BaseCommand):
    help = (
        "Print a review's summary as JSON (DESIGN.md §7), or its documentation sheet "
        "(--sheet documentation; docs/format.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("review_id", type=int)
        add_sheet_arguments(parser)

    def handle(self, *args, review_id, sheet="summary", request_for="other", **options):
        summary = build_summary(review_named(review_id))
        data = summary.as_json()
        if sheet == "documentation":
            data = build_sheet(
                summary.data,
                request=request_for,
                header=summary.header,
                min_weeks=settings.TRDREVIEW_MIN_TRIAL_WEEKS,
            ).as_json()
        self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
