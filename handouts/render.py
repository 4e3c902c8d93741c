"""The one render path from a template to PDF bytes."""

import gc
import threading
from collections import OrderedDict
from contextlib import contextmanager
from functools import cache

from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.images import RasterImage
from weasyprint.text.fonts import FontConfiguration

from .fetcher import SafeFetcher, static_uri
from .tagging import mark_page_artifacts

PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}


class ImageCache(dict):
    """The pictures WeasyPrint parsed, kept from one handout to the next: only those that
    repeat and hold nothing of the document they were printed in, i.e. raster pictures by
    a lasting address (an uploaded photo's print copy, `media:<name>`, whose name never
    changes; a static photo, `file:`). Never a `data:` URL (the QR code: new on every
    handout, about 4.5 MiB each when they were kept) and never a drawing: WeasyPrint's
    parsed SVG keeps the layout and the page of the document that drew it, so each kept
    drawing held a whole handout (about 5 MiB; parsing a handout's drawings again costs
    about 12 ms of its 600, docs/performance.md).

    WeasyPrint 70 takes a dict as write_pdf(cache=...) (anything else it reads as a folder
    for a disk cache) and stores two kinds of entries (weasyprint/images.py): an address ->
    its parsed picture, looked up with `in` first; and a raster picture's bytes under
    "<picture id>-<slot>-<dpi>", the id being the address's MD5, which the picture reads
    back from this cache while its PDF is written. So bytes stay while their picture does,
    and trimming waits until no document is being written in this process.

    Bounded: at most `max_pictures` pictures and `max_bytes` of their bytes, the least
    recently printed leaving first with their bytes; bytes whose picture is not kept (a
    `data:` raster's) leave at the end of the document."""

    def __init__(self, *, max_pictures=256, max_bytes=32 * 2**20):
        super().__init__()
        self.max_pictures = max_pictures
        self.max_bytes = max_bytes
        self._recent = OrderedDict()  # picture id -> address, least recently printed first
        self._lock = threading.Lock()
        self._writing = 0

    def __contains__(self, address):
        found = super().__contains__(address)
        if found and isinstance(address, str) and ":" in address:
            picture = super().__getitem__(address)
            self._recent.move_to_end(picture.id)
        return found

    def __setitem__(self, key, value):
        if isinstance(value, bytes) and ":" not in key:
            super().__setitem__(key, value)  # a raster picture's bytes: it reads them back
        elif isinstance(value, RasterImage) and not key.startswith("data:"):
            super().__setitem__(key, value)
            self._recent[value.id] = key
            self._recent.move_to_end(value.id)
        # Anything else (a drawing, a data: URL, a picture that failed) is not kept: the
        # document has it already, and the next one looks it up again.

    @contextmanager
    def writing(self):
        """Around one document's write_pdf: trims the cache once no document is being
        written in this process."""
        with self._lock:
            self._writing += 1
        try:
            yield self
        finally:
            with self._lock:
                self._writing -= 1
                if not self._writing:
                    self._trim()

    def _trim(self):
        bytes_by_id = {}
        for key in [key for key in self.keys() if ":" not in key]:
            picture_id = key.split("-", 1)[0]
            if picture_id in self._recent:
                bytes_by_id[picture_id] = bytes_by_id.get(picture_id, 0) + len(self[key])
            else:
                del self[key]
        total = sum(bytes_by_id.values())
        while self._recent and (len(self._recent) > self.max_pictures or total > self.max_bytes):
            picture_id, address = self._recent.popitem(last=False)
            del self[address]
            for key in [key for key in self.keys() if key.startswith(f"{picture_id}-")]:
                del self[key]
            total -= bytes_by_id.pop(picture_id, 0)

    def clear(self):
        super().clear()
        self._recent.clear()


IMAGE_CACHE = ImageCache()

# One font configuration for the life of the process too. WeasyPrint otherwise builds one
# per document, loading every system font again, and part of each is never freed: a worker
# grew by about 0.25 MiB a handout (bench/memory.py). A font named by @font-face is added
# once, keyed by its rule, so this stays the same size however many handouts are printed.
FONT_CONFIG = FontConfiguration()


# Every printed page's stylesheet (templates/handouts/base_print.html links it in the
# browser's preview only).
STYLESHEET = "css/handout.css"


@cache
def print_stylesheet():
    """The print stylesheet, parsed once for the life of the process: linked from each
    page, WeasyPrint parsed its 13 KB again for every handout (about 5 % of a render,
    docs/performance.md). Static files change only with a deployment, which restarts the
    workers.

    WeasyPrint takes a parsed sheet as a *user* stylesheet, not an author's: author rules
    (the page's own <style>: paper size, page counter, large print's fonts) win over it
    whatever their selectors' specificity, where a linked sheet's more specific rule won.
    No rule of the one overrides the other today."""
    return CSS(url=static_uri(STYLESHEET), url_fetcher=SafeFetcher(), font_config=FONT_CONFIG)


def render_pdf(template_name, context):
    """Renders the template for print, then to a tagged PDF."""
    return print_html(render_to_string(template_name, {**context, "for_pdf": True}))


@contextmanager
def collection_paused():
    """Python's cycle collector off while WeasyPrint lays out a handout, then on again.

    A render holds a few hundred thousand boxes, styles and text runs until its PDF is
    written. Counting them as they came, the collector ran a full pass over everything
    the worker holds once a render, with the render's own objects at their most: about
    100 ms of a 600 ms request, and 115 ms with its smaller passes (docs/performance.md).
    Paused, what the render leaves in cycles waits for the first collection after it,
    which finds most of it freed already: 30 ms. The switch is the process's: a second
    render in another thread may find it off and leaves turning it on to the first."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def print_html(html):
    """The tagged PDF of a page written for print: the slow part, WeasyPrint lays out
    every page. Every image, stylesheet and font goes through SafeFetcher."""
    document = HTML(string=html, url_fetcher=SafeFetcher())
    with collection_paused(), IMAGE_CACHE.writing():
        pdf = document.write_pdf(
            stylesheets=[print_stylesheet()],
            cache=IMAGE_CACHE,
            font_config=FONT_CONFIG,
            **PDF_OPTIONS,
        )
    return mark_page_artifacts(pdf)
