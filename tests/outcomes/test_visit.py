"""The therapist enters a measure at the visit, and names the PSFS activities once."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from outcomes.models import Activity, AnswerSet


def visit_url(patient):
    return reverse("outcomes:visit", args=[patient.pk])


def activities_url(patient, measure):
    return reverse("outcomes:activities", args=[patient.pk, measure.pk])


def test_it_requires_login(client, patient, psfs):
    for url in (visit_url(patient), activities_url(patient, psfs)):
        assert client.get(url).status_code == 302


def test_it_hides_other_clinics(client, other_clinic_therapist, patient, psfs, nprs):
    client.force_login(other_clinic_therapist.user)
    assert client.get(visit_url(patient)).status_code == 404
    item = nprs.items.get()
    post = {"measure": nprs.pk, f"q-{item.pk}": "3"}
    assert client.post(visit_url(patient), post).status_code == 404
    assert not AnswerSet.objects.exists()


def test_the_therapist_enters_pain_at_the_visit(therapist_client, therapist, patient, nprs):
    item = nprs.items.get()
    response = therapist_client.post(visit_url(patient), {"measure": nprs.pk, f"q-{item.pk}": "4"})
    assert response.status_code == 302
    answer_set = AnswerSet.objects.get()
    assert (answer_set.score, answer_set.source, answer_set.entered_by) == (
        4,
        "visit",
        therapist.user,
    )
    page = therapist_client.get(reverse("programs:patient", args=[patient.pk])).content.decode()
    assert "Numeric Pain Rating Scale" in page


def test_psfs_asks_to_name_the_activities_first_then_asks_them(therapist_client, patient, psfs):
    html = therapist_client.get(visit_url(patient)).content.decode()
    assert activities_url(patient, psfs) in html
    response = therapist_client.post(
        activities_url(patient, psfs),
        {"activity-0": "Stairs", "activity-1": "Lifting a kettle", "activity-2": "Walking 1 km"},
    )
    assert response.status_code == 302
    html = therapist_client.get(visit_url(patient)).content.decode()
    assert "Lifting a kettle" in html
    activities = list(Activity.objects.order_by("order"))
    post = {"measure": psfs.pk, **{f"q-{a.pk}": v for a, v in zip(activities, "357", strict=True)}}
    assert therapist_client.post(visit_url(patient), post).status_code == 302
    assert AnswerSet.objects.get().score == 5
    assert AuditEvent.objects.filter(detail="activities named for psfs").exists()


@pytest.mark.parametrize("names", [{"activity-0": "Only one"}, {}])
def test_too_few_activities_is_a_clear_error(therapist_client, patient, psfs, names):
    response = therapist_client.post(activities_url(patient, psfs), names)
    assert response.status_code == 400
    assert "Name 3 to 5 activities" in response.content.decode()
    assert not Activity.objects.exists()


def test_a_score_of_11_is_refused_and_the_other_answers_are_kept(
    therapist_client, patient, psfs, activities
):
    post = {"measure": psfs.pk, f"q-{activities[0].pk}": "4", f"q-{activities[1].pk}": "11"}
    post[f"q-{activities[2].pk}"] = "6"
    response = therapist_client.post(visit_url(patient), post)
    assert response.status_code == 400
    html = response.content.decode()
    assert "11 is not on the scale (0 to 10)" in html
    assert f'name="q-{activities[0].pk}" value="4" required checked' in html
    assert not AnswerSet.objects.exists()


def test_an_unknown_questionnaire_is_refused(therapist_client, patient):
    response = therapist_client.post(visit_url(patient), {"measure": "999999"})
    assert response.status_code == 400
    assert "Choose one of this clinic&#x27;s questionnaires." in response.content.decode()
