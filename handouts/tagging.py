"""Running headers and footers as artifacts in the tagged PDF.

WeasyPrint 70 lays out page margin boxes (the patient's name and date, the clinic, "Page X
of Y") as marked content with structure elements that it never links into the document's
structure tree (only PDF 2.0 allows artifacts there). A screen reader then meets them as
loose content, or not at all. This marks them as pagination artifacts instead, as PDF/UA
asks: every marked sequence whose structure element does not hang in the tree becomes
`/Artifact BMC`. About 15 ms a handout (pikepdf, on the PDF WeasyPrint wrote)."""

import io
import re

import pikepdf

# How WeasyPrint writes a tagged sequence's start: "/Span\n<</MCID 57>>\nBDC".
MARKED = re.compile(rb"/\w+\n<</MCID (\d+)>>\nBDC")


def mark_page_artifacts(pdf_bytes):
    pdf = pikepdf.open(io.BytesIO(pdf_bytes))
    for page, loose in loose_sequences(pdf):
        if not loose:
            continue

        def as_artifact(match, loose=loose):
            return b"/Artifact\nBMC" if int(match.group(1)) in loose else match.group(0)

        page.Contents = pdf.make_stream(MARKED.sub(as_artifact, page.Contents.read_bytes()))
    out = io.BytesIO()
    # A deterministic /ID (from the content, not the clock): the same snapshot renders to
    # the same bytes (render_handout --issued, verify_handouts --rerender).
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


def loose_sequences(pdf):
    """(page, MCIDs of its marked sequences whose structure element is not in the tree),
    for each page of an open pikepdf document."""
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    elements_of = {int(nums[index]): nums[index + 1] for index in range(0, len(nums), 2)}
    cache = {}
    for page in pdf.pages:
        elements = elements_of.get(int(page.get("/StructParents", -1)), [])
        yield page, {mcid for mcid, element in enumerate(elements) if not _linked(element, cache)}


def _linked(element, cache):
    """True when the element hangs in the structure tree: its parent lists it among its
    kids, and so on up to the root."""
    key = element.objgen
    if key not in cache:
        parent = element.get("/P")
        if parent is None or parent.get("/Type") == "/StructTreeRoot":
            cache[key] = parent is not None
        else:
            kids = parent.get("/K")
            kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
            listed = any(isinstance(kid, pikepdf.Dictionary) and kid.objgen == key for kid in kids)
            cache[key] = listed and _linked(parent, cache)
    return cache[key]
