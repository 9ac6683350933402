"""通报 has one code word, “circulated notice” (issue 11): Notification is renamed CirculatedNotice in the state only.
Its table keeps its name (feedback_notification, now the model's db_table), and so do its constraints."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0001_initial"),
        ("inspections", "0004_lifecycle_part2"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RenameModel(old_name="Notification", new_name="CirculatedNotice"),
                migrations.AlterModelTable(name="circulatednotice", table="feedback_notification"),
                migrations.AlterField(
                    model_name="circulatednotice",
                    name="inspection",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="circulated_notices",
                        to="inspections.inspection",
                        verbose_name="巡察",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
