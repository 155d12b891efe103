"""The Elasticsearch connection used by elasticsearch-dsl documents."""

from django.conf import settings
from elasticsearch_dsl import connections

ALIAS = "default"


def connect(url=None):
    """Register (or replace) the default connection and return its client."""
    url = url or settings.ELASTICSEARCH_URL
    if not url:
        raise RuntimeError("ELASTICSEARCH_URL is not set: search runs on the database.")
    return connections.create_connection(alias=ALIAS, hosts=[url], request_timeout=10)


def index_name(name):
    """Our indexes share one prefix so several sites can share a cluster."""
    return f"{settings.TRAINING_HUB_SEARCH_INDEX_PREFIX}{name}"
