"""How well a session, or a course that could be scheduled, fits a training need: a score out
of 100 and its reasons in plain words. Plain code on plain facts (no database here); the
weights are in `WEIGHTS` and nowhere else (README, "Matching").

Each reason earns a share of its weight:

- theme: all of it for the theme the need asked for, nothing for another;
- modules: the share of the modules asked for that the course delivers (a need naming
  only a curriculum: all when the course delivers one of its modules);
- audience: the share of the need's audience words (four letters or more) in the
  course's audience;
- level: all for the level asked, half one step away, nothing further;
- language: all when the course is taught in the language asked;
- period: all when the session starts inside the preferred period, then less by the day
  up to `PERIOD_SLACK_DAYS` before or after it; nothing for a course with no session;
- seats left: the share of the need's officials that the seats left could take;
- quota: the same share for the places left of the member's quota;
- time zone: all when the venue keeps the member's capital's time, less by the hour up
  to `RESIDENTIAL_HOURS` apart (`LIVE_ONLINE_HOURS` for online and blended courses,
  whose live classes run on the venue's clock).

A preference the need does not state (no level, no language, no module, a member with no
capital) earns the whole weight: every candidate fits it alike.
"""

import csv
import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from courses.choices import DeliveryMode, Level, Theme

WEIGHTS = {
    "theme": 25,
    "modules": 25,
    "audience": 5,
    "level": 5,
    "language": 10,
    "period": 15,
    "seats": 5,
    "quota": 5,
    "time_zone": 5,
}
PERIOD_SLACK_DAYS = 90
RESIDENTIAL_HOURS = 12
LIVE_ONLINE_HOURS = 6
LEVEL_STEPS = {Level.FOUNDATION: 0, Level.INTERMEDIATE: 1, Level.ADVANCED: 2, Level.TRAINER: 3}
# Words that say nothing about who a course is for.
_STOP_WORDS = {"with", "from", "their", "that", "this", "for", "and", "officials", "staff"}
_WORD = re.compile(r"\w{4,}")

_TIME_ZONES_FILE = Path(__file__).resolve().parent / "data" / "member_time_zones.csv"


def _read_member_time_zones():
    lines = [
        line
        for line in _TIME_ZONES_FILE.read_text(encoding="utf-8").splitlines()
        if not line.startswith("#")
    ]
    return {row["code"]: row["time_zone"] for row in csv.DictReader(lines)}


MEMBER_TIME_ZONES = _read_member_time_zones()


@dataclass(frozen=True)
class NeedFacts:
    theme: str
    module_codes: dict  # module id -> code
    curriculum_id: int | None
    curriculum_title: str
    audience: str
    level: str
    language_id: int | None
    language_name: str
    officials: int
    preferred_from: dt.date
    preferred_until: dt.date
    member_name: str
    member_code: str


@dataclass(frozen=True)
class CourseFacts:
    id: int
    title: str
    theme: str
    level: str
    audience: str
    delivery_mode: str
    language_names: dict  # language id -> name
    module_ids: frozenset
    curriculum_ids: frozenset
    time_zone: str  # the centre's


@dataclass(frozen=True)
class SessionFacts:
    id: int
    course: CourseFacts
    starts_at: dt.datetime
    time_zone: str
    seats_left: int
    quota_left: int


@dataclass(frozen=True)
class Reason:
    """One line of a score: what was compared, the points earned of the weight, in words."""

    key: str
    points: float
    weight: int
    words: object  # a callable: the text, in the current language

    @property
    def text(self):
        return str(self.words())

    @property
    def rounded(self):
        return round(self.points)

    @property
    def full(self):
        return self.points >= self.weight

    @property
    def none(self):
        return self.points <= 0


@dataclass
class Match:
    """A candidate for a need, with its score (0 to 100) and reasons."""

    candidate: object
    reasons: list = field(default_factory=list)

    @property
    def score(self):
        return round(sum(reason.points for reason in self.reasons))


def _reason(key, share, words):
    """A reason earning `share` of its weight; `words` (a callable) writes it, only when it
    is shown: a page scores many more candidates than it lists."""
    share = max(0.0, min(1.0, share))
    return Reason(key, WEIGHTS[key] * share, WEIGHTS[key], words)


def _day(value):
    return date_format(value, "j F Y")


def _dated(words):
    """`words` with its day written out (only for a reason that is shown)."""
    return {**words, "date": _day(words["day"])}


# --- one function per reason ---------------------------------------------------------------


def theme_reason(need, course):
    label = Theme(course.theme).label
    if course.theme == need.theme:
        return _reason("theme", 1, lambda: _("Same theme: %(theme)s") % {"theme": label})
    wanted = Theme(need.theme).label
    return _reason(
        "theme",
        0,
        lambda: (
            _("Another theme: %(theme)s (asked: %(wanted)s)") % {"theme": label, "wanted": wanted}
        ),
    )


def modules_reason(need, course):
    asked = need.module_codes
    if asked:
        covered = sorted(code for pk, code in asked.items() if pk in course.module_ids)
        if not covered:

            def text():
                return ngettext(
                    "Delivers none of the %(count)s module asked for",
                    "Delivers none of the %(count)s modules asked for",
                    len(asked),
                ) % {"count": len(asked)}

            return _reason("modules", 0, text)

        def text():
            return ngettext(
                "Delivers %(covered)s of the %(count)s module asked for (%(codes)s)",
                "Delivers %(covered)s of the %(count)s modules asked for (%(codes)s)",
                len(asked),
            ) % {"covered": len(covered), "count": len(asked), "codes": ", ".join(covered)}

        return _reason("modules", len(covered) / len(asked), text)
    if need.curriculum_id:
        if need.curriculum_id in course.curriculum_ids:

            def text():
                return _("Delivers modules of %(curriculum)s") % {
                    "curriculum": need.curriculum_title
                }

            return _reason("modules", 1, text)

        def text():
            return _("Delivers no module of %(curriculum)s") % {"curriculum": need.curriculum_title}

        return _reason("modules", 0, text)
    return _reason("modules", 1, lambda: _("No module asked for"))


def _words(text):
    return {word for word in _WORD.findall(text.casefold()) if word not in _STOP_WORDS}


def audience_reason(need, course):
    asked = _words(need.audience)
    if not asked:
        return _reason("audience", 1, lambda: _("No audience described"))
    shared = sorted(asked & _words(course.audience))
    if not shared:

        def text():
            return _("Another audience: the course is for “%(audience)s”") % {
                "audience": course.audience
            }

        return _reason("audience", 0, text)

    def text():
        return _("Audience: “%(audience)s” (shares %(words)s)") % {
            "audience": course.audience,
            "words": ", ".join(shared),
        }

    return _reason("audience", len(shared) / len(asked), text)


def level_reason(need, course):
    label = Level(course.level).label
    if not need.level:
        return _reason(
            "level", 1, lambda: _("No level asked for (the course is %(level)s)") % {"level": label}
        )
    if course.level == need.level:
        return _reason("level", 1, lambda: _("Level %(level)s, as asked") % {"level": label})
    wanted = Level(need.level).label
    steps = abs(LEVEL_STEPS[Level(course.level)] - LEVEL_STEPS[Level(need.level)])
    words = {"level": label, "wanted": wanted}
    if steps == 1:
        return _reason("level", 0.5, lambda: _("Level %(level)s, one step from %(wanted)s") % words)
    return _reason("level", 0, lambda: _("Level %(level)s; asked: %(wanted)s") % words)


def language_reason(need, course):
    taught = ", ".join(sorted(course.language_names.values())) or "—"
    if need.language_id is None:
        return _reason(
            "language",
            1,
            lambda: _("No language asked for (taught in %(taught)s)") % {"taught": taught},
        )
    words = {"language": need.language_name, "taught": taught}
    if need.language_id in course.language_names:
        return _reason("language", 1, lambda: _("Taught in %(language)s, as asked") % words)
    return _reason("language", 0, lambda: _("Not taught in %(language)s (only %(taught)s)") % words)


def period_reason(need, session):
    if session is None:
        return _reason(
            "period", 0, lambda: _("No session scheduled: its centre would have to schedule one")
        )
    day = session.starts_at.astimezone(zoneinfo.ZoneInfo(session.time_zone)).date()
    words = {"day": day}
    if need.preferred_from <= day <= need.preferred_until:
        return _reason(
            "period", 1, lambda: _("Starts %(date)s, in the preferred period") % _dated(words)
        )
    if day < need.preferred_from:
        days = (need.preferred_from - day).days
        words["days"] = days

        def text():
            return ngettext(
                "Starts %(date)s, %(days)s day before the preferred period",
                "Starts %(date)s, %(days)s days before the preferred period",
                days,
            )
    else:
        days = (day - need.preferred_until).days
        words["days"] = days

        def text():
            return ngettext(
                "Starts %(date)s, %(days)s day after the preferred period",
                "Starts %(date)s, %(days)s days after the preferred period",
                days,
            )

    return _reason("period", 1 - days / PERIOD_SLACK_DAYS, lambda: text() % _dated(words))


def seats_reason(need, session):
    if session is None:
        return _reason("seats", 0, lambda: _("No session yet: no seats to offer"))
    words = {"left": session.seats_left, "officials": need.officials}
    if session.seats_left <= 0:
        return _reason("seats", 0, lambda: _("Full: no seat left"))
    if session.seats_left >= need.officials:

        def text():
            return _("%(left)s seats left, enough for the %(officials)s officials") % words

        return _reason("seats", 1, text)

    def text():
        return _("Only %(left)s seats left for the %(officials)s officials") % words

    return _reason("seats", session.seats_left / need.officials, text)


def quota_reason(need, session):
    if session is None:
        return _reason("quota", 0, lambda: _("No session yet: no quota to count"))
    words = {"member": need.member_name, "left": session.quota_left, "officials": need.officials}
    if session.quota_left <= 0:
        return _reason("quota", 0, lambda: _("%(member)s has no place left of its quota") % words)
    if session.quota_left >= need.officials:

        def text():
            return _("%(member)s's quota leaves %(left)s places, enough for the need") % words

        return _reason("quota", 1, text)

    def text():
        return (
            _("%(member)s's quota leaves %(left)s places for the %(officials)s officials") % words
        )

    return _reason("quota", session.quota_left / need.officials, text)


def _offset_hours(zone_name, when):
    return when.astimezone(zoneinfo.ZoneInfo(zone_name)).utcoffset().total_seconds() / 3600


def _utc(hours):
    sign = "+" if hours >= 0 else "−"
    whole, rest = divmod(abs(hours) * 60, 60)
    return f"UTC{sign}{int(whole):02d}:{int(rest):02d}"


def time_zone_reason(need, course, session):
    zone = session.time_zone if session is not None else course.time_zone
    home = MEMBER_TIME_ZONES.get(need.member_code)
    if home is None or not zone:
        return _reason(
            "time_zone",
            1,
            lambda: _("%(member)s has no home time zone to compare") % {"member": need.member_name},
        )
    when = (
        session.starts_at
        if session is not None
        else dt.datetime.combine(need.preferred_from, dt.time(9), dt.UTC)
    )
    venue, own = _offset_hours(zone, when), _offset_hours(home, when)
    apart = abs(venue - own)
    online = course.delivery_mode in (DeliveryMode.ONLINE, DeliveryMode.BLENDED)
    limit = LIVE_ONLINE_HOURS if online else RESIDENTIAL_HOURS
    words = {"zone": zone, "utc": _utc(venue), "member": need.member_name, "hours": f"{apart:g}"}
    plural = 1 if apart == 1 else 2  # "1 hour", "1.5 hours" (a fraction takes the plural)
    if apart == 0:

        def text():
            return _("Venue time %(zone)s (%(utc)s), the same as %(member)s") % words
    elif online:

        def text():
            return (
                ngettext(
                    "Live classes on %(zone)s time (%(utc)s), %(hours)s hour from %(member)s",
                    "Live classes on %(zone)s time (%(utc)s), %(hours)s hours from %(member)s",
                    plural,
                )
                % words
            )
    else:

        def text():
            return (
                ngettext(
                    "Venue in %(zone)s (%(utc)s), %(hours)s hour from %(member)s",
                    "Venue in %(zone)s (%(utc)s), %(hours)s hours from %(member)s",
                    plural,
                )
                % words
            )

    return _reason("time_zone", 1 - apart / limit, text)


# --- the whole score -----------------------------------------------------------------------


def score(need, course, session=None):
    """The `Match` of `session` (of `course`), or of `course` alone when `session` is None."""
    return Match(
        candidate=session or course,
        reasons=[
            theme_reason(need, course),
            modules_reason(need, course),
            audience_reason(need, course),
            level_reason(need, course),
            language_reason(need, course),
            period_reason(need, session),
            seats_reason(need, session),
            quota_reason(need, session),
            time_zone_reason(need, course, session),
        ],
    )


def ranked(matches):
    """Best first; ties by the earlier start, then the lower id."""

    def key(match):
        candidate = match.candidate
        start = getattr(candidate, "starts_at", None)
        return (
            -match.score,
            start is None,
            start or dt.datetime.max.replace(tzinfo=dt.UTC),
            candidate.id,
        )

    return sorted(matches, key=key)
