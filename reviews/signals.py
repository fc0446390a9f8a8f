"""Sign-in events reach the audit trail through the signals Django and django-axes send: the
login view and the lockout live in those libraries, and signals are the hooks they offer."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from reviews import audit
from reviews.middleware import LAST_ACTIVITY, SIGNED_IN_AT, client_address

Action = audit.Action


@receiver(user_logged_in)
def audit_sign_in(sender, request, user, **kwargs):
    # The session limits count from here (reviews.middleware.SessionTimeoutMiddleware).
    now = timezone.now().timestamp()
    request.session[SIGNED_IN_AT] = request.session[LAST_ACTIVITY] = now
    with audit.acting_as(user, client_address(request)):
        audit.record(Action.SIGN_IN)


@receiver(user_logged_out)
def audit_sign_out(sender, request, user, **kwargs):
    if user is not None:
        with audit.acting_as(user, client_address(request)):
            audit.record(Action.SIGN_OUT)


@receiver(user_login_failed)
def audit_failed_sign_in(sender, credentials, request=None, **kwargs):
    address = client_address(request) if request is not None else None
    with audit.acting_as(None, address):
        audit.record(
            Action.SIGN_IN_FAILED,
            outcome=audit.Outcome.FAILED,
            username=str(credentials.get("username", ""))[:150],
        )


@receiver(user_locked_out)
def audit_lockout(sender, request, username, ip_address, **kwargs):
    with audit.acting_as(None, ip_address):
        audit.record(Action.LOCKOUT, outcome=audit.Outcome.REFUSED, username=(username or "")[:150])
