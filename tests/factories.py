"""Small factories for tests: plain functions with sensible defaults, overridable by keyword."""

import itertools

from reviews.models import Clinician, Practice

PASSWORD = "correct-horse-battery-staple"
_sequence = itertools.count(1)


def make_practice(name: str | None = None) -> Practice:
    return Practice.objects.create(name=name or f"Practice {next(_sequence)}")


def make_clinician(
    *, practice: Practice | None = None, username: str | None = None, **fields
) -> Clinician:
    clinician = Clinician(
        username=username or f"clinician{next(_sequence)}",
        practice=practice or make_practice(),
        **fields,
    )
    clinician.set_password(PASSWORD)
    clinician.save()
    return clinician
