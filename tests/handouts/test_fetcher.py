"""The allow-list in front of WeasyPrint: static files, uploads from the storage and data:
URLs only."""

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from handouts.fetcher import RefusedURL, SafeFetcher, media_uri, static_path, static_uri


@pytest.fixture
def fetch():
    fetcher = SafeFetcher()

    def fetch(url):
        response = fetcher.fetch(url)
        try:
            return response.read()
        finally:
            response.close()

    return fetch


STATIC = settings.BASE_DIR / "static"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file:///etc/hostname",
        f"{STATIC.as_uri()}/../pyproject.toml",
        f"{STATIC.as_uri()}/css/../../manage.py",
        f"{STATIC.as_uri()}/%2e%2e/manage.py",
        "file://otherhost/etc/passwd",
        "http://127.0.0.1:9/x.css",
        "https://example.com/logo.png",
        "ftp://example.com/file.txt",
        "gopher://example.com/",
        "css/handout.css",
    ],
)
def test_it_refuses(fetch, url):
    with pytest.raises(RefusedURL):
        fetch(url)


def test_it_reads_no_file_of_the_old_media_folder(fetch, settings, tmp_path):
    """Uploads are read from the storage (the database), never as files: what is left in
    the folder they were kept in before is out of reach."""
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "logo.png").write_bytes(b"logo bytes")
    with pytest.raises(RefusedURL, match="outside the static folders"):
        fetch((tmp_path / "logo.png").as_uri())


@pytest.mark.parametrize(
    "url",
    [
        "media:",
        "media:../pyproject.toml",
        "media:clinic-logos/../../manage.py",
        "media:clinic-logos/%2e%2e/%2e%2e/manage.py",
        "media:/etc/passwd",
        "media:///etc/passwd",
        "media://otherhost/clinic-logos/logo.png",
        "media:clinic-logos/no-such-logo.png",
    ],
)
def test_it_refuses_names_that_are_no_upload(fetch, db, url):
    default_storage.save("clinic-logos/logo.png", ContentFile(b"logo bytes"))
    with pytest.raises(RefusedURL):
        fetch(url)


@pytest.mark.parametrize(
    "name",
    [
        "css/handout.css",
        "img/exercises/bridge.svg",
        "vendor/atkinson/files/atkinson-hyperlegible-latin-400-normal.woff2",
    ],
)
def test_it_reads_static_files(fetch, name):
    assert fetch(static_uri(name)) == static_path(name).read_bytes()


def test_it_serves_svg_as_svg():
    response = SafeFetcher().fetch(static_uri("img/exercises/bridge.svg"))
    response.close()
    assert response.content_type == "image/svg+xml"


def test_it_reads_uploads_from_the_storage(fetch, db):
    name = default_storage.save("clinic-logos/harbor logo.png", ContentFile(b"logo bytes"))
    assert fetch(media_uri(name)) == b"logo bytes"
    response = SafeFetcher().fetch(media_uri(name))
    response.close()
    assert response.content_type == "image/png"


def test_it_reads_data_urls(fetch):
    assert fetch("data:text/plain;base64,aGVsbG8=") == b"hello"


def test_an_unknown_static_name_is_refused():
    with pytest.raises(RefusedURL):
        static_uri("css/no-such-file.css")
