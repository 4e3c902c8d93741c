"""Reproducible PDFs: an issued handout renders again from its stored snapshot, and a
filled one with its patient link as printed (kept with its PDF), to the same bytes (no
clock in the PDF, an /ID from its content); `render_handout --issued` and
`verify_handouts --rerender` do it and say when the bytes differ."""

import pytest
from django.core.management import CommandError, call_command

from handouts.models import HandoutPDF, IssuedHandout, Mode
from handouts.services import issue_handout, render_program_pdf
from tests.helpers import pdf_text

# What is measured here is WeasyPrint laying the pages out: every render happens.
pytestmark = pytest.mark.every_render


@pytest.mark.parametrize(
    ("mode", "large_print"), [(Mode.FULL, False), (Mode.BLANK, True), (Mode.FILLED, True)]
)
def test_an_issued_handout_renders_again_to_the_same_bytes(
    program, therapist, tmp_path, capsys, mode, large_print
):
    handout = issue_handout(
        program=program, user=therapist.user, mode=mode, large_print=large_print
    )
    out = tmp_path / "again.pdf"
    call_command("render_handout", "--issued", handout.pk, "--out", str(out))
    assert out.read_bytes() == handout.read_pdf()
    assert f"the same bytes as issued handout {handout.pk}" in capsys.readouterr().out


def test_a_filled_handout_keeps_its_printed_link_with_its_pdf(program, therapist):
    """The QR code and the address to type are kept as printed, beside the PDF that
    prints them (the same row: whoever can read one can read the other), never in the
    snapshot, which the phone page and a patient's export read."""
    handout = issue_handout(
        program=program, user=therapist.user, mode=Mode.FILLED, large_print=False
    )
    qr, address = handout.printed_link()
    assert qr.startswith("data:image/svg+xml") and "/h/" in address
    assert address in pdf_text(handout.read_pdf())
    assert address not in str(handout.snapshot) and qr not in str(handout.snapshot)
    assert handout.patient_link.short_code_hmac  # still found by its HMAC, as before
    blank = issue_handout(program=program, user=therapist.user, mode=Mode.BLANK, large_print=False)
    assert blank.printed_link() == ("", "")


def test_two_renders_are_byte_identical(program):
    assert render_program_pdf(program, mode=Mode.BLANK) == render_program_pdf(
        program, mode=Mode.BLANK
    )


def test_verify_rerender_reports_a_difference(program, therapist, capsys):
    same = issue_handout(program=program, user=therapist.user, mode=Mode.FULL, large_print=False)
    filled = issue_handout(
        program=program, user=therapist.user, mode=Mode.FILLED, large_print=False
    )
    call_command("verify_handouts", "--rerender")
    printed = capsys.readouterr().out
    assert "Re-rendered: 2 the same bytes, 0 different, 0 not compared" in printed
    # A snapshot changed after issuing (its PDF still matches its hash).
    same.snapshot = {**same.snapshot, "title": "Changed"}
    same.save()
    with pytest.raises(CommandError, match="1 of 2 handouts failed"):
        call_command("verify_handouts", "--rerender")
    assert f"handout {same.pk}: re-rendered, its bytes differ" in capsys.readouterr().err
    assert IssuedHandout.objects.count() == 2 and HandoutPDF.objects.count() == 2
    # A filled handout issued before its printed link was kept: not compared.
    HandoutPDF.objects.filter(handout=filled).update(qr_code="", address="")
    with pytest.raises(CommandError, match="1 of 2 handouts failed"):
        call_command("verify_handouts", "--rerender")
    assert "Re-rendered: 0 the same bytes, 1 different, 1 not compared" in capsys.readouterr().out


def test_render_handout_issued_says_when_the_bytes_differ(program, therapist, tmp_path):
    handout = issue_handout(
        program=program, user=therapist.user, mode=Mode.BLANK, large_print=False
    )
    handout.snapshot = {**handout.snapshot, "title": "Changed"}
    handout.save()
    with pytest.raises(CommandError, match="differ"):
        call_command("render_handout", "--issued", handout.pk, "--out", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="no issued handout 999"):
        call_command("render_handout", "--issued", 999, "--out", str(tmp_path / "x.pdf"))
