"""The patient list: found by name, chart number or condition; conditions as chips; sorted
by family name; each patient's current program and last visit at a glance."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import Action, AuditEvent
from clinics.models import Patient
from handouts.models import IssuedHandout
from library.models import Condition
from programs.models import Program
from programs.services import revise_program
from tests.factories import PatientFactory, ProgramFactory, ProgramItemFactory

pytestmark = pytest.mark.django_db

LIST = reverse("programs:patients")


@pytest.fixture
def osteoporosis(db):
    return Condition.objects.create(name="Osteoporosis", slug="osteoporosis")


def names(client, **params):
    return [patient.name for patient in client.get(LIST, params).context["page"]]


def test_it_finds_patients_by_name_chart_number_or_condition(
    therapist_client, therapist, osteoporosis
):
    rosa = PatientFactory(clinic=therapist.clinic, name="Rosa Delgado", chart_number="A-17")
    rosa.conditions.add(osteoporosis)
    PatientFactory(clinic=therapist.clinic, name="Tom Ito", chart_number="B-2")
    assert names(therapist_client, q="OSTEO") == ["Rosa Delgado"]
    assert names(therapist_client, q="a-17") == ["Rosa Delgado"]
    assert names(therapist_client, q="ito") == ["Tom Ito"]
    assert names(therapist_client, q="arthritis") == []


def test_a_patient_with_several_matching_conditions_is_listed_once(therapist_client, therapist):
    patient = PatientFactory(clinic=therapist.clinic, name="Rosa Delgado")
    for name in ["Low back pain", "Neck pain"]:
        patient.conditions.add(Condition.objects.create(name=name, slug=name.lower()[:8]))
    assert names(therapist_client, q="pain") == ["Rosa Delgado"]


def test_a_condition_search_stays_in_the_clinic(
    therapist_client, therapist, other_clinic_therapist, osteoporosis
):
    theirs = PatientFactory(clinic=other_clinic_therapist.clinic, name="Not Yours")
    theirs.conditions.add(osteoporosis)
    assert names(therapist_client, q="osteoporosis") == []


def test_it_sorts_by_family_name_or_first_name(therapist_client, therapist):
    for name in ["Margaret Okafor", "Daniel Reyes", "Ann Baker", "Ito, Tom", "Cher"]:
        PatientFactory(clinic=therapist.clinic, name=name)
    by_family = ["Ann Baker", "Cher", "Ito, Tom", "Margaret Okafor", "Daniel Reyes"]
    assert names(therapist_client) == by_family
    assert names(therapist_client, sort="family") == by_family
    assert names(therapist_client, sort="first") == [
        "Ann Baker",
        "Cher",
        "Daniel Reyes",
        "Ito, Tom",
        "Margaret Okafor",
    ]
    assert names(therapist_client, sort="nonsense") == by_family


def test_the_sort_key_follows_a_renamed_patient(therapist, db):
    patient = PatientFactory(clinic=therapist.clinic, name="Ann Baker")
    patient.name = "Ann Zimmer"
    patient.save()
    assert Patient.objects.values_list("sort_name", flat=True).get() == "zimmer ann zimmer"


def test_each_row_shows_chips_the_current_program_and_the_last_visit(
    therapist_client, therapist, osteoporosis
):
    patient = PatientFactory(clinic=therapist.clinic, name="Rosa Delgado")
    patient.conditions.add(osteoporosis)
    first = ProgramFactory(patient=patient, therapist=therapist, title="Bone health")
    ProgramItemFactory(program=first)
    second, _ = revise_program(program=first, therapist=therapist)
    ProgramItemFactory(program=second, order=2)
    visit = timezone.now() - datetime.timedelta(days=2)
    Program.objects.filter(patient=patient).update(updated_at=visit - datetime.timedelta(days=9))
    IssuedHandout.objects.create(
        program=first, mode="filled", snapshot={}, sha256="0" * 64, issued_by=therapist.user
    )
    IssuedHandout.objects.filter(program=first).update(issued_at=visit)
    for _ in range(2):  # printed twice, earlier: its 2 items are still counted once each
        IssuedHandout.objects.create(
            program=second, mode="filled", snapshot={}, sha256="1" * 64, issued_by=therapist.user
        )
    earlier = visit - datetime.timedelta(days=1)
    IssuedHandout.objects.filter(program=second).update(issued_at=earlier)
    PatientFactory(clinic=therapist.clinic, name="Tom Ito")

    response = therapist_client.get(LIST)
    content = response.content.decode()
    assert 'condition-chip">Osteoporosis</span>' in content
    assert f'href="{reverse("programs:detail", args=[second.pk])}">Bone health</a>' in content
    assert "revision 2 · 2 exercises" in content
    local = timezone.localtime(visit)
    assert f'data-label="Last visit">{local:%b} {local.day}, {local.year}</td>' in content
    assert "None yet" in content  # Tom Ito


@pytest.mark.parametrize("patients", [3, 25])
def test_the_list_costs_the_same_queries_however_many_patients_and_programs(
    therapist_client, therapist, osteoporosis, django_assert_num_queries, patients
):
    for number in range(patients):
        patient = PatientFactory(clinic=therapist.clinic, name=f"Patient {number:02d}")
        patient.conditions.add(osteoporosis)
        for _ in range(number % 3):
            ProgramItemFactory(program=ProgramFactory(patient=patient, therapist=therapist))
    # session, user, the page (one row more than a page, so no count), the page's
    # conditions, the page's programs (last saves and prints, current ones with their item
    # counts), the audit row; the user's clinic is the page's patients'
    with django_assert_num_queries(6):
        response = therapist_client.get(LIST)
    assert len(response.context["page"].object_list) == patients


@pytest.mark.parametrize("patients", [3, 40])
def test_a_search_costs_the_same_queries_however_many_match(
    therapist_client, therapist, osteoporosis, django_assert_num_queries, patients
):
    for number in range(patients):
        patient = PatientFactory(clinic=therapist.clinic, name=f"Patient {number:02d}")
        patient.conditions.add(osteoporosis)
        ProgramItemFactory(program=ProgramFactory(patient=patient, therapist=therapist))
    # session, user, the conditions the words name, the ids of every match in order (their
    # number is the count), the page's rows, their conditions, the page's programs, the
    # audit row (the user's clinic is the page's patients')
    with django_assert_num_queries(8):
        response = therapist_client.get(LIST, {"q": "patient"})
    page = response.context["page"]
    assert (page.paginator.count, len(page.object_list)) == (patients, min(patients, 25))
    with django_assert_num_queries(8):
        response = therapist_client.get(LIST, {"q": "osteo", "page": 2})
    # page 2 of 40 holds 15; of 3, there is no page 2 and the last page (1) is shown
    assert len(response.context["page"].object_list) == (15 if patients == 40 else 3)


def test_search_pages_follow_the_order(therapist_client, therapist):
    for number in range(30):
        PatientFactory(clinic=therapist.clinic, name=f"Ann Name{number:02d}")
    first = names(therapist_client, q="ann")
    second = names(therapist_client, q="ann", page=2)
    assert first + second == [f"Ann Name{number:02d}" for number in range(30)]
    assert names(therapist_client, q="ann", page=99) == second  # the last page


@pytest.fixture
def two_search_pages(monkeypatch):
    """A search offers 2 pages (50 patients) instead of SEARCH_PAGES, so that a test
    passes the cap with 52 patients rather than 502."""
    monkeypatch.setattr("programs.views.SEARCH_PAGES", 2)


def test_a_search_stops_at_its_pages_and_says_there_are_more(
    therapist_client, therapist, two_search_pages, django_assert_num_queries
):
    for number in range(52):
        PatientFactory(clinic=therapist.clinic, name=f"Ann Name{number:02d}")
    # the same queries as any search (above)
    with django_assert_num_queries(8):
        response = therapist_client.get(LIST, {"q": "ann"})
    page = response.context["page"]
    assert (page.paginator.more, page.paginator.count, page.paginator.num_pages) == (True, 50, 2)
    assert b"More than 50 patients match; the first 50 are shown." in response.content
    assert b"Page 1 of 2" in response.content
    first = [patient.name for patient in page]
    second = names(therapist_client, q="ann", page=2)
    assert first + second == [f"Ann Name{number:02d}" for number in range(50)]
    assert names(therapist_client, q="ann", page=3) == second  # the last page offered
    by_first_name = names(therapist_client, q="ann", sort="first", page=2)
    assert by_first_name == second


def test_a_search_that_fills_its_pages_exactly_is_counted(
    therapist_client, therapist, two_search_pages
):
    for number in range(50):
        PatientFactory(clinic=therapist.clinic, name=f"Ann Name{number:02d}")
    response = therapist_client.get(LIST, {"q": "ann", "page": 2})
    page = response.context["page"]
    assert (page.paginator.more, page.paginator.count, len(page.object_list)) == (False, 50, 25)
    assert b"More than" not in response.content


def test_an_unsearched_list_counts_every_patient(therapist_client, therapist, two_search_pages):
    for number in range(52):
        PatientFactory(clinic=therapist.clinic, name=f"Ann Name{number:02d}")
    response = therapist_client.get(LIST, {"page": 3})
    assert [patient.name for patient in response.context["page"]] == ["Ann Name50", "Ann Name51"]
    assert b"More than" not in response.content


def test_the_audit_row_names_who_was_shown_never_the_words(therapist_client, therapist):
    patient = PatientFactory(clinic=therapist.clinic, name="Rosa Delgado")
    therapist_client.get(LIST, {"q": "delg", "sort": "first"})
    row = AuditEvent.objects.get(action=Action.PATIENTS_LISTED)
    assert row.detail == f"search, page 1: patients {patient.pk}"


def test_the_audit_row_names_the_clinic_also_when_nothing_is_shown(
    therapist_client, therapist, other_clinic_therapist, django_assert_num_queries
):
    # A page with rows names the clinic by its patients; an empty page asks for it.
    PatientFactory(clinic=therapist.clinic, name="Rosa Delgado")
    PatientFactory(clinic=other_clinic_therapist.clinic, name="Not Yours")
    therapist_client.get(LIST, {"q": "delg"})
    # session, user, the conditions the words name, the (no) matches, the user's clinic,
    # the audit row
    with django_assert_num_queries(6):
        therapist_client.get(LIST, {"q": "yours"})
    shown, empty = AuditEvent.objects.filter(action=Action.PATIENTS_LISTED).order_by("pk")
    assert shown.clinic_id == empty.clinic_id == therapist.clinic_id
    assert empty.detail == "search, page 1: patients "
