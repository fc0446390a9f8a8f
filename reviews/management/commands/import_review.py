from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reviews import json_input, services
from reviews.importing import InvalidReviewData
from reviews.models import Clinician


class Command(BaseCommand):
    help = (
        "Import one review from a JSON file in the interchange format (docs/format.md) as a draft, "
        "and print its id. Nothing is written when the file has any problem."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the review as JSON (UTF-8)")
        parser.add_argument(
            "--clinician", required=True, help="username of the clinician the review belongs to"
        )

    def handle(self, *args, file, clinician, **options):
        data = read_json(file)  # before any database work: a bad file needs no connection
        owner = (
            Clinician.objects.select_related("practice").filter(username__iexact=clinician).first()
        )
        if owner is None:
            raise CommandError(f"no clinician with username {clinician!r}")
        try:
            review = services.import_review(data=data, by=owner)
        except InvalidReviewData as exc:
            raise CommandError("\n".join(exc.errors)) from exc
        self.stdout.write(str(review.pk))


def read_json(path: str) -> object:
    """The file's JSON value, checked by reviews.json_input, or CommandError saying why not."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise CommandError(f"{path}: no such file") from exc
    except OSError as exc:
        raise CommandError(f"{path}: cannot be read ({exc.strerror})") from exc
    try:
        return json_input.load(raw, path)
    except json_input.InvalidJson as exc:
        raise CommandError("\n".join(exc.problems)) from None
