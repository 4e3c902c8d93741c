"""Checking SVG drawings for anything that could run or fetch: the exercise drawings are
SVG files shipped with the install or uploaded by a clinic admin, and shown in pages and
handouts. An unsafe drawing is refused with the reasons, never quietly changed: the admin
sees what to fix, and what is stored is exactly what was checked."""

import re
import xml.etree.ElementTree as ElementTree

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml"
# Elements that run script or embed another document; animation elements too, since
# <set attributeName="href" to="javascript:..."> turns a clean link into script.
FORBIDDEN_ELEMENTS = {
    "script",
    "foreignObject",
    "iframe",
    "embed",
    "object",
    "handler",
    "set",
    "animate",
    "animateMotion",
    "animateTransform",
}
LINK_ATTRIBUTES = {"href", "src"}  # in any namespace (xlink:href, html:src)
# url(...) in a style or attribute that points anywhere but inside the drawing ("#id").
OUTSIDE_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)
# A processing instruction other than the XML declaration, e.g. <?xml-stylesheet href=...?>:
# the parser drops them silently, a browser opening the file follows them.
INSTRUCTION = re.compile(r"<\?(?!xml\s)", re.IGNORECASE)


def svg_problems(text):
    """What makes this SVG unsafe to serve, as plain sentences; empty when it is clean."""
    if re.search(r"<!(DOCTYPE|ENTITY)", text, re.IGNORECASE):
        return ["It declares a DOCTYPE or entities."]
    if INSTRUCTION.search(text):
        return ["It contains a processing instruction such as <?xml-stylesheet?>."]
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as error:
        return [f"It is not well-formed XML ({error})."]
    problems = []
    for element in root.iter():
        namespace, _, name = element.tag.rpartition("}")
        if name in FORBIDDEN_ELEMENTS:
            problems.append(f"It contains a <{name}> element.")
        elif namespace == "{" + XHTML_NAMESPACE:
            problems.append(f"It contains HTML (<{name}>).")
        for attribute, value in element.attrib.items():
            local = attribute.rpartition("}")[2].lower()
            if local.startswith("on"):
                problems.append(f"<{name}> has an event handler ({local}).")
            elif local in LINK_ATTRIBUTES and not value.strip().startswith("#"):
                problems.append(f"<{name}> links outside the drawing ({value[:60]}).")
            elif OUTSIDE_URL.search(value):
                problems.append(f"<{name}> has a {local} that fetches from outside.")
        if name == "style" and (
            OUTSIDE_URL.search(element.text or "") or "@import" in (element.text or "")
        ):
            problems.append("A <style> element fetches from outside.")
    return problems


def uploaded_drawing_problems(data):
    """What is wrong with uploaded bytes meant as an SVG drawing: not UTF-8 text, not an
    <svg> document, or unsafe (svg_problems). Empty when it may be stored as it is."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ["This file is not an SVG drawing (SVG is text; this is not)."]
    problems = svg_problems(text)
    if problems:
        return problems
    root = ElementTree.fromstring(text)
    if root.tag != f"{{{SVG_NAMESPACE}}}svg":
        return ["This file is not an SVG drawing: it does not start with an <svg> element."]
    return []
