from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("programs", "0006_variant_protect_renumber_items")]

    operations = [
        migrations.AddConstraint(
            model_name="programitem",
            constraint=models.UniqueConstraint(
                fields=("program", "order"), name="program_item_order_unique"
            ),
        ),
    ]
