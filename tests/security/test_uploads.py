"""Pictures uploaded through the real admin forms (clinic logo, exercise photo and drawing)."""

import io
import re
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from clinics.models import Clinic
from core.models import StoredFile
from core.uploads import DRAWING_MAX_BYTES
from library.models import Exercise
from tests.helpers import exercise_form

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def encode(image, kind, **options):
    out = io.BytesIO()
    image.save(out, kind, **options)
    return out.getvalue()


def png_claiming_size(width, height):
    """A tiny PNG whose header claims a huge size: the classic decompression bomb."""
    data = bytearray(encode(Image.new("1", (1, 1)), "PNG"))
    header = b"IHDR" + struct.pack(">II", width, height) + bytes(data[24:29])
    data[12:29] = header
    data[29:33] = struct.pack(">I", zlib.crc32(header))
    return bytes(data)


def truncated_jpeg():
    noisy = Image.effect_noise((300, 300), 80).convert("RGB")
    whole = encode(noisy, "JPEG", quality=95)
    return whole[: len(whole) // 2]


def jpeg_with_gps_and_xmp():
    """A 40x20 photo taken with the camera turned (orientation 6), with GPS, XMP and a
    comment."""
    image = Image.new("RGB", (40, 20), "red")
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (52.0, 22.0, 1.5), 3: "E", 4: (4.0, 53.0, 2.0)})
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>secret</rdf:RDF></x:xmpmeta>'
    return encode(image, "JPEG", exif=exif, xmp=xmp, comment=b"12 Elm Street")


@pytest.fixture(autouse=True)
def restore_pillow_limit(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", Image.MAX_IMAGE_PIXELS)


@pytest.fixture(params=["clinic logo", "exercise photo"])
def upload(request, client, clinic_admin, library_editor, clinic):
    """Posts one file through the admin form; returns (response, the stored file). The
    clinic admin keeps the clinic's logo, a library editor the shared exercises."""

    def post(name, content, content_type="image/png"):
        file = SimpleUploadedFile(name, content, content_type)
        if request.param == "clinic logo":
            client.force_login(clinic_admin.user)
            url = reverse("admin:clinics_clinic_change", args=[clinic.pk])
            data = {"name": clinic.name, "phone": "", "address": "", "paper_size": "letter"}
            data["time_zone"] = clinic.time_zone
            response = client.post(url, {**data, "logo": file})
            return response, Clinic.objects.get(pk=clinic.pk).logo
        client.force_login(library_editor)
        response = client.post(reverse("admin:library_exercise_add"), exercise_form(photo=file))
        stored = Exercise.objects.filter(slug="heel-slide").first()
        return response, stored.photo if stored else None

    return post


def refused(response, stored):
    assert response.status_code == 200  # the form again, with an error; never a 500
    assert not stored
    return response.content.decode()


def test_decompression_bomb_is_a_form_error(upload):
    page = refused(*upload("bomb.png", png_claiming_size(100_000, 100_000)))
    assert "too large" in page


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_picture_just_over_the_pixel_limit_is_a_form_error(upload, settings):
    """Between the limit and twice it, Pillow only warns; the upload treats that as an
    error (the test turns off pytest's own warnings-as-errors to show it)."""
    settings.UPLOAD_MAX_PIXELS = 1_000_000
    page = refused(*upload("big.png", encode(Image.new("1", (1200, 1000)), "PNG")))
    assert "1,000,000 pixels" in page


def test_html_renamed_png_is_a_form_error(upload):
    page = refused(*upload("logo.png", b"<!doctype html><script>alert(1)</script>"))
    assert "not one, or it is damaged" in page


def test_truncated_jpeg_is_a_form_error(upload):
    page = refused(*upload("photo.jpg", truncated_jpeg(), "image/jpeg"))
    assert "not one, or it is damaged" in page


def test_other_formats_are_refused(upload):
    page = refused(*upload("anim.gif", encode(Image.new("RGB", (4, 4)), "GIF"), "image/gif"))
    assert "Upload a PNG, JPEG or WebP picture." in page


def test_too_many_bytes_is_a_form_error(upload, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    noisy = encode(Image.effect_noise((100, 100), 80), "PNG")
    assert "too large" in refused(*upload("noise.png", noisy))


def test_jpeg_is_stored_without_gps_or_xmp_turned_upright_under_a_random_name(upload):
    response, stored = upload("home-of-dr-who.jpg", jpeg_with_gps_and_xmp(), "image/jpeg")
    assert response.status_code == 302
    assert re.fullmatch(r"(clinic-logos|exercise-photos)/[0-9a-f]{32}\.jpg", stored.name)
    with stored.open("rb") as file:
        raw = file.read()
    image = Image.open(io.BytesIO(raw))
    assert image.size == (20, 40)  # the orientation was applied to the pixels
    exif = image.getexif()
    assert GPS_IFD not in exif and ORIENTATION not in exif
    assert "xmp" not in image.info and b"secret" not in raw and b"xmpmeta" not in raw
    assert "comment" not in image.info and b"Elm Street" not in raw


def test_png_with_transparency_is_kept(upload):
    logo = Image.new("RGBA", (10, 10), (0, 0, 0, 0))
    response, stored = upload("logo.png", encode(logo, "PNG"))
    assert response.status_code == 302
    with stored.open("rb") as file:
        image = Image.open(file)
        assert (image.format, image.mode, image.getpixel((0, 0))[3]) == ("PNG", "RGBA", 0)


def test_webp_is_accepted(upload):
    response, stored = upload("p.webp", encode(Image.new("RGB", (8, 8)), "WEBP"), "image/webp")
    assert response.status_code == 302
    assert stored.name.endswith(".webp")


def test_text_renamed_jpg_is_a_form_error(upload):
    page = refused(*upload("photo.jpg", b"Just some notes, not a photo.\n", "image/jpeg"))
    assert "not one, or it is damaged" in page


# Uploaded drawings (SVG): refused, with the reason, whenever they could run or fetch
# anything, or are not an SVG drawing at all.

SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
CLEAN_DRAWING = (
    f'{SVG_OPEN}<defs><path id="arm" d="M0 0 L10 10"/></defs><use href="#arm"/>'
    '<use xlink:href="#arm"/><rect style="fill:url(#arm)"/></svg>'
).encode()
BOMB = (
    '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(8))
    + ']><svg xmlns="http://www.w3.org/2000/svg"><text>&i;</text></svg>'
)
HOSTILE_DRAWINGS = {
    "script": (f"{SVG_OPEN}<script>alert(1)</script></svg>", "<script> element"),
    "onload": ('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "event handler"),
    "foreignObject": (
        f'{SVG_OPEN}<foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" '
        'src="https://x.example/"/></foreignObject></svg>',
        "<foreignObject> element",
    ),
    "external href": (
        f'{SVG_OPEN}<image href="https://tracker.example/p.png"/></svg>',
        "links outside the drawing (https://tracker.example/p.png)",
    ),
    "xlink:href to a local file": (
        f'{SVG_OPEN}<image xlink:href="file:///etc/passwd"/></svg>',
        "links outside the drawing (file:///etc/passwd)",
    ),
    "css url()": (
        f"{SVG_OPEN}<style>rect {{ fill: url(http://x.example/p.svg#a) }}</style></svg>",
        "fetches from outside",
    ),
    "url() in an attribute": (
        f'{SVG_OPEN}<rect filter="url(http://x.example/f.svg#blur)"/></svg>',
        "fetches from outside",
    ),
    "entity bomb": (BOMB, "DOCTYPE or entities"),
    "stylesheet instruction": (
        f'<?xml-stylesheet href="http://x.example/a.css"?>{SVG_OPEN}</svg>',
        "processing instruction",
    ),
    "animated javascript link": (
        f'{SVG_OPEN}<a href="#x"><set attributeName="href" to="javascript:alert(1)"/>'
        "<text>Go</text></a></svg>",
        "<set> element",
    ),
    "html": (f'{SVG_OPEN}<h:p xmlns:h="http://www.w3.org/1999/xhtml">x</h:p></svg>', "HTML"),
    "another encoding": (
        f'<?xml version="1.0" encoding="UTF-7"?>{SVG_OPEN}</svg>',
        "declares the encoding UTF-7; save it as UTF-8",
    ),
    "not xml": ("<svg><g></svg>", "not well-formed"),
    "html page": ("<html><body>Hello</body></html>", "does not start with an <svg>"),
    "png renamed .svg": (encode(Image.new("RGB", (4, 4)), "PNG"), "SVG is text"),
}


@pytest.fixture
def upload_drawing(library_editor_client):
    """Posts a new exercise with this drawing through the admin form; returns the page and
    the stored exercise, if any."""

    def post(content, name="drawing.svg", **fields):
        content = content.encode() if isinstance(content, str) else content
        drawing = SimpleUploadedFile(name, content, "image/svg+xml")
        data = exercise_form(illustration="", drawing=drawing, **fields)
        response = library_editor_client.post(reverse("admin:library_exercise_add"), data)
        return response, Exercise.objects.filter(slug="heel-slide").first()

    return post


@pytest.mark.parametrize("kind", HOSTILE_DRAWINGS)
def test_hostile_drawing_is_refused_with_the_reason_and_the_form_kept(upload_drawing, kind):
    content, reason = HOSTILE_DRAWINGS[kind]
    response, stored = upload_drawing(content, summary="Bends your knee, gently.")
    assert response.status_code == 200 and stored is None
    form = response.context["adminform"].form
    assert list(form.errors) == ["drawing"]
    assert any(reason in message for message in form.errors["drawing"]), form.errors
    page = response.content.decode()
    assert 'value="Heel slide"' in page and 'value="Bends your knee, gently."' in page
    assert not StoredFile.objects.exists()  # nothing of the refused upload was kept


def test_drawing_over_the_size_limit_is_refused(upload_drawing):
    padding = "<!-- " + "x" * DRAWING_MAX_BYTES + " -->"
    response, stored = upload_drawing(f"{SVG_OPEN}{padding}</svg>")
    assert stored is None
    assert "too large; the limit is 1.0" in response.content.decode()


def test_clean_drawing_is_stored_as_uploaded_under_a_random_name(upload_drawing):
    response, stored = upload_drawing(CLEAN_DRAWING, name="../../my drawing.svg")
    assert response.status_code == 302
    assert re.fullmatch(r"exercise-drawings/[0-9a-f]{32}\.svg", stored.drawing.name)
    with stored.drawing.open("rb") as file:
        assert file.read() == CLEAN_DRAWING
