"""SQLite's search indexes: the SQL that makes them, the triggers that keep them in step
with their tables, and the queries a search's words become. PostgreSQL uses trigram
indexes instead (library 0005, clinics 0004), and for the library one folded search
document an exercise (at the end, library 0009); none of the rest runs there.

- The library: a full-text index (FTS5), below.
- Patients' names: a plain table of word beginnings (`PATIENT_WORDS`, further down), not
  FTS5: an FTS5 index frees pages holding names each time it merges its segments, and
  only a connection with `secure_delete` on zeroes them, so an erased name would stay in
  the file (docs/performance.md). A row of a plain table goes when its patient goes, in
  the erasure's own transaction, which zeroes what it deletes.

The library's index folds accents itself (`unicode61 remove_diacritics 2`: "Zoë", "zoe" and
"ZOË" are one word to it) and the search asks for each word as a prefix ("marg" finds
Margaret). The index picks the candidates; the search's own folded match
(clinics.models.FoldedContains) then keeps those that hold every word as typed, so "100%"
finds "100%" and not "1000" (docs/performance.md)."""

import re
import unicodedata


def _folds():
    """{letter: its plain lower-case letter} for the accented letters of Latin-1 ("Ë" and
    "ë" -> "e", "Ø" -> "o"), from Unicode's own decompositions: the accents of the names and
    texts of Western Europe and the Americas. Other letters ("ł", "ř", "ß") are found as
    typed: each folded letter is a GLOB class on SQLite (FoldedContains), and a class
    where a word starts made the search several times slower (docs/performance.md)."""
    folds = {"Ø": "o", "ø": "o"}
    for code in range(0xC0, 0x100):
        letter = chr(code)
        decomposed = unicodedata.normalize("NFKD", letter)
        plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
        if plain != letter.lower() and len(plain) == 1 and plain.isascii() and plain.isalpha():
            folds[letter] = plain
    return folds


FOLDS = _folds()


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


def index_settles(word):
    """Whether the full-text index's match of `word` is already the search's folded match
    (clinics.models.FoldedContains), so that the candidates need no second look: a word
    of ASCII letters and digits is one token to the index, and a token begins with it
    where the text holds it, in any case, with the accents of FOLDS (and "ø") folded as
    fold() folds them. Only a letter outside Latin-1 that the tokenizer strips of its
    accent and fold() keeps ("č" read as "c") tells the two apart. A word with any other
    character ("100%", "o'brien"; "zoë" is folded to "zoe" before) is checked again."""
    return _PLAIN.fullmatch(word) is not None


_PLAIN = re.compile(r"[a-z0-9]+")


def match_query(words):
    """The FTS5 query for a search's words: every word, each as a prefix (a phrase when
    the tokenizer splits it, "o'brien" -> "o brien"*, in that order). None when no word
    holds a letter or digit ("*", "%"): the search then matches without the index."""
    phrases = [f'"{word.replace(chr(34), chr(34) * 2)}"*' for word in words if _TOKEN.search(word)]
    return " AND ".join(phrases) or None


# Patients' names ----------------------------------------------------------------------

PATIENT_WORDS = "clinics_patient_words"
# A stored word beginning is cut after this many letters; the search's folded match
# (clinics.models.FoldedContains) checks the rest of a longer word on the candidates.
WORD_LENGTH = 24
# Every letter position a name (max_length 120) can have, for json_each: SQLite keeps no
# CTE in a trigger, and json_each() is built in.
_POSITIONS = "[" + ",".join(str(n) for n in range(1, 121)) + "]"
FOLD_STAGE = 15
# FOLDS, and the capitals of its letters that lie outside Latin-1 ("Ÿ"): Python's lower()
# makes them small letters, SQLite's leaves them.
SQL_FOLDS = {**FOLDS, **{k.upper(): v for k, v in FOLDS.items() if len(k.upper()) == 1}}


def folded_sql(select):
    """SQL that folds the `piece` column of `select` (which also has `patient_id`) as
    clinics.models.fold() does (lower case, FOLDS' accents dropped), for SQLite, which has
    no TRANSLATE and whose lower() changes only A-Z: one replace() a letter, in nested
    SELECTs of FOLD_STAGE letters each, since SQLite's parser overflows beyond about 30
    nested calls. Its columns: `folded` and `patient_id`."""
    letters = list(SQL_FOLDS.items())
    sql = f"SELECT patient_id, lower(piece) AS folded FROM ({select})"
    for start in range(0, len(letters), FOLD_STAGE):
        expression = "folded"
        for letter, plain in letters[start : start + FOLD_STAGE]:
            expression = f"replace({expression}, '{letter}', '{plain}')"
        sql = f"SELECT patient_id, {expression} AS folded FROM ({sql})"
    return sql


# What a name's letters and digits are once folded: a word begins after anything else.
_WORD_LETTERS = "[a-zA-Z0-9" + "".join(SQL_FOLDS) + "]"


def _patient_rows(patient_id, name, source=""):
    """The INSERT of the word beginnings of the names `name` (of the rows of `source`):
    where a name begins, and after any character that is not a letter or digit once
    folded ("o'brien-smith" is found by "o'brien", "brien" and "smith"). The places are
    picked on the name as it is (folding keeps every letter's place) and only their
    pieces folded: folding all 120 places of every name took minutes for 100,000."""
    pieces = (
        f"SELECT substr({name}, position.value, {WORD_LENGTH}) AS piece,"
        f" {patient_id} AS patient_id FROM {source}json_each('{_POSITIONS}') AS position"
        f" WHERE position.value <= length({name}) AND substr({name}, position.value, 1) <> ' '"
        f" AND (position.value = 1"
        f" OR substr({name}, position.value - 1, 1) NOT GLOB '{_WORD_LETTERS}')"
    )
    return (
        f"INSERT OR IGNORE INTO {PATIENT_WORDS}(word, patient_id)"
        f" SELECT folded, patient_id FROM ({folded_sql(pieces)})"
    )


_NEW_PATIENT = _patient_rows("new.id", "new.name") + ";"
_PATIENT_GONE = f"DELETE FROM {PATIENT_WORDS} WHERE patient_id = old.id;"
# Named *_fts_* so that the app's flush (rehab/db/sqlite3) leaves them firing: its
# DELETE of the patients then empties this table too, which Django does not know.
PATIENT_TRIGGERS = {
    "clinics_patient_fts_insert": f"AFTER INSERT ON clinics_patient BEGIN {_NEW_PATIENT} END",
    "clinics_patient_fts_delete": f"AFTER DELETE ON clinics_patient BEGIN {_PATIENT_GONE} END",
    "clinics_patient_fts_update": (
        f"AFTER UPDATE OF id, name ON clinics_patient BEGIN {_PATIENT_GONE} {_NEW_PATIENT} END"
    ),
}


def create_patient_index(connection):
    """Makes (or makes again) the patients' word index and its triggers, and fills it:
    one row for each place a word begins in a patient's folded name, holding the name
    from there on (cut at WORD_LENGTH), so that a search word is a range of it."""
    if connection.vendor != "sqlite":
        return
    drop_patient_index(connection)
    _execute(
        connection,
        [
            f"CREATE TABLE {PATIENT_WORDS} (word TEXT NOT NULL, patient_id INTEGER NOT NULL,"
            " PRIMARY KEY (word, patient_id)) WITHOUT ROWID",
            # The triggers find a patient's rows by it (an edit, an erasure).
            f"CREATE INDEX {PATIENT_WORDS}_patient ON {PATIENT_WORDS} (patient_id)",
            *(f"CREATE TRIGGER {name} {body}" for name, body in PATIENT_TRIGGERS.items()),
            _patient_rows("patient.id", "patient.name", "clinics_patient AS patient, "),
        ],
    )


def drop_patient_index(connection):
    if connection.vendor != "sqlite":
        return
    _execute(
        connection,
        [
            *(f"DROP TRIGGER IF EXISTS {name}" for name in PATIENT_TRIGGERS),
            f"DROP TABLE IF EXISTS {PATIENT_WORDS}",
        ],
    )


def patient_words_query(words):
    """SQL and parameters of the ids of the patients in whose folded names every word
    (folded, clinics.models.search_words) begins a word: one range of the index a word,
    their INTERSECT. Only words of plain letters, digits and signs (ASCII once folded)
    are looked up: SQLite's lower() leaves other capitals ("Ł") as they are, so the
    index may hold a name's word in another case than the search's. None when no word
    is such: the search then matches without the index."""
    parts, params = [], []
    for word in filter(str.isascii, words):
        start = word[:WORD_LENGTH]
        parts.append(f"SELECT patient_id FROM {PATIENT_WORDS} WHERE word >= %s AND word < %s")
        params += [start, start + "\U0010ffff"]
    return (" INTERSECT ".join(parts), params) if parts else None


# PostgreSQL: the library's search document. Each search word was an OR of the folded name,
# summary and a subquery of the steps, which no index serves as one: the planner read every
# exercise for every word. The document holds the three, folded, in one column with one
# trigram index, so each word is one LIKE that the index answers and the words' scans
# are ANDed in it (docs/performance.md). The parts are joined by a line break: a search
# word never holds whitespace (clinics.models.search_words), so it cannot match across
# two parts, and a word is in the document exactly when it is in one of them. Not a
# field of the model: only these triggers write it, and only the search reads it
# (clinics.models.TableColumn, in Exercise.objects.search); SQLite has its full-text
# index above instead.
DOCUMENT = "search_document"
DOCUMENT_INDEX = "exercise_search_document_trgm"
_SEPARATOR = "E'\\n'"
_STEP_TEXTS = (
    f"(SELECT string_agg(step.search_text, {_SEPARATOR} ORDER BY step.id)"
    " FROM library_exercisestep step WHERE step.exercise_id = {})"
)


def postgresql_folded(sql):
    """`sql` folded on PostgreSQL: lower case, FOLDS translated in one call. The generated
    search columns (clinics.models.Folded) and the document's trigger share it."""
    letters, plains = "".join(FOLDS), "".join(FOLDS.values())
    return f"TRANSLATE(LOWER({sql}), '{letters}', '{plains}')"


def _document(name, summary, exercise_id):
    return f"concat_ws({_SEPARATOR}, {name}, {summary}, {_STEP_TEXTS.format(exercise_id)})"


# Before a row is written, from the new name and summary: the generated search_name and
# search_summary are computed after BEFORE triggers, so they are folded here as they are.
_NEW_DOCUMENT = _document(postgresql_folded("NEW.name"), postgresql_folded("NEW.summary"), "NEW.id")
_EXERCISE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION library_exercise_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.{DOCUMENT} := {_NEW_DOCUMENT};
    RETURN NEW;
END $$"""
# After a statement writes steps, their exercises' (both, when a step moves), each once:
# their stored folded columns are current then. Per statement, with the rows it wrote
# (transition tables), so that a bulk insert of many steps rewrites each exercise once,
# not once a step; an update that changes neither text nor exercise (a reorder) none.
_FILL = (
    f"UPDATE library_exercise SET {DOCUMENT} ="
    f" {_document('search_name', 'search_summary', 'library_exercise.id')}"
)
_REFRESH = _FILL + " WHERE id IN ({});"
# The steps whose text or exercise an update changed, on either side: EXCEPT, hashed,
# as a join of the two transition tables (which have no index) was planned as a nested
# loop, 0.75 s for 4,000 steps reordered.
_MOVED_OR_EDITED = (
    "SELECT exercise_id FROM (SELECT id, exercise_id, text FROM new_steps"
    " EXCEPT SELECT id, exercise_id, text FROM old_steps) AS edited"
    " UNION SELECT exercise_id FROM (SELECT id, exercise_id, text FROM old_steps"
    " EXCEPT SELECT id, exercise_id, text FROM new_steps) AS was"
)
_STEP_FUNCTION = f"""
CREATE OR REPLACE FUNCTION library_exercisestep_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_REFRESH.format("SELECT exercise_id FROM new_steps")}
    ELSIF TG_OP = 'DELETE' THEN
        {_REFRESH.format("SELECT exercise_id FROM old_steps")}
    ELSE
        {_REFRESH.format(_MOVED_OR_EDITED)}
    END IF;
    RETURN NULL;
END $$"""
# {trigger: (table, when, function)}. PostgreSQL takes transition tables only in a trigger
# of one event, and without a column list.
DOCUMENT_TRIGGERS = {
    "library_exercise_document": (
        "library_exercise",
        "BEFORE INSERT OR UPDATE OF name, summary",
        "FOR EACH ROW EXECUTE FUNCTION library_exercise_document()",
    ),
    **{
        f"library_exercisestep_document_{event.lower()}": (
            "library_exercisestep",
            f"AFTER {event}",
            f"REFERENCING {tables} FOR EACH STATEMENT"
            " EXECUTE FUNCTION library_exercisestep_document()",
        )
        for event, tables in [
            ("INSERT", "NEW TABLE AS new_steps"),
            ("DELETE", "OLD TABLE AS old_steps"),
            ("UPDATE", "OLD TABLE AS old_steps NEW TABLE AS new_steps"),
        ]
    },
}
_DOCUMENT_FUNCTIONS = ["library_exercise_document", "library_exercisestep_document"]


def create_exercise_document(connection):
    """Makes (or makes again) the library's search document on PostgreSQL: the column, the
    functions and triggers that keep it, its value for every exercise and its index."""
    if connection.vendor != "postgresql":
        return
    drop_exercise_document(connection)
    _execute(
        connection,
        [
            f"ALTER TABLE library_exercise ADD COLUMN {DOCUMENT} text",
            _EXERCISE_FUNCTION,
            _STEP_FUNCTION,
            *(
                f"CREATE TRIGGER {name} {when} ON {table} {how}"
                for name, (table, when, how) in DOCUMENT_TRIGGERS.items()
            ),
            _FILL,
            f"CREATE INDEX {DOCUMENT_INDEX} ON library_exercise"
            f" USING gin ({DOCUMENT} gin_trgm_ops)",
            "ANALYZE library_exercise",
        ],
    )


def drop_exercise_document(connection):
    if connection.vendor != "postgresql":
        return
    _execute(
        connection,
        [
            *(
                f"DROP TRIGGER IF EXISTS {name} ON {table}"
                for name, (table, *_) in DOCUMENT_TRIGGERS.items()
            ),
            *(f"DROP FUNCTION IF EXISTS {name}()" for name in _DOCUMENT_FUNCTIONS),
            f"ALTER TABLE library_exercise DROP COLUMN IF EXISTS {DOCUMENT}",
        ],
    )
