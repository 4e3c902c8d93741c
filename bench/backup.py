"""Backup and restore at the bench scale, on SQLite and on PostgreSQL.

Seeds a throwaway install (seed_scale: 10,000 exercises, 100,000 patients, 200,000
programs, and BENCH_HANDOUTS issued handouts, default 100,000, each with a real handout
PDF made distinct by a few random bytes), then times, in subprocesses as an operator runs
them:

- backup_seconds: `manage.py backup --out FILE`;
- verify_seconds: `manage.py verify_backup FILE`;
- restore_seconds: `manage.py restore FILE` into a second, empty install;
and prints the database's size, the backup's, and the handout PDFs' share of the database.

The restored install must hold as many exercises, patients, programs, items, handouts
and PDFs as the one backed up, or the benchmark fails.

PostgreSQL is BENCH_POSTGRES_URL's server (default postgres://postgres@127.0.0.1:5432/
rehab_bench), databases named after it with _backup and _restore (rehab_bench_backup,
rehab_bench_restore), dropped and created on each run. Smaller scales for a quick look:
BENCH_EXERCISES, BENCH_PATIENTS, BENCH_PROGRAMS, BENCH_HANDOUTS. BENCH_SMOKE=1
(bench/smoke.py): 100 exercises, 200 patients, 400 programs, 20 handouts, and it fails if
PostgreSQL cannot be reached. Run by `make bench`, or `.venv/bin/python bench/backup.py`."""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from smoke import SMOKE, env_count, scaled

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
KEY = "benchmark-backup-key-not-secret-0123456789"
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/rehab_bench")
SCALE = {
    "exercises": env_count("BENCH_EXERCISES", 10_000, 100),
    "patients": env_count("BENCH_PATIENTS", 100_000, 200),
    "programs": env_count("BENCH_PROGRAMS", 200_000, 400),
}
HANDOUTS = env_count("BENCH_HANDOUTS", 100_000, 20)

# Run inside the seeded install: one real handout rendered, then HANDOUTS rows and PDFs.
ADD_HANDOUTS = """
import os, hashlib, sys
import django
django.setup()
from django.db import transaction
from handouts.models import HandoutPDF, IssuedHandout
from handouts.services import build_snapshot, handout_programs, render_snapshot_pdf
from programs.models import Program

wanted = int(sys.argv[1])
programs = list(Program.objects.order_by("pk").values_list("pk", "therapist__user_id")[:wanted])
program = handout_programs("filled").get(pk=programs[0][0])
snapshot = build_snapshot(program, mode="filled", large_print=False)
pdf = render_snapshot_pdf(snapshot)
for start in range(0, wanted, 1000):
    batch = [programs[n % len(programs)] for n in range(start, min(start + 1000, wanted))]
    pdfs = [pdf + os.urandom(32) for _ in batch]
    with transaction.atomic():
        rows = IssuedHandout.objects.bulk_create(
            IssuedHandout(
                program_id=program_id, mode="filled", snapshot=snapshot,
                sha256=hashlib.sha256(data).hexdigest(), issued_by_id=user_id,
            )
            for (program_id, user_id), data in zip(batch, pdfs)
        )
        HandoutPDF.objects.bulk_create(
            HandoutPDF(handout_id=row.pk, data=data) for row, data in zip(rows, pdfs)
        )
print(len(pdf))
"""

SIZES = """
import django
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    if connection.vendor == "sqlite":
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.execute("SELECT SUM(pgsize) FROM dbstat WHERE name = 'handouts_handoutpdf'")
        pdfs = cursor.fetchone()[0] or 0
        import os
        total = os.path.getsize(connection.settings_dict["NAME"])
    else:
        cursor.execute("SELECT pg_database_size(current_database())")
        total = cursor.fetchone()[0]
        cursor.execute("SELECT pg_total_relation_size('handouts_handoutpdf')")
        pdfs = cursor.fetchone()[0]
print(total, pdfs)
"""

# The rows a restore must bring back, counted in each install.
COUNTS = """
import django
django.setup()
from clinics.models import Patient
from handouts.models import HandoutPDF, IssuedHandout
from library.models import Exercise
from programs.models import Program, ProgramItem
for model in (Exercise, Patient, Program, ProgramItem, IssuedHandout, HandoutPDF):
    print(model.__name__, model.objects.count())
"""


def environment(work, database):
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL"}}
    env.update(
        BACKUP_KEY=KEY,
        MEDIA_ROOT=str(work / "media"),
        PYTHONPATH=str(ROOT),
        DJANGO_SETTINGS_MODULE="rehab.settings",
    )
    if database.startswith("postgres"):
        env["DATABASE_URL"] = database
    else:
        env["SQLITE_PATH"] = database
    return env


def run(args, env):
    """The command's output; a failing command fails the benchmark."""
    return subprocess.run(
        [PY, *args], cwd=ROOT, env=env, check=True, stdout=subprocess.PIPE, text=True
    ).stdout


def timed(args, env):
    start = time.perf_counter()
    run(args, env)
    return time.perf_counter() - start


def postgres(name):
    parts = urlsplit(POSTGRES)
    return urlunsplit(parts._replace(path=f"/{name}"))


def postgres_named(suffix):
    """BENCH_POSTGRES_URL's database name with a suffix, so that two checkouts running the
    benchmark with their own BENCH_POSTGRES_URL do not share databases."""
    name = urlsplit(POSTGRES).path.lstrip("/") or "rehab_bench"
    return postgres(f"{name}_{suffix}")


def recreate(url):
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(postgres("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def drop(url):
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(postgres("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def bench(vendor, source, target, work):
    scale = [f"--{name}={count}" for name, count in SCALE.items()]
    env = environment(work / "source", source)
    run(["manage.py", "migrate", "--noinput", "-v0"], env)
    run(["manage.py", "loaddata", "exercise_library", "conditions", "protocols", "-v0"], env)
    run(["manage.py", "seed_scale", "--settings=bench.settings", *scale, "-v0"], env)
    run(["-c", ADD_HANDOUTS, str(HANDOUTS)], env)
    sizes = subprocess.run(
        [PY, "-c", SIZES], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    total, pdfs = (int(number) for number in sizes.stdout.split())
    out = work / f"{vendor}.backup"
    backup = timed(["manage.py", "backup", "--out", str(out)], env)
    verify = timed(["manage.py", "verify_backup", str(out)], env)
    target_env = environment(work / "target", target)
    restore = timed(["manage.py", "restore", str(out)], target_env)
    source_rows, target_rows = run(["-c", COUNTS], env), run(["-c", COUNTS], target_env)
    assert source_rows == target_rows, f"restored\n{target_rows}backed up\n{source_rows}"
    what = f"{SCALE['patients']:,} patients, {SCALE['programs']:,} programs, {HANDOUTS:,} handouts"
    size = f"database {total / 1e9:.2f} GB (handout PDFs {pdfs / 1e9:.2f} GB)"
    smoke = scaled("", "; smoke scale, not a measurement")
    print(
        f"backup_seconds_{vendor}: {backup:.1f} (reported); {what}; {size}; "
        f"backup file {out.stat().st_size / 1e9:.2f} GB{smoke}"
    )
    print(f"verify_backup_seconds_{vendor}: {verify:.1f} (reported){smoke}")
    print(
        f"restore_seconds_{vendor}: {restore:.1f} (reported); into an empty install, "
        f"migrate included, every row back{smoke}",
        flush=True,
    )
    out.unlink()


def main():
    work = Path(tempfile.mkdtemp(prefix="rehab-bench-backup-"))
    try:
        bench("sqlite", str(work / "source.sqlite3"), str(work / "target.sqlite3"), work)
        source, target = postgres_named("backup"), postgres_named("restore")
        try:
            recreate(source)
            recreate(target)
        except Exception as problem:  # noqa: BLE001
            if SMOKE:  # CI has PostgreSQL: its benchmarks must run there
                raise
            print(f"backup_seconds_postgres: not measured ({problem})")
            return
        try:
            bench("postgres", source, target, work)
        finally:
            drop(source)
            drop(target)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
