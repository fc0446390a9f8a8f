from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reviews.management.sheets import add_sheet_arguments, review_named
from reviews.printing.engine import PAPER_SIZES, pdf_for_download
from reviews.printing.sheets.documentation import REQUESTS, SHEETS


class Command(BaseCommand):
    help = (
        "Write a review's PDF summary (DESIGN.md §6), or its documentation sheet for an "
        "insurance request (--sheet documentation --for tms); a final version's kept PDF."
    )

    def add_arguments(self, parser):
        parser.add_argument("review_id", type=int)
        parser.add_argument("--out", required=True, help="where to write the PDF")
        parser.add_argument("--paper", choices=sorted(PAPER_SIZES), default="a4")
        parser.add_argument(
            "--descriptions",
            action="store_true",
            help="append the category descriptions the source documents give (summary only)",
        )
        add_sheet_arguments(parser)

    def handle(
        self,
        *args,
        review_id,
        out,
        paper,
        descriptions=False,
        sheet="summary",
        request_for="other",
        **options,
    ):
        review = review_named(review_id)
        if paper not in PAPER_SIZES:
            raise CommandError(f"--paper must be one of {', '.join(PAPER_SIZES)}")
        if sheet not in SHEETS or request_for not in REQUESTS:
            raise CommandError(
                f"--sheet must be one of {', '.join(SHEETS)}; --for one of {', '.join(REQUESTS)}"
            )
        # A final version prints the bytes kept from its first print, like a download.
        content = pdf_for_download(
            review,
            paper=paper,
            with_descriptions=descriptions,
            sheet=sheet,
            request_for=request_for,
        ).content
        try:
            Path(out).write_bytes(content)
        except OSError as error:
            raise CommandError(f"cannot write {out}: {error.strerror}") from error
        self.stdout.write(f"Wrote {out} ({len(content):,} bytes, {paper}).")
