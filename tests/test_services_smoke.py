"""The real services the suite relies on: PostgreSQL 15 and an Elasticsearch 8 node."""

import uuid

import pytest
from django.db import connection
from elasticsearch_dsl import Document, Keyword, Text

from search.client import connect, index_name


@pytest.mark.postgres
@pytest.mark.django_db
def test_database_is_postgresql_15():
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        (version,) = cursor.fetchone()
    assert 150000 <= int(version) < 160000


@pytest.mark.elasticsearch
def test_elasticsearch_indexes_and_finds_a_document(elasticsearch_url, settings):
    settings.ELASTICSEARCH_URL = elasticsearch_url
    client = connect()
    # The test distribution has no root endpoint (GET /); the nodes API gives the version.
    versions = {node["version"] for node in client.nodes.info()["nodes"].values()}
    assert all(version.startswith("8.") for version in versions), versions
    name = index_name(f"smoke-{uuid.uuid4().hex[:8]}")

    class CourseSmoke(Document):
        title = Text()
        centre = Keyword()

        class Index:
            pass

        Index.name = name

    try:
        CourseSmoke.init()
        CourseSmoke(title="Interviewing persons with specific needs", centre="JCLEC").save(
            refresh=True
        )
        hits = CourseSmoke.search().query("match", title="interviewing").execute()
        assert [hit.centre for hit in hits] == ["JCLEC"]
    finally:
        client.indices.delete(index=name, ignore_unavailable=True)
