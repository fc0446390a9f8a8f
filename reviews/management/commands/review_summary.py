import json

from django.core.management.base import BaseCommand

from reviews.management.sheets import add_sheet_arguments, review_named, sheet_and_options
from reviews.reading import read


class Command(BaseCommand):
    help = (
        "Print a review's summary as JSON, or another printed sheet's (--sheet documentation); "
        "their shapes are in docs/format.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("review_id", type=int)
        add_sheet_arguments(parser)

    def handle(self, *args, review_id, **options):
        kind, chosen = sheet_and_options(options)
        document = kind.document(read(review_named(review_id)), chosen)
        self.stdout.write(json.dumps(document.as_json(), indent=2, ensure_ascii=False))
