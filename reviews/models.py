"""Tables of TRD Review.

A review's one-to-one sections are columns of `Review` (made from the schema by
reviews.schema_columns), named `<section>_<key>` after the interchange format (docs/format.md),
so "physical_health.chronic_pain" in the format, the summary's not-assessed list and the column
`physical_health_chronic_pain` are the same thing. Repeatable sections are their own tables.
Writes go through `reviews.services`, never through `save()` logic.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower

from reviews import choices, schema
from reviews.facts.trials import TrialCount
from reviews.indexes import PatientRefSearchIndex
from reviews.previsit.models import Invitation  # noqa: F401  (its package's table, named here)
from reviews.schema_columns import (  # noqa: F401  (migrations name CodeConstraint here)
    CodeConstraint,
    MedicationTrialAnswers,
    ProcedureAnswers,
    PsychotherapyAnswers,
    ReviewAnswers,
    SeverityScoreAnswers,
    row_columns,
    valid_codes,
)


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


class Review(ReviewAnswers):
    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="reviews")
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews"
    )
    status = models.CharField(
        max_length=8, choices=choices.Status, default=choices.Status.DRAFT, db_index=True
    )
    # Optimistic lock: every successful save bumps it; a POST carrying an older value is stale.
    # Not the version pages show ("Version n"): that is `revision`, which counts amendments.
    lock_version = models.PositiveIntegerField(default=1)
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
    amend_reason = models.CharField(max_length=schema.SHORT_TEXT_MAX_LENGTH, blank=True)
    # The review a follow-up was started from: a second press opens the same draft.
    follows = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_ups"
    )
    # The start page's one-time token: a second post of the same page opens the same draft.
    start_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    # Set when finalised, so the summary of a final review never changes with the catalogue.
    catalogue_version = models.CharField(max_length=32, blank=True)
    # Facts computed from the answers whenever they are saved (services.store_facts, in the same
    # transaction), for the list and the patient timeline to show and sort on: courses of any
    # medicine, and the failed adequate trials in the current episode at 4, 6 and 8 weeks,
    # counted, ongoing and uncertain (null: onset not recorded). `facts_version` names the rules
    # they were computed with (services.FACTS_VERSION): older ones are computed again after a
    # migration (reviews.apps).
    trial_courses = models.PositiveSmallIntegerField(default=0)
    failed_trials_4 = models.PositiveSmallIntegerField(null=True, blank=True)
    failed_trials_6 = models.PositiveSmallIntegerField(null=True, blank=True)
    failed_trials_8 = models.PositiveSmallIntegerField(null=True, blank=True)
    ongoing_trials_4 = models.PositiveSmallIntegerField(null=True, blank=True)
    ongoing_trials_6 = models.PositiveSmallIntegerField(null=True, blank=True)
    ongoing_trials_8 = models.PositiveSmallIntegerField(null=True, blank=True)
    uncertain_trials_4 = models.PositiveSmallIntegerField(null=True, blank=True)
    uncertain_trials_6 = models.PositiveSmallIntegerField(null=True, blank=True)
    uncertain_trials_8 = models.PositiveSmallIntegerField(null=True, blank=True)
    facts_version = models.PositiveSmallIntegerField(default=0)
    summary_snapshot = models.JSONField(null=True, blank=True)

    class Meta:
        constraints = [
            *valid_codes("review", schema.review_columns()),
            models.UniqueConstraint(
                fields=["follows"],
                condition=models.Q(status="draft"),
                name="review_one_draft_follow_up",
                violation_error_message="A follow-up of this review is open already.",
            ),
        ]
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
            PatientRefSearchIndex(fields=["practice", "patient_ref"], name="review_patient_search"),
        ]

    def __str__(self) -> str:
        return f"Review {self.pk} ({self.visit_date})"

    @property
    def is_final(self) -> bool:
        return self.status == choices.Status.FINAL

    def trial_count(self, weeks: int) -> TrialCount | None:
        """The stored failed adequate trials in the current episode at `weeks` (4, 6 or 8):
        counted, ongoing and uncertain; None when the onset is not recorded."""
        counted = getattr(self, f"failed_trials_{weeks}")
        if counted is None:
            return None
        return TrialCount(
            counted,
            getattr(self, f"ongoing_trials_{weeks}") or 0,
            getattr(self, f"uncertain_trials_{weeks}") or 0,
        )


class SeverityScore(SeverityScoreAnswers):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="severity_scores")

    class Meta:
        constraints = valid_codes("severityscore", row_columns(schema.SEVERITY_SCORES))
        ordering = ["id"]  # rows keep the order they were entered in

    def __str__(self) -> str:
        return f"{self.get_scale_display()} {self.score}"


class MedicationTrial(MedicationTrialAnswers):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="medication_trials")

    class Meta:
        constraints = valid_codes("medicationtrial", row_columns(schema.MEDICATION_TRIALS))
        ordering = ["id"]

    def __str__(self) -> str:
        return self.drug


class Psychotherapy(PsychotherapyAnswers):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="psychotherapies")

    class Meta:
        constraints = valid_codes("psychotherapy", row_columns(schema.PSYCHOTHERAPIES))
        ordering = ["id"]

    def __str__(self) -> str:
        return self.get_modality_display()


class Procedure(ProcedureAnswers):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="procedures")

    class Meta:
        constraints = valid_codes("procedure", row_columns(schema.PROCEDURES))
        ordering = ["id"]

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
        PASSWORD_CHANGE = "password_change", "Changed password"
        SIGN_IN_FAILED = "sign_in_failed", "Failed sign-in"
        LOCKOUT = "lockout", "Locked out"
        REFUSED = "refused", "Refused access"
        PURGE = "purge", "Removed expired data"
        DISCARD = "discard", "Discarded a draft"
        ANCHOR = "anchor", "Started anchoring the audit trail"
        KEEP_PDF = "keep_pdf", "Kept a PDF"
        INVITE = "invite", "Invited the patient to answer before the visit"
        INVITE_REVOKE = "invite_revoke", "Withdrew a patient invitation"
        INVITE_OPEN = "invite_open", "Patient opened the invitation"
        INVITE_SUBMIT = "invite_submit", "Patient sent their answers"
        INVITE_SAVE = "invite_save", "Patient kept answers to finish later"
        INVITE_REFUSED = "invite_refused", "Refused an invitation link"
        INVITE_ACCEPT = "invite_accept", "Added a patient's answer"
        INVITE_LEAVE = "invite_leave", "Left out a patient's answer"

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
    # Which TRDREVIEW_AUDIT_KEYS entry signed this row (HMAC-SHA256, reviews.audit).
    key_id = models.CharField(max_length=16, default="", blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.action} {self.outcome}"

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise PermissionError("audit rows cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("audit rows cannot be deleted")


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
    # A hash of the sign-in session that typed it (never the session key): a draft restored in the
    # same session may follow its author's own saves of other steps (step_page.render_restored).
    session = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["review", "step", "author"], name="one_draft_per_step_and_author"
            )
        ]

    def __str__(self) -> str:
        return f"Draft of {self.step} ({self.saved_at:%H:%M})"


class StoredPdf(models.Model):
    """A review's PDF as rendered, per sheet, options and paper: for a final version the bytes
    every download returns, kept for good; for a draft, the PDF of one state of it (its
    `lock_version`), replaced when a download asks for a later state. Its SHA-256 is written in
    the audit trail when kept, and checked against the trail on every serve
    (reviews.printing.downloads). `sheet` names a printed sheet (reviews.printing.registry),
    `options` its options as reviews.printing.downloads.options_key writes them
    ("treatment=tms", "" for none)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="stored_pdfs")
    paper = models.CharField(max_length=8)
    sheet = models.CharField(max_length=32, default="summary")
    options = models.CharField(max_length=200, blank=True, default="")
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    # The review's version the bytes were rendered from; null: kept before versions were noted
    # (a final's, which never changes).
    lock_version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["review", "sheet", "options", "paper"],
                name="one_stored_pdf_per_sheet_options_and_paper",
            )
        ]

    def __str__(self) -> str:
        return f"PDF of review {self.review_id} ({self.paper})"


class PdfRender(models.Model):
    """A PDF being prepared off the request path (reviews.printing.jobs): one per review, sheet,
    options and paper, for the review's version asked for last. The task on the queue carries
    this row's id only; the rendered bytes go to StoredPdf."""

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RENDERING = "rendering", "Being rendered"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="+")
    paper = models.CharField(max_length=8)
    sheet = models.CharField(max_length=32)
    options = models.CharField(max_length=200, blank=True, default="")
    lock_version = models.PositiveIntegerField()
    state = models.CharField(max_length=10, choices=State, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)  # renders started, the retry too
    # The queued task that may render it now; a task with another token was superseded (the
    # review changed, the clinician asked again) and leaves the row alone.
    token = models.CharField(max_length=32, blank=True, default="")
    worker = models.CharField(max_length=100, blank=True, default="")  # "host:pid" rendering it
    started_at = models.DateTimeField(null=True, blank=True)  # of the render under way
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["review", "sheet", "options", "paper"],
                name="one_pdf_render_per_sheet_options_and_paper",
            )
        ]

    def __str__(self) -> str:
        return f"PDF render {self.pk} ({self.state})"
