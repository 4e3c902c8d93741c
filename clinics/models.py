"""Who the data belongs to: clinics, their therapists and their patients. Everything else
points down at these; nothing here knows the library, programs or handouts."""

import re
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import F, Q, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Upper

from .search_index import FOLDS, match_query, patient_words_query, postgresql_folded


class PaperSize(models.TextChoices):
    LETTER = "letter", "Letter"
    A4 = "a4", "A4"


def default_time_zone():
    """The install's TIME_ZONE; a function, so migrations do not keep one machine's value."""
    return settings.TIME_ZONE


def validate_time_zone(name):
    """A name the tz database knows. Checked here rather than by `choices`, whose list
    (from the machine's tz database) would change the migrations from machine to machine."""
    if name not in zoneinfo.available_timezones():
        raise ValidationError(f"{name!r} is not a time zone name such as America/New_York.")


class Clinic(models.Model):
    name = models.CharField(max_length=120)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    logo = models.ImageField(upload_to="clinic-logos/", blank=True)
    paper_size = models.CharField(
        max_length=10, choices=PaperSize.choices, default=PaperSize.LETTER
    )
    time_zone = models.CharField(
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text="Where the clinic is: the patient's phone page counts days in this zone.",
    )
    # Page 1 of a filled handout: "Call us if..." and "Call 911 if...". Per language
    # (clinics/translation.py); left empty, the handout prints the defaults written in
    # handouts/services.py in the patient's language.
    call_us_if = models.TextField(
        "call us if",
        blank=True,
        help_text='One reason per line, in plain words ("You fall."). Leave empty for the '
        "defaults: a fall, sudden or new bad back pain, pain worse the next day.",
    )
    call_emergency_if = models.TextField(
        "call the emergency number if",
        blank=True,
        help_text="One reason per line. Leave empty for the defaults: chest pain or trouble "
        "breathing; dizziness, numbness or weakness that does not pass.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)


class Therapist(models.Model):
    """A clinic's member: the therapist profile of a login account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="therapist"
    )
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="therapists")
    credentials = models.CharField(max_length=40, blank=True, help_text='For example "PT, DPT".')
    phone = models.CharField(max_length=40, blank=True, help_text="Printed on handouts.")

    class Meta:
        ordering = ["user__last_name", "user__first_name"]

    def __str__(self):
        name = self.user.get_full_name() or self.user.get_username()
        return f"{name}, {self.credentials}" if self.credentials else name


class FamilyNameKey(models.Func):
    """A name's sort key: the family name, then the whole name, in lower case. There is no
    family-name field, so the family name is the text before a comma ("Okafor, Margaret")
    or else the name's last word ("Margaret Okafor"). Each database spells it its own way;
    the database keeps the result in `Patient.sort_name`."""

    output_field = models.CharField(max_length=250)
    # Elsewhere the key is the whole name, which sorts by first name.
    template = "LOWER(%(expressions)s)"

    def as_sqlite(self, compiler, connection, **extra_context):
        # rtrim(name, <every letter of the name but spaces>) keeps the name up to its last
        # space; replacing that beginning by nothing leaves the last word.
        template = (
            "(CASE WHEN instr(%(expressions)s, ',') > 0"
            " THEN lower(trim(substr(%(expressions)s, 1, instr(%(expressions)s, ',') - 1)))"
            " ELSE lower(replace(%(expressions)s,"
            " rtrim(%(expressions)s, replace(%(expressions)s, ' ', '')), ''))"
            " END || ' ' || lower(%(expressions)s))"
        )
        return self.as_sql(compiler, connection, template=template, **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        template = (
            "(CASE WHEN strpos(%(expressions)s, ',') > 0"
            " THEN lower(btrim(split_part(%(expressions)s, ',', 1)))"
            " ELSE lower(substring(%(expressions)s from '[^ ]*$'))"
            " END || ' ' || lower(%(expressions)s))"
        )
        return self.as_sql(compiler, connection, template=template, **extra_context)


class TableColumn(models.Expression):
    """A column of the query's own table that the model leaves out: kept by the database
    for a search alone, on PostgreSQL (the library's search document, the patients' upper
    case chart numbers), it is neither read nor written with the rows."""

    output_field = models.TextField()

    def __init__(self, column, alias=None):
        super().__init__()
        self.column, self.alias = column, alias

    def resolve_expression(self, query=None, *args, **kwargs):
        return TableColumn(self.column, query.get_initial_alias())

    def relabeled_clone(self, change_map):
        return TableColumn(self.column, change_map.get(self.alias, self.alias))

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(self.alias)
        return f"{table}.{connection.ops.quote_name(self.column)}", []


# PostgreSQL: the function of the index of the names' pairs of characters (clinics 0008).
NAME_PAIRS = "patient_name_pairs"


class NamePairs(models.Func):
    """PostgreSQL: the patient's folded name holds every two characters in a row of `word`
    ("zz": the pair "zz"; "o'b": "o'" and "'b"), asked of the GIN index of each name's
    pairs (clinics 0008). Every name that holds the word holds its pairs, so this finds
    those names and a few more, which the search's LIKE leaves out. For a word with no
    trigram; the function costs microseconds a row and is meant for its index alone."""

    function = NAME_PAIRS
    output_field = models.BooleanField()

    def __init__(self, word):
        super().__init__(F("search_name"))
        self.pairs = sorted({word[start : start + 2] for start in range(len(word) - 1)})

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = super().as_sql(compiler, connection, **extra_context)
        return f"{sql} @> %s::text[]", [*params, self.pairs]


# PostgreSQL: UPPER(chart_number), stored by the database (clinics 0007). Compared as it
# is, it spares the search an UPPER() of every patient's chart number the name's trigram
# index cannot exclude (half of a search for a word of two letters, docs/performance.md).
CHART_KEY = "chart_key"


class PatientQuerySet(models.QuerySet):
    def search(self, text):
        """Patients whose name holds the words, whose chart number is the words, or who
        have a condition whose name holds them ("osteo" finds osteoporosis).

        Costs one short query at once, over the list of conditions: a search that names
        no condition (most name one person) then asks nothing more of each patient row,
        and one that does matches their ids in a subquery, never a join that would
        repeat a patient once per condition. On PostgreSQL a search whose words have no
        trigram ("zz") finds the names through the index of their pairs (NamePairs)."""
        text = text.strip()
        words = search_words(text)
        if not words:
            return self
        # Every word somewhere in the folded name, in any order ("okafor marg" finds
        # Margaret Okafor, "zoe" finds Zoë). On SQLite every word must also begin a word
        # of the name ("oka" finds Okafor, "kafor" does not): the index of the names'
        # words (clinics.search_index.PATIENT_WORDS) picks the candidates, and the folded
        # match runs on those alone. PostgreSQL finds a word anywhere (trigram index).
        matches = Q(*(FoldedContains(F("search_name"), word) for word in words))
        candidates = indexed_patients(self.db, words)
        if candidates is not None:
            matches &= Q(pk__in=candidates)
        # The chart number as typed, in any case: UPPER() on both sides, as iexact on
        # PostgreSQL, so that the index of UPPER(chart_number) serves it; PostgreSQL
        # keeps the upper case in a column of its own (CHART_KEY) with its index.
        postgresql = connections[self.db].vendor == "postgresql"
        chart_key = TableColumn(CHART_KEY) if postgresql else Upper("chart_number")
        others = Q(models.lookups.Exact(chart_key, Upper(Value(text))))
        # Conditions live in the library, above this layer: reached through the relation.
        condition = self.model._meta.get_field("conditions").related_model
        conditions = list(
            condition.objects.filter(name__icontains=text).values_list("pk", flat=True)
        )
        if conditions:
            with_condition = Patient.conditions.through.objects.filter(
                condition__in=conditions
            ).values("patient_id")
            others |= Q(pk__in=with_condition)
        searched = self.filter(matches | others)
        pairs = [NamePairs(word) for word in words if len(word) > 1]
        if postgresql and pairs and not conditions and not any(map(has_trigram, words)):
            # No word has a trigram ("zz", "o'"): the trigram index cannot serve the names,
            # and PostgreSQL read every one. The index of the names' pairs of characters
            # finds the names that may hold the words, ORed with the chart number's index,
            # in a clause of its own beside the search's: only the cheap LIKE is checked
            # row by row, never the pairs. Not when a condition matches: its subquery is no
            # index, the plan would read every patient and compute many names' pairs
            # ("ro": 25 -> 113 ms).
            searched = searched.filter(Q(*pairs) | others)
        return searched

    def by_family_name(self):
        """Sorted by family name (see FamilyNameKey), read in that order from an index."""
        return self.order_by("sort_name", "pk")


# Each plain letter with every letter that folds to it, for SQLite's GLOB: "e" -> "[eéèêë...]".
GLOB_CLASSES = {}
for _letter, _plain in FOLDS.items():
    for _form in {_letter, _letter.upper()}:  # "ÿ" and "Ÿ", which lies outside Latin-1
        if len(_form) == 1 and _form not in GLOB_CLASSES.get(_plain, _plain):
            GLOB_CLASSES[_plain] = GLOB_CLASSES.get(_plain, _plain) + _form


def fold(text):
    """Text as the search compares it: lower case, accents dropped ("Zoë" -> "zoe")."""
    return "".join(FOLDS.get(letter, letter) for letter in text.lower())


def has_trigram(word):
    """Whether pg_trgm's index can serve LIKE '%word%': three letters or digits in a row.
    Without one ("up", "zz", "o'"), a search on PostgreSQL reads every row it may match."""
    return re.search(r"[^\W_]{3}", word) is not None


def search_words(text, *, limit=8):
    """A search's words, folded, in order, at most `limit` of them (each costs a match)."""
    return fold(text).split()[:limit]


def indexed_rowids(database, table, words):
    """On SQLite, a subquery of the rowids in `table`'s full-text index
    (clinics.search_index) holding every word as the beginning of one of theirs; None
    elsewhere, and when no word has a letter or digit to look up."""
    query = match_query(words)
    if connections[database].vendor != "sqlite" or query is None:
        return None
    return RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [query])


def indexed_patients(database, words):
    """On SQLite, a subquery of the ids of the patients in whose folded names every word
    begins a word (clinics.search_index.PATIENT_WORDS); None elsewhere, and when no word
    can be looked up there."""
    query = patient_words_query(words)
    if connections[database].vendor != "sqlite" or query is None:
        return None
    return RawSQL(*query)


class Folded(models.Func):
    """A text column as the search reads it, kept by the database in a generated column:
    on PostgreSQL folded (lower case, FOLDS translated in one call), matched with LIKE,
    which a trigram index serves; on SQLite in lower case only (its lower() changes only
    A-Z and it has no TRANSLATE), matched by FoldedContains with a GLOB whose classes
    hold every letter that folds to the searched one. Both find the same rows."""

    output_field = models.CharField()
    template = "LOWER(%(expressions)s)"

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = self.as_sql(compiler, connection, template="%(expressions)s", **extra_context)
        return postgresql_folded(sql), params


def glob_parts(word):
    """A folded word as GLOB patterns over lower(text) in SQLite, one piece a letter: a
    class of every letter that folds to it (and its capital when not A-Z, which lower()
    left), else the letter itself; GLOB's own characters as plain ones."""
    parts = []
    for letter in word:
        letters = GLOB_CLASSES.get(letter, letter)
        if not letter.isascii() and letter.upper() != letter and len(letter.upper()) == 1:
            letters += letter.upper()
        parts.append(f"[{letters}]" if len(letters) > 1 or letter in "*?[]" else letter)
    return parts


def glob_patterns(word):
    """The GLOB patterns a text must match to hold `word`: the word with its classes and,
    when it starts with a class, first a cheap one from its first plain letter on, with `?`
    for each class ("okafor": "*k?f?r*"). SQLite scans quickly for a plain first letter,
    but tries a class at every position: "*[oòóôõöø...]k[aàá...]f..." alone took five
    times as long as a LIKE over 100,000 names (docs/performance.md)."""
    parts = glob_parts(word)
    full = f"*{''.join(parts)}*"
    plain = [index for index, part in enumerate(parts) if len(part) == 1]
    if not plain or plain[0] == 0:
        return [full]
    skeleton = "".join(part if len(part) == 1 else "?" for part in parts[plain[0] :])
    return [f"*{skeleton}*", full]


class FoldedContains(models.Lookup):
    """`column` (a Folded generated column) holds `word` (folded by search_words()).
    Used as an expression: Q(FoldedContains(F("search_name"), word))."""

    lookup_name = "folded_contains"

    def __init__(self, lhs, word):
        self.word = word
        super().__init__(lhs, word)

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        pattern = f"%{connection.ops.prep_for_like_query(self.word)}%"
        return f"{lhs} LIKE %s", [*lhs_params, pattern]

    def as_sqlite(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        patterns = glob_patterns(self.word)
        sql = " AND ".join(f"{lhs} GLOB %s" for _ in patterns)
        return f"({sql})", [param for pattern in patterns for param in (*lhs_params, pattern)]


class Patient(models.Model):
    """Health information: only the patient's own clinic may see it."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="patients")
    name = models.CharField(max_length=120)
    search_name = models.GeneratedField(  # for the search: folded (Folded, fold())
        expression=Folded("name"), output_field=models.CharField(max_length=120), db_persist=True
    )
    sort_name = models.GeneratedField(  # the patient list's order
        expression=FamilyNameKey("name"),
        output_field=models.CharField(max_length=250),
        db_persist=True,
    )
    birth_date = models.DateField(null=True, blank=True)
    chart_number = models.CharField(max_length=40, blank=True)
    language = models.CharField(
        "handout language",
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
        help_text="The handout and education sheets print in this language.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PatientQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        # Search reads the searched name and chart number of every patient in the clinic:
        # with them in the index it reads the index alone, in the list's order, not each
        # row, and stops at the page's end.
        indexes = [
            models.Index(
                fields=["clinic", "name", "search_name", "chart_number"], name="patient_search"
            ),
            models.Index(
                fields=["clinic", "sort_name", "search_name", "chart_number"],
                name="patient_sort_search",
            ),
            # The search's chart number branch (PatientQuerySet.search): with an index of
            # its own, each database ORs it with the name's matches (PostgreSQL's trigram
            # index, SQLite's word index) instead of reading every patient of the clinic.
            models.Index(Upper("chart_number"), name="patient_chart_upper"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "chart_number"],
                condition=~Q(chart_number=""),
                name="chart_number_unique_in_clinic",
            ),
            models.CheckConstraint(name="patient_name_not_blank", condition=~Q(name="")),
        ]

    def __str__(self):
        return self.name
