"""The clinical caution check: which exercises conflict with a patient's conditions.

Nothing here is stored. The check reads the patient's conditions and the caution rules as
they are at the moment of the request, so editing a patient's conditions or a rule in admin
changes what the editor and the program page show the next time they are opened."""

from dataclasses import dataclass

from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Value, When
from django.utils.html import format_html

from exercises.models import ConditionCaution, Exercise, MovementTag

MAX_ALTERNATIVES = 3


def cautions_by_exercise(*, patient_id, exercise_ids):
    """{exercise id: [ConditionCaution, ...]} for those of `exercise_ids` that carry a
    movement tag one of the patient's conditions cautions against. One query, whatever the
    number of exercises, conditions and rules."""
    exercise_ids = list(exercise_ids)
    if not exercise_ids:
        return {}
    cautions = ConditionCaution.objects.filter(condition__patients=patient_id).met_by(exercise_ids)
    found = {}
    for caution in cautions:
        found.setdefault(caution.exercise_id, []).append(caution)
    return found


def cautioned_tags(patient_id):
    """The movement tags any of the patient's conditions cautions against, as a subquery
    (no query of its own)."""
    return MovementTag.objects.filter(condition_cautions__condition__patients=patient_id)


def safer_alternatives(*, patient_id, exercise, exclude_ids=(), limit=MAX_ALTERNATIVES):
    """Up to `limit` active exercises to offer instead of `exercise`: each shares a body
    region or the kind with it and carries no movement tag the patient's conditions caution
    against. Those sharing both come first, then a region, then the kind. One query."""
    regions = Exercise.regions.through.objects.filter(exercise_id=OuterRef("pk"))
    shares_region = Exists(regions.filter(bodyregion__exercises=exercise.pk))
    same_kind = Case(
        When(kind=exercise.kind, then=Value(1)), default=Value(0), output_field=IntegerField()
    )
    return list(
        Exercise.objects.active()
        .annotate(shares_region=shares_region, same_kind=same_kind)
        .filter(Q(shares_region=True) | Q(kind=exercise.kind))
        .exclude(pk=exercise.pk)
        .exclude(pk__in=list(exclude_ids))
        .exclude(movement_tags__in=cautioned_tags(patient_id))
        .order_by(F("shares_region").desc(), F("same_kind").desc(), "name")[:limit]
    )


def caution_html(caution):
    """One caution as the therapist reads it, in the editor row (Jinja2) and in the program
    page's safety summary (Django templates): the one source of its markup. The caution
    needs its condition and movement tag selected (met_by does)."""
    source = caution.source
    if caution.source_url:
        source = format_html(
            '<a href="{}" target="_blank" rel="noopener noreferrer">{}</a>',
            caution.source_url,
            caution.source,
        )
    return format_html(
        '<strong>{}</strong> · {} ({}): {}<br><span class="text-body-secondary">Source: {}</span>',
        caution.condition.name,
        caution.movement_tag.name.lower(),
        caution.get_severity_display().lower(),
        caution.message,
        source,
    )


@dataclass
class CautionedItem:
    item: object
    cautions: list

    def __post_init__(self):
        self.lines = [caution_html(caution) for caution in self.cautions]


@dataclass
class SafetySummary:
    """What the program page's safety summary shows: the patient's conditions and, for each
    item that meets a caution, the cautions and the reason the therapist gave (if any)."""

    conditions: list
    cautioned: list

    @property
    def missing_reasons(self):
        return sum(1 for entry in self.cautioned if not entry.item.caution_reason)


def safety_summary(*, patient, items):
    """Two queries: the patient's conditions, and the cautions the items meet. `items`
    should have `caution_reason_by` selected so showing who gave a reason costs nothing."""
    conditions = list(patient.conditions.all())
    found = cautions_by_exercise(
        patient_id=patient.pk, exercise_ids={item.exercise_id for item in items}
    )
    cautioned = [
        CautionedItem(item=item, cautions=found[item.exercise_id])
        for item in items
        if item.exercise_id in found
    ]
    return SafetySummary(conditions=conditions, cautioned=cautioned)
