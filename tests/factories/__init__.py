"""Factories for the suite: plain functions that go through the services, as every other
entry point does (so a factory can never build a state the services would refuse)."""

import itertools

from courses.services import centre_create
from training_hub.models import Member, User
from training_hub.roles import Role
from training_hub.services import user_create

PASSWORD = "correct-horse-battery"
_seq = itertools.count(1)


def member(code):
    """Members are loaded by a data migration; look them up by ISO code."""
    return Member.objects.get(code=code)


def make_centre(*, acronym=None, country="ID", city="Semarang", time_zone="Asia/Jakarta"):
    n = next(_seq)
    acronym = acronym or f"C{n}"
    return centre_create(
        user=_rso(),
        title=f"Centre {acronym}",
        slug=f"centre-{acronym.lower().replace(' ', '-')}-{n}",
        acronym=acronym,
        country=member(country),
        city=city,
        time_zone=time_zone,
    )


def make_user(role, *, member_code=None, centres=(), username=None, **fields):
    username = username or f"{role or 'nobody'}-{next(_seq)}"
    if role in (Role.FOCAL_POINT, Role.TRAINEE) and member_code is None:
        member_code = "ID"
    fields.setdefault("email", f"{username}@example.org")
    return user_create(
        username=username,
        password=PASSWORD,
        role=role,
        member=member(member_code) if member_code else None,
        centres=list(centres),
        **fields,
    )


def make_superuser():
    return User.objects.create_superuser(f"admin-{next(_seq)}", "admin@example.org", PASSWORD)


def make_curriculum(*, codes=("M-1", "M-2"), title=None, user=None):
    from courses.services import curriculum_create

    n = next(_seq)
    return curriculum_create(
        user=user or _rso(),
        title=title or f"Curriculum {n}",
        slug=f"curriculum-{n}",
        modules=[
            {"code": code, "title": f"Module {code}", "learning_outcomes": "Knows it", "hours": 4}
            for code in codes
        ],
    )


def make_course(
    centre,
    *,
    title=None,
    modules=(),
    theme="prevention",
    level="foundation",
    mode="residential",
    languages=("en",),
    topics=(),
    publish=True,
    user=None,
):
    from courses.models import Language, Topic
    from courses.services import course_create

    n = next(_seq)
    return course_create(
        user=user or _rso(),
        centre=centre,
        title=title or f"Course {n}",
        slug=f"course-{n}",
        summary="What the course teaches.",
        theme=theme,
        audience="Frontline border officers",
        level=level,
        delivery_mode=mode,
        duration_days=5,
        modules=list(modules),
        topics=list(Topic.objects.filter(slug__in=topics)),
        languages=list(Language.objects.filter(code__in=languages)),
        publish=publish,
    )


def session_for(
    course,
    *,
    start=None,
    days=5,
    tz="Asia/Jakarta",
    status="open",
    capacity=20,
    default_quota=2,
    opens=None,
    closes=None,
    venue="Main campus",
    city="Semarang",
):
    """An unsaved session; times are wall-clock at the venue."""
    import datetime as dt
    import zoneinfo

    from django.utils import timezone

    from courses.models import Session

    zone = zoneinfo.ZoneInfo(tz)
    today = timezone.now().astimezone(zone).date()
    start_day = start or today + dt.timedelta(days=60)
    starts = dt.datetime.combine(start_day, dt.time(9), zone)
    ends = dt.datetime.combine(start_day + dt.timedelta(days=days - 1), dt.time(17), zone)
    return Session(
        course=course,
        starts_at=starts,
        ends_at=ends,
        time_zone=tz,
        venue=venue,
        city=city,
        capacity=capacity,
        default_quota=default_quota,
        status=status,
        nominations_open_at=opens or starts - dt.timedelta(days=90),
        nominations_close_at=closes or starts - dt.timedelta(days=14),
    )


def make_session(course, *, user=None, **kwargs):
    from courses.services import session_save

    return session_save(session=session_for(course, **kwargs), user=user or _rso())


def _rso():
    user = User.objects.filter(role=Role.RSO).first()
    return user or make_user(Role.RSO, username=f"rso-{next(_seq)}")


def quota_row(member_code, seats, *, quota_id=None, initial=None):
    """The admin session form's fields for one member quota row (the formset's only row);
    the form's own INITIAL_FORMS stands unless `initial` is given."""
    row = {
        "quotas-TOTAL_FORMS": "1",
        "quotas-0-member": str(member(member_code).pk),
        "quotas-0-seats": str(seats),
        "quotas-0-ORDER": "1",
    }
    if initial is not None:
        row["quotas-INITIAL_FORMS"] = initial
    if quota_id is not None:
        row["quotas-0-id"] = str(quota_id)
    return row


def make_official(member_code="ID", *, focal_point=None, name=None, **fields):
    """An official registered by the member's focal point (one is made when none is given)."""
    from nominations.services import official_register

    n = next(_seq)
    focal_point = focal_point or _focal_point(member_code)
    fields.setdefault("gender", "female")
    fields.setdefault("agency", "Directorate General of Immigration")
    fields.setdefault("position", "Immigration officer")
    fields.setdefault("email", f"official-{n}@example.org")
    return official_register(user=focal_point, passport_name=name or f"Official {n}", **fields)


def _focal_point(member_code):
    user = User.objects.filter(role=Role.FOCAL_POINT, member__code=member_code).first()
    return user or make_user(Role.FOCAL_POINT, member_code=member_code)


def nominate(session, official, *, submit=True, rank=None, user=None):
    """Put `official` forward for `session` through the service; returns the nomination."""
    from nominations.services import nomination_create

    user = user or _focal_point(official.member.code)
    nomination, _notice = nomination_create(
        user=user, session=session, official=official, rank=rank, submit=submit
    )
    return nomination


def official_for(trainee, **fields):
    """The official record of an existing trainee account (fixtures made the account first;
    `official_register` always makes a new one). Test set-up only."""
    from nominations.models import Official

    fields.setdefault("passport_name", trainee.get_full_name() or trainee.username)
    fields.setdefault("gender", "female")
    fields.setdefault("agency", "Directorate General of Immigration")
    fields.setdefault("position", "Immigration officer")
    fields.setdefault("email", trainee.email)
    return Official.objects.create(user=trainee, member=trainee.member, **fields)


def make_need(member_code="ID", *, focal_point=None, title=None, **fields):
    """A training need recorded by the member's focal point."""
    import datetime as dt

    from nominations.services import need_create

    fields.setdefault("theme", "protection")
    fields.setdefault("audience", "Frontline border officers")
    fields.setdefault("officials", 6)
    fields.setdefault("frequency", "once")
    fields.setdefault("preferred_from", dt.date(2027, 3, 1))
    fields.setdefault("preferred_until", dt.date(2027, 6, 30))
    fields.setdefault("justification", "New officers at the airports need it.")
    return need_create(
        user=focal_point or _focal_point(member_code),
        title=title or f"Need {next(_seq)}",
        **fields,
    )


def complete(nomination, *, director):
    """Take a submitted nomination through accepted, confirmed (by its trainee), attended
    and completed, the last two at the session's first hour (`now=`), through the service."""
    import datetime as dt

    from nominations.services import nomination_transition

    after_start = nomination.session.starts_at + dt.timedelta(hours=1)
    steps = (
        ("accepted", director, None),
        ("confirmed", nomination.official.user, None),
        ("attended", director, after_start),
        ("completed", director, after_start),
    )
    for to, user, now in steps:
        nomination, _notice = nomination_transition(
            nomination=nomination, to=to, user=user, now=now
        )
    return nomination


def make_certificate_template(*, centre=None, user=None, name=None, wording=None, **fields):
    """A certificate template saved through the service (the RSO's unless `user` is given)."""
    from certificates.models import CertificateTemplate
    from certificates.services import template_save

    template = CertificateTemplate(name=name or f"Template {next(_seq)}", centre=centre, **fields)
    if wording is not None:
        template.wording = wording
    return template_save(template=template, user=user or _rso())


def issue(nomination, *, user, template=None):
    from certificates.services import certificate_issue

    return certificate_issue(nomination=nomination, user=user, template=template)


def translate(instance, language="th", *, texts=None, publish=True, user=None):
    """`instance` (a source page, topic or language) translated through the service; the
    title (or name) of a page (or snippet) in `language` unless `texts` says otherwise."""
    from courses.translations import content_translate

    if texts is None:
        field = "name" if hasattr(instance, "name") else "title"
        texts = {field: f"{getattr(instance, field)} ({language})"}
    return content_translate(
        instance=instance, language=language, user=user or _rso(), texts=texts, publish=publish
    )


def make_course_with_cost(centre, *, cost="500.00", currency="USD", **kwargs):
    """A published course with a cost per participant (the factory's course has none)."""
    from decimal import Decimal

    from courses.models import CoursePage

    course = make_course(centre, **kwargs)
    course.cost_per_participant = Decimal(cost)
    course.currency = currency
    course.save_revision(user=_rso()).publish(user=_rso())
    return CoursePage.objects.get(pk=course.pk)


def make_donor(name="Department of Foreign Affairs and Trade", *, member_code=None, user=None):
    from nominations.services import donor_create

    if member_code:
        return donor_create(user=user or _rso(), kind="member", member=member(member_code))
    return donor_create(user=user or _rso(), kind="organisation", name=name)


def make_pledge(donor=None, *, amount="10000.00", currency="USD", user=None, **fields):
    """A pledge over two years from a year ago, with the given earmarks (themes=, ...)."""
    import datetime as dt

    from django.utils import timezone

    from nominations.services import pledge_create

    today = timezone.localdate()
    fields.setdefault("starts_on", today - dt.timedelta(days=365))
    fields.setdefault("ends_on", today + dt.timedelta(days=3 * 365))
    fields.setdefault("title", f"Grant {next(_seq)}")
    return pledge_create(
        user=user or _rso(),
        donor=donor or make_donor(name=f"Donor {next(_seq)}"),
        amount=amount,
        currency=currency,
        **fields,
    )


def make_rate(currency, quote_currency, rate, *, valid_on=None, user=None):
    import datetime as dt

    from django.utils import timezone

    from nominations.services import rate_record

    return rate_record(
        user=user or _rso(),
        currency=currency,
        quote_currency=quote_currency,
        rate=rate,
        valid_on=valid_on or timezone.localdate() - dt.timedelta(days=30),
    )
