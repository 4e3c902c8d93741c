"""Names that no longer collide: an exercise's "take care" text (was `cautions`, like the
condition's rules), a variant's `when` (was `condition`, like the Condition model), and a
condition's `caution_rules` (was `cautions`)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("exercises", "0004_illustration_path")]

    operations = [
        migrations.RenameField("exercise", "cautions", "take_care"),
        migrations.AlterField(
            model_name="exercise",
            name="take_care",
            field=models.TextField(
                blank=True,
                help_text="What the patient should watch out for, in plain words (printed "
                "under 'Take care').",
                verbose_name="take care",
            ),
        ),
        migrations.RemoveConstraint(model_name="exercisevariant", name="variant_text_not_blank"),
        migrations.RenameField("exercisevariant", "condition", "when"),
        migrations.AlterField(
            model_name="exercisevariant",
            name="when",
            field=models.CharField(
                help_text="When to use it, e.g. 'If your chin tilts up'.", max_length=200
            ),
        ),
        migrations.AddConstraint(
            model_name="exercisevariant",
            constraint=models.CheckConstraint(
                condition=models.Q(("when", ""), _negated=True)
                & models.Q(("instruction", ""), _negated=True),
                name="variant_text_not_blank",
            ),
        ),
        migrations.AlterField(
            model_name="conditioncaution",
            name="condition",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="caution_rules",
                to="exercises.condition",
            ),
        ),
    ]
