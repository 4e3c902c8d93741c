"""The outcome measures on the phone page: when one is due (outcomes/schedule.py) the page
asks it first, one questionnaire at a time, in the patient's language, with big targets
and no script. A PSFS-like measure is asked once its activities are named (at the visit).
The form's view: phone/measure_views.py."""

from outcomes.models import Activity, Kind
from outcomes.schedule import due_measures


def due_question(program, *, today, posted=None, error=None):
    """The first due measure the phone may ask, as the page's `question`, or None. Its
    questions carry the answers just sent, kept when they were refused."""
    posted = posted or {}
    activities = {}
    for activity in Activity.objects.filter(patient_id=program.patient_id):
        activities.setdefault(activity.measure_id, []).append(activity)
    for measure in due_measures(program, today=today):
        if measure.kind == Kind.ACTIVITIES:
            questions = [(a.pk, a.name) for a in activities.get(measure.pk, [])]
        else:
            questions = [(item.pk, item.text) for item in measure.items.all()]
        if not questions:
            continue  # a PSFS whose activities the therapist has not named with them yet
        values = [str(value) for value in range(measure.scale_min, measure.scale_max + 1)]
        return {
            "measure": measure,
            "questions": [(pk, text, posted.get(str(pk))) for pk, text in questions],
            "values": values,
            "error": error,
        }
    return None
