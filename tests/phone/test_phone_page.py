"""The phone page: what it shows (and does not), its headers, and its audit rows."""

import re

import pytest
from django.urls import reverse

from audit.models import Action, AuditEvent
from phone.links import first_name
from tests.helpers import TOKEN

PAGE = reverse("phone:page", args=[TOKEN])


def test_the_page_shows_the_sheet_and_greets_by_first_name_only(client, link, patient):
    response = client.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hello Margaret" in html
    for name in ("Bridge", "Chin tuck", "Heel raise"):
        assert name in html
    assert "Lie on your back." in html  # a step, from the snapshot
    # Nothing else about the patient: family name, chart number, birth date, conditions.
    for private in ("Okafor", "A-1", "1948", "Mar 9", "March 9", "Osteoporosis"):
        assert private not in html, private


def test_the_page_comes_from_the_snapshot_not_the_program(client, link, program):
    item = program.items.get(exercise__name="Bridge")
    item.exercise.name = "Renamed since"
    item.exercise.save()
    html = client.get(PAGE).content.decode()
    assert "Bridge" in html
    assert "Renamed since" not in html


@pytest.mark.parametrize(
    ("name", "first"),
    [("Margaret Okafor", "Margaret"), ("García López, María José", "María"), ("Cher", "Cher")],
)
def test_first_name(name, first):
    assert first_name(name) == first


def test_headers_keep_the_page_private(client, link):
    response = client.get(PAGE)
    assert response["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response["X-Robots-Tag"]
    assert "no-store" in response["Cache-Control"]
    policy = response["Content-Security-Policy"]
    assert "script-src 'none'" in policy
    assert "unsafe-inline" not in policy
    html = response.content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "<script" not in html
    assert " style=" not in html


def test_the_page_links_to_nothing_of_the_clinics(client, link):
    """No navigation, no admin, no login: only its own forms and static files (and the
    clinic's number to call, tel:)."""
    html = client.get(PAGE).content.decode()
    addresses = re.findall(r'(?:href|src|action)="([^"]+)"', html)
    assert addresses
    for address in addresses:
        assert address.startswith(("/static/", f"/h/{TOKEN}", "tel:")), address


def test_the_page_is_small(client, link, settings):
    """Under 100 KB before pictures: the page and its stylesheet."""
    html = client.get(PAGE).content
    css = (settings.BASE_DIR / "static" / "css" / "phone.css").read_bytes()
    assert len(html) + len(css) < 100_000
    assert b"/static/css/phone.css" in html
    assert b"bootstrap" not in html


def test_each_view_is_audited_as_the_patient_link(client, link, patient):
    before = AuditEvent.objects.count()
    client.get(PAGE)
    rows = list(AuditEvent.objects.order_by("-pk")[: AuditEvent.objects.count() - before])
    assert len(rows) == 1
    row = rows[0]
    assert row.action == Action.LINK_VIEWED
    assert row.actor is None
    assert row.username == ""
    assert row.detail.startswith("patient link")
    assert (row.patient_id, row.clinic_id) == (patient.pk, patient.clinic_id)
    assert (row.object_type, row.object_id) == ("issuedhandout", link.handout_id)
    assert row.ip == "127.0.0.1"
    assert TOKEN not in row.detail


def test_the_page_answers_in_the_handouts_language(client, link):
    """The page is in the language the handout was printed in (the snapshot's)."""
    handout = link.handout
    handout.snapshot = {**handout.snapshot, "language": "en"}
    handout.save()
    assert '<html lang="en">' in client.get(PAGE).content.decode()
