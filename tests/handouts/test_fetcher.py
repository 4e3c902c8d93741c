"""The allow-list in front of WeasyPrint: static and media files and data: URLs only."""

import pytest
from django.conf import settings

from handouts.fetcher import RefusedURL, SafeFetcher, static_path, static_uri


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


def test_it_refuses_a_link_out_of_the_media_root(fetch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "photo.png").symlink_to("/etc/hostname")
    with pytest.raises(RefusedURL):
        fetch((tmp_path / "photo.png").as_uri())


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


def test_it_reads_media_files(fetch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "logo.png").write_bytes(b"logo bytes")
    assert fetch((tmp_path / "logo.png").as_uri()) == b"logo bytes"


def test_it_reads_data_urls(fetch):
    assert fetch("data:text/plain;base64,aGVsbG8=") == b"hello"


def test_an_unknown_static_name_is_refused():
    with pytest.raises(RefusedURL):
        static_uri("css/no-such-file.css")
