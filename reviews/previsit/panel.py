"""What the clinician's pages show of a review's invitations (reads only)."""

from dataclasses import dataclass

from django.utils import timezone

from reviews.models import Invitation, Review
from reviews.previsit import phq9


@dataclass(frozen=True)
class InvitationLine:
    invitation: Invitation
    state: str  # in words: "sent", "opened", "answered", "withdrawn", "expired"
    phq9: phq9.Phq9 | None
    phq9_decision: str  # "", "added", "left_out"

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
    )
