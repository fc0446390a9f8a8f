"""Remove what outlives its use: expired sessions and old unsaved step input.

    .venv/bin/python manage.py purge_expired [--draft-days N]

Expired sessions may still hold search criteria (patient references) and messages; autosaved
step input (StepDraft) that nobody came back to holds typed patient text. Both are deleted: the
sessions once expired, the drafts once older than TRDREVIEW_DRAFT_DAYS (30). Run it daily from
a timer (docs/deploy.md, "Scheduled jobs"). What was removed is audited, as counts only.
"""

import datetime

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from reviews import audit
from reviews.models import StepDraft


class Command(BaseCommand):
    help = "Delete expired sessions and unsaved step input older than TRDREVIEW_DRAFT_DAYS."

    def add_arguments(self, parser):
        parser.add_argument(
            "--draft-days",
            type=int,
            default=settings.TRDREVIEW_DRAFT_DAYS,
            help="remove unsaved step input older than this many days (default %(default)s)",
        )

    def handle(self, *args, draft_days: int, **options):
        if draft_days < 1:
            raise CommandError("--draft-days must be at least 1")
        now = timezone.now()
        cutoff = now - datetime.timedelta(days=draft_days)
        with transaction.atomic():
            sessions, _ = Session.objects.filter(expire_date__lt=now).delete()
            drafts, _ = StepDraft.objects.filter(saved_at__lt=cutoff).delete()
            audit.record(
                audit.Action.PURGE,
                detail=(
                    f"{sessions} expired sessions, {drafts} unsaved drafts older than "
                    f"{draft_days} days"
                ),
            )
        self.stdout.write(
            f"Removed {sessions} expired sessions and {drafts} unsaved drafts older than "
            f"{draft_days} days."
        )
