"""Accounts: clinicians and the demo login (services, as the package says)."""

from django.contrib.auth import password_validation
from django.db import transaction

from reviews.models import Clinician, Practice

DEMO_PRACTICE = "Demo practice"
DEMO_USERNAME = "demo"
DEMO_FULL_NAME = "Demo Clinician"  # pages show clinicians by name
DEMO_PASSWORD = "demo-trd-review"


@transaction.atomic
def create_clinician(
    *,
    username: str,
    practice_name: str,
    password: str,
    full_name: str = "",
    validate_password: bool = True,
) -> Clinician:
    """Create a clinician in the named practice (created too if new).

    `full_name` is the name pages and printed summaries show, kept whole as written (names do
    not split one way into given and family names); without it they show the username.
    Raises ValidationError when the username is taken (ignoring case) or the password is weak.
    """
    practice, _ = Practice.objects.get_or_create(name=practice_name.strip())
    clinician = Clinician(
        username=username.strip(), first_name=full_name.strip(), practice=practice
    )
    if validate_password:
        password_validation.validate_password(password, user=clinician)
    clinician.set_password(password)
    clinician.full_clean()
    clinician.save()
    return clinician


def ensure_demo_clinician() -> Clinician | None:
    """Create the demo practice and clinician when no clinician exists yet.

    Returns the demo clinician (new or from an earlier run), or None when the database has other
    clinicians and no demo account, as a real installation would.
    """
    existing = Clinician.objects.filter(username=DEMO_USERNAME).first()
    if existing or Clinician.objects.exists():
        return existing
    return create_clinician(
        username=DEMO_USERNAME,
        full_name=DEMO_FULL_NAME,
        practice_name=DEMO_PRACTICE,
        password=DEMO_PASSWORD,
        validate_password=False,
    )
