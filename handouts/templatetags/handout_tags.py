import unicodedata

from django import template
from django.core.files.storage import default_storage
from django.templatetags.static import static
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from handouts.fetcher import media_uri, static_uri
from handouts.pictures import print_file, printable

register = template.Library()


@register.simple_tag(takes_context=True)
def print_static(context, name):
    """A static file's address: its file:// URI for WeasyPrint (read through the safe
    fetcher), its /static/ URL for the browser preview."""
    return static_uri(name) if context.get("for_pdf") else static(name)


@register.simple_tag(takes_context=True)
def print_media(context, name):
    """An uploaded file's address (a clinic's logo): for WeasyPrint its storage name, read
    from the storage through the safe fetcher; its /media/ URL for the browser."""
    if context.get("for_pdf"):
        return media_uri(name)
    return default_storage.url(name)


@register.simple_tag(takes_context=True)
def print_picture(context, picture):
    """An uploaded exercise picture's address (for the PDF, a photo's print copy), or ""
    for a snapshot's picture that names anything but a file in the exercise folders."""
    if not printable(picture):
        return ""
    if context.get("for_pdf"):
        return media_uri(print_file(picture))
    return default_storage.url(picture["name"])


@register.filter
def make_list_of(count):
    """1..count, for a template loop ("Week 1", "Week 2")."""
    return range(1, int(count) + 1)


def css_string(text):
    """Text as a CSS string, every character but letters, digits and spaces escaped: safe
    inside an HTML <style> element, where HTML escaping does not apply."""
    escaped = "".join(c if c.isalnum() or c == " " else f"\\{ord(c):06x}" for c in text)
    return f'"{escaped}"'


@register.simple_tag
def page_counter_css():
    """The footer's "Page X of Y" as a CSS `content` value in the active language: the
    whole sentence is translated, then its numbers become page counters."""
    sentence = gettext("Page %(page)s of %(pages)s")
    value = sentence.replace("%(page)s", "\x00page\x00").replace("%(pages)s", "\x00pages\x00")
    parts = []
    for index, piece in enumerate(value.split("\x00")):
        if index % 2:
            parts.append(f"counter({piece})")
        elif piece:
            parts.append(css_string(piece))
    return mark_safe(" ".join(parts))


# How much of a name the running header holds, in widths of a Latin letter (a Chinese or
# Japanese character counts two): its box is 60% of the line, 11 pt bold (16 pt in large
# print). The margin box also clips, but WeasyPrint draws no ellipsis there.
HEADER_WIDTH = {False: 38, True: 26}


@register.filter
def header_name(name, large_print=False):
    """The patient's name as the running header prints it: whole when it fits, else cut
    at a word where it can be and ended with "…" (page 1 prints it whole)."""
    room = HEADER_WIDTH[bool(large_print)]
    widths = [2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in name]
    if sum(widths) <= room:
        return name
    kept, used = [], 0
    for char, width in zip(name, widths, strict=True):
        if used + width > room - 1:  # room for the ellipsis
            break
        kept.append(char)
        used += width
    cut = "".join(kept)
    # At a word, when the cut leaves most of the room used.
    if " " in cut and cut.rindex(" ") > len(cut) * 2 // 3:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,-") + "…"
