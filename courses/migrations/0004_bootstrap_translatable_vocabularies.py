# Every existing topic, language and module is written in the default language, with a
# translation key of its own.

from django.db import migrations
from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    dependencies = [("courses", "0003_translatable_vocabularies")]

    operations = [
        BootstrapTranslatableModel("courses.Topic"),
        BootstrapTranslatableModel("courses.Language"),
        BootstrapTranslatableModel("courses.Module"),
    ]
