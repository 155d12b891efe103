"""The matching score, one reason at a time (nominations/scoring.py): each test changes one
fact of a candidate and checks the points and the words of that reason alone."""

import dataclasses
import datetime as dt

import pytest

from nominations import scoring

FROM, UNTIL = dt.date(2027, 3, 1), dt.date(2027, 6, 30)
NEED = scoring.NeedFacts(
    theme="protection",
    module_codes={1: "PTM-1", 2: "PTM-2", 3: "PTM-3"},
    curriculum_id=10,
    curriculum_title="Protection Training Manual",
    audience="Frontline border officers at airports",
    level="foundation",
    language_id=7,
    language_name="Thai",
    officials=6,
    preferred_from=FROM,
    preferred_until=UNTIL,
    member_name="Thailand",
    member_code="TH",
)
COURSE = scoring.CourseFacts(
    id=1,
    title="Protection basics",
    theme="protection",
    level="foundation",
    audience="Frontline border officers",
    delivery_mode="residential",
    language_names={7: "Thai", 8: "English"},
    module_ids=frozenset({1, 2, 3}),
    curriculum_ids=frozenset({10}),
    time_zone="Asia/Bangkok",
)


def session(**changes):
    base = scoring.SessionFacts(
        id=1,
        course=COURSE,
        starts_at=dt.datetime(2027, 4, 5, 9, tzinfo=dt.UTC),
        time_zone="Asia/Bangkok",
        seats_left=20,
        quota_left=6,
    )
    return dataclasses.replace(base, **changes)


def reason(key, need=NEED, course=COURSE, candidate=None):
    match = scoring.score(need, course, candidate if candidate is not None else session())
    return next(r for r in match.reasons if r.key == key)


def test_weights_add_up_to_100_and_a_perfect_session_scores_100():
    assert sum(scoring.WEIGHTS.values()) == 100
    same_audience = dataclasses.replace(NEED, audience=COURSE.audience)
    assert scoring.score(same_audience, COURSE, session()).score == 100


def test_theme():
    assert reason("theme").points == 25
    other = reason("theme", course=dataclasses.replace(COURSE, theme="prevention"))
    assert other.points == 0 and other.text == "Another theme: Prevention (asked: Protection)"


def test_modules_covered_share():
    two = reason("modules", course=dataclasses.replace(COURSE, module_ids=frozenset({1, 2})))
    assert two.points == pytest.approx(25 * 2 / 3)
    assert two.text == "Delivers 2 of the 3 modules asked for (PTM-1, PTM-2)"
    none = reason("modules", course=dataclasses.replace(COURSE, module_ids=frozenset()))
    assert none.points == 0
    only_curriculum = dataclasses.replace(NEED, module_codes={})
    assert reason("modules", need=only_curriculum).text.startswith("Delivers modules of")


def test_audience_words():
    other = reason("audience", course=dataclasses.replace(COURSE, audience="Prosecutors"))
    assert other.points == 0 and "Prosecutors" in other.text
    part = reason(
        "audience"
    )  # frontline, border, officers of frontline, border, officers, airports
    assert part.points == pytest.approx(5 * 3 / 4)


def test_level_steps():
    assert reason("level").points == 5
    one = reason("level", course=dataclasses.replace(COURSE, level="intermediate"))
    assert one.points == 2.5 and "one step from Foundation" in one.text
    assert reason("level", course=dataclasses.replace(COURSE, level="advanced")).points == 0
    assert reason("level", need=dataclasses.replace(NEED, level="")).points == 5


def test_language():
    assert reason("language").text == "Taught in Thai, as asked"
    other = reason("language", course=dataclasses.replace(COURSE, language_names={8: "English"}))
    assert other.points == 0 and other.text == "Not taught in Thai (only English)"


def test_period_in_then_fading_outside():
    assert reason("period").points == 15
    late = session(starts_at=dt.datetime(2027, 7, 30, 2, tzinfo=dt.UTC))
    fading = reason("period", candidate=late)
    assert fading.points == pytest.approx(15 * (1 - 30 / scoring.PERIOD_SLACK_DAYS))
    assert "30 days after the preferred period" in fading.text
    far = session(starts_at=dt.datetime(2028, 1, 1, 2, tzinfo=dt.UTC))
    assert reason("period", candidate=far).points == 0
    course_only = scoring.score(NEED, COURSE)
    assert next(r for r in course_only.reasons if r.key == "period").points == 0


def test_seats_left():
    assert reason("seats", candidate=session(seats_left=3)).points == pytest.approx(5 * 3 / 6)
    assert reason("seats", candidate=session(seats_left=0)).text == "Full: no seat left"


def test_members_quota():
    quota = reason("quota", candidate=session(quota_left=2))
    assert quota.points == pytest.approx(5 * 2 / 6)
    assert quota.text == "Thailand's quota leaves 2 places for the 6 officials"


def test_time_zone_of_the_venue():
    assert reason("time_zone").text.endswith("the same as Thailand")
    seoul = reason("time_zone", candidate=session(time_zone="Asia/Seoul"))
    assert seoul.points == pytest.approx(5 * (1 - 2 / scoring.RESIDENTIAL_HOURS))
    online = dataclasses.replace(COURSE, delivery_mode="online")
    live = reason("time_zone", course=online, candidate=session(time_zone="Asia/Seoul"))
    assert live.points == pytest.approx(5 * (1 - 2 / scoring.LIVE_ONLINE_HOURS))
    assert live.text.startswith("Live classes on Asia/Seoul time")
    assert seoul.text.endswith("2 hours from Thailand")
    # One hour is singular; a fraction takes the plural.
    manila = reason("time_zone", candidate=session(time_zone="Asia/Manila"))
    assert manila.text == "Venue in Asia/Manila (UTC+08:00), 1 hour from Thailand"
    colombo = reason("time_zone", candidate=session(time_zone="Asia/Colombo"))
    assert colombo.text.endswith("1.5 hours from Thailand")


def test_ranking_puts_the_best_first_and_the_sooner_on_a_tie():
    early = session(id=2, starts_at=dt.datetime(2027, 3, 5, 2, tzinfo=dt.UTC))
    worse = session(id=3, seats_left=0)
    ranked = scoring.ranked([scoring.score(NEED, COURSE, s) for s in (worse, session(), early)])
    assert [m.candidate.id for m in ranked] == [2, 1, 3]


def test_every_member_state_has_a_known_time_zone():
    from courses.models import TIME_ZONES

    assert set(scoring.MEMBER_TIME_ZONES.values()) <= set(TIME_ZONES)
    assert len(scoring.MEMBER_TIME_ZONES) == 45
