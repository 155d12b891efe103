"""Replace Wagtail's welcome page with the Training Hub home page and make it the site."""

from django.db import migrations

HOME_INTRO = (
    "One place for the Bali Process membership to find regional training against people "
    "smuggling and trafficking in persons, ask for the training they need, put their "
    "officials forward, and prove afterwards that an official was trained."
)


def create_home_page(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("training_hub.HomePage")

    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    content_type, _ = ContentType.objects.get_or_create(
        model="homepage", app_label="training_hub"
    )
    locale = Locale.objects.order_by("pk").first()
    home = HomePage.objects.create(
        title="Training Hub",
        draft_title="Training Hub",
        slug="home",
        content_type=content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
        intro=HOME_INTRO,
    )
    Page.objects.filter(depth=1).update(numchild=Page.objects.filter(depth=2).count())
    Site.objects.all().delete()
    Site.objects.create(
        hostname="localhost",
        port=80,
        root_page_id=home.pk,
        is_default_site=True,
        site_name="Training Hub",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("training_hub", "0003_load_members"),
        ("wagtailcore", "0096_referenceindex_referenceindex_source_object_and_more"),
    ]
    operations = [migrations.RunPython(create_home_page, migrations.RunPython.noop)]
