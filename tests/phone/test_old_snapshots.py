"""The phone page reads a handout's snapshot through handouts.snapshot, whatever its version."""

from tests.helpers import TOKEN, issue_with_link, older_snapshot


def test_the_phone_page_reads_an_older_snapshot(client, program, therapist):
    """A version 4 handout has no exercise ids: the page shows its exercises, untickable,
    and greets the patient from the snapshot."""
    link = issue_with_link(program, therapist.user)
    handout = link.handout
    handout.snapshot = older_snapshot(handout.snapshot, 4)
    handout.save()
    response = client.get(f"/h/{TOKEN}")
    assert response.status_code == 200
    page = response.content.decode()
    for name in ("Bridge", "Chin tuck", "Heel raise"):
        assert name in page
    assert 'name="exercise"' not in page
    assert "Hello Margaret" in page


def test_a_tick_names_only_an_exercise_of_the_snapshot(client, program, therapist, exercises):
    """The tick form's exercises come from the typed snapshot's prescribed exercises."""
    link = issue_with_link(program, therapist.user)
    page = client.get(f"/h/{TOKEN}").content.decode()
    assert f'value="{exercises[0].pk}"' in page
    check = page.split('name="check" value="')[1].split('"')[0]
    day = page.split('name="day" value="')[1].split('"')[0]
    post = {"check": check, "day": day, "done": "1"}
    assert client.post(f"/h/{TOKEN}/tick", {**post, "exercise": exercises[0].pk}).status_code == 302
    assert client.post(f"/h/{TOKEN}/tick", {**post, "exercise": 999999}).status_code == 400
    assert link.handout.program.ticks.count() == 1
