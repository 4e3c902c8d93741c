"""Walks every URL pattern the app has: nothing but a short list is open to strangers."""

import itertools

import pytest
from django.urls import resolve
from django.urls.exceptions import Resolver404
from django.utils.regex_helper import normalize

from tests.helpers import leaf_patterns

# The only routes an anonymous visitor may use, by name (or path for unnamed ones).
PUBLIC = {
    "home",  # redirects to the patient list, which asks for a login
    "login",  # the login page itself
    "logout",  # logging out without a session just goes to the login page
    "admin/logout/",  # the same, under admin
    "admin/login/",  # redirects to the login page
    # The patient's phone page: the token in the address is the key (tests/phone/).
    "phone:page",
    "phone:tick",
    "phone:feel",
    "phone:reminder",  # the phone page's calendar file, under the same token
    "phone:answer",  # the phone page's questionnaire answers, under the same token
    # Uploaded pictures (exercise drawings and photos, logos): the phone page shows them
    # too. Nothing private is stored there (core/storage.py; tests/test_uploaded_files.py).
    "media",
}

# Values tried for each URL parameter, until the URL resolves back to its own pattern.
SAMPLES = ["1", "library", "exercise", "x", "1/change"]


def example_url(regex, pattern):
    """A concrete path that resolves to `pattern`, filling parameters with samples; None
    for a fixed path that an earlier pattern answers (admin's login and logout, which the
    app's own replace)."""
    for template, params in normalize(regex):
        if not params and resolve("/" + template).func != pattern.callback:
            return None
        for values in itertools.product(SAMPLES, repeat=len(params)):
            path = "/" + template % dict(zip(params, values, strict=True))
            try:
                match = resolve(path)
            except Resolver404:
                continue
            if match.func == pattern.callback:
                return path
    raise AssertionError(f"no example URL for {regex}")


def label_of(regex, name):
    return name or regex.removesuffix("\\Z").replace("\\", "")


def test_the_sweep_sees_every_part_of_the_app():
    labels = {label_of(regex, name) for regex, name, _ in leaf_patterns()}
    for expected in ("programs:edit", "handouts:pdf", "library:detail", "admin:index"):
        assert expected in labels
    assert "admin:audit_auditevent_changelist" in labels
    assert len(labels) > 60  # admin's many pages are part of the sweep


@pytest.mark.django_db
def test_anonymous_requests_are_sent_to_login(client):
    """GET and POST to every route: a redirect to a login page, or 403."""
    refused, visited = [], 0
    for regex, name, pattern in leaf_patterns():
        label = label_of(regex, name)
        if label in PUBLIC:
            continue
        path = example_url(regex, pattern)
        if path is None:
            continue
        visited += 1
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            if response.status_code == 403:
                continue
            to_login = response.status_code == 302 and response.url.startswith(
                ("/login/", "/admin/login/")
            )
            if not to_login:
                refused.append(f"{method.upper()} {path} ({label}): {response.status_code}")
    assert refused == []
    assert visited > 60
