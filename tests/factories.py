"""factory_boy factories for tests: rows with sensible defaults, overridable by keyword.

They write straight to the database, bypassing services (no audit, no validation), so use them
to set the scene; a test about saving goes through `reviews.services` instead.
`make_practice` and `make_clinician` are the older spellings, kept for the many tests using them.
"""

import datetime

import factory
from factory.django import DjangoModelFactory, Password

from reviews.models import (
    Clinician,
    MedicationTrial,
    Practice,
    Procedure,
    Psychotherapy,
    Review,
    SeverityScore,
)

PASSWORD = "correct-horse-battery-staple"
VISIT = datetime.date(2026, 11, 20)


class PracticeFactory(DjangoModelFactory):
    class Meta:
        model = Practice

    name = factory.Sequence(lambda n: f"Practice {n + 1}")


class ClinicianFactory(DjangoModelFactory):
    class Meta:
        model = Clinician

    username = factory.Sequence(lambda n: f"clinician{n + 1}")
    practice = factory.SubFactory(PracticeFactory)
    password = Password(PASSWORD)


class ReviewFactory(DjangoModelFactory):
    """A draft review of the clinician's practice, with no rows."""

    class Meta:
        model = Review

    clinician = factory.SubFactory(ClinicianFactory)
    practice = factory.SelfAttribute("clinician.practice")
    patient_ref = factory.Sequence(lambda n: f"MRN-{n + 1:04d}")
    visit_date = VISIT


class SeverityScoreFactory(DjangoModelFactory):
    class Meta:
        model = SeverityScore

    review = factory.SubFactory(ReviewFactory)
    scale = "phq9"
    score = 19
    date = factory.SelfAttribute("review.visit_date")


class MedicationTrialFactory(DjangoModelFactory):
    class Meta:
        model = MedicationTrial

    review = factory.SubFactory(ReviewFactory)
    drug = "sertraline"
    drug_class = "ssri"


class PsychotherapyFactory(DjangoModelFactory):
    class Meta:
        model = Psychotherapy

    review = factory.SubFactory(ReviewFactory)
    modality = "cbt"
    sessions = 12


class ProcedureFactory(DjangoModelFactory):
    class Meta:
        model = Procedure

    review = factory.SubFactory(ReviewFactory)
    kind = "rtms"
    sessions = 30


# One factory per repeatable section of the review.
ROW_FACTORIES = (
    SeverityScoreFactory,
    MedicationTrialFactory,
    PsychotherapyFactory,
    ProcedureFactory,
)


def make_practice(name: str | None = None) -> Practice:
    return PracticeFactory(**({"name": name} if name else {}))


def make_clinician(
    *, practice: Practice | None = None, username: str | None = None, **fields
) -> Clinician:
    if practice is not None:
        fields["practice"] = practice
    if username is not None:
        fields["username"] = username
    return ClinicianFactory(**fields)
