"""Curricula: modules in order, who delivers each and when next; gaps shown to the RSO."""

import pytest

from courses.selectors import module_gaps
from tests.factories import make_course, make_curriculum, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def ilo(jclec):
    curriculum = make_curriculum(codes=("ILO-01", "ILO-02", "ILO-03"), title="ILO programme")
    modules = list(curriculum.modules.order_by("sort_order"))
    course = make_course(jclec, title="Airport liaison basics", modules=modules[:1])
    make_session(course)
    make_course(jclec, title="Draft liaison course", modules=modules[1:2], publish=False)
    return curriculum


def test_curriculum_page_lists_modules_with_their_courses_and_next_session(client, ilo):
    html = client.get(ilo.url).content.decode()
    assert html.index("ILO-01") < html.index("ILO-02") < html.index("ILO-03")
    assert "Airport liaison basics" in html
    assert "Draft liaison course" not in html


def test_gaps_are_flagged_for_the_rso_only(client, ilo, rso, focal_point):
    assert "Gap: no course delivers" not in client.get(ilo.url).content.decode()
    client.force_login(focal_point)
    assert "Gap: no course delivers" not in client.get(ilo.url).content.decode()
    client.force_login(rso)
    html = client.get(ilo.url).content.decode()
    assert html.count("Gap: no course delivers") == 2


def test_rso_portal_lists_the_gaps(client, ilo, rso):
    assert {m.code for m in module_gaps()} == {"ILO-02", "ILO-03"}
    client.force_login(rso)
    html = client.get("/portal/").content.decode()
    assert "Curriculum gaps (2)" in html and "ILO-03" in html


def test_curricula_index_lists_published_curricula(client, ilo):
    assert "ILO programme" in client.get("/curricula/").content.decode()
