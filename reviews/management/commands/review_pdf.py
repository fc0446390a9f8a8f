from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reviews.management.sheets import add_sheet_arguments, review_named, sheet_and_options
from reviews.printing import downloads
from reviews.printing.engine import PAPER_SIZES


class Command(BaseCommand):
    help = (
        "Write a review's PDF summary (docs/format.md), or another printed sheet (--sheet "
        "documentation --for tms); a final version's kept PDF."
    )

    def add_arguments(self, parser):
        parser.add_argument("review_id", type=int)
        parser.add_argument("--out", required=True, help="where to write the PDF")
        parser.add_argument("--paper", choices=sorted(PAPER_SIZES), default="a4")
        add_sheet_arguments(parser)

    def handle(self, *args, review_id, out, paper, **options):
        review = review_named(review_id)
        if paper not in PAPER_SIZES:
            raise CommandError(f"--paper must be one of {', '.join(PAPER_SIZES)}")
        kind, chosen = sheet_and_options(options)
        # A final version prints its kept bytes, like a download; a draft is rendered here.
        if review.is_final:
            content = downloads.pdf_now(review, kind=kind, options=chosen, paper=paper).content
        else:
            content = downloads.render(review, kind=kind, options=chosen, paper=paper)
        try:
            Path(out).write_bytes(content)
        except OSError as error:
            raise CommandError(f"cannot write {out}: {error.strerror}") from error
        self.stdout.write(f"Wrote {out} ({len(content):,} bytes, {paper}).")
