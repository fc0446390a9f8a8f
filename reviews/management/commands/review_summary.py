import json

from django.core.management.base import BaseCommand, CommandError

from reviews.models import Review
from reviews.summary import build_summary


class Command(BaseCommand):
    help = "Print a review's summary as JSON (DESIGN.md §7)."

    def add_arguments(self, parser):
        parser.add_argument("review_id", type=int)

    def handle(self, *args, review_id, **options):
        review = Review.objects.select_related("clinician", "practice").filter(pk=review_id).first()
        if review is None:
            raise CommandError(f"no review with id {review_id}")
        summary = build_summary(review)
        self.stdout.write(json.dumps(summary.as_json(), indent=2, ensure_ascii=False))
