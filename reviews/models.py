"""Tables of TRD Review.

A review's one-to-one sections (DESIGN §3) are columns of `Review`, named `<section>_<key>` after
the JSON format of DESIGN §5, so "physical_health.chronic_pain" in the format, the summary's
not-assessed list and the column `physical_health_chronic_pain` are the same thing. Repeatable
sections are their own tables. Writes go through `reviews.services`, never through `save()` logic.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models.functions import Lower

from reviews import choices

NOTES_MAX_LENGTH = 10_000
SHORT_TEXT_MAX_LENGTH = 200
# Bounds that only catch typing slips; a real history sits far inside them.
MAX_MONTHS = 1200
MAX_EPISODES = 100
MAX_WEEKS = 1040
MAX_SESSIONS = 1000
MAX_DOSE_MG = 100_000


class Practice(models.Model):
    name = models.CharField(max_length=200, unique=True)

    def __str__(self) -> str:
        return self.name


class Clinician(AbstractUser):
    """A signed-in user. Every clinician belongs to exactly one practice and sees its reviews."""

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="clinicians")

    REQUIRED_FIELDS = ["practice"]

    class Meta:
        constraints = [
            # "DrSmith" and "drsmith" are one account: a look-alike would confuse the audit trail.
            models.UniqueConstraint(
                Lower("username"),
                name="clinician_username_ci_unique",
                violation_error_message="A clinician with that username exists already.",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


def notes_field() -> models.TextField:
    return models.TextField(blank=True, max_length=NOTES_MAX_LENGTH)


def yes_no_field() -> models.CharField:
    return models.CharField(max_length=16, choices=choices.YesNo, default=choices.YesNo.UNKNOWN)


def assessment_field() -> models.CharField:
    return models.CharField(
        max_length=16, choices=choices.Assessment, default=choices.Assessment.NOT_ASSESSED
    )


def choice_field(value_set: type[models.TextChoices], default: str) -> models.CharField:
    return models.CharField(max_length=32, choices=value_set, default=default)


class Review(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="reviews")
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews"
    )
    status = models.CharField(
        max_length=8, choices=choices.Status, default=choices.Status.DRAFT, db_index=True
    )
    # Optimistic lock: every successful save bumps it; a POST carrying an older value is stale.
    version = models.PositiveIntegerField(default=1)
    # Slugs of the steps saved at least once, and where the clinician was heading (to resume).
    completed_steps = models.JSONField(default=list, blank=True)
    last_step = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    # Amendments: a final review is never changed; amending it starts revision n+1 as a draft.
    revision = models.PositiveIntegerField(default=1)
    amends = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="amended_by"
    )
    amend_reason = models.CharField(max_length=SHORT_TEXT_MAX_LENGTH, blank=True)
    # Set when finalised, so the summary of a final review never changes with the catalogue.
    catalogue_version = models.CharField(max_length=32, blank=True)
    summary_snapshot = models.JSONField(null=True, blank=True)

    # Visit
    patient_ref = models.CharField("patient reference", max_length=64)
    visit_date = models.DateField()

    # Episode & severity
    episode_onset = models.DateField("onset of the current episode", null=True, blank=True)
    episode_duration_months = models.PositiveSmallIntegerField(
        "duration of the current episode (months)",
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_MONTHS)],
    )
    episode_prior_episodes = models.PositiveSmallIntegerField(
        "number of prior episodes",
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_EPISODES)],
    )
    episode_psychiatrist_involved = yes_no_field()

    # Adherence & engagement
    adherence_taking_as_prescribed = choice_field(
        choices.TakingAsPrescribed, choices.TakingAsPrescribed.UNKNOWN
    )
    adherence_missed_appointments = yes_no_field()
    adherence_stopped_when_better = yes_no_field()
    adherence_barriers = models.JSONField(default=list, blank=True)
    adherence_notes = notes_field()

    # Other medicines
    other_medicines_reviewed = yes_no_field()
    other_medicines_details = notes_field()

    # Substance use
    substance_use_alcohol = choice_field(choices.Alcohol, choices.Alcohol.UNKNOWN)
    substance_use_recreational_drugs = yes_no_field()
    substance_use_cannabis = yes_no_field()
    substance_use_being_addressed = yes_no_field()
    substance_use_notes = notes_field()

    # Physical health
    physical_health_thyroid = assessment_field()
    physical_health_chronic_pain = assessment_field()
    physical_health_heart = assessment_field()
    physical_health_other = notes_field()

    # Differential & co-occurring
    differentials_bipolar = assessment_field()
    differentials_dysthymia = assessment_field()
    differentials_personality_disorder = assessment_field()
    differentials_anxiety = assessment_field()
    differentials_trauma = assessment_field()
    differentials_notes = notes_field()

    # Life situation
    life_situation_stressors = models.JSONField(default=list, blank=True)
    life_situation_sleep = choice_field(choices.Sleep, choices.Sleep.UNKNOWN)
    life_situation_exercise = choice_field(choices.Exercise, choices.Exercise.UNKNOWN)
    life_situation_support_network = choice_field(
        choices.SupportNetwork, choices.SupportNetwork.UNKNOWN
    )
    life_situation_notes = notes_field()

    # Pharmacogenomic testing
    pharmacogenomic_testing_status = yes_no_field()
    pharmacogenomic_testing_notes = notes_field()

    # Safety
    safety_suicidal_thoughts = yes_no_field()
    safety_self_harm = yes_no_field()
    safety_notes = notes_field()

    # Notes
    clinician_notes = notes_field()

    class Meta:
        indexes = [
            models.Index(fields=["practice", "patient_ref"], name="review_practice_patient"),
            models.Index(fields=["practice", "-visit_date"], name="review_practice_visit"),
            models.Index(fields=["practice", "-updated_at"], name="review_practice_changed"),
            # Prefix search on PostgreSQL: LIKE 'x%' uses a btree only with pattern opclasses
            # (SQLite ignores opclasses; its prefix search is a range over the index above).
            models.Index(
                fields=["practice", "patient_ref"],
                name="review_practice_patient_like",
                opclasses=["int8_ops", "varchar_pattern_ops"],
            ),
        ]

    def __str__(self) -> str:
        return f"Review {self.pk} ({self.visit_date})"

    @property
    def is_final(self) -> bool:
        return self.status == choices.Status.FINAL


class ReviewRow(models.Model):
    """A row of a repeatable section; rows keep the order they were entered in."""

    notes = notes_field()

    class Meta:
        abstract = True
        ordering = ["id"]


class SeverityScore(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="severity_scores")
    scale = models.CharField(max_length=16, choices=choices.Scale)
    score = models.PositiveSmallIntegerField()
    date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_scale_display()} {self.score}"


class MedicationTrial(ReviewRow):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="medication_trials")
    drug = models.CharField(max_length=100)
    drug_class = models.CharField("class", max_length=32, choices=choices.DrugClass)
    role = choice_field(choices.Role, choices.Role.MONOTHERAPY)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    weeks = models.PositiveSmallIntegerField(
        "weeks on dose", null=True, blank=True, validators=[MaxValueValidator(MAX_WEEKS)]
    )
    max_daily_dose_mg = models.DecimalField(
        "highest daily dose (mg/day)",
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_DOSE_MG)],
    )
    dose_adequate = yes_no_field()
    adherence = choice_field(choices.TrialAdherence, choices.TrialAdherence.UNKNOWN)
    response = choice_field(choices.Response, choices.Response.UNKNOWN)
    tolerability = choice_field(choices.Tolerability, choices.Tolerability.UNKNOWN)
    reason_stopped = models.CharField(max_length=SHORT_TEXT_MAX_LENGTH, blank=True)
    info_source = choice_field(choices.InfoSource, choices.InfoSource.UNKNOWN)

    def __str__(self) -> str:
        return self.drug


class Psychotherapy(ReviewRow):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="psychotherapies")
    modality = models.CharField(max_length=32, choices=choices.Modality)
    sessions = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(MAX_SESSIONS)]
    )
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    benefit = choice_field(choices.Benefit, choices.Benefit.UNKNOWN)

    def __str__(self) -> str:
        return self.get_modality_display()


class Procedure(ReviewRow):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="procedures")
    kind = models.CharField(max_length=32, choices=choices.ProcedureKind)
    sessions = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(MAX_SESSIONS)]
    )
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    response = choice_field(choices.Response, choices.Response.UNKNOWN)
    relapse = yes_no_field()

    def __str__(self) -> str:
        return self.get_kind_display()


class AuditQuerySet(models.QuerySet):
    """Audit rows are append-only: the ORM refuses bulk changes (the hash chain catches any
    change made around it, see reviews.audit.verify_chain)."""

    def update(self, **kwargs):
        raise PermissionError("audit rows cannot be changed")

    def delete(self):
        raise PermissionError("audit rows cannot be deleted")


class AuditEvent(models.Model):
    """One entry of the audit trail. Never holds patient data: reviews appear by id only."""

    class Action(models.TextChoices):
        VIEW = "view", "Viewed a review"
        START = "start", "Started a review"
        SAVE = "save", "Saved a step"
        FINALISE = "finalise", "Finalised"
        AMEND = "amend", "Amended"
        FOLLOW_UP = "follow_up", "Started a follow-up"
        PDF = "pdf", "Printed a PDF"
        EXPORT = "export", "Exported"
        IMPORT = "import", "Imported"
        SEARCH = "search", "Searched reviews"
        SIGN_IN = "sign_in", "Signed in"
        SIGN_OUT = "sign_out", "Signed out"
        SIGN_IN_FAILED = "sign_in_failed", "Failed sign-in"
        LOCKOUT = "lockout", "Locked out"
        REFUSED = "refused", "Refused access"

    class Outcome(models.TextChoices):
        OK = "ok", "OK"
        REFUSED = "refused", "Refused"
        FAILED = "failed", "Failed"

    at = models.DateTimeField()
    action = models.CharField(max_length=16, choices=Action)
    outcome = models.CharField(max_length=8, choices=Outcome, default=Outcome.OK)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    username = models.CharField(max_length=150, blank=True)  # as typed, for failed sign-ins
    practice = models.ForeignKey(
        Practice, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A plain number, not a foreign key: refused requests name ids that may not exist.
    review_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    review_version = models.PositiveIntegerField(null=True, blank=True)
    address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.CharField(max_length=200, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.action} {self.outcome}"


class AuditChainHead(models.Model):
    """The newest audit hash. Appending locks this single row first, so concurrent requests
    extend the chain one after the other instead of forking it."""

    last_hash = models.CharField(max_length=64, blank=True)
    last_event_id = models.PositiveBigIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return self.last_hash


class StepDraft(models.Model):
    """Input typed into a step but not yet saved, kept by autosave so an interruption loses at
    most a few seconds. Unvalidated by nature; only its author ever sees it, and saving the step
    deletes it."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="+")
    step = models.CharField(max_length=32)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField()  # the posted fields, each a list of values
    saved_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["review", "step", "author"], name="one_draft_per_step_and_author"
            )
        ]

    def __str__(self) -> str:
        return f"Draft of {self.step} ({self.saved_at:%H:%M})"


class StoredPdf(models.Model):
    """The PDF of a final review version as first printed, per paper and option: every later
    download of that version returns these same bytes (their SHA-256 goes in the audit row)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="stored_pdfs")
    paper = models.CharField(max_length=8)
    with_descriptions = models.BooleanField(default=False)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["review", "paper", "with_descriptions"], name="one_stored_pdf_per_option"
            )
        ]

    def __str__(self) -> str:
        return f"PDF of review {self.review_id} ({self.paper})"
