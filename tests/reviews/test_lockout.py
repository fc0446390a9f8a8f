"""Sign-in lockout: five failures lock that username from that address, and nothing more."""

import pytest
from django.urls import reverse

from reviews.models import AuditEvent
from tests.factories import PASSWORD, make_clinician


@pytest.fixture
def colleague(practice):
    return make_clinician(practice=practice, username="dr.bea")


def sign_in(client, username, password, address):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def fail_five_times(client, username, address):
    for _ in range(5):
        sign_in(client, username, "wrong password", address)


def test_five_failures_lock_the_username_from_that_address(client, clinician):
    fail_five_times(client, clinician.username, "10.0.0.5")
    response = sign_in(client, clinician.username, PASSWORD, "10.0.0.5")
    assert response.status_code == 429
    assert "Sign-in locked for now" in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOCKOUT).exists()


def test_the_same_account_from_another_address_still_signs_in(client, clinician):
    fail_five_times(client, clinician.username, "10.0.0.5")
    response = sign_in(client, clinician.username, PASSWORD, "10.0.0.6")
    assert response.status_code == 302


def test_a_colleague_behind_the_same_address_still_signs_in(client, clinician, colleague):
    fail_five_times(client, clinician.username, "10.0.0.5")
    response = sign_in(client, colleague.username, PASSWORD, "10.0.0.5")
    assert response.status_code == 302


def test_four_failures_do_not_lock(client, clinician):
    for _ in range(4):
        sign_in(client, clinician.username, "wrong password", "10.0.0.5")
    assert sign_in(client, clinician.username, PASSWORD, "10.0.0.5").status_code == 302
