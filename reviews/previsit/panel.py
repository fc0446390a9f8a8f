"""What the clinician's pages show of a review's invitations (reads only)."""

from dataclasses import dataclass

from django.utils import timezone

from reviews.models import Invitation, Review
from reviews.previsit import phq9, reported
from reviews.previsit.forms import HELPED, YES_NO


@dataclass(frozen=True)
class ReportedRows:
    """One part of an invitation's answers (medicines, therapies, procedures), as a step shows
    it: each row with its index, as reported, the decision taken and the patient's other words."""

    part: reported.Part
    url_name: str  # where its buttons post
    rows: tuple[tuple[int, dict, str, str], ...]  # index, as reported, decision, in words


@dataclass(frozen=True)
class InvitationLine:
    invitation: Invitation
    state: str  # in words: "sent", "opened", "answered", "withdrawn", "expired"
    phq9: phq9.Phq9 | None
    phq9_decision: str  # "", "added", "left_out"
    parts: tuple[ReportedRows, ...]
    recorded: tuple[tuple[str, str], ...]  # a medicine on record by name, what the patient said

    @property
    def can_withdraw(self) -> bool:
        return self.state in ("sent", "opened")


# The steps whose pages show the panel: the PHQ-9's, and each reported part's.
STEPS = frozenset({"episode", *(part.step for part in reported.PARTS.values())})


def waiting_on(lines: list[InvitationLine], slug: str) -> bool:
    """Whether the patient's answers hold something not yet added or left out on this step: the
    step's page then shows them above its questions, the first "Add to the review" focused."""
    for line in lines:
        if slug == "episode" and line.phq9 is not None and not line.phq9_decision:
            return True
        for reported_rows in line.parts:
            if reported_rows.part.step == slug and any(not row[2] for row in reported_rows.rows):
                return True
    return False


def invitation_lines(review: Review) -> list[InvitationLine]:
    return [_line(invitation) for invitation in review.invitations.order_by("-created_at")]


def _line(invitation: Invitation) -> InvitationLine:
    if invitation.revoked_at:
        state = "withdrawn"
    elif invitation.submitted_at:
        state = "answered"
    elif invitation.expires_at <= timezone.now():
        state = "expired"
    else:
        state = "opened" if invitation.opened_at else "sent"
    return InvitationLine(
        invitation=invitation,
        state=state,
        phq9=phq9.Phq9.of(invitation.answers),
        phq9_decision=invitation.decisions.get("phq9", ""),
        parts=tuple(_reported(invitation, part) for part in reported.PARTS.values()),
        recorded=tuple(
            (row["name"], recorded_words(row)) for row in invitation.answers.get("recorded") or []
        ),
    )


def _reported(invitation: Invitation, part: reported.Part) -> ReportedRows:
    return ReportedRows(
        part=part,
        url_name=f"invitation_{part.noun}",
        rows=tuple(
            (index, row, invitation.decisions.get(f"{part.noun}{index}", ""), described(row))
            for index, row in enumerate(invitation.answers.get(part.key) or [])
        ),
    )


def described(row: dict) -> str:
    """What the patient said of a medicine, a therapy or a procedure besides its name, in the
    page's words."""
    helped, yes_no = dict(HELPED), dict(YES_NO)
    parts = [
        f"started {row['started']}" if row.get("started") else "",
        f"for {row['how_long']}" if row.get("how_long") else "",
        f"still taking: {yes_no[row['still_taking']]}" if row.get("still_taking") else "",
        f"still having it: {yes_no[row['still_having']]}" if row.get("still_having") else "",
        f"helped: {helped[row['helped']]}" if row.get("helped") else "",
        f"stopped for side effects: {yes_no[row['side_effects_stopped']]}"
        if row.get("side_effects_stopped")
        else "",
        row.get("other") or "",
    ]
    return "; ".join(part for part in parts if part)


STILL_WORDS = {"still_taking": "still taking", "stopped": "stopped since", "unknown": "don't know"}


def recorded_words(row: dict) -> str:
    """What the patient answered of a medicine on record, described and never applied: "the
    patient reported: stopped since; helped: a little"."""
    helped, yes_no = dict(HELPED), dict(YES_NO)
    parts = [
        STILL_WORDS.get(row.get("status") or "", ""),
        f"helped: {helped[row['helped']].lower()}" if row.get("helped") else "",
        f"side effects made them stop: {yes_no[row['side_effects_stopped']].lower()}"
        if row.get("side_effects_stopped")
        else "",
        row.get("other") or "",
    ]
    return "the patient reported: " + "; ".join(part for part in parts if part)


def mark_recorded(formset, review: Review) -> None:
    """Each saved trial row whose medicine the patient answered for as on record gets those
    answers beside it (`row.patient_said`), from the newest answered invitation that has them."""
    said: dict[str, str] = {}
    for invitation in review.invitations.filter(submitted_at__isnull=False).order_by(
        "submitted_at"
    ):
        for row in invitation.answers.get("recorded") or []:
            said[row["name"].casefold()] = recorded_words(row)
    for row in formset.forms if said else ():
        if row.instance.pk:
            row.patient_said = said.get(row.instance.drug.strip().casefold(), "")
