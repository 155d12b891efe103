"""The access-control matrix: every URL of the project, every role, own and foreign ids.

The table is data (`tests/access_matrix.py`); this file builds a world with one of each
object per centre and member, requests every row as each role, and checks the answer, that
no response carries data outside the role's scope, and that a refused POST changed nothing.
"""

import csv
import io
import string
import types
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import URLResolver, get_resolver
from django.utils import timezone
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.models import Locale, Page, PageViewRestriction, Revision, Workflow, WorkflowState
from wagtail_localize.models import Translation

from certificates.models import Certificate, CertificateTemplate, IssueRun
from courses.models import Language, Session, SessionQuota, Topic
from courses.services import centre_editor_group_name
from nominations.models import Allocation, Nomination, Official, Pledge, TrainingNeed
from search.models import Acronym
from tests.access_matrix import (
    ADMIN_HOME,
    ALLOW,
    BULK_MODELS,
    DENIED_STATUSES,
    DENY,
    FOREIGN_ADMIN_LINKS,
    FOREIGN_TITLES,
    LOGIN_PATHS,
    MISSING,
    NOT_OURS,
    OURS,
    OURS_EXACT,
    PAGE_KWARGS,
    POST_ONLY,
    ROWS,
    SECRETS,
    UNCHANGED,
    Redirect,
)
from tests.factories import (
    complete,
    issue,
    make_certificate_template,
    make_course,
    make_curriculum,
    make_donor,
    make_need,
    make_official,
    make_pledge,
    make_session,
    make_superuser,
    member,
    nominate,
    official_for,
    translate,
)
from training_hub.models import Member, User
from training_hub.roles import ADMIN_GROUPS, Role

ROLES = ("anonymous", "trainee", "focal_point", "director", "rso")
SESSIONS_URL = "/admin/snippets/courses/session/"


# --- the URL patterns -----------------------------------------------------------------


def url_patterns(resolver=None, prefix=""):
    """Every route of the project as one string, prefixes joined (regex routes as written)."""
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern, route)
        else:
            yield route


def needs_rows(route):
    if not route.startswith("admin/"):
        return True
    if route in OURS_EXACT or route.startswith(OURS) or any(k in route for k in PAGE_KWARGS):
        return True
    return not route.startswith(NOT_OURS)


def test_every_url_pattern_has_rows():
    routes = list(url_patterns())
    covered = {row.pattern for row in ROWS}
    missing = sorted({route for route in routes if needs_rows(route)} - covered)
    assert not missing, "URL patterns without a row in tests/access_matrix.py:\n" + "\n".join(
        missing
    )
    unknown = sorted(covered - set(routes))
    assert not unknown, "Rows for patterns the project no longer has:\n" + "\n".join(unknown)


def test_every_bulk_action_of_our_models_has_rows():
    bulk_action_registry._scan_for_bulk_actions()
    actions = [
        f"/admin/bulk/{app}/{model}/{action}/"
        for app, models in bulk_action_registry.actions.items()
        for model, by_type in models.items()
        if f"{app}.{model}".startswith(BULK_MODELS)
        for action in by_type
    ]
    missing = [url for url in actions if not any(row.url.startswith(url) for row in ROWS)]
    assert actions and not missing, f"Bulk actions without rows: {missing}"


# --- the world: one of each object per centre and member ---------------------------------


def _side(centre, director, focal, trainee, code, tag, tz, city):
    locked = make_course(centre, title=f"Locked {tag} course")
    Page.objects.filter(pk=locked.pk).update(
        locked=True, locked_by=director, locked_at=timezone.now()
    )
    course = make_course(centre, title=f"Public {tag} course")
    # A Thai translation of the course, in draft: its title only the centre's director (and
    # the RSO) may ever see. Its centre is an alias of the side's centre in the Thai tree.
    course_th = translate(course, texts={"title": f"TRANSLATION-SECRET-{tag}"}, publish=False)
    translation = Translation.objects.get(
        source__object_id=course.translation_key, target_locale=course_th.locale
    )
    draft = make_course(centre, title=f"DRAFT-SECRET-{tag}", publish=False, user=director)
    draft.get_workflow().start(draft, director)
    draft.refresh_from_db()
    session = make_session(course, tz=tz, city=city, venue=f"{tag} campus")
    hidden = make_session(draft, tz=tz, city=city, venue=f"VENUE-SECRET-{tag}")
    # Last, so that it is the latest edit (reports show the latest edited page of a type).
    course.title = f"RENAME-SECRET-{tag}"  # a draft of the live course, not published
    course.save_revision(user=director)
    course.refresh_from_db()
    task_state = draft.current_workflow_task_state
    # The side's trainee is an official of its member, nominated to the side's session
    # beside a second official whose name no other scope may ever receive.
    own = official_for(trainee)
    nominee = make_official(
        code,
        focal_point=focal,
        name=f"OFFICIAL-SECRET-{tag}",
        email=f"official.{tag.lower()}@example.org",
    )
    nomination = nominate(session, own)
    other_nomination = nominate(session, nominee)
    need = make_need(code, focal_point=focal, title=f"NEED-SECRET-{tag}")
    # The trainee's certificate of a second session of the course, issued by the director
    # with the centre's template.
    template = make_certificate_template(centre=centre, user=director, name=f"Template {tag}")
    certificate_session = make_session(course, tz=tz, city=city, venue=f"{tag} campus")
    completed = complete(nominate(certificate_session, own), director=director)
    certificate = issue(completed, user=director, template=template)
    return types.SimpleNamespace(
        centre=centre.pk,
        course=course.pk,
        draft=draft.pk,
        session=session.pk,
        hidden_session=hidden.pk,
        locked=locked.pk,
        revision=draft.latest_revision.pk,
        workflow_state=draft.current_workflow_state.pk,
        task_state=task_state.pk,
        task=task_state.task_id,
        trainee=trainee.pk,
        focal=focal.pk,
        director=director.pk,
        member=member(code).pk,
        centre_group=Group.objects.get(name=centre_editor_group_name(centre)).pk,
        course_url=course.url,
        course_th=course_th.pk,
        centre_th=course_th.get_parent().pk,
        translation=translation.pk,
        translation_source=translation.source_id,
        string_segment=translation.source.stringsegment_set.order_by("order").first().pk,
        draft_url=draft.url,
        centre_url=centre.url,
        official=own.pk,
        nominee=nominee.pk,
        nomination=nomination.pk,
        nominee_nomination=other_nomination.pk,
        nomination_version=nomination.version,
        need=need.pk,
        template=template.pk,
        certificate=certificate.pk,
        certificate_session=certificate_session.pk,
    )


@pytest.fixture
def world(
    rso,
    jclec,
    jeju,
    director,
    other_director,
    focal_point,
    other_focal_point,
    trainee,
    other_trainee,
):
    mine = _side(jclec, director, focal_point, trainee, "ID", "JCLEC", "Asia/Jakarta", "Semarang")
    theirs = _side(
        jeju, other_director, other_focal_point, other_trainee, "TH", "JEJU", "Asia/Seoul", "Jeju"
    )
    curriculum = make_curriculum()
    pledge = make_pledge(donor=make_donor())
    shared = types.SimpleNamespace(
        donor=pledge.donor_id,
        pledge=pledge.pk,
        # Test set-up only: the world's courses have no cost a service would fund.
        allocation=Allocation.objects.create(
            pledge=pledge,
            session_id=mine.session,
            amount=Decimal("10.00"),
            covered=Decimal("10.00"),
            covered_currency="USD",
        ).pk,
        centres=jclec.get_parent().pk,
        curricula=curriculum.get_parent().pk,
        topic=Topic.objects.order_by("pk").first().pk,
        language=Language.objects.order_by("pk").first().pk,
        acronym=Acronym.objects.order_by("pk").first().pk,
        superuser=make_superuser().pk,
        workflow=Workflow.objects.get(name="RSO approval").pk,
        rso_group=Group.objects.get(name=ADMIN_GROUPS[Role.RSO]).pk,
        locale=Locale.objects.get(language_code="th").pk,
    )
    users = {
        "anonymous": None,
        "trainee": trainee,
        "focal_point": focal_point,
        "director": director,
        "rso": rso,
    }
    return types.SimpleNamespace(mine=mine, theirs=theirs, shared=shared, users=users)


PAGE_FIELDS = (
    *("pk", "path", "slug", "title", "draft_title", "live", "locked", "owner_id"),
    *("has_unpublished_changes", "latest_revision_id"),
)


def world_state():
    """What a refused POST must leave as it was."""
    return {
        "pages": list(Page.objects.order_by("pk").values(*PAGE_FIELDS)),
        "revisions": Revision.objects.count(),
        "restrictions": list(PageViewRestriction.objects.values_list("page_id", flat=True)),
        "workflows": list(WorkflowState.objects.order_by("pk").values_list("pk", "status")),
        "sessions": list(Session.objects.order_by("pk").values()),
        "quotas": list(SessionQuota.objects.order_by("pk").values()),
        "users": list(
            User.objects.order_by("pk").values(
                "pk", "username", "password", "is_active", "is_superuser", "role", "member_id"
            )
        ),
        "groups": sorted(User.groups.through.objects.values_list("user_id", "group_id")),
        "members": list(Member.objects.order_by("pk").values()),
        "topics": list(Topic.objects.order_by("pk").values()),
        "languages": list(Language.objects.order_by("pk").values()),
        "officials": list(Official.objects.order_by("pk").values()),
        "needs": list(TrainingNeed.objects.order_by("pk").values()),
        "nominations": list(Nomination.objects.order_by("pk").values()),
        "certificates": list(Certificate.objects.order_by("pk").values()),
        "templates": list(CertificateTemplate.objects.order_by("pk").values()),
        "runs": IssueRun.objects.count(),
        "pledges": list(Pledge.objects.order_by("pk").values()),
        "allocations": list(Allocation.objects.order_by("pk").values()),
    }


# --- requesting a row ---------------------------------------------------------------------


def _fields(template):
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


def variants(row, world):
    """(label, url, data, index of the expectation) per side the row's URL depends on."""
    names = _fields(row.url) + [n for value in row.data.values() for n in _fields(value)]
    per_side = any("." not in name for name in names)
    sides = [("mine", world.mine), ("theirs", world.theirs)] if per_side else [("mine", None)]
    for index, (label, side) in enumerate(sides):
        values = {**vars(side or world.mine), **vars(world)}
        yield (
            label,
            row.url.format(**values),
            {key: value.format(**values) for key, value in row.data.items()},
            index,
        )


def _body(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="replace")


def _is_denial_redirect(response):
    if response.status_code not in (301, 302, 303, 307, 308):
        return False
    path = urlsplit(response["Location"]).path
    return path in LOGIN_PATHS or path == ADMIN_HOME


def fetch(client, method, url, data):
    """The response and the redirects after it (their bodies can carry flash messages)."""
    chain = [client.get(url) if method == "GET" else client.post(url, data)]
    while chain[-1].status_code in (301, 302, 303, 307, 308) and len(chain) < 6:
        location = urlsplit(chain[-1]["Location"])
        chain.append(client.get(f"{location.path}?{location.query}"))
    return chain


def judge(expectation, chain, values, changed):
    """None when the answer meets the expectation, else what went wrong."""
    first, last = chain[0], chain[-1]
    statuses = " -> ".join(
        f"{r.status_code}" + (f" {r['Location']}" if r.has_header("Location") else "")
        for r in chain
    )
    denied = first.status_code in DENIED_STATUSES or any(map(_is_denial_redirect, chain))
    allowed = not denied and 200 <= last.status_code < 300
    errored = any(r.status_code >= 500 for r in chain)
    if errored:
        return f"server error ({statuses})"
    if expectation == ALLOW and not allowed:
        return f"refused or failed ({statuses}), should answer"
    if expectation == MISSING and first.status_code not in (400, 404):
        return f"answered {statuses}, should answer as for a missing id (404, or the API's 400)"
    if expectation == DENY and not denied:
        return f"answered ({statuses}), should refuse"
    if expectation == DENY and changed:
        return f"refused ({statuses}) but changed {changed}"
    if expectation == UNCHANGED and changed:
        return f"changed {changed} ({statuses})"
    if expectation == POST_ONLY and first.status_code != 405:
        return f"answered {statuses}, should be 405 (POST only)"
    if isinstance(expectation, Redirect):
        target = expectation.to.format(**values)
        if first.status_code != 302 or urlsplit(first["Location"]).path != target:
            return f"answered {statuses}, should redirect to {target}"
        if not allowed:
            return f"redirect to {target} failed ({statuses})"
    return None


def leaks(role, chain, values, *, refused_foreign):
    """Text in the responses that `role` may not see."""
    forbidden = [secret for secret, roles in SECRETS.items() if role not in roles]
    forbidden += [link.format(**values) for link in FOREIGN_ADMIN_LINKS.get(role, ())]
    if refused_foreign:
        forbidden += FOREIGN_TITLES
    bodies = [_body(response) for response in chain]
    return sorted({text for text in forbidden for body in bodies if text in body})


def check_row(client, role, row, world):
    problems = []
    expectations = getattr(row, role)
    if not isinstance(expectations, tuple):
        expectations = (expectations, expectations)
    for label, url, data, index in variants(row, world):
        expectation = expectations[index]
        if expectation is None:
            continue
        values = {**vars(world.mine), **vars(world)}
        if row.method == "GET":
            chain, changed = fetch(client, "GET", url, data), None
        else:
            with transaction.atomic():
                before = world_state()
                chain = fetch(client, row.method, url, data)
                after = world_state()
                transaction.set_rollback(True)
            changed = [key for key in before if before[key] != after[key]]
        problem = judge(expectation, chain, values, changed)
        foreign = label == "theirs" or "{theirs." in row.url
        refused_foreign = foreign and expectation in (DENY, MISSING)
        leaked = leaks(role, chain, values, refused_foreign=refused_foreign)
        if leaked:
            problem = (problem + "; " if problem else "") + f"leaks {leaked}"
        if problem:
            want = expectation if isinstance(expectation, str) else repr(expectation)
            problems.append(f"{row.method} {url} [{label}] expected {want}: {problem}")
    return problems


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(client, world, role):
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    client.raise_request_exception = False  # a 500 is a failing row, not the end of the test
    problems = [problem for row in ROWS for problem in check_row(client, role, row, world)]
    assert not problems, f"{len(problems)} failing rows as {role}:\n" + "\n".join(problems)


# --- list search and exports: exactly the rows of the scope -------------------------------


def _csv_titles(response):
    rows = list(csv.reader(io.StringIO(_body(response))))
    assert rows[0][0] == "Course"
    return sorted(row[0] for row in rows[1:])


def _xlsx_titles(response):
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return sorted(row[0] for row in list(sheet.values)[1:])


# Each side's public course has two sessions: one with nominations, one with a certificate.
JCLEC_SESSIONS = ["DRAFT-SECRET-JCLEC", "Public JCLEC course", "Public JCLEC course"]
JEJU_SESSIONS = ["DRAFT-SECRET-JEJU", "Public JEJU course", "Public JEJU course"]
EXPORTS = {
    # role: (every session, a search for "Jeju")
    "rso": (sorted(JCLEC_SESSIONS + JEJU_SESSIONS), JEJU_SESSIONS),
    "director": (JCLEC_SESSIONS, []),
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", EXPORTS)
def test_session_search_and_exports_hold_exactly_the_scope(client, world, role):
    everything, jeju = EXPORTS[role]
    client.force_login(world.users[role])
    assert _csv_titles(client.get(f"{SESSIONS_URL}?export=csv")) == everything
    assert _xlsx_titles(client.get(f"{SESSIONS_URL}?export=xlsx")) == everything
    assert _csv_titles(client.get(f"{SESSIONS_URL}?q=Jeju&export=csv")) == jeju
    assert _xlsx_titles(client.get(f"{SESSIONS_URL}?q=Jeju&export=xlsx")) == jeju
    for path in ("", "results/"):
        body = _body(client.get(f"{SESSIONS_URL}{path}?q=Jeju"))
        for pk in (world.theirs.session, world.theirs.hidden_session):
            assert (f"{SESSIONS_URL}edit/{pk}/" in body) == (role == "rso"), (path, pk)
