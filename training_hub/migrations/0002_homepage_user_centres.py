import django.db.models.deletion
import wagtail.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """Kept apart from 0001 so the user model does not depend on Wagtail's pages."""

    dependencies = [
        ("training_hub", "0001_initial"),
        ("catalogue", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="HomePage",
            fields=[
                (
                    "page_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                ("intro", models.CharField(blank=True, max_length=300)),
                ("body", wagtail.fields.RichTextField(blank=True)),
            ],
            options={
                "abstract": False,
            },
            bases=("wagtailcore.page",),
        ),
        migrations.AddField(
            model_name="user",
            name="centres",
            field=models.ManyToManyField(
                blank=True,
                help_text="The centres of excellence a training director manages.",
                related_name="directors",
                to="catalogue.centrepage",
            ),
        ),
    ]
