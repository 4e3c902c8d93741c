"""Uploaded exercise pictures on the handout: which file a snapshot may name, and the
print copy of a photo.

A snapshot names an uploaded picture as {"kind": "drawing" or "photo", "name": its
storage name}. Only names inside the exercise folders, of plain file names, are printed;
anything else in a snapshot is ignored, so a snapshot can never point the renderer at
another file. A photo prints from a copy made for paper: black and white, sized for the
figure box, a small JPEG, so that forty of them keep a handout under 1.5 MB."""

import io
import logging
import re
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

from library.models import Exercise, Picture

logger = logging.getLogger(__name__)

FOLDERS = {
    Picture.DRAWING: Exercise._meta.get_field("drawing").upload_to,
    Picture.PHOTO: Exercise._meta.get_field("photo").upload_to,
}
EXTENSIONS = {Picture.DRAWING: r"svg", Picture.PHOTO: r"jpe?g|png|webp"}
PLAIN_NAME = r"[A-Za-z0-9_-][A-Za-z0-9._-]*"
PRINT_FOLDER = f"{FOLDERS[Picture.PHOTO]}print/"

# The figure box is 2.6 in wide (3.1 in in large print) and at most 2.1 in tall: 600 px is
# about 230 dpi in it (194 dpi in large print), enough for a photo on an office printer.
PRINT_BOX = (600, 485)
# 40 photos (Program.MAX_ITEMS) at this size leave room under 1.5 MB for the text and fonts.
PRINT_MAX_BYTES = 30_000
QUALITIES = (80, 70, 60, 50, 40)


def picture_entry(exercise):
    """What a snapshot records of the uploaded picture an exercise shows, or None when it
    shows its shipped drawing (or the upload is missing: the handout then prints the
    shipped drawing, if any, and a warning names the exercise). One file lookup."""
    upload = exercise.shown_upload
    if not upload:
        return None
    kind = Picture.PHOTO if upload == exercise.photo else Picture.DRAWING
    entry = {"kind": kind.value, "name": upload.name}
    if printable(entry) and default_storage.exists(upload.name):
        return entry
    logger.warning(
        "Exercise %s: handout printed without its %s %r (missing or misnamed)",
        exercise.pk,
        kind.label.lower(),
        upload.name,
    )
    return None


def printable(picture):
    """True for a snapshot's picture that names a file in its kind's folder."""
    try:
        kind = Picture(picture["kind"])
        name = picture["name"]
    except (KeyError, TypeError, ValueError):
        return False
    pattern = f"{re.escape(FOLDERS[kind])}{PLAIN_NAME}\\.(?:{EXTENSIONS[kind]})"
    return isinstance(name, str) and re.fullmatch(pattern, name, re.IGNORECASE) is not None


def print_name(name):
    """Where the print copy of the photo `name` is kept."""
    return f"{PRINT_FOLDER}{PurePosixPath(name).name}.jpg"


def print_file(picture):
    """The storage name of the file the PDF shows for a snapshot's picture (a photo's print
    copy), or None when the snapshot's picture is not one it may print."""
    if not printable(picture):
        return None
    name = picture["name"]
    if picture["kind"] == Picture.PHOTO:
        name = print_name(name)
    return name


def make_print_copies(snapshot):
    """Makes the print copy of every photo the snapshot (a handouts.snapshot.Snapshot)
    prints that has none yet: once per photo (uploads get a new random name, so a copy
    never goes stale). A photo that cannot be read is logged and prints as its text alone."""
    for exercise in snapshot.exercises:
        picture = exercise.picture
        if not (picture and printable(picture) and picture["kind"] == Picture.PHOTO):
            continue
        copy = print_name(picture["name"])
        if default_storage.exists(copy):
            continue
        try:
            with default_storage.open(picture["name"], "rb") as original:
                data = print_jpeg(original)
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as problem:
            logger.warning("Photo %r not printed: %s", picture["name"], problem)
            continue
        # Two renders at once may both make it; the second is saved under another name and
        # unused, which is harmless.
        default_storage.save(copy, ContentFile(data))


def print_jpeg(file):
    """The photo for paper: white where it was transparent, grey tones, fitted into
    PRINT_BOX, a baseline JPEG of at most PRINT_MAX_BYTES (lower quality first, then fewer
    pixels, for a photo that is mostly fine detail)."""
    with Image.open(file) as image:
        image.draft("L", PRINT_BOX)  # a JPEG decodes at a fraction of its size: faster
        image = ImageOps.exif_transpose(image)
        if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
            image = image.convert("RGBA")
            paper = Image.new("RGBA", image.size, "white")
            image = Image.alpha_composite(paper, image)
        image = ImageOps.grayscale(image)
    image.thumbnail(PRINT_BOX, Image.Resampling.LANCZOS)
    while True:
        for quality in QUALITIES:
            out = io.BytesIO()
            image.save(out, "JPEG", quality=quality, optimize=True)
            if out.tell() <= PRINT_MAX_BYTES:
                return out.getvalue()
        if image.width <= 100:
            return out.getvalue()
        image = image.resize((image.width * 3 // 4, max(1, image.height * 3 // 4)))
