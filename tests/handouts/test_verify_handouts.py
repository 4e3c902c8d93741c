"""verify_handouts: every issued PDF in the database is intact, and no file is left in the
private handouts/ folder from before PDFs moved into the database (handouts 0002).

Issuing writes the row and its bytes in one transaction, so nothing new lands in that
folder; files there are from the file store (copied by the migration) or from a worker
that died between storing a file and writing its row back then."""

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError

from handouts.models import HandoutPDF, IssuedHandout, Mode
from handouts.services import issue_handout
from handouts.storage import private_storage
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


def store(name, content=b"%PDF-1.7 a handout whose row was never written"):
    return private_storage.save(name, ContentFile(content))


def verify(**options):
    call_command("verify_handouts", **options)


def test_issuing_writes_no_file(issued):
    assert not private_storage.exists("handouts")
    for handout in issued:
        assert handout.hash_matches()


def test_a_clean_store_passes(issued, capsys):
    verify()
    out = capsys.readouterr().out
    assert "All 2 handouts match their SHA-256, and no file is left in handouts/." in out


def test_no_handouts_and_no_folder_passes(db, capsys):
    verify()
    assert "All 0 handouts match" in capsys.readouterr().out


def test_a_left_over_file_fails_the_check_and_is_named(issued, capsys):
    copied = store("handouts/copied.pdf", issued[0].read_pdf())
    orphan = store("handouts/orphan.pdf")
    with pytest.raises(CommandError, match="handouts/ holds 2 files left from before") as failed:
        verify()
    assert failed.value.returncode == 1
    err = capsys.readouterr().err
    held = f"the database holds its bytes (handout {issued[0].pk})"
    assert f"{copied}: left from before, {held}" in err
    assert f"{orphan}: left from before, no issued handout has these bytes" in err
    assert private_storage.exists(orphan) and private_storage.exists(copied)  # not touched


def test_remove_orphans_deletes_the_files_nobody_needs(issued, capsys):
    removable = [
        store("handouts/copied.pdf", issued[1].read_pdf()),
        store("handouts/orphan.pdf"),
        store("handouts/old/deeper.pdf"),
    ]
    elsewhere = store("logos/not-a-handout.pdf")

    verify(remove_orphans=True)

    out = capsys.readouterr().out
    assert out.count("Removed") == 3
    for name in removable:
        assert f"Removed {name}:" in out
        assert not private_storage.exists(name)
    assert private_storage.exists(elsewhere)  # outside handouts/: not ours to judge
    for handout in IssuedHandout.objects.all():
        assert handout.hash_matches()
    verify()  # and the store is clean now


def test_a_file_holding_a_missing_pdf_is_kept(issued, capsys):
    lost = issued[0]
    pdf = lost.read_pdf()
    HandoutPDF.objects.filter(handout=lost).delete()
    holder = store("handouts/holder.pdf", pdf)
    with pytest.raises(CommandError) as failed:
        verify(remove_orphans=True)
    assert str(failed.value) == "1 of 2 handouts failed the check; 1 file was kept."
    err = capsys.readouterr().err
    assert f"handout {lost.pk}: its PDF is missing" in err
    assert f"{holder}: kept, it holds the PDF of handout {lost.pk}" in err
    assert private_storage.exists(holder)


def test_a_changed_handout_and_a_left_over_file_are_both_reported(issued, capsys):
    changed = issued[0]
    HandoutPDF.objects.filter(handout=changed).update(data=b"%PDF-1.7 something else")
    store("handouts/orphan.pdf")
    with pytest.raises(CommandError) as failed:
        verify()
    assert str(failed.value) == (
        "1 of 2 handouts failed the check; "
        "handouts/ holds 1 file left from before (--remove-orphans deletes them)."
    )
    assert f"handout {changed.pk}: its PDF does not match its SHA-256" in capsys.readouterr().err
