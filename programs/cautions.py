"""The clinical caution check: which exercises conflict with a patient's conditions.

Nothing here is stored. The check reads the patient's conditions and the caution rules as
they are at the moment of the request, so editing a patient's conditions or a rule in admin
changes what the editor and the program page show the next time they are opened."""

from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.html import format_html

from library.models import ConditionCaution, Exercise, Kind, MovementTag

MAX_ALTERNATIVES = 3
# What an exercise is for, by kind. A safer exercise serves the same purpose: a stretch or
# a mobility exercise for one that moves a joint through its range, strengthening or
# weight-bearing for one that loads muscles and bones. A seated row is no replacement for
# cat-cow, however much of the back they share.
PURPOSES = {
    Kind.STRETCH: "flexibility",
    Kind.MOBILITY: "flexibility",
    Kind.STRENGTHENING: "strength",
    Kind.WEIGHT_BEARING: "strength",
    Kind.POSTURE: "posture",
    Kind.BALANCE: "balance",
    Kind.AEROBIC: "endurance",
}


def same_purpose(kind):
    """The kinds that serve the purpose of `kind` (itself at least)."""
    purpose = PURPOSES.get(kind)
    return [other for other, its in PURPOSES.items() if its == purpose and purpose] or [kind]


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


def safer_alternatives(*, patient_id, clinic_id, exercise, exclude_ids=(), limit=MAX_ALTERNATIVES):
    """Up to `limit` active exercises the clinic sees to offer instead of `exercise`: each
    serves the same purpose (its kind, or a kind of the same purpose, see PURPOSES) and
    carries no movement tag the patient's conditions caution against. Those of the same kind and a
    shared body region come first, then the same purpose and a shared region, then the
    same kind, then the rest. One query."""
    regions = Exercise.regions.through.objects.filter(exercise_id=OuterRef("pk"))
    shared = regions.filter(bodyregion__exercises=exercise.pk)
    # How many body regions it shares with `exercise` (a correlated count).
    shared_count = Coalesce(
        Subquery(
            shared.values("exercise_id").annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        0,
    )
    same_kind = Case(
        When(kind=exercise.kind, then=Value(1)), default=Value(0), output_field=IntegerField()
    )
    return list(
        Exercise.objects.visible_to(clinic_id)
        .active()
        .filter(kind__in=same_purpose(exercise.kind))
        .annotate(shares_region=Exists(shared), same_kind=same_kind, shared=shared_count)
        .exclude(pk=exercise.pk)
        .exclude(pk__in=list(exclude_ids))
        .exclude(movement_tags__in=cautioned_tags(patient_id))
        .order_by(F("shares_region").desc(), F("same_kind").desc(), F("shared").desc(), "name")[
            :limit
        ]
    )


def tag_names(cautions):
    """The movement tags a list of cautions is about, once each, in lower case: the short
    form an editor row or a search result shows ("spinal flexion, impact")."""
    names = []
    for caution in cautions:
        name = caution.movement_tag.name.lower()
        if name not in names:
            names.append(name)
    return names


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
