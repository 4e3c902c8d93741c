"""Django's SQLite backend, with a flush that gets past the tables' own triggers.

The audit log has triggers that refuse DELETE on its rows (audit migration 0003), and
SQLite has no TRUNCATE: Django's flush (`manage.py flush`, and the tests' flush after each
transactional test) empties tables with DELETE. Flush is a deliberate wipe of the whole
database, so here it drops the triggers of the tables it empties, runs the DELETEs and
creates the same triggers again from the SQL SQLite keeps for them, in the one transaction
`execute_sql_flush()` runs. On PostgreSQL, `rehab/db/postgresql/` does the same for the
audit log's TRUNCATE trigger."""

from itertools import chain

from django.db.backends.sqlite3 import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        """One query (sqlite_master) for the triggers, besides the parent's own."""
        if tables and allow_cascade:
            # The parent's way of standing in for TRUNCATE CASCADE, done here so that we
            # know every table it will empty.
            tables = set(chain.from_iterable(self._references_graph(table) for table in tables))
        statements = super().sql_flush(style, tables, reset_sequences=reset_sequences)
        triggers = self._triggers_on(tables)
        if not triggers:
            return statements
        drop = [
            f"{style.SQL_KEYWORD('DROP TRIGGER')} {style.SQL_FIELD(self.quote_name(name))};"
            for name, _ in triggers
        ]
        create = [f"{sql};" for _, sql in triggers]
        return drop + statements + create

    def _triggers_on(self, tables):
        """(name, CREATE TRIGGER statement) of every trigger on these tables, but those
        that keep the search's full-text indexes (clinics.search_index, named *_fts_*):
        they go on firing, so the DELETEs empty the indexes too."""
        if not tables:
            return []
        placeholders = ", ".join(["%s"] * len(tables))
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                f"AND tbl_name IN ({placeholders}) AND name NOT LIKE '%%\\_fts\\_%%' ESCAPE '\\' "
                "ORDER BY name",
                list(tables),
            )
            return cursor.fetchall()


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
