"""The QR code printed on a filled handout opens the patient's phone page."""

import json
import logging

import pytest
from django.urls import reverse

from core.logs import HidePatientLinks
from handouts.models import Mode
from handouts.services import handout_programs, issue_handout
from phone import links
from phone.models import PatientLink, hash_token
from tests.helpers import pdf_text, qr_urls

LINE = "Scan to see your exercises on your phone and tick them off."


def issue(program, therapist, mode):
    loaded = handout_programs(mode).get(pk=program.pk)
    return issue_handout(program=loaded, user=therapist.user, mode=mode, large_print=False)


def test_a_filled_handout_prints_a_qr_code_of_its_own_link(
    client, program, therapist, tmp_path, settings
):
    handout = issue(program, therapist, Mode.FILLED)
    pdf = handout.read_pdf()
    assert LINE in pdf_text(pdf)
    [url] = qr_urls(pdf, tmp_path)
    assert url.startswith(f"{settings.SITE_URL}/h/")
    token = url.rsplit("/", 1)[1]
    assert len(token) >= 22  # at least 128 bits, URL-safe base64
    # Only the token's hash is kept; the snapshot never holds the token.
    link = PatientLink.objects.get(handout=handout)
    assert link.token_sha256 == hash_token(token)
    assert token not in json.dumps(handout.snapshot)
    response = client.get(reverse("phone:page", args=[token]))
    assert response.status_code == 200
    assert "Hello Margaret" in response.content.decode()


@pytest.mark.parametrize("mode", [Mode.BLANK, Mode.FULL])
def test_blank_forms_and_full_sheets_print_no_code(program, therapist, tmp_path, mode):
    handout = issue(program, therapist, mode)
    pdf = handout.read_pdf()
    assert LINE not in pdf_text(pdf)
    assert qr_urls(pdf, tmp_path) == []
    assert not PatientLink.objects.exists()


def test_each_handout_gets_a_new_token(program, therapist, monkeypatch):
    seen, real = [], links.qr_code
    monkeypatch.setattr("phone.links.qr_code", lambda token: seen.append(token) or real(token))
    issue(program, therapist, Mode.FILLED)
    issue(program, therapist, Mode.FILLED)
    assert len(set(seen)) == 2
    assert PatientLink.objects.count() == 2
    assert set(PatientLink.objects.values_list("token_sha256", flat=True)) == {
        hash_token(token) for token in seen
    }


def test_tokens_are_blanked_from_log_messages():
    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "%s: %s",
        ("Not Found", "/h/abcDEF_-12"),
        None,
    )
    assert HidePatientLinks().filter(record)
    assert record.getMessage() == "Not Found: /h/[link]"


@pytest.mark.parametrize(("mode", "shown"), [("filled", True), ("full", False), ("blank", False)])
def test_the_preview_shows_where_the_code_prints_without_a_link(
    therapist_client, program, mode, shown
):
    url = reverse("handouts:sheet", args=[program.pk])
    html = therapist_client.get(url, {"mode": mode}).content.decode()
    assert ("The patient's QR code prints here" in html) is shown
    assert (LINE in html) is shown
    assert "data:image/svg+xml" not in html
    assert not PatientLink.objects.exists()
