"""Production settings and the headers every response carries."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k3y-" + "x7Q9pL2mZ8vB4nW6rT1yU5oI3eA0sD" * 2,
    "ALLOWED_HOSTS": "rehab.clinic.example",
    "SITE_URL": "https://rehab.clinic.example",
}


def test_deploy_check_passes_with_production_settings():
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for this process; no deployment has it.
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("SECURE_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    environment.update(PRODUCTION)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_every_page_gets_a_strict_content_security_policy(therapist_client, patient):
    response = therapist_client.get(reverse("programs:patient", args=[patient.pk]))
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["default-src"] == "'self'"


def test_security_headers(therapist_client, patient, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = therapist_client.get(reverse("programs:patient", args=[patient.pk]), secure=True)
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")


@pytest.mark.parametrize("route", ["programs:patient", "programs:patients", "login"])
def test_pages_are_never_stored_by_browsers_or_proxies(therapist_client, patient, route):
    args = [patient.pk] if route == "programs:patient" else []
    response = therapist_client.get(reverse(route, args=args))
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_downloaded_handout_is_never_stored(therapist_client, handout):
    response = therapist_client.get(reverse("handouts:pdf", args=[handout.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_handout_sheet_may_be_framed_by_our_preview_and_runs_no_script(therapist_client, program):
    response = therapist_client.get(reverse("handouts:sheet", args=[program.pk]))
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy
    assert "script-src 'none'" in policy
    assert "style-src 'self' 'unsafe-inline'" in policy
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_static_svg_is_served_sandboxed():
    headers = {}
    django_settings.WHITENOISE_ADD_HEADERS_FUNCTION(headers, "/x/img/bridge.svg", "/static/x.svg")
    assert "sandbox" in headers["Content-Security-Policy"]
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    other = {}
    django_settings.WHITENOISE_ADD_HEADERS_FUNCTION(other, "/x/css/app.css", "/static/app.css")
    assert other == {}


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I)


def test_templates_have_no_inline_script_or_event_handler():
    """The CSP would block them anyway; this catches them before a browser does."""
    for template in Path(django_settings.BASE_DIR, "templates").rglob("*.html"):
        text = template.read_text()
        assert not INLINE_SCRIPT.search(text), template
        assert not EVENT_HANDLER.search(text), template


def test_app_pages_render_no_inline_script_style_or_handler(
    therapist_client, clinic_admin_client, patient, program
):
    pages = [
        reverse("programs:patients"),
        reverse("programs:patient", args=[patient.pk]),
        reverse("programs:detail", args=[program.pk]),
        reverse("programs:edit", args=[program.pk]),
        reverse("handouts:preview", args=[program.pk]),
        reverse("library:list"),
        reverse("password_change"),
    ]
    for url in pages:
        html = therapist_client.get(url).content.decode()
        assert not INLINE_SCRIPT.search(html), url
        assert not EVENT_HANDLER.search(html), url
        assert not STYLE_ATTRIBUTE.search(html), url
    admin_html = clinic_admin_client.get(reverse("admin:library_exercise_changelist")).content
    assert not STYLE_ATTRIBUTE.search(admin_html.decode())


def test_htmx_is_told_not_to_inject_styles_or_evaluate_code(therapist_client, program):
    html = therapist_client.get(reverse("programs:edit", args=[program.pk])).content.decode()
    assert '"includeIndicatorStyles": false' in html
    assert '"allowEval": false' in html
