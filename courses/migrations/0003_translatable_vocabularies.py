# Topics, languages and modules become translatable (wagtail-localize): first the locale and
# translation key as nullable columns, filled in 0004, required in 0005.

import django.db.models.deletion
from django.db import migrations, models


def _bootstrap_fields(model_name):
    return [
        migrations.AddField(
            model_name=model_name,
            name="locale",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
            ),
        ),
        migrations.AddField(
            model_name=model_name,
            name="translation_key",
            field=models.UUIDField(editable=False, null=True),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0002_session_seats_taken"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        *_bootstrap_fields("topic"),
        *_bootstrap_fields("language"),
        *_bootstrap_fields("module"),
    ]
