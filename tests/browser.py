"""The browser harness: Debian's Chromium driven by Playwright, with an axe-core check."""

import re
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).parent / "screenshots"
# Chromium as root in a container, with no calls home on a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BLOCKING_IMPACTS = {"serious", "critical"}
_axe = Axe()


def accessibility_problems(page):
    """axe-core violations of serious or critical impact on the current page."""
    violations = _axe.run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
        if v.get("impact") in BLOCKING_IMPACTS
    ]


class Visit:
    """Opens pages of the live server, screenshots each and checks it with axe."""

    def __init__(self, page, base_url, journey):
        self.page = page
        self.base_url = base_url
        self.journey = journey
        self.step = 0
        SCREENSHOTS.mkdir(exist_ok=True)

    @classmethod
    def for_test(cls, page, live_server, request):
        return cls(page, live_server.url, request.node.name.removeprefix("test_"))

    def check(self, label, accessibility=True):
        """Screenshot the page; check it with axe unless it is Wagtail's own admin UI."""
        self.step += 1
        slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
        self.page.screenshot(
            path=SCREENSHOTS / f"{self.journey}-{self.step:02d}-{slug}.png", full_page=True
        )
        if accessibility:
            problems = accessibility_problems(self.page)
            assert not problems, f"{self.journey} / {label}: " + "; ".join(problems)

    def open(self, path, label=None, accessibility=True):
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        self.check(label or path, accessibility=accessibility)
        return response

    def sign_in(self, username, password):
        self.open("/accounts/login/", "sign-in")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()
        self.page.wait_for_load_state()
        self.check("after-sign-in")
