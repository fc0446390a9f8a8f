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


# --- password spraying: many usernames from one address -------------------------------------


def spray(client, count, address, password="wrong password"):
    for number in range(count):
        sign_in(client, f"guess.{number}", password, address)


def test_thirty_failures_across_usernames_lock_the_address(client, clinician):
    spray(client, 30, "10.0.0.9")
    response = sign_in(client, clinician.username, PASSWORD, "10.0.0.9")
    assert response.status_code == 429
    assert "Sign-in locked for now" in response.content.decode()


def test_a_sprayed_address_does_not_lock_others(client, clinician):
    spray(client, 30, "10.0.0.9")
    assert sign_in(client, clinician.username, PASSWORD, "10.0.0.10").status_code == 302


def test_fewer_failures_across_usernames_leave_colleagues_signing_in(client, clinician):
    spray(client, 29, "10.0.0.9")
    assert sign_in(client, clinician.username, PASSWORD, "10.0.0.9").status_code == 302


def test_a_successful_sign_in_does_not_reset_the_address_count(client, clinician, colleague):
    spray(client, 20, "10.0.0.9")
    assert sign_in(client, colleague.username, PASSWORD, "10.0.0.9").status_code == 302
    client.logout()
    spray(client, 10, "10.0.0.9")
    assert sign_in(client, clinician.username, PASSWORD, "10.0.0.9").status_code == 429


# --- usernames ignore case -------------------------------------------------------------------


def test_sign_in_ignores_the_case_of_the_username(client, clinician):
    response = sign_in(client, "  DR.Ada ", PASSWORD, "10.0.0.5")
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SIGN_IN, user=clinician).exists()


def test_failures_in_any_case_count_for_one_username(client, clinician):
    for username in ("dr.ada", "DR.ADA", "Dr.Ada", "dr.ADA", "DR.ada"):
        sign_in(client, username, "wrong password", "10.0.0.5")
    assert sign_in(client, clinician.username, PASSWORD, "10.0.0.5").status_code == 429
