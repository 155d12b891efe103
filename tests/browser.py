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


# --- reflow: nothing wider than the viewport ----------------------------------------------

_CHECKS = (Path(__file__).parent / "browser_checks.js").read_text()


def reflow_problems(page):
    """What makes the current page scroll sideways, or sticks out of the viewport (cut off
    by an overflow or scrolled within a box): empty when the page reflows."""
    return page.evaluate(f"() => ({_CHECKS}).reflowProblems()")


# --- focus: always visible ----------------------------------------------------------------


def focus_problem(page):
    """Why the focused element's focus would be hard to see (no outline, a thin one, one of
    less than 3:1 against the colours around it, or off-screen); None when it is clear."""
    return page.evaluate(f"() => ({_CHECKS}).focusProblem(document.activeElement)")


class Keyboard:
    """Drives a page with the keyboard only: Tab and Shift+Tab to move, Enter, Space and
    Escape to act, typing in fields. Every element the focus lands on is checked for a
    visible focus (`check_focus`: the site's and the portal's pages, not Wagtail's own)."""

    LIMIT = 300  # Tab presses before giving up on reaching an element

    def __init__(self, page, *, check_focus=True):
        self.page = page
        self.check_focus = check_focus

    def tab_to(self, target, *, backwards=False):
        """Press Tab (Shift+Tab) until `target` (a locator) has the focus."""
        handle = target.element_handle()
        key = "Shift+Tab" if backwards else "Tab"
        check = (
            "(el, check) => [el === document.activeElement,"
            " [document.body, document.documentElement, null].includes(document.activeElement),"
            f" check ? ({_CHECKS}).focusProblem(document.activeElement) : null]"
        )
        rounds = 0
        for _step in range(self.LIMIT):
            self.page.keyboard.press(key)
            reached, outside, problem = handle.evaluate(check, self.check_focus)
            if reached:
                assert problem is None, f"{self.page.url}: {problem}"
                return
            if outside:  # past the last element (or the first): the browser's own controls
                rounds += 1
                if rounds == 2:
                    break
                continue
            assert problem is None, f"{self.page.url}: {problem}"
        raise AssertionError(f"{self.page.url}: {key} never reached {target}")

    def press(self, key):
        self.page.keyboard.press(key)

    def type(self, text):
        self.page.keyboard.type(text)

    def follow(self, key="Enter"):
        """Press `key` on the focused link or button and wait for the page it leads to."""
        with self.page.expect_navigation():
            self.page.keyboard.press(key)
        self.page.wait_for_load_state()

    def choose(self, select, value):
        """With the focus on `select` (closed), move its choice to `value` with the arrows."""
        options = select.locator("option").evaluate_all("(os) => os.map((o) => o.value)")
        current = select.evaluate("(el) => el.selectedIndex")
        target = options.index(value)
        key = "ArrowDown" if target > current else "ArrowUp"
        for _step in range(abs(target - current)):
            self.page.keyboard.press(key)
        assert select.evaluate("(el) => el.value") == value
