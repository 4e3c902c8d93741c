"""A session that ends while the editor is open: the next search
keystroke sends the whole page to the login, the rows typed are kept by the server, and
after logging in one click saves them."""

import pytest

from library.models import Exercise
from tests.factories import PASSWORD, ProgramFactory, ProgramItemFactory
from tests.helpers import expire_session, log_in

pytestmark = pytest.mark.browser


def test_rows_typed_before_the_timeout_are_saved_after_logging_in(
    page, context, live_server, library, therapist, patient
):
    program = ProgramFactory(patient=patient, therapist=therapist)
    ProgramItemFactory(program=program, exercise=Exercise.objects.get(slug="bridge"), order=1)
    log_in(page, live_server, therapist.user)
    page.goto(f"{live_server.url}/programs/{program.pk}/edit/")
    page.locator("#items input[name$='-reps']").first.fill("17")

    expire_session(context)
    page.fill("#search-q", "heel")  # the search's request finds the session ended
    page.wait_for_url("**/login/**")
    assert page.locator("#search-results #id_username").count() == 0
    assert "it is kept: log in again to save it" in page.inner_text("main")

    page.fill("#id_username", therapist.user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/unsaved/")
    assert "were not saved yet" in page.inner_text("h1")
    page.get_by_role("button", name="Save them now").click()
    page.wait_for_url(f"**/programs/{program.pk}/edit/")
    assert "Saved at" in page.inner_text("main")
    assert list(program.items.values_list("reps", flat=True)) == [17]
    assert page.js_errors == []
