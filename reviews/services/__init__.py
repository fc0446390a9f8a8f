"""Every write of TRD Review: plain values in, keyword-only arguments with the acting clinician
as `by=`, one transaction, validation before saving, and the audit row in that transaction.

The request's address still reaches the audit row through reviews.audit's context (it is request
metadata, not a party to the change); who acted is always the `by=` a service is given.

The writes live in one module per job; this package names them all, so a caller imports the
package and calls `services.save_step(...)`:

- `accounts`: clinicians and the demo login;
- `reviews`: a draft started, saved step by step, discarded, finalised, imported;
- `drafts`: unsaved input kept as it is typed (autosave);
- `versions`: an amendment of a final review, and a follow-up at a later visit;
- `stored_facts`: the counts the list and the patient timeline read, stored on the review.
"""

from reviews.services.accounts import (
    DEMO_FULL_NAME,
    DEMO_PASSWORD,
    DEMO_PRACTICE,
    DEMO_USERNAME,
    create_clinician,
    ensure_demo_clinician,
)
from reviews.services.drafts import discard_step_draft, save_step_draft
from reviews.services.reviews import (
    NOT_STEP_FIELDS,
    InvalidRow,
    ReviewIsFinal,
    RowChanges,
    StaleReview,
    discard_draft,
    finalise_review,
    import_review,
    save_step,
    start_review,
)
from reviews.services.stored_facts import (
    FACT_COLUMNS,
    FACTS_VERSION,
    refresh_stale_facts,
    store_facts,
)
from reviews.services.versions import (
    FOLLOW_UP_OPENS_ON,
    AlreadyAmended,
    NotFinal,
    amend_review,
    carried_forward,
    carried_steps,
    start_follow_up,
)

__all__ = [
    "DEMO_FULL_NAME",
    "DEMO_PASSWORD",
    "DEMO_PRACTICE",
    "DEMO_USERNAME",
    "FACTS_VERSION",
    "FACT_COLUMNS",
    "FOLLOW_UP_OPENS_ON",
    "NOT_STEP_FIELDS",
    "AlreadyAmended",
    "InvalidRow",
    "NotFinal",
    "ReviewIsFinal",
    "RowChanges",
    "StaleReview",
    "amend_review",
    "carried_forward",
    "carried_steps",
    "create_clinician",
    "discard_draft",
    "discard_step_draft",
    "ensure_demo_clinician",
    "finalise_review",
    "import_review",
    "refresh_stale_facts",
    "save_step",
    "save_step_draft",
    "start_follow_up",
    "start_review",
    "store_facts",
]
