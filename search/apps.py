"""Course discovery: the Elasticsearch index and its analysis, sync, and the search service
with the database as fallback.

May import `training_hub` and `courses`; `catalogue` imports it.
"""

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"

    def ready(self):
        from . import receivers

        receivers.connect()
