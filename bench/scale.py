"""The benchmarks at scale, run by `make bench` after bench/handout.py:

1. seeds two throwaway databases with `seed_scale` at the issue's scale (10,000 exercises,
   100,000 patients, 200,000 programs), timing each: SQLite alone (the figure to hold
   against "under 5 minutes on 2 cores"), then PostgreSQL while the memory benchmark
   (bench/memory.py, its own small database) runs alongside, to save a few minutes;
2. bench/pages.py on each database (editor on SQLite; the searches on both), then
   bench/profile.py (where one search request's time goes);
3. bench/load.py: gunicorn under load, on the SQLite database; then bench/mixed.py, a
   clinic's mixed load, on each database;
4. prints the memory line, then drops the PostgreSQL database and the temporary files.

PostgreSQL is BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/rehab_bench);
that database is dropped and created again on each run. If the server cannot be reached,
the _postgres lines say so instead of a number. Smaller scales for a quick look:
BENCH_EXERCISES, BENCH_PATIENTS, BENCH_PROGRAMS (the printed lines then say the scale).
BENCH_SMOKE=1 (bench/smoke.py): 100 exercises, 200 patients, 400 programs, and the other
scripts at their smoke scale; it fails if PostgreSQL cannot be reached. A STATIC_ROOT in
the environment is the collected static files' folder, kept (`make bench` shares one)."""

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
BENCH = ROOT / "bench"
PY = sys.executable
POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/rehab_bench"
)
SCALE = {
    "exercises": env_count("BENCH_EXERCISES", 10_000, 100),
    "patients": env_count("BENCH_PATIENTS", 100_000, 200),
    "programs": env_count("BENCH_PROGRAMS", 200_000, 400),
}
SEED_TARGET_SECONDS = 300


def run(args, env, **kwargs):
    return subprocess.run([PY, *args], cwd=ROOT, env=env, check=True, **kwargs)


def seed(env, log_path):
    """migrate, the shipped catalogue, then seed_scale (timed); a Popen to wait on. Its
    errors go to `log_path`, shown if it fails."""
    scale = " ".join(f"--{name} {count}" for name, count in SCALE.items())
    script = (
        f"set -e; {PY} manage.py migrate --noinput -v0; "
        f"{PY} manage.py loaddata exercise_library conditions protocols -v0; "
        f"start=$(date +%s.%N); "
        f"{PY} manage.py seed_scale --settings=bench.settings {scale} -v0 >/dev/null; "
        f'end=$(date +%s.%N); echo "$start $end"'
    )
    with open(log_path, "w") as log:  # the child keeps its own copy of the file
        return subprocess.Popen(
            ["bash", "-c", script], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=log, text=True
        )


def recreate_postgres(url):
    """Drops and creates the benchmark database; False when PostgreSQL is not reachable."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if name in ("postgres", "test_postgres", "template0", "template1"):
        raise SystemExit(f"BENCH_POSTGRES_URL must name a database of its own, not {name!r}")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.OperationalError as error:
        print(f"  (PostgreSQL not reachable at {admin_url}: {error})".strip(), flush=True)
        return False
    return True


def drop_postgres(url):
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        name = sql.Identifier(parts.path.lstrip("/"))
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))


def vacuum_postgres(url):
    """VACUUM the freshly seeded database now, so that autovacuum does not work through
    the million inserted rows on the second core while the page benchmarks measure. Not
    part of the seeding time."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM (ANALYZE)")


def seeded_seconds(process, label, work):
    output, _ = process.communicate()
    if process.returncode != 0:
        print((work / f"seed-{label}.log").read_text()[-3000:], file=sys.stderr)
        raise SystemExit(f"seeding {label} failed")
    start, end = (float(value) for value in output.split())
    return end - start


def report_seed(label, seconds, detail):
    target = f"< {SEED_TARGET_SECONDS}"
    detail += scaled("", "; smoke scale, not a measurement")
    print(f"seed_scale_seconds_{label}: {seconds:.0f} (target {target}); {detail}", flush=True)


def main():
    work = Path(tempfile.mkdtemp(prefix="rehab-bench-scale-"))
    base = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    base.update(
        # One folder of collected static files (half a minute to make) for every script.
        STATIC_ROOT=os.environ.get("STATIC_ROOT") or str(work / "static"),
        MEDIA_ROOT=str(work / "media"),
        SQLITE_PATH=str(work / "scale.sqlite3"),
    )
    sqlite_env = dict(base)
    postgres_env = {**base, "DATABASE_URL": POSTGRES_URL}
    scale = ", ".join(f"{count:,} {name}" for name, count in SCALE.items())
    print(
        f"  (seeding {scale} into SQLite, then PostgreSQL; {scaled('a few minutes', 'seconds')})",
        flush=True,
    )
    try:
        has_postgres = recreate_postgres(POSTGRES_URL)
        if SMOKE and not has_postgres:  # CI has PostgreSQL: its benchmarks must run there
            raise SystemExit("bench-smoke needs PostgreSQL at BENCH_POSTGRES_URL")
        seconds = seeded_seconds(seed(sqlite_env, work / "seed-sqlite.log"), "sqlite", work)
        cores = f"{os.cpu_count()} cores"
        report_seed("sqlite", seconds, f"{scale}; alone on {cores}")
        memory = subprocess.Popen(
            [PY, str(BENCH / "memory.py")],
            cwd=ROOT,
            env={key: value for key, value in base.items() if key != "SQLITE_PATH"},
            stdout=subprocess.PIPE,
            text=True,
        )
        if has_postgres:
            process = seed(postgres_env, work / "seed-postgres.log")
            seconds = seeded_seconds(process, "postgres", work)
            report_seed("postgres", seconds, f"{scale}; beside the memory benchmark on {cores}")
            vacuum_postgres(POSTGRES_URL)
        memory_output, _ = memory.communicate()
        memory_ok = memory.returncode == 0

        run([str(BENCH / "pages.py"), "sqlite", "--editor"], sqlite_env)
        run([str(BENCH / "profile.py"), "sqlite"], sqlite_env)
        run([str(BENCH / "phone.py"), "sqlite_scale"], sqlite_env)
        if has_postgres:
            run([str(BENCH / "pages.py"), "postgres"], postgres_env)
            run([str(BENCH / "profile.py"), "postgres"], postgres_env)
            run([str(BENCH / "phone.py"), "postgres_scale"], postgres_env)
        else:
            for name in ("library_search", "patient_search"):
                print(f"{name}_p95_ms_postgres: not measured (target < 25); no PostgreSQL")
        run([str(BENCH / "load.py")], sqlite_env)
        run([str(BENCH / "mixed.py"), "sqlite"], sqlite_env)
        if has_postgres:
            run([str(BENCH / "mixed.py"), "postgres"], postgres_env)
        print(memory_output, end="", flush=True)
        if not memory_ok:
            raise SystemExit("the memory benchmark failed")
    finally:
        try:
            drop_postgres(POSTGRES_URL)
        except Exception as error:  # cleaning up must not hide the results above
            print(f"  (could not drop the benchmark database: {error})", file=sys.stderr)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    started = time.monotonic()
    main()
    print(f"  (bench/scale.py took {time.monotonic() - started:.0f} s)")
