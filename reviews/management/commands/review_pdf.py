from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reviews.models import Review
from reviews.pdf import PAPER_SIZES, render_pdf
from reviews.summary import build_summary


class Command(BaseCommand):
    help = "Write a review's PDF summary (DESIGN.md §6)."

    def add_arguments(self, parser):
        parser.add_argument("review_id", type=int)
        parser.add_argument("--out", required=True, help="where to write the PDF")
        parser.add_argument("--paper", choices=sorted(PAPER_SIZES), default="a4")

    def handle(self, *args, review_id, out, paper, **options):
        review = Review.objects.select_related("clinician", "practice").filter(pk=review_id).first()
        if review is None:
            raise CommandError(f"no review with id {review_id}")
        if paper not in PAPER_SIZES:
            raise CommandError(f"--paper must be one of {', '.join(PAPER_SIZES)}")
        content = render_pdf(build_summary(review), paper=paper)
        try:
            Path(out).write_bytes(content)
        except OSError as error:
            raise CommandError(f"cannot write {out}: {error.strerror}") from error
        self.stdout.write(f"Wrote {out} ({len(content):,} bytes, {paper}).")
