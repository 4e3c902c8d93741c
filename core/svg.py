"""Checking SVG drawings for anything that could run or fetch: the exercise illustrations
are SVG files a clinic admin names in Django admin, and shown in pages and handouts."""

import re
import xml.etree.ElementTree as ElementTree

FORBIDDEN_ELEMENTS = {"script", "foreignObject", "iframe", "embed", "object", "handler"}
LINK_ATTRIBUTES = {"href", "{http://www.w3.org/1999/xlink}href", "src"}
# url(...) in a style that points anywhere but inside the drawing ("#id").
OUTSIDE_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)


def svg_problems(text):
    """What makes this SVG unsafe to serve, as plain sentences; empty when it is clean."""
    if re.search(r"<!(DOCTYPE|ENTITY)", text, re.IGNORECASE):
        return ["It declares a DOCTYPE or entities."]
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as error:
        return [f"It is not well-formed XML ({error})."]
    problems = []
    for element in root.iter():
        name = element.tag.rpartition("}")[2]
        if name in FORBIDDEN_ELEMENTS:
            problems.append(f"It contains a <{name}> element.")
        for attribute, value in element.attrib.items():
            local = attribute.rpartition("}")[2]
            if local.lower().startswith("on"):
                problems.append(f"<{name}> has an event handler ({local}).")
            elif attribute in LINK_ATTRIBUTES and not value.strip().startswith("#"):
                problems.append(f"<{name}> links outside the drawing ({value[:60]}).")
            elif local == "style" and OUTSIDE_URL.search(value):
                problems.append(f"<{name}> has a style that fetches from outside.")
        if name == "style" and (
            OUTSIDE_URL.search(element.text or "") or "@import" in (element.text or "")
        ):
            problems.append("A <style> element fetches from outside.")
    return problems
