"""Logging in and out: lockout, one answer for every failure, session limits."""

import datetime
import os
import subprocess
import sys
import time

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db.models import F
from django.test import Client
from django.urls import reverse

import rehab.middleware
from audit.models import Action, AuditEvent
from rehab.auth import LOGIN_AT, SEEN_AT
from tests.factories import PASSWORD


def log_in(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_works_and_is_audited(client, therapist):
    response = log_in(client, "alice")
    assert response.status_code == 302
    event = AuditEvent.objects.get(action=Action.LOGIN)
    assert event.actor == therapist.user
    assert event.clinic == therapist.clinic
    assert event.ip == "127.0.0.1"


def test_unknown_user_and_wrong_password_get_the_same_answer(client, therapist):
    wrong_password = log_in(client, "alice", "not the password")
    unknown_user = log_in(client, "nobody-here", "not the password")
    assert wrong_password.status_code == unknown_user.status_code == 200

    def message(response):
        return [str(error) for error in response.context["form"].non_field_errors()]

    assert message(wrong_password) == message(unknown_user)
    assert b"Please enter a correct username and password" in wrong_password.content


def test_repeated_failures_lock_the_login_out(client, therapist, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "alice", "guess").status_code == 200
    locked = log_in(client, "alice", "guess")
    assert locked.status_code == 429
    assert b"Too many failed attempts" in locked.content
    # Even the right password is refused while locked out.
    assert log_in(client, "alice").status_code == 429
    assert SESSION_KEY not in client.session
    event = AuditEvent.objects.filter(action=Action.LOCKOUT).first()
    assert event.username == "alice"
    assert event.object_id == therapist.user.pk
    assert event.actor is None
    assert event.clinic == therapist.clinic


def test_lockout_is_per_user_name_and_address(client, therapist, clinic_admin, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "alice", "guess")
    assert log_in(client, "charlie").status_code == 302  # a colleague at the same desk
    elsewhere = Client(REMOTE_ADDR="10.0.0.9")
    assert log_in(elsewhere, "alice").status_code == 302


def test_failures_spread_over_many_addresses_lock_the_user_name(client, therapist, settings):
    """Credential stuffing: fewer failures than the per-address limit from each address,
    but more than the user-name limit in all."""
    per_address = settings.AXES_FAILURE_LIMIT - 1
    addresses = -(-settings.AXES_USERNAME_FAILURE_LIMIT // per_address)  # rounded up
    for number in range(addresses):
        attacker = Client(REMOTE_ADDR=f"192.0.2.{number + 1}")
        for _ in range(per_address):
            log_in(attacker, "alice", "guess")
    # The right password from a new address is refused too, until the cool-off ends.
    locked = log_in(Client(REMOTE_ADDR="198.51.100.7"), "alice")
    assert locked.status_code == 429
    assert b"from several places" in locked.content
    event = AuditEvent.objects.filter(action=Action.LOCKOUT).first()
    assert event.username == "alice"
    assert event.detail.startswith("user name from any address, until ")
    # Another user name is not affected.
    assert log_in(Client(REMOTE_ADDR="198.51.100.7"), "charlie", "guess").status_code == 200


def test_the_user_name_lock_ends_with_the_cool_off(client, therapist, settings):
    for number in range(settings.AXES_USERNAME_FAILURE_LIMIT):
        log_in(Client(REMOTE_ADDR=f"192.0.2.{number + 1}"), "alice", "guess")
    assert log_in(Client(REMOTE_ADDR="198.51.100.7"), "alice").status_code == 429
    cool_off = datetime.timedelta(hours=settings.AXES_COOLOFF_TIME, seconds=1)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - cool_off)
    assert log_in(Client(REMOTE_ADDR="198.51.100.7"), "alice").status_code == 302


def test_a_lockout_row_says_when_it_ends(client, therapist, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "alice", "guess")
    event = AuditEvent.objects.get(action=Action.LOCKOUT)
    scope, until = event.detail.split(", until ")
    assert scope == "user name from this address"
    ends = datetime.datetime.strptime(until, "%Y-%m-%d %H:%M UTC").replace(tzinfo=datetime.UTC)
    expected = event.at + datetime.timedelta(hours=settings.AXES_COOLOFF_TIME)
    assert abs(ends - expected) < datetime.timedelta(minutes=1)


def test_an_unknown_user_is_locked_out_the_same_way(client, db, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = log_in(client, "nobody-here", "guess")
    assert response.status_code == 429
    assert AuditEvent.objects.get(action=Action.LOCKOUT).username == "nobody-here"


def test_session_key_changes_at_login(client, therapist):
    """A session planted before login (session fixation) is not the one logged in."""
    planted = client.session
    planted["visited"] = True
    planted.save()
    log_in(client, "alice")
    assert client.cookies["sessionid"].value != planted.session_key
    replay = Client()
    replay.cookies["sessionid"] = planted.session_key
    assert replay.get(reverse("programs:patients")).status_code == 302


def test_admin_login_is_the_apps_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url == reverse("login") + "?next=/admin/"


def test_logout_ends_the_session_and_is_audited(client, therapist):
    log_in(client, "alice")
    old_session = client.cookies["sessionid"].value
    client.post(reverse("logout"))
    assert AuditEvent.objects.filter(action=Action.LOGOUT, actor=therapist.user).exists()
    replay = Client()
    replay.cookies["sessionid"] = old_session
    assert replay.get(reverse("programs:patients")).status_code == 302


def set_clock(client, **ages):
    """Moves the session's login and last-seen times `ages` seconds into the past."""
    session = client.session
    now = int(time.time())
    session[LOGIN_AT] = now - ages.get("login", 0)
    session[SEEN_AT] = now - ages.get("seen", 0)
    session.save()


def test_idle_session_is_logged_out(therapist_client, therapist, settings):
    set_clock(therapist_client, login=600, seen=settings.SESSION_IDLE_SECONDS - 5)
    assert therapist_client.get(reverse("programs:patients")).status_code == 200
    set_clock(therapist_client, login=600, seen=settings.SESSION_IDLE_SECONDS + 5)
    response = therapist_client.get(reverse("programs:patients"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    event = AuditEvent.objects.get(action=Action.LOGOUT)
    assert event.detail == "idle timeout"


def test_activity_keeps_the_session_alive(therapist_client, settings):
    set_clock(therapist_client, login=600, seen=settings.SESSION_IDLE_SECONDS - 5)
    therapist_client.get(reverse("programs:patients"))
    assert therapist_client.session[SEEN_AT] >= int(time.time()) - 1


class Clock:
    """Stands in for the time module in rehab.middleware."""

    def __init__(self, now):
        self.now = now

    def time(self):
        return self.now


def test_an_active_user_is_never_logged_out_for_idling(therapist_client, settings, monkeypatch):
    """Idle limit one minute, requests at 0, 45 and 70 seconds: never a minute idle."""
    settings.SESSION_IDLE_SECONDS = 60
    set_clock(therapist_client)
    clock = Clock(therapist_client.session[SEEN_AT])
    monkeypatch.setattr(rehab.middleware, "time", clock)
    start = clock.now
    for second in (0, 45, 70):
        clock.now = start + second
        assert therapist_client.get(reverse("programs:patients")).status_code == 200, second
    clock.now = start + 70 + 61
    assert therapist_client.get(reverse("programs:patients")).status_code == 302


def test_session_ends_after_its_absolute_lifetime_even_when_busy(therapist_client, settings):
    set_clock(therapist_client, login=settings.SESSION_COOKIE_AGE + 5, seen=0)
    response = therapist_client.get(reverse("programs:patients"))
    assert response.status_code == 302
    assert AuditEvent.objects.get(action=Action.LOGOUT).detail == "session too long"


def test_htmx_request_after_timeout_sends_the_page_to_login(therapist_client, settings):
    set_clock(therapist_client, seen=settings.SESSION_IDLE_SECONDS + 5)
    response = therapist_client.get(reverse("library:list"), headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == reverse("login")


def test_session_limits_come_from_the_environment():
    environment = {**os.environ, "SESSION_IDLE_MINUTES": "5", "SESSION_MAX_HOURS": "2"}
    code = "import rehab.settings as s; print(s.SESSION_IDLE_SECONDS, s.SESSION_COOKIE_AGE)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.stdout.split() == ["300", "7200"]


def test_password_change_ends_every_session(client, therapist):
    log_in(client, "alice")
    other_desk = Client()
    log_in(other_desk, "alice")
    old_key = client.cookies["sessionid"].value
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a much longer new passphrase",
            "new_password2": "a much longer new passphrase",
        },
    )
    assert response.url == reverse("login")
    assert not Session.objects.filter(session_key=old_key).exists()  # ended, not just stale
    assert client.get(reverse("programs:patients")).status_code == 302
    assert other_desk.get(reverse("programs:patients")).status_code == 302
    assert AuditEvent.objects.filter(action=Action.PASSWORD_CHANGED).count() == 1
    assert log_in(Client(), "alice", "a much longer new passphrase").status_code == 302
