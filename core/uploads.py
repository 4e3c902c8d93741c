"""Checking uploaded pictures (exercise photos and drawings, clinic logos) before they are
stored.

An upload is trusted for nothing: its name, extension and declared type are ignored. The
content must decode as PNG, JPEG or WebP within the size and pixel limits; it is then
re-encoded from the pixels alone, so metadata (EXIF with GPS, XMP, comments) and anything
smuggled after the image data are left behind, and stored under a random name. An SVG
drawing must parse as a clean <svg> document (core/svg.py) and is stored as checked, under
a random name too."""

import io
import uuid
import warnings

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageFile, ImageOps

from core.svg import uploaded_drawing_problems

# Pillow format name -> (extension, content type, save options)
FORMATS = {
    "PNG": ("png", "image/png", {"optimize": True}),
    "JPEG": ("jpg", "image/jpeg", {"quality": 90}),
    "WEBP": ("webp", "image/webp", {"quality": 90}),
}

NOT_AN_IMAGE = "Upload a PNG, JPEG or WebP picture. This file is not one, or it is damaged."
# A line drawing is a few kilobytes to a few hundred; every handout parses it again.
DRAWING_MAX_BYTES = 1024 * 1024


def refuse_large(upload, limit):
    if upload.size > limit:
        raise forms.ValidationError(
            f"This file is too large; the limit is {filesizeformat(limit)}."
        )


def clean_image(upload):
    """The upload re-encoded as a new file with a random name, or a ValidationError."""
    refuse_large(upload, settings.UPLOAD_MAX_BYTES)
    limit = settings.UPLOAD_MAX_PIXELS
    Image.MAX_IMAGE_PIXELS = limit  # read by Image.open below; the same in every request
    upload.seek(0)
    # WeasyPrint sets this process-wide on import, so that a damaged picture still prints;
    # an upload must be whole. Restored at once (another thread may be rendering a PDF).
    load_truncated = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            # Pillow only warns between the limit and twice it; a bomb is an error here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload, formats=list(FORMATS)) as image:
                kind = image.format
                image.load()  # decodes everything: a truncated file fails here
                image = ImageOps.exif_transpose(image)  # turn it the way the camera was held
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise forms.ValidationError(
            f"This picture is too large; the limit is {limit:,} pixels. Make it smaller first."
        ) from None
    except (OSError, SyntaxError, ValueError):
        # UnidentifiedImageError is an OSError; damaged data raise any of these.
        raise forms.ValidationError(NOT_AN_IMAGE) from None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = load_truncated

    extension, content_type, options = FORMATS[kind]
    if kind == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    # Nothing of the original's metadata is written back, only a palette's transparency.
    image.info = {key: image.info[key] for key in ("transparency",) if key in image.info}
    out = io.BytesIO()
    image.save(out, kind, **options)
    return SimpleUploadedFile(f"{uuid.uuid4().hex}.{extension}", out.getvalue(), content_type)


class SafeImageField(forms.ImageField):
    """A form field for pictures that stores only what `clean_image` makes of the upload.
    Admin forms use it for every ImageField (formfield_overrides)."""

    def to_python(self, data):
        data = forms.FileField.to_python(self, data)  # required, empty and name checks
        if data is None:
            return None
        return clean_image(data)


def clean_drawing(upload):
    """The upload as a new SVG file with a random name, or a ValidationError naming every
    problem found (script, event handlers, outside links, not an SVG at all...)."""
    refuse_large(upload, min(DRAWING_MAX_BYTES, settings.UPLOAD_MAX_BYTES))
    upload.seek(0)
    data = upload.read()
    problems = uploaded_drawing_problems(data)
    if problems:
        raise forms.ValidationError(["This file cannot be used as a drawing:", *problems])
    return SimpleUploadedFile(f"{uuid.uuid4().hex}.svg", data, "image/svg+xml")


class SafeDrawingField(forms.FileField):
    """A form field for SVG drawings that stores only what `clean_drawing` accepts."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", forms.ClearableFileInput(attrs={"accept": ".svg,image/svg+xml"})
        )
        super().__init__(**kwargs)

    def to_python(self, data):
        data = super().to_python(data)
        if data is None:
            return None
        return clean_drawing(data)
