"""Every page except sign-in requires login."""

from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter

# Routes an anonymous visitor may reach; everything else redirects to the login page.
# The patient's page of a pre-visit invitation opens by its link's token (tests of its own:
# tests/reviews/test_previsit.py).
ANONYMOUS_ALLOWED = {"login", "favicon", "patient_answers"}


def walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield pattern, prefix + str(pattern.pattern)


def example_path(route: str, pattern: URLPattern) -> str:
    """Fill each <converter:name> of a route with a value the converter accepts."""
    path = route
    for name, converter in pattern.pattern.converters.items():
        value = "1" if isinstance(converter, IntConverter) else "visit"
        path = path.replace(f"<{_spec(route, name)}>", value)
    return "/" + path


def _spec(route: str, name: str) -> str:
    start = route.index(f":{name}>") if f":{name}>" in route else route.index(f"<{name}>") + 1
    begin = route.rindex("<", 0, start) + 1
    return route[begin : route.index(">", begin)]


ALL_ROUTES = list(walk(get_resolver().url_patterns))


def test_the_walk_finds_the_routes():
    names = {pattern.name for pattern, _ in ALL_ROUTES}
    assert {"login", "logout", "home", "password_change"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("pattern", "route"),
    [(p, r) for p, r in ALL_ROUTES if p.name not in ANONYMOUS_ALLOWED],
    ids=lambda value: getattr(value, "name", None) or str(value),
)
def test_anonymous_visitors_are_sent_to_login(client, pattern, route):
    path = example_path(route, pattern)
    for method in (client.get, client.post):
        response = method(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/login/"), path


@pytest.mark.django_db
def test_login_page_is_open(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert b"Sign in" in response.content


def test_favicon_ico_leads_to_the_icon_without_sign_in(client):
    from django.contrib.staticfiles import finders

    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("/favicon.svg")
    assert "<svg" in Path(finders.find("favicon.svg")).read_text(encoding="utf-8")
