"""Django admin as a clinic admin and a library editor open it: every model's list, add
and change page they may open, the library's import and export pages, and the audit log,
checked by axe-core like the therapist's pages: no serious or critical finding (issue 30).
Admin's own gaps are filled by static/js/admin-a11y.js and static/css/admin-a11y.css."""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from library.models import Exercise, Protocol, Sheet
from tests.helpers import BLOCKING, TIMEOUT_MS, axe_violations, log_in

pytestmark = pytest.mark.browser

# admin-a11y.js looks the page over again in the frame after scripts add parts.
TWO_FRAMES = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


def admin_pages():
    """Every registered model's list, add and change page (its first row), the library's
    export and import pages, and a base exercise a clinic admin sees read-only."""
    paths = ["/admin/", reverse("library:export"), reverse("library:import")]
    for model in admin.site._registry:
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        paths += [reverse(f"{name}_changelist"), reverse(f"{name}_add")]
        first = model.objects.order_by("pk").first()
        if first is not None:
            paths.append(reverse(f"{name}_change", args=[first.pk]))
    base = Exercise.objects.filter(clinic__isnull=True).order_by("pk").first()
    paths.append(reverse("admin:library_exercise_change", args=[base.pk]))
    return paths


@pytest.mark.parametrize("who", ["clinic_admin", "library_editor"])
def test_no_serious_or_critical_axe_finding_in_admin(browser, live_server, library, request, who):
    user = request.getfixturevalue(who)
    user = getattr(user, "user", user)
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    found, opened = [], 0
    try:
        log_in(page, live_server, user)
        for path in admin_pages():
            response = page.goto(live_server.url + path)
            if response.status == 403:  # not this role's page
                continue
            assert response.status == 200, path
            opened += 1
            page.evaluate(TWO_FRAMES)
            for violation in axe_violations(page):
                if violation["impact"] in BLOCKING:
                    found.append(
                        f"{path}: {violation['id']} ({violation['impact']}): "
                        f"{violation['help']} — {violation['nodes']}"
                    )
    finally:
        context.close()
    assert opened >= 15, opened
    assert found == [], "\n".join(found)
    assert errors == []


# The change pages with language tabs: the model and the field whose tabs are tried.
TABBED = {"exercise": (Exercise, "name"), "protocol": (Protocol, "name"), "sheet": (Sheet, "title")}
FOCUS_SHOWN = """() => {
  const style = getComputedStyle(document.activeElement);
  return style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
}"""


@pytest.mark.parametrize("model", TABBED)
def test_the_language_tabs_switch_by_mouse_and_keyboard(
    page, live_server, library, library_editor, model
):
    """modeltranslation's language tabs are a plain ARIA tablist (no link inside a tab,
    axe's nested-interactive) that a click, the arrow keys, Enter and Space all switch."""
    call_command("loaddata", "education_sheets", verbosity=0)
    model_class, field = TABBED[model]
    row = model_class.objects.order_by("pk").first()  # a base row: the editor may change it
    log_in(page, live_server, library_editor)
    page.goto(live_server.url + reverse(f"admin:library_{model}_change", args=[row.pk]))
    page.evaluate(TWO_FRAMES)
    found = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
    assert found == []
    assert page.locator("[role=tab] a[href], [role=tab] [tabindex]").count() == 0

    english, spanish = page.locator(f"#id_{field}_en"), page.locator(f"#id_{field}_es")
    english_tab = page.locator(f"[role=tab][aria-controls='tab_id_{field}_en']")
    spanish_tab = page.locator(f"[role=tab][aria-controls='tab_id_{field}_es']")
    assert english.is_visible() and spanish.is_hidden()
    assert english_tab.get_attribute("tabindex") == "0"  # the one stop Tab makes in the list

    # By mouse; the menu of all languages follows the tab.
    spanish_tab.click()
    spanish.wait_for(state="visible")
    assert english.is_hidden()
    assert spanish_tab.get_attribute("aria-selected") == "true"
    assert page.locator("#modeltranslation-main-switch").input_value() == "1"
    english_tab.click()
    english.wait_for(state="visible")
    assert spanish.is_hidden()

    # By keyboard: Right moves to Spanish and shows it, Left and Enter go back, Space too.
    english_tab.focus()
    page.keyboard.press("ArrowRight")
    spanish.wait_for(state="visible")
    assert page.evaluate("document.activeElement.getAttribute('aria-controls')") == (
        f"tab_id_{field}_es"
    )
    assert page.evaluate(FOCUS_SHOWN)
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Enter")
    english.wait_for(state="visible")
    assert spanish.is_hidden()
    spanish_tab.focus()
    page.keyboard.press("Space")
    spanish.wait_for(state="visible")
    assert english.is_hidden()
    assert page.js_errors == []
