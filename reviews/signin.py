"""Signing in: usernames match ignoring case, and the lockout counts per address too.

- Usernames are unique ignoring case (reviews.services.create_clinician), so "Dr.Ada" signs in
  as "dr.ada", and the lockout counts both spellings as one username.
- django-axes locks a username from one address after TRDREVIEW_LOCKOUT_FAILURES failures
  (an attack on one account leaves colleagues behind that address alone), and the whole address
  after TRDREVIEW_LOCKOUT_ADDRESS_FAILURES failures across any usernames (password spraying).
  Axes compares one limit with the largest count, so the handler below folds the second, higher
  limit into the number it reports.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Sum


def lockout_username(request, credentials) -> str | None:
    """The username the lockout counts: as typed, ignoring case and surrounding blanks."""
    if credentials:
        username = credentials.get("username")
    else:
        username = getattr(request, "POST", {}).get("username")
    return username.strip().casefold() if isinstance(username, str) else None


class LockoutHandler(AxesDatabaseHandler):
    """Counts for AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]."""

    def get_failures(self, request, credentials=None) -> int:
        pair, address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if address >= settings.TRDREVIEW_LOCKOUT_ADDRESS_FAILURES:
            return max(pair, get_failure_limit(request, credentials))
        return pair

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A successful sign-in clears that username's failures from that address only: the
        address's count across usernames stays, or one known password would reset spraying."""
        pair = self.filter_user_attempts(request, credentials)[0]
        count, _ = pair.delete()
        return count


class CaseInsensitiveBackend(ModelBackend):
    """Django's ModelBackend, matching the username ignoring case."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        model = get_user_model()
        if username is None:
            username = kwargs.get(model.USERNAME_FIELD)
        if username is None or password is None:
            return None
        users = list(model._default_manager.filter(username__iexact=username.strip())[:2])
        if len(users) != 1:
            # Hash anyway, so an unknown username takes as long as a wrong password.
            model().set_password(password)
            return None
        user = users[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
