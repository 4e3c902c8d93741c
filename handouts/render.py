"""The one render path from a template to PDF bytes."""

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from .fetcher import SafeFetcher
from .tagging import mark_page_artifacts

PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}

# Parsed images by URL, kept for the life of the process: the static drawings change only
# with a deploy, and an uploaded picture keeps its random name (a new upload is a new
# URL, media:<name>). A static photo is held as its file's path, an uploaded one as its
# bytes (a print copy, about 30 KB); a drawing as its parsed tree. Grows with the pictures
# printed, until gunicorn's --max-requests replaces the worker. Saves about 40 ms a handout.
IMAGE_CACHE = {}

# One font configuration for the life of the process too. WeasyPrint otherwise builds one
# per document, loading every system font again, and part of each is never freed: a worker
# grew by about 0.25 MiB a handout (bench/memory.py). A font named by @font-face is added
# once, keyed by its rule, so this stays the same size however many handouts are printed.
FONT_CONFIG = FontConfiguration()


def render_pdf(template_name, context):
    """Renders the template for print, then to a tagged PDF (the slow part: WeasyPrint
    lays out every page). Every image, stylesheet and font goes through SafeFetcher."""
    html = render_to_string(template_name, {**context, "for_pdf": True})
    document = HTML(string=html, url_fetcher=SafeFetcher())
    pdf = document.write_pdf(cache=IMAGE_CACHE, font_config=FONT_CONFIG, **PDF_OPTIONS)
    return mark_page_artifacts(pdf)
