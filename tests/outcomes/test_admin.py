"""A clinic admin adds the clinic's own questionnaire in Django admin; the built-in ones
are read only for them, and another clinic's never shows."""

from django.urls import reverse

from outcomes.models import Measure

ADD = reverse("admin:outcomes_measure_add")
CHANGELIST = reverse("admin:outcomes_measure_changelist")


def measure_form(**overrides):
    data = {
        "name_en": "Our knee questionnaire",
        "name_es": "",
        "short_name": "Knee",
        "slug": "knee",
        "instructions_en": "",
        "instructions_es": "",
        "kind": "items",
        "min_activities": "3",
        "max_activities": "5",
        "scale_min": "0",
        "scale_max": "4",
        "low_label_en": "None",
        "low_label_es": "",
        "high_label_en": "Extreme",
        "high_label_es": "",
        "scoring": "percent",
        "direction": "higher",
        "mic": "9",
        "source": "Licensed to the clinic",
        "items-TOTAL_FORMS": "2",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        "items-0-order": "0",
        "items-0-text_en": "Item one",
        "items-0-text_es": "",
        "items-1-order": "1",
        "items-1-text_en": "Item two",
        "items-1-text_es": "",
    }
    data.update(overrides)
    return data


def test_a_clinic_admin_adds_their_clinics_questionnaire(clinic_admin_client, clinic, psfs):
    response = clinic_admin_client.post(ADD, measure_form())
    assert response.status_code == 302, response.context["errors"]
    measure = Measure.objects.get(slug="knee")
    assert measure.clinic == clinic
    assert list(measure.items.values_list("text", flat=True)) == ["Item one", "Item two"]
    assert measure.score([4, 2]) == 75


def test_fixed_items_are_required_and_a_bad_scale_is_refused(clinic_admin_client, psfs):
    response = clinic_admin_client.post(ADD, measure_form(**{"items-TOTAL_FORMS": "0"}))
    assert response.status_code == 200
    assert "needs at least one item" in response.content.decode()
    response = clinic_admin_client.post(ADD, measure_form(scale_max="0"))
    assert response.status_code == 200
    assert not Measure.objects.filter(slug="knee").exists()


def test_a_slug_already_in_the_clinic_is_a_clear_error(clinic_admin_client, clinic, psfs):
    Measure.objects.create(clinic=clinic, slug="knee", name="Old", short_name="Old", mic=1)
    response = clinic_admin_client.post(ADD, measure_form())
    assert "already has a measure with the slug" in response.content.decode()


def test_built_in_ones_are_read_only_and_another_clinics_hidden(
    clinic_admin_client, other_clinic, psfs
):
    Measure.objects.create(clinic=other_clinic, slug="x", name="Theirs", short_name="T", mic=1)
    response = clinic_admin_client.get(CHANGELIST)
    names = sorted(measure.name for measure in response.context["cl"].result_list)
    assert names == [
        "Global Rating of Change",
        "Numeric Pain Rating Scale",
        "Patient-Specific Functional Scale",
    ]
    change = reverse("admin:outcomes_measure_change", args=[psfs.pk])
    clinic_admin_client.post(change, measure_form(name_en="Changed", slug="psfs"))
    psfs.refresh_from_db()
    assert psfs.name == "Patient-Specific Functional Scale"
