"""seed_demo: made-up reviews in the demo practice, once, and never in a real installation."""

import datetime
import io
import random

from django.core.management import call_command

from reviews import services
from reviews.exports.interchange import export_review
from reviews.management.commands.seed_demo import patient_reviews
from reviews.models import Review
from tests.reviews.samples import blank_review


def seed(**options) -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def test_seeds_the_asked_number_of_reviews_several_per_patient(db):
    assert "Created 24 demo reviews in Demo practice." in seed(reviews=24)

    reviews = Review.objects.filter(practice__name=services.DEMO_PRACTICE)
    assert reviews.count() == 24
    patients = set(reviews.values_list("patient_ref", flat=True))
    assert len(patients) < 24
    assert reviews.filter(status="final").exists() and reviews.filter(status="draft").exists()
    assert len(set(reviews.values_list("clinician", flat=True))) > 1


def test_later_reviews_carry_the_earlier_trials_forward(db):
    seed(reviews=40)

    for ref in set(Review.objects.values_list("patient_ref", flat=True)):
        visits = list(Review.objects.filter(patient_ref=ref).order_by("visit_date"))
        for older, newer in zip(visits, visits[1:], strict=False):
            older_starts = {
                (t["drug"], t["start"]) for t in export_review(older)["medication_trials"]
            }
            newer_starts = {
                (t["drug"], t["start"]) for t in export_review(newer)["medication_trials"]
            }
            assert older_starts <= newer_starts


def test_a_second_run_adds_nothing(db):
    seed(reviews=5)

    assert "nothing added" in seed(reviews=5)
    assert Review.objects.count() == 5


def test_an_installation_without_the_demo_login_is_left_alone(clinician):
    data = blank_review()
    services.import_review(data=data, by=clinician)

    assert "nothing seeded" in seed(reviews=5)
    assert Review.objects.count() == 1


def test_the_same_seed_makes_the_same_reviews_with_every_part_of_the_format():
    visits = [datetime.date(2024, 1, 10), datetime.date(2024, 6, 1), datetime.date(2025, 2, 3)]
    made = [patient_reviews(random.Random(7), "DEMO-0001", visits) for _ in range(2)]

    assert made[0] == made[1]
    assert list(made[0][-1]) == list(blank_review())  # every key, in the format's order
    assert made[0] != patient_reviews(random.Random(8), "DEMO-0001", visits)


def test_every_demo_review_has_its_severity_scores(db):
    seed(reviews=12)

    for review in Review.objects.all():
        scales = [score["scale"] for score in export_review(review)["episode"]["severity_scores"]]
        assert scales[0] == "phq9" and set(scales) <= {"phq9", "madrs"}


def test_the_demo_draws_its_medicines_from_the_drug_table():
    from reviews.facts import drugs
    from reviews.management.commands.seed_demo import ADD_ONS, ANTIDEPRESSANTS

    for name, low, high in (*ANTIDEPRESSANTS, *ADD_ONS):
        assert drugs.class_for(name) not in (None, "atypical"), name
        assert 0 < low < high, name
