def lines(text):
    """The non-blank lines of a text a clinic typed, stripped: one paragraph or list item
    each (instructions, a sheet's paragraphs and tick boxes)."""
    return [line.strip() for line in text.splitlines() if line.strip()]
