"""SQLite's full-text index (FTS5) for the library search: the SQL that makes it, the
triggers that keep it in step with its tables, and the MATCH query a search's words
become. Patients' names have none: see docs/performance.md (an FTS5 index frees pages
holding names each time it merges its segments, and only a connection with
`secure_delete` on zeroes them, so an erased name would stay in the file). PostgreSQL
uses trigram indexes instead (library 0005) and none of this runs there.

The tokenizer folds accents itself (`unicode61 remove_diacritics 2`: "Zoë", "zoe" and
"ZOË" are one word to it) and the search asks for each word as a prefix ("marg" finds
Margaret). The index picks the candidates; the search's own folded match
(clinics.models.FoldedContains) then keeps those that hold every word as typed, so "100%"
finds "100%" and not "1000" (docs/performance.md)."""

import re

TOKENIZE = "unicode61 remove_diacritics 2"
# Prefix indexes for the shortest prefixes a therapist types, which match the most words.
PREFIX = "2 3"


def indexed(column):
    """A text as the index is given it: the tokenizer folds every accent of
    clinics.models.FOLDS but "ø" and "Ø", which Unicode does not decompose."""
    return f"replace(replace({column}, 'ø', 'o'), 'Ø', 'o')"


def _execute(connection, statements):
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


EXERCISE_FTS = "library_exercise_fts"
_STEPS = "(SELECT group_concat(text, ' ') FROM library_exercisestep WHERE exercise_id = {})"
_EXERCISE_ROW = (
    f"INSERT INTO {EXERCISE_FTS}(rowid, name, summary, steps)"
    f" SELECT id, {indexed('name')}, {indexed('summary')},"
    f" {indexed(_STEPS.format('library_exercise.id'))}"
    f" FROM library_exercise WHERE id = {{}};"
)
_EXERCISE_GONE = f"DELETE FROM {EXERCISE_FTS} WHERE rowid = {{}};"
EXERCISE_TRIGGERS = {
    "library_exercise_fts_insert": (
        f"AFTER INSERT ON library_exercise BEGIN {_EXERCISE_ROW.format('new.id')} END"
    ),
    "library_exercise_fts_delete": (
        f"AFTER DELETE ON library_exercise BEGIN {_EXERCISE_GONE.format('old.id')} END"
    ),
    "library_exercise_fts_update": (
        "AFTER UPDATE OF name, summary ON library_exercise BEGIN"
        f" {_EXERCISE_GONE.format('old.id')} {_EXERCISE_ROW.format('new.id')} END"
    ),
    "library_exercisestep_fts_insert": (
        "AFTER INSERT ON library_exercisestep BEGIN"
        f" {_EXERCISE_GONE.format('new.exercise_id')} {_EXERCISE_ROW.format('new.exercise_id')}"
        " END"
    ),
    "library_exercisestep_fts_delete": (
        "AFTER DELETE ON library_exercisestep BEGIN"
        f" {_EXERCISE_GONE.format('old.exercise_id')} {_EXERCISE_ROW.format('old.exercise_id')}"
        " END"
    ),
    "library_exercisestep_fts_update": (
        "AFTER UPDATE OF text, exercise_id ON library_exercisestep BEGIN"
        f" {_EXERCISE_GONE.format('old.exercise_id')} {_EXERCISE_ROW.format('old.exercise_id')}"
        f" {_EXERCISE_GONE.format('new.exercise_id')} {_EXERCISE_ROW.format('new.exercise_id')}"
        " END"
    ),
}


def create_exercise_index(connection):
    """Makes (or makes again) the library's index (an exercise's name, summary and steps,
    one row an exercise, with its own copy of the text) and its triggers, and fills it."""
    if connection.vendor != "sqlite":
        return
    drop_exercise_index(connection)
    _execute(
        connection,
        [
            f"CREATE VIRTUAL TABLE {EXERCISE_FTS} USING fts5(name, summary, steps,"
            f" tokenize='{TOKENIZE}', prefix='{PREFIX}')",
            *(f"CREATE TRIGGER {name} {body}" for name, body in EXERCISE_TRIGGERS.items()),
            f"INSERT INTO {EXERCISE_FTS}(rowid, name, summary, steps)"
            f" SELECT id, {indexed('name')}, {indexed('summary')},"
            f" {indexed(_STEPS.format('library_exercise.id'))}"
            " FROM library_exercise",
        ],
    )


def drop_exercise_index(connection):
    if connection.vendor != "sqlite":
        return
    _execute(
        connection,
        [
            *(f"DROP TRIGGER IF EXISTS {name}" for name in EXERCISE_TRIGGERS),
            f"DROP TABLE IF EXISTS {EXERCISE_FTS}",
        ],
    )


# A word the tokenizer keeps something of: a letter or digit (unicode61's token
# characters are letters, numbers and private-use characters).
_TOKEN = re.compile(r"[^\W_]")


def match_query(words):
    """The FTS5 query for a search's words: every word, each as a prefix (a phrase when
    the tokenizer splits it, "o'brien" -> "o brien"*, in that order). None when no word
    holds a letter or digit ("*", "%"): the search then matches without the index."""
    phrases = [f'"{word.replace(chr(34), chr(34) * 2)}"*' for word in words if _TOKEN.search(word)]
    return " AND ".join(phrases) or None
