import html

import pytest
from django.urls import reverse

from library.models import Protocol
from programs.models import Program
from tests.factories import ExerciseFactory, ProgramItemFactory, SupportOptionFactory
from tests.helpers import editor_data

pytestmark = pytest.mark.django_db


def edit_url(program):
    return reverse("programs:edit", args=[program.pk])


def program_routes(program):
    return [
        ("get", reverse("programs:detail", args=[program.pk])),
        ("get", edit_url(program)),
        ("post", edit_url(program)),
        ("get", reverse("programs:search", args=[program.pk]) + "?q=a"),
        ("get", reverse("programs:row", args=[program.pk]) + "?exercise=1&index=0"),
        ("post", reverse("programs:revise", args=[program.pk])),
    ]


def test_it_requires_login(client, program):
    for method, url in program_routes(program):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login"))


def test_it_hides_other_clinics(therapist_client, foreign_program):
    for method, url in program_routes(foreign_program):
        assert getattr(therapist_client, method)(url).status_code == 404, url


def test_program_from_protocol_copies_items_with_default_doses(
    therapist_client, patient, seed_fixtures
):
    protocol = Protocol.objects.get(slug="bone-health-trunk-lower-body")
    response = therapist_client.post(
        reverse("programs:new", args=[patient.pk]), {"protocol": protocol.pk}
    )
    program = Program.objects.get()
    assert response.url == edit_url(program)
    assert program.title == protocol.name
    assert program.frequency == protocol.default_frequency
    slugs = [item.exercise.slug for item in program.items.order_by("order")]
    assert slugs == [item.exercise.slug for item in protocol.items.order_by("order")]
    leg_press = program.items.get(exercise__slug="leg-press")
    assert leg_press.dose == "Hold 2 to 3 seconds, then relax. Repeat 10 times with each leg."


def test_blank_program(therapist_client, patient):
    therapist_client.post(reverse("programs:new", args=[patient.pk]), {"protocol": ""})
    program = Program.objects.get()
    assert program.items.count() == 0


def test_search_finds_active_exercises(therapist_client, program):
    ExerciseFactory(name="Knees to chest")
    ExerciseFactory(name="Knee lift (old)", archived=True)
    response = therapist_client.get(reverse("programs:search", args=[program.pk]), {"q": "knee"})
    assert b"Knees to chest" in response.content
    assert b"Knee lift" not in response.content


def test_row_is_prefilled_from_the_exercise_defaults(therapist_client, program):
    exercise = ExerciseFactory(name="Leg press", reps=12, side="leg")
    url = reverse("programs:row", args=[program.pk])
    response = therapist_client.get(url, {"exercise": exercise.pk, "index": 3})
    content = response.content.decode()
    assert 'name="items-3-exercise"' in content
    assert 'name="items-3-reps" id="id_items-3-reps" value="12"' in content
    assert '<option value="leg" selected>' in content


def test_user_written_text_in_rows_is_escaped(therapist_client, program):
    exercise = ExerciseFactory(name='<b>Bold</b> & "quoted"')
    ProgramItemFactory(program=program, exercise=exercise, note="<script>alert(1)</script>")
    saved = therapist_client.get(edit_url(program)).content.decode()
    url = reverse("programs:row", args=[program.pk])
    added = therapist_client.get(url, {"exercise": exercise.pk, "index": 1}).content.decode()
    for content in (saved, added):
        assert "<b>Bold" not in content and "&lt;b&gt;Bold&lt;/b&gt; &amp;" in content
    assert "<script>alert" not in saved and 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in saved


@pytest.mark.parametrize(
    "params", [{"exercise": "x", "index": 0}, {"exercise": 999999, "index": 0}, {}]
)
def test_row_with_bad_input_is_404_not_500(therapist_client, program, params):
    url = reverse("programs:row", args=[program.pk])
    assert therapist_client.get(url, params).status_code == 404


def test_row_past_the_limit_explains_it(therapist_client, program):
    exercise = ExerciseFactory()
    url = reverse("programs:row", args=[program.pk])
    response = therapist_client.get(url, {"exercise": exercise.pk, "index": 40})
    assert b"at most 40 exercises" in response.content


def test_save_adds_edits_reorders_and_removes_in_one_go(therapist_client, program):
    support = SupportOptionFactory(name="Head and neck")
    bridge, squeeze, press = (ExerciseFactory(name=n) for n in ["Bridge", "Squeeze", "Press"])
    bridge.support_options.add(support)
    ProgramItemFactory(program=program, exercise=bridge, order=1)
    ProgramItemFactory(program=program, exercise=squeeze, order=2)
    data = editor_data(
        program,
        [
            {
                "exercise": bridge,
                "reps": 15,
                "hold_min_seconds": 3,
                "hold_max_seconds": 5,
                "ORDER": 2,
                "supports": [support.pk],
                "note": "Go slowly",
            },
            {"exercise": squeeze, "reps": 10, "DELETE": "on", "ORDER": 3},
            {"exercise": press, "reps": 8, "side": "leg", "ORDER": 1},
        ],
        frequency="2 times a day, 5 days a week",
        special_instructions="Rest on bad days.",
        clinic="999",
        therapist="999",
        lock_version=program.lock_version,
    )
    response = therapist_client.post(edit_url(program), data)
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.frequency == "2 times a day, 5 days a week"
    assert program.lock_version == 2
    items = list(program.items.order_by("order"))
    assert [i.exercise.name for i in items] == ["Press", "Bridge"]
    assert items[1].dose == "Hold 3 to 5 seconds, then relax. Repeat 15 times."
    assert items[1].note == "Go slowly"
    assert list(items[1].supports.all()) == [support]


def test_stale_save_is_refused_and_keeps_the_edits(therapist_client, program):
    exercise = ExerciseFactory(name="Bridge")
    first = editor_data(program, [{"exercise": exercise, "reps": 5}], title="Mine")
    second = editor_data(program, [{"exercise": exercise, "reps": 9}], title="Theirs")
    assert therapist_client.post(edit_url(program), first).status_code == 302
    response = therapist_client.post(edit_url(program), second)
    assert response.status_code == 409
    content = response.content.decode()
    assert "this program was saved elsewhere" in content
    assert 'value="Theirs"' in content and 'value="9"' in content
    program.refresh_from_db()
    assert program.title == "Mine"
    assert program.items.get().reps == 5
    # The page offers to keep this version over the one saved since (version 2).
    assert 'name="keep_mine" value="2"' in content


def test_keep_mine_replaces_the_version_the_conflict_showed_and_no_newer_one(
    therapist_client, program
):
    exercise = ExerciseFactory(name="Bridge")
    rows = [{"exercise": exercise, "reps": 5}]
    assert therapist_client.post(edit_url(program), editor_data(program, rows)).status_code == 302
    mine = editor_data(program, [{"exercise": exercise, "reps": 9}], title="Mine")  # version 1
    assert therapist_client.post(edit_url(program), mine).status_code == 409

    # Someone saves once more after the conflict page was shown: "Keep mine" for version
    # 2 is a new conflict, not an overwrite of version 3 unseen.
    third = editor_data(program, [{"exercise": exercise, "reps": 7}], lock_version=2)
    assert therapist_client.post(edit_url(program), third).status_code == 302
    response = therapist_client.post(edit_url(program), {**mine, "keep_mine": "2"})
    assert response.status_code == 409
    assert 'name="keep_mine" value="3"' in response.content.decode()
    assert program.items.get().reps == 7

    response = therapist_client.post(edit_url(program), {**mine, "keep_mine": "3"})
    assert response.status_code == 302
    program.refresh_from_db()
    assert (program.title, program.lock_version) == ("Mine", 4)
    assert program.items.get().reps == 9
    # Anything but a version number is no "Keep mine".
    stale = editor_data(program, rows, lock_version=1)
    response = therapist_client.post(edit_url(program), {**stale, "keep_mine": "4 "})
    assert response.status_code == 409


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ({"reps": 0}, "reps"),
        ({"reps": 101}, "reps"),
        ({"reps": "lots"}, "reps"),
        ({"sets": 11}, "sets"),
        ({"hold_min_seconds": 5, "hold_max_seconds": 2}, "hold_max_seconds"),
        ({"hold_max_seconds": 121}, "hold_max_seconds"),
        ({"stay_minutes": 0}, "stay_minutes"),
        ({"note": "x" * 301}, "note"),
        ({"side": "upside"}, "side"),
        ({"variant": 424242}, "variant"),
        ({"supports": [424242]}, "supports"),
    ],
)
def test_bad_dose_is_shown_next_to_the_field_and_nothing_is_lost(
    therapist_client, program, row, field
):
    exercise = ExerciseFactory()
    data = editor_data(program, [{"exercise": exercise, "reps": 10, **row}], title="Kept title")
    response = therapist_client.post(edit_url(program), data)
    assert response.status_code == 400
    form = response.context["formset"].forms[0]
    assert field in form.errors
    content = response.content.decode()
    assert form.errors[field][0] in html.unescape(content)  # printed on the row
    assert 'value="Kept title"' in content
    assert not program.items.exists()


def test_header_bounds(therapist_client, program):
    data = editor_data(program, [], title="", special_instructions="x" * 2001)
    response = therapist_client.post(edit_url(program), data)
    assert response.status_code == 400
    assert {"title", "special_instructions"} <= set(response.context["header"].errors)


def test_at_most_40_items(therapist_client, program):
    exercise = ExerciseFactory()
    rows = [{"exercise": exercise, "reps": 1}] * 41
    response = therapist_client.post(edit_url(program), editor_data(program, rows))
    assert response.status_code == 400
    assert "at most 40" in " ".join(response.context["formset"].non_form_errors())
    assert not program.items.exists()


def test_archived_exercise_cannot_be_added_but_can_stay(therapist_client, program):
    kept = ExerciseFactory(archived=True)
    ProgramItemFactory(program=program, exercise=kept)
    new = ExerciseFactory(archived=True)
    response = therapist_client.post(
        edit_url(program), editor_data(program, [{"exercise": kept}, {"exercise": new}])
    )
    assert response.status_code == 400
    assert "not in the library" in str(response.context["formset"].forms[1].errors)
    response = therapist_client.post(edit_url(program), editor_data(program, [{"exercise": kept}]))
    assert response.status_code == 302


def test_garbage_post_gives_400_not_500(therapist_client, program):
    response = therapist_client.post(edit_url(program), {"items-TOTAL_FORMS": "zz"})
    assert response.status_code == 400


def test_revise_copies_to_a_new_revision_and_keeps_the_old(therapist_client, program):
    support = SupportOptionFactory()
    item = ProgramItemFactory(program=program, reps=7, note="Slowly")
    item.supports.add(support)
    response = therapist_client.post(reverse("programs:revise", args=[program.pk]))
    revision = Program.objects.get(previous=program)
    assert response.url == edit_url(revision)
    assert revision.revision == 2
    copied = revision.items.get()
    assert (copied.exercise, copied.reps, copied.note) == (item.exercise, 7, "Slowly")
    assert list(copied.supports.all()) == [support]
    # The old revision stays readable and is no longer editable.
    assert therapist_client.get(reverse("programs:detail", args=[program.pk])).status_code == 200
    assert therapist_client.get(edit_url(program)).url == reverse(
        "programs:detail", args=[program.pk]
    )
    assert program.items.get().reps == 7


@pytest.mark.parametrize("count", [1, 40])
def test_editor_query_count_does_not_grow(
    therapist_client, program, django_assert_num_queries, count
):
    for _ in range(count):
        ProgramItemFactory(program=program)
    # session, user, program (patient, therapist, user, revisions), the audit row, items
    # with exercise, variant and who gave a caution reason, item supports, the exercises'
    # variants, the exercises' support options, the cautions the rows meet for this patient,
    # the body regions for the search's filter, the program's first phone link (none here,
    # so no ticks are read)
    with django_assert_num_queries(11):
        response = therapist_client.get(edit_url(program))
    assert response.content.count(b'class="card mb-2 item-row') == count


@pytest.mark.parametrize("count", [1, 40])
def test_program_page_query_count_does_not_grow(
    therapist_client, program, django_assert_num_queries, count
):
    for _ in range(count):
        ProgramItemFactory(program=program)
    # session, user, program with its relations, the audit row, items with exercise,
    # variant and who gave a caution reason, supports; for the safety summary the patient's
    # conditions and the cautions the items meet
    with django_assert_num_queries(8):
        therapist_client.get(reverse("programs:detail", args=[program.pk]))
