import pytest
from django.urls import reverse

from tests.factories import (
    BodyRegionFactory,
    ClinicFactory,
    ConditionCautionFactory,
    ExerciseFactory,
    MovementTagFactory,
    ProtocolFactory,
    ProtocolItemFactory,
)

pytestmark = pytest.mark.django_db

LIST = reverse("library:list")


def names(response):
    return [exercise.name for exercise in response.context["page"].object_list]


@pytest.mark.parametrize("url", [LIST, reverse("library:detail", args=["bridge"])])
def test_it_requires_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_list_shows_active_exercises_only(therapist_client):
    ExerciseFactory(name="Bridge")
    ExerciseFactory(name="Retired", archived=True)
    response = therapist_client.get(LIST)
    assert names(response) == ["Bridge"]
    assert b"1 exercise" in response.content


def test_search_and_filters(therapist_client):
    legs = BodyRegionFactory(slug="legs", name="Legs")
    lunge = ExerciseFactory(name="Hip flexor stretch", position="standing", kind="stretch")
    lunge.regions.add(legs)
    ExerciseFactory(name="Bridge", step__text="Lift your hips off the mat.")
    ExerciseFactory(name="Wall push-ups", position="standing")

    assert names(therapist_client.get(LIST, {"q": "hips off"})) == ["Bridge"]
    assert names(therapist_client.get(LIST, {"position": "standing"})) == [
        "Hip flexor stretch",
        "Wall push-ups",
    ]
    assert names(therapist_client.get(LIST, {"position": "standing", "kind": "stretch"})) == [
        "Hip flexor stretch"
    ]
    assert names(therapist_client.get(LIST, {"region": "legs"})) == ["Hip flexor stretch"]


def test_bad_filter_values_are_reported_not_crashed(therapist_client):
    ExerciseFactory(name="Bridge", position="back")
    response = therapist_client.get(LIST, {"position": "upside-down", "region": "nowhere"})
    assert response.status_code == 200
    assert "position" in response.context["form"].errors
    assert names(response) == ["Bridge"]
    response = therapist_client.get(LIST, {"q": "x" * 500, "page": "banana"})
    assert response.status_code == 200


def test_htmx_search_returns_only_the_results(therapist_client):
    ExerciseFactory(name="Bridge")
    response = therapist_client.get(LIST, {"q": "bri"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert b"Bridge" in response.content


def test_pagination_keeps_the_filters(therapist_client):
    ExerciseFactory.create_batch(30, position="sitting")
    response = therapist_client.get(LIST, {"position": "sitting", "page": 2})
    assert len(names(response)) == 6
    assert b"position=sitting&amp;page=1" in response.content


@pytest.fixture
def two_search_pages(monkeypatch):
    """A search offers 2 pages (48 exercises) instead of SEARCH_PAGES, so that a test
    passes the cap with 50 exercises rather than 500."""
    monkeypatch.setattr("library.views.SEARCH_PAGES", 2)


def test_a_search_stops_at_its_pages_and_says_there_are_more(
    therapist_client, two_search_pages, django_assert_num_queries
):
    for number in range(50):
        ExerciseFactory(name=f"Knee bend {number:02d}")
    ExerciseFactory(name="Bridge", step__text="Bend the knee.")  # the name's matches first
    # the same queries as any search: session, user, the user's clinic, the filter's
    # choices (3), the ids of the first 2 pages and one more, the page's rows, their regions
    with django_assert_num_queries(9):
        response = therapist_client.get(LIST, {"q": "knee"})
    page = response.context["page"]
    assert (page.paginator.more, page.paginator.count, page.paginator.num_pages) == (True, 48, 2)
    assert names(response) == [f"Knee bend {number:02d}" for number in range(24)]
    assert b"More than 48 exercises match; the first 48 are shown." in response.content
    assert b"Page 1 of 2" in response.content
    second = names(therapist_client.get(LIST, {"q": "knee", "page": 2}))
    assert second == [f"Knee bend {number:02d}" for number in range(24, 48)]
    # a page past the last offered is the last, as for any list
    assert names(therapist_client.get(LIST, {"q": "knee", "page": 3})) == second


def test_a_search_whose_names_do_not_fill_its_pages_goes_on_with_the_other_matches(
    therapist_client, two_search_pages
):
    # On PostgreSQL the second part of the name-first order (ExerciseQuerySet.first_ids)
    for number in range(3):
        ExerciseFactory(name=f"Knee roll {number}")
    for number in range(50):
        ExerciseFactory(name=f"Bridge {number:02d}", step__text="Bend the knee.")
    response = therapist_client.get(LIST, {"q": "knee"})
    page = response.context["page"]
    assert (page.paginator.more, page.paginator.count) == (True, 48)
    others = [f"Bridge {number:02d}" for number in range(45)]
    assert names(response) == ["Knee roll 0", "Knee roll 1", "Knee roll 2", *others[:21]]
    assert names(therapist_client.get(LIST, {"q": "knee", "page": 2})) == others[21:]


def test_a_search_that_fills_its_pages_exactly_is_counted(therapist_client, two_search_pages):
    for number in range(48):
        ExerciseFactory(name=f"Knee bend {number:02d}")
    response = therapist_client.get(LIST, {"q": "knee", "page": 2})
    page = response.context["page"]
    assert (page.paginator.more, page.paginator.count) == (False, 48)
    assert names(response)[-1] == "Knee bend 47"
    assert b"48 exercises" in response.content
    assert b"More than" not in response.content


def test_detail_shows_dose_steps_and_condition_cautions(therapist_client):
    from library.models import Condition, ConditionCaution
    from tests.factories import MovementTagFactory

    flexion = MovementTagFactory(slug="spinal-flexion", name="Spinal flexion")
    exercise = ExerciseFactory(name="Knees to chest", step__text="Hug your knees.")
    exercise.movement_tags.add(flexion)
    ConditionCaution.objects.create(
        condition=Condition.objects.create(name="Osteoporosis", slug="osteoporosis"),
        movement_tag=flexion,
        message="Avoid loaded flexion.",
        source="Mayo Clinic",
    )
    response = therapist_client.get(reverse("library:detail", args=[exercise.slug]))
    content = response.content.decode()
    assert "Hug your knees." in content
    assert "Hold 2 to 3 seconds, then relax. Repeat 10 times." in content
    assert "Avoid loaded flexion." in content and "Mayo Clinic" in content


def test_detail_404_for_unknown_slug(therapist_client):
    assert therapist_client.get(reverse("library:detail", args=["nope"])).status_code == 404


@pytest.mark.parametrize(("count", "queries"), [(1, 8), (24, 8), (25, 9), (60, 9)])
def test_list_query_count_does_not_grow(
    therapist_client, django_assert_num_queries, count, queries
):
    region = BodyRegionFactory()
    for exercise in ExerciseFactory.create_batch(count):
        exercise.regions.add(region)
    # session, user, the user's clinic, the filter form's choices (regions with their
    # counts, protocols, conditions), page of exercises, their regions (a therapist is not
    # staff: the permissions behind the "Add" button are not read); and
    # the count only when there is more than one page (one page's rows are counted as
    # they are read)
    with django_assert_num_queries(queries):
        therapist_client.get(LIST)


@pytest.mark.parametrize("steps", [1, 12])
def test_detail_query_count_does_not_grow(therapist_client, django_assert_num_queries, steps):
    exercise = ExerciseFactory()
    for _ in range(steps - 1):
        exercise.steps.create(text="Another step.")
    url = reverse("library:detail", args=[exercise.slug])
    # session, user, the user's clinic, exercise, then one each for steps, tips, benefits,
    # variants, regions, movement tags, support options; the condition cautions for its
    # movements (a therapist is not staff: the permissions behind "Edit" are not read)
    with django_assert_num_queries(12):
        therapist_client.get(url)


def test_the_region_filter_counts_base_exercises(therapist_client, therapist):
    knees = BodyRegionFactory(slug="knees", name="Knees")
    for exercise in ExerciseFactory.create_batch(3):
        exercise.regions.add(knees)
    ExerciseFactory(archived=True).regions.add(knees)
    ExerciseFactory(clinic=therapist.clinic).regions.add(knees)
    content = therapist_client.get(LIST).content.decode()
    assert ">Knees (3)</option>" in content


def test_a_protocols_exercises_in_one_click(therapist_client):
    in_it, _other = ExerciseFactory(name="Heel slide"), ExerciseFactory(name="Bridge")
    protocol = ProtocolFactory(slug="knee-oa")
    ProtocolItemFactory(protocol=protocol, exercise=in_it)
    assert names(therapist_client.get(LIST, {"protocol": "knee-oa"})) == ["Heel slide"]
    # Another clinic's protocol is not a choice: the filter reports it and is not applied.
    ProtocolFactory(slug="theirs", clinic=ClinicFactory())
    response = therapist_client.get(LIST, {"protocol": "theirs"})
    assert response.status_code == 200
    assert response.context["form"].errors["protocol"]


def test_the_condition_filter_leaves_out_cautioned_exercises(therapist_client):
    flexion = MovementTagFactory(slug="hip-flexion-past-90")
    cautioned = ExerciseFactory(name="Knees to chest")
    cautioned.movement_tags.add(flexion)
    ExerciseFactory(name="Heel slide")
    rule = ConditionCautionFactory(movement_tag=flexion)
    response = therapist_client.get(LIST, {"condition": rule.condition.slug})
    assert names(response) == ["Heel slide"]


def test_the_detail_names_the_source_for_the_therapist(therapist_client):
    exercise = ExerciseFactory(
        source_title="AAOS OrthoInfo: Knee Conditioning Program",
        source_url="https://orthoinfo.aaos.org/en/recovery/knee-conditioning-program/",
    )
    content = therapist_client.get(reverse("library:detail", args=[exercise.slug])).content
    assert (
        b'<a href="https://orthoinfo.aaos.org/en/recovery/knee-conditioning-program/" '
        b'rel="noopener noreferrer">AAOS OrthoInfo: Knee Conditioning Program</a>'
    ) in content
