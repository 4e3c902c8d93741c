"""The library page's result cards, written in one pass here rather than by Django's
template engine: its loop spent about 0.1 ms a card on variable lookups and tags (24
cards, a tenth of a search request, issue 31). The markup is the one
templates/library/includes/_results.html had, byte for byte, escaped by Django's own
`conditional_escape`, so the page is the same; tests/library/test_cards.py compares them."""

from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

CARD = """
    <div class="col">
      <a class="card h-100 text-decoration-none text-body" href="{href}">
        {picture}
        <div class="card-body">
          <h2 class="h6 card-title mb-1">{name}</h2>
          <p class="small text-muted mb-2">{position} · {kind}</p>
          <p class="small mb-2">{summary}</p>
          {regions}
        </div>
      </a>
    </div>
  """
PICTURE = '<img src="{}" alt="{}" class="card-img-top exercise-thumb p-2" loading="lazy">'
REGION = '<span class="badge text-bg-light border me-1">{}</span>'


def exercise_cards(exercises):
    """The cards of a page of exercises (their regions prefetched: no query here)."""
    return mark_safe("".join(_card(exercise) for exercise in exercises))


def _card(exercise):
    escape = conditional_escape
    src = exercise.picture_url
    picture = PICTURE.format(escape(src), escape(exercise.illustration_alt)) if src else ""
    regions = "".join(REGION.format(escape(region.name)) for region in exercise.regions.all())
    return CARD.format(
        href=escape(reverse("library:detail", args=[exercise.slug])),
        picture=picture,
        name=escape(exercise.name),
        position=escape(exercise.get_position_display()),
        kind=escape(exercise.get_kind_display()),
        summary=escape(exercise.summary),
        regions=regions,
    )
