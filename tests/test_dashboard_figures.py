"""The coordination dashboard's figures, number by number: seats asked for and offered per
theme and quarter, nominations and completions per quarter and gender, and the detail per
member. A session counts in the quarter of its start in the site's time zone (Asia/Bangkok),
not in UTC's nor the venue's: one starting at 09:00 on 1 April in Kiritimati (UTC+14) is
still 31 March in UTC, and already 1 April in Bangkok."""

import datetime as dt

import pytest
from django.utils import timezone

from nominations import dashboard
from tests.factories import (
    complete,
    make_course,
    make_need,
    make_official,
    make_session,
    nominate,
)

pytestmark = pytest.mark.django_db

YEAR = 2027


@pytest.fixture
def figures(rso, jclec, director, focal_point, other_focal_point):
    opens = timezone.now() - dt.timedelta(days=1)
    protection = make_course(jclec, title="Protect", theme="protection")
    prevention = make_course(jclec, title="Prevent", theme="prevention")
    # Q1 in UTC and at the venue's; Q2 in Bangkok.
    boundary = make_session(
        protection, start=dt.date(YEAR, 4, 1), tz="Pacific/Kiritimati", capacity=12, opens=opens
    )
    make_session(protection, start=dt.date(YEAR, 2, 10), capacity=8, opens=opens)
    make_session(prevention, start=dt.date(YEAR, 11, 3), capacity=30, opens=opens)
    make_session(protection, start=dt.date(YEAR + 1, 2, 1), capacity=99, opens=opens)  # after
    make_session(protection, start=dt.date(YEAR, 3, 1), capacity=7, status="cancelled")
    make_need("ID", focal_point=focal_point, theme="protection", officials=4,
              preferred_from=dt.date(YEAR, 1, 15), preferred_until=dt.date(YEAR, 3, 1))  # fmt: skip
    make_need("TH", focal_point=other_focal_point, theme="protection", officials=5,
              preferred_from=dt.date(YEAR, 4, 1), preferred_until=dt.date(YEAR, 6, 1))  # fmt: skip
    women = [make_official("ID", focal_point=focal_point, gender="female") for _ in range(2)]
    man = make_official("TH", focal_point=other_focal_point, gender="male")
    complete(nominate(boundary, women[0]), director=director)
    nominate(boundary, women[1])
    nominate(boundary, man)
    scope = dashboard.scope_of(rso, start=dt.date(YEAR, 1, 1), end=dt.date(YEAR, 12, 31))
    return scope


def _rows(table):
    return dict(table.rows)


def test_seats_asked_for_and_offered_fall_in_the_bangkok_quarter(figures):
    seats = dashboard.seats_by_theme_and_quarter(figures)
    protection = _rows(next(t for label, t in seats.items() if str(label) == "Protection"))
    prevention = _rows(next(t for label, t in seats.items() if str(label) == "Prevention"))
    # Asked for (officials of the needs) and offered (capacity), cancelled sessions left out.
    assert protection == {
        "2027 Q1": [4, 8],
        "2027 Q2": [5, 12],
        "2027 Q3": [0, 0],
        "2027 Q4": [0, 0],
    }
    assert prevention["2027 Q4"] == [0, 30]
    assert sum(sum(values) for values in prevention.values()) == 30


def test_nominations_and_completions_by_quarter_gender_and_member(figures):
    put, done, labels, detail = dashboard.nominations_over_time(figures)
    assert labels == ["2027 Q1", "2027 Q2", "2027 Q3", "2027 Q4"]
    assert [str(column) for column in put.columns][:2] == ["Female", "Male"]
    assert _rows(put)["2027 Q2"][:2] == [2, 1]
    assert _rows(put)["2027 Q1"] == [0] * len(put.columns)
    assert _rows(done)["2027 Q2"][:2] == [1, 0]
    assert sum(done.totals) == 1
    by_member = {(member, str(gender)): cells for (member, gender), cells in detail}
    assert by_member[("Indonesia", "Female")] == [[0, 0], [2, 1], [0, 0], [0, 0]]
    assert by_member[("Thailand", "Male")] == [[0, 0], [1, 0], [0, 0], [0, 0]]


def test_a_focal_points_figures_are_their_members_only(figures, focal_point):
    scope = dashboard.scope_of(focal_point, start=dt.date(YEAR, 1, 1), end=dt.date(YEAR, 12, 31))
    put, _done, _labels, detail = dashboard.nominations_over_time(scope)
    assert _rows(put)["2027 Q2"][:2] == [2, 0]
    assert [member for (member, _gender), _cells in detail] == ["Indonesia"]
    seats = dashboard.seats_by_theme_and_quarter(scope)
    protection = _rows(next(t for label, t in seats.items() if str(label) == "Protection"))
    # Asked for: Indonesia's need only; offered: every public session (what a member can ask for).
    assert protection["2027 Q1"] == [4, 8] and protection["2027 Q2"] == [0, 12]
