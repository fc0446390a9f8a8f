import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from reviews import services


class Command(BaseCommand):
    help = "Create a clinician account in a practice (the practice is created if new)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--practice", required=True, help="name of the clinician's practice")
        parser.add_argument(
            "--name",
            required=True,
            help="full name as pages and printed summaries show it (kept whole, as written)",
        )
        parser.add_argument(
            "--password-env",
            metavar="VAR",
            help="read the password from this environment variable instead of prompting",
        )

    def handle(self, *args, username, practice, name, password_env, **options):
        if password_env:
            password = os.environ.get(password_env)
            if not password:
                raise CommandError(f"environment variable {password_env} is not set or empty")
        else:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("the two passwords differ")
        try:
            clinician = services.create_clinician(
                username=username, full_name=name, practice_name=practice, password=password
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(
            f"Created clinician {clinician.username} ({clinician}) in {clinician.practice}."
        )
