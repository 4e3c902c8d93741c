"""Every page a therapist uses, checked by axe-core at laptop and phone width: no serious or
critical violation of WCAG 2.1 A/AA or axe's best practices.

axe-core is an npm devDependency (package.json), read from node_modules by the test and
evaluated in the page through Playwright, never served by the app. Evaluating it keeps the
page's Content Security Policy in force, as a therapist's browser has it.

With SCREENSHOTS=1 the walk also saves a full-page screenshot of each page at each width in
test-artifacts/screenshots/ (README, "Development")."""

import contextlib
import os
import re

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from handouts.services import issue_handout
from library.models import Condition, Exercise, Protocol
from outcomes.builtin import ensure_builtin
from phone.models import DayFeeling, ExerciseTick
from programs.models import Program
from programs.services import revise_program, save_as_template
from tests.factories import PatientFactory, ProgramFactory, ProgramItemFactory
from tests.helpers import (
    BLOCKING,
    SCREENSHOTS,
    TIMEOUT_MS,
    TOKEN,
    axe_violations,
    expire_session,
    issue_with_link,
    leaf_patterns,
    log_in,
)

pytestmark = pytest.mark.browser

WIDTHS = {"laptop": (1366, 900), "phone": (390, 844)}


@pytest.fixture
def clinic_day(library, therapist):
    """A patient with osteoporosis, a program revised once (a cautioned exercise kept with
    a reason, a dose changed, one added), and a handout printed from it."""
    patient = PatientFactory(
        clinic=therapist.clinic, name="Rosa Delgado", chart_number="C-12", birth_date="1948-05-02"
    )
    patient.conditions.add(Condition.objects.get(slug="osteoporosis"))
    PatientFactory(clinic=therapist.clinic, name="Tom Ito")
    first = ProgramFactory(patient=patient, therapist=therapist, title="Bone health")
    for order, slug in enumerate(["bridge", "heel-raises", "knees-to-chest"], start=1):
        ProgramItemFactory(
            program=first,
            exercise=Exercise.objects.get(slug=slug),
            order=order,
            **(
                {
                    "caution_reason": "Pain-free in clinic",
                    "caution_reason_by": therapist.user,
                    "caution_reason_at": timezone.now(),
                }
                if slug == "knees-to-chest"
                else {}
            ),
        )
    second, _ = revise_program(program=first, therapist=therapist)
    bridge = second.items.get(exercise__slug="bridge")
    bridge.reps = 15
    bridge.save()
    ProgramItemFactory(program=second, exercise=Exercise.objects.get(slug="walking"), order=4)
    issue_handout(program=second, user=therapist.user, mode="filled", large_print=False)
    save_as_template(program=second, therapist=therapist, name="Bone health basics")
    save_as_template(program=second, therapist=therapist, name="Clinic bone set", shared=True)
    # A second one whose phone link's token the walk knows, and a day ticked on the phone.
    issue_with_link(second, therapist.user, TOKEN)
    today = timezone.localdate()
    ExerciseTick.objects.create(program=second, exercise=bridge.exercise, day=today)
    DayFeeling.objects.create(program=second, day=today, pain=5, effort="hard")
    # A new program started and left: a draft, listed on the patient page with "Discard".
    ProgramFactory(patient=patient, therapist=therapist, title="Knee start", is_draft=True)
    return patient, second


def pages(live_server, patient, program):
    """(name, path, what to do on the page before checking it)."""

    def search_and_open_caution(page):
        page.fill("#search-q", "knee")
        page.locator("#search-results [data-add-item]").first.wait_for()
        page.locator("details[data-caution]").first.evaluate("details => details.open = true")

    def duplicate_warning(page):
        page.fill("#id_name", patient.name)
        page.fill("#id_birth_date", "1948-05-02")
        page.click("main button[type=submit]")
        page.locator("#possible-duplicate").wait_for()

    def name_taken(page):
        page.fill("#id_name", "Bone health basics")
        page.click("main button[type=submit]")
        page.locator("#id_name.is-invalid").wait_for()

    template = Protocol.objects.get(name="Bone health basics")

    def too_long(page):
        page.fill("#id_special_instructions", "x" * 2100)
        page.locator("#id_special_instructions-count").wait_for()

    def changes_kept(page):
        """The session ends while the editor has a change; after logging in again the
        changes are offered back (rehab/kept.py)."""
        page.goto(f"{live_server.url}/programs/{program.pk}/edit/")
        page.locator("#items input[name$='-reps']").first.fill("16")
        expire_session(page.context)
        page.fill("#search-q", "heel")
        page.wait_for_url("**/login/**")
        log_in(page, live_server, program.therapist.user)
        page.wait_for_url("**/unsaved/")

    draft = Program.objects.get(patient=patient, is_draft=True)

    def every_zero(page):
        page.locator("main input[type=number]").first.fill("0")
        page.get_by_role("button", name="Save schedule").click()
        page.locator(".invalid-feedback").first.wait_for()

    return [
        ("patients", "/patients/", None),
        ("patients-search", "/patients/?q=osteo", None),
        ("patient", f"/patients/{patient.pk}/", None),
        ("patient-new", "/patients/new/", None),
        ("patient-duplicate", "/patients/new/", duplicate_warning),
        ("patient-edit", f"/patients/{patient.pk}/edit/", None),
        ("program-new", f"/patients/{patient.pk}/programs/new/", None),
        ("program", f"/programs/{program.pk}/", None),
        ("editor", f"/programs/{program.pk}/edit/", None),
        ("editor-search", f"/programs/{program.pk}/edit/", search_and_open_caution),
        ("editor-too-long", f"/programs/{program.pk}/edit/", too_long),
        ("program-sheets", reverse("programs:sheets", args=[program.pk]), None),
        ("program-save-template", reverse("programs:save_template", args=[program.pk]), None),
        (
            "program-save-template-taken",
            reverse("programs:save_template", args=[program.pk]),
            name_taken,
        ),
        ("templates", reverse("mine:templates"), None),
        ("template-rename", reverse("mine:rename", args=[template.pk]), None),
        ("template-delete", reverse("mine:delete", args=[template.pk]), None),
        ("handout-preview", f"/programs/{program.pk}/handout/", None),
        ("handout-sheet", f"/programs/{program.pk}/handout/sheet/", None),
        ("library", "/library/", None),
        ("library-exercise", "/library/bridge/", None),
        ("password", "/password/", None),
        ("revoke-link", reverse("phone:revoke_link", args=[handout_of(program)]), None),
        ("phone", reverse("phone:page", args=[TOKEN]), None),
        ("phone-stopped", reverse("phone:page", args=["no-such-link-at-all"]), None),
        ("program-discard", reverse("programs:discard", args=[draft.pk]), None),
        ("measures-visit", reverse("outcomes:visit", args=[patient.pk]), None),
        (
            "measures-activities",
            reverse("outcomes:activities", args=[patient.pk, ensure_builtin()["psfs"].pk]),
            None,
        ),
        ("measures-schedule", reverse("outcomes:schedule", args=[program.pk]), None),
        ("measures-schedule-refused", reverse("outcomes:schedule", args=[program.pk]), every_zero),
        ("measures-discharge", reverse("outcomes:discharge", args=[program.pk]), None),
        *[(f"records-{name}", path, None) for name, path in other_pages(patient)],
        # Last: it ends the session and logs in again.
        ("kept-changes", reverse("kept_changes"), changes_kept),
    ]


def handout_of(program):
    return program.handouts.filter(mode="filled").values_list("pk", flat=True).first()


def other_pages(patient):
    """Pages of the patient's record (export, erase) when the records app is installed."""
    found = []
    for name in ("export", "erase"):
        with contextlib.suppress(NoReverseMatch):
            found.append((name, reverse(f"records:{name}", args=[patient.pk])))
    return found


def check(page, name, width, found):
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
    for violation in blocking:
        found.append(
            f"{name} at {width}: {violation['id']} ({violation['impact']}): "
            f"{violation['help']} — {violation['nodes']}"
        )
    if os.environ.get("SCREENSHOTS"):
        folder = SCREENSHOTS / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)


@pytest.mark.parametrize("width", list(WIDTHS))
def test_no_serious_or_critical_axe_violation_on_any_page(
    browser, live_server, clinic_day, therapist, width
):
    patient, program = clinic_day
    context = browser.new_context(
        viewport=dict(zip(("width", "height"), WIDTHS[width], strict=True))
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    found = []
    try:
        page.goto(f"{live_server.url}/login/")
        check(page, "login", width, found)
        log_in(page, live_server, therapist.user)
        for name, path, action in pages(live_server, patient, program):
            page.goto(live_server.url + path)
            if action:
                action(page)
            check(page, name, width, found)
    finally:
        context.close()
    assert found == [], "\n".join(found)
    assert errors == []


WALKED = {
    "login",
    "password_change",
    "programs:patients",
    "programs:patient",
    "programs:patient_new",
    "programs:patient_edit",
    "programs:new",
    "programs:detail",
    "programs:discard",
    "kept_changes",
    "programs:edit",
    "programs:sheets",
    "programs:save_template",
    "mine:templates",
    "mine:rename",
    "mine:delete",
    "handouts:preview",
    "handouts:sheet",
    "library:list",
    "library:detail",
    "records:export",
    "records:erase",
    "phone:revoke_link",
    "phone:page",
    "outcomes:visit",
    "outcomes:activities",
    "outcomes:schedule",
    "outcomes:discharge",
}
# Not pages of their own: htmx fragments, POST-only actions, redirects, the PDF itself.
NOT_PAGES = {
    "home",
    "logout",
    "programs:search",
    "programs:row",
    "programs:alternatives",
    "programs:revise",
    "mine:favourite",
    "handouts:issue",
    "handouts:pdf",
    "phone:tick",  # POST only; its errors show the phone page again
    "phone:feel",
    "phone:reminder",  # the .ics file; its errors show the phone page again
    "phone:answer",  # POST only; its errors show the phone page again
    "records:report",  # the progress report's PDF
}


def test_the_walk_covers_every_page_outside_admin():
    """A page added to the app's URLs fails this until it is in the walk above (or listed
    as not a page). Django admin is its own, and left to Django."""

    names = {
        name
        for regex, name, _ in leaf_patterns()
        if name and not name.startswith("admin:") and not re.match(r"(admin|media)/", regex)
    }
    assert names - WALKED - NOT_PAGES == set()
