"""Load the Bali Process members (states and organisations) from the shipped list."""

import csv
from pathlib import Path

from django.db import migrations

MEMBERS_CSV = (
    Path(__file__).resolve().parent.parent / "data" / "bali_process_members.csv"
)


def load_members(apps, schema_editor):
    Member = apps.get_model("training_hub", "Member")
    with MEMBERS_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            Member.objects.update_or_create(
                code=row["code"].strip(),
                defaults={"name": row["name"].strip(), "kind": row["kind"].strip()},
            )


class Migration(migrations.Migration):
    dependencies = [("training_hub", "0002_homepage_user_centres")]
    operations = [migrations.RunPython(load_members, migrations.RunPython.noop)]
