import json

from django.core.management.base import BaseCommand, CommandError

from reviews.interchange import export_review
from reviews.models import Review


class Command(BaseCommand):
    help = "Print a review as JSON in the interchange format (DESIGN.md §5)."

    def add_arguments(self, parser):
        parser.add_argument("review_id", type=int)

    def handle(self, *args, review_id, **options):
        review = Review.objects.filter(pk=review_id).first()
        if review is None:
            raise CommandError(f"no review with id {review_id}")
        self.stdout.write(json.dumps(export_review(review), indent=2, ensure_ascii=False))
