import re

from django import template

register = template.Library()

EXTENSION = re.compile(r"\s*(?:ext\.?|x)\s*", re.IGNORECASE)


@register.filter
def tel_href(number):
    """A `tel:` address for a phone number as a clinic writes it ("(555) 010-2030",
    "+44 20 7946 0958 ext. 12"): its digits, a leading + kept, and an extension dialled
    after a pause (","). Empty when there are too few digits to call."""
    main, *rest = EXTENSION.split(str(number or ""), maxsplit=1)
    digits = re.sub(r"\D", "", main)
    if len(digits) < 3:
        return ""
    plus = "+" if main.strip().startswith("+") else ""
    extension = re.sub(r"\D", "", rest[0]) if rest else ""
    return f"tel:{plus}{digits}" + (f",{extension}" if extension else "")
