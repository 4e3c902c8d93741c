"""Nothing typed is lost to a session timeout (issue 30, point 2; rehab/kept.py)."""

import time

import pytest
from django.urls import reverse

from programs.models import Program
from rehab.auth import LOGIN_AT, SEEN_AT
from rehab.kept import KEEP_SECONDS, KEPT
from tests.factories import PASSWORD, ExerciseFactory, ProgramFactory
from tests.helpers import editor_data

pytestmark = pytest.mark.django_db


def expire(client, settings):
    session = client.session
    now = int(time.time())
    session[LOGIN_AT] = now - 600
    session[SEEN_AT] = now - settings.SESSION_IDLE_SECONDS - 5
    session.save()


def log_in(client, username="alice"):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD})


@pytest.fixture
def program(patient, therapist):
    return ProgramFactory(patient=patient, therapist=therapist, title="Knee program")


@pytest.fixture
def typed(program):
    """What the editor posts: a row and a two-line special instruction."""
    exercise = ExerciseFactory(name="Heel slide")
    text = "Ice after.\nStop if it hurts."
    return editor_data(program, [{"exercise": exercise, "reps": 12}], special_instructions=text)


def test_a_save_after_the_timeout_is_kept_and_saved_after_login(
    therapist_client, settings, program, typed
):
    expire(therapist_client, settings)
    edit = reverse("programs:edit", args=[program.pk])
    response = therapist_client.post(edit, typed)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not program.items.exists()
    login_page = therapist_client.get(response.url).content.decode()
    assert "it is kept: log in again to save it" in login_page

    response = log_in(therapist_client)
    assert response.url == reverse("kept_changes")
    offer = therapist_client.get(response.url).content.decode()
    assert "were not saved yet" in offer
    assert "Save them now" in offer
    assert f'action="{edit}"' in offer

    # "Save them now" posts the kept fields back to the editor with a fresh token.
    kept = therapist_client.session[KEPT]
    data = {name: values for name, values in kept["fields"]}
    response = therapist_client.post(edit, data)
    assert response.status_code == 302
    program.refresh_from_db()
    assert [item.reps for item in program.items.all()] == [12]
    assert program.special_instructions.replace("\r\n", "\n") == "Ice after.\nStop if it hurts."
    assert KEPT not in therapist_client.session
    assert therapist_client.get(reverse("kept_changes")).url == reverse("home")


def test_the_offer_page_posts_every_kept_value(therapist_client, settings, program, typed):
    expire(therapist_client, settings)
    old_token = {"csrfmiddlewaretoken": "the-old-pages-token"}
    therapist_client.post(reverse("programs:edit", args=[program.pk]), {**typed, **old_token})
    log_in(therapist_client)
    offer = therapist_client.get(reverse("kept_changes")).content.decode()
    assert 'name="items-0-reps" value="12"' in offer
    assert 'name="special_instructions" value="Ice after.\nStop if it hurts."' in offer
    assert "the-old-pages-token" not in offer


def test_a_later_post_from_the_logged_out_browser_is_kept_too(
    therapist_client, settings, program, typed
):
    """A search keystroke found the session expired first; then Save was pressed."""
    expire(therapist_client, settings)
    therapist_client.get(reverse("programs:search", args=[program.pk]), {"q": "heel"})
    therapist_client.post(reverse("programs:edit", args=[program.pk]), typed)
    assert log_in(therapist_client).url == reverse("kept_changes")


def test_a_revise_after_the_timeout_is_kept(therapist_client, settings, program):
    expire(therapist_client, settings)
    revise = reverse("programs:revise", args=[program.pk])
    therapist_client.post(revise)
    log_in(therapist_client)
    assert f'action="{revise}"' in therapist_client.get(reverse("kept_changes")).content.decode()
    assert therapist_client.post(revise).status_code == 302
    assert Program.objects.filter(previous=program).exists()


def test_discard_drops_the_kept_changes(therapist_client, settings, program, typed):
    expire(therapist_client, settings)
    edit = reverse("programs:edit", args=[program.pk])
    therapist_client.post(edit, typed)
    log_in(therapist_client)
    response = therapist_client.post(reverse("kept_changes"))
    assert response.url == edit
    assert KEPT not in therapist_client.session
    assert not program.items.exists()


def test_they_are_offered_to_no_one_else(therapist_client, settings, clinic_admin, program, typed):
    expire(therapist_client, settings)
    therapist_client.post(reverse("programs:edit", args=[program.pk]), typed)
    response = log_in(therapist_client, "charlie")
    assert response.url != reverse("kept_changes")
    assert KEPT not in therapist_client.session


def test_they_are_kept_for_a_short_time(therapist_client, settings, program, typed):
    expire(therapist_client, settings)
    therapist_client.post(reverse("programs:edit", args=[program.pk]), typed)
    session = therapist_client.session
    session[KEPT] = {**session[KEPT], "at": int(time.time()) - KEEP_SECONDS - 1}
    session.save()
    assert log_in(therapist_client).url != reverse("kept_changes")


def test_posts_from_a_browser_that_never_logged_in_are_not_kept(client, program, typed):
    client.post(reverse("programs:edit", args=[program.pk]), typed)
    assert KEPT not in client.session


def test_htmx_after_the_session_ended_sends_the_page_to_login(therapist_client, settings, program):
    expire(therapist_client, settings)
    search = reverse("programs:search", args=[program.pk])
    htmx = {"HX-Request": "true"}
    first = therapist_client.get(search, {"q": "heel"}, headers=htmx)
    assert first["HX-Redirect"] == reverse("login")
    # The next keystroke: no session at all, still the whole page, never a login form.
    second = therapist_client.get(search, {"q": "heel s"}, headers=htmx)
    assert second["HX-Redirect"] == reverse("login")
    assert b"<form" not in second.content
