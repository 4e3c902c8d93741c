import pytest
from django.urls import reverse

from clinics.models import Patient
from handouts.models import IssuedHandout
from library.models import Condition
from tests.factories import PatientFactory, ProgramFactory

pytestmark = pytest.mark.django_db

LIST = reverse("programs:patients")
NEW = reverse("programs:patient_new")


def test_it_requires_login(client, patient):
    for url in [LIST, NEW, reverse("programs:patient", args=[patient.pk])]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_it_hides_other_clinics(therapist_client, other_clinic_therapist):
    stranger = PatientFactory(clinic=other_clinic_therapist.clinic, name="Not Yours")
    for name in ["programs:patient", "programs:patient_edit", "programs:new"]:
        assert therapist_client.get(reverse(name, args=[stranger.pk])).status_code == 404
    assert b"Not Yours" not in therapist_client.get(LIST).content


def test_list_searches_name_and_chart_number(therapist_client, therapist):
    PatientFactory(clinic=therapist.clinic, name="Margaret Okafor", chart_number="A-17")
    PatientFactory(clinic=therapist.clinic, name="Daniel Reyes", chart_number="B-2")

    def names(q):
        return [p.name for p in therapist_client.get(LIST, {"q": q}).context["page"]]

    assert names("okaf") == ["Margaret Okafor"]
    assert names("b-2") == ["Daniel Reyes"]
    assert names("") == ["Margaret Okafor", "Daniel Reyes"]  # by family name


def test_list_paginates(therapist_client, therapist):
    PatientFactory.create_batch(30, clinic=therapist.clinic)
    response = therapist_client.get(LIST, {"page": 2})
    assert len(response.context["page"].object_list) == 5


def test_create_patient_in_own_clinic_ignoring_posted_clinic(
    therapist_client, therapist, other_clinic_therapist
):
    osteoporosis = Condition.objects.create(name="Osteoporosis", slug="osteoporosis")
    response = therapist_client.post(
        NEW,
        {
            "name": "  Zoë   Lindqvist ",
            "birth_date": "1950-02-03",
            "conditions": [osteoporosis.pk],
            "clinic": other_clinic_therapist.clinic.pk,
        },
    )
    patient = Patient.objects.get()
    assert response.status_code == 302
    assert patient.name == "Zoë Lindqvist"
    assert patient.clinic == therapist.clinic
    assert list(patient.conditions.all()) == [osteoporosis]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 121}, "name"),
        ({"name": "Ann", "birth_date": "2999-01-01"}, "birth_date"),
        ({"name": "Ann", "birth_date": "1800-01-01"}, "birth_date"),
        ({"name": "Ann", "birth_date": "not a date"}, "birth_date"),
        ({"name": "Ann", "chart_number": "A-1"}, "chart_number"),
    ],
)
def test_bad_patient_input_is_shown_next_to_the_field(therapist_client, patient, data, field):
    response = therapist_client.post(NEW, data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Patient.objects.count() == 1


def test_edit_patient(therapist_client, patient):
    url = reverse("programs:patient_edit", args=[patient.pk])
    response = therapist_client.post(url, {"name": "Margaret O.", "chart_number": "A-1"})
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.name == "Margaret O."


@pytest.mark.parametrize("programs", [1, 20])
def test_patient_page_lists_programs_with_fixed_queries(
    therapist_client, patient, django_assert_num_queries, programs
):
    made = ProgramFactory.create_batch(programs, patient=patient, therapist__clinic=patient.clinic)
    for program in made:
        IssuedHandout.objects.create(
            program=program,
            mode="filled",
            snapshot={"title": f"Printed for program {program.pk}"},
            sha256="0" * 64,
            issued_by=program.therapist.user,
        )
    # session, user, patient, its conditions, the audit row (patient viewed), programs (with
    # therapist, user, next revision and item counts), their issued handouts (with who issued
    # them, their phone links and their titles, not their whole snapshots), the current
    # program's first phone link (none: nothing more read), the outcome answer sets with their
    # measures, the current program's discharge
    with django_assert_num_queries(10):
        response = therapist_client.get(reverse("programs:patient", args=[patient.pk]))
    assert (
        response.content.count(b"current</span>") + response.content.count(b"earlier</span>")
        == programs
    )
    assert response.content.count(b"/pdf/") == programs
    handouts = response.content.split(b"Handouts given")[1]
    for program in made:  # each handout's own title, read from its snapshot
        assert f"<strong>Printed for program {program.pk}</strong>".encode() in handouts
