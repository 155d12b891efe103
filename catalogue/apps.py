"""The public, read-only face of the catalogue: the listing with its filters and counts,
the session page, the JSON API and the calendar feed views.

May import `training_hub`, `courses` and `search`; nothing imports it. It writes nothing.
"""

from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "catalogue"
