"""The patient's record as a FHIR R4 JSON bundle, in the patient export (records/services.py):
the Patient (only what we hold), the current program as a CarePlan with its exercises, each
outcome answer set as a QuestionnaireResponse with its Questionnaire, and the pain answers as
Observations. Every resource is built through the `fhir.resources` models, which validate
it; the package's R4-line models are R4B (4.3.0), whose versions of these five resources
read as R4 (docs/fhir.md)."""

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient as FhirPatient
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from outcomes.models import Activity, Answer, AnswerSet, Kind, Measure
from phone.models import DayFeeling
from programs.models import Program, ProgramItem

LOINC = "http://loinc.org"
# LOINC 72514-3: Pain severity - 0-10 verbal numeric rating [Score] - Reported.
PAIN_CODE = {"system": LOINC, "code": "72514-3", "display": "Pain severity 0-10 numeric rating"}
SURVEY = {
    "coding": [
        {
            "system": "http://terminology.hl7.org/CodeSystem/observation-category",
            "code": "survey",
        }
    ]
}
RESOURCES = {
    "Patient": FhirPatient,
    "CarePlan": CarePlan,
    "Questionnaire": Questionnaire,
    "QuestionnaireResponse": QuestionnaireResponse,
    "Observation": Observation,
}


def _ref(resource):
    return {"reference": f"{resource.__resource_type__}/{resource.id}"}


def _patient(patient):
    data = {
        "id": f"patient-{patient.pk}",
        "name": [{"text": patient.name}],
        "communication": [{"language": {"coding": [{"code": patient.language}]}}],
    }
    if patient.birth_date:
        data["birthDate"] = patient.birth_date.isoformat()
    if patient.chart_number:
        data["identifier"] = [
            {"system": f"urn:rehab:clinic:{patient.clinic_id}:chart", "value": patient.chart_number}
        ]
    return FhirPatient.model_validate(data)


def _care_plan(program, items, subject):
    activities = [
        {
            "detail": {
                "kind": "ServiceRequest",
                "code": {"text": item.exercise.name},
                "description": item.dose or item.exercise.name,
                "status": "in-progress",
                **({"scheduledString": program.frequency} if program.frequency else {}),
            }
        }
        for item in items
    ]
    data = {
        "id": f"careplan-{program.pk}",
        "status": "active",
        "intent": "plan",
        "title": program.title,
        "subject": _ref(subject),
        "created": program.created_at.isoformat(),
    }
    if activities:
        data["activity"] = activities
    return CarePlan.model_validate(data)


def _questionnaire(measure):
    if measure.kind == Kind.ACTIVITIES:
        items = [
            {
                "linkId": "activity",
                "type": "group",
                "repeats": True,
                "text": "An activity the patient named",
                "item": [
                    {"linkId": "activity.name", "type": "string", "text": "Activity"},
                    {"linkId": "activity.score", "type": "integer", "text": "How well"},
                ],
            }
        ]
    else:
        items = [
            {"linkId": f"item-{item.pk}", "type": "integer", "text": item.text}
            for item in measure.items.all()
        ]
    return Questionnaire.model_validate(
        {
            "id": f"questionnaire-{measure.pk}",
            "status": "active",
            "name": measure.slug.replace("-", "_"),
            "title": measure.name,
            "item": items,
        }
    )


def _response(answer_set, answers, questionnaire, subject):
    measure = answer_set.measure
    if measure.kind == Kind.ACTIVITIES:
        items = [
            {
                "linkId": "activity",
                "item": [
                    {"linkId": "activity.name", "answer": [{"valueString": a.activity.name}]},
                    {"linkId": "activity.score", "answer": [{"valueInteger": a.value}]},
                ],
            }
            for a in answers
        ]
    else:
        items = [
            {"linkId": f"item-{a.item_id}", "answer": [{"valueInteger": a.value}]} for a in answers
        ]
    return QuestionnaireResponse.model_validate(
        {
            "id": f"response-{answer_set.pk}",
            "questionnaire": f"Questionnaire/{questionnaire.id}",
            "status": "completed",
            "subject": _ref(subject),
            "authored": answer_set.day.isoformat(),
            "item": items,
        }
    )


def _pain(identifier, day, value, subject, note):
    return Observation.model_validate(
        {
            "id": identifier,
            "status": "final",
            "category": [SURVEY],
            "code": {"coding": [PAIN_CODE], "text": "Pain (0 to 10)"},
            "subject": _ref(subject),
            "effectiveDateTime": day.isoformat(),
            "valueInteger": value,
            "note": [{"text": note}],
        }
    )


def patient_bundle(patient):
    """The bundle as a dict ready for JSON. A fixed number of queries (7)."""
    subject = _patient(patient)
    resources = [subject]
    current = (
        Program.objects.filter(patient=patient, next_revision__isnull=True)
        .order_by("-created_at", "-pk")
        .first()
    )
    if current is not None:
        items = ProgramItem.objects.filter(program=current).select_related("exercise")
        resources.append(_care_plan(current, items.order_by("order", "pk"), subject))
    sets = list(AnswerSet.objects.filter(patient=patient).order_by("day", "pk"))
    measures = Measure.objects.filter(pk__in={s.measure_id for s in sets}).prefetch_related("items")
    questionnaires = {}
    for measure in measures:
        questionnaires[measure.pk] = _questionnaire(measure)
        resources.append(questionnaires[measure.pk])
    by_pk = {measure.pk: measure for measure in measures}
    answers_of = {}
    answers = Answer.objects.filter(answer_set__patient=patient).order_by("pk")
    activities = {a.pk: a for a in Activity.objects.filter(patient=patient)}
    for answer in answers:
        if answer.activity_id:
            answer.activity = activities[answer.activity_id]
        answers_of.setdefault(answer.answer_set_id, []).append(answer)
    for answer_set in sets:
        answer_set.measure = by_pk[answer_set.measure_id]
        questionnaire = questionnaires[answer_set.measure_id]
        given = answers_of.get(answer_set.pk, [])
        resources.append(_response(answer_set, given, questionnaire, subject))
        if answer_set.measure.slug == "nprs" and answer_set.measure.clinic_id is None:
            note = f"Numeric Pain Rating Scale ({answer_set.get_source_display().lower()})"
            resources.append(
                _pain(f"pain-{answer_set.pk}", answer_set.day, given[0].value, subject, note)
            )
    feelings = DayFeeling.objects.filter(program__patient=patient).order_by("day", "pk")
    for feeling in feelings:
        note = "How it felt today, on the phone page"
        resources.append(_pain(f"day-pain-{feeling.pk}", feeling.day, feeling.pain, subject, note))
    bundle = Bundle.model_validate(
        {
            "type": "collection",
            "entry": [{"resource": resource.model_dump(mode="json")} for resource in resources],
        }
    )
    return bundle.model_dump(mode="json", exclude_none=True)
