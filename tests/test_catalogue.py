"""The public catalogue: filters, counts, sorting, pagination, no JavaScript, constant SQL."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.choices import SessionStatus
from tests.factories import make_course, make_session

pytestmark = pytest.mark.django_db
URL = "/catalogue/"


@pytest.fixture
def catalogue(jclec, jeju):
    protection = make_course(
        jclec,
        title="Protection sensitive screening",
        theme="protection",
        languages=("en", "id"),
        topics=("refugee-protection",),
    )
    detection = make_course(
        jeju,
        title="Document examination",
        theme="early_detection",
        mode="online",
        level="advanced",
        languages=("ko",),
        topics=("document-examination",),
    )
    prevention = make_course(
        jclec, title="Countering people smuggling", theme="prevention", languages=("en",)
    )
    make_session(protection, status=SessionStatus.OPEN)
    make_session(
        detection,
        status=SessionStatus.PLANNED,
        tz="Asia/Seoul",
        start=timezone.now().date() + dt.timedelta(days=200),
    )
    return {"protection": protection, "detection": detection, "prevention": prevention}


def _titles(client, **params):
    html = client.get(URL, params).content.decode()
    return {
        t
        for t in ("Protection sensitive", "Document examination", "Countering people")
        if t in html
    }, html


def test_all_published_courses_are_listed(client, catalogue, jclec):
    make_course(jclec, title="Hidden draft", publish=False)
    titles, html = _titles(client)
    assert len(titles) == 3 and "Hidden draft" not in html
    assert "3 courses" in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"theme": "protection"}, {"Protection sensitive"}),
        ({"theme": ["protection", "prevention"]}, {"Protection sensitive", "Countering people"}),
        ({"topic": "document-examination"}, {"Document examination"}),
        ({"language": "id"}, {"Protection sensitive"}),
        ({"mode": "online"}, {"Document examination"}),
        ({"level": "advanced"}, {"Document examination"}),
        ({"country": "KR"}, {"Document examination"}),
        ({"open": "true"}, {"Protection sensitive"}),
    ],
)
def test_each_filter_narrows_the_list(client, catalogue, params, expected):
    assert _titles(client, **params)[0] == expected


def test_centre_and_date_filters(client, catalogue, jeju):
    assert _titles(client, centre=jeju.slug)[0] == {"Document examination"}
    later = (timezone.now().date() + dt.timedelta(days=150)).isoformat()
    assert _titles(client, starts_after=later)[0] == {"Document examination"}
    assert _titles(client, starts_before=later)[0] == {"Protection sensitive"}


def _count_of(html, name, value):
    """The count the facet `name` shows beside `value`."""
    at = html.index(f'name="{name}" value="{value}"')
    return int(html[at:].split('<span class="count">(', 1)[1].split(")", 1)[0])


def test_counts_per_filter_value_follow_the_results(client, catalogue):
    html = client.get(URL).content.decode()
    assert _count_of(html, "theme", "protection") == 1
    assert _count_of(html, "country", "KR") == 1
    # Within a facet the values are alternatives: ticking one leaves the others' counts as
    # they would be if ticked too; across facets the counts follow every other choice.
    filtered = client.get(URL, {"theme": "protection"}).content.decode()
    assert _count_of(filtered, "theme", "early_detection") == 1
    assert _count_of(filtered, "theme", "prevention") == 1
    assert _count_of(filtered, "country", "ID") == 1
    assert 'name="country" value="KR"' not in filtered  # no protection course in Korea
    by_country = client.get(URL, {"country": "ID"}).content.decode()
    assert _count_of(by_country, "country", "KR") == 1  # other countries stay listed


def _results(client, **params):
    return client.get(URL, params).content.decode().split('id="results-heading"')[1]


def test_sorting(client, catalogue):
    html = _results(client, sort="-title")
    assert html.index("Protection sensitive") < html.index("Document examination")
    html = _results(client, sort="title")
    assert html.index("Countering people") < html.index("Document examination")
    html = _results(client, sort="next")
    assert html.index("Protection sensitive") < html.index("Document examination")


def test_unknown_filter_values_give_an_empty_well_formed_page(client, catalogue):
    for params in (
        {"theme": "astrology"},
        {"centre": "nowhere"},
        {"starts_after": "soon"},
        {"sort": "chaos"},
        {"page": "999"},
        {"language": "xx"},
    ):
        response = client.get(URL, params)
        assert response.status_code == 200, params
    html = client.get(URL, {"theme": "astrology"}).content.decode()
    assert "0 courses" in html and "not known" in html


def test_pagination_keeps_the_filters_in_the_links(client, jclec):
    for n in range(23):
        make_course(jclec, title=f"Course {n:02d}", theme="prevention")
    html = client.get(URL, {"theme": "prevention"}).content.decode()
    assert "Page 1 of 2" in html
    assert "?theme=prevention&amp;page=2" in html
    second = client.get(URL, {"theme": "prevention", "page": "2"}).content.decode()
    assert "Course 22" in second and "Course 00" not in second


def test_listing_works_without_javascript(client, catalogue):
    """Every control is a plain GET form; the scripts only add the autocomplete and the
    Escape key to the disclosures (the filters), which open and close without them."""
    html = client.get(URL).content.decode()
    assert '<form method="get"' in html and 'name="q"' in html
    scripts = [part.split(">", 1)[0] for part in html.split("<script")[1:]]
    assert scripts == [
        ' src="/static/training_hub/site.js" defer',
        ' src="/static/catalogue/autocomplete.js" defer',
    ]


def _queries(client, **params):
    from django.core.cache import cache

    cache.clear()  # the page as built, not as kept for the next visitor
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, params).status_code == 200
    return len(captured)


def test_query_count_does_not_grow_with_the_catalogue(client, jclec, jeju):
    def add(count):
        for n in range(count):
            course = make_course(
                jclec if n % 2 else jeju, topics=("interviewing",), languages=("en", "th")
            )
            make_session(course)

    add(3)
    small = _queries(client), _queries(client, theme="prevention", open="true")
    add(30)
    large = _queries(client), _queries(client, theme="prevention", open="true")
    assert small == large


def test_moving_a_course_to_another_centre_moves_its_scope(jclec, jeju):
    from courses.models import CoursePage

    course = make_course(jclec, title="Moving course")
    course.move(jeju, pos="last-child")
    assert CoursePage.objects.get(pk=course.pk).centre_id == jeju.pk


def test_restricted_courses_stay_out_of_the_catalogue(client, catalogue):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=catalogue["detection"], restriction_type="login")
    assert _titles(client)[0] == {"Protection sensitive", "Countering people"}


def test_visitors_get_the_kept_page_until_the_catalogue_changes(
    client, catalogue, jclec, django_capture_on_commit_callbacks
):
    assert _queries(client) > 0
    with CaptureQueriesContext(connection) as again:
        client.get(URL)
    assert len(again) == 0  # the kept page
    with django_capture_on_commit_callbacks(execute=True):
        make_course(jclec, title="Published since")
    assert "Published since" in client.get(URL).content.decode()


def test_a_card_follows_its_next_session_though_kept(client, jclec, rso):
    """Cards are rendered once per state of what they show: seats taken change the card."""
    from courses.models import Session

    course = make_course(jclec, title="Seats course")
    session = make_session(course, status=SessionStatus.OPEN, capacity=2)
    client.force_login(rso)  # past the page cache: the card's own cache is what is tested
    assert "2 of 2 left" in client.get(URL).content.decode()
    Session.objects.filter(pk=session.pk).update(seats_taken=2)
    html = client.get(URL).content.decode()
    assert "Full, waitlist open" in html and "2 of 2 left" not in html


def test_each_card_lists_its_own_languages_and_topics_by_name(client, jclec, jeju):
    from courses.models import Topic

    make_course(
        jclec,
        title="Screening at the border",
        languages=("th", "en", "id"),
        topics=("interviewing", "refugee-protection"),
    )
    make_course(jeju, title="Examining documents", languages=("ko",), topics=())
    html = client.get(URL).content.decode()
    cards = {
        re.search(r"<h3><a [^>]*>([^<]+)</a>", card).group(1): " ".join(card.split())
        for card in html.split('<ol class="course-list">')[1].split("</ol>")[0].split("<li>")[1:]
    }
    topics = sorted(
        Topic.objects.filter(slug__in=("interviewing", "refugee-protection")).values_list(
            "name", flat=True
        )
    )
    assert len(topics) == 2
    assert (
        f"Languages: Bahasa Indonesia, English, Thai · Topics: {', '.join(topics)}</p>"
        in cards["Screening at the border"]
    )
    assert "Languages: Korean</p>" in cards["Examining documents"]


def test_each_card_shows_its_course_s_first_upcoming_session(client, jclec, jeju):
    from courses.models import Session

    today = timezone.now().date()
    course = make_course(jclec, title="Screening at the border")
    make_session(course, start=today + dt.timedelta(days=120), city="Surabaya")
    make_session(course, start=today + dt.timedelta(days=60), city="Semarang")
    cancelled = make_session(course, start=today + dt.timedelta(days=30), city="Denpasar")
    Session.objects.filter(pk=cancelled.pk).update(status=SessionStatus.CANCELLED)
    other = make_course(jeju, title="Examining documents")
    make_session(other, start=today + dt.timedelta(days=90), tz="Asia/Seoul", city="Jeju")
    html = client.get(URL).content.decode()
    cards = {
        re.search(r"<h3><a [^>]*>([^<]+)</a>", card).group(1): " ".join(card.split())
        for card in html.split('<ol class="course-list">')[1].split("</ol>")[0].split("<li>")[1:]
    }
    screening, examining = cards["Screening at the border"], cards["Examining documents"]
    assert ", Semarang</a>" in screening
    assert "Surabaya" not in screening and "Denpasar" not in screening
    assert ", Jeju</a>" in examining and "Semarang" not in examining


def test_a_card_escapes_what_people_typed_and_marks_only_the_search_s_words(client, jclec):
    from courses.models import CoursePage

    course = make_course(jclec, title="Borders & <b>bold</b> titles")
    CoursePage.objects.filter(pk=course.pk).update(summary="<script>alert(1)</script> & more")
    make_session(course, city="Semarang <i>east</i>")
    html = client.get(URL).content.decode()
    card = html.split('<ol class="course-list">')[1].split("</ol>")[0]
    assert "Borders &amp; &lt;b&gt;bold&lt;/b&gt; titles</a></h3>" in card
    assert "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</p>" in card
    assert ", Semarang &lt;i&gt;east&lt;/i&gt;</a>" in card
    assert "<b>" not in card and "<script>" not in card and "<i>" not in card


def test_a_card_speaks_the_language_of_each_page_it_is_built_for(client, jclec):
    from django.utils import translation

    course = make_course(jclec, title="Screening at the border")
    make_session(course, status=SessionStatus.OPEN, capacity=3)
    words = {}
    for language in ("en", "th"):
        with translation.override(language):
            words[language] = [
                str(translation.gettext(text))
                for text in ("Next session", "Nominations close", "Seats", "Languages:")
            ]
            days = course.duration_days
            words[language].append(
                translation.ngettext("%(days)s day", "%(days)s days", days) % {"days": days}
            )
    assert words["en"] != words["th"] and all(words["th"])
    pages = {"en": client.get(URL).content.decode(), "th": client.get(f"/th{URL}").content.decode()}
    for language, html in pages.items():
        card = html.split('<ol class="course-list">')[1].split("</ol>")[0]
        for word in words[language]:
            assert word in card, (language, word)
        assert words["th" if language == "en" else "en"][0] not in card


def test_cards_name_choices_as_get_display_does_in_the_visitor_s_language():
    from django.utils import translation

    from courses.models import CoursePage, Session
    from training_hub.templatetags.choices import label

    course = CoursePage(theme="early_detection", level="advanced", delivery_mode="online")
    session = Session(funding_status="partial")
    for language in ("en", "th"):
        with translation.override(language):
            assert str(label(course, "theme")) == course.get_theme_display()
            assert str(label(course, "level")) == course.get_level_display()
            assert str(label(course, "delivery_mode")) == course.get_delivery_mode_display()
            assert str(label(session, "funding_status")) == session.get_funding_status_display()
    with translation.override("th"):
        assert str(label(course, "theme")) != "Early detection"
    course.theme = "retired_theme"
    assert label(course, "theme") == "retired_theme"
