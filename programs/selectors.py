"""Reads the program views need that are more than one QuerySet method."""

from django.db.models import Q

from exercises.models import Exercise


def editor_exercises(ids, kept=()):
    """{id: exercise} for the exercises editor rows name, with their variants and support
    options (3 queries). Archived exercises count only when `kept`: a program that had one
    may keep it, but none can be added."""
    exercises = (
        Exercise.objects.filter(pk__in=ids)
        .filter(Q(archived=False) | Q(pk__in=kept))
        .prefetch_related("variants", "support_options")
    )
    return {exercise.pk: exercise for exercise in exercises}
