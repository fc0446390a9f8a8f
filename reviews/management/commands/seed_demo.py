"""Fill the demo practice with a few hundred made-up reviews to look around in.

    python manage.py seed_demo [--reviews 300]

Each made-up patient ("DEMO-0001", …) has several reviews over the past years, each carrying the
earlier trials, therapies and procedures forward and adding what happened since, the way a
clinician's follow-ups would. Every review goes in through `services.import_review`, so the data
passes the same validation as a typed review; all but the newest of each patient are finalised.
Nothing here is real: the references, dates and entries are drawn from a seeded random generator.

Runs once: when the demo practice holds demo reviews already, it says so and adds nothing. Only
the demo practice is touched, and only when the demo login exists (`ensure_demo`).
"""

import copy
import datetime
import random
import secrets

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from reviews import audit, schema, services
from reviews.exports.interchange import FORMAT, FORMAT_VERSION
from reviews.facts import drugs
from reviews.models import Clinician, Review

PATIENT_PREFIX = "DEMO-"
COLLEAGUES = (("demo.lee", "Sam", "Lee"), ("demo.okafor", "Ngozi", "Okafor"))

# (drug, the lowest and highest dose in mg/day the demo draws from); the class is the drug
# table's (reviews.facts.drugs), so the demo never keeps a table of its own.
ANTIDEPRESSANTS = (
    ("sertraline", 50, 200),
    ("escitalopram", 10, 20),
    ("fluoxetine", 20, 60),
    ("citalopram", 20, 40),
    ("venlafaxine", 75, 225),
    ("duloxetine", 60, 120),
    ("bupropion", 150, 450),
    ("mirtazapine", 15, 45),
    ("vortioxetine", 10, 20),
    ("nortriptyline", 50, 150),
)
ADD_ONS = (
    ("aripiprazole", 2, 10),
    ("quetiapine", 150, 300),
    ("lithium", 600, 1200),
    ("liothyronine", 25, 50),
)
MODALITIES = ("cbt", "ipt", "act", "behavioral_activation", "mindfulness", "group", "dbt")
PROCEDURES = ("rtms", "itbs", "esketamine", "ketamine_iv", "ect", "intensive_outpatient")
STOP_REASONS = ("no effect", "partial effect", "side effects", "nausea", "weight gain", "")
# A made-up answer takes each code of its value set three times as often as these: the open
# answer ("unknown", "not assessed", "not asked") and the findings that stand out.
LESS_OFTEN = frozenset({"unknown", "not_assessed", "yes", "present", "uncertain"})
# The findings that may change between two visits of one patient.
CHANGING = (schema.PHYSICAL_HEALTH, schema.DIFFERENTIALS)


class Command(BaseCommand):
    help = "Create a few hundred made-up demo reviews in the demo practice (once)."

    def add_arguments(self, parser):
        parser.add_argument("--reviews", type=int, default=300, help="how many (default 300)")
        parser.add_argument("--seed", type=int, default=2026, help="random seed")

    def handle(self, *args, reviews, seed, **options):
        demo = services.ensure_demo_clinician()
        if demo is None:
            self.stdout.write("No demo login on this installation: nothing seeded.")
            return
        if Review.objects.filter(
            practice=demo.practice, patient_ref__startswith=PATIENT_PREFIX
        ).exists():
            self.stdout.write("The demo practice has demo reviews already: nothing added.")
            return
        with audit.acting_as(demo, None), transaction.atomic():
            created = seed_reviews(
                clinicians=[demo, *colleagues(demo)],
                count=max(reviews, 0),
                rng=random.Random(seed),
                today=timezone.localdate(),
            )
        self.stdout.write(self.style.SUCCESS(f"Created {created} demo reviews in {demo.practice}."))


def colleagues(demo: Clinician) -> list[Clinician]:
    """Two more clinicians of the demo practice, so the list has someone to filter by. They have
    random passwords: nobody signs in as them."""
    found = []
    for username, first_name, last_name in COLLEAGUES:
        clinician = Clinician.objects.filter(username=username).first()
        if clinician is None:
            clinician = services.create_clinician(
                username=username,
                practice_name=demo.practice.name,
                password=secrets.token_urlsafe(24),
                validate_password=False,
            )
            clinician.first_name, clinician.last_name = first_name, last_name
            clinician.save(update_fields=["first_name", "last_name"])
        found.append(clinician)
    return found


def seed_reviews(
    *, clinicians: list[Clinician], count: int, rng: random.Random, today: datetime.date
) -> int:
    created = 0
    number = 0
    while created < count:
        number += 1
        visits = visit_dates(rng, today, most=min(7, count - created))
        clinician = rng.choice(clinicians)
        history = patient_reviews(rng, f"{PATIENT_PREFIX}{number:04d}", visits)
        for index, data in enumerate(history):
            if rng.random() < 0.15:
                clinician = rng.choice(clinicians)  # seen by a colleague this time
            review = services.import_review(data=data, by=clinician)
            if index < len(history) - 1 or rng.random() < 0.6:
                services.finalise_review(
                    review=review,
                    expected_version=review.lock_version,
                    by=review.clinician,
                    prepare_pdfs=False,  # printed on demand: not 1,000 renders at start-up
                )
            created += 1
    return created


def visit_dates(rng: random.Random, today: datetime.date, most: int) -> list[datetime.date]:
    """One to `most` visits, weeks to months apart, the last no later than today."""
    wanted = rng.randint(1, max(most, 1))
    days = sorted(rng.sample(range(0, 1600), wanted), reverse=True)
    visits, last = [], None
    for back in days:
        visit = today - datetime.timedelta(days=back)
        if last is None or (visit - last).days >= 42:
            visits.append(visit)
            last = visit
    return visits


def patient_reviews(rng: random.Random, patient_ref: str, visits: list[datetime.date]) -> list:
    """The reviews of one patient, one per visit, in §5 format, each carrying the last forward."""
    trials: list[dict] = []
    therapies: list[dict] = []
    procedures: list[dict] = []
    onset = visits[0] - datetime.timedelta(days=rng.randint(200, 1400))
    cursor = onset + datetime.timedelta(days=rng.randint(14, 90))
    for _ in range(rng.randint(1, 3)):  # trials before the first visit, all over
        weeks = rng.choice((2, 3, 5, 6, 8, 10, 12, 16, 26))
        end = cursor + datetime.timedelta(weeks=weeks)
        if end >= visits[0]:
            break
        trials.append(trial(rng, rng.choice(ANTIDEPRESSANTS), cursor, end))
        cursor = end + datetime.timedelta(days=rng.randint(7, 120))
    if cursor < visits[0]:
        trials.append(trial(rng, rng.choice(ANTIDEPRESSANTS), cursor, None))
    if rng.random() < 0.5:
        start = onset + datetime.timedelta(days=rng.randint(30, 200))
        if start < visits[0]:
            therapies.append(therapy(rng, start, visits[0]))

    base = {section.key: made_up(rng, section) for section in CHANGING}
    reviews = []
    previous = None
    phq9 = rng.randint(14, 25)
    for visit in visits:
        if previous is not None:
            move_on(rng, trials, therapies, procedures, previous, visit)
            phq9 = max(2, min(27, phq9 + rng.randint(-5, 4)))
            if rng.random() < 0.25:  # a finding changed since the last visit
                section = rng.choice(CHANGING)
                question = rng.choice([q for q in section.questions if q.is_assessment])
                assert question.value_set is not None
                base[section.key][question.key] = rng.choice(question.value_set.values[1:])
        reviews.append(
            review(rng, patient_ref, visit, onset, phq9, base, trials, therapies, procedures)
        )
        previous = visit
    return reviews


def move_on(rng, trials, therapies, procedures, since: datetime.date, visit: datetime.date):
    """What happened between two visits: an ongoing trial may end and another start, an
    add-on may be tried, a therapy or procedure may be added."""
    gap = (visit - since).days
    ongoing = [row for row in trials if row["end"] is None]
    if ongoing and rng.random() < 0.6:
        stopped = ongoing[0]
        end = since + datetime.timedelta(days=rng.randint(7, max(gap // 2, 8)))
        stopped.update(
            end=end.isoformat(),
            ongoing="no",
            stopped_because=rng.choice(("no_effect", "partial_effect", "side_effects")),
            reason_stopped=rng.choice(STOP_REASONS),
            response=rng.choice(("none", "partial", "lost_response")),
        )
        start = end + datetime.timedelta(days=rng.randint(0, 14))
        if start < visit:
            trials.append(trial(rng, rng.choice(ANTIDEPRESSANTS), start, None))
    elif ongoing and rng.random() < 0.3:
        start = since + datetime.timedelta(days=rng.randint(0, max(gap - 1, 0)))
        trials.append(trial(rng, rng.choice(ADD_ONS), start, None, role="augmentation"))
    if rng.random() < 0.25:
        start = since + datetime.timedelta(days=rng.randint(0, max(gap - 1, 0)))
        therapies.append(therapy(rng, start, visit))
    if rng.random() < 0.15:
        start = since + datetime.timedelta(days=rng.randint(0, max(gap - 1, 0)))
        end = min(start + datetime.timedelta(weeks=rng.randint(2, 8)), visit)
        procedures.append(
            made_up(
                rng,
                schema.PROCEDURES,
                kind=rng.choice(PROCEDURES),
                sessions=rng.choice((6, 8, 12, 20, 30, 36)),
                start=start.isoformat(),
                end=end.isoformat(),
            )
        )


def made_up(rng, part: schema.Section | schema.Rows, **story) -> dict:
    """An answer to every question of a section or row of the schema: the `story`'s where it
    tells, otherwise a code drawn from the question's value set (LESS_OFTEN less often), up to
    two codes of a multiple choice, and the question's default (empty) for text, numbers and
    dates."""
    answers = {}
    for question in part.questions:
        codes = question.value_set.values if question.value_set else []
        if question.key in story:
            answers[question.key] = story[question.key]
        elif question.kind is schema.Kind.CHOICE:
            weights = [1 if code in LESS_OFTEN else 3 for code in codes]
            answers[question.key] = rng.choices(codes, weights=weights)[0]
        elif question.kind is schema.Kind.CHOICES:
            answers[question.key] = rng.sample(codes, rng.randint(0, min(2, len(codes))))
        else:
            answers[question.key] = question.default
    for rows in getattr(part, "rows", ()):  # a section's own rows: the episode's scores
        answers[rows.key] = story.get(rows.key, [])
    return answers


def trial(rng, drug, start: datetime.date, end: datetime.date | None, role="monotherapy"):
    name, low, high = drug
    drug_class = drugs.class_for(name)
    return made_up(
        rng,
        schema.MEDICATION_TRIALS,
        drug=name,
        drug_class=drug_class,
        given_for="depression",
        role=role,
        start=start.isoformat(),
        end=end.isoformat() if end else None,
        ongoing="no" if end else "yes",
        max_daily_dose_mg=rng.choice((low, (low + high) // 2, high)),
        dose_adequate=rng.choice(("yes", "yes", "no", "unknown")),
        response="unknown" if end is None else rng.choice(("none", "partial", "response")),
        stopped_because=rng.choice(("no_effect", "side_effects", "unknown"))
        if end
        else "not_stopped",
        reason_stopped=rng.choice(STOP_REASONS) if end else "",
    )


def therapy(rng, start: datetime.date, visit: datetime.date) -> dict:
    sessions = rng.choice((6, 8, 10, 12, 16, 20))
    end = start + datetime.timedelta(weeks=sessions)
    return made_up(
        rng,
        schema.PSYCHOTHERAPIES,
        modality=rng.choice(MODALITIES),
        sessions=sessions,
        start=start.isoformat(),
        end=end.isoformat() if end <= visit else None,
    )


def review(rng, patient_ref, visit, onset, phq9, base, trials, therapies, procedures) -> dict:
    day = visit.isoformat()
    scores = [made_up(rng, schema.SEVERITY_SCORES, scale="phq9", score=phq9, date=day)]
    if rng.random() < 0.4:
        madrs = max(0, min(60, phq9 * 2 + rng.randint(-4, 6)))
        scores.append(made_up(rng, schema.SEVERITY_SCORES, scale="madrs", score=madrs, date=day))
    story = {
        schema.VISIT: {"patient_ref": patient_ref, "visit_date": day, "adult": "yes"},
        schema.EPISODE: {
            "onset": onset.isoformat(),
            "duration_months": (visit - onset).days // 30,
            "prior_episodes": rng.choice((0, 1, 1, 2, 3, None)),
            "diagnosis_code": rng.choice(("", "F32.1", "F33.1", "F33.2")),
            "severity_scores": scores,
        },
        schema.MEDICATION_TRIALS: trials,
        schema.PSYCHOTHERAPIES: therapies,
        schema.PROCEDURES: procedures,
    }
    data: dict = {"format": FORMAT, "format_version": FORMAT_VERSION}
    for part in schema.PARTS:
        if isinstance(part, schema.Rows):
            data[part.key] = story[part]
        elif part.key is None:
            data.update(made_up(rng, part, **story.get(part, {})))
        else:
            data[part.key] = base.get(part.key) or made_up(rng, part, **story.get(part, {}))
    return copy.deepcopy(data)
