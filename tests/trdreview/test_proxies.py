"""The client's address behind trusted proxies: only what our own proxies wrote, and only when it
is an IP address; anything else falls back to the peer's address (never a 500)."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from reviews.middleware import client_address
from reviews.models import AuditEvent


def address(forwarded: str | None, *, proxies: int, settings, peer="127.0.0.1") -> str | None:
    settings.TRDREVIEW_TRUSTED_PROXIES = proxies
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **extra))


@pytest.mark.parametrize(
    ("forwarded", "proxies", "expected"),
    [
        (None, 0, "127.0.0.1"),
        ("203.0.113.9", 0, "127.0.0.1"),  # nothing trusted in front: the header is ignored
        ("203.0.113.9", 1, "203.0.113.9"),
        ("6.6.6.6, 203.0.113.9", 1, "203.0.113.9"),  # the client's own entry is not trusted
        ("6.6.6.6, 203.0.113.9, 10.0.0.2", 2, "203.0.113.9"),
        (" 2001:DB8::1 ", 1, "2001:db8::1"),
        ("garbage", 1, "127.0.0.1"),
        ("6.6.6.6, garbage", 1, "127.0.0.1"),
        ("203.0.113.9:443", 1, "127.0.0.1"),
        ("fe80::1%eth0", 1, "127.0.0.1"),
        ("", 1, "127.0.0.1"),
        ("203.0.113.9", 2, "127.0.0.1"),  # fewer entries than proxies
        ("<script>", 1, "127.0.0.1"),
    ],
)
def test_the_address_comes_only_from_trusted_entries(forwarded, proxies, expected, settings):
    assert address(forwarded, proxies=proxies, settings=settings) == expected


def test_a_malformed_peer_address_is_no_address(settings):
    assert address(None, proxies=0, settings=settings, peer="not-an-address") is None


def test_a_garbage_header_is_no_error_and_audits_the_peer(client, clinician, settings):
    settings.TRDREVIEW_TRUSTED_PROXIES = 1
    client.force_login(clinician)
    response = client.get(reverse("home"), HTTP_X_FORWARDED_FOR="garbage", REMOTE_ADDR="10.9.8.7")
    assert response.status_code == 200
    client.post(
        reverse("login"),
        {"username": "nobody", "password": "x"},
        HTTP_X_FORWARDED_FOR="garbage",
        REMOTE_ADDR="10.9.8.7",
    )
    failed = AuditEvent.objects.get(action=AuditEvent.Action.SIGN_IN_FAILED)
    assert failed.address == "10.9.8.7"
