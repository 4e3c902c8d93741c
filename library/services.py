"""Writes on a clinic's library: customising a base exercise, hiding and showing one."""

from django.db import models, transaction

from . import region_counts
from .models import Exercise

# Set on the copy itself, or kept by the database.
# (Which clinics hide the base exercise is not the copy's business.)
NOT_COPIED = {"id", "clinic", "based_on", "updated_at", "hidden_in_clinics"}


class CannotCustomise(Exception):
    """The clinic's own library already uses the exercise's name or slug."""


def _copied_values(row, *, skip):
    return {
        field.attname: getattr(row, field.attname)
        for field in row._meta.concrete_fields
        if not field.primary_key and not field.generated and field.name not in skip
    }


def exercise_parts():
    """The reverse relations of an exercise's own numbered rows (steps, tips, benefits,
    variants): those that go when the exercise goes and are kept in order."""
    return [
        relation
        for relation in Exercise._meta.related_objects
        if relation.one_to_many
        and relation.on_delete is models.CASCADE
        and _has_order(relation.related_model)
    ]


def _has_order(model):
    return any(field.name == "order" for field in model._meta.fields)


@transaction.atomic
def customise_for_clinic(*, exercise, clinic_id):
    """The clinic's own copy of the base `exercise`, with every field, tag, step, tip,
    benefit and variant; in that clinic it replaces the base one. Returns (copy, created):
    a clinic has at most one copy of each base exercise. Pictures are shared by name (an
    upload is never changed in place, so the base's file stays the base's)."""
    existing = Exercise.objects.filter(clinic_id=clinic_id, based_on=exercise).first()
    if existing is not None:
        return existing, False
    own = Exercise.objects.filter(clinic_id=clinic_id)
    if own.filter(models.Q(name__iexact=exercise.name) | models.Q(slug=exercise.slug)).exists():
        raise CannotCustomise(
            f"Your clinic already has an exercise named “{exercise.name}” or with the slug "
            f"“{exercise.slug}”. Rename that one first."
        )
    copy = Exercise.objects.create(
        **_copied_values(exercise, skip=NOT_COPIED), clinic_id=clinic_id, based_on=exercise
    )
    for field in Exercise._meta.many_to_many:
        if field.name in NOT_COPIED:
            continue
        getattr(copy, field.name).set(getattr(exercise, field.name).all())
    for relation in exercise_parts():
        model, link = relation.related_model, relation.field.name
        model.objects.bulk_create(
            model(**_copied_values(row, skip={link}), **{link: copy})
            for row in getattr(exercise, relation.get_accessor_name()).order_by("order", "pk")
        )
    return copy, True


def hide_for_clinic(*, exercises, clinic_id):
    """Hides these base exercises from the clinic's therapists (one insert); returns how
    many were hidden now. The clinic's own rows cannot be hidden: archive them instead."""
    through = Exercise.hidden_in_clinics.through
    base_ids = set(exercises.filter(clinic__isnull=True).values_list("pk", flat=True))
    already = set(
        through.objects.filter(clinic_id=clinic_id, exercise_id__in=base_ids).values_list(
            "exercise_id", flat=True
        )
    )
    through.objects.bulk_create(
        through(clinic_id=clinic_id, exercise_id=pk) for pk in sorted(base_ids - already)
    )
    region_counts.forget()
    return len(base_ids - already)


def show_for_clinic(*, exercises, clinic_id):
    """Shows hidden base exercises again; returns how many."""
    through = Exercise.hidden_in_clinics.through
    deleted, _ = through.objects.filter(
        clinic_id=clinic_id, exercise_id__in=exercises.values("pk")
    ).delete()
    region_counts.forget()
    return deleted
