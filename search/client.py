"""The Elasticsearch connection that elasticsearch-dsl's searches and the indexing use."""

from django.conf import settings
from elasticsearch_dsl import connections

ALIAS = "default"
_url = None


def connect(url=None):
    """The client for `url` (default: ELASTICSEARCH_URL), registered as the default
    connection; made once per URL. Searches give up after TRAINING_HUB_SEARCH_TIMEOUT
    seconds, with no retry: the service then answers from the database."""
    global _url
    url = url or settings.ELASTICSEARCH_URL
    if not url:
        raise RuntimeError("ELASTICSEARCH_URL is not set: search runs on the database.")
    if url != _url:
        connections.create_connection(
            alias=ALIAS,
            hosts=[url],
            request_timeout=settings.TRAINING_HUB_SEARCH_TIMEOUT,
            max_retries=0,
            retry_on_timeout=False,
        )
        _url = url
    return connections.get_connection(ALIAS)


# Writes (a rebuild's bulk requests, the sync of a change, settings) are no page waiting:
# they may take longer on a busy node, and a timed-out one is tried again.
WRITE_TIMEOUT = 60
WRITE_RETRIES = 3


def connect_for_writes(url=None):
    """The same client, with the patience of writes instead of a page's."""
    return connect(url).options(
        request_timeout=WRITE_TIMEOUT, max_retries=WRITE_RETRIES, retry_on_timeout=True
    )


def index_name(name):
    """Our indexes share one prefix so several sites can share a cluster."""
    return f"{settings.TRAINING_HUB_SEARCH_INDEX_PREFIX}{name}"
