"""The phone page asks a due outcome measure first: one questionnaire at a time, in the
patient's language, with the answers kept when refused, and a replayed form refused."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from outcomes.builtin import ensure_builtin
from outcomes.models import AnswerSet, ProgramMeasure
from outcomes.services import name_activities
from phone.links import form_check
from phone.models import PatientLink
from tests.helpers import TOKEN

PAGE = reverse("phone:page", args=[TOKEN])
ANSWER = reverse("phone:answer", args=[TOKEN])


@pytest.fixture
def today(link):
    return timezone.localdate(timezone=link.handout.program.patient.clinic.zone)


@pytest.fixture
def nprs(db):
    return ensure_builtin()["nprs"]


@pytest.fixture
def psfs(db):
    return ensure_builtin()["psfs"]


def signed(day, **data):
    day = day.isoformat()
    return {"day": day, "check": form_check(PatientLink.objects.get(), day), **data}


def answer(client, today, measure, values):
    return client.post(ANSWER, signed(today, measure=measure.pk, **values))


def test_pain_is_asked_first_on_a_new_program(client, link, nprs):
    html = client.get(PAGE).content.decode()
    assert "A few questions first" in html
    assert html.index('id="question"') < html.index('class="exercise')
    assert "On average, how much pain have you had in the last 24 hours?" in html
    assert html.count('type="radio" name="q-') == 11  # 0 to 10, a big label each
    assert "<script" not in html


def test_answering_stores_the_set_and_asks_the_next_one(client, link, today, nprs, psfs, patient):
    name_activities(patient=patient, measure=psfs, names=["Stairs", "Shopping", "Gardening"])
    html = client.get(PAGE).content.decode()
    assert "Patient-Specific Functional Scale" in html and "Gardening" in html
    activities = patient.activities.order_by("order")
    response = answer(client, today, psfs, {f"q-{a.pk}": "4" for a in activities})
    assert response.status_code == 302
    html = client.get(PAGE).content.decode()
    assert "Numeric Pain Rating Scale" in html  # PSFS done: pain next
    response = answer(client, today, nprs, {f"q-{nprs.items.get().pk}": "3"})
    assert response.status_code == 302
    assert "A few questions first" not in client.get(PAGE).content.decode()
    assert list(
        AnswerSet.objects.order_by("pk").values_list("measure__slug", "source", "score")
    ) == [
        ("psfs", "phone", 4),
        ("nprs", "phone", 3),
    ]
    event = AuditEvent.objects.filter(object_type="answerset").order_by("pk").last()
    assert event.actor is None and event.detail == "patient link: answers to nprs"


def test_a_replayed_form_stores_nothing(client, link, today, nprs):
    values = {f"q-{nprs.items.get().pk}": "3"}
    assert answer(client, today, nprs, values).status_code == 302
    response = answer(client, today, nprs, values)
    assert response.status_code == 409
    assert "These answers were already saved." in response.content.decode()
    assert AnswerSet.objects.count() == 1


def test_a_score_of_11_is_refused_and_kept_on_the_page(client, link, today, nprs):
    item = nprs.items.get()
    response = answer(client, today, nprs, {f"q-{item.pk}": "11"})
    assert response.status_code == 400
    assert "Please choose one number for each question." in response.content.decode()
    assert not AnswerSet.objects.exists()


def test_a_form_without_the_pages_check_is_refused(client, link, today, nprs):
    item = nprs.items.get()
    data = {"day": today.isoformat(), "check": "x", "measure": nprs.pk, f"q-{item.pk}": "3"}
    assert client.post(ANSWER, data).status_code == 403
    assert not AnswerSet.objects.exists()


def test_the_questions_come_in_spanish(client, link, nprs):
    handout = link.handout
    handout.snapshot = {**handout.snapshot, "language": "es"}
    handout.save()
    html = client.get(PAGE).content.decode()
    assert "Primero, unas preguntas" in html
    assert "¿cuánto dolor ha tenido en las últimas 24 horas?" in html
    assert "Sin dolor" in html


def test_a_measure_is_due_again_after_its_interval(client, link, today, nprs, program):
    ProgramMeasure.objects.create(program=program, measure=nprs, every_days=14)
    answer(client, today, nprs, {f"q-{nprs.items.get().pk}": "3"})
    AnswerSet.objects.update(day=today - datetime.timedelta(days=13))
    assert "A few questions first" not in client.get(PAGE).content.decode()
    AnswerSet.objects.update(day=today - datetime.timedelta(days=14))
    assert "A few questions first" in client.get(PAGE).content.decode()
