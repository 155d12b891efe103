"""Content in Thai, Bahasa Indonesia and Vietnamese (wagtail-localize): the translation
service, the pages in each language with the English fallback, counts that never double,
the catalogue in the visitor's language (database backend), and who may translate what."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from wagtail.models import Page, PageViewRestriction
from wagtail_localize.models import StringTranslation, Translation

from courses.exceptions import NotAllowed, NotYourCentre
from courses.models import CentrePage, CoursePage, Module, Session, Topic
from courses.translations import NOT_A_SOURCE, UNKNOWN_TEXT, content_translate
from tests.factories import (
    make_course,
    make_curriculum,
    make_session,
    translate,
)
from training_hub.localization import UNTRANSLATED
from training_hub.po_files import PLACEHOLDERS_MISSING, SYNTAX_ERROR

THAI_TITLE = "การสืบสวนคดีค้ามนุษย์"
THAI_SUMMARY = "หลักสูตรสำหรับพนักงานสอบสวนและเจ้าหน้าที่ตรวจคนเข้าเมือง"


def path(page, language="en"):
    """A page's path in `language` (a page's URL follows the active language)."""
    with translation.override(language):
        return page.url


def _titles(html):
    return re.findall(r"<h3><a href=\"([^\"]*)\">([^<]*)</a></h3>", html)


@pytest.fixture
def course(jclec):
    course = make_course(jclec, title="Trafficking investigations", topics=["people-smuggling"])
    make_session(course)
    return course


@pytest.fixture
def thai(course, rso):
    return translate(course, "th", texts={"title": THAI_TITLE, "summary": THAI_SUMMARY}, user=rso)


# --- the service ------------------------------------------------------------------------


def test_a_translation_is_a_page_of_its_language_at_the_same_path(course, thai):
    assert thai.locale.language_code == "th"
    assert thai.live and thai.title == THAI_TITLE and thai.summary == THAI_SUMMARY
    assert thai.slug == course.slug
    # Its parent is an alias of the centre in the Thai tree, made on the way.
    parent = thai.get_parent().specific
    assert parent.alias_of_id == course.centre_id
    assert thai.source_page == course and not thai.is_source and course.is_source
    assert path(thai, "th") == path(course, "th") == "/th" + path(course)
    # The English text of untranslated fields is kept.
    assert thai.audience == course.audience


def test_counts_never_double(course, thai, jclec):
    assert list(CoursePage.objects.published()) == [course]
    assert list(CentrePage.objects.published()) == [jclec]
    assert Session.objects.public().count() == 1
    translate(jclec, "id", texts={"title": "Pusat JCLEC"})
    assert list(CentrePage.objects.published()) == [jclec]


def test_a_director_translates_their_centre_but_never_publishes(course, director, other_director):
    draft = content_translate(
        instance=course, language="vi", user=director, texts={"title": "Điều tra"}
    )
    assert not draft.live
    with pytest.raises(NotAllowed):
        content_translate(
            instance=course, language="vi", user=director, texts={"title": "x"}, publish=True
        )
    with pytest.raises(NotYourCentre):
        content_translate(
            instance=course, language="id", user=other_director, texts={"title": "Penyidikan"}
        )
    assert not CoursePage.objects.filter(locale__language_code="id").exists()


def test_refusals_change_nothing(course, thai, rso):
    with pytest.raises(ValidationError) as refused:
        content_translate(instance=thai, language="id", user=rso, texts={"title": "x"})
    assert str(NOT_A_SOURCE) in refused.value.messages
    with pytest.raises(ValidationError) as refused:
        content_translate(instance=course, language="th", user=rso, texts={"colour": "x"})
    assert str(UNKNOWN_TEXT % {"field": "colour"}) in refused.value.messages
    with pytest.raises(ValidationError):
        content_translate(instance=course, language="xx", user=rso, texts={"title": "x"})
    thai.refresh_from_db()
    assert thai.title == THAI_TITLE


def test_a_translation_that_loses_a_placeholder_is_refused(jclec, rso):
    course = make_course(jclec, title="Up to %(count)s officers")
    with pytest.raises(ValidationError) as refused:
        content_translate(instance=course, language="th", user=rso, texts={"title": "เจ้าหน้าที่"})
    assert "%(count)s" in " ".join(refused.value.messages)
    assert not CoursePage.objects.filter(locale__language_code="th").exists()


def test_snippets_are_the_rsos(director, rso, db):
    topic = Topic.objects.filter(locale__language_code="en").first()
    with pytest.raises(NotAllowed):
        content_translate(instance=topic, language="th", user=director, texts={"name": "x"})
    thai = translate(topic, "th", texts={"name": "การลักลอบขนคน"}, user=rso)
    assert thai.slug == topic.slug and thai.name == "การลักลอบขนคน"


# --- pages in each language -------------------------------------------------------------


def test_the_translated_page_and_the_english_fallback(client, course, thai):
    page = client.get(path(course, "th")).content.decode()
    assert THAI_TITLE in page and str(UNTRANSLATED).split("%")[0] not in page
    # No Indonesian translation: the English page, in the Indonesian interface, with a note.
    response = client.get(path(course, "id"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Trafficking investigations" in body and THAI_TITLE not in body
    assert '<main id="content" lang="en">' in body
    assert 'role="note" lang="id"' in body
    # Its sessions are the source's, in each language.
    session = Session.objects.get(course=course)
    assert f"/sessions/{session.pk}/" in page


def test_a_translation_follows_its_source(client, course, thai, rso):
    PageViewRestriction.objects.create(page=course, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(path(course, "th"))
    assert response.status_code == 302 and "login" in response["Location"]
    PageViewRestriction.objects.all().delete()
    course.unpublish(user=rso)
    assert client.get(path(course, "th")).status_code == 404
    assert client.get(path(thai, "th")).status_code == 404


def test_centre_and_curriculum_pages_list_each_thing_once_in_the_language(
    client, jclec, course, thai, rso
):
    make_course(jclec, title="Another course")
    body = client.get(path(jclec, "th")).content.decode()
    assert body.count(THAI_TITLE) == 2  # in the course list and the session list
    assert "Trafficking investigations" not in body
    assert "Another course" in body
    curriculum = make_curriculum(codes=("TH-1",))
    translate(curriculum, "th", texts={"modules.TH-1.title": "การตรวจเอกสาร"}, user=rso)
    body = client.get(path(curriculum, "th")).content.decode()
    assert "การตรวจเอกสาร" in body and body.count('id="module-TH-1"') == 1
    assert Module.objects.filter(code="TH-1").count() == 2


def test_new_pages_are_written_in_english(client, rso, course, thai):
    client.force_login(rso)
    thai_centre = thai.get_parent()
    response = client.get(f"/admin/pages/add/courses/coursepage/{thai_centre.pk}/")
    assert response.status_code in (302, 403)
    assert CoursePage.objects.filter(locale__language_code="th").count() == 1


# --- the catalogue, on the database ---------------------------------------------------------


def test_the_catalogue_lists_each_course_once_in_the_visitors_language(client, course, thai):
    thai_rows = _titles(client.get("/th/catalogue/").content.decode())
    assert thai_rows == [(path(course, "th"), THAI_TITLE)]
    english = _titles(client.get("/catalogue/").content.decode())
    assert english == [(path(course), "Trafficking investigations")]
    indonesian = _titles(client.get("/id/catalogue/").content.decode())
    assert indonesian == [(path(course, "id"), "Trafficking investigations")]


def test_a_thai_query_finds_the_thai_page_for_a_thai_visitor(client, course, thai, jclec):
    make_course(jclec, title="Document examination")
    found = _titles(client.get("/th/catalogue/", {"q": "สืบสวน"}).content.decode())
    assert found == [(path(course, "th"), THAI_TITLE)]
    # The English words still find it, shown in Thai.
    found = _titles(client.get("/th/catalogue/", {"q": "trafficking"}).content.decode())
    assert found == [(path(course, "th"), THAI_TITLE)]
    # An English visitor searches the English text.
    assert _titles(client.get("/catalogue/", {"q": "สืบสวน"}).content.decode()) == []


def test_topic_names_and_facets_in_the_visitors_language(client, course, rso):
    topic = Topic.objects.get(slug="people-smuggling", locale__language_code="en")
    translate(topic, "th", texts={"name": "การลักลอบขนคนเข้าเมือง"}, user=rso)
    body = client.get("/th/catalogue/").content.decode()
    assert "การลักลอบขนคนเข้าเมือง" in body
    assert client.get("/th/catalogue/", {"topic": "people-smuggling"}).status_code == 200
    rows = _titles(client.get("/th/catalogue/", {"topic": "people-smuggling"}).content.decode())
    assert len(rows) == 1


def test_autocomplete_offers_the_translated_title_and_page(client, course, thai):
    answer = client.get("/th/catalogue/suggest/", {"q": "การสืบ"}).json()
    assert answer["results"] == [{"title": THAI_TITLE, "url": path(course, "th")}]


def test_the_api_and_feeds_count_sources_only(client, course, thai):
    assert client.get("/api/courses").json()["count"] == 1
    assert client.get(f"/api/courses/{thai.pk}").status_code == 404
    assert client.get(f"/calendar/courses/{thai.pk}.ics").status_code == 404
    assert client.get(f"/calendar/courses/{course.pk}.ics").status_code == 200


def test_the_switcher_keeps_the_course(client, course, thai):
    body = client.get(path(course)).content.decode()
    assert f'href="{path(course, "th")}" hreflang="th"' in body


# --- the admin: who translates what, and PO files ------------------------------------------


def _translation(page):
    return Translation.objects.get(
        source__object_id=page.translation_key, target_locale__language_code="th"
    )


def test_a_director_reaches_their_centres_translations_and_nothing_else(
    client, director, other_director, course, thai
):
    client.force_login(director)
    assert client.get(f"/admin/pages/{thai.pk}/edit/").status_code == 200
    translation = _translation(course)
    download = client.get(f"/admin/localize/translate/{translation.pk}/pofile/download/")
    assert download.status_code == 200 and THAI_TITLE in download.content.decode()
    client.force_login(other_director)
    assert client.get(f"/admin/pages/{thai.pk}/edit/").status_code in (302, 403, 404)
    refused = client.get(f"/admin/localize/translate/{translation.pk}/pofile/download/")
    assert refused.status_code == 404 and THAI_TITLE not in refused.content.decode()
    assert client.get(f"/admin/localize/submit/page/{course.pk}/").status_code == 404
    assert client.get("/admin/localize/reports/translations/").status_code == 404


def test_a_director_submits_their_course_for_translation(client, director, course):
    client.force_login(director)
    vi = __import__("wagtail.models", fromlist=["Locale"]).Locale.objects.get(language_code="vi")
    response = client.post(f"/admin/localize/submit/page/{course.pk}/", {"locales": [vi.pk]})
    assert response.status_code == 302
    translated = CoursePage.objects.get(locale=vi, translation_key=course.translation_key)
    assert not translated.live  # a draft, until the RSO publishes it
    assert translated.permissions_for_user(director).can_edit()
    assert not translated.permissions_for_user(director).can_publish()


def _upload(client, translation, content, *, next_url="/admin/"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = f"/admin/localize/translate/{translation.pk}/pofile/upload/?next={next_url}"
    file = SimpleUploadedFile("course-th.po", content, content_type="text/x-gettext-translation")
    return client.post(url, {"file": file}, follow=True)


def _po(translation, msgstr):
    po = translation.export_po()
    for entry in po:
        if entry.msgctxt == "title":
            entry.msgstr = msgstr
    return str(po).encode()


def _stored_title(translation):
    return StringTranslation.objects.get(
        context__path="title", locale=translation.target_locale
    ).data


def test_a_po_file_round_trip(client, rso, course, thai):
    client.force_login(rso)
    translation = _translation(course)
    response = _upload(client, translation, _po(translation, "การสืบสวนคดีค้ามนุษย์ ขั้นสูง"))
    assert response.status_code == 200
    assert _stored_title(translation) == "การสืบสวนคดีค้ามนุษย์ ขั้นสูง"


def test_a_po_file_with_bad_syntax_is_refused_with_its_line(client, rso, course, thai):
    client.force_login(rso)
    translation = _translation(course)
    content = _po(translation, THAI_TITLE).decode()
    lines = content.splitlines()
    number = next(i for i, line in enumerate(lines, 1) if line.startswith('msgstr "การ'))
    lines[number - 1] = 'msgstr "การสืบสวน'  # the closing quote is missing
    response = _upload(client, translation, "\n".join(lines).encode())
    body = response.content.decode()
    expected = SYNTAX_ERROR % {"line": number, "text": 'msgstr "การสืบสวน'}
    assert str(expected).replace('"', "&quot;") in body
    assert _stored_title(translation) == THAI_TITLE
    thai.refresh_from_db()
    assert thai.title == THAI_TITLE


def test_a_po_file_that_loses_a_placeholder_is_refused_with_its_line(client, rso, jclec):
    course = make_course(jclec, title="Up to {count} officers, %(name)s")
    client.force_login(rso)
    translate(course, "th", texts={"title": "เจ้าหน้าที่ไม่เกิน {count} คน %(name)s"}, user=rso)
    translation = _translation(course)
    content = _po(translation, "เจ้าหน้าที่ไม่เกิน คน %(name)s").decode()
    number = next(i for i, line in enumerate(content.splitlines(), 1) if 'msgstr "เจ้าหน้าที่' in line)
    body = _upload(client, translation, content.encode()).content.decode()
    assert f"Line {number}:" in body and "{count}" in body
    assert _stored_title(translation) == "เจ้าหน้าที่ไม่เกิน {count} คน %(name)s"
    message = PLACEHOLDERS_MISSING % {"line": number, "source": course.title, "missing": "{count}"}
    assert str(message).split(":")[0] in body


def test_a_po_upload_without_a_file_is_refused(client, rso, course, thai):
    client.force_login(rso)
    translation = _translation(course)
    response = client.post(
        f"/admin/localize/translate/{translation.pk}/pofile/upload/?next=/admin/", follow=True
    )
    assert response.status_code == 200
    assert _stored_title(translation) == THAI_TITLE


def test_every_languages_tree_keeps_the_rso_in_charge(rso, course, thai):
    home_th = thai.get_ancestors().filter(depth=2).get()
    fresh = type(rso).objects.get(pk=rso.pk)
    assert Page.objects.get(pk=home_th.pk).permissions_for_user(fresh).can_publish()


def test_sessions_and_forms_name_english_rows_only(client, course, thai, rso):
    from courses.models import Language
    from courses.services import COURSE_NOT_SOURCE
    from nominations.forms import NeedForm
    from tests.factories import session_for

    with pytest.raises(ValidationError) as refused:
        make_session(thai)
    assert str(COURSE_NOT_SOURCE) in refused.value.messages
    client.force_login(rso)
    body = client.get("/admin/snippets/courses/session/add/").content.decode()
    assert f'<option value="{course.pk}"' in body and f'<option value="{thai.pk}"' not in body
    language = Language.objects.get(code="th", locale__language_code="en")
    translate(language, "th", texts={"name": "ภาษาไทย"}, user=rso)
    names = list(NeedForm().fields["language"].queryset.values_list("name", flat=True))
    assert "ภาษาไทย" not in names and names.count("Thai") == 1
    assert session_for(course).course == course


def test_the_demo_has_translations_of_one_centre_and_a_few_courses(db):
    from django.core.management import call_command

    call_command("load_demo_data", verbosity=0)
    for language in ("th", "id", "vi"):
        centres = CentrePage.objects.live().filter(locale__language_code=language)
        assert list(centres.filter(alias_of=None).values_list("slug", flat=True)) == ["jclec"]
        courses = CoursePage.objects.live().filter(locale__language_code=language, alias_of=None)
        assert courses.count() == 3
        assert Topic.objects.filter(locale__language_code=language).count() == 6
    assert CoursePage.objects.published().count() == 31
    before = CoursePage.objects.count()
    call_command("load_demo_data", verbosity=0)
    assert CoursePage.objects.count() == before
