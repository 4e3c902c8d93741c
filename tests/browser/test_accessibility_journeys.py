"""WCAG 2.1 AA checks axe cannot make (docs/accessibility.md): a visit done with the
keyboard alone, focus always visible; reflow at 320 px and at 200 % zoom without
sideways scrolling; and every control with a name a screen reader reads, taken from
Chromium's own accessibility tree."""

import pytest
from django.db.models import F
from django.urls import reverse

from library.models import Condition, Exercise
from library.services import customise_for_clinic
from programs.models import Program
from tests.factories import PASSWORD, PatientFactory, ProgramFactory, ProgramItemFactory
from tests.helpers import BLOCKING, TIMEOUT_MS, TOKEN, axe_violations, issue_with_link, log_in

pytestmark = pytest.mark.browser

# Roles a person operates: each must have a name.
CONTROLS = {
    "button",
    "link",
    "textbox",
    "searchbox",
    "combobox",
    "checkbox",
    "radio",
    "spinbutton",
    "listbox",
    "menuitem",
    "switch",
    "tab",
    "slider",
}


@pytest.fixture
def visit(library, therapist):
    patient = PatientFactory(clinic=therapist.clinic, name="Rosa Delgado")
    patient.conditions.add(Condition.objects.get(slug="osteoporosis"))
    program = ProgramFactory(patient=patient, therapist=therapist, title="Bone health")
    for order, slug in enumerate(["bridge", "heel-raises"], start=1):
        ProgramItemFactory(program=program, exercise=Exercise.objects.get(slug=slug), order=order)
    issue_with_link(program, therapist.user, TOKEN)
    return patient, program


def page_paths(patient, program):
    return [
        ("patients", reverse("programs:patients")),
        ("patient", reverse("programs:patient", args=[patient.pk])),
        ("patient-new", reverse("programs:patient_new")),
        ("program", reverse("programs:detail", args=[program.pk])),
        ("editor", reverse("programs:edit", args=[program.pk])),
        ("handout-preview", reverse("handouts:preview", args=[program.pk])),
        ("templates", reverse("mine:templates")),
        ("library", reverse("library:list")),
        ("phone", reverse("phone:page", args=[TOKEN])),
    ]


# Keyboard (2.1.1, 2.4.3, 2.4.7)

FOCUSED = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const ring = style.boxShadow && style.boxShadow !== "none";
  const line = style.textDecorationLine.includes("underline");
  return {
    text: (element.getAttribute("aria-label") || element.innerText || element.value || "").trim(),
    id: element.id, tag: element.tagName, visible: outline || ring || line,
  };
}"""


def tab_to(page, wanted, limit=120, *, prefix=False):
    """Presses Tab until the focused element's name or id is `wanted` (or, with `prefix`,
    its name starts with it); each stop on the way must show where the focus is. Returns
    the number of Tab presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["tag"] != "BODY":
            assert focused["visible"], f"no visible focus on {focused}"
        if wanted in (focused["text"], focused["id"]):
            return presses
        if prefix and focused["text"].startswith(wanted):
            return presses
    raise AssertionError(f"{wanted!r} not reached with {limit} Tab presses")


def test_a_visit_by_keyboard_alone(page, live_server, visit, therapist):
    """Log in, find the patient, open the program, add an exercise, save, and print:
    Tab, typing and Enter only, the focus visible at every stop."""
    patient, program = visit
    page.goto(f"{live_server.url}/login/")
    tab_to(page, "id_username")
    page.keyboard.type(therapist.user.username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/login/" not in url)

    # The first control of every page skips the menu (2.4.1).
    first = page.locator("a[href], button, input, select, textarea").first
    assert first.inner_text() == "Skip to content"
    tab_to(page, "patient-q")
    page.keyboard.type("rosa")
    page.keyboard.press("Enter")
    page.wait_for_url("**/patients/?q=rosa*")
    tab_to(page, "Rosa Delgado")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/patients/{patient.pk}/")
    tab_to(page, "Bone health · revision 1", prefix=True)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/programs/{program.pk}/")
    tab_to(page, "Edit")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/programs/{program.pk}/edit/")

    tab_to(page, "search-q")
    page.keyboard.type("walking")
    page.keyboard.press("Enter")  # adds the first result
    page.locator("#items .item-name", has_text="Walking").wait_for()
    tab_to(page, "Save")
    page.keyboard.press("Enter")
    page.get_by_text("Saved at").wait_for()
    assert [item.exercise.slug for item in program.items.order_by("order")] == [
        "bridge",
        "heel-raises",
        "walking",
    ]

    tab_to(page, "Save and print")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/programs/{program.pk}/handout/")
    with page.expect_popup() as opened:
        tab_to(page, "Print handout")
        page.keyboard.press("Enter")
    opened.value.wait_for_url("**/pdf/")
    assert page.js_errors == []


# Reflow (1.4.10) and resize text (1.4.4)

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll("body *")].filter((element) => {
    // Content that needs two dimensions scrolls inside its own box, as 1.4.10 allows:
    // the paper sheet of the handout preview, a data table.
    for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
      if (["auto", "scroll"].includes(getComputedStyle(box).overflowX)) return false;
      // A visually hidden box (words for screen readers only) shows nothing.
      if (box.getBoundingClientRect().width <= 1) return false;
    }
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.right > width + 1;
  });
  return {
    scroll: document.documentElement.scrollWidth - width,
    wide: wide.slice(0, 5).map((e) => e.tagName + (e.id ? "#" + e.id : "") + "." + e.className),
  };
}"""


@pytest.mark.parametrize(
    ("viewport", "scale", "root_font"),
    [
        ((320, 640), 1, None),  # 1.4.10: a 1280 px screen at 400 %
        ((683, 384), 2, None),  # 1.4.4: a 1366 × 768 laptop zoomed to 200 %
        ((1366, 900), 1, "200%"),  # 1.4.4: text alone made twice as large
    ],
    ids=["320px", "zoom-200", "text-200"],
)
def test_pages_reflow_without_sideways_scrolling(
    browser, live_server, visit, therapist, viewport, scale, root_font
):
    patient, program = visit
    context = browser.new_context(
        viewport=dict(zip(("width", "height"), viewport, strict=True)), device_scale_factor=scale
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    found = []
    try:
        log_in(page, live_server, therapist.user)
        for name, path in [("login", "/login/"), *page_paths(patient, program)]:
            page.goto(live_server.url + path)
            if root_font:
                page.evaluate(f"() => document.documentElement.style.fontSize = '{root_font}'")
            result = page.evaluate(OVERFLOW)
            if result["scroll"] > 0 or result["wide"]:
                found.append(f"{name}: {result}")
    finally:
        context.close()
    assert found == []


# Names (4.1.2, 1.3.1, 2.4.6)


def unnamed_controls(page):
    """Controls in Chromium's accessibility tree (what a screen reader reads) that have no
    name, as (role, DOM description)."""
    session = page.context.new_cdp_session(page)
    try:
        nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        session.detach()
    missing = []
    for node in nodes:
        role = node.get("role", {}).get("value")
        name = (node.get("name") or {}).get("value", "")
        if role in CONTROLS and not node.get("ignored") and not name.strip():
            missing.append((role, node.get("backendDOMNodeId")))
    return missing


def test_every_control_has_a_name_a_screen_reader_reads(page, live_server, visit, therapist):
    patient, program = visit
    log_in(page, live_server, therapist.user)
    found = []
    for name, path in page_paths(patient, program):
        page.goto(live_server.url + path)
        if name == "editor":
            page.fill("#search-q", "knee")
            page.locator("#search-results [data-add-item]").first.wait_for()
        found += [f"{name}: {role} (DOM node {node})" for role, node in unnamed_controls(page)]
    assert found == []


def test_the_editor_names_each_control_by_its_exercise(page, live_server, visit, therapist):
    """Beside several rows, "Remove" alone says nothing: each control names its exercise,
    and the search results say what each button adds and whether it is starred."""
    _, program = visit
    log_in(page, live_server, therapist.user)
    page.goto(f"{live_server.url}/programs/{program.pk}/edit/")
    page.fill("#search-q", "bridge")
    page.get_by_role("button", name="Add Bridge", exact=True).wait_for()
    star = page.get_by_role("button", name="Favourite: Bridge", exact=True)
    assert star.get_attribute("aria-pressed") == "false"
    star.click()
    page.wait_for_function(
        "() => document.querySelector('[aria-label=\"Favourite: Bridge\"]')"
        ".getAttribute('aria-pressed') === 'true'"
    )
    for name in ("Bridge", "Heel raises"):
        row = page.locator("#items .item-row", has_text=name)
        names = row.locator("button").evaluate_all(
            "buttons => buttons.map((b) => b.getAttribute('aria-label') || b.innerText)"
        )
        named = [label for label in names if name in label]
        assert named, f"no control of the {name} row names it: {names}"


# A clinic's customised copy in the browser (issue 30): the editor's own marks


def test_a_customised_copy_is_marked_in_the_program_as_rows_come_and_go(
    page, live_server, visit, therapist
):
    _, program = visit
    bridge = Exercise.objects.get(slug="bridge")  # the program's row holds the base one
    copy, _ = customise_for_clinic(exercise=bridge, clinic_id=therapist.clinic_id)
    log_in(page, live_server, therapist.user)
    page.goto(f"{live_server.url}/programs/{program.pk}/edit/")
    page.fill("#search-q", "bridge")
    result = page.locator(f"#search-results .search-result[data-exercise='{copy.pk}']")
    result.wait_for()
    assert "in-program" in result.get_attribute("class")
    assert result.get_by_text("Already in the program").is_visible()

    # Removing the base row takes the mark away; the search shows it at once.
    row = page.locator("#items .item-row", has_text="Bridge")
    row.get_by_role("button", name="Remove Bridge").click()
    page.wait_for_function(
        f"() => !document.querySelector(\"[data-exercise='{copy.pk}']\")"
        ".classList.contains('in-program')"
    )
    assert page.js_errors == []


# Pages issue 30 added, checked by axe like the walk in test_accessibility.py


@pytest.mark.parametrize("width", [1366, 390])
def test_the_pages_for_the_wrong_account_and_the_conflict_pass_axe(
    browser, live_server, visit, therapist, library_editor, width
):
    _, program = visit
    context = browser.new_context(viewport={"width": width, "height": 800})
    context.set_default_timeout(TIMEOUT_MS)
    found = []
    try:
        page = context.new_page()
        log_in(page, live_server, therapist.user)
        page.goto(f"{live_server.url}/admin/")
        page.get_by_text("Admin is for clinic admins and library editors").wait_for()
        found += [("no-admin", v) for v in axe_violations(page)]

        # A conflict: this tab's copy is older than the saved one.
        page.goto(f"{live_server.url}/programs/{program.pk}/edit/")
        Program.objects.filter(pk=program.pk).update(lock_version=F("lock_version") + 1)
        page.get_by_role("button", name="Save", exact=True).click()
        page.locator("#stale-alert").wait_for()
        found += [("conflict", v) for v in axe_violations(page)]

        other = context.new_page()
        other.context.clear_cookies()
        log_in(other, live_server, library_editor)
        other.goto(f"{live_server.url}{reverse('programs:patient_new')}")
        other.get_by_text("This account belongs to no clinic").first.wait_for()
        found += [("no-clinic", v) for v in axe_violations(other)]
    finally:
        context.close()
    blocking = [f"{name}: {v['id']} {v['nodes']}" for name, v in found if v["impact"] in BLOCKING]
    assert blocking == []
