"""The phone page's daily reminder: an .ics file the patient's calendar imports, with
nothing sent (issue 30)."""

import re

import pytest
from django.urls import reverse

from audit.models import Action, AuditEvent
from tests.helpers import TOKEN, issue_with_link

pytestmark = pytest.mark.django_db

URL = reverse("phone:reminder", args=[TOKEN])


def unfolded(response):
    return response.content.decode().split("\r\n")


def test_the_page_offers_the_reminder(client, link):
    html = client.get(reverse("phone:page", args=[TOKEN])).content.decode()
    assert f'action="{URL}"' in html
    assert "Add a daily reminder to my calendar" in html


def test_a_daily_event_at_the_chosen_time_in_the_clinics_zone(client, link, settings):
    zone = link.handout.program.patient.clinic.time_zone
    response = client.get(URL, {"time": "07:30"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    lines = unfolded(response)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    start = next(line for line in lines if line.startswith("DTSTART;"))
    assert re.fullmatch(rf"DTSTART;TZID={zone}:\d{{8}}T073000", start)
    assert "RRULE:FREQ=DAILY" in lines
    assert f"URL:{settings.SITE_URL}/h/{TOKEN}" in lines
    assert f"TZID:{zone}" in lines
    assert "TRIGGER:PT0M" in lines
    assert AuditEvent.objects.filter(
        action=Action.LINK_VIEWED, detail__contains="calendar reminder"
    ).exists()


def test_new_york_changes_its_clocks_on_the_right_sundays(client, link):
    clinic = link.handout.program.patient.clinic
    clinic.time_zone = "America/New_York"
    clinic.save()
    lines = unfolded(client.get(URL, {"time": "18:00"}))
    assert "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU" in lines  # daylight time starts
    assert "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU" in lines  # and ends
    assert "TZOFFSETTO:-0400" in lines and "TZOFFSETTO:-0500" in lines


def test_no_name_exercise_or_health_word(client, link, patient):
    text = client.get(URL, {"time": "18:00"}).content.decode()
    for private in ("Margaret", "Okafor", "Bridge", "Chin tuck", "Osteoporosis", "exercise"):
        assert private.lower() not in text.lower(), private


def test_in_the_patients_language(client, program, therapist, patient):
    patient.language = "es"
    patient.save()
    issue_with_link(program, therapist.user)
    text = client.get(URL, {"time": "18:00"}).content.decode()
    assert "SUMMARY:Su recordatorio diario" in text


@pytest.mark.parametrize(
    "time, error",
    [("", "This field is required."), ("25:00", "Pick a time."), ("soon", "Pick a time.")],
)
def test_a_wrong_time_is_said_on_the_page(client, link, time, error):
    response = client.get(URL, {"time": time})
    assert response.status_code == 400
    assert error in response.content.decode()


def test_a_stopped_link_gives_nothing(client, db):
    response = client.get(URL, {"time": "18:00"})
    assert response.status_code == 404
    assert "BEGIN:VCALENDAR" not in response.content.decode()
