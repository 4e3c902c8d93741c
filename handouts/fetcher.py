"""The only way a handout reaches a file: an allow-list in front of WeasyPrint.

User-written text is escaped by the templates, so it should never become a URL; this is
the second wall in case it does. Allowed: `data:` URLs, files whose real path (links
resolved) lies under the static folders, and uploaded files by their storage name
(`media:clinic-logos/....png`, read from the storage, which keeps them in the database).
Refused: every other file, `..` escapes, http(s), ftp and anything else."""

import mimetypes
from functools import cache
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.core.files.utils import validate_file_name
from weasyprint.urls import URLFetcher, URLFetcherResponse


class RefusedURL(ValueError):
    pass


def allowed_roots():
    """The static folders (project and apps) and the collected static root."""
    roots = set()
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            if getattr(storage, "location", None):
                roots.add(storage.location)
    if settings.STATIC_ROOT:
        roots.add(str(settings.STATIC_ROOT))
    return resolved(frozenset(roots))


@cache
def resolved(folders):
    """The folders' real paths (cached: resolving them was most of a handout's file
    checks, a dozen a render)."""
    return tuple(Path(folder).resolve() for folder in folders)


@cache
def static_path(name):
    """The real file behind a static name, e.g. 'css/handout.css' (cached: looked up on
    every render)."""
    found = finders.find(name)
    if found is None:
        raise RefusedURL(f"No static file named {name!r}")
    return Path(found).resolve()


def static_uri(name):
    return static_path(name).as_uri()


def media_uri(name):
    """The address under which the PDF reads the uploaded file `name` (a storage name).
    WeasyPrint keeps each parsed picture under its address for the life of the process
    (handouts.render.IMAGE_CACHE): an upload's name never changes, and a new upload gets a
    new one."""
    return f"media:{quote(name)}"


class SafeFetcher(URLFetcher):
    def __init__(self, **kwargs):
        super().__init__(allowed_protocols=("data", "file"), **kwargs)

    def fetch(self, url, headers=None):
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "media":
            return self.read_upload(url)
        if scheme != "file":
            raise RefusedURL(f"Handouts fetch no {scheme or 'relative'} URLs: {url}")
        return self.read_file(url)

    def read_file(self, url):
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise RefusedURL(f"Handouts read no files from other hosts: {url}")
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in allowed_roots()):
            raise RefusedURL(f"Handouts read no files outside the static folders: {url}")
        if not path.is_file():
            raise RefusedURL(f"No such file: {url}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), path.read_bytes(), headers={"Content-Type": content_type}
        )

    def read_upload(self, url):
        """An uploaded file from the storage, by its name (one query). An empty name, or one
        that climbs (`..`) or starts at the root, is refused, though the storage has no
        folders to climb out of."""
        name = unquote(urlsplit(url).path)
        try:
            validate_file_name(name, allow_relative_path=True)
        except SuspiciousFileOperation:
            raise RefusedURL(f"Not an uploaded file's name: {url}") from None
        try:
            with default_storage.open(name, "rb") as stored:
                data = stored.read()
        except FileNotFoundError:
            raise RefusedURL(f"No such file: {url}") from None
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, data, headers={"Content-Type": content_type})
