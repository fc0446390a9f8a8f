"""Check the audit trail, and anchor it outside the database.

    .venv/bin/python manage.py verify_audit [--anchor FILE]

Exit 0 when the chain is intact, 1 naming the first bad row. With --anchor (or
TRDREVIEW_AUDIT_ANCHOR_FILE), the chain must also hold every anchor already in FILE, and when it
does, one more anchor (time, row count, newest row's id and hash, signed) is appended. Run it on
a schedule with FILE append-only or on another machine (docs/deploy.md, "Audit trail"): then
deleting rows, cutting off the newest ones and rewinding the head are detected too.

The first anchor records in the chain that anchoring has started; from then on a missing or empty
FILE fails (it was lost or removed), until `--init` starts a new one on purpose (after a restore,
say), which the chain records too.
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
        parser.add_argument(
            "--init",
            action="store_true",
            help="start a new, empty anchor file (recorded in the audit trail)",
        )

    def handle(self, *args, anchor=None, no_anchor=False, init=False, **options):
        if no_anchor:
            anchor = None
        anchors: list[audit.Anchor] = []
        if anchor:
            anchors, problem = audit.read_anchors(Path(anchor))
            if problem:
                raise CommandError(problem)
            check_start(anchor, anchors, init=init)
        elif init:
            raise CommandError(
                "--init needs an anchor file (--anchor or TRDREVIEW_AUDIT_ANCHOR_FILE)"
            )
        problem = audit.verify_chain(anchors)
        if problem:
            raise CommandError(problem)
        if anchor and not anchors:
            audit.record(audit.Action.ANCHOR, detail="a new anchor file")
        now = audit.current_anchor()
        message = f"Audit trail intact: {now.rows} rows"
        if anchor:
            audit.append_anchor(Path(anchor), now)
            message += f", {len(anchors)} earlier anchors hold; anchored in {anchor}"
        self.stdout.write(message + ".")


def check_start(anchor: str, anchors: list, *, init: bool) -> None:
    """Refuse an empty or missing file once anchoring has started, unless --init says a new
    file starts here; refuse --init over a file that holds anchors."""
    if anchors and init:
        raise CommandError(
            f"the anchor file {anchor} holds anchors: --init starts a new file; move it aside first"
        )
    started = audit.anchoring_started()
    if not anchors and started is not None and not init:
        raise CommandError(
            f"the anchor file {anchor} is missing or empty, but anchoring started on "
            f"{started:%Y-%m-%d %H:%M} UTC: restore it, or start a new file with --init "
            "(docs/deploy.md, section 10)"
        )
