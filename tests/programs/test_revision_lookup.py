"""A program's next revision is found through an index, however many programs are first
revisions (programs.models: the `program_revised_from` index)."""

import pytest
from django.db import connection

from programs.models import Program

from ..factories import ProgramFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="SQLite's statistics count NULLs as one key; PostgreSQL's planner knows NULLs apart",
)


def test_the_next_revision_is_read_through_an_index_when_most_programs_have_none(program):
    ProgramFactory(patient=program.patient, therapist=program.therapist, previous=program)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        # What ANALYZE writes for 200,000 programs that are all first revisions (seed_scale):
        # every row under one key, NULL, in the unique index on `previous`.
        cursor.execute("PRAGMA index_list(programs_program)")
        unique = [row[1] for row in cursor.fetchall() if row[2] and row[1].startswith("sqlite_")]
        assert len(unique) == 1, unique
        cursor.execute("DELETE FROM sqlite_stat1 WHERE idx = %s", unique)
        cursor.execute(
            "INSERT INTO sqlite_stat1 VALUES ('programs_program', %s, '200000 200000')", unique
        )
        cursor.execute("ANALYZE sqlite_schema")  # reads the statistics again
        # The program page's query (programs.views.program_detail), as a user of its clinic
        query = Program.objects.select_related("patient", "next_revision", "previous").filter(
            pk=program.pk, patient__clinic__therapists__user=program.therapist.user
        )
        sql, params = query.query.sql_with_params()
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = "\n".join(row[-1] for row in cursor.fetchall())
    assert "USING INDEX program_revised_from (previous_id=?) LEFT-JOIN" in plan, plan
    assert "SCAN T" not in plan, plan  # no alias of programs_program read whole
