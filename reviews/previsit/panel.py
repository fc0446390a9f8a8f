"""What the clinician's pages show of a review's invitations (reads only)."""

from dataclasses import dataclass

from django.utils import timezone

from reviews.models import Invitation, Review
from reviews.previsit import phq9
from reviews.previsit.forms import HELPED, YES_NO


@dataclass(frozen=True)
class InvitationLine:
    invitation: Invitation
    state: str  # in words: "sent", "opened", "answered", "withdrawn", "expired"
    phq9: phq9.Phq9 | None
    phq9_decision: str  # "", "added", "left_out"
    medicines: tuple[tuple[int, dict, str, str], ...]  # index, as reported, decision, in words

    @property
    def can_withdraw(self) -> bool:
        return self.state in ("sent", "opened")


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
        medicines=tuple(
            (index, medicine, invitation.decisions.get(f"medicine{index}", ""), described(medicine))
            for index, medicine in enumerate(invitation.answers.get("medicines") or [])
        ),
    )


def described(medicine: dict) -> str:
    """What the patient said of a medicine besides its name, in the page's words."""
    helped, yes_no = dict(HELPED), dict(YES_NO)
    parts = [
        f"started {medicine['started']}" if medicine.get("started") else "",
        f"for {medicine['how_long']}" if medicine.get("how_long") else "",
        f"still taking: {yes_no[medicine['still_taking']]}" if medicine.get("still_taking") else "",
        f"helped: {helped[medicine['helped']]}" if medicine.get("helped") else "",
        f"stopped for side effects: {yes_no[medicine['side_effects_stopped']]}"
        if medicine.get("side_effects_stopped")
        else "",
        medicine.get("other") or "",
    ]
    return "; ".join(part for part in parts if part)
