"""The patient timeline page's data: a patient's reviews in visit order, each with what changed
since the one before, the trials on one time axis and the severity scores (the view is
reviews/views/patient_timeline.py)."""

from django.conf import settings

from reviews.charts import timeline as charts
from reviews.charts.severity import severity_svg
from reviews.exports.interchange import export_review
from reviews.facts import patient_timeline, trials
from reviews.models import Review


def timeline_context(reviews: list[Review], review: Review) -> dict:
    """The page's data: each review with its facts and what changed since the one before, the
    trials on one time axis and the severity scores."""
    exported = [export_review(each) for each in reviews]
    min_weeks = settings.TRDREVIEW_MIN_TRIAL_WEEKS
    entries = [
        {
            "review": each,
            "changes": patient_timeline.changes_between(exported[index - 1], data)
            if index
            else None,
            "previous": reviews[index - 1] if index else None,
        }
        for index, (each, data) in enumerate(zip(reviews, exported, strict=True))
    ]
    points = patient_timeline.severity_points(exported)
    bars = patient_timeline.timeline_bars(exported)
    latest_visit = reviews[-1].visit_date if reviews else review.visit_date
    return {
        "entries": entries,
        "timeline": charts.timeline_svg_for(bars, latest_visit),
        "timeline_bars": bars,  # the chart's text alternative lists them
        "severity_chart": severity_svg(points),
        "severity_points": points,
        "min_trial_weeks": min_weeks,
        "count_rules": " ".join(trials.COUNT_RULES),
    }
