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


def _curriculum_form(curriculum, rows):
    data = {
        "title": curriculum.title,
        "slug": curriculum.slug,
        "summary": "",
        "acronym": "",
        "modules-TOTAL_FORMS": str(len(rows)),
        "modules-INITIAL_FORMS": str(sum(1 for r in rows if r.get("id"))),
        "modules-MIN_NUM_FORMS": "1",
        "modules-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"modules-{i}-{key}"] = value
        data[f"modules-{i}-ORDER"] = str(i + 1)
    return data


def _row(module, **overrides):
    row = {
        "id": str(module.pk),
        "code": module.code,
        "title": module.title,
        "learning_outcomes": "Knows it",
        "hours": "4",
        "level": "foundation",
        "prerequisites": "",
        "audience": "",
    }
    row.update(overrides)
    return row


def test_unknown_prerequisite_is_refused_on_its_row(client, rso, ilo):
    modules = list(ilo.modules.order_by("sort_order"))
    client.force_login(rso)
    rows = [_row(modules[0]), _row(modules[1], prerequisites="ILO-01, NOPE-9"), _row(modules[2])]
    response = client.post(f"/admin/pages/{ilo.pk}/edit/", _curriculum_form(ilo, rows))
    assert response.status_code == 200
    assert "Unknown module code(s) in this curriculum: NOPE-9." in response.content.decode()


def test_a_delivered_module_cannot_be_deleted(client, rso, ilo):
    modules = list(ilo.modules.order_by("sort_order"))
    client.force_login(rso)
    rows = [_row(modules[0], DELETE="on"), _row(modules[1]), _row(modules[2])]
    response = client.post(f"/admin/pages/{ilo.pk}/edit/", _curriculum_form(ilo, rows))
    assert response.status_code == 200
    assert "is delivered by 1 course(s)" in response.content.decode()
    assert ilo.modules.count() == 3
