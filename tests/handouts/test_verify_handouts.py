"""verify_handouts: every issued PDF is intact, and nothing else sits in handouts/.

A worker that dies between storing a PDF and writing its row (another writer holding
SQLite's lock) leaves a file no handout names; the command reports it and, asked to,
removes it, never a file a handout names."""

import os
import time

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError

from handouts.models import IssuedHandout, Mode
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


def age(name, hours=2):
    """Back-date a stored file, as if written `hours` ago (a test's way in, not the app's)."""
    when = time.time() - hours * 3600
    os.utime(private_storage.path(name), (when, when))


def verify(**options):
    call_command("verify_handouts", **options)


def test_a_clean_store_passes(issued, capsys):
    verify()
    out = capsys.readouterr().out
    assert "All 2 handouts match their SHA-256, and every file in handouts/ belongs to one." in out


def test_no_handouts_and_no_folder_passes(db, capsys):
    verify()
    assert "All 0 handouts match" in capsys.readouterr().out


def test_a_file_no_handout_names_fails_the_check(issued, capsys):
    orphan = store("handouts/orphan.pdf")
    with pytest.raises(CommandError, match="handouts/ holds 1 file no handout names") as failed:
        verify()
    assert failed.value.returncode == 1
    err = capsys.readouterr().err
    assert f"{orphan}: no issued handout names this file" in err
    assert all(handout.pdf.name not in err for handout in issued)
    assert private_storage.exists(orphan)  # reported, not touched


def test_remove_orphans_deletes_exactly_the_unnamed_files(issued, capsys):
    orphans = [store("handouts/orphan.pdf"), store("handouts/old/deeper.pdf")]
    elsewhere = store("logos/not-a-handout.pdf")
    for name in [*orphans, elsewhere, *(handout.pdf.name for handout in issued)]:
        age(name)  # old enough to go, named ones too: a name, not an age, keeps a file

    verify(remove_orphans=True)

    out = capsys.readouterr().out
    for orphan in orphans:
        assert f"Removed {orphan}: no issued handout named it." in out
        assert not private_storage.exists(orphan)
    assert out.count("Removed") == 2
    assert private_storage.exists(elsewhere)  # outside handouts/: not ours to judge
    for handout in IssuedHandout.objects.all():
        assert handout.hash_matches()
    verify()  # and the store is clean now


def test_remove_orphans_keeps_a_file_that_may_be_being_issued_now(issued, capsys):
    fresh = store("handouts/fresh.pdf")
    with pytest.raises(CommandError, match="handouts/ holds 1 file no handout names"):
        verify(remove_orphans=True)
    assert f"{fresh}: kept, written less than an hour ago" in capsys.readouterr().err
    assert private_storage.exists(fresh)


def test_a_changed_handout_and_an_orphan_are_both_reported(issued, capsys):
    changed = issued[0]
    with private_storage.open(changed.pdf.name, "wb") as stored:
        stored.write(b"%PDF-1.7 something else")
    store("handouts/orphan.pdf")
    with pytest.raises(CommandError) as failed:
        verify()
    assert str(failed.value) == (
        "1 of 2 handouts failed the check; "
        "handouts/ holds 1 file no handout names (--remove-orphans deletes them)."
    )
    assert f"handout {changed.pk}: {changed.pdf.name} does not match" in capsys.readouterr().err
