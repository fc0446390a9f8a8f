"""Searches kept in the session, under a short random token.

Patient references never travel in a URL, so access logs, browser history and Referer headers
carry none: the search form is POSTed, its criteria are kept here, and the list, its other
pages and the CSV name only the token (`/?q=<token>`). Tokens are per search, so two tabs can
hold two searches.
"""

import secrets
from dataclasses import dataclass

from reviews.search import ReviewSearchForm

SESSION_KEY = "review_searches"
SEARCHES_KEPT = 20  # per session; the oldest is forgotten first


def keep_search(session, criteria: dict[str, str]) -> str:
    """Keep the criteria under a new random token and return the token."""
    token = secrets.token_urlsafe(6)
    searches = dict(session.get(SESSION_KEY, {}))
    searches[token] = criteria
    session[SESSION_KEY] = dict(list(searches.items())[-SEARCHES_KEPT:])
    return token


@dataclass(frozen=True)
class KeptSearch:
    form: ReviewSearchForm  # bound to the kept criteria, or unbound when there are none
    criteria: dict | None  # the cleaned criteria; None when there are none or they are invalid
    expired: bool  # a token was given that this session does not hold (any more)

    @property
    def invalid(self) -> bool:
        """Kept criteria that no longer pass (a clinician since removed, say): the list shows
        the form's errors and no reviews, never every review as if nothing was asked."""
        return self.form.is_bound and self.criteria is None


def kept_search(session, token: str, *, practice_id: int) -> KeptSearch:
    """The search kept under `token`, validated again."""
    stored = session.get(SESSION_KEY, {}).get(token) if token else None
    form = ReviewSearchForm(stored, practice_id=practice_id)
    criteria = form.cleaned_data if stored is not None and form.is_valid() else None
    return KeptSearch(form=form, criteria=criteria, expired=bool(token) and stored is None)
