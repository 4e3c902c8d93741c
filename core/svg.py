"""Checking SVG drawings for anything that could run or fetch: the exercise drawings are
SVG files shipped with the install or uploaded by a clinic admin, and shown in pages and
handouts. An unsafe drawing is refused with the reasons, never quietly changed: the admin
sees what to fix, and what is stored is exactly what was checked."""

import re
import xml.etree.ElementTree as ElementTree

import tinycss2

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
# CSS functions besides url() that fetch a file, or show another part of the page: a
# drawing needs none. Named without a vendor prefix (-webkit-image-set is image-set).
FETCHING_FUNCTIONS = {"src", "image", "image-set", "cross-fade", "element", "attr"}
VENDOR_PREFIX = re.compile(r"^-[a-z]+-")
IGNORED = {"whitespace", "comment"}
# A processing instruction other than the XML declaration, e.g. <?xml-stylesheet href=...?>:
# the parser drops them silently, a browser opening the file follows them.
INSTRUCTION = re.compile(r"<\?(?!xml\s)", re.IGNORECASE)
OTHER_ENCODING = re.compile(
    r"\s*<\?xml\s[^>]*encoding\s*=\s*['\"](?!utf-?8['\"])([^'\"]*)", re.IGNORECASE
)


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
            else:
                # Presentation attributes (fill, filter, mask...) are CSS values too.
                found = css_problem(value, stylesheet=local == "style")
                if found:
                    problems.append(f"<{name}> has a {local} that fetches from outside ({found}).")
        if name == "style":
            problems.extend(style_element_problems(element))
    return problems


def style_element_problems(element):
    """A <style> element is read by the browser as a whole stylesheet: its text, and the
    text after any element put inside it. Such an element has no business there."""
    problems = []
    if len(element):
        problems.append("A <style> element contains other elements; it may hold only CSS.")
    found = css_problem("".join(element.itertext()), stylesheet=True)
    if found:
        problems.append(f"A <style> element fetches from outside ({found}).")
    return problems


def css_problem(text, *, stylesheet):
    """What in this CSS could fetch from outside the drawing, in a few words, else None.

    The text is read as a browser reads it (tinycss2 follows the CSS syntax spec), so an
    escape counts as what it spells: `\\75 rl(` is url(, `@\\69mport` is @import. Refused:
    a url() that is not "#id" in the drawing (or cannot be read), the functions that fetch
    or copy a picture (FETCHING_FUNCTIONS), and in a stylesheet or style attribute any
    at-rule (@import, @font-face...; a drawing needs none). Walked with a list, not
    recursion: a hostile file may nest brackets a hundred thousand deep."""
    tokens = tinycss2.parse_component_value_list(text)[::-1]
    while tokens:
        token = tokens.pop()
        if token.type == "url" and not token.value.startswith("#"):
            return f"url({token.value[:60]})"
        if token.type == "error" and token.kind == "bad-url":
            return "a url() that cannot be read"
        if token.type == "at-keyword" and stylesheet:
            return f"@{token.lower_value}"
        if token.type == "function":
            name = VENDOR_PREFIX.sub("", token.lower_name)
            values = [value for value in token.arguments if value.type not in IGNORED]
            target = values[0].value if values and values[0].type == "string" else ""
            if name == "url" and not (len(values) == 1 and target.startswith("#")):
                return f"url({target[:60]})"
            if name in FETCHING_FUNCTIONS:
                return f"{token.lower_name}()"
            tokens.extend(token.arguments[::-1])
        elif token.type in ("() block", "[] block", "{} block"):
            tokens.extend(token.content[::-1])
    return None


def uploaded_drawing_problems(data):
    """What is wrong with uploaded bytes meant as an SVG drawing: not UTF-8 text, not an
    <svg> document, or unsafe (svg_problems). Empty when it may be stored as it is."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ["This file is not an SVG drawing (SVG is text; this is not)."]
    # Checked as UTF-8, so it must be read as UTF-8 everywhere: another declared encoding
    # could make a browser read other markup from the same bytes.
    declared = OTHER_ENCODING.match(text)
    if declared:
        return [f"It declares the encoding {declared[1]}; save it as UTF-8."]
    problems = svg_problems(text)
    if problems:
        return problems
    root = ElementTree.fromstring(text)
    if root.tag != f"{{{SVG_NAMESPACE}}}svg":
        return ["This file is not an SVG drawing: it does not start with an <svg> element."]
    return []
