"""purge_expired: expired sessions and old unsaved input go, everything current stays."""

import datetime
from io import StringIO

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from reviews import services
from reviews.models import AuditEvent, StepDraft
from reviews.steps import STEPS_BY_SLUG


@pytest.fixture
def review(clinician):
    return services.start_review(
        by=clinician, patient_ref="MRN-0042", visit_date=datetime.date(2026, 11, 20)
    )


def session(expires_in: datetime.timedelta) -> str:
    store = SessionStore()
    store["trdreview_searches"] = {"token": {"patient_ref": "MRN-0042"}}
    store.set_expiry(timezone.now() + expires_in)
    store.create()
    return store.session_key


def draft(review, clinician, slug: str, age: datetime.timedelta) -> None:
    services.save_step_draft(
        review=review,
        step=STEPS_BY_SLUG[slug],
        by=clinician,
        data={"clinician_notes": ["typed"]},
    )
    StepDraft.objects.filter(step=slug).update(saved_at=timezone.now() - age)


def test_expired_sessions_and_old_drafts_are_removed_and_the_rest_kept(review, clinician):
    expired = session(datetime.timedelta(seconds=-1))
    current = session(datetime.timedelta(hours=1))
    draft(review, clinician, "notes", datetime.timedelta(days=31))
    draft(review, clinician, "safety", datetime.timedelta(days=29))
    out = StringIO()

    call_command("purge_expired", stdout=out)

    assert set(Session.objects.values_list("session_key", flat=True)) == {current}
    assert expired not in set(Session.objects.values_list("session_key", flat=True))
    assert list(StepDraft.objects.values_list("step", flat=True)) == ["safety"]
    assert "Removed 1 expired sessions and 1 unsaved drafts older than 30 days." in out.getvalue()
    row = AuditEvent.objects.filter(action=AuditEvent.Action.PURGE).get()
    assert row.detail == "1 expired sessions, 1 unsaved drafts older than 30 days"


def test_the_draft_age_is_a_setting_and_an_option(review, clinician, settings):
    draft(review, clinician, "notes", datetime.timedelta(days=3))
    settings.TRDREVIEW_DRAFT_DAYS = 7
    call_command("purge_expired", stdout=StringIO())
    assert StepDraft.objects.count() == 1
    call_command("purge_expired", draft_days=2, stdout=StringIO())
    assert StepDraft.objects.count() == 0


def test_a_draft_age_below_one_day_is_refused(db):
    with pytest.raises(CommandError, match="at least 1"):
        call_command("purge_expired", draft_days=0, stdout=StringIO())
