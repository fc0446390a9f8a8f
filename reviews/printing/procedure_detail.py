"""A procedure's detail in a few words, as the summary's procedures table and the documentation
sheet print it: the TMS protocol and target, the ECT electrode placement, and the scale scores
before and after the course (format version 3, issue 23). Only what was recorded; no judgement."""

from collections.abc import Callable

from reviews import schema
from reviews.words import answer_text

# The procedure questions this detail reads, in the order it names them.
TREATMENT_KEYS = ("tms_protocol", "tms_target", "ect_placement")
SCORE_KEYS = ("score_scale", "score_before", "score_after")
KEYS = (*TREATMENT_KEYS, *SCORE_KEYS)
NOT_RECORDED = "unknown"


def treatment_text(answer: Callable[[str], object]) -> str:
    """ "10 Hz, Left DLPFC", "Right unilateral"; "" when none is recorded. `answer(key)` gives
    the row's stored answer."""
    shown = [
        answer_text(schema.PROCEDURES.question(key), answer(key))
        for key in TREATMENT_KEYS
        if answer(key) not in (NOT_RECORDED, None, "")
    ]
    return ", ".join(shown)


def scores_text(answer: Callable[[str], object]) -> str:
    """ "PHQ-9 21 → 9", "MADRS 30 before"; "" when no score is recorded."""
    before, after = answer("score_before"), answer("score_after")
    if before is None and after is None:
        return ""
    scale = answer("score_scale")
    name = (
        answer_text(schema.PROCEDURES.question("score_scale"), scale)
        if scale not in (NOT_RECORDED, None, "")
        else "score"
    )
    if before is not None and after is not None:
        return f"{name} {before} \u2192 {after}"
    return f"{name} {before} before" if before is not None else f"{name} {after} after"


def detail_text(answer: Callable[[str], object]) -> str:
    """The treatment detail and the scores, "; " between them; "—" when nothing is recorded."""
    return "; ".join(text for text in (treatment_text(answer), scores_text(answer)) if text) or "—"
