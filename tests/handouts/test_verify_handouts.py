"""verify_handouts: every issued PDF in the database is intact (issuing writes the row and
its bytes in one transaction, tests/records/test_handout_atomicity.py)."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from handouts.models import HandoutPDF, Mode
from handouts.services import issue_handout
from tests.factories import ProgramItemFactory


@pytest.fixture
def issued(therapist):
    """Two handouts issued for a one-exercise program of Alice's."""
    item = ProgramItemFactory(
        program__therapist=therapist, program__patient__clinic=therapist.clinic
    )
    return [
        issue_handout(program=item.program, user=therapist.user, mode=mode, large_print=False)
        for mode in (Mode.FILLED, Mode.BLANK)
    ]


def test_issuing_writes_no_file(issued, settings):
    assert not any(path.is_file() for path in settings.MEDIA_ROOT.rglob("*"))
    for handout in issued:
        assert handout.hash_matches()


def test_intact_handouts_pass(issued, capsys):
    call_command("verify_handouts")
    assert "All 2 handouts match their SHA-256." in capsys.readouterr().out


def test_no_handouts_passes(db, capsys):
    call_command("verify_handouts")
    assert "All 0 handouts match" in capsys.readouterr().out


def test_a_changed_and_a_missing_pdf_are_both_named(issued, capsys):
    changed, lost = issued
    HandoutPDF.objects.filter(handout=changed).update(data=b"%PDF-1.7 something else")
    HandoutPDF.objects.filter(handout=lost).delete()
    with pytest.raises(CommandError) as failed:
        call_command("verify_handouts")
    assert str(failed.value) == "2 of 2 handouts failed the check."
    err = capsys.readouterr().err
    assert f"handout {changed.pk}: its PDF does not match its SHA-256" in err
    assert f"handout {lost.pk}: its PDF is missing" in err
