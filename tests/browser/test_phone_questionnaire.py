"""The phone page's questionnaire in a phone-sized browser (390 px), in English and in
Spanish: the due measure is asked first, it fits the screen with big targets, axe finds
nothing serious, and an answer is stored (issue 29; tests/phone/test_measures.py checks
the server's side)."""

import pytest
from django.core.cache import cache

from outcomes.builtin import ensure_builtin
from outcomes.models import AnswerSet
from tests.factories import ProgramItemFactory
from tests.helpers import BLOCKING, TIMEOUT_MS, TOKEN, axe_violations, issue_with_link

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
WORDS = {
    "en": {
        "heading": "A few questions first",
        "measure": "Numeric Pain Rating Scale",
        "question": "On average, how much pain have you had in the last 24 hours?",
        "ends": "10 = Worst pain you can imagine",
        "save": "Save my answers",
    },
    "es": {
        "heading": "Primero, unas preguntas",
        "measure": "Escala numérica del dolor",
        "question": "En promedio, ¿cuánto dolor ha tenido en las últimas 24 horas?",
        "ends": "10 = El peor dolor que pueda imaginar",
        "save": "Guardar mis respuestas",
    },
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_patient_answers_the_due_pain_scale_on_a_phone(
    browser, live_server, therapist, patient, program, settings, language
):
    cache.clear()  # the link pages' rate limit
    settings.SITE_URL = live_server.url
    measures = ensure_builtin()  # a transactional test before this one flushed them
    patient.language = language
    patient.save()
    ProgramItemFactory(program=program, order=1)
    issue_with_link(program, therapist.user)
    words = WORDS[language]
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    try:
        tab.goto(f"{live_server.url}/h/{TOKEN}")
        question = tab.locator("#question")
        question.get_by_role("heading", name=words["heading"]).wait_for()
        assert tab.evaluate("document.documentElement.lang") == language
        # PSFS has no activities named yet, so pain is the first due measure.
        assert words["measure"] in question.inner_text()
        assert words["ends"] in question.inner_text()
        group = question.get_by_role("group", name=words["question"])
        assert group.get_by_role("radio").count() == 11
        # The questionnaire comes before the exercises, and nothing is wider than the phone.
        assert tab.evaluate(
            "document.querySelector('#question').compareDocumentPosition("
            "document.querySelector('.exercise')) & Node.DOCUMENT_POSITION_FOLLOWING"
        )
        assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        for label in question.locator(".pains label").all():
            box = label.bounding_box()
            assert box["height"] >= 44 and box["width"] >= 44, box  # big tap targets
        blocking = [v for v in axe_violations(tab) if v["impact"] in BLOCKING]
        assert blocking == [], blocking

        group.get_by_label("7", exact=True).check()
        tab.get_by_role("button", name=words["save"]).click()
        tab.wait_for_url(f"{live_server.url}/h/{TOKEN}#question")
        tab.locator("h1").wait_for()
        assert tab.locator("#question").count() == 0  # nothing else due today
        assert errors == []
    finally:
        context.close()
    stored = AnswerSet.objects.get()
    assert (stored.measure, stored.score, stored.source) == (measures["nprs"], 7, "phone")
    assert stored.answers.get().value == 7
