# ruff: noqa: E501
"""The access-control matrix: what each role may do at every URL of the project.

`tests/test_access_matrix.py` enumerates the URL patterns (``django.urls.get_resolver()``)
and fails when a pattern has no row here, so every new URL needs its rows (later issues add
theirs: nominations, certificates, ...).

A row names a route pattern exactly as Django enumerates it (prefixes joined, regex routes
with their ``^``), a URL to request, and per role an expectation. URL placeholders:

* ``{draft}``, ``{session}``, ... are filled twice: with the objects of the requesting
  role's own scope ("mine": centre JCLEC, member ID, the trainee themself) and with those
  of another scope ("theirs": CIFAL Jeju, member TH, another trainee). Every signed-in
  role of the matrix belongs to the "mine" side: director of JCLEC, focal point of ID,
  trainee of ID.
* ``{mine.x}`` and ``{theirs.x}`` are fixed to one side (to mix them in one URL);
  ``{shared.x}`` are objects of nobody's scope (home page, curricula, superuser, ...).

An expectation is one value for both sides, or a pair ``(mine, theirs)``; None in a pair
means that side is not tried (a POST that would only succeed). A URL without a side
placeholder is requested once and checked against ``mine``. A role that a row does not
name is refused (DENY): access is denied unless the table grants it.

Besides its expectation, every response (and every page its redirects lead to) must carry
none of the `SECRETS` the role may not see, none of `FOREIGN_ADMIN_LINKS`, and a refusal
of another scope's object none of `FOREIGN_TITLES`; a refused POST must change nothing.

What the side objects are (see the `world` fixture):
centre, course (live, with an unpublished draft renaming it "RENAME-SECRET-<side>"),
draft (a course never published, titled "DRAFT-SECRET-<side>", in the RSO approval
workflow), session (of the live course), hidden_session (of the draft; its venue is
"VENUE-SECRET-<side>"), revision (the draft's), workflow_state, task_state, task,
trainee, focal, director (users), member, centre_group, and the public paths course_url,
draft_url, centre_url; locked (a live course locked by the centre's director).
"""

from dataclasses import dataclass, field

# --- expectations -------------------------------------------------------------------------

ALLOW = "allow"  # answers: 2xx after following redirects that are not refusals
DENY = "deny"  # refuses: 403, 404, or a redirect to a login page or to the admin home
# (Wagtail's own answer to PermissionDenied, with a "no permission" message)
EITHER = "either"  # may answer or refuse (public data; or nothing foreign to show)
UNCHANGED = "unchanged"  # POST only: any answer but an error, and nothing in the world changes
POST_ONLY = "405"  # GET of a POST-only view: 405 Method Not Allowed, for everyone
MISSING = "missing"  # refused as for an id that does not exist: 404, or the admin API's
# 400 "parent page doesn't exist"


@dataclass(frozen=True)
class Redirect:
    """A redirect to exactly this place (placeholders as in URLs), then a 2xx there."""

    to: str


OWN = (ALLOW, DENY)  # own scope's objects answered, another scope's refused
DENIED_STATUSES = (403, 404)
# A denial redirect goes to one of these (the query string keeps ?next=...).
LOGIN_PATHS = ("/accounts/login/", "/admin/login/", "/_util/login/")
ADMIN_HOME = "/admin/"

# --- what no role may see outside its scope -----------------------------------------------

# Text that only the listed roles may ever receive, in any response (answers, refusals and
# the pages a refusal redirects to: Wagtail puts titles into its flash messages).
SECRETS = {
    "DRAFT-SECRET-JCLEC": {"rso", "director"},
    "RENAME-SECRET-JCLEC": {"rso", "director"},
    "VENUE-SECRET-JCLEC": {"rso", "director"},
    "DRAFT-SECRET-JEJU": {"rso"},
    "RENAME-SECRET-JEJU": {"rso"},
    "VENUE-SECRET-JEJU": {"rso"},
    # The trainee of ID is nominated to a JCLEC session: its director sees the nominee.
    "trainee.id@example.org": {"rso", "focal_point", "trainee", "director"},
    "Lestari": {"rso", "focal_point", "trainee", "director"},
    "OFFICIAL-SECRET-JCLEC": {"rso", "focal_point", "director"},
    "official.jclec@example.org": {"rso", "focal_point", "director"},
    "NEED-SECRET-JCLEC": {"rso", "focal_point"},
    "OFFICIAL-SECRET-JEJU": {"rso"},
    "official.jeju@example.org": {"rso"},
    "NEED-SECRET-JEJU": {"rso"},
    "focal.id@example.org": {"rso", "focal_point"},
    "trainee.th@example.org": {"rso"},
    "Chaiyaphum": {"rso"},
    "Nattaya": {"rso"},
    "focal.th@example.org": {"rso"},
    "director.jeju@example.org": {"rso"},
    "director.jclec@example.org": {"rso", "director"},
    # A draft translation of each side's course (Thai).
    "TRANSLATION-SECRET-JCLEC": {"rso", "director"},
    "TRANSLATION-SECRET-JEJU": {"rso"},
}
# Admin links to another centre's objects, which a director must never be offered (lists,
# choosers, search results, JSON of the admin API). Filled from the "theirs" side.
FOREIGN_ADMIN_LINKS = {
    "director": (
        "/admin/pages/{theirs.draft}/",
        "/admin/pages/{theirs.course}/",
        "/admin/pages/{theirs.course_th}/",
        "/admin/localize/translate/{theirs.translation}/",
        "/admin/snippets/courses/session/edit/{theirs.session}/",
        "/admin/snippets/courses/session/edit/{theirs.hidden_session}/",
        "/admin/snippets/choose/courses/session/chosen/{theirs.session}/",
        "/admin/snippets/choose/courses/session/chosen/{theirs.hidden_session}/",
        "/admin/certificates/inspect/{theirs.certificate}/",
        "/admin/certificate-templates/edit/{theirs.template}/",
    ),
}
# What a refusal of "theirs" must not show either, though it is public elsewhere.
FOREIGN_TITLES = ("Public JEJU course", "JEJU campus")

# --- which admin routes need rows ---------------------------------------------------------

# Admin routes that concern our models: each must have rows.
OURS = (
    "admin/snippets/courses/",
    "admin/snippets/training_hub/",
    "admin/snippets/choose/courses/",
    "admin/snippets/choose/training_hub/",
    "admin/users/",
    "admin/groups/",
    "admin/pages/",
    "admin/choose-page/",
    "admin/bulk/",
    "admin/api/main/^pages/",
    "admin/reports/",
    "admin/editing-sessions/",
)
OURS_EXACT = ("admin/", "admin/snippets/")
# Any admin route taking a page id concerns our pages too (forms, workflows, ...).
PAGE_KWARGS = ("<int:page_id>", "<int:parent_page_id>", "<int:page_pk>")
# Wagtail's own admin areas that show none of our models. A new admin route outside both
# lists fails the coverage test until it is put in one of them.
NOT_OURS = (
    "admin/test404/",
    "admin/failwhale/",
    "admin/api/main/^documents/",
    "admin/api/main/^images/",
    "admin/choose-external-link/",
    "admin/choose-email-link/",
    "admin/choose-phone-link/",
    "admin/choose-anchor-link/",
    "admin/tag-autocomplete/",
    "admin/collections/",
    "admin/workflows/",
    "admin/account/",
    "admin/dismissibles/",
    "admin/block-preview/",
    "admin/forms/",
    "admin/redirects/",
    "admin/settings/",
    "admin/embeds/",
    "admin/documents/",
    "admin/images/",
    "admin/sites/",
    "admin/sprite/",
    "admin/login/",
    "admin/password_reset/",
    "admin/jsi18n/",
    "admin/^.*/$",
)
# Bulk actions of these models need rows (checked against Wagtail's bulk action registry).
BULK_MODELS = ("wagtailcore.page", "courses.", "training_hub.")


# --- rows ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    pattern: str
    url: str
    anonymous: object = DENY
    trainee: object = DENY
    focal_point: object = DENY
    director: object = DENY
    rso: object = DENY
    method: str = "GET"
    data: dict = field(default_factory=dict)


def public(pattern, url, expectation=ALLOW):
    """A row with the same expectation for every role."""
    return Row(pattern, url, expectation, expectation, expectation, expectation, expectation)


def signed_in(pattern, url):
    """Any signed-in user; anonymous visitors are sent to sign in."""
    return Row(pattern, url, DENY, ALLOW, ALLOW, ALLOW, ALLOW)


def admin(pattern, url, director=DENY, rso=ALLOW, **kwargs):
    """An admin row: focal points, trainees and anonymous visitors are always refused."""
    return Row(pattern, url, director=director, rso=rso, **kwargs)


def post(pattern, url, director=DENY, rso=DENY, data=None):
    """A state-changing POST: a refusal must leave the world unchanged."""
    return Row(pattern, url, director=director, rso=rso, method="POST", data=data or {})


P = "admin/pages/"
S = "admin/snippets/courses/session/"
SC = "admin/snippets/choose/courses/session/"
BULK = "admin/bulk/<str:app_label>/<str:model_name>/<str:action>/"
API = "admin/api/main/^pages/"
NOT_YOURS = (None, DENY)  # POST: only another scope's object is tried

# One row a line: the table reads better unwrapped.
# fmt: off
PUBLIC_ROWS = [
    public("healthz", "/healthz"),
    public("i18n/setlang/", "/i18n/setlang/", POST_ONLY),
    # Anyone may choose a language; a signed-in person's choice goes on their own account.
    Row("i18n/setlang/", "/i18n/setlang/", method="POST", anonymous=ALLOW, trainee=ALLOW, focal_point=ALLOW, director=ALLOW, rso=ALLOW, data={"language": "th", "next": "/catalogue/"}),
    public("documents/^(\\d+)/(.*)$", "/documents/1/missing.pdf", DENY),
    public("documents/authenticate_with_password/<int:restriction_id>/", "/documents/authenticate_with_password/1/", DENY),
    public("accounts/login/", "/accounts/login/"),
    public("accounts/logout/", "/accounts/logout/", POST_ONLY),
    public("admin/logout/", "/admin/logout/", POST_ONLY),  # a GET must not sign anyone out
    signed_in("accounts/password_change/", "/accounts/password_change/"),
    signed_in("accounts/password_change/done/", "/accounts/password_change/done/"),
    public("accounts/password_reset/", "/accounts/password_reset/"),
    public("accounts/password_reset/done/", "/accounts/password_reset/done/"),
    public("accounts/reset/<uidb64>/<token>/", "/accounts/reset/MQ/not-a-token/"),
    public("accounts/reset/done/", "/accounts/reset/done/"),
    signed_in("portal/", "/portal/"),
    public("certificates/verify/", "/certificates/verify/"),
    public("certificates/verify/", "/certificates/verify/?code=ABCD-EFGH-JKLM"),
    public("certificates/verify/", "/certificates/verify/?code=ABCD-EFGH-JKLM&format=json", DENY),  # 404: no such code
    public("certificates/verify/<str:code>/", "/certificates/verify/ABCD-EFGH-JKLM/"),
    public("certificates/verify/file/", "/certificates/verify/file/", POST_ONLY),
    Row("certificates/verify/file/", "/certificates/verify/file/", method="POST", anonymous=EITHER, trainee=EITHER, focal_point=EITHER, director=EITHER, rso=EITHER),  # no file: a message
    public("certificates/issuer/", "/certificates/issuer/"),
    public("certificates/issuer/jwks.json", "/certificates/issuer/jwks.json"),
    public("calendar/sessions/<id:pk>.ics", "/calendar/sessions/{session}.ics"),
    public("calendar/sessions/<id:pk>.ics", "/calendar/sessions/{hidden_session}.ics", DENY),
    public("calendar/courses/<id:page_id>.ics", "/calendar/courses/{course}.ics"),
    public("calendar/courses/<id:page_id>.ics", "/calendar/courses/{draft}.ics", DENY),
    public("calendar/centres/<id:page_id>.ics", "/calendar/centres/{centre}.ics"),
    public("calendar/catalogue.ics", "/calendar/catalogue.ics"),
    public("sessions/<id:pk>/", "/sessions/{session}/"),
    public("sessions/<id:pk>/", "/sessions/{hidden_session}/", DENY),
    public("catalogue/", "/catalogue/"),
    public("catalogue/", "/catalogue/?q=SECRET"),
    public("catalogue/suggest/", "/catalogue/suggest/?q=course"),
    public("api/openapi.json", "/api/openapi.json"),
    public("api/docs", "/api/docs"),
    public("api/courses", "/api/courses"),
    public("api/courses/<course_id>", "/api/courses/{course}"),
    public("api/courses/<course_id>", "/api/courses/{draft}", DENY),
    public("api/sessions", "/api/sessions"),
    public("api/sessions/<session_id>", "/api/sessions/{session}"),
    public("api/sessions/<session_id>", "/api/sessions/{hidden_session}", DENY),
    public("api/", "/api/", DENY),  # django-ninja's root answers nothing
    public("_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/", "/_util/authenticate_with_password/1/{draft}/", DENY),
    public("_util/login/", "/_util/login/"),
    public("^((?:[\\w\\-]+/)*)$", "/"),
    public("^((?:[\\w\\-]+/)*)$", "{centre_url}"),
    public("^((?:[\\w\\-]+/)*)$", "{course_url}"),
    public("^((?:[\\w\\-]+/)*)$", "{draft_url}", DENY),
    public("^((?:[\\w\\-]+/)*)$", "/centres/"),
    public("^((?:[\\w\\-]+/)*)$", "/curricula/"),
    public("i18n/setlang/", "/i18n/setlang/", POST_ONLY),
    # Another language: the English page with a note while its translation is a draft.
    public("^((?:[\\w\\-]+/)*)$", "/th{course_url}"),
    public("^((?:[\\w\\-]+/)*)$", "/th{draft_url}", DENY),
]

ADMIN_ROWS = [
    admin("admin/", "/admin/", director=ALLOW),
    admin("admin/snippets/", "/admin/snippets/", director=EITHER),
    # --- page explorer and page object views
    admin(P, "/admin/pages/", director=ALLOW),
    admin(P + "<int:parent_page_id>/", "/admin/pages/{shared.centres}/", director=ALLOW),
    admin(P + "<int:parent_page_id>/", "/admin/pages/{centre}/", director=(ALLOW, Redirect("/admin/pages/{mine.centre}/"))),
    admin(P + "<int:parent_page_id>/", "/admin/pages/{draft}/", director=(ALLOW, Redirect("/admin/pages/{mine.centre}/"))),
    admin(P + "<int:parent_page_id>/results/", "/admin/pages/{centre}/results/", director=(ALLOW, Redirect("/admin/pages/{mine.centre}/"))),
    admin(P + "add/<slug:content_type_app_name>/<slug:content_type_model_name>/<int:parent_page_id>/", "/admin/pages/add/courses/coursepage/{centre}/", director=OWN),
    admin(P + "add/<slug:content_type_app_name>/<slug:content_type_model_name>/<int:parent_page_id>/", "/admin/pages/add/courses/curriculumpage/{shared.curricula}/"),
    admin(P + "add/<slug:content_type_app_name>/<slug:content_type_model_name>/<int:parent_page_id>/", "/admin/pages/add/courses/centrepage/{shared.centres}/"),
    admin(P + "add/<slug:content_type_app_name>/<slug:content_type_model_name>/<int:parent_page_id>/preview/", "/admin/pages/add/courses/coursepage/{centre}/preview/", director=OWN),
    admin(P + "usage/<slug:content_type_app_name>/<slug:content_type_model_name>/", "/admin/pages/usage/courses/coursepage/", director=ALLOW),
    admin(P + "usage/<slug:content_type_app_name>/<slug:content_type_model_name>/results/", "/admin/pages/usage/courses/coursepage/results/", director=ALLOW),
    admin(P + "create/<slug:app_label>/<slug:model_name>", "/admin/pages/create/courses/coursepage", director=ALLOW),
    admin(P + "create/<slug:app_label>/<slug:model_name>", "/admin/pages/create/courses/curriculumpage", director=EITHER),  # offers no parent the director may add to
    admin(P + "<int:page_id>/usage/", "/admin/pages/{draft}/usage/", director=OWN),
    admin(P + "<int:page_id>/edit/", "/admin/pages/{draft}/edit/", director=OWN),
    admin(P + "<int:page_id>/edit/", "/admin/pages/{course}/edit/", director=OWN),
    admin(P + "<int:page_id>/edit/", "/admin/pages/{centre}/edit/", director=OWN),
    admin(P + "<int:page_id>/edit/preview/", "/admin/pages/{draft}/edit/preview/", director=OWN),
    admin(P + "<int:page_id>/view_draft/", "/admin/pages/{draft}/view_draft/", director=OWN),
    admin(P + "<int:parent_page_id>/add_subpage/", "/admin/pages/{centre}/add_subpage/", director=OWN),
    admin(P + "<int:page_id>/delete/", "/admin/pages/{draft}/delete/", director=OWN),
    admin(P + "<int:page_id>/delete/", "/admin/pages/{course}/delete/"),  # live: RSO only
    admin(P + "<int:page_id>/unpublish/", "/admin/pages/{course}/unpublish/"),
    admin(P + "<int:page_id>/convert_alias/", "/admin/pages/{course}/convert_alias/", rso=DENY),  # not an alias
    admin(P + "search/", "/admin/pages/search/?q=SECRET", director=ALLOW),
    admin(P + "search/results/", "/admin/pages/search/results/?q=SECRET", director=ALLOW),
    admin(P + "<int:page_to_move_id>/move/", "/admin/pages/{draft}/move/", director=OWN),
    admin(P + "<int:page_to_move_id>/move/<int:destination_id>/confirm/", "/admin/pages/{draft}/move/{mine.centre}/confirm/", director=OWN),
    admin(P + "<int:page_to_move_id>/move/<int:destination_id>/confirm/", "/admin/pages/{mine.draft}/move/{theirs.centre}/confirm/"),
    post(P + "<int:page_to_move_id>/set_position/", "/admin/pages/{draft}/set_position/?position=0", director=NOT_YOURS, rso=EITHER),
    admin(P + "<int:page_id>/copy/", "/admin/pages/{draft}/copy/", director=OWN),
    admin(P + "workflow/action/<int:page_id>/<slug:action_name>/<int:task_state_id>/", "/admin/pages/workflow/action/{draft}/approve/{task_state}/"),
    admin(P + "workflow/collect_action_data/<int:page_id>/<slug:action_name>/<int:task_state_id>/", "/admin/pages/workflow/collect_action_data/{draft}/approve/{task_state}/"),
    admin(P + "workflow/confirm_cancellation/<int:page_id>/", "/admin/pages/workflow/confirm_cancellation/{draft}/", director=(EITHER, DENY)),
    admin(P + "workflow/preview/<int:page_id>/<int:task_id>/", "/admin/pages/workflow/preview/{draft}/{task}/"),
    admin(P + "<int:page_id>/privacy/", "/admin/pages/{draft}/privacy/"),
    post(P + "<int:page_id>/lock/", "/admin/pages/{course}/lock/", director=OWN, rso=ALLOW),
    post(P + "<int:page_id>/unlock/", "/admin/pages/{locked}/unlock/", director=OWN, rso=ALLOW),
    admin(P + "<int:page_id>/revisions/", "/admin/pages/{draft}/revisions/", director=OWN),
    admin(P + "<int:page_id>/revisions/<int:revision_id>/view/", "/admin/pages/{draft}/revisions/{revision}/view/", director=OWN),
    admin(P + "<int:page_id>/revisions/<int:revision_id>/view/", "/admin/pages/{mine.draft}/revisions/{theirs.revision}/view/", rso=DENY),
    admin(P + "<int:page_id>/revisions/<int:revision_id>/revert/", "/admin/pages/{draft}/revisions/{revision}/revert/", director=OWN),
    admin(P + "<int:page_id>/revisions/<int:revision_id>/revert/", "/admin/pages/{mine.draft}/revisions/{theirs.revision}/revert/", rso=DENY),
    admin(P + "<int:page_id>/revisions/<int:revision_id>/unschedule/", "/admin/pages/{draft}/revisions/{revision}/unschedule/", director=(EITHER, DENY), rso=EITHER),  # not scheduled
    admin(P + "^(?P<pk>\\d+)/revisions/compare/(?P<revision_id_a>live|earliest|\\d+)\\.\\.\\.(?P<revision_id_b>live|latest|\\d+)/$", "/admin/pages/{draft}/revisions/compare/earliest...{revision}/", director=OWN),
    admin(P + "^(?P<pk>\\d+)/revisions/compare/(?P<revision_id_a>live|earliest|\\d+)\\.\\.\\.(?P<revision_id_b>live|latest|\\d+)/$", "/admin/pages/{mine.draft}/revisions/compare/earliest...{theirs.revision}/", rso=DENY),
    admin(P + "<int:page_id>/workflow_history/", "/admin/pages/{draft}/workflow_history/", director=OWN),
    admin(P + "<int:page_id>/workflow_history/detail/<int:workflow_state_id>/", "/admin/pages/{draft}/workflow_history/detail/{workflow_state}/", director=OWN),
    admin(P + "<int:page_id>/workflow_history/detail/<int:workflow_state_id>/", "/admin/pages/{mine.draft}/workflow_history/detail/{theirs.workflow_state}/", rso=DENY),
    admin(P + "<int:page_id>/history/", "/admin/pages/{draft}/history/", director=OWN),
    admin(P + "<int:page_id>/history/results/", "/admin/pages/{draft}/history/results/", director=OWN),
    # --- the page chooser
    admin("admin/choose-page/", "/admin/choose-page/", director=ALLOW),
    admin("admin/choose-page/<int:parent_page_id>/", "/admin/choose-page/{centre}/", director=ALLOW),
    admin("admin/choose-page/<int:parent_page_id>/", "/admin/choose-page/{draft}/", director=OWN),
    admin("admin/choose-page/search/", "/admin/choose-page/search/?q=SECRET", director=ALLOW),
    admin("admin/choose-page/search/", "/admin/choose-page/search/?q=JEJU", director=ALLOW),
    admin("admin/choose-page/chosen-multiple/", "/admin/choose-page/chosen-multiple/?id={draft}", director=(ALLOW, EITHER)),
    # --- the admin API behind the explorer
    admin(API, "/admin/api/main/pages/", director=ALLOW),
    admin(API, "/admin/api/main/pages/?child_of={centre}", director=(ALLOW, MISSING)),
    admin(API, "/admin/api/main/pages/?search=SECRET", director=ALLOW),
    admin(API + "<int:pk>/", "/admin/api/main/pages/{draft}/", director=OWN),
    admin(API + "find/", "/admin/api/main/pages/find/?id={draft}", director=OWN),
    post(API + "<int:pk>/action/<str:action_name>/", "/admin/api/main/pages/{draft}/action/delete/", director=NOT_YOURS, rso=EITHER),  # its sessions may forbid it
    post(API + "<int:pk>/action/<str:action_name>/", "/admin/api/main/pages/{draft}/action/publish/", director=DENY, rso=ALLOW),
    post(API + "<int:pk>/action/<str:action_name>/", "/admin/api/main/pages/{draft}/action/copy/", director=NOT_YOURS, rso=ALLOW, data={"destination_page_id": "{mine.centre}"}),
    post(API + "<int:pk>/action/<str:action_name>/", "/admin/api/main/pages/{draft}/action/move/", director=NOT_YOURS, rso=EITHER, data={"destination_page_id": "{mine.centre}"}),
    # --- reports (they list pages and log entries). Site history and page types usage span
    # every centre (Wagtail filters them by model permission only): the RSO's alone.
    admin("admin/reports/site-history/", "/admin/reports/site-history/", director=DENY),
    admin("admin/reports/site-history/", "/admin/reports/site-history/?export=csv", director=DENY),
    admin("admin/reports/site-history/results/", "/admin/reports/site-history/results/", director=DENY),
    admin("admin/reports/workflow/", "/admin/reports/workflow/", director=ALLOW),
    admin("admin/reports/workflow/results/", "/admin/reports/workflow/results/", director=ALLOW),
    admin("admin/reports/workflow_tasks/", "/admin/reports/workflow_tasks/", director=ALLOW),
    admin("admin/reports/workflow_tasks/results/", "/admin/reports/workflow_tasks/results/", director=ALLOW),
    admin("admin/reports/locked/", "/admin/reports/locked/", director=ALLOW),
    admin("admin/reports/locked/results/", "/admin/reports/locked/results/", director=ALLOW),
    admin("admin/reports/aging-pages/", "/admin/reports/aging-pages/", director=ALLOW),
    admin("admin/reports/aging-pages/", "/admin/reports/aging-pages/?export=csv", director=ALLOW),
    admin("admin/reports/aging-pages/results/", "/admin/reports/aging-pages/results/", director=ALLOW),
    admin("admin/reports/page-types-usage/", "/admin/reports/page-types-usage/", director=DENY),
    admin("admin/reports/page-types-usage/results/", "/admin/reports/page-types-usage/results/", director=DENY),
    # --- Wagtail routes that take a page id of ours
    admin("admin/forms/submissions/<int:page_id>/", "/admin/forms/submissions/{draft}/", rso=DENY),
    admin("admin/forms/submissions/<int:page_id>/results/", "/admin/forms/submissions/{draft}/results/", rso=DENY),
    admin("admin/forms/submissions/<int:page_id>/delete/", "/admin/forms/submissions/{draft}/delete/", rso=DENY),
    post("admin/workflows/remove/<int:page_pk>/", "/admin/workflows/remove/{shared.centres}/"),
    post("admin/workflows/remove/<int:page_pk>/<int:workflow_pk>/", "/admin/workflows/remove/{shared.centres}/{shared.workflow}/"),
    post("admin/editing-sessions/ping/<str:app_label>/<str:model_name>/<str:object_id>/<int:session_id>/", "/admin/editing-sessions/ping/wagtailcore/page/{draft}/0/", director=OWN, rso=ALLOW),
    post("admin/editing-sessions/ping/<str:app_label>/<str:model_name>/<str:object_id>/<int:session_id>/", "/admin/editing-sessions/ping/courses/session/{hidden_session}/0/", director=OWN, rso=ALLOW),
    post("admin/editing-sessions/release/<int:session_id>/", "/admin/editing-sessions/release/0/", director=ALLOW, rso=ALLOW),
    # --- sessions (snippet): directors keep to their centres' sessions
    admin(S, "/admin/snippets/courses/session/", director=ALLOW),
    admin(S, "/admin/snippets/courses/session/?q=JEJU", director=ALLOW),
    admin(S, "/admin/snippets/courses/session/?q=SECRET", director=ALLOW),
    admin(S, "/admin/snippets/courses/session/?export=csv", director=ALLOW),
    admin(S, "/admin/snippets/courses/session/?q=JEJU&export=csv", director=ALLOW),
    admin(S, "/admin/snippets/courses/session/?centre={theirs.centre}", director=EITHER),
    admin(S + "results/", "/admin/snippets/courses/session/results/?q=JEJU", director=ALLOW),
    admin(S + "add/", "/admin/snippets/courses/session/add/", director=ALLOW),
    admin(S + "edit/<int:pk>/", "/admin/snippets/courses/session/edit/{session}/", director=OWN),
    admin(S + "edit/<int:pk>/", "/admin/snippets/courses/session/edit/{hidden_session}/", director=OWN),
    admin(S + "delete/<int:pk>/", "/admin/snippets/courses/session/delete/{session}/", rso=DENY),  # no delete permission
    admin(S + "usage/<int:pk>/", "/admin/snippets/courses/session/usage/{hidden_session}/", director=OWN),
    admin(S + "history/<int:pk>/", "/admin/snippets/courses/session/history/{hidden_session}/", director=OWN),
    admin(S + "history-results/<int:pk>/", "/admin/snippets/courses/session/history-results/{hidden_session}/", director=OWN),
    admin(S + "copy/<int:pk>/", "/admin/snippets/courses/session/copy/{hidden_session}/", director=OWN),
    admin(SC, "/admin/snippets/choose/courses/session/", director=ALLOW),
    admin(SC, "/admin/snippets/choose/courses/session/?q=JEJU", director=ALLOW),
    admin(SC + "results/", "/admin/snippets/choose/courses/session/results/?q=SECRET", director=ALLOW),
    admin(SC + "chosen/<str:pk>/", "/admin/snippets/choose/courses/session/chosen/{session}/", director=OWN),
    admin(SC + "chosen/<str:pk>/", "/admin/snippets/choose/courses/session/chosen/{hidden_session}/", director=OWN),
    admin(SC + "chosen-multiple/", "/admin/snippets/choose/courses/session/chosen-multiple/?id={hidden_session}", director=ALLOW),  # a foreign id is dropped
    admin(SC + "create/", "/admin/snippets/choose/courses/session/create/", rso=DENY),
    # --- members, topics, languages (snippets): the RSO's; members are public data
    *[
        row
        for base, chosen in (
            ("training_hub/member", "{member}"),
            ("courses/topic", "{shared.topic}"),
            ("courses/language", "{shared.language}"),
        )
        for row in (
            admin(f"admin/snippets/{base}/", f"/admin/snippets/{base}/"),
            admin(f"admin/snippets/{base}/", f"/admin/snippets/{base}/?q=a"),
            admin(f"admin/snippets/{base}/results/", f"/admin/snippets/{base}/results/?q=a"),
            admin(f"admin/snippets/{base}/add/", f"/admin/snippets/{base}/add/"),
            admin(f"admin/snippets/{base}/edit/<int:pk>/", f"/admin/snippets/{base}/edit/{chosen}/"),
            admin(f"admin/snippets/{base}/delete/<int:pk>/", f"/admin/snippets/{base}/delete/{chosen}/", rso=DENY),
            admin(f"admin/snippets/{base}/usage/<int:pk>/", f"/admin/snippets/{base}/usage/{chosen}/"),
            admin(f"admin/snippets/{base}/history/<int:pk>/", f"/admin/snippets/{base}/history/{chosen}/"),
            admin(f"admin/snippets/{base}/history-results/<int:pk>/", f"/admin/snippets/{base}/history-results/{chosen}/"),
            admin(f"admin/snippets/{base}/copy/<int:pk>/", f"/admin/snippets/{base}/copy/{chosen}/"),
            # Choosers of public vocabularies; the session form's quota rows need members'.
            admin(f"admin/snippets/choose/{base}/", f"/admin/snippets/choose/{base}/", director=ALLOW if "member" in base else EITHER),
            admin(f"admin/snippets/choose/{base}/results/", f"/admin/snippets/choose/{base}/results/?q=a", director=ALLOW if "member" in base else EITHER),
            admin(f"admin/snippets/choose/{base}/chosen/<str:pk>/", f"/admin/snippets/choose/{base}/chosen/{chosen}/", director=ALLOW if "member" in base else EITHER),
            admin(f"admin/snippets/choose/{base}/chosen-multiple/", f"/admin/snippets/choose/{base}/chosen-multiple/?id={chosen}", director=ALLOW if "member" in base else EITHER),
            admin(f"admin/snippets/choose/{base}/create/", f"/admin/snippets/choose/{base}/create/"),
        )
    ],
    # --- the field's acronyms (search.Acronym): the RSO's, who may delete them too; the
    # choosers list public data, as the topics' do
    *[
        admin(pattern, url, rso=rso, director=EITHER if "/choose/" in pattern else DENY)
        for pattern, url, rso in (
            ("admin/snippets/search/acronym/", "/admin/snippets/search/acronym/", ALLOW),
            ("admin/snippets/search/acronym/results/", "/admin/snippets/search/acronym/results/?q=a", ALLOW),
            ("admin/snippets/search/acronym/add/", "/admin/snippets/search/acronym/add/", ALLOW),
            ("admin/snippets/search/acronym/edit/<int:pk>/", "/admin/snippets/search/acronym/edit/{shared.acronym}/", ALLOW),
            ("admin/snippets/search/acronym/delete/<int:pk>/", "/admin/snippets/search/acronym/delete/{shared.acronym}/", ALLOW),
            ("admin/snippets/search/acronym/usage/<int:pk>/", "/admin/snippets/search/acronym/usage/{shared.acronym}/", ALLOW),
            ("admin/snippets/search/acronym/history/<int:pk>/", "/admin/snippets/search/acronym/history/{shared.acronym}/", ALLOW),
            ("admin/snippets/search/acronym/history-results/<int:pk>/", "/admin/snippets/search/acronym/history-results/{shared.acronym}/", ALLOW),
            ("admin/snippets/search/acronym/copy/<int:pk>/", "/admin/snippets/search/acronym/copy/{shared.acronym}/", ALLOW),
            ("admin/snippets/choose/search/acronym/", "/admin/snippets/choose/search/acronym/", ALLOW),
            ("admin/snippets/choose/search/acronym/results/", "/admin/snippets/choose/search/acronym/results/?q=a", ALLOW),
            ("admin/snippets/choose/search/acronym/chosen/<str:pk>/", "/admin/snippets/choose/search/acronym/chosen/{shared.acronym}/", ALLOW),
            ("admin/snippets/choose/search/acronym/chosen-multiple/", "/admin/snippets/choose/search/acronym/chosen-multiple/?id={shared.acronym}", ALLOW),
            ("admin/snippets/choose/search/acronym/create/", "/admin/snippets/choose/search/acronym/create/", ALLOW),
        )
    ],
    post("admin/snippets/search/acronym/add/", "/admin/snippets/search/acronym/add/", rso=ALLOW, data={"acronym": "ZZZ", "expansions": "zeta zone"}),
    # --- accounts: the RSO manages them, but never a superuser's
    admin("admin/users/", "/admin/users/"),
    admin("admin/users/", "/admin/users/?q=trainee"),
    admin("admin/users/results/", "/admin/users/results/?q=example"),
    admin("admin/users/new/", "/admin/users/new/"),
    admin("admin/users/edit/<int:pk>/", "/admin/users/edit/{trainee}/"),
    admin("admin/users/edit/<int:pk>/", "/admin/users/edit/{focal}/"),
    admin("admin/users/edit/<int:pk>/", "/admin/users/edit/{director}/"),
    admin("admin/users/edit/<int:pk>/", "/admin/users/edit/{shared.superuser}/", rso=DENY),
    admin("admin/users/delete/<int:pk>/", "/admin/users/delete/{trainee}/", rso=DENY),
    admin("admin/users/delete/<int:pk>/", "/admin/users/delete/{shared.superuser}/", rso=DENY),
    admin("admin/users/history/<int:pk>/", "/admin/users/history/{trainee}/"),
    admin("admin/users/history-results/<int:pk>/", "/admin/users/history-results/{trainee}/"),
    admin("admin/users/usage/<int:pk>/", "/admin/users/usage/{trainee}/"),
    admin("admin/users/copy/<int:pk>/", "/admin/users/copy/{trainee}/"),
    admin("admin/users/copy/<int:pk>/", "/admin/users/copy/{shared.superuser}/", rso=EITHER),  # a new account; the superuser is unchanged
    post("admin/users/edit/<int:pk>/", "/admin/users/edit/{shared.superuser}/", data={"username": "taken-over", "password1": "x-new-passphrase-1", "password2": "x-new-passphrase-1"}),
    post("admin/users/delete/<int:pk>/", "/admin/users/delete/{trainee}/"),
    post("admin/users/new/", "/admin/users/new/", rso=ALLOW, data={"username": "intruder", "password1": "x-new-passphrase-1", "password2": "x-new-passphrase-1", "role": "rso"}),
    # Groups grant rights of their own: superusers only.
    admin("admin/groups/", "/admin/groups/", rso=DENY),
    admin("admin/groups/results/", "/admin/groups/results/", rso=DENY),
    admin("admin/groups/new/", "/admin/groups/new/", rso=DENY),
    admin("admin/groups/edit/<int:pk>/", "/admin/groups/edit/{centre_group}/", rso=DENY),
    admin("admin/groups/delete/<int:pk>/", "/admin/groups/delete/{centre_group}/", rso=DENY),
    admin("admin/groups/history/<int:pk>/", "/admin/groups/history/{centre_group}/", rso=DENY),
    admin("admin/groups/history-results/<int:pk>/", "/admin/groups/history-results/{centre_group}/", rso=DENY),
    admin("admin/groups/usage/<int:pk>/", "/admin/groups/usage/{centre_group}/", rso=DENY),
    # --- bulk actions: a confirmation page (GET) and the action (POST)
    admin(BULK, "/admin/bulk/wagtailcore/page/delete/?id={draft}", director=OWN),
    admin(BULK, "/admin/bulk/wagtailcore/page/delete/?id={mine.draft}&id={theirs.draft}"),
    admin(BULK, "/admin/bulk/wagtailcore/page/delete/?id=all&childOf={centre}", director=(ALLOW, EITHER)),
    admin(BULK, "/admin/bulk/wagtailcore/page/move/?id={draft}", director=OWN),
    admin(BULK, "/admin/bulk/wagtailcore/page/publish/?id={draft}", director=OWN),
    admin(BULK, "/admin/bulk/wagtailcore/page/publish/?id={mine.draft}&id={theirs.course}"),
    admin(BULK, "/admin/bulk/wagtailcore/page/unpublish/?id={course}", director=OWN),
    admin(BULK, "/admin/bulk/courses/session/delete/?id={hidden_session}", director=OWN),
    admin(BULK, "/admin/bulk/courses/session/delete/?id={mine.session}&id={theirs.hidden_session}"),
    admin(BULK, "/admin/bulk/courses/session/delete/?id=all", director=ALLOW),
    admin(BULK, "/admin/bulk/training_hub/member/delete/?id={member}", rso=EITHER),
    admin(BULK, "/admin/bulk/courses/topic/delete/?id={shared.topic}", rso=EITHER),
    admin(BULK, "/admin/bulk/courses/language/delete/?id={shared.language}", rso=EITHER),
    admin(BULK, "/admin/bulk/training_hub/user/delete/?id={trainee}", rso=EITHER),
    admin(BULK, "/admin/bulk/training_hub/user/set_active_state/?id={trainee}"),
    admin(BULK, "/admin/bulk/training_hub/user/set_active_state/?id={shared.superuser}", rso=EITHER),
    admin(BULK, "/admin/bulk/training_hub/user/assign_role/?id={trainee}", rso=DENY),
    # --- state-changing POSTs: another scope's objects (and actions the role may not take
    # at all) are refused, and nothing changes
    post(P + "<int:page_id>/delete/", "/admin/pages/{draft}/delete/", director=NOT_YOURS, rso=EITHER),  # its sessions may forbid it
    post(P + "<int:page_id>/unpublish/", "/admin/pages/{course}/unpublish/", rso=ALLOW),
    post(P + "<int:page_id>/privacy/", "/admin/pages/{draft}/privacy/", rso=ALLOW, data={"restriction_type": "login"}),
    post(P + "<int:page_id>/copy/", "/admin/pages/{draft}/copy/", director=NOT_YOURS, rso=ALLOW, data={"new_title": "Copied", "new_slug": "copied", "new_parent_page": "{mine.centre}"}),
    post(P + "<int:page_id>/edit/", "/admin/pages/{draft}/edit/", director=NOT_YOURS, rso=ALLOW, data={"title": "Taken over", "slug": "taken-over", "action-submit": "1"}),
    post(P + "<int:page_to_move_id>/move/<int:destination_id>/confirm/", "/admin/pages/{draft}/move/{mine.centre}/confirm/", director=NOT_YOURS, rso=ALLOW),
    post(P + "<int:page_to_move_id>/move/<int:destination_id>/confirm/", "/admin/pages/{mine.draft}/move/{theirs.centre}/confirm/", rso=ALLOW),
    post(P + "workflow/action/<int:page_id>/<slug:action_name>/<int:task_state_id>/", "/admin/pages/workflow/action/{draft}/approve/{task_state}/", rso=ALLOW),
    post(P + "<int:page_id>/revisions/<int:revision_id>/unschedule/", "/admin/pages/{draft}/revisions/{revision}/unschedule/", director=NOT_YOURS, rso=EITHER),
    post(P + "<int:page_id>/convert_alias/", "/admin/pages/{course}/convert_alias/"),
    post(BULK, "/admin/bulk/wagtailcore/page/delete/?id={draft}&next=/admin/pages/", director=NOT_YOURS, rso=EITHER),  # its sessions may forbid it
    post(BULK, "/admin/bulk/wagtailcore/page/publish/?id={draft}&next=/admin/pages/", director=UNCHANGED, rso=ALLOW),  # directors never publish
    post(BULK, "/admin/bulk/wagtailcore/page/unpublish/?id={course}&next=/admin/pages/", director=(UNCHANGED, DENY), rso=ALLOW),
    post(BULK, "/admin/bulk/wagtailcore/page/move/?id={draft}&next=/admin/pages/", director=NOT_YOURS, rso=ALLOW, data={"chooser": "{mine.centre}"}),
    post(S + "edit/<int:pk>/", "/admin/snippets/courses/session/edit/{hidden_session}/", director=NOT_YOURS, rso=ALLOW, data={"venue": "Taken over"}),
    post(S + "delete/<int:pk>/", "/admin/snippets/courses/session/delete/{hidden_session}/"),
    post(BULK, "/admin/bulk/courses/session/delete/?id={hidden_session}&next=/admin/snippets/courses/session/", director=(UNCHANGED, DENY), rso=UNCHANGED),
    post(SC + "create/", "/admin/snippets/choose/courses/session/create/", data={"course": "{mine.course}"}),
    post("admin/snippets/training_hub/member/edit/<int:pk>/", "/admin/snippets/training_hub/member/edit/{member}/", rso=ALLOW, data={"code": "XX", "name": "Taken over", "kind": "state"}),
    post("admin/snippets/training_hub/member/delete/<int:pk>/", "/admin/snippets/training_hub/member/delete/{member}/"),
    post(BULK, "/admin/bulk/training_hub/member/delete/?id={member}&next=/admin/snippets/training_hub/member/", director=UNCHANGED, rso=UNCHANGED),  # no one may delete members (the GET row refuses directors)
    post(BULK, "/admin/bulk/training_hub/user/delete/?id={trainee}&next=/admin/users/", rso=UNCHANGED),
    post(BULK, "/admin/bulk/training_hub/user/set_active_state/?id={shared.superuser}&next=/admin/users/", rso=UNCHANGED, data={"mark_as_active": ""}),
    post(BULK, "/admin/bulk/training_hub/user/assign_role/?id={trainee}&next=/admin/users/", data={"role": "{shared.rso_group}"}),
]

L = "admin/localize/"
LT = L + "translate/<int:translation_id>/"
# Translating content (wagtail-localize, scoped by training_hub/localize_admin.py): a
# director their own centre's pages, in every language; the RSO everything. {course_th} is
# the Thai translation (a draft) of the side's live course, {translation} its translation.
LOCALIZE_ROWS = [
    admin(L + "jsi18n/", "/admin/localize/jsi18n/", director=ALLOW),
    admin(L + "submit/page/<int:page_id>/", "/admin/localize/submit/page/{course}/", director=OWN),
    admin(L + "submit/page/<int:page_id>/", "/admin/localize/submit/page/{centre}/", director=OWN),
    admin(L + "submit/page/<int:page_id>/", "/admin/localize/submit/page/{shared.curricula}/"),
    post(L + "submit/page/<int:page_id>/", "/admin/localize/submit/page/{course}/", director=NOT_YOURS, rso=(None, ALLOW), data={"locales": "{shared.locale}"}),
    admin(L + "submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/", "/admin/localize/submit/snippet/courses/topic/{shared.topic}/"),
    admin(L + "update/<int:translation_source_id>/", "/admin/localize/update/{translation_source}/", director=OWN),
    post(L + "update/<int:translation_source_id>/", "/admin/localize/update/{translation_source}/", rso=ALLOW, data={"publish_translations": "on"}),  # directors never publish
    admin(LT + "strings/<int:string_segment_id>/edit/", "/admin/localize/translate/{translation}/strings/{string_segment}/edit/", director=(EITHER, DENY), rso=EITHER),  # PUT only
    admin(LT + "overrides/<int:overridable_segment_id>/edit/", "/admin/localize/translate/{translation}/overrides/1/edit/", director=(EITHER, DENY), rso=EITHER),
    admin(LT + "pofile/download/", "/admin/localize/translate/{translation}/pofile/download/", director=OWN),
    Row(LT + "pofile/upload/", "/admin/localize/translate/{mine.translation}/pofile/upload/", director=POST_ONLY, rso=POST_ONLY),
    post(LT + "pofile/upload/", "/admin/localize/translate/{translation}/pofile/upload/", director=(UNCHANGED, DENY), rso=UNCHANGED),  # no file: refused, nothing kept
    admin(LT + "machine_translate/", "/admin/localize/translate/{translation}/machine_translate/", director=(POST_ONLY, DENY), rso=POST_ONLY),
    admin(LT + "preview/", "/admin/localize/translate/{translation}/preview/", director=OWN),
    admin(LT + "preview/<str:mode>/", "/admin/localize/translate/{translation}/preview/nope/", rso=DENY),
    admin(LT + "disable/", "/admin/localize/translate/{translation}/disable/", director=(POST_ONLY, DENY), rso=POST_ONLY),
    post(LT + "disable/", "/admin/localize/translate/{translation}/disable/?next=/admin/pages/", director=NOT_YOURS, rso=(None, ALLOW)),
    admin(L + "page/<int:page_id>/convert_to_alias/", "/admin/localize/page/{course_th}/convert_to_alias/", director=OWN),
    admin(L + "reports/translations/", "/admin/localize/reports/translations/"),
    admin(L + "reports/translations/results/", "/admin/localize/reports/translations/results/"),
    admin(L + "api/snippets/<slug:app_label>/<slug:model_name>/", "/admin/localize/api/snippets/courses/session/"),
    admin(L + "api/snippets/<slug:app_label>/<slug:model_name>/<str:pk>/", "/admin/localize/api/snippets/courses/session/{session}/"),
    # The translation's page, edited in wagtail-localize's editor; its centre's alias.
    admin(P + "<int:page_id>/edit/", "/admin/pages/{course_th}/edit/", director=OWN),
    admin(P + "<int:page_id>/edit/", "/admin/pages/{centre_th}/edit/", director=OWN),
    admin(P + "<int:parent_page_id>/", "/admin/pages/{centre_th}/", director=(ALLOW, Redirect("/admin/pages/{mine.centre}/"))),
    admin(P + "add/<slug:content_type_app_name>/<slug:content_type_model_name>/<int:parent_page_id>/", "/admin/pages/add/courses/coursepage/{centre_th}/", rso=DENY),  # written in English only
    # Locales are settings: a superuser's (Wagtail's model permissions), not the RSO's.
    admin("admin/locales/", "/admin/locales/", rso=DENY),
    admin("admin/locales/results/", "/admin/locales/results/", rso=DENY),
    admin("admin/locales/new/", "/admin/locales/new/", rso=DENY),
    admin("admin/locales/edit/<int:pk>/", "/admin/locales/edit/{shared.locale}/", rso=DENY),
    admin("admin/locales/copy/<int:pk>/", "/admin/locales/copy/{shared.locale}/", rso=DENY),
    admin("admin/locales/delete/<int:pk>/", "/admin/locales/delete/{shared.locale}/", rso=DENY),
    admin("admin/locales/history/<int:pk>/", "/admin/locales/history/{shared.locale}/", rso=DENY),
    admin("admin/locales/history-results/<int:pk>/", "/admin/locales/history-results/{shared.locale}/", rso=DENY),
    admin("admin/locales/usage/<int:pk>/", "/admin/locales/usage/{shared.locale}/", rso=DENY),
]

NM = "nominations/"
SKIP = (None, None)  # a POST that would succeed on both sides: not tried here
NOMINATION_ROWS = [
    # The focal point's screens: theirs alone (the RSO and directors work in the admin).
    Row(NM + "sessions/", "/nominations/sessions/", focal_point=ALLOW),
    Row(NM + "sessions/<id:pk>/", "/nominations/sessions/{session}/", focal_point=ALLOW),  # any public session
    Row(NM + "sessions/<id:pk>/", "/nominations/sessions/{hidden_session}/"),
    Row(NM + "sessions/<id:pk>/", "/nominations/sessions/{session}/", method="POST", focal_point=UNCHANGED, data={"action": "submit", "official": "{theirs.nominee}"}),  # another member's official
    Row(NM + "sessions/<id:pk>/", "/nominations/sessions/{session}/", method="POST", focal_point=UNCHANGED, data={"action": "rank", "rank-{theirs.nominee_nomination}": "9"}),
    Row(NM + "officials/", "/nominations/officials/", focal_point=ALLOW),
    Row(NM + "officials/new/", "/nominations/officials/new/", focal_point=ALLOW),
    Row(NM + "officials/<id:pk>/", "/nominations/officials/{nominee}/", focal_point=OWN),
    Row(NM + "officials/<id:pk>/", "/nominations/officials/{nominee}/", method="POST", focal_point=NOT_YOURS, data={"passport_name": "Taken over", "gender": "male", "agency": "X", "position": "Y", "email": "x@example.org"}),
    Row(NM + "needs/", "/nominations/needs/", focal_point=ALLOW),
    Row(NM + "needs/new/", "/nominations/needs/new/", focal_point=ALLOW),
    Row(NM + "needs/<id:pk>/", "/nominations/needs/{need}/", focal_point=OWN),
    public(NM + "needs/<id:pk>/withdraw/", "/nominations/needs/{need}/withdraw/", POST_ONLY),
    Row(NM + "needs/<id:pk>/withdraw/", "/nominations/needs/{need}/withdraw/", method="POST", focal_point=NOT_YOURS),
    # One nomination: its member's focal point, the centre's director, the trainee, the RSO.
    Row(NM + "<id:pk>/", "/nominations/{nomination}/", trainee=OWN, focal_point=OWN, director=OWN, rso=ALLOW),
    Row(NM + "<id:pk>/", "/nominations/{nominee_nomination}/", focal_point=OWN, director=OWN, rso=ALLOW),  # not the trainee's
    public(NM + "<id:pk>/move/", "/nominations/{nomination}/move/", POST_ONLY),
    Row(NM + "<id:pk>/move/", "/nominations/{nomination}/move/", method="POST", trainee=NOT_YOURS, focal_point=NOT_YOURS, director=NOT_YOURS, rso=SKIP, data={"to": "withdrawn", "version": "{nomination_version}"}),
    Row(NM + "<id:pk>/move/", "/nominations/{nominee_nomination}/move/", method="POST", trainee=DENY, focal_point=(UNCHANGED, DENY), director=(None, DENY), rso=SKIP, data={"to": "declined", "version": "{nomination_version}"}),
    public(NM + "<id:pk>/link/", "/nominations/{nomination}/link/", POST_ONLY),
    Row(NM + "<id:pk>/link/", "/nominations/{nomination}/link/", method="POST", trainee=NOT_YOURS, focal_point=NOT_YOURS, director=NOT_YOURS, rso=SKIP),
    # The admin's nominations: a director's centres' sessions only; training needs: the RSO's.
    admin("admin/nominations/", "/admin/nominations/", director=ALLOW),
    admin("admin/nominations/results/", "/admin/nominations/results/", director=ALLOW),
    admin("admin/nominations/inspect/<int:pk>/", "/admin/nominations/inspect/{nomination}/", director=OWN),
    admin("admin/nominations/history/<int:pk>/", "/admin/nominations/history/{nomination}/", director=OWN),
    admin("admin/nominations/history-results/<int:pk>/", "/admin/nominations/history-results/{nomination}/", director=OWN),
    admin("admin/nominations/session/<int:pk>/", "/admin/nominations/session/{session}/", director=OWN),
    admin("admin/nominations/session/<int:pk>/", "/admin/nominations/session/{session}/", method="POST", director=NOT_YOURS, rso=SKIP, data={"action": "declined", "selected": "{nominee_nomination}"}),
    admin("admin/training-needs/", "/admin/training-needs/"),
    admin("admin/training-needs/results/", "/admin/training-needs/results/"),
    admin("admin/training-needs/inspect/<int:pk>/", "/admin/training-needs/inspect/{need}/"),
    admin("admin/training-needs/history/<int:pk>/", "/admin/training-needs/history/{need}/"),
    admin("admin/training-needs/history-results/<int:pk>/", "/admin/training-needs/history-results/{need}/"),
    # The trainee's: the e-mailed link authenticates one confirmation; the feed, its secret.
    public(NM + "confirm/<str:token>/", "/nominations/confirm/not-a-token/", EITHER),  # refused with a message
    public(NM + "confirm/<str:token>/again/", "/nominations/confirm/not-a-token/again/", POST_ONLY),
    Row(NM + "confirm/<str:token>/again/", "/nominations/confirm/not-a-token/again/", method="POST", anonymous=ALLOW, trainee=ALLOW, focal_point=ALLOW, director=ALLOW, rso=ALLOW),  # the same answer for every link
    Row(NM + "calendar/", "/nominations/calendar/", trainee=ALLOW),
    public(NM + "calendar/<str:token>.ics", "/nominations/calendar/not-a-token.ics", DENY),
]

C = "admin/certificates/"
T = "admin/certificate-templates/"
CERTIFICATE_ROWS = [
    # Downloads: the trainee, their member's focal point, the centre's director, the RSO.
    *[
        Row(f"certificates/<id:pk>/{suffix}", f"/certificates/{{certificate}}/{suffix}", trainee=OWN, focal_point=OWN, director=OWN, rso=ALLOW)
        for suffix in ("pdf/", "badge.jwt", "badge.json")
    ],
    # The admin's: a director's centres' certificates and sessions, the RSO's every one.
    admin(C, "/admin/certificates/", director=ALLOW),
    admin(C, "/admin/certificates/?export=csv", director=ALLOW),
    admin(C + "results/", "/admin/certificates/results/", director=ALLOW),
    admin(C + "inspect/<int:pk>/", "/admin/certificates/inspect/{certificate}/", director=OWN),
    admin(C + "inspect/<int:pk>/", "/admin/certificates/inspect/{certificate}/", method="POST", director=NOT_YOURS, rso=SKIP, data={"action": "revoke", "reason": "Taken over"}),
    admin(C + "history/<int:pk>/", "/admin/certificates/history/{certificate}/", director=OWN),
    admin(C + "history-results/<int:pk>/", "/admin/certificates/history-results/{certificate}/", director=OWN),
    admin(C + "sessions/", "/admin/certificates/sessions/", director=ALLOW),
    admin(C + "sessions/<int:pk>/", "/admin/certificates/sessions/{certificate_session}/", director=OWN),
    admin(C + "sessions/<int:pk>/", "/admin/certificates/sessions/{certificate_session}/", method="POST", director=NOT_YOURS, rso=SKIP, data={"action": "issue_all", "template": "{template}"}),
    # Templates: a director edits their centres' (and issues with the RSO's shared ones).
    admin(T, "/admin/certificate-templates/", director=ALLOW),
    admin(T + "results/", "/admin/certificate-templates/results/", director=ALLOW),
    admin(T + "new/", "/admin/certificate-templates/new/", director=ALLOW),
    admin(T + "edit/<int:pk>/", "/admin/certificate-templates/edit/{template}/", director=OWN),
    admin(T + "edit/<int:pk>/", "/admin/certificate-templates/edit/{template}/", method="POST", director=NOT_YOURS, rso=SKIP, data={"name": "Taken over", "wording": "{{ trainee }} {{ course }}"}),
    admin(T + "delete/<int:pk>/", "/admin/certificate-templates/delete/{template}/", director=OWN),
    admin(T + "delete/<int:pk>/", "/admin/certificate-templates/delete/{template}/", method="POST", director=NOT_YOURS, rso=SKIP),
    admin(T + "preview/<int:pk>/", "/admin/certificate-templates/preview/{template}/", director=OWN),
]
CO = "coordination/"
COORDINATION_ROWS = [
    # The dashboard and the reports: the RSO (any member), a focal point (their own, whatever
    # member the query names: SECRETS checks that nothing of another member shows).
    Row(CO, "/coordination/", focal_point=ALLOW, rso=ALLOW),
    Row(CO, "/coordination/?member={theirs.member}&start=2020-01-01&end=2030-12-31", focal_point=ALLOW, rso=ALLOW),
    Row(CO, "/coordination/?start=2027-06-01&end=2027-01-01", focal_point=EITHER, rso=EITHER),  # refused with a message
    public(CO + "charts.css", "/coordination/charts.css"),
    Row(CO + "reports/", "/coordination/reports/?member={theirs.member}&start=2020-01-01&end=2030-12-31", focal_point=ALLOW, rso=ALLOW),
    *[
        Row(CO + "reports/<slug:report>.<str:fmt>", f"/coordination/reports/{report}.{fmt}?member={{theirs.member}}&start=2020-01-01&end=2030-12-31", focal_point=ALLOW, rso=ALLOW)
        for report in ("participation", "needs", "funding")
        for fmt in ("csv", "xlsx")
    ],
    Row(CO + "reports/<slug:report>.<str:fmt>", "/coordination/reports/needs.pdf", focal_point=DENY, rso=DENY),
    # The RSO's matching and funding.
    Row(CO + "matching/", "/coordination/matching/", rso=ALLOW),
    Row(CO + "needs/<id:pk>/", "/coordination/needs/{need}/", rso=ALLOW),
    Row(CO + "needs/<id:pk>/", "/coordination/needs/{need}/", method="POST", rso=SKIP, data={"action": "link", "session": "{session}"}),
    Row(CO + "gaps/", "/coordination/gaps/", rso=ALLOW),
    Row(CO + "funding/", "/coordination/funding/", rso=ALLOW),
    Row(CO + "funding/sessions/<id:pk>/", "/coordination/funding/sessions/{session}/", rso=ALLOW),
    Row(CO + "funding/sessions/<id:pk>/", "/coordination/funding/sessions/{session}/", method="POST", rso=UNCHANGED, data={"pledge": "{shared.pledge}", "amount": "10.00"}),  # the course has no cost
    Row(CO + "funding/pledges/new/", "/coordination/funding/pledges/new/", rso=ALLOW),
    Row(CO + "funding/pledges/new/", "/coordination/funding/pledges/new/", method="POST", rso=UNCHANGED, data={"donor": "{shared.donor}", "title": "T", "amount": "-5", "currency": "USD", "starts_on": "2027-01-01", "ends_on": "2027-12-31"}),
    Row(CO + "funding/pledges/<id:pk>/", "/coordination/funding/pledges/{shared.pledge}/", rso=ALLOW),
    Row(CO + "funding/donors/new/", "/coordination/funding/donors/new/", rso=ALLOW),
    Row(CO + "funding/rates/new/", "/coordination/funding/rates/new/", rso=ALLOW),
    public(CO + "funding/allocations/<id:pk>/release/", "/coordination/funding/allocations/{shared.allocation}/release/", POST_ONLY),
    Row(CO + "funding/allocations/<id:pk>/release/", "/coordination/funding/allocations/{shared.allocation}/release/", method="POST", rso=SKIP),
]
# fmt: on

ROWS = (
    PUBLIC_ROWS
    + ADMIN_ROWS
    + LOCALIZE_ROWS
    + NOMINATION_ROWS
    + CERTIFICATE_ROWS
    + COORDINATION_ROWS
)
