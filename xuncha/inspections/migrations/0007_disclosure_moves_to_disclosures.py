"""Disclosure moves to the disclosures app (issue 11): it leaves this app's state only. Its table,
inspections_disclosure, stays where it is and is the table of disclosures.Disclosure (disclosures 0001)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0006_withdrawal_and_one_open_per_target"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Disclosure")],
            database_operations=[],
        ),
    ]
