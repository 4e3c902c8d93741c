def editor_data(program, items, lock_version=None, **header):
    """The POST the editor page sends: header fields, management form, one block per row."""
    data = {
        "title": program.title,
        "frequency": program.frequency,
        "special_instructions": program.special_instructions,
        "general_instructions": program.general_instructions,
        "lock_version": lock_version or program.lock_version,
        "items-TOTAL_FORMS": len(items),
        "items-INITIAL_FORMS": 0,
        "items-MIN_NUM_FORMS": 0,
        "items-MAX_NUM_FORMS": 40,
    }
    data.update(header)
    for index, item in enumerate(items):
        row = {"ORDER": index + 1, "sets": 1, "side": "", **item}
        if "exercise" in row and hasattr(row["exercise"], "pk"):
            row["exercise"] = row["exercise"].pk
        for name, value in row.items():
            if name == "DELETE" and not value:
                continue
            data[f"items-{index}-{name}"] = value
    return data
