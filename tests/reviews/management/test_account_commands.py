"""createclinician and ensure_demo: the two ways accounts come into being outside the web."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from reviews import services
from reviews.models import Clinician, Practice
from tests.factories import make_clinician, make_practice

STRONG = "plum-harbour-lantern-47"


def can_sign_in(username: str, password: str) -> bool:
    response = Client().post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302


def typed(*answers: str):
    """A stand-in for getpass.getpass that answers its prompts in turn."""
    remaining = iter(answers)
    return lambda prompt: next(remaining)


def run(command: str, *args, **options) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out, **options)
    return out.getvalue()


# --- createclinician ---------------------------------------------------------------------------


def test_createclinician_reads_the_password_from_the_named_variable(db, monkeypatch):
    monkeypatch.setenv("NEW_PASSWORD", STRONG)

    printed = run(
        "createclinician",
        "dr.kim",
        practice="Harbour Clinic",
        name=" Alex Kim ",
        password_env="NEW_PASSWORD",
    )

    assert printed == "Created clinician dr.kim (Alex Kim) in Harbour Clinic.\n"
    assert STRONG not in printed
    assert can_sign_in("dr.kim", STRONG)
    clinician = Clinician.objects.get(username="dr.kim")
    assert clinician.practice.name == "Harbour Clinic"
    assert str(clinician) == "Alex Kim"  # how pages and printed summaries name them


def test_createclinician_joins_an_existing_practice(db, monkeypatch):
    practice = make_practice("Harbour Clinic")
    monkeypatch.setenv("NEW_PASSWORD", STRONG)

    run(
        "createclinician",
        "dr.kim",
        practice=" Harbour Clinic ",
        name="Alex Kim",
        password_env="NEW_PASSWORD",
    )

    assert Clinician.objects.get(username="dr.kim").practice == practice
    assert Practice.objects.count() == 1


def test_createclinician_prompts_twice_when_no_variable_is_named(db, monkeypatch):
    monkeypatch.setattr("getpass.getpass", typed(STRONG, STRONG))

    run("createclinician", "dr.kim", practice="Harbour Clinic", name="Alex Kim")

    assert can_sign_in("dr.kim", STRONG)


@pytest.mark.parametrize(
    ("setup", "options", "message"),
    [
        (
            lambda monkeypatch: monkeypatch.delenv("NEW_PASSWORD", raising=False),
            {"password_env": "NEW_PASSWORD"},
            "environment variable NEW_PASSWORD is not set or empty",
        ),
        (
            lambda monkeypatch: monkeypatch.setenv("NEW_PASSWORD", ""),
            {"password_env": "NEW_PASSWORD"},
            "environment variable NEW_PASSWORD is not set or empty",
        ),
        (
            lambda monkeypatch: monkeypatch.setenv("NEW_PASSWORD", "12345678"),
            {"password_env": "NEW_PASSWORD"},
            "This password is too common.; This password is entirely numeric.",
        ),
        (
            lambda monkeypatch: monkeypatch.setattr("getpass.getpass", typed(STRONG, STRONG + "x")),
            {},
            "the two passwords differ",
        ),
    ],
    ids=["variable unset", "variable empty", "weak password", "prompts differ"],
)
def test_createclinician_refuses_with_a_message_and_creates_nothing(
    db, monkeypatch, setup, options, message
):
    monkeypatch.setattr("getpass.getpass", typed(STRONG, STRONG))
    setup(monkeypatch)

    with pytest.raises(CommandError) as refused:
        run("createclinician", "dr.kim", practice="Harbour Clinic", name="Alex Kim", **options)

    assert str(refused.value) == message
    assert not Clinician.objects.exists()
    assert not Practice.objects.exists()  # the practice is not left behind either


def test_createclinician_refuses_a_taken_username_ignoring_case(db, monkeypatch):
    make_clinician(username="dr.kim")
    monkeypatch.setenv("NEW_PASSWORD", STRONG)

    with pytest.raises(CommandError, match="A clinician with that username exists already."):
        run(
            "createclinician",
            "DR.KIM",
            practice="Harbour Clinic",
            name="Alex Kim",
            password_env="NEW_PASSWORD",
        )

    assert Clinician.objects.count() == 1
    assert not Practice.objects.filter(name="Harbour Clinic").exists()


# --- ensure_demo -------------------------------------------------------------------------------


def test_ensure_demo_creates_the_demo_login_once(db):
    first = run("ensure_demo")
    second = run("ensure_demo")

    assert first.strip() == (
        f"Demo login created: username '{services.DEMO_USERNAME}', "
        f"password '{services.DEMO_PASSWORD}' ({services.DEMO_PRACTICE})"
    )
    # Later runs name the login but not the password, which may have been changed since.
    assert services.DEMO_USERNAME in second
    assert services.DEMO_PASSWORD not in second
    demo = Clinician.objects.get()
    assert demo.username == services.DEMO_USERNAME
    assert demo.practice.name == services.DEMO_PRACTICE
    assert str(demo) == "Demo Clinician"  # pages name the clinician, not the login
    assert Practice.objects.count() == 1
    assert can_sign_in(services.DEMO_USERNAME, services.DEMO_PASSWORD)


def test_ensure_demo_leaves_a_real_installation_alone(db, clinician):
    printed = run("ensure_demo")

    assert printed == "Other clinicians exist and no demo login does: nothing created.\n"
    assert list(Clinician.objects.all()) == [clinician]
    assert not Practice.objects.filter(name=services.DEMO_PRACTICE).exists()
