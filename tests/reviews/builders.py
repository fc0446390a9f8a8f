"""What the tests build from a review, as the product builds it: the facts from one reading of a
review in the format, and the printed sheets from one reading of a stored review."""

from reviews.facts import findings, rules, trials
from reviews.printing import engine
from reviews.printing.ledger import Ledger, ledger_for
from reviews.printing.sheets import documentation, summary
from reviews.reading import read


def facts_of(data: dict, min_weeks: int = 4) -> rules.Facts:
    return rules.compute_facts(data, trials.trial_facts(data, min_weeks=min_weeks))


def categories_of(data: dict, min_weeks: int = 4) -> tuple[findings.CategoryResult, ...]:
    return findings.evaluate_categories(data, trials.trial_facts(data, min_weeks=min_weeks))


def ledger_of(data: dict, min_weeks: int = 4) -> Ledger:
    return ledger_for(trials.trial_facts(data, min_weeks=min_weeks))


def summary_of(review, **options) -> summary.Summary:
    return summary.build(read(review), **options)


def sheet_of(review, treatment: str = "other") -> documentation.Sheet:
    return documentation.build(read(review), treatment=treatment)


def summary_pdf(document: summary.Summary, **options) -> bytes:
    return engine.render(summary.SHEET, document, **options)


def sheet_pdf(document: documentation.Sheet, **options) -> bytes:
    return engine.render(documentation.SHEET, document, **options)
