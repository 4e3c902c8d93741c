"""Django admin as a clinic admin and a library editor open it: every model's list, add
and change page they may open, the library's import and export pages, and the audit log,
checked by axe-core like the therapist's pages: no serious or critical finding (issue 30).
Admin's own gaps are filled by static/js/admin-a11y.js and static/css/admin-a11y.css."""

import pytest
from django.contrib import admin
from django.urls import reverse

from library.models import Exercise
from tests.helpers import BLOCKING, TIMEOUT_MS, axe_violations, log_in

pytestmark = pytest.mark.browser

# Not yet fixed, so left out here and named in docs/accessibility.md: modeltranslation's
# language tabs are jQuery UI tabs, a link inside each tab (nested-interactive). Taking
# the links' href away satisfies axe but stops the tabs switching
# (test_the_language_tabs_switch below).
KNOWN = {"nested-interactive"}
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
                if violation["impact"] in BLOCKING and violation["id"] not in KNOWN:
                    found.append(
                        f"{path}: {violation['id']} ({violation['impact']}): "
                        f"{violation['help']} — {violation['nodes']}"
                    )
    finally:
        context.close()
    assert opened >= 15, opened
    assert found == [], "\n".join(found)
    assert errors == []


def test_the_language_tabs_switch(page, live_server, library, library_editor):
    """admin-a11y.js runs on every admin page; the language tabs still work."""
    log_in(page, live_server, library_editor)
    page.goto(live_server.url + reverse("admin:library_protocol_add"))
    page.evaluate(TWO_FRAMES)
    spanish = page.locator("#id_name_es")
    assert spanish.is_hidden()
    page.locator("li[aria-controls='tab_id_name_es'] > a").click()
    spanish.wait_for(state="visible")
    assert page.js_errors == []
