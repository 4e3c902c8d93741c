"""From a token in the address to a working patient link, and the per-address rate limit.

Unknown, revoked and expired tokens all come back as None, so the pages answer them alike
and a visitor learns nothing about which tokens exist."""

import hmac
import secrets
import time

import segno
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.crypto import salted_hmac

from audit.log import client_ip

from .models import (
    SHORT_ALPHABET,
    SHORT_GROUP,
    SHORT_LENGTH,
    PatientLink,
    hash_short_code,
    hash_token,
)

# 18 random bytes: 144 bits, 24 URL-safe characters (at least 128 bits were asked for).
TOKEN_BYTES = 18


def new_token():
    return secrets.token_urlsafe(TOKEN_BYTES)


def patient_link_url(token):
    return f"{settings.SITE_URL}/h/{token}"


def new_short_code():
    return "".join(secrets.choice(SHORT_ALPHABET) for _ in range(SHORT_LENGTH))


def typed_address(code):
    """The address a patient types instead of scanning: the site without "https://" (a
    browser adds it), /h/, and the code in groups of five: "clinic.example/h/7K3MQ-9XD2H-TW4RB"."""
    groups = [code[start : start + SHORT_GROUP] for start in range(0, len(code), SHORT_GROUP)]
    return f"{settings.SITE_URL.removeprefix('https://')}/h/{'-'.join(groups)}"


def qr_code(token):
    """The patient link's QR code as an SVG data: URL (the only kind of URL besides static
    files the PDF's fetcher reads). Error correction M survives a crease or a smudge."""
    code = segno.make(patient_link_url(token), error="m", micro=False)
    return code.svg_data_uri(scale=4, border=4, dark="#000", light="#fff")


class NewLink:
    """A filled handout's patient link while it is issued (handouts/services.py asks for one
    through core.hooks): its QR code and typed address to print, then its row, saved in the
    handout's transaction. Only the token's hash and the short code's HMAC are stored."""

    def __init__(self):
        self.token = new_token()
        self.short_code = new_short_code()

    def qr_code(self):
        return qr_code(self.token)

    def typed_address(self):
        return typed_address(self.short_code)

    def save_for(self, handout):
        return PatientLink.objects.create(
            handout=handout,
            token_sha256=hash_token(self.token),
            short_code_hmac=hash_short_code(self.short_code),
        )


LINKS = PatientLink.objects.select_related(
    "handout__program__next_revision", "handout__program__patient__clinic"
)


def working_link(token, now=None):
    link = LINKS.find(token)
    if link is None or not link.is_working(now):
        return None
    return link


def over_the_limit(request):
    """True once this address has made more than PATIENT_LINK_RATE_LIMIT link requests in
    the current minute. The count is one atomic cache operation a request (add, or incr
    once the minute's key exists), so with Redis (REDIS_URL) every worker of every server
    adds to the same count; with the default local-memory cache each process counts its
    own. One or two cache round trips."""
    minute = int(time.time() // 60)
    key = f"phone-rate:{client_ip(request) or 'unknown'}:{minute}"
    if cache.add(key, 1, timeout=120):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired or evicted since the add: the count starts again
            count = 1 if cache.add(key, 1, timeout=120) else cache.incr(key)
    return count > settings.PATIENT_LINK_RATE_LIMIT


def form_check(link, day):
    """The value every form of a link's page carries for `day` (as the form sends it,
    YYYY-MM-DD): proof the form came from that page (a forged one lacks it) and was made
    for that day (whether that day is still today is the form's own check). It stands in
    for Django's CSRF check, which cannot work here: under `Referrer-Policy: no-referrer`
    browsers send `Origin: null` and no Referer with a form, and Django refuses both."""
    return salted_hmac("phone.form", f"{link.token_sha256}:{day}").hexdigest()


def form_check_matches(link, day, value):
    return isinstance(value, str) and hmac.compare_digest(form_check(link, day), value)


def clinic_today(link, now=None):
    """Today in the clinic's time zone: the day a tick counts for."""
    zone = link.handout.program.patient.clinic.zone
    return timezone.localdate(now or timezone.now(), timezone=zone)


def first_name(name):
    """The first name of a name as the clinic writes it: "Margaret Okafor" or "Okafor,
    Margaret". The phone page greets by it and shows nothing else of the patient."""
    if "," in name:
        name = name.split(",", 1)[1]
    words = name.split()
    return words[0] if words else ""
