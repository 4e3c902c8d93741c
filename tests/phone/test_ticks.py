"""Ticking off and "how did it feel": what may be written, once, for today only."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import Action, AuditEvent
from phone.links import form_check
from phone.models import DayFeeling, ExerciseTick, PatientLink
from tests.factories import ExerciseFactory
from tests.helpers import TOKEN, issue_with_link

PAGE = reverse("phone:page", args=[TOKEN])
TICK = reverse("phone:tick", args=[TOKEN])
FEEL = reverse("phone:feel", args=[TOKEN])


@pytest.fixture
def today(link):
    return timezone.localdate(timezone=link.handout.program.patient.clinic.zone)


def signed(day, **data):
    """A form as the page makes it: the day and the page's check value for it."""
    day = day.isoformat()
    return {"day": day, "check": form_check(PatientLink.objects.get(), day), **data}


def tick(client, exercise, day, done="1"):
    return client.post(TICK, signed(day, exercise=exercise.pk, done=done))


def feel(client, day, pain="3", effort="right"):
    return client.post(FEEL, signed(day, pain=pain, effort=effort))


def test_ticking_twice_stores_one_tick_and_undo_removes_it(client, exercises, today, program):
    response = tick(client, exercises[0], today)
    assert response.status_code == 302
    assert response.url == f"{PAGE}#exercise-{exercises[0].pk}"
    tick(client, exercises[0], today)  # a replayed form, or a double tap
    assert ExerciseTick.objects.filter(program=program).count() == 1
    assert "Done today" in client.get(PAGE).content.decode()
    tick(client, exercises[0], today, done="0")
    tick(client, exercises[0], today, done="0")
    assert not ExerciseTick.objects.exists()


def test_each_tick_is_audited_as_the_patient_link(client, exercises, today, patient):
    tick(client, exercises[1], today)
    row = AuditEvent.objects.filter(action=Action.LINK_TICKED).get()
    assert row.actor is None
    assert row.patient_id == patient.pk
    assert row.detail == f"patient link: exercise {exercises[1].pk} done on {today}"


def test_an_exercise_not_on_the_sheet_is_refused(client, link, today):
    stranger = ExerciseFactory(name="Not prescribed")
    response = tick(client, stranger, today)
    assert response.status_code == 400
    assert "That exercise is not on your sheet." in response.content.decode()
    assert not ExerciseTick.objects.exists()


@pytest.mark.parametrize("days", [-1, 1, -400])
def test_a_day_other_than_today_is_refused(client, exercises, today, days):
    response = tick(client, exercises[0], today + datetime.timedelta(days=days))
    assert response.status_code == 400
    assert "This page was for another day" in response.content.decode()
    assert not ExerciseTick.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"pain": "11"}, "Choose your pain from 0 to 10."),
        ({"pain": "-1"}, "Choose your pain from 0 to 10."),
        ({"pain": "three"}, "Choose your pain from 0 to 10."),
        ({"effort": "extreme"}, "Choose too easy, about right or too hard."),
    ],
)
def test_a_feeling_out_of_bounds_is_refused(client, link, today, data, message):
    response = client.post(FEEL, {**signed(today, pain="3", effort="right"), **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not DayFeeling.objects.exists()


def test_nonsense_fields_are_refused(client, link, today):
    for data in (
        signed(today, exercise="1; DROP TABLE", done="1"),
        {**signed(today, exercise="1", done="1"), "day": "yesterday"},
        signed(today, exercise="1", done="maybe"),
        signed(today),
    ):
        assert client.post(TICK, data).status_code in (400, 403)
    assert not ExerciseTick.objects.exists()


def test_how_it_felt_is_kept_once_a_day_and_may_be_changed(client, link, today, program):
    assert feel(client, today, pain="3").status_code == 302
    feel(client, today, pain="3")
    feel(client, today, pain="6", effort="hard")
    feeling = DayFeeling.objects.get()
    assert (feeling.program, feeling.day, feeling.pain, feeling.effort) == (
        program,
        today,
        6,
        "hard",
    )
    assert "Saved: pain 6 out of 10." in client.get(PAGE).content.decode()
    assert AuditEvent.objects.filter(action=Action.LINK_FELT).count() == 3


def test_a_forged_or_foreign_form_is_refused(link, exercises, today, program, therapist):
    """The page's forms carry a check value bound to the link and the day; Django's CSRF
    cookie cannot work under no-referrer (browsers send `Origin: null`), so it is not
    what refuses these (the client enforces it anyway, and sends Origin: null)."""
    client = Client(enforce_csrf_checks=True, headers={"Origin": "null"})
    fields = {"exercise": exercises[0].pk, "day": today.isoformat(), "done": "1"}
    other = issue_with_link(program, therapist.user, token="another-link-token-0123")
    for check in (None, "0" * 64, form_check(other, today.isoformat())):
        data = fields if check is None else {**fields, "check": check}
        response = client.post(TICK, data)
        assert response.status_code == 403
        assert "did not come from your exercise page" in response.content.decode()
    assert not ExerciseTick.objects.exists()
    page = client.get(PAGE).content.decode()
    check = re.search(r'name="check" value="([0-9a-f]+)"', page).group(1)
    assert client.post(TICK, {**fields, "check": check}).status_code == 302
    assert ExerciseTick.objects.count() == 1
    # A form kept from another day is that day's: refused as such, nothing stored.
    yesterday = (today - datetime.timedelta(days=1)).isoformat()
    old = {**fields, "day": yesterday, "check": form_check(link, yesterday)}
    response = client.post(TICK, {**old, "exercise": exercises[1].pk})
    assert response.status_code == 400
    assert "This page was for another day" in response.content.decode()
    assert ExerciseTick.objects.count() == 1


def test_too_many_requests_from_one_address_get_429(client, link, exercises, today, settings):
    settings.PATIENT_LINK_RATE_LIMIT = 5
    for _ in range(5):
        assert tick(client, exercises[0], today).status_code == 302
    refused = tick(client, exercises[1], today)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert "Please wait a minute" in refused.content.decode()
    assert client.get(PAGE).status_code == 429
    # Unknown tokens count too: guessing is limited the same way.
    assert client.get(reverse("phone:page", args=["y" * 24])).status_code == 429
    assert list(ExerciseTick.objects.values_list("exercise", flat=True)) == [exercises[0].pk]
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.get(PAGE).status_code == 200


def test_today_is_the_clinics_day_at_midnight(client, link, exercises, monkeypatch):
    """A clinic in Los Angeles: 23:30 there is already the next day in UTC and in the
    server's own zone; the tick counts for the clinic's day."""
    clinic = link.handout.program.patient.clinic
    clinic.time_zone = "America/Los_Angeles"
    clinic.save()
    before_midnight = datetime.datetime(2026, 12, 1, 7, 30, tzinfo=datetime.UTC)  # 23:30 LA
    monkeypatch.setattr(timezone, "now", lambda: before_midnight)
    assert "Monday, November 30" in client.get(PAGE).content.decode()
    assert tick(client, exercises[0], datetime.date(2026, 12, 1)).status_code == 400
    assert tick(client, exercises[0], datetime.date(2026, 11, 30)).status_code == 302
    after_midnight = before_midnight + datetime.timedelta(hours=1)  # 00:30 LA, December 1
    monkeypatch.setattr(timezone, "now", lambda: after_midnight)
    page = client.get(PAGE).content.decode()
    assert "Tuesday, December 1" in page
    assert "Done today" not in page  # yesterday's tick is yesterday's
    # The page left open from before midnight sends yesterday's date: refused.
    assert tick(client, exercises[1], datetime.date(2026, 11, 30)).status_code == 400
    assert list(ExerciseTick.objects.values_list("day", flat=True)) == [datetime.date(2026, 11, 30)]
