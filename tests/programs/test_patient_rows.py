"""The patient list's rows (programs/patient_rows.py) are the markup the template loop
wrote before them: conditions, chart number, birth date, the current program with its
item count and the other current ones, and the last visit in the clinic's time zone."""

import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse

from library.models import Condition
from programs.models import Program
from tests.factories import PatientFactory, ProgramFactory, ProgramItemFactory

pytestmark = pytest.mark.django_db

LIST = reverse("programs:patients")
# The loop templates/programs/patient_list.html had before programs/patient_rows.py.
TEMPLATE_LOOP = Template(
    """  {% for patient in page.object_list %}
    <tr>
      <td>
        <a class="fw-semibold" href="{% url 'programs:patient' patient.pk %}">{{ patient.name }}</a>
        {% with conditions=patient.conditions.all %}{% if conditions %}
          <ul class="list-inline mb-0 mt-1" aria-label="Conditions of {{ patient.name }}">
            {% for condition in conditions %}<li class="list-inline-item me-1"><span class="badge rounded-pill text-bg-warning condition-chip">{{ condition.name }}</span></li>{% endfor %}
          </ul>
        {% endif %}{% endwith %}
      </td>
      <td data-label="Chart">{{ patient.chart_number|default:"—" }}</td>
      <td data-label="Born">{{ patient.birth_date|date:"M j, Y"|default:"—" }}</td>
      <td data-label="Current program">
        {% with current=patient.glance.current %}{% if current %}
          <a href="{% url 'programs:detail' current.pk %}">{{ current.title }}</a>
          <span class="small text-body-secondary">· revision {{ current.revision }} · {{ current.item_count }} exercise{{ current.item_count|pluralize }}{% if patient.glance.other_current %} · {{ patient.glance.other_current }} more{% endif %}</span>
        {% else %}<span class="text-body-secondary">None yet</span>{% endif %}{% endwith %}
      </td>
      <td data-label="Last visit">{{ patient.glance.last_visit|date:"M j, Y"|default:"—" }}</td>
    </tr>
  {% endfor %}
"""  # noqa: E501 (the template's lines as they were)
)


def test_the_rows_are_the_template_loops_markup(therapist_client, therapist, settings):
    settings.TIME_ZONE = "America/New_York"
    clinic = therapist.clinic
    chip = Condition.objects.create(name="Knee <OA> & 'hip'", slug="knee-oa")
    other = Condition.objects.create(name="Osteoporosis", slug="osteoporosis")
    quoted = PatientFactory(
        clinic=clinic,
        name='Ana "<b>" O\'Brien',
        chart_number="A&17",
        birth_date=datetime.date(1950, 3, 9),
    )
    quoted.conditions.add(chip, other)
    ProgramFactory(patient=quoted, therapist=therapist, title="Older")
    one = ProgramFactory(patient=quoted, therapist=therapist, title="Knee <home> & 'hips'")
    ProgramItemFactory(program=one)
    # Saved at 03:00 UTC on January 1st: December 31st in New York.
    late = datetime.datetime(2026, 1, 1, 3, 0, tzinfo=datetime.UTC)
    Program.objects.filter(patient=quoted).update(updated_at=late)
    many = PatientFactory(clinic=clinic, name="Ben Many")
    ProgramItemFactory.create_batch(3, program=ProgramFactory(patient=many, therapist=therapist))
    PatientFactory(clinic=clinic, name="Cy Nothing")

    for params in ({}, {"q": "a"}, {"sort": "name"}):
        response = therapist_client.get(LIST, params)
        page = response.context["page"]
        expected = TEMPLATE_LOOP.render(Context({"page": page}))
        assert f"  {response.context['rows']}\n" == expected
        assert expected in response.content.decode()

    rows = str(therapist_client.get(LIST).context["rows"])
    assert "Ana &quot;&lt;b&gt;&quot; O&#x27;Brien" in rows
    assert "Knee &lt;OA&gt; &amp; &#x27;hip&#x27;" in rows
    assert "Dec 31, 2025" in rows and "Mar 9, 1950" in rows and "A&amp;17" in rows
    assert "· 1 exercise · 1 more</span>" in rows
    assert "· 3 exercises</span>" in rows
    assert '<span class="text-body-secondary">None yet</span>' in rows
