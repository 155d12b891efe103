"""The sample certificate of a template's preview and of its check on save: every
placeholder filled, with a long name in Khmer beside its Latin form."""

import datetime

from django.utils import timezone

from .pdf.render import Content

SAMPLE_CODE = "SAMP-LE00-CODE"


def sample_content():
    today = timezone.localdate()
    return Content(
        trainee="ស្រីពេជ្រ សុខសម្បត្តិ",
        trainee_latin="Sreypich Soksambath",
        course="Countering people smuggling networks: investigation and prosecution",
        modules=[
            {"code": "PS-101", "title": "Smuggling routes and modus operandi", "hours": "8"},
            {"code": "PS-102", "title": "Financial investigations", "hours": "8"},
            {"code": "PS-103", "title": "Victim and witness protection", "hours": "8"},
        ],
        hours=24,
        starts_on=today - datetime.timedelta(days=12),
        ends_on=today - datetime.timedelta(days=8),
        centre="Jakarta Centre for Law Enforcement Cooperation",
        city="Semarang",
        code=SAMPLE_CODE,
        issued_on=today,
        verify_url="https://traininghub.example.org/certificates/verify/SAMP-LE00-CODE/",
    )
