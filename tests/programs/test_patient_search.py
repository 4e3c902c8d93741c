"""The patient search folds accents and takes its words in any order (issue 31), on both
databases: the folded name is a generated column (clinics.models.Folded). An index drives
it: the names' words on SQLite (clinics.search_index.PATIENT_WORDS), trigrams and the
chart number's own on PostgreSQL; an erased patient is never found, nor kept there."""

import pytest
from django.db import connection, transaction
from django.urls import reverse

from clinics.models import Patient, fold
from clinics.search_index import PATIENT_WORDS
from records.services import erase_patient
from tests.factories import PatientFactory

LIST = reverse("programs:patients")


def names(client, q):
    return [patient.name for patient in client.get(LIST, {"q": q}).context["page"]]


def test_accents_are_folded_both_ways(therapist_client, therapist):
    PatientFactory(clinic=therapist.clinic, name="Zoë Anaïs Østergård")
    PatientFactory(clinic=therapist.clinic, name="Zoe Smith")
    assert names(therapist_client, "zoe") == ["Zoe Smith", "Zoë Anaïs Østergård"]
    assert names(therapist_client, "ZOË") == ["Zoe Smith", "Zoë Anaïs Østergård"]
    assert names(therapist_client, "anais ostergard") == ["Zoë Anaïs Østergård"]


def test_words_match_in_any_order(therapist_client, therapist):
    PatientFactory(clinic=therapist.clinic, name="Margaret Okafor")
    PatientFactory(clinic=therapist.clinic, name="Margaret Reyes")
    assert names(therapist_client, "okafor margaret") == ["Margaret Okafor"]
    assert names(therapist_client, "  marg   oka ") == ["Margaret Okafor"]
    assert names(therapist_client, "okafor smith") == []


@pytest.mark.parametrize(
    "name", ["Zoë", "ÉLODIE ÇA", "Łukasz Dvořák", "Søren Ærø", "Ÿvonne", "Ñuñez", "o'Brien-Smith"]
)
def test_a_name_is_found_as_typed_and_folded(therapist_client, therapist, name):
    PatientFactory(clinic=therapist.clinic, name=name)
    PatientFactory(clinic=therapist.clinic, name="Someone Else")
    assert names(therapist_client, name) == [name]
    assert names(therapist_client, fold(name)) == [name]
    assert names(therapist_client, name.upper()) == [name]


def test_a_letter_for_two_is_found_as_typed(therapist_client, therapist):
    PatientFactory(clinic=therapist.clinic, name="Anna Straße")
    assert names(therapist_client, "straße") == ["Anna Straße"]


def test_glob_and_like_characters_are_plain_letters(therapist_client, therapist):
    PatientFactory(clinic=therapist.clinic, name="Ann [test] 100%")
    PatientFactory(clinic=therapist.clinic, name="Anne Tester 1000")
    assert names(therapist_client, "[test]") == ["Ann [test] 100%"]
    assert names(therapist_client, "100%") == ["Ann [test] 100%"]
    assert names(therapist_client, "*") == []
    assert names(therapist_client, "_") == []


def test_a_word_is_found_where_a_word_of_the_name_begins(therapist_client, therapist):
    PatientFactory(clinic=therapist.clinic, name="Amélie o'Brien-Smith")
    for word in ["ame", "o'brien", "brien", "smith", "AMÉLIE BRIEN-SMITH", "brien smi"]:
        assert names(therapist_client, word) == ["Amélie o'Brien-Smith"], word


def test_other_clinics_patients_are_never_found(therapist_client, therapist, other_clinic):
    PatientFactory(clinic=other_clinic, name="Margaret Okafor", chart_number="X-1")
    PatientFactory(clinic=therapist.clinic, name="Margaret Reyes", chart_number="X-2")
    assert names(therapist_client, "margaret") == ["Margaret Reyes"]
    assert names(therapist_client, "okafor") == []
    assert names(therapist_client, "x-1") == []
    assert names(therapist_client, "X-2") == ["Margaret Reyes"]


def test_a_renamed_or_erased_patient_is_found_by_its_name_of_now_alone(
    therapist_client, therapist, clinic_admin
):
    patient = PatientFactory(clinic=therapist.clinic, name="Margaret Okafor")
    PatientFactory(clinic=therapist.clinic, name="Margaret Lee")
    patient.name = "Margaret Reyes"
    patient.save()
    assert names(therapist_client, "okafor") == []
    assert names(therapist_client, "reyes marg") == ["Margaret Reyes"]
    erase_patient(patient=patient, user=clinic_admin.user)
    assert names(therapist_client, "margaret") == ["Margaret Lee"]
    assert names(therapist_client, "reyes") == []
    if connection.vendor == "sqlite":  # nothing of the name is left in the index
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT word FROM {PATIENT_WORDS} WHERE patient_id = %s", [patient.pk])
            assert cursor.fetchall() == []
            cursor.execute(f"SELECT word FROM {PATIENT_WORDS} WHERE word LIKE '%%reyes%%'")
            assert cursor.fetchall() == []


# SQLite's statistics (ANALYZE) of a clinic of 100,000 patients, as the bench's seeded
# database has them: without statistics SQLite takes every clinic for a small one.
LARGE_CLINIC = {
    ("clinics_patient", "patient_chart_upper"): "100000 1",
    ("clinics_patient", "patient_sort_search"): "100000 100000 27 27 1",
    ("clinics_patient", "patient_search"): "100000 100000 27 27 1",
    ("clinics_patient", "chart_number_unique_in_clinic"): "100000 100000 1",
    ("clinics_patient", "clinics_patient_clinic_id_750855f0"): "100000 100000",
    (PATIENT_WORDS, PATIENT_WORDS): "201521 52 1",
    (PATIENT_WORDS, f"{PATIENT_WORDS}_patient"): "201521 3",
}


def search_plan(therapist, q):
    """The plan of the query the list reads a search's matches with (their ids, in order),
    as on a large clinic: on SQLite with the statistics of one of 100,000 patients, on
    PostgreSQL with sequential scans priced out, since on a test's few rows a scan is
    cheaper and the planner rightly takes it."""
    patients = Patient.objects.filter(clinic__therapists=therapist)
    if connection.vendor == "postgresql":
        # without the clinic: on a test's few clinics PostgreSQL rightly reads the clinic's
        # patients by its index; at the bench's 100,000 it takes the BitmapOr of the two
        # indexes (docs/performance.md), which this shows it can
        patients = Patient.objects.all()
    patients = patients.search(q).by_family_name()
    sql, params = patients.values_list("pk", flat=True).query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
            for (table, index), stat in LARGE_CLINIC.items():
                row = [table, index]
                cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = %s AND idx = %s", row)
                cursor.execute("INSERT INTO sqlite_stat1 VALUES (%s, %s, %s)", [*row, stat])
            cursor.execute("ANALYZE sqlite_schema")  # reads the statistics again
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            return "\n".join(row[-1] for row in cursor.fetchall())
        with transaction.atomic():
            cursor.execute("SET LOCAL enable_seqscan TO off")
            cursor.execute(f"EXPLAIN {sql}", params)
            return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize("q", ["okafor", "marg oka", "S-0042"])
def test_a_search_is_driven_by_an_index(therapist, q):
    PatientFactory.create_batch(5, clinic=therapist.clinic)
    if connection.vendor == "postgresql":  # a clinic large enough for its own statistics
        Patient.objects.bulk_create(
            Patient(clinic=therapist.clinic, name=f"Someone {n:04d}", chart_number=f"C{n:05d}")
            for n in range(2000)
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE clinics_patient")
    plan = search_plan(therapist, q)
    if connection.vendor == "sqlite":
        # the name's words and the chart number looked up in their indexes, and only the
        # patients they name read, never every patient of the clinic
        assert "MULTI-INDEX OR" in plan, plan
        assert f"SEARCH {PATIENT_WORDS} USING PRIMARY KEY (word>? AND word<?)" in plan, plan
        assert "SEARCH clinics_patient USING INTEGER PRIMARY KEY (rowid=?)" in plan, plan
        assert "USING INDEX patient_chart_upper (<expr>=?)" in plan, plan
        assert "SCAN clinics_patient" not in plan, plan
        assert "(clinic_id=?)" not in plan, plan
    else:
        # the trigram index for the name, the chart number's for the chart number
        assert "patient_search_name_trgm" in plan, plan
        assert "patient_chart_key" in plan, plan
        assert "Seq Scan on clinics_patient" not in plan, plan


def test_a_word_without_three_letters_in_a_row_finds_names_chart_numbers_and_conditions(
    therapist_client, therapist
):
    # On PostgreSQL the names come from the index of their pairs of characters
    # (clinics.models.NamePairs), the chart number and the conditions as for any word.
    from library.models import Condition

    PatientFactory(clinic=therapist.clinic, name="Jo o'Neill")
    PatientFactory(clinic=therapist.clinic, name="Ola Reyes", chart_number="OL")
    os = PatientFactory(clinic=therapist.clinic, name="Anne Ward")
    os.conditions.add(Condition.objects.create(name="Osteoporosis", slug="osteoporosis"))
    PatientFactory(clinic=therapist.clinic, name="Mary Lee", chart_number="O-1")
    assert names(therapist_client, "jo") == ["Jo o'Neill"]
    assert names(therapist_client, "o'") == ["Jo o'Neill"]
    assert names(therapist_client, "o' jo") == ["Jo o'Neill"]
    assert names(therapist_client, "ol") == ["Ola Reyes"]  # its name and its chart number
    assert names(therapist_client, "OL") == ["Ola Reyes"]
    assert names(therapist_client, "o-1") == ["Mary Lee"]  # its chart number alone
    assert names(therapist_client, "os") == ["Anne Ward"]  # its condition alone
    assert names(therapist_client, "zz") == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's index of pairs")
def test_postgresql_finds_a_word_of_two_letters_anywhere_through_the_pairs_index(
    therapist_client, therapist
):
    PatientFactory(clinic=therapist.clinic, name="Lizzy Ward")
    PatientFactory(clinic=therapist.clinic, name="Liz Ward", chart_number="ZZ")
    PatientFactory(clinic=therapist.clinic, name="Zoë Zola")
    assert names(therapist_client, "zz") == ["Liz Ward", "Lizzy Ward"]
    assert names(therapist_client, "zz izz") == ["Lizzy Ward"]
    assert names(therapist_client, "oe") == ["Zoë Zola"]  # folded: "zoe zola"
    assert names(therapist_client, "z zo") == ["Zoë Zola"]  # a letter alone: any name
    plan = search_plan(therapist, "zz")
    assert "Bitmap Index Scan on patient_search_pairs" in plan, plan
    assert "patient_chart_key" in plan, plan
    assert "Seq Scan on clinics_patient" not in plan, plan
