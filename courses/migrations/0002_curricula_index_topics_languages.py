"""The 'Curricula' listing at /curricula/, and the starting topics and languages."""

from django.db import migrations
from django.utils.text import slugify

TOPICS = [
    "Trafficking in persons", "People smuggling", "Document examination", "Visa integrity",
    "Intelligence analysis", "Refugee protection", "Interviewing", "Identity management",
    "Return and reintegration", "Privacy and data protection", "Border management",
    "Victim identification", "Financial investigation", "Civil registration",
]
LANGUAGES = [
    ("en", "English"), ("th", "Thai"), ("id", "Bahasa Indonesia"), ("ms", "Bahasa Melayu"),
    ("km", "Khmer"), ("lo", "Lao"), ("my", "Burmese"), ("vi", "Vietnamese"), ("ur", "Urdu"),
    ("fa", "Dari / Persian"), ("bn", "Bengali"), ("zh", "Chinese"), ("ko", "Korean"),
    ("ja", "Japanese"), ("fr", "French"), ("ar", "Arabic"), ("tl", "Filipino"),
    ("si", "Sinhala"), ("ta", "Tamil"), ("ne", "Nepali"),
]


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    HomePage = apps.get_model("training_hub.HomePage")
    CurriculumIndexPage = apps.get_model("courses.CurriculumIndexPage")
    Topic = apps.get_model("courses.Topic")
    Language = apps.get_model("courses.Language")

    for name in TOPICS:
        Topic.objects.get_or_create(slug=slugify(name), defaults={"name": name})
    for code, name in LANGUAGES:
        Language.objects.get_or_create(code=code, defaults={"name": name})

    home = HomePage.objects.get(depth=2)
    last = Page.objects.filter(path__startswith=home.path, depth=3).order_by("-path").first()
    step = int(last.path[-4:], 36) + 1 if last else 1
    suffix = ""
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    for _ in range(4):
        step, digit = divmod(step, 36)
        suffix = alphabet[digit] + suffix
    content_type, _ = ContentType.objects.get_or_create(
        model="curriculumindexpage", app_label="courses"
    )
    CurriculumIndexPage.objects.create(
        title="Curricula",
        draft_title="Curricula",
        slug="curricula",
        content_type=content_type,
        path=home.path + suffix,
        depth=3,
        numchild=0,
        url_path=home.url_path + "curricula/",
        locale_id=home.locale_id,
        intro="<p>The RSO's modular training programmes, and where each module is taught.</p>",
    )
    Page.objects.filter(pk=home.pk).update(numchild=home.numchild + 1)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
        ("catalogue", "0003_create_centre_index"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
