from django.core.management.base import BaseCommand, CommandError

from reviews.audit import verify_chain
from reviews.models import AuditEvent


class Command(BaseCommand):
    help = "Check the audit trail's hash chain: exit 0 when intact, 1 naming the first bad row."

    def handle(self, *args, **options):
        problem = verify_chain()
        if problem:
            raise CommandError(problem)
        self.stdout.write(f"Audit trail intact: {AuditEvent.objects.count()} rows.")
