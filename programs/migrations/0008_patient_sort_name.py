"""The patient list is sorted by family name (issue 20). A patient has one name field, so
the family name is worked out from it (programs.models.FamilyNameKey). Worked out on every
request, sorting a 100,000-patient clinic would read and sort every row for each page; the
database keeps the key in a stored column instead, and an index on (clinic, key, searched
name, chart number) lets the list and its search read the index in order and stop at the
page's end, as `patient_search` does for the name."""

import programs.models
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("exercises", "0005_clearer_names"),
        ("programs", "0007_item_order_unique"),
    ]

    operations = [
        migrations.AddField(
            model_name="patient",
            name="sort_name",
            field=models.GeneratedField(
                db_persist=True,
                expression=programs.models.FamilyNameKey("name"),
                output_field=models.CharField(max_length=250),
            ),
        ),
        migrations.AddIndex(
            model_name="patient",
            index=models.Index(
                fields=["clinic", "sort_name", "search_name", "chart_number"],
                name="patient_sort_search",
            ),
        ),
    ]
