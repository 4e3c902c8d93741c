"""The library page's cards (library/cards.py) are the markup the template loop wrote
before them, for exercises with and without a picture, with regions, and with text that
must be escaped."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from tests.factories import BodyRegionFactory, ExerciseFactory

pytestmark = pytest.mark.django_db

LIST = reverse("library:list")
# The loop templates/library/includes/_results.html had before library/cards.py.
TEMPLATE_LOOP = Template(
    """  {% for exercise in page.object_list %}
    <div class="col">
      <a class="card h-100 text-decoration-none text-body" href="{% url 'library:detail' exercise.slug %}">
        {% with src=exercise.picture_url %}{% if src %}<img src="{{ src }}" alt="{{ exercise.illustration_alt }}" class="card-img-top exercise-thumb p-2" loading="lazy">{% endif %}{% endwith %}
        <div class="card-body">
          <h2 class="h6 card-title mb-1">{{ exercise.name }}</h2>
          <p class="small text-muted mb-2">{{ exercise.get_position_display }} · {{ exercise.get_kind_display }}</p>
          <p class="small mb-2">{{ exercise.summary }}</p>
          {% for region in exercise.regions.all %}<span class="badge text-bg-light border me-1">{{ region.name }}</span>{% endfor %}
        </div>
      </a>
    </div>
  {% endfor %}
"""  # noqa: E501 (the template's lines as they were)
)


def test_the_cards_are_the_template_loops_markup(therapist_client, clinic):
    knee, hip = BodyRegionFactory(name="Knee & <hip>"), BodyRegionFactory(name="Hip")
    quoted = ExerciseFactory(
        name='Bridge "<b>high</b>" & O\'Neil',
        summary="Lift <your> hips & 'hold'.",
        illustration_alt='A "person" <lies>',
    )
    quoted.regions.add(knee, hip)
    ExerciseFactory(name="Bridge without a drawing", illustration="")
    ExerciseFactory(name="Bridge of the clinic", clinic=clinic, kind="stretching")

    response = therapist_client.get(LIST, {"q": "bridge"})

    page = response.context["page"]
    assert len(page.object_list) == 3
    expected = TEMPLATE_LOOP.render(Context({"page": page}))
    assert f"  {response.context['cards']}\n" == expected
    assert expected in response.content.decode()
    assert "Bridge &quot;&lt;b&gt;high&lt;/b&gt;&quot; &amp; O&#x27;Neil" in expected
    assert '<span class="badge text-bg-light border me-1">Knee &amp; &lt;hip&gt;</span>' in expected
    assert expected.count("<img ") == 2  # the missing drawing shows none


def test_the_cards_are_the_same_in_the_htmx_fragment(therapist_client):
    ExerciseFactory(name="Bridge")
    page = therapist_client.get(LIST, {"q": "bridge"})
    fragment = therapist_client.get(LIST, {"q": "bridge"}, headers={"HX-Request": "true"})
    assert fragment.context["cards"] == page.context["cards"]
    assert str(page.context["cards"]) in fragment.content.decode()
