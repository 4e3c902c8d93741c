"""Django's PostgreSQL backend, with a flush that gets past the tables' TRUNCATE triggers.

The audit log refuses TRUNCATE with a statement trigger (audit migration 0002), and
Django's flush (`manage.py flush`, and the tests' flush after each transactional test)
empties tables with TRUNCATE. Flush is a deliberate wipe of the whole database, so here it
disables the TRUNCATE triggers of the tables it empties, truncates and enables them again,
in the one transaction `execute_sql_flush()` runs: if anything fails, the triggers stay on.
Disabling a trigger takes the table's owner, so a role that does not own the audit table
cannot do this (docs/deploying.md). Row triggers need nothing: TRUNCATE skips them."""

from django.db.backends.postgresql import base, operations

TRIGGER_TYPE_TRUNCATE = 1 << 5  # pg_trigger.tgtype's bit for TRUNCATE triggers


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        """One query (pg_trigger) for the triggers, besides the parent's own."""
        statements = super().sql_flush(
            style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
        # CASCADE may reach tables that are not listed: take every table's triggers then.
        triggers = self._truncate_triggers(None if allow_cascade else tables) if tables else []
        if not triggers:
            return statements
        alter = style.SQL_KEYWORD("ALTER TABLE")

        def each(action):
            return [
                f"{alter} {style.SQL_FIELD(self.quote_name(table))} "
                f"{style.SQL_KEYWORD(action)} {style.SQL_FIELD(self.quote_name(name))};"
                for table, name in triggers
            ]

        return each("DISABLE TRIGGER") + statements + each("ENABLE TRIGGER")

    def _truncate_triggers(self, tables):
        """(table, trigger) of every enabled TRUNCATE trigger on these tables (None: all)."""
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.relname, t.tgname FROM pg_trigger t "
                "JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' AND t.tgtype & %s <> 0 "
                "AND pg_table_is_visible(c.oid) AND (%s OR c.relname = ANY(%s)) "
                "ORDER BY c.relname, t.tgname",
                [TRIGGER_TYPE_TRUNCATE, tables is None, list(tables or [])],
            )
            return cursor.fetchall()


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
