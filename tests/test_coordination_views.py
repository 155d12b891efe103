"""The coordination screens over HTTP: matching and linking (with the theme warning),
funding from a pledge, refusals on the form with nothing saved, the dashboard's charts and
tables for the RSO and a focal point, the reports and their exports (formulas neutralised),
and a period that ends before it starts."""

import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.core import mail
from openpyxl import load_workbook

from courses.choices import FundingStatus
from courses.models import Session
from nominations.models import Allocation, Pledge, TrainingNeed
from nominations.services import need_link
from tests.factories import (
    make_course_with_cost,
    make_need,
    make_official,
    make_pledge,
    make_session,
    member,
    nominate,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(rso, jclec, focal_point, other_focal_point):
    course = make_course_with_cost(jclec, cost="500.00", theme="protection", title="Protect")
    session = make_session(course, capacity=10, default_quota=6)
    need = make_need("ID", focal_point=focal_point, theme="protection", officials=4, title="Ours")
    theirs = make_need("TH", focal_point=other_focal_point, title='=HYPERLINK("x")')
    pledge = make_pledge(amount="3000.00", themes=["protection"], title="Protection grant")
    return type("World", (), locals())


def test_matching_lists_the_need_with_its_session_and_pledge(client, rso, world):
    client.force_login(rso)
    body = client.get("/coordination/matching/").content.decode()
    assert "Ours" in body and "Protect" in body and "Protection grant" in body
    assert re.search(r'class="score"[^>]*>\d+<', body)


def test_the_rso_links_then_funds_the_need_on_its_page(
    client, rso, world, django_capture_on_commit_callbacks
):
    client.force_login(rso)
    url = f"/coordination/needs/{world.need.pk}/"
    page = client.get(url).content.decode()
    assert "Same theme: Protection" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "link", "session": world.session.pk}, follow=True)
    assert "is linked to" in response.content.decode()
    assert any(m.to == [world.focal_point.email] for m in mail.outbox)
    response = client.post(
        url, {"action": "allocate", "pledge": world.pledge.pk, "participants": "4"}, follow=True
    )
    assert response.status_code == 200
    need = TrainingNeed.objects.get(pk=world.need.pk)
    assert need.funding_status == FundingStatus.FUNDED
    assert Session.objects.get(pk=world.session.pk).funding_status == FundingStatus.PARTIAL


def test_a_refused_allocation_shows_on_the_form_and_saves_nothing(client, rso, world):
    need_link(user=rso, need=world.need, session=world.session)
    client.force_login(rso)
    url = f"/coordination/needs/{world.need.pk}/"
    for data, message in (
        ({"amount": "-3"}, "An amount must be more than zero."),
        ({"amount": "abc"}, "Enter the amount as a number"),
        ({"amount": "2500.00"}, "needs only USD 2,000.00 more"),
        ({"participants": "5"}, "needs only"),
    ):
        response = client.post(url, {"action": "allocate", "pledge": world.pledge.pk, **data})
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not Allocation.objects.exists()


def test_a_session_of_another_theme_asks_for_confirmation(client, rso, world, jclec):
    other = make_session(make_course_with_cost(jclec, theme="prevention", title="Smuggling"))
    client.force_login(rso)
    url = f"/coordination/needs/{world.need.pk}/"
    response = client.post(url, {"action": "link", "session": other.pk})
    assert response.status_code == 400
    body = response.content.decode()
    assert "asked for Protection" in body and "Link it all the same" in body
    assert TrainingNeed.objects.get(pk=world.need.pk).matched_session_id is None
    client.post(url, {"action": "link", "session": other.pk, "confirm_theme": "1"})
    assert TrainingNeed.objects.get(pk=world.need.pk).matched_session_id == other.pk


def test_the_focal_point_sees_the_match_on_their_needs(client, rso, world, focal_point):
    need_link(user=rso, need=world.need, session=world.session)
    client.force_login(focal_point)
    body = client.get("/nominations/needs/").content.decode()
    assert "Protect" in body and "Matched" in body


def test_a_pledge_form_with_a_bad_amount_is_refused(client, rso, world):
    client.force_login(rso)
    data = {
        "donor": world.pledge.donor_id,
        "title": "Bad",
        "currency": "JPY",
        "starts_on": "2027-01-01",
        "ends_on": "2026-01-01",
    }
    response = client.post("/coordination/funding/pledges/new/", {**data, "amount": "10.5"})
    assert response.status_code == 400
    assert "JPY has 0 decimal places" in response.content.decode()
    data["amount"] = "1000"
    response = client.post("/coordination/funding/pledges/new/", data)
    assert "must end on or after" in response.content.decode()
    assert Pledge.objects.count() == 1


def test_the_dashboard_has_every_chart_with_a_table(client, rso, world):
    client.force_login(rso)
    response = client.get("/coordination/")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('role="img"') == 8  # needs, four seats, funding, nominated, completed
    for figure in ("needs", "seats", "funding", "nominations"):
        assert f'data-figure="{figure}"' in body
    assert "<script" not in body.split("<footer")[0].split("</header>")[1]
    assert "<style" not in body and 'style="' not in body
    css = client.get("/coordination/charts.css")
    assert css["Content-Type"].startswith("text/css") and "svg.pygal-chart" in css.content.decode()


def test_the_focal_point_sees_their_member_only(client, world, focal_point):
    client.force_login(focal_point)
    theirs = member("TH").pk
    body = client.get(f"/coordination/?member={theirs}").content.decode()
    assert "Coordination dashboard: Indonesia" in body
    assert "Thailand" not in body.split('data-figure="needs"')[1].split("</section>")[0]
    assert 'name="member"' not in body


def test_an_inverted_period_is_refused_with_a_message(client, rso, world):
    client.force_login(rso)
    response = client.get("/coordination/?start=2027-06-01&end=2027-01-01")
    assert response.status_code == 400
    assert "The period must end on or after the day it starts." in response.content.decode()


def test_exports_neutralise_formulas_and_keep_to_the_scope(client, rso, world, focal_point):
    official = make_official("ID", focal_point=focal_point, name="-2+3", agency="@agency")
    nominate(world.session, official)
    query = "?start=2020-01-01&end=2035-01-01"
    client.force_login(rso)
    rows = list(
        csv.reader(
            io.StringIO(
                b"".join(
                    client.get(f"/coordination/reports/needs.csv{query}").streaming_content
                ).decode("utf-8-sig")
            )
        )
    )
    titles = [row[1] for row in rows[1:]]
    assert '\'=HYPERLINK("x")' in titles and "Ours" in titles
    participation = client.get(f"/coordination/reports/participation.xlsx{query}")
    sheet = load_workbook(io.BytesIO(b"".join(participation.streaming_content))).active
    values = [cell for row in sheet.values for cell in row]
    assert "'@agency" in values
    client.force_login(focal_point)
    body = b"".join(client.get(f"/coordination/reports/needs.csv{query}").streaming_content)
    assert b"Ours" in body and b"HYPERLINK" not in body


def test_funding_report_is_laid_out_as_the_annex(client, rso, world):
    from nominations.services import allocation_create

    allocation_create(user=rso, pledge=world.pledge, session=world.session, amount="2500.00")
    client.force_login(rso)
    body = b"".join(
        client.get(
            "/coordination/reports/funding.csv?start=2020-01-01&end=2035-01-01"
        ).streaming_content
    ).decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(body)))[:2]
    assert header[:2] == ["Goal", "Deliverable"] and header[-1] == "Funding"
    assert row[0] == "Protection" and row[1] == "Protect" and row[-1] == "Partially Funded"


def test_others_get_404(client, director, trainee, world):
    for user in (director, trainee):
        client.force_login(user)
        for url in ("/coordination/", "/coordination/matching/", "/coordination/reports/"):
            assert client.get(url).status_code == 404


def test_a_long_legend_entry_gets_fewer_columns_not_a_cut(settings):
    """pygal gives each legend column an equal share of the chart's width: the Indonesian
    "Memilih untuk tidak menyebutkan" ran 28 px out of the chart in four columns."""
    from nominations.charts import LEGEND_COLUMNS, _legend_columns, svg

    assert _legend_columns(["Women", "Men", "Other", "Prefer not to say"]) == LEGEND_COLUMNS
    names = ["Perempuan", "Laki-laki", "Lainnya", "Memilih untuk tidak menyebutkan"]
    assert _legend_columns(names) == 2
    markup = svg(
        "stacked",
        key="legend",
        title="t",
        description="d",
        x_labels=["Q1"],
        series=[(name, [1]) for name in names],
    )
    legends = ET.fromstring(markup).find(".//{*}g[@class='legends']")
    columns = {rect.get("x") for rect in legends.iter("{http://www.w3.org/2000/svg}rect")}
    assert len(columns) == 2, columns
