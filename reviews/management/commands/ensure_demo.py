from django.core.management.base import BaseCommand

from reviews import services


class Command(BaseCommand):
    help = "Create a demo practice and clinician if no clinician exists yet, and print the login."

    def handle(self, *args, **options):
        clinician = services.ensure_demo_clinician()
        if clinician is None:
            self.stdout.write("Other clinicians exist and no demo login does: nothing created.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo login: username {services.DEMO_USERNAME!r}, "
                f"password {services.DEMO_PASSWORD!r} ({services.DEMO_PRACTICE})"
            )
        )
