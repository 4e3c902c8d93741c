"""The editor's caution with its error shown (the reason a cautioned exercise needs, in
red on the caution's yellow) is read by axe's color-contrast at 1366 and 390 px: at least
4.5:1 (WCAG 1.4.3 AA), as issue 30 asked to be checked."""

import pytest
from django.urls import reverse

from library.models import Condition, Exercise
from tests.factories import PatientFactory, ProgramFactory, ProgramItemFactory
from tests.helpers import AXE, SCREENSHOTS, TIMEOUT_MS, log_in

pytestmark = pytest.mark.browser

WIDTHS = {"laptop": (1366, 900), "phone": (390, 844)}
# axe's color-contrast over the caution alone: each text's ratio, and what failed.
CONTRAST = """async () => {
  const result = await axe.run("details[data-caution]", {runOnly: ["color-contrast"]});
  const ratios = (outcome) => outcome.flatMap((rule) => rule.nodes.map((node) => ({
    target: node.target.join(" "),
    ratio: node.any.map((check) => check.data && check.data.contrastRatio).find(Boolean),
  })));
  return {passes: ratios(result.passes), violations: ratios(result.violations)};
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_the_caution_error_reads_at_4_5_to_1(browser, live_server, library, therapist, width):
    patient = PatientFactory(clinic=therapist.clinic, name="Rosa Delgado")
    patient.conditions.add(Condition.objects.get(slug="osteoporosis"))
    program = ProgramFactory(patient=patient, therapist=therapist, title="Bone health")
    knees = Exercise.objects.get(slug="knees-to-chest")
    ProgramItemFactory(program=program, exercise=knees, order=1)  # no reason given yet
    w, h = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": h})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        log_in(page, live_server, therapist.user)
        page.goto(live_server.url + reverse("programs:edit", args=[program.pk]))
        page.get_by_role("button", name="Save", exact=True).click()
        error = page.locator("details[data-caution] .invalid-feedback")
        error.wait_for(state="visible")
        error.scroll_into_view_if_needed()
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"caution-error-{width}.png"))
        page.evaluate(AXE.read_text(encoding="utf-8"))
        found = page.evaluate(CONTRAST)
    finally:
        context.close()
    assert found["violations"] == []
    # (axe leaves some texts "incomplete", to a person to judge: the reason's field, drawn
    # over Bootstrap's error icon, and at 390 px texts the sticky bar partly covers.)
    # The error itself was measured, not left out (hidden text is not checked).
    measured = [node for node in found["passes"] if "invalid-feedback" in node["target"]]
    assert measured and all(node["ratio"] >= 4.5 for node in measured), found["passes"]
