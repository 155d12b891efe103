"""Security findings: huge ids, sign-out by link, CSP and caching, the lockout behind the
proxy, and the API docs served from the site itself."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client, RequestFactory
from django.urls import resolve, reverse

from tests.factories import PASSWORD, make_course, make_session
from training_hub.middleware import client_ip

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
HUGE = "99999999999999999999999"  # more than any 64-bit database integer


# 1. Integers too large for the database are a 404 or a 422, never a 500.


@pytest.mark.parametrize(
    "url",
    [
        f"/api/courses/{HUGE}",
        f"/api/courses/-{HUGE}",
        f"/api/courses?page={HUGE}",
        f"/api/sessions?page={HUGE}",
        f"/api/sessions?course={HUGE}",
        f"/api/sessions?course=-{HUGE}",
        f"/api/sessions/{HUGE}",
        f"/api/sessions/-{HUGE}",
        f"/calendar/courses/{HUGE}.ics",
        f"/calendar/centres/{HUGE}.ics",
        f"/calendar/sessions/{HUGE}.ics",
        f"/sessions/{HUGE}/",
    ],
)
def test_huge_integers_are_not_found_or_invalid_never_a_server_error(client, url):
    client.raise_request_exception = False
    assert client.get(url).status_code in (404, 422)


def test_largest_ids_the_routes_accept_are_simply_unknown(client):
    assert client.get(f"/api/courses/{2**63 - 1}").status_code == 404
    assert client.get(f"/api/sessions?course={2**63 - 1}").json()["items"] == []
    assert client.get("/calendar/courses/999999999999999999.ics").status_code == 404
    assert client.get("/sessions/999999999999999999/").status_code == 404


def test_the_id_converter_still_routes_real_ids(client, jclec):
    course = make_course(jclec, title="Routed")
    session = make_session(course)
    for url, name, kwargs in [
        (f"/calendar/courses/{course.pk}.ics", "course_feed", {"page_id": course.pk}),
        (f"/calendar/centres/{jclec.pk}.ics", "centre_feed", {"page_id": jclec.pk}),
        (f"/calendar/sessions/{session.pk}.ics", "session_feed", {"pk": session.pk}),
        ("/calendar/sessions/999999999999999999.ics", "session_feed", {"pk": 10**18 - 1}),
    ]:
        match = resolve(url)
        assert (match.url_name, match.kwargs) == (name, kwargs)
        assert reverse(f"calendar:{name}", kwargs=kwargs) == url
    assert client.get(reverse("session_detail", args=[session.pk])).status_code == 200


# 2. The admin's sign-out takes a POST; a GET (a link, an image) changes nothing.


def test_admin_logout_by_get_leaves_the_user_signed_in(client, rso):
    client.force_login(rso)
    response = client.get("/admin/logout/")
    assert response.status_code == 405
    assert "sessionid" not in response.cookies
    assert client.session.get("_auth_user_id") == str(rso.pk)
    assert client.get("/admin/").status_code == 200


def test_admin_logout_by_post_signs_out(client, rso):
    client.force_login(rso)
    response = client.post("/admin/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


# 3. Content-Security-Policy everywhere; the portal is private.


def _policy(response):
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


@pytest.mark.parametrize("url", ["/", "/catalogue/", "/accounts/login/", "/certificates/verify/"])
def test_public_pages_carry_a_strict_policy(client, url):
    response = client.get(url)
    assert response.status_code == 200
    policy = _policy(response)
    assert policy["default-src"] == ["'self'"]
    for directive in ("script-src", "style-src"):
        assert policy[directive] == ["'self'"], directive
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert not any("http" in value for values in policy.values() for value in values)


def test_the_portal_is_private(client, trainee):
    client.force_login(trainee)
    response = client.get("/portal/")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_the_portal_carries_the_strict_policy(client, trainee):
    client.force_login(trainee)
    policy = _policy(client.get("/portal/"))
    assert policy["script-src"] == policy["style-src"] == ["'self'"]


def test_the_admin_carries_its_own_policy_and_still_loads(client, rso, jclec):
    course = make_course(jclec, title="Editable")
    session = make_session(course)
    client.force_login(rso)
    for url in (
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{course.pk}/edit/",  # inline panels
        f"/admin/snippets/courses/session/edit/{session.pk}/",  # date and time widgets
    ):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        policy = _policy(response)
        assert policy["default-src"] == ["'self'"], url
        assert "'unsafe-inline'" in policy["script-src"], url
        assert policy["frame-ancestors"] == ["'self'"], url
        assert not any("http" in value for values in policy.values() for value in values)


def test_admin_pages_load_no_avatar_from_another_host(client, rso):
    client.force_login(rso)
    assert "gravatar" not in client.get("/admin/").content.decode()


# The public policy forbids inline script and style: no template of the project may use them.
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*\bnonce=)(?![^>]*type=\"application/json\")[^>]*>"
    r"|<style\b|\sstyle=\"|\son[a-z]+=\"",
    re.IGNORECASE,
)


def _templates():
    return sorted(
        path
        for path in ROOT.glob("*/templates/**/*.html")
        if ".venv" not in path.parts
        and "wagtailusers" not in path.parts  # admin overrides
        # A certificate's PDF layout is xhtml2pdf's input, turned into a PDF on the server:
        # no browser receives it, and its styles can only be inline.
        and path.parent.name != "pdf"
    )


def test_project_templates_have_no_inline_script_or_style():
    assert _templates()
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in _templates()
        for match in INLINE.finditer(path.read_text())
    ]
    assert not offenders


# 4. Behind the proxy, the lockout counts the client's address, not the proxy's.

PROXY = "172.18.0.5"
CLIENT_A, CLIENT_B = "203.0.113.7", "198.51.100.9"


def _login(client, password, forwarded_for, remote=PROXY):
    return client.post(
        reverse("login"),
        {"username": "trainee.id", "password": password},
        HTTP_X_FORWARDED_FOR=forwarded_for,
        REMOTE_ADDR=remote,
    )


def test_behind_the_proxy_a_lockout_is_per_client(settings, trainee):
    settings.TRAINING_HUB_TRUSTED_PROXY_COUNT = 1
    attacker, user = Client(), Client()
    for n in range(settings.AXES_FAILURE_LIMIT):
        # What the attacker puts in the header lands left of the address the proxy appends.
        _login(attacker, "guess", f"10.9.9.{n}, {CLIENT_A}")
    assert _login(attacker, PASSWORD, CLIENT_A).status_code == 429
    signed_in = _login(user, PASSWORD, CLIENT_B)
    assert signed_in.status_code == 302
    assert user.session["_auth_user_id"] == str(trainee.pk)


def test_without_a_trusted_proxy_the_header_cannot_dodge_a_lockout(settings, trainee):
    assert settings.TRAINING_HUB_TRUSTED_PROXY_COUNT == 0  # the default outside production
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "guess", CLIENT_A)
    assert _login(client, PASSWORD, CLIENT_B).status_code == 429


@pytest.mark.parametrize(
    ("count", "networks", "remote", "forwarded", "expected"),
    [
        (0, [], PROXY, CLIENT_A, PROXY),  # no proxy trusted: the header is ignored
        (1, [], PROXY, CLIENT_A, CLIENT_A),
        (1, [], PROXY, f"1.2.3.4, {CLIENT_A}", CLIENT_A),  # forged hops are ignored
        (2, [], PROXY, f"1.2.3.4, {CLIENT_A}, 10.0.0.2", CLIENT_A),
        (2, [], PROXY, CLIENT_A, PROXY),  # fewer hops than proxies: not through them
        (1, [], PROXY, "", PROXY),
        (1, [], PROXY, "not-an-address", PROXY),
        (1, ["172.18.0.0/16"], PROXY, CLIENT_A, CLIENT_A),
        (1, ["172.18.0.0/16"], CLIENT_B, CLIENT_A, CLIENT_B),  # past the proxy: not believed
        (1, [], PROXY, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address(settings, count, networks, remote, forwarded, expected):
    settings.TRAINING_HUB_TRUSTED_PROXY_COUNT = count
    settings.TRAINING_HUB_TRUSTED_PROXY_ADDRESSES = networks
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


# 5. The API docs load every asset from the site itself.


def test_api_docs_reference_only_assets_of_this_site(client, settings):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.findall(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", html, re.IGNORECASE)
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(a.endswith(".js") for a in assets) and any(a.endswith(".css") for a in assets)
    for asset in assets:
        assert asset.startswith(settings.STATIC_URL), asset
        assert finders.find(asset.removeprefix(settings.STATIC_URL)), asset
    assert '"validatorUrl": null' in html  # no badge fetched from validator.swagger.io
    assert _policy(response)["script-src"] == ["'self'"]


# In a real browser: the policies block nothing the admin, the docs or the site need, and no
# page asks another host for anything.

REPORT_VIOLATIONS = (
    "document.addEventListener('securitypolicyviolation', e => console.error("
    "'Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI"
    " + ' at ' + e.sourceFile))"
)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_in_chromium_nothing_is_blocked_and_nothing_comes_from_elsewhere(
    page, live_server, rso, jclec
):
    course = make_course(jclec, title="Checked in a browser")
    session = make_session(course)
    problems = []
    page.on(
        "console",
        lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on(
        "request",
        lambda r: (
            None
            if r.url.startswith((live_server.url, "data:", "blob:"))
            else problems.append(f"request to another host: {r.url}")
        ),
    )
    page.add_init_script(REPORT_VIOLATIONS)

    def visit(path):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")

    visit("/admin/login/")
    page.fill("input[name=username]", "rso")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    visit(f"/admin/pages/{course.pk}/edit/")
    page.click("button[data-side-panel-toggle='preview']")  # frames the page itself
    page.locator("iframe").first.wait_for()
    page.wait_for_load_state("networkidle")
    page.locator(".DraftEditor-root [contenteditable=true]").first.click()
    page.keyboard.type("A link")
    page.keyboard.press("Shift+Home")
    page.keyboard.press("Control+k")  # the page chooser modal
    page.locator(".modal-dialog").first.wait_for()
    page.keyboard.press("Escape")
    visit(f"/admin/snippets/courses/session/edit/{session.pk}/")  # date and time widgets
    visit("/api/docs")
    assert page.locator(".opblock").count() >= 4  # Swagger UI ran
    for path in ("/", "/catalogue/", f"/sessions/{session.pk}/", "/centres/"):
        visit(path)
    assert not problems
