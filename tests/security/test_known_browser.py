"""The user-name lock and its owner: failures from many addresses lock a user name for
everyone (credential stuffing), except for a browser that has logged in as that user
before (rehab.auth's known-browser cookie). The lock on one user name from one address
still applies to every browser."""

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from audit.models import Action, AuditEvent
from rehab.auth import KNOWN_COOKIE, KNOWN_SALT
from tests.factories import PASSWORD

HOME = "198.51.100.20"  # where the owner logged in before
ELSEWHERE = "203.0.113.50"  # an address nobody used: the owner's phone network, say


def log_in(browser, username, password=PASSWORD, address=None):
    extra = {"REMOTE_ADDR": address} if address else {}
    return browser.post(reverse("login"), {"username": username, "password": password}, **extra)


def spray(username, settings):
    """Wrong passwords for `username` from many addresses, each below the per-address
    limit, enough in all to lock the user name."""
    per_address = settings.AXES_FAILURE_LIMIT - 1
    addresses = -(-settings.AXES_USERNAME_FAILURE_LIMIT // per_address)  # rounded up
    for number in range(addresses):
        attacker = Client(REMOTE_ADDR=f"192.0.2.{number + 1}")
        for _ in range(per_address):
            assert log_in(attacker, username, "guess").status_code in (200, 429)


@pytest.fixture
def owners_browser(therapist):
    """Alice's browser, logged in once and out again: it holds the known-browser cookie."""
    browser = Client(REMOTE_ADDR=HOME)
    assert log_in(browser, "alice").status_code == 302
    browser.post(reverse("logout"))
    assert KNOWN_COOKIE in browser.cookies
    return browser


def test_the_sprayed_user_name_is_locked_for_a_new_browser(owners_browser, settings):
    spray("alice", settings)
    for address in (HOME, ELSEWHERE):
        locked = log_in(Client(), "alice", address=address)
        assert locked.status_code == 429, address
        assert b"from several places" in locked.content


def test_the_owners_browser_logs_in_while_the_user_name_is_locked(owners_browser, settings):
    spray("alice", settings)
    for address in (HOME, ELSEWHERE):
        assert log_in(owners_browser, "alice", address=address).status_code == 302, address
        owners_browser.post(reverse("logout"))
    # Their login ended only their own failures: the user name stays locked for the rest.
    assert log_in(Client(), "alice", address="198.51.100.99").status_code == 429


def test_the_owners_browser_is_still_locked_for_its_own_failures(owners_browser, settings):
    spray("alice", settings)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(owners_browser, "alice", "typo", address=ELSEWHERE).status_code == 200
    locked = log_in(owners_browser, "alice", "typo", address=ELSEWHERE)
    assert locked.status_code == 429
    assert b"from this computer" in locked.content
    assert log_in(owners_browser, "alice", address=ELSEWHERE).status_code == 429
    event = AuditEvent.objects.filter(action=Action.LOCKOUT).first()
    assert event.detail.startswith("user name from this address, until ")


def test_the_owners_browser_is_locked_per_address_without_any_spraying(owners_browser, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(owners_browser, "alice", "guess")
    assert log_in(owners_browser, "alice").status_code == 429


def test_a_tampered_cookie_does_not_help(owners_browser, settings):
    spray("alice", settings)
    value = owners_browser.cookies[KNOWN_COOKIE].value
    tokens, rest = value.split(":", 1)
    tampered = Client()
    tampered.cookies[KNOWN_COOKIE] = tokens[:-1] + ("0" if tokens[-1] != "0" else "1") + ":" + rest
    assert log_in(tampered, "alice", address=ELSEWHERE).status_code == 429


def test_a_cookie_signed_without_the_sites_key_does_not_help(owners_browser, settings):
    spray("alice", settings)
    value = owners_browser.cookies[KNOWN_COOKIE].value
    tokens = value.split(":", 1)[0]  # the right tokens, signed with another key
    forged = Client()
    signer = signing.TimestampSigner(key="not-the-secret-key", salt=KNOWN_COOKIE + KNOWN_SALT)
    forged.cookies[KNOWN_COOKIE] = signer.sign(tokens)
    assert log_in(forged, "alice", address=ELSEWHERE).status_code == 429


def test_another_users_cookie_does_not_help(owners_browser, other_clinic_therapist, settings):
    """An attacker with an account of their own holds a valid cookie, for that account."""
    attacker = Client(REMOTE_ADDR="192.0.2.200")
    assert log_in(attacker, "bob").status_code == 302
    attacker.post(reverse("logout"))
    spray("alice", settings)
    assert log_in(attacker, "alice").status_code == 429
    assert log_in(owners_browser, "alice").status_code == 302


def test_a_password_change_ends_the_old_cookies_pass(owners_browser, therapist, settings):
    """Someone who once logged in with a leaked password keeps no pass after it changes."""
    therapist.user.set_password("a brand new passphrase 7")
    therapist.user.save()
    spray("alice", settings)
    assert log_in(owners_browser, "alice", "a brand new passphrase 7").status_code == 429


def test_a_shared_computer_knows_each_of_its_users(therapist, clinic_admin, settings):
    desk = Client(REMOTE_ADDR=HOME)
    for username in ("alice", "charlie"):
        assert log_in(desk, username).status_code == 302
        desk.post(reverse("logout"))
    for username in ("alice", "charlie"):
        spray(username, settings)
        assert log_in(desk, username, address=ELSEWHERE).status_code == 302, username
        desk.post(reverse("logout"))


def test_the_cookie_is_http_only_same_site_and_long_lived(therapist, settings):
    settings.SESSION_COOKIE_SECURE = True
    browser = Client()
    log_in(browser, "alice")
    cookie = browser.cookies[KNOWN_COOKIE]
    assert cookie["httponly"] and cookie["secure"]
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] >= 180 * 24 * 3600
    assert "alice" not in cookie.value and str(therapist.user.pk) not in cookie.value.split(":")


def test_a_failed_login_sets_no_cookie(therapist):
    browser = Client()
    log_in(browser, "alice", "guess")
    assert KNOWN_COOKIE not in browser.cookies
