"""Journeys in a real Chromium: each user clicks through the site as they would and checks
what the page shows them; every page is screenshot and checked with axe-core.

Who may see what on each portal is checked on the server in test_portal.py; these journeys
check the way there and back: links, buttons, forms and redirects.
"""

import re

import pytest
from playwright.sync_api import expect

from certificates.models import Certificate
from tests.browser import Visit
from tests.factories import PASSWORD, make_course, make_curriculum, make_session
from training_hub.accounts.views import LOGIN_FAILED

# serialized_rollback: the flush after each test must restore the migrated members and pages.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _nav(page, name):
    """A link of the site's main navigation (some are repeated in pages' content)."""
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True)


def _heading(page):
    return page.get_by_role("heading", level=1)


def _fill_sign_in(page, username, password):
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_rso_signs_in_from_the_home_page_and_opens_the_administration(
    page, live_server, request, rso
):
    base = live_server.url
    visit = Visit.for_test(page, live_server, request)
    visit.open("/", "home")
    page.locator("header").get_by_role("link", name="Sign in").click()
    expect(page).to_have_url(base + "/accounts/login/")
    visit.check("sign-in")
    _fill_sign_in(page, "rso", PASSWORD)
    expect(page).to_have_url(base + "/portal/")
    visit.check("portal")
    expect(_heading(page)).to_have_text("RSO coordinator portal")
    expect(page.locator("header")).to_contain_text("Signed in as rso")
    expect(_nav(page, "My portal")).to_be_visible()
    page.get_by_role("link", name="Open the administration").click()
    expect(page).to_have_url(base + "/admin/")
    expect(page).to_have_title(re.compile(r"^Dashboard\b"))
    visit.check("administration", accessibility=False)


def test_director_sees_their_sessions_then_signs_out(page, live_server, request, director, jclec):
    make_session(make_course(jclec, title="Semarang course"))
    base = live_server.url
    visit = Visit.for_test(page, live_server, request)
    visit.sign_in("director.jclec", PASSWORD)
    expect(page).to_have_url(base + "/portal/")
    expect(_heading(page)).to_have_text("Training director portal")
    row = page.get_by_role("row", name=re.compile("Semarang course"))
    expect(row).to_be_visible()
    expect(row).to_contain_text("Open for nominations")
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(base + "/")
    visit.check("signed-out")
    expect(page.locator("header").get_by_role("link", name="Sign in")).to_be_visible()
    expect(_nav(page, "My portal")).to_have_count(0)


def test_focal_point_sees_their_officials_and_finds_the_way_back(
    page, live_server, request, focal_point, trainee
):
    base = live_server.url
    visit = Visit.for_test(page, live_server, request)
    visit.sign_in("focal.id", PASSWORD)
    expect(_heading(page)).to_have_text("National focal point portal")
    expect(page.get_by_role("heading", name="Officials of Indonesia")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Dewi Lestari"))).to_be_visible()
    _nav(page, "Catalogue").click()
    expect(page).to_have_url(base + "/catalogue/")
    visit.check("catalogue")
    _nav(page, "My portal").click()
    expect(page).to_have_url(base + "/portal/")
    expect(_heading(page)).to_have_text("National focal point portal")


def test_trainee_reads_their_certificate_code_and_anyone_can_verify_it(
    page, live_server, request, trainee
):
    Certificate.objects.create(
        code="JCLE-CDEM-7K4P",
        trainee=trainee,
        name_on_certificate=trainee.get_full_name(),
        training_title="Frontline border officer induction",
        centre_name="JCLEC",
        issued_on="2026-06-12",
    )
    base = live_server.url
    visit = Visit.for_test(page, live_server, request)
    visit.sign_in("trainee.id", PASSWORD)
    expect(_heading(page)).to_have_text("Trainee portal")
    listed = page.get_by_role("row").filter(has_text="Frontline border officer induction")
    expect(listed).to_contain_text("JCLE-CDEM-7K4P")

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(base + "/")
    _nav(page, "Verify a certificate").click()
    expect(page).to_have_url(base + "/certificates/verify/")
    visit.check("verify-form")
    # Typed as people type it: lower case.
    page.get_by_label("Certificate code").fill("jcle-cdem-7k4p")
    page.get_by_role("button", name="Verify").click()
    expect(page).to_have_url(re.compile(r"/certificates/verify/\?code=jcle-cdem-7k4p$"))
    visit.check("verify-result")
    expect(page.get_by_role("heading", name="Valid certificate")).to_be_visible()
    expect(page.locator("main section")).to_contain_text("Dewi Lestari")


def test_visitor_is_sent_to_sign_in_and_after_a_wrong_password_lands_on_the_portal(
    page, live_server, request, trainee
):
    base = live_server.url
    visit = Visit.for_test(page, live_server, request)
    visit.open("/portal/", "portal-asks-to-sign-in")
    expect(page).to_have_url(base + "/accounts/login/?next=/portal/")
    _fill_sign_in(page, "trainee.id", "wrong-password")
    expect(page.get_by_role("alert")).to_have_text(str(LOGIN_FAILED))
    expect(page).to_have_url(base + "/accounts/login/")
    expect(page.get_by_label("Username")).to_have_value("trainee.id")
    expect(page.get_by_label("Password")).to_have_value("")
    visit.check("wrong-password")
    _fill_sign_in(page, "trainee.id", PASSWORD)
    expect(page).to_have_url(base + "/portal/")
    expect(_heading(page)).to_have_text("Trainee portal")


def test_visitor_clicks_from_the_catalogue_to_a_session_curriculum_and_centre(
    page, live_server, request, jclec
):
    curriculum = make_curriculum(codes=("ITSN-01", "ITSN-02"), title="Interviewing techniques")
    course = make_course(
        jclec,
        title="Interviewing children on the move",
        theme="protection",
        modules=list(curriculum.modules.all()),
        topics=("interviewing",),
    )
    make_course(jclec, title="Countering people smuggling", theme="prevention")
    make_session(course)
    base = live_server.url
    main = page.locator("main")
    visit = Visit.for_test(page, live_server, request)

    visit.open("/catalogue/", "catalogue")
    expect(page.get_by_role("heading", name="2 courses")).to_be_visible()
    page.get_by_role("checkbox", name=re.compile(r"^Protection\b")).check()
    page.get_by_role("button", name="Apply filters").first.click()
    expect(page).to_have_url(re.compile(r"/catalogue/\?(.*&)?theme=protection(&|$)"))
    visit.check("catalogue-filtered")
    expect(page.get_by_role("heading", name="1 course", exact=True)).to_be_visible()
    expect(main).not_to_contain_text("Countering people smuggling")

    main.get_by_role("link", name="Interviewing children on the move", exact=True).click()
    expect(page).to_have_url(base + course.url)
    visit.check("course")
    expect(_heading(page)).to_have_text("Interviewing children on the move")
    main.get_by_role("link", name=re.compile(r", Semarang$")).click()
    expect(page).to_have_url(re.compile(r"/sessions/\d+/$"))
    visit.check("session")
    expect(main.locator("[data-nominations]")).to_have_text("Open for nominations now")

    page.go_back()
    expect(page).to_have_url(base + course.url)
    main.get_by_role("link", name="ITSN-01", exact=True).click()
    expect(page).to_have_url(base + curriculum.url + "#module-ITSN-01")
    visit.check("curriculum")
    expect(_heading(page)).to_have_text("Interviewing techniques")
    module_row = page.get_by_role("row", name=re.compile("ITSN-01"))
    module_row.get_by_role("link", name="Interviewing children on the move", exact=True).click()
    expect(page).to_have_url(base + course.url)

    main.get_by_role("link", name="Centre JCLEC").click()
    expect(page).to_have_url(base + jclec.url)
    visit.check("centre")
    course_link = main.get_by_role("link", name="Interviewing children on the move", exact=True)
    expect(course_link).to_be_visible()

    _nav(page, "Curricula").click()
    expect(page).to_have_url(base + "/curricula/")
    visit.check("curricula")
    expect(main.get_by_role("link", name="Interviewing techniques", exact=True)).to_be_visible()
