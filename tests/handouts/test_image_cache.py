"""The image cache WeasyPrint shares between handouts (handouts/render.py): it keeps the
pictures that repeat (an uploaded photo's print copy), never what one handout alone prints
(its QR code, a drawing), and stays within its bounds. Issue 31: every QR code was kept,
about 4.5 MiB a handout."""

import base64
import io

import pytest
from PIL import Image
from weasyprint import HTML

from handouts import render
from handouts.fetcher import SafeFetcher, static_uri
from handouts.render import FONT_CONFIG, PDF_OPTIONS, ImageCache
from handouts.services import render_snapshot_pdf
from phone.links import new_token, qr_code
from tests.helpers import figures, photo_exercise, program_of, snapshot_of

# What is measured here is WeasyPrint laying the pages out: every render happens.
pytestmark = pytest.mark.every_render


@pytest.fixture
def image_cache(monkeypatch):
    """A fresh cache in place of the process's, so that other tests' pictures are not in it."""
    cache = ImageCache()
    monkeypatch.setattr(render, "IMAGE_CACHE", cache)
    return cache


def addresses(cache):
    return sorted(key for key in cache if ":" in key)


def test_fifty_handouts_with_qr_codes_leave_the_cache_as_the_first_did(therapist, image_cache):
    snapshot = snapshot_of(program_of(therapist, photo_exercise("Step up")))
    render_snapshot_pdf(snapshot, qr=qr_code(new_token()))
    after_one = dict(image_cache)
    [photo] = addresses(image_cache)
    assert photo.startswith("media:exercise-photos/print/")
    for _ in range(49):
        pdf = render_snapshot_pdf(snapshot, qr=qr_code(new_token()))
    assert image_cache == after_one
    assert "QR code for your exercises on your phone" in figures(pdf)
    assert "Step up photo." in figures(pdf)  # printed from the kept picture and its bytes


def test_drawings_are_not_kept(therapist, image_cache):
    """A parsed drawing keeps the document that drew it (about 5 MiB a drawing)."""
    from tests.factories import ExerciseFactory

    pdf = render_snapshot_pdf(snapshot_of(program_of(therapist, ExerciseFactory(name="Bridge"))))
    assert figures(pdf) == ["A person lies on a mat."]
    assert dict(image_cache) == {}


def test_the_least_recently_printed_picture_leaves_first(therapist, monkeypatch):
    cache = ImageCache(max_pictures=2)
    monkeypatch.setattr(render, "IMAGE_CACHE", cache)
    snapshots = [
        snapshot_of(program_of(therapist, photo_exercise(name, seed=seed)))
        for seed, name in enumerate(["One", "Two", "Three"])
    ]
    for snapshot in snapshots[:2]:
        render_snapshot_pdf(snapshot)
    first, second = (snapshot["exercises"][0]["picture"]["name"] for snapshot in snapshots[:2])
    render_snapshot_pdf(snapshots[0])  # "One" printed again: "Two" is now the oldest
    render_snapshot_pdf(snapshots[2])
    kept = addresses(cache)
    assert len(kept) == 2
    assert not any(second.rpartition("/")[2].rpartition(".")[0] in key for key in kept)
    assert any(first.rpartition("/")[2].rpartition(".")[0] in key for key in kept)
    # Each kept picture's bytes stay with it, and nothing else's.
    ids = {cache[address].id for address in kept}
    assert {key.split("-", 1)[0] for key in cache if ":" not in key} == ids
    # The one that left prints again, read afresh.
    assert figures(render_snapshot_pdf(snapshots[1])) == ["Two photo."]


def test_the_bytes_bound_leaves_only_what_fits(therapist, monkeypatch):
    cache = ImageCache(max_bytes=1)
    monkeypatch.setattr(render, "IMAGE_CACHE", cache)
    snapshot = snapshot_of(program_of(therapist, photo_exercise("One")))
    assert figures(render_snapshot_pdf(snapshot)) == ["One photo."]
    assert dict(cache) == {}
    assert figures(render_snapshot_pdf(snapshot)) == ["One photo."]


def test_a_data_url_picture_prints_but_its_bytes_are_not_kept():
    """A raster data: URL's bytes are read back while its PDF is written, then dropped."""
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 0, 0)).save(out, "PNG")
    address = "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()
    stylesheet = static_uri("css/handout.css")
    html = f'<link rel="stylesheet" href="{stylesheet}"><p>Hello</p><img src="{address}" alt="Red">'
    cache = ImageCache()
    with cache.writing():
        pdf = HTML(string=html, url_fetcher=SafeFetcher()).write_pdf(
            cache=cache, font_config=FONT_CONFIG, **PDF_OPTIONS
        )
    assert figures(pdf) == ["Red"]
    assert dict(cache) == {}
