"""The 'Centres of excellence' listing under the home page, at /centres/."""

from django.db import migrations


def create_centre_index(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    HomePage = apps.get_model("training_hub.HomePage")
    CentreIndexPage = apps.get_model("catalogue.CentreIndexPage")

    home = HomePage.objects.get(depth=2)
    content_type, _ = ContentType.objects.get_or_create(
        model="centreindexpage", app_label="catalogue"
    )
    CentreIndexPage.objects.create(
        title="Centres of excellence",
        draft_title="Centres of excellence",
        slug="centres",
        content_type=content_type,
        path=home.path + "0001",
        depth=3,
        numchild=0,
        url_path=home.url_path + "centres/",
        locale_id=home.locale_id,
        intro="<p>The regional centres that run Bali Process training courses.</p>",
    )
    Page.objects.filter(pk=home.pk).update(numchild=1)


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0002_initial"),
        ("training_hub", "0004_create_home_page"),
    ]
    operations = [migrations.RunPython(create_centre_index, migrations.RunPython.noop)]
