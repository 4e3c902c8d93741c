"""Say each number once: the preview warns (never blocks) when the special instructions or
an exercise's note mention a count, hold, minutes or sets that differ from the program's
own numbers ("Special instructions say 5 times; Bridge says 10 times."). A literal reader
given two counts does the higher one from day one."""

import re

# A number followed by its unit, in the handout's languages (English and Spanish).
UNITS = {
    "reps": ("times", r"times|veces|reps|repetitions|repeticiones"),
    "hold": ("seconds", r"seconds|secs?|segundos"),
    "minutes": ("minutes", r"minutes|mins?|minutos"),
    "sets": ("sets", r"sets|series"),
}


def mentioned(text):
    """{kind: the numbers the text says for it}."""
    found = {}
    for kind, (_, words) in UNITS.items():
        numbers = {int(n) for n in re.findall(rf"\b(\d+)\s*(?:{words})\b", text, re.IGNORECASE)}
        if numbers:
            found[kind] = numbers
    return found


def own_numbers(item):
    """{kind: the numbers the item itself prints}; a progression's whole range counts."""
    own = {
        "reps": {item.reps} if item.reps else set(),
        "hold": {item.hold_min_seconds, item.hold_max_seconds} - {None},
        "minutes": {item.stay_minutes} if item.stay_minutes else set(),
        "sets": {item.sets} if item.sets else set(),
    }
    if item.grows:
        own[item.grows] = set(range(item.grow_start, item.grow_up_to + 1))
    return own


def number_clashes(program, items):
    """Sentences for the preview, one per source and exercise whose numbers differ.
    `items`: the program's items with their exercises (no query here)."""
    sources = [("Special instructions say", program.special_instructions, items)]
    sources += [(f"{item.exercise.name}'s note says", item.note, [item]) for item in items]
    clashes = []
    for source, text, targets in sources:
        for kind, numbers in mentioned(text or "").items():
            unit = UNITS[kind][0]
            for item in targets:
                own = own_numbers(item)[kind]
                if own and numbers - own:
                    said = ", ".join(str(n) for n in sorted(numbers))
                    shown = _shown(item, kind, own)
                    clashes.append(f"{source} {said} {unit}; {item.exercise.name} says {shown}.")
    return clashes


def _shown(item, kind, own):
    unit = UNITS[kind][0]
    if item.grows == kind:
        return f"{item.grow_start} to {item.grow_up_to} {unit}"
    return f"{' to '.join(str(n) for n in sorted(own))} {unit}"
