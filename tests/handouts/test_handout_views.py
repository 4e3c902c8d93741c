"""Preview, issue, download: the therapist's path from a program to a printed handout."""

import hashlib

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from audit.models import Action, AuditEvent
from handouts.models import HandoutPDF, IssuedHandout
from library.models import ExerciseStep
from tests.factories import ProgramFactory, ProgramItemFactory
from tests.helpers import pdf_text

pytestmark = pytest.mark.django_db


def issue(client, program, **data):
    return client.post(reverse("handouts:issue", args=[program.pk]), {"mode": "filled", **data})


def change_stored_pdf(handout):
    """One byte of the stored PDF changed behind the app's back (a test's way in)."""
    pdf = bytearray(handout.read_pdf())
    pdf[200] ^= 0xFF
    HandoutPDF.objects.filter(handout=handout).update(data=bytes(pdf))


def remove_stored_pdf(handout):
    HandoutPDF.objects.filter(handout=handout).delete()


@pytest.mark.parametrize("name", ["handouts:preview", "handouts:sheet", "handouts:issue"])
def test_it_requires_login(client, program, name):
    response = client.get(reverse(name, args=[program.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ["handouts:preview", "handouts:sheet"])
def test_it_hides_other_clinics(therapist_client, foreign_program, name):
    assert therapist_client.get(reverse(name, args=[foreign_program.pk])).status_code == 404
    missing = reverse(name, args=[foreign_program.pk + 1000])
    assert therapist_client.get(missing).status_code == 404


def test_issuing_for_another_clinic_is_404_and_stores_nothing(therapist_client, foreign_program):
    assert issue(therapist_client, foreign_program).status_code == 404
    assert not IssuedHandout.objects.exists()


def test_program_page_links_to_the_preview(therapist_client, program):
    response = therapist_client.get(reverse("programs:detail", args=[program.pk]))
    assert reverse("handouts:preview", args=[program.pk]) in response.content.decode()


def test_preview_frames_the_sheet_with_the_chosen_options(therapist_client, program):
    url = reverse("handouts:preview", args=[program.pk])
    page = therapist_client.get(url, {"mode": "full", "large_print": "on"}).content.decode()
    sheet = reverse("handouts:sheet", args=[program.pk])
    assert f'src="{sheet}?mode=full&amp;large_print=on"' in page
    assert 'name="mode" value="full"' in page


def test_sheet_is_the_handout_as_html(therapist_client, program):
    response = therapist_client.get(reverse("handouts:sheet", args=[program.pk]))
    html = response.content.decode()
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "Margaret Okafor" in html
    assert "Hold 2 to 3 seconds, then relax. Repeat 10 times with each leg." in html
    assert "/static/css/handout.css" in html
    assert "file://" not in html


def test_sheet_escapes_user_text(therapist_client, program):
    program.special_instructions = "<script>alert(1)</script>"
    program.save()
    html = therapist_client.get(reverse("handouts:sheet", args=[program.pk])).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_bad_mode_is_a_clear_error(therapist_client, program):
    response = issue(therapist_client, program, mode="poster")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not IssuedHandout.objects.exists()
    preview = reverse("handouts:preview", args=[program.pk])
    assert therapist_client.get(preview, {"mode": "poster"}).status_code == 200


def test_issuing_stores_the_pdf_snapshot_hash_and_who(therapist_client, therapist, program):
    response = issue(therapist_client, program, mode="full", large_print="on")

    assert response.status_code == 302
    assert response["Location"] == reverse("programs:patient", args=[program.patient_id])
    handout = IssuedHandout.objects.get()
    assert (handout.program, handout.mode, handout.large_print) == (program, "full", True)
    assert handout.issued_by == therapist.user
    pdf = handout.read_pdf()
    assert handout.sha256 == hashlib.sha256(pdf).hexdigest()
    assert handout.snapshot["patient"] == "Margaret Okafor"
    assert handout.snapshot["frequency"] == "Once a day, 3 days a week"
    assert len(handout.snapshot["exercises"]) == 12
    assert "Margaret Okafor" in pdf_text(pdf)


def test_the_patient_page_lists_issued_handouts(therapist_client, program):
    issue(therapist_client, program)
    handout = IssuedHandout.objects.get()
    page = therapist_client.get(reverse("programs:patient", args=[program.patient_id]))
    html = page.content.decode()
    assert reverse("handouts:pdf", args=[handout.pk]) in html
    assert "Handout issued" in html


def test_download_is_byte_identical_after_the_library_and_program_change(therapist_client, program):
    issue(therapist_client, program)
    handout = IssuedHandout.objects.get()
    url = reverse("handouts:pdf", args=[handout.pk])
    first = therapist_client.get(url).getvalue()

    step = ExerciseStep.objects.filter(exercise__slug="shoulder-press").first()
    step.text = "A completely rewritten first step."
    step.save()
    program.frequency = "Twice a day"
    program.save()
    program.items.all().delete()

    response = therapist_client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert response.getvalue() == first
    handout.refresh_from_db()
    assert handout.snapshot["frequency"] == "Once a day, 3 days a week"
    assert "A completely rewritten first step." not in pdf_text(first)


def test_a_changed_stored_file_is_refused_with_a_clear_page_and_audited(therapist_client, program):
    issue(therapist_client, program)
    handout = IssuedHandout.objects.get()
    change_stored_pdf(handout)
    response = therapist_client.get(reverse("handouts:pdf", args=[handout.pk]))
    assert response.status_code == 409
    assert response["Content-Type"].startswith("text/html")
    assert "has changed since it was printed" in response.content.decode()
    refused = AuditEvent.objects.get(action=Action.HANDOUT_REFUSED)
    assert (refused.object_id, refused.patient, refused.detail) == (
        handout.pk,
        program.patient,
        "changed",
    )
    assert not AuditEvent.objects.filter(action=Action.HANDOUT_DOWNLOADED).exists()


def test_a_missing_stored_file_is_refused_with_a_clear_page(therapist_client, program):
    issue(therapist_client, program)
    handout = IssuedHandout.objects.get()
    remove_stored_pdf(handout)
    response = therapist_client.get(reverse("handouts:pdf", args=[handout.pk]))
    assert response.status_code == 409
    assert "is missing" in response.content.decode()
    assert AuditEvent.objects.get(action=Action.HANDOUT_REFUSED).detail == "missing"


def test_download_hides_other_clinics(client, other_clinic_therapist, therapist_client, program):
    issue(therapist_client, program)
    handout = IssuedHandout.objects.get()
    client.force_login(other_clinic_therapist.user)
    assert client.get(reverse("handouts:pdf", args=[handout.pk])).status_code == 404
    assert client.get(reverse("handouts:pdf", args=[handout.pk + 1])).status_code == 404


def test_download_requires_login(client, therapist_client, program):
    issue(therapist_client, program)
    client.logout()
    response = client.get(reverse("handouts:pdf", args=[IssuedHandout.objects.get().pk]))
    assert response.status_code == 302


def test_verify_handouts_catches_a_tampered_file(therapist_client, program, capsys):
    issue(therapist_client, program)
    issue(therapist_client, program, mode="blank")
    call_command("verify_handouts")
    assert "All 2 handouts match" in capsys.readouterr().out

    tampered = IssuedHandout.objects.order_by("pk").last()
    change_stored_pdf(tampered)
    with pytest.raises(CommandError, match="1 of 2 handouts failed"):
        call_command("verify_handouts")
    assert f"handout {tampered.pk}:" in capsys.readouterr().err


def test_verify_handouts_catches_a_missing_file(therapist_client, program, capsys):
    issue(therapist_client, program)
    handout = IssuedHandout.objects.get()
    remove_stored_pdf(handout)
    with pytest.raises(CommandError):
        call_command("verify_handouts")
    assert "is missing" in capsys.readouterr().err


def test_sheet_queries_do_not_grow_with_the_program(
    therapist_client, therapist, patient, django_assert_num_queries
):
    """Session, user, program with patient/therapist/clinic/protocol, items with exercise
    and variant, item supports, then one query each for the exercises' steps, tips,
    benefits, variants and support options, the education sheets (their sections and
    sources cost two more when there are some: tests/education); and the audit row."""
    small = ProgramFactory(patient=patient, therapist=therapist)
    ProgramItemFactory(program=small)
    large = ProgramFactory(patient=patient, therapist=therapist)
    for _ in range(12):
        ProgramItemFactory(program=large)
    for program in (small, large):
        with django_assert_num_queries(12):
            therapist_client.get(reverse("handouts:sheet", args=[program.pk]))


def test_render_handout_command_writes_a_pdf(program, tmp_path, capsys):
    out = tmp_path / "handout.pdf"
    call_command("render_handout", program.pk, "--mode", "blank", "--out", str(out))
    assert "Bone health" in pdf_text(out.read_bytes())
    assert "Margaret" not in pdf_text(out.read_bytes())
    with pytest.raises(CommandError, match="no program 999"):
        call_command("render_handout", 999, "--out", str(out))
