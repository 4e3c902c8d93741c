"""Without a camera: beside the QR code, a filled handout prints the same link as a short
address to type (SITE_URL/h/<15 characters>), read back from the PDF in English and
Spanish, normal and large print. It opens the same phone page, stops with the link, counts
in the same rate limit, and only its HMAC is stored."""

import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from handouts.models import Mode
from handouts.services import handout_programs, issue_handout
from phone.models import SHORT_ALPHABET, SHORT_LENGTH, PatientLink, hash_short_code, short_code
from tests.helpers import pdf_text, qr_urls

INTRO = {
    "en": "No camera? Type this address in a web browser:",
    "es": "¿No tiene cámara? Escriba esta dirección en un navegador de internet:",
}
SITE = "https://rehab.example-clinic.org"
ADDRESS = re.compile(r"rehab\.example-clinic\.org/h/([0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5})")


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE


def issue(program, therapist, *, large_print=False, mode=Mode.FILLED):
    loaded = handout_programs(mode).get(pk=program.pk)
    return issue_handout(program=loaded, user=therapist.user, mode=mode, large_print=large_print)


def typed_address(handout):
    text = pdf_text(handout.read_pdf())
    [code] = ADDRESS.findall(text)
    return code, text


@pytest.mark.parametrize("large_print", [False, True])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_handout_prints_the_link_short_enough_to_type(
    client, program, patient, therapist, language, large_print
):
    patient.language = language
    patient.save()
    handout = issue(program, therapist, large_print=large_print)
    code, text = typed_address(handout)
    # On one line after its sentence: "https://" left off, a browser adds it.
    assert f"{INTRO[language]} rehab.example-clinic.org/h/{code}" in text
    assert "https://rehab" not in text
    response = client.get(f"/h/{code}")
    assert response.status_code == 200
    assert "Margaret" in response.content.decode()


def test_it_is_the_qr_codes_link_typed_any_way(client, program, therapist, tmp_path):
    handout = issue(program, therapist)
    code, _ = typed_address(handout)
    [url] = qr_urls(handout.read_pdf(), tmp_path)
    token = url.rsplit("/", 1)[1]
    link = PatientLink.objects.get()
    assert PatientLink.objects.find(token) == link
    # As a patient may type it: small letters, no dashes, spaces, an O for a zero and an
    # l for a one.
    plain = code.replace("-", "")
    typed = [code, plain.lower(), code.replace("-", " "), plain.replace("0", "O").replace("1", "l")]
    for spelling in typed:
        assert PatientLink.objects.find(spelling) == link, spelling
    assert client.get(reverse("phone:page", args=[plain.lower()])).status_code == 200
    # A tick through the typed address is the patient's tick, on the same program.
    page = client.get(f"/h/{code}").content.decode()
    assert f'action="/h/{code}/tick"' in page


def test_it_has_75_random_bits_and_only_its_hmac_is_kept(program, therapist):
    first, second = issue(program, therapist), issue(program, therapist)
    codes = [typed_address(handout)[0].replace("-", "") for handout in (first, second)]
    assert codes[0] != codes[1]
    assert all(len(code) == SHORT_LENGTH and set(code) <= set(SHORT_ALPHABET) for code in codes)
    assert len(SHORT_ALPHABET) ** SHORT_LENGTH >= 2**75
    for handout, code in zip((first, second), codes, strict=True):
        link = PatientLink.objects.get(handout=handout)
        assert link.short_code_hmac == hash_short_code(code)
        assert code not in json.dumps(handout.snapshot)
        assert code not in link.short_code_hmac and code.lower() not in link.short_code_hmac


def test_it_stops_with_the_link(client, program, therapist):
    code, _ = typed_address(issue(program, therapist))
    assert client.get(f"/h/{code}").status_code == 200
    PatientLink.objects.update(revoked_at=timezone.now())
    stopped = client.get(f"/h/{code}")
    assert stopped.status_code == 404
    assert "Ask your clinic for a new sheet" in stopped.content.decode()


def test_guessing_codes_counts_in_the_rate_limit(client, program, therapist, settings):
    code, _ = typed_address(issue(program, therapist))
    settings.PATIENT_LINK_RATE_LIMIT = 3
    for guess in ("AAAAA-AAAAA-AAAAA", "BBBBB-BBBBB-BBBBB", "CCCCC-CCCCC-CCCCC"):
        assert client.get(f"/h/{guess}").status_code == 404
    assert client.get(f"/h/{code}").status_code == 429  # even the right one, this minute


def test_a_token_is_never_read_as_a_code():
    assert short_code("k9Qw3RtY7uIo1PaS5dFg2HjK") is None  # 24 characters
    assert short_code("ABCDE-FGHJK-MNPQU") is None  # U is not in the alphabet
    assert short_code("ABCDE-FGHJK-MNPQ") is None  # one short
    assert short_code("abcde fghjk mnpqr") == "ABCDEFGHJKMNPQR"


@pytest.mark.parametrize("mode", [Mode.BLANK, Mode.FULL])
def test_blank_forms_and_full_sheets_print_none(program, therapist, mode):
    text = pdf_text(issue(program, therapist, mode=mode).read_pdf())
    assert INTRO["en"] not in text
    assert not ADDRESS.findall(text)
