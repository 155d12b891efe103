"""Loads the demo officials, training needs and nominations of `nominations.toml` through the
nominations services, after the catalogue. Safe to run twice.

Only what is missing is created, found by stable keys: an official by member and e-mail, a
need by its key (the services' own `submission_key`), and a session's nominations as a
whole (a session that has any was loaded before). Nothing that exists is changed.
"""

import datetime as dt
import tomllib
import uuid
import zoneinfo
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.choices import SessionStatus
from courses.models import CoursePage, CurriculumPage, Language, Module, Session
from nominations.choices import NEED_MOVES_BY_ROLE, NOMINATION_TRANSITIONS, NominationStatus, Timing
from nominations.models import Official, TrainingNeed
from nominations.services import (
    need_create,
    need_transition,
    nomination_create,
    nomination_transition,
    official_register,
)
from training_hub.localization import in_default_locale
from training_hub.models import Member, User
from training_hub.roles import Role
from training_hub.services import user_update

from .catalogue import CATALOGUE, DAY_STARTS, relative_day

NOMINATIONS = Path(__file__).with_name("nominations.toml")
# The demo needs' `submission_key`s: the same key in the TOML is the same need.
NEED_KEYS = uuid.UUID("6f1d8f0e-3b0a-4c55-9a43-1d1e5b7f2c10")
NO_SUCH_SESSION = _(
    "%(where)s: %(catalogue)s has no session of %(course)r starting %(start)r; "
    "name one as catalogue.toml does."
)
UNKNOWN = _("%(where)s: no %(what)s %(key)r in %(file)s.")
ENDED_ELSEWHERE = _("%(where)s: the service made this nomination %(got)r, not %(wanted)r.")
NOT_OVER = _("%(where)s: `past = true`, but the session is stored as %(status)r, not completed.")


class DemoNominationsError(ValueError):
    """`nominations.toml` holds a value the loader cannot use, or asks for what the services
    would not do."""


def _read():
    with NOMINATIONS.open("rb") as handle:
        return tomllib.load(handle)


def _focal_point(member, rso):
    """Who acts for `member`: its demo focal point, or the RSO when it has none."""
    found = User.objects.filter(role=Role.FOCAL_POINT, member=member, is_active=True)
    return found.order_by("pk").first() or rso


def _director(session, rso):
    """Who decides for `session`'s centre: its demo director, or the RSO when it has none."""
    found = User.objects.filter(
        role=Role.DIRECTOR, centres=session.course.centre_id, is_active=True
    )
    return found.order_by("pk").first() or rso


def _lookup(model, field, keys, *, where, what):
    rows = model.objects.filter(**{f"{field}__in": keys})
    if any(f.name == "locale" for f in model._meta.get_fields()):
        rows = rows.filter(in_default_locale())  # the English rows, not their translations
    found = {getattr(row, field): row for row in rows}
    missing = [key for key in keys if key not in found]
    if missing:
        raise DemoNominationsError(
            UNKNOWN % {"where": where, "what": what, "key": missing[0], "file": "the database"}
        )
    return [found[key] for key in keys]


# --- officials ----------------------------------------------------------------------------


def _load_officials(entries, *, rso, password):
    """Every official of `entries` by key; the missing ones registered by their member's
    focal point. An official with `login` gets the demo password when registered."""
    members = {m.code: m for m in Member.objects.all()}
    officials = {}
    for number, entry in enumerate(entries, start=1):
        where = f"{NOMINATIONS.name}: official {number} ({entry['key']})"
        member = members[entry["member"]]
        official = Official.objects.filter(member=member, email__iexact=entry["email"]).first()
        if official is None:
            official = official_register(
                user=_focal_point(member, rso),
                member=member,
                languages=_lookup(
                    Language, "code", entry["languages"], where=where, what="language"
                ),
                passport_name=entry["passport_name"],
                native_name=entry["native_name"],
                gender=entry["gender"],
                agency=entry["agency"],
                position=entry["position"],
                email=entry["email"],
                phone=entry.get("phone", ""),
            )
            if entry.get("login"):
                # As the official would, choosing a password through their first
                # confirmation link (nominations.views.trainee).
                user_update(actor=None, user=official.user, password=password)
        officials[entry["key"]] = official
    return officials


# --- training needs -----------------------------------------------------------------------


def _load_needs(entries, *, rso, today):
    """Record the missing needs as their member's focal point, then make their moves."""
    members = {m.code: m for m in Member.objects.all()}
    created = 0
    for number, entry in enumerate(entries, start=1):
        where = f"{NOMINATIONS.name}: need {number} ({entry['key']})"
        key = uuid.uuid5(NEED_KEYS, entry["key"])
        if TrainingNeed.objects.filter(submission_key=key).exists():
            continue
        member = members[entry["member"]]
        focal_point = _focal_point(member, rso)
        curriculum = None
        if "curriculum" in entry:
            (curriculum,) = _lookup(
                CurriculumPage, "slug", [entry["curriculum"]], where=where, what="curriculum"
            )
        language = None
        if "language" in entry:
            (language,) = _lookup(
                Language, "code", [entry["language"]], where=where, what="language"
            )
        need = need_create(
            user=focal_point,
            member=member,
            submission_key=key,
            modules=_lookup(Module, "code", entry.get("modules", []), where=where, what="module"),
            title=entry["title"],
            theme=entry["theme"],
            curriculum=curriculum,
            audience=entry["audience"],
            officials=entry["officials"],
            frequency=entry["frequency"],
            preferred_from=relative_day(entry["preferred_from"], today=today, where=where),
            preferred_until=relative_day(entry["preferred_until"], today=today, where=where),
            language=language,
            level=entry.get("level", ""),
            priority=entry["priority"],
            justification=entry["justification"],
        )
        for status in entry.get("moves", []):
            # The focal point withdraws; matching and meeting are the RSO's.
            mover = focal_point if status in NEED_MOVES_BY_ROLE[Role.FOCAL_POINT] else rso
            need = need_transition(need=need, to=status, user=mover)
        created += 1
    return created


# --- nominations --------------------------------------------------------------------------


def _session(entry, *, today, where):
    """The catalogue's session that `entry` names by course and start, as catalogue.toml."""
    course = (
        CoursePage.objects.sources().filter(slug=entry["course"]).select_related("centre").first()
    )
    session = None
    if course is not None:
        day = relative_day(entry["start"], today=today, where=f"{where}, start")
        starts_at = dt.datetime.combine(day, DAY_STARTS, zoneinfo.ZoneInfo(course.centre.time_zone))
        session = (
            Session.objects.filter(course=course, starts_at=starts_at)
            .select_related("course")
            .first()
        )
    if session is None:
        raise DemoNominationsError(
            NO_SUCH_SESSION
            % {
                "where": where,
                "catalogue": CATALOGUE.name,
                "course": entry["course"],
                "start": entry["start"],
            }
        )
    return session


def _replayed_at(session, timing):
    """When a move of `timing` was made on a session that is over (see `nominations.toml`)."""
    if timing == Timing.WINDOW:
        return session.nominations_open_at + dt.timedelta(days=1)
    if timing == Timing.BEFORE_START:
        close, start = session.nominations_close_at, session.starts_at
        return close + (start - close) / 2
    return session.ends_at


def _mover(move, *, official, focal_point, director):
    """Who makes `move`: the trainee where they may, else the focal point, else the director."""
    if Role.TRAINEE in move.roles:
        return official.user
    if Role.FOCAL_POINT in move.roles:
        return focal_point
    return director


def _nominate(session, official, moves, *, rso, past, where):
    focal_point = _focal_point(official.member, rso)
    director = _director(session, rso)
    nomination, _notice = nomination_create(
        user=focal_point,
        session=session,
        official=official,
        submit=bool(moves),
        now=_replayed_at(session, Timing.WINDOW) if past else None,
    )
    if moves and nomination.status != moves[0]:
        raise DemoNominationsError(
            ENDED_ELSEWHERE % {"where": where, "got": nomination.status, "wanted": moves[0]}
        )
    for old, new in zip(moves, moves[1:], strict=False):
        move = NOMINATION_TRANSITIONS.get((NominationStatus(old), NominationStatus(new)))
        if move is None:
            raise DemoNominationsError(
                UNKNOWN
                % {"where": where, "what": "move", "key": f"{old} → {new}", "file": "the workflow"}
            )
        nomination, _notice = nomination_transition(
            nomination=nomination,
            to=new,
            user=_mover(move, official=official, focal_point=focal_point, director=director),
            now=_replayed_at(session, move.timing) if past else None,
        )
        if nomination.status != new:
            raise DemoNominationsError(
                ENDED_ELSEWHERE % {"where": where, "got": nomination.status, "wanted": new}
            )
    return nomination


def _load_session(entry, *, officials, rso, today, where):
    """Make the nominations of one session entry, unless it has nominations already;
    returns how many were made."""
    session = _session(entry, today=today, where=where)
    if session.nominations.exists():
        return 0
    past = entry.get("past", False)
    stored = session.status
    if past:
        if stored != SessionStatus.COMPLETED:
            raise DemoNominationsError(NOT_OVER % {"where": where, "status": stored})
        # DEMO ONLY. A session that is over is stored as completed (`session_save` refuses
        # any other status once the dates are past, judging them against the real clock),
        # and the service only takes a submission for a session stored as open. To replay
        # its history through the services at the times it happened (`now=`), the session
        # is stored as open while the moves are made, and as completed again after, in
        # this same transaction. A queryset update: no signal, no log entry, no change to
        # `updated_at`; only the status moves, and it ends where it started.
        Session.objects.filter(pk=session.pk).update(status=SessionStatus.OPEN)
    for number, item in enumerate(entry["nominations"], start=1):
        official = officials.get(item["official"])
        item_where = f"{where}, nomination {number} ({item['official']})"
        if official is None:
            raise DemoNominationsError(
                UNKNOWN
                % {
                    "where": item_where,
                    "what": "official",
                    "key": item["official"],
                    "file": NOMINATIONS.name,
                }
            )
        _nominate(session, official, item.get("moves", []), rso=rso, past=past, where=item_where)
    if past:
        Session.objects.filter(pk=session.pk).update(status=stored)
    return len(entry["nominations"])


@transaction.atomic
def load_demo_nominations(*, user, password, today=None):
    """Create what is missing of the demo officials, needs and nominations; returns the
    number of new nominations.

    Runs after the catalogue: sessions are named as `catalogue.toml` names them, with
    relative dates counted from `today` (the local date unless given, as the catalogue).
    `user` is the RSO, acting where a member or a centre has no demo account; officials
    marked `login` get `password`. A bad entry raises `DemoNominationsError` naming it,
    and nothing of this load is kept. Side effects: those of the services, among them the
    e-mails of every move, sent after commit.
    """
    today = today or timezone.localdate()
    data = _read()
    officials = _load_officials(data["officials"], rso=user, password=password)
    _load_needs(data["needs"], rso=user, today=today)
    created = 0
    for number, entry in enumerate(data["sessions"], start=1):
        where = f"{NOMINATIONS.name}: session {number} ({entry['course']}, {entry['start']})"
        created += _load_session(entry, officials=officials, rso=user, today=today, where=where)
    return created
