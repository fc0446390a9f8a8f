from django.core.management.base import BaseCommand

from reviews import services
from reviews.models import Clinician


def demo_login_note() -> str:
    """Create the demo login when no clinician exists yet, and say how to sign in.

    The password is printed only when the account is created now: afterwards it may have been
    changed, and a printed password that no longer works helps nobody.
    """
    existed = Clinician.objects.filter(username=services.DEMO_USERNAME).exists()
    clinician = services.ensure_demo_clinician()
    if clinician is None:
        return "Other clinicians exist and no demo login does: nothing created."
    if existed:
        return (
            f"Demo login: username {services.DEMO_USERNAME!r} ({services.DEMO_PRACTICE}); "
            "its password was printed when it was created."
        )
    return (
        f"Demo login created: username {services.DEMO_USERNAME!r}, "
        f"password {services.DEMO_PASSWORD!r} ({services.DEMO_PRACTICE})"
    )


class Command(BaseCommand):
    help = "Create a demo practice and clinician if no clinician exists yet, and print the login."

    def handle(self, *args, **options):
        self.stdout.write(demo_login_note())
