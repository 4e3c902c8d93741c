"""The editor's keys (issue 30, point 4): Enter in the search adds the first result of the
words typed even when their search is still in flight or its results just appeared; after
an add the search stays in view and focused; a new search does not cancel an add on its
way; Enter in a dose field does not save."""

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from programs.models import Program
from tests.factories import ProgramFactory
from tests.helpers import TIMEOUT_MS, log_in, search_settled

pytestmark = pytest.mark.browser

WORDS = ["bridge", "heel", "wall", "sit to stand", "band", "curls", "single leg", "walking"]


@pytest.fixture
def program(library, therapist, patient):
    return ProgramFactory(patient=patient, therapist=therapist)


def open_editor(page, live_server, therapist, program):
    log_in(page, live_server, therapist.user)
    page.goto(f"{live_server.url}/programs/{program.pk}/edit/")


def rows(page):
    return page.locator("#items .item-row")


def first_result(page):
    return page.locator("#search-results .search-result").first.get_attribute("data-exercise")


IN_VIEW = """() => {
  const search = document.getElementById("search-q");
  const box = search.getBoundingClientRect();
  const bar = document.querySelector(".editor-bar").getBoundingClientRect();
  return document.activeElement === search && box.top >= bar.bottom
    && box.bottom <= window.innerHeight;
}"""


def search_in_view(page):
    """The search box is focused, inside the window and not under the sticky bar, once the
    page has finished scrolling to it (a busy machine scrolls later): False after 5 s."""
    try:
        page.wait_for_function(IN_VIEW, timeout=5000)
    except PlaywrightTimeoutError:
        return False
    return True


@pytest.mark.parametrize("width", [1366, 390])
def test_enter_pressed_at_once_adds_the_first_result_and_keeps_the_search(
    browser, live_server, therapist, program, width
):
    context = browser.new_context(viewport={"width": width, "height": 800})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        open_editor(page, live_server, therapist, program)
        search = page.locator("#search-q")
        for count, words in enumerate(WORDS, start=1):
            search.fill(words)
            search.press("Enter")  # at once: no result is there yet
            rows(page).nth(count - 1).wait_for()
            added = rows(page).nth(count - 1).locator("input[name$='-exercise']").input_value()
            assert added == first_result(page), words
            search_settled(page, words)  # its own delayed search (250 ms) may answer again
            assert search_in_view(page), f"search out of view after {count} additions"
        page.screenshot(path=f"test-artifacts/editor-after-8-adds-{width}.png")
        assert errors == []
    finally:
        context.close()


def test_enter_just_as_the_results_appear_adds_the_first_one(page, live_server, therapist, program):
    """Enter between the results' swap and htmx's settle (20 ms), when their Add buttons
    do nothing yet: the add waits for them."""
    open_editor(page, live_server, therapist, program)
    page.evaluate(
        """() => document.body.addEventListener("htmx:afterSwap", (event) => {
          if (event.detail.target.id !== "search-results" || window.pressed) return;
          window.pressed = true;
          document.getElementById("search-q").dispatchEvent(
            new KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true }));
        })"""
    )
    page.locator("#search-q").fill("bridge")
    rows(page).first.wait_for()
    assert page.evaluate("window.pressed")
    assert rows(page).count() == 1
    assert page.js_errors == []


def test_a_new_search_does_not_cancel_an_add_on_its_way(page, live_server, therapist, program):
    """An exercise's "Add" clicked, then more words typed while its row is on its way: the
    new search answers and the row still arrives (the search once cancelled the add, its
    requests and the add's being one queue)."""
    open_editor(page, live_server, therapist, program)
    search = page.locator("#search-q")
    search.fill("bridge")
    search_settled(page, "bridge")
    held = []
    page.route(re.compile(r"/edit/row/"), lambda route: held.append(route))  # held here
    page.get_by_role("button", name="Add Bridge", exact=True).click()
    for _ in range(250):  # Playwright hands the request to the route while it waits
        if held:
            break
        page.wait_for_timeout(20)
    assert len(held) == 1
    search.fill("heel")
    search_settled(page, "heel")
    held[0].continue_()
    page.locator("#items .item-name", has_text="Bridge").wait_for()
    assert rows(page).count() == 1
    assert page.js_errors == []


def test_enter_in_a_dose_field_does_not_save_the_program(page, live_server, therapist, program):
    open_editor(page, live_server, therapist, program)
    search = page.locator("#search-q")
    search.fill("bridge")
    page.get_by_role("button", name="Add Bridge", exact=True).click()
    rows(page).first.wait_for()
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else 0)
    reps = rows(page).first.locator("input[name$='-reps']")
    reps.fill("14")
    reps.press("Enter")
    # A submit would send its POST at once, before this search's request.
    search.fill("heel")
    page.locator("#search-results .search-result", has_text="Heel").first.wait_for()
    assert posts == []
    assert not Program.objects.get(pk=program.pk).items.exists()
    assert reps.input_value() == "14"
    assert page.js_errors == []
