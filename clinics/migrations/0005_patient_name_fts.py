"""SQLite: a full-text index of patients' names (FTS5), kept by triggers, for the patient
search (clinics.models.PatientQuerySet.search; docs/performance.md). Words are folded by
FTS5's own tokenizer (`remove_diacritics 2`: "zoe" finds Zoë) and matched as prefixes.

A contentless table: the index holds the words, not a second copy of each name. An erasure merges the index afterwards
(records.services.erase_patient), so the erased name's words leave it too.

Django's SQLite schema editor rebuilds a table to alter it and drops its triggers with
it: a later migration that alters clinics_patient must run clinics.search_index's
`create_patient_index` again (the search tests fail without it). PostgreSQL keeps its
trigram index (0004)."""

from django.db import migrations

from clinics.search_index import create_patient_index, drop_patient_index


def forwards(apps, schema_editor):
    create_patient_index(schema_editor.connection)


def backwards(apps, schema_editor):
    drop_patient_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("clinics", "0004_folded_patient_search")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
