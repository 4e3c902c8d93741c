"""Uploads live in the database (core.StoredFile) through Django's storage API, so every
app server reads the same files: the storage and the view that serves them at /media/."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.http import http_date

from core.models import StoredFile
from core.storage import DatabaseStorage

PNG = b"\x89PNG\r\n\x1a\n not really a picture"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0 L9 9"/></svg>'

pytestmark = pytest.mark.django_db


def test_it_is_the_default_storage():
    assert isinstance(default_storage._wrapped, DatabaseStorage)


def test_a_saved_file_reads_back_with_its_size_and_address():
    name = default_storage.save("clinic-logos/harbor.png", ContentFile(PNG))
    assert name == "clinic-logos/harbor.png"
    assert default_storage.exists(name) and default_storage.size(name) == len(PNG)
    with default_storage.open(name) as stored:
        assert stored.read() == PNG
    assert default_storage.url(name) == "/media/clinic-logos/harbor.png"
    assert StoredFile.objects.get().size == len(PNG)


def test_a_taken_name_gives_another_name():
    first = default_storage.save("clinic-logos/logo.png", ContentFile(b"one"))
    second = default_storage.save("clinic-logos/logo.png", ContentFile(b"two"))
    assert first != second and second.startswith("clinic-logos/logo_")
    with default_storage.open(first) as one, default_storage.open(second) as two:
        assert (one.read(), two.read()) == (b"one", b"two")


def test_a_name_taken_after_it_was_chosen_gives_another_name():
    """Two print copies of one photo made at once: the second finds the name taken only
    when it writes, and is stored under another (the file system storage does the same)."""
    default_storage.save("exercise-photos/print/a.jpg.jpg", ContentFile(b"first"))
    name = default_storage._save("exercise-photos/print/a.jpg.jpg", ContentFile(b"second"))
    assert name != "exercise-photos/print/a.jpg.jpg"
    assert StoredFile.objects.count() == 2


def test_a_save_in_a_failed_transaction_is_not_kept():
    """A form that fails after its picture was stored (admin saves in one transaction)
    leaves no file behind, as a folder would."""
    with pytest.raises(RuntimeError), transaction.atomic():
        default_storage.save("exercise-photos/p.jpg", ContentFile(b"photo"))
        raise RuntimeError("the save failed")
    assert not default_storage.exists("exercise-photos/p.jpg")


def test_files_are_listed_by_folder_and_deleted():
    for name in ["exercise-photos/a.jpg", "exercise-photos/print/a.jpg.jpg", "clinic-logos/l.png"]:
        default_storage.save(name, ContentFile(b"x"))
    assert default_storage.listdir("exercise-photos") == (["print"], ["a.jpg"])
    assert default_storage.listdir("exercise-photos/print/") == ([], ["a.jpg.jpg"])
    assert default_storage.listdir("") == (["clinic-logos", "exercise-photos"], [])
    assert default_storage.listdir("EXERCISE-PHOTOS") == ([], [])
    default_storage.delete("exercise-photos/a.jpg")
    default_storage.delete("exercise-photos/a.jpg")  # already gone: nothing to do
    assert not default_storage.exists("exercise-photos/a.jpg")


def test_a_missing_file_is_not_found():
    with pytest.raises(FileNotFoundError):
        default_storage.open("clinic-logos/none.png")
    with pytest.raises(FileNotFoundError):
        default_storage.size("clinic-logos/none.png")


def test_stored_files_are_read_only():
    name = default_storage.save("clinic-logos/l.png", ContentFile(PNG))
    with pytest.raises(ValueError, match="reading only"):
        default_storage.open(name, "wb")


@pytest.mark.parametrize("name", ["../x.png", "/etc/x.png", "clinic-logos/../../x.png"])
def test_a_climbing_name_is_refused(name):
    from django.core.exceptions import SuspiciousFileOperation

    with pytest.raises(SuspiciousFileOperation):
        default_storage.save(name, ContentFile(PNG))
    assert not StoredFile.objects.exists()


# Serving


def test_anyone_gets_an_upload_with_the_media_headers(client):
    """The headers a web server in front of the media folder was asked to send (README,
    Deploying), with the app's own: nothing kept by the browser, no sniffing."""
    name = default_storage.save("clinic-logos/harbor.png", ContentFile(PNG))
    created = StoredFile.objects.get().created_at
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert response.content == PNG
    assert response["Content-Type"] == "image/png"
    assert response["Content-Length"] == str(len(PNG))
    assert response["Last-Modified"] == http_date(created.timestamp())
    assert response["Content-Security-Policy"] == (
        "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_a_drawing_opened_on_its_own_is_sandboxed(client):
    name = default_storage.save("exercise-drawings/d.svg", ContentFile(SVG))
    response = client.get(f"/media/{name}")
    assert response["Content-Type"] == "image/svg+xml"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "script-src" not in response["Content-Security-Policy"]  # default-src 'none'


def test_an_unchanged_upload_is_not_sent_again(client):
    name = default_storage.save("clinic-logos/harbor.png", ContentFile(PNG))
    created = StoredFile.objects.get().created_at
    later = http_date((created + timedelta(seconds=5)).timestamp())
    assert client.get(f"/media/{name}", HTTP_IF_MODIFIED_SINCE=later).status_code == 304
    earlier = http_date((created - timedelta(days=1)).timestamp())
    assert client.get(f"/media/{name}", HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200


def test_an_unknown_upload_is_not_found_and_nothing_is_written(client):
    default_storage.save("clinic-logos/harbor.png", ContentFile(PNG))
    assert client.get("/media/clinic-logos/other.png").status_code == 404
    assert client.get("/media/clinic-logos/../clinic-logos/harbor.png").status_code == 404
    assert client.post("/media/clinic-logos/harbor.png").status_code == 405
    assert client.head("/media/clinic-logos/harbor.png").status_code == 200
