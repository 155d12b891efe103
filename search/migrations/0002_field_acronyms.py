"""The field's acronyms the search starts with; the RSO extends them in the admin."""

from django.db import migrations

ACRONYMS = {
    "TIP": ["trafficking in persons"],
    "ILO": ["immigration liaison officer"],
    "IMMLO": ["immigration liaison officer"],
    "RSD": ["refugee status determination"],
    "AVRR": ["assisted voluntary return and reintegration"],
    "CRVS": ["civil registration and vital statistics"],
    "SAR": ["search and rescue"],
    "UASC": ["unaccompanied and separated children"],
    "JCLEC": ["jakarta centre for law enforcement cooperation"],
    "RSO": ["regional support office"],
    "IBM": ["integrated border management"],
    "TOT": ["training of trainers", "train the trainer"],
    "PSN": ["persons with specific needs"],
    "IOM": ["international organization for migration"],
    "UNHCR": ["united nations high commissioner for refugees"],
    "UNODC": ["united nations office on drugs and crime"],
}


def add(apps, schema_editor):
    Acronym = apps.get_model("search", "Acronym")
    for acronym, expansions in ACRONYMS.items():
        Acronym.objects.get_or_create(acronym=acronym, defaults={"expansions": "\n".join(expansions)})


def remove(apps, schema_editor):
    apps.get_model("search", "Acronym").objects.filter(acronym__in=ACRONYMS).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0001_acronyms")]
    operations = [migrations.RunPython(add, remove)]
