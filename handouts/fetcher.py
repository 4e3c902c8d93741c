"""The only way a handout reaches a file: an allow-list in front of WeasyPrint.

User-written text is escaped by the templates, so it should never become a URL; this is
the second wall in case it does. Allowed: `data:` URLs and files whose real path (links
resolved) lies under the static folders or the media root. Refused: every other file,
`..` escapes, http(s), ftp and anything else."""

import mimetypes
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint.urls import URLFetcher, URLFetcherResponse


class RefusedURL(ValueError):
    pass


def allowed_roots():
    """The static folders (project and apps), the collected static root and the media root
    (read from settings on every call, so a changed MEDIA_ROOT counts at once)."""
    roots = set()
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            if getattr(storage, "location", None):
                roots.add(storage.location)
    roots.update(str(root) for root in (settings.STATIC_ROOT, settings.MEDIA_ROOT) if root)
    return tuple(Path(root).resolve() for root in roots)


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


class SafeFetcher(URLFetcher):
    def __init__(self, **kwargs):
        super().__init__(allowed_protocols=("data", "file"), **kwargs)

    def fetch(self, url, headers=None):
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise RefusedURL(f"Handouts fetch no {scheme or 'relative'} URLs: {url}")
        return self.read_file(url)

    def read_file(self, url):
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise RefusedURL(f"Handouts read no files from other hosts: {url}")
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in allowed_roots()):
            raise RefusedURL(f"Handouts read no files outside static and media: {url}")
        if not path.is_file():
            raise RefusedURL(f"No such file: {url}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), path.read_bytes(), headers={"Content-Type": content_type}
        )
