"""The library page's result cards, written in one pass here rather than by Django's
template engine: its loop spent about 0.1 ms a card on variable lookups and tags (24
cards, a tenth of a search request, issue 31). The markup is the one
templates/library/includes/_results.html had, byte for byte, escaped by Django's own
`conditional_escape`, so the page is the same; tests/library/test_cards.py compares them."""

import re

from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from .models import illustration_url

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


# What the slug converter accepts, and what reverse() leaves as it is (no quoting).
PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def exercise_cards(exercises):
    """The cards of a page of exercises (their regions prefetched: no query here).
    reverse() and static() once, not once a card (about 30 µs each): the detail link is
    the reversed address with the slug in place, and a drawing shown by several cards is
    looked up in the manifest once."""
    head, tail = reverse("library:detail", args=["-"]).rsplit("-", 1)
    drawings = {}
    return mark_safe("".join(_card(exercise, head, tail, drawings) for exercise in exercises))


def _detail_url(slug, head, tail):
    if PLAIN_SLUG.fullmatch(slug):
        return f"{head}{slug}{tail}"
    return reverse("library:detail", args=[slug])  # raises NoReverseMatch, as the page did


def _picture_url(exercise, drawings):
    """Exercise.picture_url, with the drawings' URLs kept for the page."""
    upload = exercise.shown_upload
    if upload:
        return upload.url
    name = exercise.illustration
    if name not in drawings:
        drawings[name] = illustration_url(name)
    return drawings[name]


def _card(exercise, head, tail, drawings):
    escape = conditional_escape
    src = _picture_url(exercise, drawings)
    picture = PICTURE.format(escape(src), escape(exercise.illustration_alt)) if src else ""
    regions = "".join(REGION.format(escape(region.name)) for region in exercise.regions.all())
    return CARD.format(
        href=escape(_detail_url(exercise.slug, head, tail)),
        picture=picture,
        name=escape(exercise.name),
        position=escape(exercise.get_position_display()),
        kind=escape(exercise.get_kind_display()),
        summary=escape(exercise.summary),
        regions=regions,
    )
