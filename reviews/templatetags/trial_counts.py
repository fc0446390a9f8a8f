"""`trial_count`: a review's stored failed adequate trials in the current episode, printed the one
way every surface prints them ("2 counted · 1 ongoing · 1 uncertain", reviews.facts.trials)."""

from django import template

from reviews.printing.ledger import ONSET_NOT_RECORDED

register = template.Library()


@register.filter
def trial_count(review, weeks: int) -> str:
    count = review.trial_count(weeks)
    return ONSET_NOT_RECORDED if count is None else str(count)
