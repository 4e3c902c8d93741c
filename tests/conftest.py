import hashlib
import io
import os
from pathlib import Path

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

from clinics.roles import clinic_admin_group, library_editor_group
from handouts import render
from handouts.models import HandoutPDF, IssuedHandout
from library import region_counts

from .factories import (
    ClinicFactory,
    PatientFactory,
    ProgramFactory,
    TherapistFactory,
    UserFactory,
)


@pytest.fixture(scope="session")
def django_db_modify_db_settings_xdist_suffix(request):
    """Each pytest-xdist worker (`make test` runs the suite on every core) gets a test
    database of its own, test_<name>_gw0, as pytest-django's fixture does, but it knows
    SQLite only by Django's engine name and ours is rehab.db.sqlite3: a SQLite test database
    is in memory, one per worker already, so it keeps its name."""
    from django.conf import settings

    worker = getattr(request.config, "workerinput", {}).get("workerid")
    for database in settings.DATABASES.values() if worker else []:
        if database["ENGINE"].endswith("sqlite3"):
            continue
        name = database.get("TEST", {}).get("NAME") or f"test_{database['NAME']}"
        database.setdefault("TEST", {})["NAME"] = f"{name}_{worker}"


# What a test requests when it opens the database (pytest-django refuses it otherwise).
DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
}


def uses_database(item):
    """Whether a test opens the database: it asks pytest-django for it, or its module
    starts other processes (manage.py, make, gunicorn), which find it through
    DATABASE_URL without asking."""
    return (
        bool(DATABASE_FIXTURES & set(item.fixturenames))
        or item.get_closest_marker("django_db") is not None
        or hasattr(item.module, "subprocess")
    )


def pytest_collection_modifyitems(config, items):
    """DATABASE_TESTS_ONLY=1 (`make test-postgres`) runs only the tests that open the
    database: the others (drawings, docs, settings, the layer check...) give the same
    result whatever the database, and `make test` has run them on SQLite."""
    if os.environ.get("DATABASE_TESTS_ONLY") != "1":
        return
    others = [item for item in items if not uses_database(item)]
    if others:
        config.hook.pytest_deselected(items=others)
        items[:] = [item for item in items if uses_database(item)]


@pytest.fixture(autouse=True)
def media_folders(settings, tmp_path):
    """Anything written to the media folder goes to a fresh one for each test, never the
    checkout's."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def clinic(db):
    return ClinicFactory(name="Harbor Physical Therapy")


@pytest.fixture
def therapist(clinic):
    """Alice: a therapist at the Harbor clinic, no admin rights."""
    user = UserFactory(username="alice", first_name="Alice", last_name="Ng")
    return TherapistFactory(user=user, clinic=clinic)


@pytest.fixture
def other_clinic(db):
    return ClinicFactory(name="Hilltop Rehab")


@pytest.fixture
def other_clinic_therapist(other_clinic):
    """Bob: a therapist at another clinic."""
    user = UserFactory(username="bob", first_name="Bob", last_name="Ruiz")
    return TherapistFactory(user=user, clinic=other_clinic)


@pytest.fixture
def clinic_admin(clinic):
    """Charlie: runs the Harbor clinic (its details and accounts) in Django admin, and reads
    the shared library there."""
    user = UserFactory(username="charlie", first_name="Charlie", last_name="Ode", is_staff=True)
    user.groups.add(clinic_admin_group())
    return TherapistFactory(user=user, clinic=clinic)


@pytest.fixture
def other_clinic_admin(other_clinic):
    """Dave: the Hilltop clinic's admin."""
    user = UserFactory(username="dave", first_name="Dave", last_name="Kim", is_staff=True)
    user.groups.add(clinic_admin_group())
    return TherapistFactory(user=user, clinic=other_clinic)


@pytest.fixture
def library_editor(db):
    """Erin: keeps the library every clinic shares; staff, not a superuser, no clinic."""
    user = UserFactory(username="erin", first_name="Erin", last_name="Park", is_staff=True)
    user.groups.add(library_editor_group())
    return user


@pytest.fixture
def therapist_client(client, therapist):
    client.force_login(therapist.user)
    return client


@pytest.fixture
def clinic_admin_client(client, clinic_admin):
    client.force_login(clinic_admin.user)
    return client


@pytest.fixture
def library_editor_client(client, library_editor):
    client.force_login(library_editor)
    return client


def _stored_fields(model):
    """A table's fields the database does not compute itself (GeneratedField)."""
    return [field for field in model._meta.concrete_fields if not field.generated]


def _table_rows(cursor, model):
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in _stored_fields(model))
    cursor.execute(f"SELECT {columns} FROM {quote(model._meta.db_table)} ORDER BY 1")
    return cursor.fetchall()


@pytest.fixture(scope="session")
def loaded_rows(django_db_setup, django_db_blocker):
    """loaded_rows(*command) -> the rows a management command writes, by table, found
    once per worker: the command runs in a transaction that is then rolled back,
    and `write_rows` writes its rows again for each test that needs them, in milliseconds
    where the command takes up to seconds. Tests of the commands themselves call them."""
    models = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]
    found = {}

    def rows(*command):
        if command not in found:
            with django_db_blocker.unblock(), transaction.atomic(), connection.cursor() as cursor:
                before = {model: _table_rows(cursor, model) for model in models}
                call_command(*command, stdout=io.StringIO(), verbosity=0)
                after = {model: _table_rows(cursor, model) for model in models}
                transaction.set_rollback(True)
            changed = {model: now for model, now in after.items() if now != before[model]}
            # Every table written starts empty, so writing its rows again is the command's
            # whole effect (a table it changed would need more than inserts).
            assert not any(before[model] for model in changed), f"{command} changed a table"
            found[command] = changed
        return found[command]

    return rows


def write_rows(rows):
    """Writes rows found by `loaded_rows`. The tables' own triggers (SQLite's search
    index) run as they go in; PostgreSQL's sequences move past the ids written. In one
    transaction, so that the foreign keys are checked once every row is in (a test on
    a live server writes them outside the test's own transaction). Many rows to an
    INSERT: one at a time, PostgreSQL took half a second for the library's 580 steps."""
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for model, values in rows.items():
            fields = _stored_fields(model)
            names = ", ".join(quote(field.column) for field in fields)
            table = quote(model._meta.db_table)
            row = "(" + ", ".join(["%s"] * len(fields)) + ")"
            size = connection.ops.bulk_batch_size(fields, values)
            for start in range(0, len(values), size):
                batch = values[start : start + size]
                cursor.execute(
                    f"INSERT INTO {table} ({names}) VALUES {', '.join([row] * len(batch))}",
                    [value for batch_row in batch for value in batch_row],
                )
        for statement in connection.ops.sequence_reset_sql(no_style(), list(rows)):
            cursor.execute(statement)


# The seeds' exercises, conditions and protocols (fixtures/*.json), as loaddata leaves them.
SEED_FIXTURES = ("loaddata", "exercise_library", "conditions", "protocols")


@pytest.fixture
def seed_fixtures(db, loaded_rows):
    """The seeds' 28 exercises, their conditions and protocols."""
    write_rows(loaded_rows(*SEED_FIXTURES))


@pytest.fixture
def seed_library(db, loaded_rows):
    """The shipped base library, as `manage.py load_library` leaves it; only tests about
    the catalogue itself load it."""
    write_rows(loaded_rows("load_library"))


@pytest.fixture(autouse=True)
def fresh_region_counts():
    """The library filter's cached region counts start empty: an earlier test's rolled-back
    exercises sent no signal to forget them (library.region_counts)."""
    cache.delete(region_counts.KEY)


@pytest.fixture(scope="session")
def printed_pdfs():
    """The PDFs WeasyPrint has laid out in this worker, by the HTML they print."""
    return {}


# A folder the suites of one CI run share (.ci/run sets it): the PostgreSQL suite reads the
# PDF of any HTML the SQLite suite printed, about half of its renders (the others carry a
# new patient link's random token). Uploaded pictures have random names, so the same HTML
# is the same PDF whichever database the test ran on. The folder must be new for each run:
# the key is the HTML, not the stylesheets and drawings it links to.
SHARED_PDFS = os.environ.get("TEST_PDF_FOLDER")


def print_shared(print_html, html, key):
    """print_html(html), or the PDF another process printed from the same HTML."""
    if not SHARED_PDFS:
        return print_html(html)
    path = Path(SHARED_PDFS) / f"{key}.pdf"
    if path.exists():
        return path.read_bytes()
    pdf = print_html(html)
    written = path.with_name(f"{key}.{os.getpid()}.tmp")
    written.write_bytes(pdf)
    written.replace(path)  # whole, never half-written, for the other workers
    return pdf


@pytest.fixture(autouse=True)
def print_each_page_once(request, monkeypatch, printed_pdfs):
    """Many tests read the same handout (most print the bone-health protocol for the same
    patient on the same day, so the same HTML); WeasyPrint lays each one out once a worker,
    about 2 s of CPU for 12 exercises, and later tests read its real PDF. Tests of the render
    itself (the same bytes twice, the image cache) are marked `every_render`."""
    if request.node.get_closest_marker("every_render"):
        return
    print_html = render.print_html

    def print_once(html):
        key = hashlib.sha256(html.encode()).hexdigest()
        if key not in printed_pdfs:
            printed_pdfs[key] = print_shared(print_html, html, key)
        return printed_pdfs[key]

    monkeypatch.setattr(render, "print_html", print_once)


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # Real hashing costs ~0.3 s a user; tests that need it (logins) still go through auth.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def patient(therapist):
    return PatientFactory(clinic=therapist.clinic, name="Margaret Okafor", chart_number="A-1")


@pytest.fixture
def program(patient, therapist):
    """An empty program; test folders that need items or a protocol extend it."""
    return ProgramFactory(patient=patient, therapist=therapist)


@pytest.fixture
def foreign_program(other_clinic_therapist):
    return ProgramFactory(
        patient=PatientFactory(clinic=other_clinic_therapist.clinic),
        therapist=other_clinic_therapist,
    )


@pytest.fixture
def handout(program, therapist):
    """An issued handout with a stored (stand-in) PDF."""
    pdf = b"%PDF-1.7 stand-in"
    handout = IssuedHandout.objects.create(
        program=program,
        mode="filled",
        snapshot={},
        sha256=hashlib.sha256(pdf).hexdigest(),
        issued_by=therapist.user,
    )
    HandoutPDF.objects.create(handout=handout, data=pdf)
    return handout
