"""The typed snapshot (handouts/snapshot.py): a handout stored with any older version of
the snapshot reads and prints as the same handout in the current version."""

import copy

import pytest

from handouts.models import Mode
from handouts.services import build_snapshot, handout_programs, render_html, render_snapshot_pdf
from handouts.snapshot import VERSION, Snapshot, UnknownVersion
from tests.helpers import older_snapshot, pdf_text


@pytest.fixture
def current(program):
    """Today's snapshot of a handout that an older version could have printed too: an
    English patient, no education sheet, a clinic without address or logo, drawings."""
    clinic = program.therapist.clinic
    clinic.address, clinic.logo = "", ""
    clinic.save()
    loaded = handout_programs(Mode.FULL).get(pk=program.pk)
    snapshot = build_snapshot(loaded, mode=Mode.FULL, large_print=False)
    for exercise in snapshot["exercises"]:
        exercise["exercise_id"] = None  # an older snapshot has none
    snapshot["when_to_call"] = None  # nor a "When to call" box
    return snapshot


def test_a_current_snapshot_reads_back_as_stored(current):
    assert Snapshot.from_dict(current).to_dict() == current


@pytest.mark.parametrize("version", [1, 2, 3, 4, 5, 6, 7])
def test_each_older_version_reads_as_the_current_one(current, version):
    stored = older_snapshot(current, version)
    assert stored != current
    assert Snapshot.from_dict(stored).to_dict() == current
    assert render_html(stored) == render_html(current)


def test_a_version_1_handout_prints_the_same_words(current):
    """ "cautions" was the first name of "Take care"; it still prints under that heading."""
    stored = older_snapshot(current, 1)
    assert any(exercise["cautions"] for exercise in stored["exercises"])
    text = pdf_text(render_snapshot_pdf(stored))
    assert text == pdf_text(render_snapshot_pdf(current))
    assert "Take care:" in text


def test_reading_does_not_change_the_stored_dict(current):
    stored = older_snapshot(current, 1)
    kept = copy.deepcopy(stored)
    Snapshot.from_dict(stored)
    assert stored == kept


def test_a_newer_version_is_refused(current):
    with pytest.raises(UnknownVersion, match=f"version {VERSION + 1}"):
        Snapshot.from_dict({**current, "version": VERSION + 1})
