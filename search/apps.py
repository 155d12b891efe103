from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Course discovery on Elasticsearch, with the database as fallback."""

    name = "search"
