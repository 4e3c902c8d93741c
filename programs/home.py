"""The patient's record at home (the phone page's ticks and "how did it feel") as programs'
pages show it. The phone app sits above programs and provides it when it starts
(phone/apps.py, through core.hooks); without it the pages show no record."""

from core import hooks

PATIENT_PAGE_RECORD = "programs.patient_page_record"
EDITOR_RECORD = "programs.editor_record"


def patient_page_record(program, *, zone):
    """The current program's record (phone/adherence.py: 3 queries), or None."""
    summary = hooks.provided(PATIENT_PAGE_RECORD)
    return summary(program, zone=zone) if summary else None


def editor_record(program, *, zone):
    """(record, revision) for the editor's rows: this program's, or while it has none its
    previous revision's; (None, None) without the phone app."""
    record = hooks.provided(EDITOR_RECORD)
    return record(program, zone=zone) if record else (None, None)
