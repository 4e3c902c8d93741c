from django import template
from django.templatetags.static import static

from handouts.fetcher import static_uri

register = template.Library()


@register.simple_tag(takes_context=True)
def print_static(context, name):
    """A static file's address: its file:// URI for WeasyPrint (read through the safe
    fetcher), its /static/ URL for the browser preview."""
    return static_uri(name) if context.get("for_pdf") else static(name)
