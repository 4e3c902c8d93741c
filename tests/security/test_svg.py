"""Exercise drawings are SVG: only clean ones may be named, and they are served sandboxed."""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from core.svg import svg_problems
from library.models import Exercise
from tests.helpers import exercise_form

CLEAN = '<svg xmlns="http://www.w3.org/2000/svg"><title>x</title><line x1="0" x2="1"/></svg>'
UNSAFE = {
    "script": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "handler": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    "handler case": '<svg xmlns="http://www.w3.org/2000/svg"><g OnClick="x()"/></svg>',
    "outside link": '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
    '<image xlink:href="https://tracker.example/p.png"/></svg>',
    "javascript link": '<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)">'
    "<text>x</text></a></svg>",
    "foreign object": '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject>'
    '<body xmlns="http://www.w3.org/1999/xhtml"/></foreignObject></svg>',
    "style fetch": '<svg xmlns="http://www.w3.org/2000/svg"><style>'
    "@import url(https://x.example/a.css);</style></svg>",
    "style attribute fetch": '<svg xmlns="http://www.w3.org/2000/svg">'
    '<rect style="fill:url(https://x.example/#p)"/></svg>',
    "entities": '<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg"/>',
    "not xml": "<svg><g></svg>",
}


def test_shipped_drawings_are_clean():
    drawings = list(Path(django_settings.BASE_DIR, "static", "img").rglob("*.svg"))
    assert drawings
    for drawing in drawings:
        assert svg_problems(drawing.read_text()) == [], drawing


def test_clean_drawing_passes():
    assert svg_problems(CLEAN) == []
    assert svg_problems(CLEAN.replace("<line", '<use href="#part"/><line')) == []


@pytest.mark.parametrize("kind", UNSAFE)
def test_unsafe_drawings_are_caught(kind):
    assert svg_problems(UNSAFE[kind])


@pytest.fixture
def extra_static(settings, tmp_path):
    folder = tmp_path / "static"
    (folder / "img").mkdir(parents=True)
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, folder]
    return folder / "img"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("evil.svg", UNSAFE["script"], "not safe to show"),
        ("drawing.png", "not an svg", "Name an SVG file"),
        ("missing.svg", None, "Name an SVG file"),
    ],
)
def test_admin_refuses_an_unsafe_or_missing_drawing(
    library_editor_client, extra_static, name, content, message
):
    if content is not None:
        (extra_static / name).write_text(content)
    response = library_editor_client.post(
        reverse("admin:library_exercise_add"), exercise_form(illustration=f"img/{name}")
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Exercise.objects.filter(slug="heel-slide").exists()


def test_admin_accepts_a_clean_drawing(library_editor_client, extra_static):
    (extra_static / "clean.svg").write_text(CLEAN)
    response = library_editor_client.post(
        reverse("admin:library_exercise_add"), exercise_form(illustration="img/clean.svg")
    )
    assert response.status_code == 302
