"""The catalogue on the real Elasticsearch node: the index (strict mapping, analysis), the
discovery features, relevance on the demo catalogue, the index kept in step after commit,
and the alias-switching rebuild."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from courses.choices import SessionStatus
from courses.models import CoursePage
from courses.services import session_save
from search import client, indexing, services
from search.documents import CourseDocument, alias_name
from search.query import CourseQuery
from tests.factories import make_course, make_session
from tests.test_search_relevance import THRESHOLDS, evaluate, report

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]


@pytest.fixture
def catalogue(jclec, jeju):
    today = timezone.now().date()
    courses = {
        "tip": make_course(
            jclec, title="Trafficking in persons investigations", theme="protection"
        ),
        "rsd": make_course(jeju, title="Refugee status determination", theme="protection"),
        "smuggling": make_course(jclec, title="Countering people smuggling", theme="prevention"),
        "idle": make_course(jclec, title="Archive of past work", theme="prevention"),
    }
    make_session(courses["tip"], status=SessionStatus.OPEN, start=today + dt.timedelta(days=60))
    make_session(courses["rsd"], status=SessionStatus.PLANNED, start=today + dt.timedelta(days=200))
    make_session(
        courses["smuggling"], status=SessionStatus.PLANNED, start=today + dt.timedelta(days=100)
    )
    return courses


def _search(**fields):
    results = services.search(CourseQuery(**fields))
    assert results.backend == "elasticsearch", "the node did not answer"
    return results


def test_the_mapping_is_strict(search_index, catalogue):
    search_index()
    es = client.connect()
    mapping = es.indices.get_mapping(index=alias_name())
    (body,) = mapping.values()
    assert body["mappings"]["dynamic"] == "strict"
    with pytest.raises(Exception, match="strict_dynamic_mapping_exception"):
        es.index(index=alias_name(), document={"title": "x", "invented": 1})


def test_typos_acronyms_and_phrases(search_index, catalogue):
    search_index()
    assert _search(text="trafficing").ids[0] == catalogue["tip"].pk
    assert _search(text="RSD").ids == [catalogue["rsd"].pk]
    assert _search(text="TIP").ids[0] == catalogue["tip"].pk
    # The exact phrase ranks above a fuzzy match of its words.
    assert _search(text="people smuggling").ids[0] == catalogue["smuggling"].pk


def test_matches_are_highlighted_and_escaped(search_index, jclec):
    course = make_course(jclec, title="Trafficking <script> & screening")
    search_index()
    results = _search(text="screening")
    marked = results.highlights[course.pk]["title"]
    assert "<mark>screening</mark>" in marked and "<script>" not in marked


def test_words_are_marked_where_they_stand_stemmed_and_expanded(search_index, catalogue):
    """Each field marks the query's words as its analyzer reads them: a stem, an acronym's
    expansion, a word the title lacks but the summary has; never a fuzzy match's word."""
    search_index()
    rsd = catalogue["rsd"].pk
    marked = _search(text="RSD").highlights[rsd]["title"]
    assert marked.count("<mark>") >= 1 and "determination</mark>" in marked
    tip = catalogue["tip"].pk
    stemmed = _search(text="investigation").highlights[tip]
    assert stemmed == {"title": "Trafficking in persons <mark>investigations</mark>"}
    summary = _search(text="trafficking teaches").highlights[tip]
    assert summary["title"] == "<mark>Trafficking</mark> in persons investigations"
    assert summary["summary"] == "What the course <mark>teaches</mark>."
    found = _search(text="trafficing")
    assert found.ids[0] == tip and found.highlights[tip] == {}


def test_did_you_mean_when_a_query_finds_little(search_index, catalogue):
    search_index()
    results = _search(text="refugee detrmination zzzyx")
    assert results.total < 3
    assert "determination" in results.suggestion


def test_facets_are_disjunctive_and_uncut(search_index, catalogue, jclec):
    from courses.models import Topic

    for n in range(14):  # more values than Elasticsearch's default of ten buckets
        Topic.objects.create(name=f"Topic {n}", slug=f"topic-{n}")
        make_course(jclec, title=f"Course {n}", topics=(f"topic-{n}",))
    search_index()
    results = _search(theme=("protection",))
    counts = {option.value: option.count for option in results.facets["theme"]}
    assert counts["protection"] == 2 and counts["prevention"] == 16
    assert _search(theme=("protection", "prevention")).total == 18
    assert len(_search().facets["topic"]) >= 14
    by_centre = _search(centre=(jclec.slug,))
    assert catalogue["rsd"].centre.slug in {option.value for option in by_centre.facets["centre"]}


def test_months_open_now_and_next_session_first(search_index, catalogue):
    search_index()
    month = f"{catalogue['tip'].sessions.get().local_start:%Y-%m}"
    assert _search(month=(month,)).ids == [catalogue["tip"].pk]
    assert _search(open=True).ids == [catalogue["tip"].pk]
    rsd_month = f"{catalogue['rsd'].sessions.get().local_start:%Y-%m}"
    assert _search(open=True, month=(rsd_month,)).ids == []
    ordered = _search(sort="next").ids
    assert ordered[:3] == [catalogue[k].pk for k in ("tip", "smuggling", "rsd")]
    assert ordered[-1] == catalogue["idle"].pk


def test_both_backends_count_the_same(search_index, catalogue):
    from search.backends import database

    search_index()
    for query in (
        CourseQuery(theme=("protection",)),
        CourseQuery(text="trafficking"),
        CourseQuery(open=True),
        CourseQuery(centre=(catalogue["tip"].centre.slug,), theme=("prevention",)),
    ):
        on_node, on_database = services.search(query), database.search(query)
        assert on_node.total == on_database.total, query
        for name in ("theme", "centre", "month"):
            node_counts = {o.value: o.count for o in on_node.facets[name] if o.count}
            database_counts = {o.value: o.count for o in on_database.facets[name] if o.count}
            assert node_counts == database_counts, (query, name)


@pytest.mark.parametrize(
    "text", ['"unclosed (quote: \\ * ~ AND', "x" * 200, "title:x^3 OR", "*", "~"]
)
def test_lucene_syntax_is_only_words(search_index, catalogue, client, text):
    search_index()
    results = _search(text=text)
    assert results.total >= 0
    assert client.get("/catalogue/", {"q": text}).status_code == 200


def test_autocomplete_on_the_node(search_index, catalogue):
    search_index()
    assert [title for _pk, title in services.suggest("traf")] == [
        "Trafficking in persons investigations"
    ]


# --- staying in step -----------------------------------------------------------------------


def _ids_on_node():
    es = client.connect()
    es.indices.refresh(index=alias_name())
    hits = es.search(index=alias_name(), size=100, source=False)["hits"]["hits"]
    return {int(hit["_id"]) for hit in hits}


def test_publishing_and_unpublishing_reach_the_index_after_commit(
    search_index, catalogue, jclec, django_capture_on_commit_callbacks
):
    search_index()
    with django_capture_on_commit_callbacks(execute=True):
        course = make_course(jclec, title="Freshly published course")
    assert course.pk in _ids_on_node()
    with django_capture_on_commit_callbacks(execute=True):
        CoursePage.objects.get(pk=course.pk).unpublish()
    assert course.pk not in _ids_on_node()


def test_a_rolled_back_save_never_reaches_the_index(
    search_index, catalogue, jclec, django_capture_on_commit_callbacks
):
    search_index()
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            course = make_course(jclec, title="Never committed")
            transaction.set_rollback(True)
    assert course.pk not in _ids_on_node()


def test_a_cancelled_session_and_a_deleted_course_leave_the_index(
    search_index, catalogue, rso, django_capture_on_commit_callbacks
):
    search_index()
    assert _search(open=True).ids == [catalogue["tip"].pk]
    session = catalogue["tip"].sessions.get()
    session.status = SessionStatus.CANCELLED
    with django_capture_on_commit_callbacks(execute=True):
        session_save(session=session, user=rso)
    client.connect().indices.refresh(index=alias_name())
    assert _search(open=True).ids == []
    with django_capture_on_commit_callbacks(execute=True):
        CoursePage.objects.get(pk=catalogue["idle"].pk).delete()
    assert catalogue["idle"].pk not in _ids_on_node()


def test_moving_a_course_moves_its_centre_in_the_index(
    search_index, catalogue, jeju, django_capture_on_commit_callbacks
):
    search_index()
    course = CoursePage.objects.get(pk=catalogue["smuggling"].pk)
    with django_capture_on_commit_callbacks(execute=True):
        course.move(jeju, pos="last-child")
    client.connect().indices.refresh(index=alias_name())
    assert catalogue["smuggling"].pk in _search(centre=(jeju.slug,)).ids


def test_an_acronym_the_rso_adds_reaches_the_index(
    search_index, catalogue, django_capture_on_commit_callbacks
):
    from search.models import Acronym

    search_index()
    assert _search(text="ACDX").ids == []
    with django_capture_on_commit_callbacks(execute=True):
        Acronym.objects.create(acronym="ACDX", expansions="archive of past work")
    assert _search(text="ACDX").ids == [catalogue["idle"].pk]


# --- the rebuild ---------------------------------------------------------------------------


def test_rebuild_switches_the_alias_and_removes_the_old_index(search_index, catalogue):
    first, _held = search_index()
    out, err = io.StringIO(), io.StringIO()
    call_command("search_rebuild", stdout=out, stderr=err)
    es = client.connect()
    (now,) = es.indices.get_alias(name=alias_name())
    assert now != first and not es.indices.exists(index=first)
    assert f"4 courses in {now}" in out.getvalue()
    assert "Indexing" in err.getvalue() and "4/4" in err.getvalue()  # the progress bar


def test_rebuild_leaves_one_segment_to_search(search_index, catalogue, monkeypatch):
    """A large load leaves several segments behind (each flush writes one); the rebuilt
    index is merged before the alias moves to it. Here every course is its own flush."""
    search_index()
    bulk = indexing.bulk
    monkeypatch.setattr(indexing, "BATCH", 1)
    monkeypatch.setattr(indexing, "bulk", lambda *a, **kw: bulk(*a, **{**kw, "refresh": True}))
    call_command("search_rebuild", "--no-progress", stdout=io.StringIO())
    es = client.connect()
    (now,) = es.indices.get_alias(name=alias_name())
    shards = es.indices.segments(index=now)["indices"][now]["shards"]
    segments = [s for copies in shards.values() for copy in copies for s in copy["segments"]]
    assert len(segments) == 1
    assert services.search(CourseQuery(text="smuggling")).ids == [catalogue["smuggling"].pk]


def test_rebuild_refuses_an_index_far_smaller_than_the_database(
    search_index, catalogue, monkeypatch
):
    first, _held = search_index()
    monkeypatch.setattr(indexing, "_documents", lambda ids: [])  # every document lost
    with pytest.raises(CommandError, match="holds 0 courses"):
        call_command("search_rebuild", "--no-progress", stdout=io.StringIO())
    assert list(client.connect().indices.get_alias(name=alias_name())) == [first]


def test_documents_hold_what_the_cards_and_filters_read(search_index, catalogue):
    search_index()
    document = CourseDocument.get(id=catalogue["tip"].pk, index=alias_name())
    assert document.title == "Trafficking in persons investigations"
    assert document.theme == "protection" and document.country == "ID"
    assert document.sessions[0].status == SessionStatus.OPEN


# --- relevance on the demo catalogue -------------------------------------------------------


def test_elasticsearch_relevance(search_index, rso):
    from training_hub.demo.catalogue import load_demo_catalogue, load_demo_centres
    from training_hub.demo.translations import load_demo_translations

    load_demo_centres(user=rso)
    load_demo_catalogue(user=rso)
    load_demo_translations(user=rso)
    search_index()
    rows, means = evaluate(lambda query: _search(**_fields(query)).ids)
    report("elasticsearch", rows, means)
    success, ndcg = THRESHOLDS["elasticsearch"]
    assert means[0] >= success and means[1] >= ndcg, means


def _fields(query):
    return {"text": query.text, "page_size": query.page_size, "locale": query.locale}
