"""The measures as data: the three built in (with Spanish), scoring, direction and the
minimal important change, and a clinic's own questionnaire."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from outcomes.models import Flag, Measure, MeasureItem


def test_the_three_built_in_measures_ship_with_their_mic_and_direction(psfs, nprs, groc):
    assert (psfs.kind, psfs.scale_min, psfs.scale_max, psfs.scoring) == (
        "activities",
        0,
        10,
        "mean",
    )
    assert (psfs.mic, psfs.higher_is_better) == (Decimal(2), True)
    assert (nprs.mic, nprs.higher_is_better, nprs.items.count()) == (Decimal(2), False, 1)
    assert (groc.scale_min, groc.scale_max, groc.rates_change) == (-7, 7, True)
    assert "Horn" in psfs.source and "Farrar" in nprs.source and "Jaeschke" in groc.source


def test_the_built_in_ones_read_in_spanish(nprs, psfs):
    with translation.override("es"):
        assert Measure.objects.get(pk=psfs.pk).name == "Escala funcional específica del paciente"
        assert MeasureItem.objects.get(measure=nprs).text.startswith("En promedio")
        assert Measure.objects.get(pk=nprs.pk).low_label == "Sin dolor"


@pytest.mark.parametrize(
    ("scoring", "values", "score"),
    [("sum", [1, 2, 4], "7.00"), ("mean", [3, 4, 4], "3.67"), ("percent", [0, 5, 10], "50.00")],
)
def test_scoring(scoring, values, score):
    measure = Measure(scoring=scoring, scale_min=0, scale_max=10, mic=1)
    assert measure.score(values) == Decimal(score)


def test_percent_of_the_maximum_counts_from_the_scales_bottom():
    measure = Measure(scoring="percent", scale_min=1, scale_max=5, mic=1)
    assert measure.score([1, 1]) == 0 and measure.score([5, 5]) == 100


@pytest.mark.parametrize(
    ("first", "last", "flag"),
    [(3, 5, Flag.BETTER), (3, 4.5, Flag.SAME), (5, 3, Flag.WORSE), (5, 6, Flag.SAME)],
)
def test_the_flag_reads_the_change_against_the_mic(psfs, nprs, first, last, flag):
    first, last = Decimal(str(first)), Decimal(str(last))
    assert psfs.flag(first, last) == flag
    # Pain: lower is better, so the same change the other way.
    opposite = {Flag.BETTER: Flag.WORSE, Flag.WORSE: Flag.BETTER, Flag.SAME: Flag.SAME}[flag]
    assert nprs.flag(first, last) == opposite


def test_a_rating_of_change_reads_its_latest_answer(groc):
    assert groc.flag(Decimal(5), Decimal(4)) == Flag.BETTER
    assert groc.flag(Decimal(-1), Decimal(2)) == Flag.SAME
    assert groc.flag(Decimal(2), Decimal(-3)) == Flag.WORSE


def test_a_clinic_adds_its_own_questionnaire(clinic, other_clinic):
    measure = Measure.objects.create(
        clinic=clinic,
        slug="knee-q",
        name="Our knee questionnaire",
        short_name="Knee",
        scale_min=0,
        scale_max=4,
        scoring="percent",
        direction="higher",
        mic=9,
    )
    assert measure in Measure.objects.for_clinic(clinic.pk)
    assert measure not in Measure.objects.for_clinic(other_clinic.pk)
    assert Measure.objects.for_clinic(other_clinic.pk).count() == 3


@pytest.mark.parametrize(
    "bad", [{"scale_min": 5, "scale_max": 5}, {"mic": 0}, {"min_activities": 6}]
)
def test_the_database_refuses_a_measure_that_cannot_be_scored(clinic, bad):
    fields = {"clinic": clinic, "slug": "x", "name": "X", "short_name": "X", "mic": 1, **bad}
    with pytest.raises(IntegrityError), transaction.atomic():
        Measure.objects.create(**fields)


def test_missing_built_in_measures_are_put_back_as_the_migration_made_them(db):
    from outcomes.builtin import ensure_builtin

    Measure.objects.filter(slug="groc").delete()
    assert set(ensure_builtin()) == {"psfs", "nprs", "groc"}
    groc = Measure.objects.get(clinic=None, slug="groc")
    assert (groc.scale_min, groc.mic, groc.items.count()) == (-7, 3, 1)
    with translation.override("es"):
        assert Measure.objects.get(pk=groc.pk).name == "Valoración global del cambio"
