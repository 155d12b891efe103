"""Translations in the course index, on the real Elasticsearch node: a visitor's query
searches the translations of their language with its analyzer, each course is listed once,
in that language where translated, and the index follows translations as they are
published, unpublished or renamed."""

import pytest
from django.conf import settings
from django.utils import translation

from courses.models import Topic
from search import services
from search.documents import TRANSLATION_ANALYZERS
from search.query import CourseQuery
from tests.factories import make_course, translate

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]

THAI_TITLE = "การสืบสวนคดีค้ามนุษย์"
INDONESIAN_TITLE = "Penyidikan tindak pidana perdagangan orang"


@pytest.fixture
def courses(jclec, rso):
    tip = make_course(jclec, title="Trafficking in persons investigations")
    documents = make_course(jclec, title="Travel document examination")
    translate(tip, "th", texts={"title": THAI_TITLE}, user=rso)
    translate(
        tip,
        "id",
        texts={"title": INDONESIAN_TITLE, "summary": "Pelatihan bagi para penyidik kepolisian."},
        user=rso,
    )
    return {"tip": tip, "documents": documents}


def _ids(**fields):
    results = services.search(CourseQuery(**fields))
    assert results.backend == "elasticsearch", "the node did not answer"
    return results


def test_every_language_of_the_site_has_an_analyzer():
    others = {code for code, _name in settings.LANGUAGES} - {settings.LANGUAGE_CODE}
    assert set(TRANSLATION_ANALYZERS) == others


def test_a_thai_visitors_thai_query_finds_the_thai_page(search_index, courses):
    search_index()
    # The Thai analyzer splits the unspaced Thai text into words: one of them finds it.
    found = _ids(text="ค้ามนุษย์", locale="th")
    assert found.ids == [courses["tip"].pk]
    assert "<mark>" in found.highlights[courses["tip"].pk]["translated_title"]
    # An English visitor's query does not search the Thai translation.
    assert _ids(text="ค้ามนุษย์").ids == []
    # Nor does an Indonesian visitor's.
    assert _ids(text="ค้ามนุษย์", locale="id").ids == []


def test_indonesian_words_are_stemmed_for_an_indonesian_visitor(search_index, courses):
    search_index()
    # "penyidik" is the stem of "penyidikan" (the Indonesian stemmer removes -an).
    assert _ids(text="penyidik", locale="id").ids == [courses["tip"].pk]
    assert _ids(text="penyidik").ids == []


def test_titles_sort_as_the_visitor_reads_them(search_index, courses):
    search_index()
    english = _ids(sort="title").ids
    assert english == [courses["tip"].pk, courses["documents"].pk]
    # In Indonesian, "Penyidikan ..." comes before "Travel document examination".
    assert _ids(sort="title", locale="id").ids == [courses["tip"].pk, courses["documents"].pk]
    # In Vietnamese (no translation), English titles.
    assert _ids(sort="-title", locale="vi").ids == [courses["documents"].pk, courses["tip"].pk]


def test_the_catalogue_lists_each_course_once_in_thai(client, search_index, courses):
    search_index()
    body = client.get("/th/catalogue/", {"q": "ค้ามนุษย์"}).content.decode()
    with translation.override("th"):
        url = courses["tip"].url
    # One card, in Thai, the Thai words highlighted.
    assert body.count("<h3>") == 1
    assert f'<a href="{url}">การสืบสวนคดี<mark>ค้ามนุษย์</mark>' in body
    total = client.get("/th/catalogue/").content.decode()
    assert total.count("<h3>") == 2


def test_autocomplete_in_thai(client, search_index, courses):
    search_index()
    answer = client.get("/th/catalogue/suggest/", {"q": "การสืบ"}).json()
    assert [item["title"] for item in answer["results"]] == [THAI_TITLE]


def test_the_index_follows_translations(
    search_index, courses, rso, django_capture_on_commit_callbacks
):
    search_index()
    documents = courses["documents"]
    with django_capture_on_commit_callbacks(execute=True):
        translate(documents, "th", texts={"title": "การตรวจเอกสารเดินทาง"}, user=rso)
    assert _ids(text="เอกสาร", locale="th").ids == [documents.pk]
    thai = documents.get_translations().get(locale__language_code="th")
    with django_capture_on_commit_callbacks(execute=True):
        thai.unpublish(user=type(rso).objects.get(pk=rso.pk))
    assert _ids(text="เอกสาร", locale="th").ids == []


def test_a_topic_translated_is_found_in_its_language(
    search_index, jclec, rso, django_capture_on_commit_callbacks
):
    course = make_course(jclec, title="Border management", topics=["people-smuggling"])
    search_index()
    topic = Topic.objects.get(slug="people-smuggling", locale__language_code="en")
    with django_capture_on_commit_callbacks(execute=True):
        translate(topic, "vi", texts={"name": "Đưa người di cư trái phép"}, user=rso)
    assert _ids(text="trái phép", locale="vi").ids == [course.pk]
    # Typed without diacritics, as many do.
    assert _ids(text="trai phep", locale="vi").ids == [course.pk]
