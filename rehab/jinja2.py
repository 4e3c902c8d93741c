"""The Jinja2 environment for the few templates that use it (programs/editor.py says why):
Django's `static` and `url` (reverse) as functions; undefined names raise."""

from django.templatetags.static import static
from django.urls import reverse
from jinja2 import Environment, StrictUndefined


def environment(**options):
    env = Environment(**{**options, "undefined": StrictUndefined})
    env.globals.update(static=static, url=reverse)
    return env
