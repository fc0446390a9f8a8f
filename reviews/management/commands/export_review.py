import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reviews.exports.fhir import export_fhir, patient_bundle
from reviews.exports.interchange import export_review
from reviews.models import Review
from reviews.reading import read
from reviews.selectors import latest_versions

ROW_TABLES = ("severity_scores", "medication_trials", "psychotherapies", "procedures")


class Command(BaseCommand):
    help = (
        "Print a review as JSON in the interchange format (docs/format.md), or with --patient a "
        "JSON list of that patient's reviews (the newest version of each), oldest first. With "
        "--fhir, a FHIR R4 Bundle instead (docs/fhir.md), and for --patient one collection of "
        "the reviews' Bundles."
    )

    def add_arguments(self, parser):
        parser.add_argument("review_id", type=int, nargs="?")
        parser.add_argument("--patient", help="a patient reference: export all its reviews")
        parser.add_argument(
            "--practice", help="the practice's name, when several hold the patient reference"
        )
        parser.add_argument(
            "--fhir", action="store_true", dest="as_fhir", help="a FHIR R4 Bundle (docs/fhir.md)"
        )

    def handle(self, *args, review_id, patient, practice, as_fhir, **options):
        if (review_id is None) == (patient is None):
            raise CommandError("give either a review id or --patient REF, not both")
        data: dict | list[dict]
        if patient is None:
            if practice is not None:
                raise CommandError("--practice goes with --patient")
            review = Review.objects.filter(pk=review_id).first()
            if review is None:
                raise CommandError(f"no review with id {review_id}")
            data = export_fhir(read(review)) if as_fhir else export_review(review)
        elif as_fhir:
            bundles = [export_fhir(read(review)) for review in patient_reviews(patient, practice)]
            data = patient_bundle(bundles, assembled_at=timezone.now())
        else:
            data = [export_review(review) for review in patient_reviews(patient, practice)]
        self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))


def patient_reviews(patient_ref: str, practice: str | None) -> list[Review]:
    """The newest version of each review of the patient, oldest visit first; CommandError when
    there is none, or when the reference is in several practices and none was named."""
    reviews = latest_versions(Review.objects.filter(patient_ref=patient_ref))
    if practice is not None:
        reviews = reviews.filter(practice__name=practice)
    practices = sorted(set(reviews.values_list("practice__name", flat=True)))
    if not practices:
        where = f" in practice {practice!r}" if practice is not None else ""
        raise CommandError(f"no review of patient {patient_ref!r}{where}")
    if len(practices) > 1:
        raise CommandError(
            f"patient {patient_ref!r} has reviews in {len(practices)} practices; "
            f"name one with --practice ({', '.join(repr(name) for name in practices)})"
        )
    reviews = reviews.select_related("clinician", "practice", "amends")
    return list(reviews.prefetch_related(*ROW_TABLES).order_by("visit_date", "pk"))
