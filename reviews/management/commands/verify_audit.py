"""Check the audit trail, and anchor it outside the database.

    .venv/bin/python manage.py verify_audit [--anchor FILE]

Exit 0 when the chain is intact, 1 naming the first bad row. With --anchor (or
TRDREVIEW_AUDIT_ANCHOR_FILE), the chain must also hold every anchor already in FILE, and when it
does, one more anchor (time, row count, newest row's id and hash, signed) is appended. Run it on
a schedule with FILE append-only or on another machine (docs/deploy.md, "Audit trail"): then
deleting rows, cutting off the newest ones and rewinding the head are detected too.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reviews import audit


class Command(BaseCommand):
    help = (
        "Check the audit trail's keyed hash chain (and its anchors with --anchor FILE, appending "
        "a new one): exit 0 when intact, 1 naming the first bad row."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--anchor",
            metavar="FILE",
            default=settings.TRDREVIEW_AUDIT_ANCHOR_FILE or None,
            help="anchor file to check and append to (default TRDREVIEW_AUDIT_ANCHOR_FILE)",
        )
        parser.add_argument(
            "--no-anchor",
            action="store_true",
            help="check the chain only, e.g. a restored backup, which lacks rows anchored since",
        )

    def handle(self, *args, anchor=None, no_anchor=False, **options):
        if no_anchor:
            anchor = None
        anchors: list[audit.Anchor] = []
        if anchor:
            anchors, problem = audit.read_anchors(Path(anchor))
            if problem:
                raise CommandError(problem)
        problem = audit.verify_chain(anchors)
        if problem:
            raise CommandError(problem)
        now = audit.current_anchor()
        message = f"Audit trail intact: {now.rows} rows"
        if anchor:
            audit.append_anchor(Path(anchor), now)
            message += f", {len(anchors)} earlier anchors hold; anchored in {anchor}"
        self.stdout.write(message + ".")
