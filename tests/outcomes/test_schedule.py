"""The therapist edits a program's measure schedule: which measures, at the start, every
N days, at discharge; bounds and clear errors; a revision copies it."""

import datetime

from django.urls import reverse

from audit.models import AuditEvent
from outcomes.models import ProgramMeasure
from outcomes.schedule import due_measures, planned_for
from programs.services import revise_program
from tests.factories import ProgramFactory

TODAY = datetime.date(2026, 11, 30)


def url(program):
    return reverse("outcomes:schedule", args=[program.pk])


def form(measures, **rows):
    """The POST for `rows`: slug -> (at_start, every_days, at_discharge); others unticked."""
    data = {}
    for measure in measures:
        if measure.slug in rows:
            start, every, discharge = rows[measure.slug]
            data[f"ask-{measure.pk}"] = "on"
            if start:
                data[f"start-{measure.pk}"] = "on"
            data[f"every-{measure.pk}"] = "" if every is None else str(every)
            if discharge:
                data[f"discharge-{measure.pk}"] = "on"
    return data


def test_it_requires_login(client, program):
    assert client.get(url(program)).status_code == 302


def test_it_hides_other_clinics(client, other_clinic_therapist, program, nprs):
    client.force_login(other_clinic_therapist.user)
    assert client.get(url(program)).status_code == 404
    response = client.post(url(program), form([nprs], nprs=(True, 7, True)))
    assert response.status_code == 404
    assert not ProgramMeasure.objects.exists()


def test_the_page_shows_the_default_schedule_ticked(therapist_client, program):
    html = therapist_client.get(url(program)).content.decode()
    assert html.count('name="ask-') == 3 and html.count("checked") >= 3
    assert 'value="14"' in html


def test_the_therapist_sets_which_measures_and_when(therapist_client, program, psfs, nprs, groc):
    response = therapist_client.post(
        url(program), form([psfs, nprs, groc], nprs=(True, 7, False), groc=(False, None, True))
    )
    assert response.status_code == 302
    planned = {
        p.measure.slug: (p.at_start, p.every_days, p.at_discharge) for p in planned_for(program)
    }
    assert planned == {"nprs": (True, 7, False), "groc": (False, None, True)}
    event = AuditEvent.objects.get(detail__startswith="measure schedule")
    assert (event.action, event.detail) == ("program.changed", "measure schedule: groc, nprs")
    html = therapist_client.get(url(program)).content.decode()
    assert 'value="7"' in html


def test_no_measure_at_all_is_a_schedule_too(therapist_client, program, psfs, nprs, groc):
    assert therapist_client.post(url(program), {}).status_code == 302
    assert ProgramMeasure.objects.filter(program=program).count() == 3
    assert planned_for(program) == []
    assert due_measures(program, today=TODAY) == []


def test_bad_numbers_are_refused_with_a_clear_message(therapist_client, program, psfs, nprs, groc):
    for every in ("0", "366", "two", "-3", "1.5"):
        data = form([psfs, nprs, groc], nprs=(True, None, False))
        data[f"every-{nprs.pk}"] = every
        response = therapist_client.post(url(program), data)
        assert response.status_code == 400, every
        html = response.content.decode()
        assert "Write a whole number of days from 1 to 365, or leave it blank." in html
        assert "Nothing was saved" in html
        assert f'value="{every}"' in html  # what was typed is kept
    assert not ProgramMeasure.objects.exists()


def test_a_measure_asked_at_no_time_is_refused(therapist_client, program, psfs, nprs, groc):
    response = therapist_client.post(
        url(program), form([psfs, nprs, groc], nprs=(False, None, False))
    )
    assert response.status_code == 400
    assert "Pain: choose when to ask it" in response.content.decode()
    assert not ProgramMeasure.objects.exists()


def test_another_clinics_measure_is_not_offered(therapist_client, program, other_clinic, nprs):
    from outcomes.models import Measure

    theirs = Measure.objects.create(
        clinic=other_clinic, slug="odi", name="Their ODI", short_name="ODI", mic=10
    )
    html = therapist_client.get(url(program)).content.decode()
    assert "Their ODI" not in html
    response = therapist_client.post(
        url(program), {f"ask-{theirs.pk}": "on", f"every-{theirs.pk}": "7"}
    )
    assert response.status_code == 302
    assert not ProgramMeasure.objects.filter(measure=theirs).exists()


def test_a_revision_copies_the_schedule(therapist_client, program, therapist, psfs, nprs, groc):
    therapist_client.post(url(program), form([psfs, nprs, groc], nprs=(True, 21, True)))
    revision, _ = revise_program(program=program, therapist=therapist)
    planned = [
        (p.measure.slug, p.at_start, p.every_days, p.at_discharge) for p in planned_for(revision)
    ]
    assert planned == [("nprs", True, 21, True)]
    # The earlier revision's schedule is shown, not changed.
    response = therapist_client.post(url(program), form([psfs, nprs, groc], psfs=(True, 7, True)))
    assert response.status_code == 400
    assert "change the newest revision" in response.content.decode()
    assert [p.measure.slug for p in planned_for(program)] == ["nprs"]


def test_a_revision_without_its_own_schedule_keeps_the_default(program, therapist):
    revision, _ = revise_program(program=program, therapist=therapist)
    assert not ProgramMeasure.objects.filter(program=revision).exists()
    assert {p.measure.slug for p in planned_for(revision)} == {"psfs", "nprs", "groc"}


def test_the_patient_page_links_to_the_current_programs_schedule(
    therapist_client, patient, program
):
    ProgramFactory(patient=patient, therapist=program.therapist, is_draft=True)
    html = therapist_client.get(reverse("programs:patient", args=[patient.pk])).content.decode()
    assert url(program) in html
