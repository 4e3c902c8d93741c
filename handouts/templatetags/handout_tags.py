from pathlib import Path

from django import template
from django.core.files.storage import default_storage
from django.templatetags.static import static

from handouts.fetcher import static_uri
from handouts.pictures import print_file, printable

register = template.Library()


@register.simple_tag(takes_context=True)
def print_static(context, name):
    """A static file's address: its file:// URI for WeasyPrint (read through the safe
    fetcher), its /static/ URL for the browser preview."""
    return static_uri(name) if context.get("for_pdf") else static(name)


@register.simple_tag(takes_context=True)
def print_media(context, name):
    """An uploaded file's address (a clinic's logo), the same way."""
    if context.get("for_pdf"):
        return Path(default_storage.path(name)).as_uri()
    return default_storage.url(name)


@register.simple_tag(takes_context=True)
def print_picture(context, picture):
    """An uploaded exercise picture's address (for the PDF, a photo's print copy), or ""
    for a snapshot's picture that names anything but a file in the exercise folders."""
    if not printable(picture):
        return ""
    if context.get("for_pdf"):
        return print_file(picture).as_uri()
    return default_storage.url(picture["name"])
