"""The therapist's day in a real browser: one-click print, finding patients by
condition, the editor's search marks, live counters instead of silent cuts, the duplicate
warning, the preview following its options, what changed since the last visit, and the
8-exercise task counted in clicks."""

import datetime
import re

import pytest
from django.utils import timezone

from clinics.models import Patient
from handouts.models import IssuedHandout
from library.models import Condition, Exercise
from programs.models import Program
from tests.factories import PatientFactory, ProgramFactory, ProgramItemFactory
from tests.helpers import log_in, pdf_text, print_handout, search_settled

pytestmark = pytest.mark.browser

PDF_URL = re.compile(r"/handouts/\d+/pdf/$")


def osteoporosis_patient(therapist, name="Rosa Delgado", **fields):
    patient = PatientFactory(clinic=therapist.clinic, name=name, **fields)
    patient.conditions.add(Condition.objects.get(slug="osteoporosis"))
    return patient


def program_with(patient, therapist, slugs, **fields):
    program = ProgramFactory(patient=patient, therapist=therapist, **fields)
    for order, slug in enumerate(slugs, start=1):
        ProgramItemFactory(program=program, exercise=Exercise.objects.get(slug=slug), order=order)
    return program


def tab_pdf_text(page):
    """The PDF the tab shows, read with the tab's own session (headless Chromium has no
    PDF viewer to read it from)."""
    return pdf_text(page.request.get(page.url).body())


class Clicks:
    """Drives the page as a person does and counts the clicks. Typing into a field that
    does not have the focus costs a click first; keys pressed are not clicks."""

    def __init__(self, page):
        self.page, self.count, self.log = page, 0, []

    def click(self, locator, what):
        locator.click()
        self.count += 1
        self.log.append(what)

    def type(self, locator, text, what):
        if not locator.evaluate("field => field === document.activeElement"):
            self.click(locator, f"into {what}")
        locator.fill(text)


# 1. One-click print


def test_print_handout_issues_and_opens_the_pdf_and_the_patient_page_lists_it(
    page, live_server, library, therapist
):
    patient = osteoporosis_patient(therapist)
    program = program_with(patient, therapist, ["bridge", "heel-raises"], title="Bone health")
    log_in(page, live_server, therapist.user)
    page.goto(f"{live_server.url}/programs/{program.pk}/handout/")
    page.frame_locator("iframe.handout-preview").get_by_text("Rosa Delgado").first.wait_for()

    preview = page.url
    tab = print_handout(page)
    assert tab.request.get(tab.url).headers["content-type"] == "application/pdf"
    assert "Name Rosa Delgado" in tab_pdf_text(tab)
    handout = IssuedHandout.objects.get()
    assert tab.url.endswith(f"/handouts/{handout.pk}/pdf/")
    # The app's tab stays on the preview and says where the PDF went.
    assert page.url == preview
    assert "opens in a new tab" in page.locator("#issue-status").inner_text()
    page.get_by_role("button", name="Print handout").wait_for(state="visible")

    page.goto(f"{live_server.url}/patients/{patient.pk}/")
    assert page.locator(f"a[href$='/handouts/{handout.pk}/pdf/']").count() == 1
    # No message about it turns up later on an unrelated page.
    page.goto(f"{live_server.url}/library/")
    page.goto(f"{live_server.url}/patients/")
    assert "opened to print" not in page.content()
    assert "Handout issued" not in page.content()
    assert page.js_errors == []


# 3 and 8. Patients by name, chart number or condition; chips; family-name order; phones


def test_patients_are_found_by_condition_shown_with_chips_and_sorted_by_family_name(
    page, live_server, library, therapist
):
    rosa = osteoporosis_patient(therapist, chart_number="A-17", birth_date="1948-05-02")
    PatientFactory(clinic=therapist.clinic, name="Tom Ito", chart_number="B-2")
    ann = PatientFactory(clinic=therapist.clinic, name="Okafor, Ann")
    ann.conditions.add(Condition.objects.get(slug="low-back-pain"))
    program = program_with(rosa, therapist, ["bridge", "heel-raises"], title="Bone health")
    Program.objects.filter(pk=program.pk).update(updated_at=timezone.now() - datetime.timedelta(3))
    log_in(page, live_server, therapist.user)
    names = page.locator(".patient-table tbody tr td:first-child a")

    assert names.all_inner_texts() == ["Rosa Delgado", "Tom Ito", "Okafor, Ann"]  # D, I, O
    row = page.locator(".patient-table tbody tr", has_text="Rosa Delgado")
    assert row.locator(".condition-chip").all_inner_texts() == ["Osteoporosis"]
    assert "Bone health" in row.inner_text() and "2 exercises" in row.inner_text()
    last_visit = timezone.localdate() - datetime.timedelta(3)
    assert f"{last_visit:%b} {last_visit.day}, {last_visit.year}" in row.inner_text()

    for words, expected in [
        ("osteo", ["Rosa Delgado"]),
        ("a-17", ["Rosa Delgado"]),
        ("back pain", ["Okafor, Ann"]),
        ("ito", ["Tom Ito"]),
    ]:
        page.fill("#patient-q", words)
        with page.expect_navigation():
            page.get_by_role("button", name="Search").click()
        assert names.all_inner_texts() == expected, words

    page.fill("#patient-q", "")
    with page.expect_navigation():
        page.get_by_role("button", name="Search").click()
    with page.expect_navigation():
        page.select_option("#patient-sort", "first")  # applies at once
    assert page.url.endswith("sort=first")
    assert names.all_inner_texts() == ["Okafor, Ann", "Rosa Delgado", "Tom Ito"]

    # Under 576 px each patient is a card of labelled lines, and nothing scrolls sideways.
    page.set_viewport_size({"width": 390, "height": 844})
    assert row.evaluate("tr => getComputedStyle(tr).display") == "block"
    tops = row.locator("td").evaluate_all("cells => cells.map(c => c.getBoundingClientRect().top)")
    assert tops == sorted(tops) and len(set(tops)) == len(tops)  # one under the other
    label = row.locator("td[data-label='Chart']").evaluate(
        "cell => getComputedStyle(cell, '::before').content"
    )
    assert "Chart" in label
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.js_errors == []


# 4. The editor's search marks cautions and what is in the program, with filters


def test_editor_search_marks_cautions_and_exercises_in_the_program_and_filters(
    page, live_server, library, therapist
):
    patient = osteoporosis_patient(therapist)
    program = program_with(patient, therapist, ["bridge"])
    log_in(page, live_server, therapist.user)
    page.goto(f"{live_server.url}/programs/{program.pk}/edit/")
    results = page.locator("#search-results .search-result")

    def result(name):
        return page.locator("#search-results .search-result", has_text=name)

    page.fill("#search-q", "knee")
    result("Knees to chest").wait_for()
    assert "Caution for this patient: spinal flexion" in result("Knees to chest").inner_text()
    assert result("Knees to chest").locator("[data-in-program-flag]").is_hidden()

    page.fill("#search-q", "bridge")
    result("Bridge").locator("[data-in-program-flag]").wait_for()
    assert "Already in the program" in result("Bridge").inner_text()
    assert "Caution" not in result("Bridge").inner_text()

    # Filters like the library page's, with or without words.
    page.fill("#search-q", "")
    page.select_option("#search-kind", "balance")
    page.locator("#search-results .search-result", has_text="Single leg stand").wait_for()
    kinds = [text.split("·")[-1].split("\n")[0].strip() for text in results.all_inner_texts()]
    assert kinds and set(kinds) == {"balance"}
    page.select_option("#search-kind", "")
    page.select_option("#search-position", "sitting")
    result("Band row").wait_for()
    assert all("Sitting" in text for text in results.all_inner_texts())
    page.select_option("#search-region", "arms")
    page.wait_for_function(
        "() => [...document.querySelectorAll('#search-results .search-result')]"
        ".every(r => r.textContent.includes('Band row'))"
    )

    # Added from the results: marked there at once, and the search keeps the focus.
    result("Band row").get_by_role("button", name="Add Band row").click()
    page.locator("#items .item-name", has_text="Band row").wait_for()
    result("Band row").locator("[data-in-program-flag]").wait_for()
    assert page.evaluate("document.activeElement.id") == "search-q"
    assert page.js_errors == []


# 5 and 9. Counters and clear errors, never a silent cut; plain number messages


def test_text_over_its_limit_is_counted_and_refused_never_cut(
    page, live_server, library, therapist
):
    program = program_with(osteoporosis_patient(therapist), therapist, ["bridge"])
    log_in(page, live_server, therapist.user)

    page.goto(f"{live_server.url}/patients/new/")
    long_name = "Margaret " + "A" * 121
    page.fill("#id_name", long_name)
    assert page.input_value("#id_name") == long_name  # the browser cut nothing
    assert "130 characters: 10 over the limit of 120" in page.inner_text("#id_name-count")
    page.click("main button[type=submit]")
    page.get_by_text(
        "Name can be at most 120 characters. This has 130: shorten it by 10."
    ).wait_for()
    assert page.input_value("#id_name") == long_name
    assert not Patient.objects.filter(name__startswith="Margaret").exists()

    page.goto(f"{live_server.url}/programs/{program.pk}/edit/")
    instructions = "Rest on bad days. " * 119 + "Rest on bad days."  # 2,159 characters
    page.fill("#id_special_instructions", instructions)
    assert page.input_value("#id_special_instructions") == instructions
    counter = page.inner_text("#id_special_instructions-count")
    assert "2,159 characters: 159 over the limit of 2,000" in counter
    page.fill("#id_special_instructions", instructions[:1990])
    assert "1,990 of 2,000 characters" in page.inner_text("#id_special_instructions-count")
    page.fill("#id_special_instructions", instructions)
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text(
        "Special instructions can be at most 2,000 characters. This has 2,159: shorten it by 159."
    ).wait_for()
    assert page.input_value("#id_special_instructions") == instructions
    program.refresh_from_db()
    assert program.special_instructions == ""

    # A wrong number says so in plain words while it is typed, and the estimate shows "—".
    reps = page.locator("#items input[data-dose='reps']")
    reps.fill("0")
    page.get_by_text("Times must be 1 to 100.").wait_for()
    assert page.inner_text("#minutes") == "—"
    reps.fill("12")
    assert page.get_by_text("Times must be 1 to 100.").count() == 0
    assert page.inner_text("#minutes").isdigit()
    assert page.js_errors == []


# 7. The duplicate-patient warning


def test_a_patient_with_the_same_name_and_birth_date_is_pointed_out_and_may_be_added(
    page, live_server, library, therapist
):
    rosa = osteoporosis_patient(therapist, chart_number="A-17", birth_date="1948-05-02")
    log_in(page, live_server, therapist.user)
    page.goto(f"{live_server.url}/patients/new/")
    page.fill("#id_name", "rosa delgado")
    page.fill("#id_birth_date", "1948-05-02")
    page.click("main button[type=submit]")

    warning = page.locator("#possible-duplicate")
    warning.wait_for()
    assert "Rosa Delgado, born May 2, 1948, chart A-17" in warning.inner_text()
    link = warning.get_by_role("link", name="Rosa Delgado")
    assert link.get_attribute("href") == f"/patients/{rosa.pk}/"
    assert Patient.objects.count() == 1
    assert page.input_value("#id_name") == "rosa delgado"  # nothing typed is lost

    page.get_by_role("button", name="Add anyway: a different person").click()
    page.get_by_text("Added rosa delgado.").wait_for()
    assert Patient.objects.count() == 2

    # The link goes to the one already there.
    page.goto(f"{live_server.url}/patients/new/")
    page.fill("#id_name", "Rosa Delgado")
    page.click("main button[type=submit]")  # no birth date: cannot tell them apart
    page.locator("#possible-duplicate").get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"/patients/\d+/$"))
    assert page.locator("h1").inner_text() in ("Rosa Delgado", "rosa delgado")
    assert page.js_errors == []


# 10. The preview follows the mode


def test_the_preview_refreshes_when_the_mode_changes(page, live_server, library, therapist):
    program = program_with(osteoporosis_patient(therapist), therapist, ["bridge"])
    log_in(page, live_server, therapist.user)
    page.goto(f"{live_server.url}/programs/{program.pk}/handout/")
    frame = page.frame_locator("iframe.handout-preview")
    frame.get_by_text("Rosa Delgado").first.wait_for()
    assert page.get_by_role("button", name="Update preview").is_hidden()

    page.get_by_label("Blank form").check()
    page.wait_for_function(
        "() => document.querySelector('iframe.handout-preview').src.includes('mode=blank')"
    )
    frame.locator("body").wait_for()
    page.wait_for_function(  # the blank form names nobody
        """() => {
          const sheet = document.querySelector("iframe.handout-preview").contentDocument;
          return sheet && sheet.readyState === "complete" && sheet.body
            && !sheet.body.textContent.includes("Rosa Delgado");
        }"""
    )
    assert page.input_value("#issue-form input[name='mode']") == "blank"
    assert page.url.endswith("?mode=blank")

    page.get_by_label("Large print").check()
    page.wait_for_function(
        "() => document.querySelector('iframe.handout-preview').src.includes('large_print=on')"
    )
    print_handout(page)
    handout = IssuedHandout.objects.get()
    assert (handout.mode, handout.large_print) == ("blank", True)
    assert page.js_errors == []


# 11. What changed since the last visit


def test_the_program_page_says_what_changed_since_the_last_visit(
    page, live_server, library, therapist
):
    patient = osteoporosis_patient(therapist)
    first = program_with(patient, therapist, ["bridge", "heel-raises", "band-row"])
    log_in(page, live_server, therapist.user)
    page.goto(f"{live_server.url}/programs/{first.pk}/")
    assert page.locator("#changes").count() == 0  # nothing before the first revision

    page.get_by_role("button", name="Revise for next visit").click()
    page.wait_for_url(re.compile(r"/programs/\d+/edit/$"))
    page.locator("#items > li", has_text="Heel raises").get_by_role(
        "button", name="Remove Heel raises"
    ).click()
    page.locator("#items > li", has_text="Bridge").locator("input[data-dose='reps']").fill("15")
    page.fill("#search-q", "walking")
    page.get_by_role("button", name="Add Walking").click()
    page.locator("#items .item-name", has_text="Walking").wait_for()
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Saved at").wait_for()
    page.get_by_role("link", name="Back to program").click()

    changes = page.locator("#changes")
    assert "What changed since revision 1" in changes.inner_text()
    text = " ".join(changes.inner_text().split())
    assert "Added Walking" in text
    assert "Removed Heel raises" in text
    # "now" is said to screen readers in place of the arrow.
    assert "Bridge: Repeat 10 times. → now Repeat 15 times." in text
    assert "Band row" not in text
    assert page.js_errors == []


# 6 and 12. Folded rows, the one-line caution, the Side select, one "Close", the favicon


def test_a_long_program_opens_folded_with_one_line_cautions(page, live_server, library, therapist):
    patient = osteoporosis_patient(therapist)
    slugs = [
        "bridge",
        "heel-raises",
        "band-row",
        "arm-curls",
        "walking",
        "cat-cow",
        "sit-to-stand",
        "knees-to-chest",
    ]
    program = program_with(patient, therapist, slugs)
    program.items.filter(exercise__slug="cat-cow").update(
        caution_reason="Small range only",
        caution_reason_by=therapist.user,
        caution_reason_at=timezone.now(),
    )
    log_in(page, live_server, therapist.user)
    page.goto(f"{live_server.url}/programs/{program.pk}/edit/")

    def row(name):
        return page.locator("#items > li", has=page.locator(".item-name", has_text=name))

    # Folded: one line each, but a caution still waiting for a reason stays open.
    assert row("Bridge").locator(".item-body").is_hidden()
    assert "10 times · hold 2–3 s" in row("Bridge").locator("[data-summary]").inner_text()
    cat_cow = row("Cat-cow").locator("details[data-caution]")
    assert cat_cow.evaluate("details => details.open") is False
    summary = " ".join(cat_cow.locator("summary").inner_text().split())
    assert summary.startswith("⚠ Caution for this patient: spinal flexion")
    assert "kept with a reason" in summary
    assert cat_cow.get_by_text("Source:").is_hidden()
    knees = row("Knees to chest").locator("details[data-caution]")
    assert knees.evaluate("details => details.open") is True
    assert knees.get_by_label("Reason to keep it").is_visible()
    height = page.locator("#items").bounding_box()["height"]
    assert height < 8 * 150, height  # 8 rows took about 3,600 px unfolded

    cat_cow.locator("summary").click()
    cat_cow.get_by_text("Source:").first.wait_for()
    row("Bridge").get_by_role("button", name="Edit Bridge").click()
    assert row("Bridge").locator(".item-body").is_visible()
    assert page.evaluate("document.activeElement.dataset.dose") == "reps"

    # "Use instead" offers exercises for the same purpose: none for cat-cow's flexibility
    # is a strengthening exercise like Band row.
    cat_cow.get_by_role("button", name="Show safer exercises").click()
    cat_cow.locator("[data-alternative-list], p").last.wait_for()
    offered = cat_cow.locator("[data-replace-item]").evaluate_all(
        "buttons => buttons.map(b => b.getAttribute('aria-label'))"
    )
    assert offered and not any("Band row" in label for label in offered)

    # The Side select shows its longest choice whole.
    row("Bridge").locator("[data-dose='side']").select_option("side")
    fits = (
        row("Bridge")
        .locator("[data-dose='side']")
        .evaluate(
            """select => {
          const probe = document.createElement("span");
          probe.style.font = getComputedStyle(select).font;
          probe.textContent = "with each leg";
          document.body.append(probe);
          const text = probe.getBoundingClientRect().width;
          probe.remove();
          const style = getComputedStyle(select);
          const room = select.clientWidth - parseFloat(style.paddingLeft)
            - parseFloat(style.paddingRight);
          return room >= text;
        }"""
        )
    )
    assert fits

    # After a save, one control is named "Close" at most (the message's is "Dismiss").
    row("Knees to chest").get_by_label("Reason to keep it").fill("Pain-free in clinic")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Saved at").wait_for()
    assert (
        page.get_by_role("button", name="Close").count()
        + page.get_by_role("link", name="Close").count()
        <= 1
    )
    icon = page.locator("link[rel=icon]").get_attribute("href")
    assert page.request.get(live_server.url + icon).status == 200
    assert page.request.get(f"{live_server.url}/favicon.ico").status == 200
    assert page.js_errors == []


# The 8-exercise task


EIGHT = [
    ("bridge", "Bridge"),
    ("heel", "Heel raises"),
    ("wall", "Wall push-ups"),
    ("sit to stand", "Sit to stand"),
    ("band", "Band row"),
    ("curls", "Arm curls"),
    ("single leg", "Single leg stand"),
    ("walking", "Walking"),
]
MAX_CLICKS = 20


def test_the_eight_exercise_task_takes_at_most_20_clicks(page, live_server, library, therapist):
    """New patient, blank program, 8 exercises found by search, save, print: counted from
    the patient list to the open PDF."""
    log_in(page, live_server, therapist.user)
    clicks = Clicks(page)

    clicks.click(page.get_by_role("link", name="Add a patient"), "Add a patient")
    clicks.type(page.locator("#id_name"), "Ines Moreau", "the name")
    clicks.click(page.get_by_label("Osteoporosis"), "Osteoporosis")
    clicks.click(page.get_by_role("button", name="Save"), "Save patient")
    page.get_by_text("Added Ines Moreau.").wait_for()

    clicks.click(page.get_by_role("link", name="New program"), "New program")
    assert page.get_by_label("Start blank").is_checked()
    clicks.click(page.get_by_role("button", name="Create and edit"), "Create and edit")
    page.wait_for_url(re.compile(r"/programs/\d+/edit/$"))

    search = page.locator("#search-q")
    for words, name in EIGHT:
        clicks.type(search, words, "the search")
        # The results of these words: clicked in the last words' results, Add could land
        # on another exercise as the new results replace them.
        search_settled(page, words)
        add = page.locator("#search-results .search-result", has_text=name).get_by_role(
            "button", name=f"Add {name}", exact=True
        )
        clicks.click(add, f"Add {name}")
        page.locator("#items .item-name", has_text=name).wait_for()
    assert page.locator("#items .item-name").all_inner_texts() == [name for _, name in EIGHT]

    clicks.click(page.get_by_role("button", name="Save and print"), "Save and print")
    page.wait_for_url(re.compile(r"/handout/$"))
    page.get_by_text(re.compile(r"Saved at \d\d:\d\d")).wait_for()
    tab = print_handout(
        page, lambda: clicks.click(page.get_by_role("button", name="Print handout"), "Print")
    )

    text = tab_pdf_text(tab)
    assert "Name Ines Moreau" in text
    for _, name in EIGHT:
        assert name in text
    assert clicks.count <= MAX_CLICKS, clicks.log
    print(f"\n8-exercise task: {clicks.count} clicks: {', '.join(clicks.log)}")
    assert page.js_errors == []
