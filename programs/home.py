"""The patient's record at home (the phone page's ticks and "how did it feel") as programs'
pages show it. The phone app sits above programs and provides it when it starts
(phone/apps.py, through core.hooks); without it the pages show no record."""

from core import hooks

PATIENT_PAGE_RECORD = "programs.patient_page_record"
EDITOR_RECORD = "programs.editor_record"
PATIENT_PAGE_OUTCOMES = "programs.patient_page_outcomes"


def patient_page_record(program, *, zone, programs=None):
    """The record of the patient's course of care up to the current program, its earlier
    revisions' included (phone/adherence.py course_summary: 3 queries for a first revision,
    4 after a revision when `programs`, the patient's programs, are given), or None."""
    summary = hooks.provided(PATIENT_PAGE_RECORD)
    return summary(program, zone=zone, programs=programs) if summary else None


def patient_page_outcomes(patient, *, program=None):
    """The patient's outcome measures, each as a trend, and the current `program`'s
    discharge (outcomes/trends.py patient_outcomes: 1 query, 2 with answers, one more
    with a program), or None without the outcomes app."""
    outcomes = hooks.provided(PATIENT_PAGE_OUTCOMES)
    return outcomes(patient, program=program) if outcomes else None


def editor_record(program, *, zone):
    """(record, revision) for the editor's rows: this program's, or while it has none its
    previous revision's; (None, None) without the phone app."""
    record = hooks.provided(EDITOR_RECORD)
    return record(program, zone=zone) if record else (None, None)
