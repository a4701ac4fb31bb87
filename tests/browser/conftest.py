"""Browser test harness: the real app on a live server, driven by Debian Chromium.

What every browser test gets without asking:

* `live_server`: the app (CSRF on, as in production) served on 127.0.0.1 from a thread, on the
  suite's database (SQLite file, or PostgreSQL with --db=postgres), emptied after the test.
* `site`: the test's browser tab (pytest-playwright's `page`) with guards. Every page it loads
  must pass axe-core (no "serious" or "critical" violations); it may request nothing outside the
  live server; it may log no Content-Security-Policy violation and throw no JavaScript error.
  `site.visit`, `site.submit`, `site.follow` and `site.log_in` check each page they load; a page
  loaded any other way is checked when the test ends, and a test that loaded pages it never
  checked fails, listing them.
* `open_site`: more guarded tabs, each in a browser context of its own (its own cookies, so
  another person; or, say, `java_script_enabled=False`), with the same guards as `site`.
* `accounts`: people and join codes created straight in the database, as fixtures do.

The CSP is enforced in the browser on purpose (no `bypass_csp`): axe is injected through the
DevTools protocol, which the page's CSP does not govern, so it runs under the real policy, and a
CSP violation shows up as a console error that fails the test.

A failing test leaves a full-page screenshot in test-artifacts/. Set BROWSER_SHOTS=/some/dir to
keep a screenshot of every page the tests check, to look at them.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from playwright.sync_api import BrowserContext, Page, Response, Route, expect
from werkzeug.serving import make_server

from board import create_app
from board.accounts import create_join_code, create_user
from board.extensions import db
from board.models import Role, User

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
HERE = Path(__file__).resolve().parent
ARTIFACTS = HERE.parent.parent / "test-artifacts"
BLOCKING_IMPACTS = {"serious", "critical"}
# Fail fast: a missing element should not hang the suite for Playwright's default 30 s.
TIMEOUT_MS = 10_000
# What axe's verdict depends on: the viewport and the DOM (CSS is the same static file). The CSRF
# token is blanked so the same page in another session counts as the same page.
PAGE_SNAPSHOT_JS = """() => {
  const copy = document.documentElement.cloneNode(true);
  copy.querySelectorAll("input[name=csrf_token]").forEach((e) => e.removeAttribute("value"));
  return `${innerWidth}x${innerHeight}\n${copy.outerHTML}`;
}"""
# With JavaScript off (a context made with java_script_enabled=False) the page runs no timers, and
# axe waits on setTimeout; promise callbacks still run there. So before axe runs in such a page,
# its timers become promise callbacks: no page script runs to notice, and the DOM axe judges is the
# one a person without JavaScript gets.
SCRIPTING_OFF_JS = "() => matchMedia('(scripting: none)').matches"
TIMERS_WITHOUT_SCRIPTING_JS = """() => {
  let next = 1;
  const cancelled = new Set();
  window.setTimeout = (callback, _ms, ...args) => {
    const id = next++;
    Promise.resolve().then(() => { if (!cancelled.delete(id)) callback(...args); });
    return id;
  };
  window.clearTimeout = (id) => { cancelled.add(id); };
}"""
# Blocking axe violations by page snapshot, for the whole run: an identical page (the login form
# is shown a dozen times) is judged once. Saves about a third of the suite's time.
_axe_verdicts: dict[str, list[dict]] = {}

# Playwright looks for a browser of its own only when no executable_path is given, and we always
# give Debian's. Belt and braces: any Playwright install step started from this process is a no-op.
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
expect.set_options(timeout=TIMEOUT_MS)


def _suite_conftest() -> ModuleType:
    """tests/conftest.py exactly as pytest loaded it (pytest loads parent conftests first).

    tests/ is not a package, so that module's import name depends on pytest's import mode
    ("conftest" or "tests.conftest"); find it by its file instead of importing it twice.
    """
    wanted = HERE.parent / "conftest.py"
    for module in list(sys.modules.values()):
        file = getattr(module, "__file__", None)
        if file and Path(file).resolve() == wanted:
            return module
    raise RuntimeError(f"{wanted} is not loaded; run the browser tests through pytest")


_suite = _suite_conftest()
PASSWORD: str = _suite.PASSWORD
empty_all_tables = _suite.empty_all_tables
suite_test_config = _suite.test_config


# ---------------------------------------------------------------------------------------------
# Collection: mark, and skip without Chromium


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    # tryfirst: the marker is in place before `-m "not browser"` deselects by it.
    for item in items:
        if HERE not in Path(item.path).resolve().parents:
            continue
        item.add_marker(pytest.mark.browser)
        if not CHROMIUM.exists():
            item.add_marker(
                pytest.mark.skip(
                    reason=f"{CHROMIUM} is absent: browser tests skipped "
                    "(apt-get install chromium; never `playwright install`)"
                )
            )


# ---------------------------------------------------------------------------------------------
# Browser


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def base_url():
    """Replaces pytest-playwright's own `base_url` (a session fixture written as an instance
    method, which pytest 9 deprecates and our warnings-as-errors turns into an error). Pages are
    opened with absolute URLs from `live_server`, whose port changes per test."""
    return None


# ---------------------------------------------------------------------------------------------
# Live server and accounts


@dataclass
class LiveServer:
    app: Flask
    url: str


@pytest.fixture
def live_server(migrated_database) -> Iterator[LiveServer]:
    app = create_app(suite_test_config(migrated_database, WTF_CSRF_ENABLED=True))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(app=app, url=f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        with app.app_context():
            db.session.remove()
            empty_all_tables()
            db.engine.dispose()


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    display_name: str
    role: Role
    password: str


class Accounts:
    """Create people and join codes straight in the live app's database."""

    def __init__(self, app: Flask):
        self.app = app

    def create(
        self,
        username: str,
        role: Role = Role.STUDENT,
        *,
        display_name: str | None = None,
        password: str = PASSWORD,
        **kwargs,
    ) -> Account:
        with self.app.app_context():
            user = create_user(
                username,
                password,
                role=role,
                display_name=display_name or username.title(),
                **kwargs,
            )
            return Account(user.id, user.username, user.display_name, user.role, password)

    def join_code(self, creator: Account, group: str = "Year 9") -> str:
        with self.app.app_context():
            return create_join_code(db.session.get(User, creator.id), group, None, None).code


@pytest.fixture
def accounts(live_server) -> Accounts:
    return Accounts(live_server.app)


# ---------------------------------------------------------------------------------------------
# The guarded browser tab


class Site:
    """A browser tab on the live server that checks every page it loads."""

    def __init__(self, page: Page, base_url: str, shots: Path | None = None):
        self.page = page
        self.base_url = base_url
        self.problems: list[str] = []
        self._axe = Axe()
        self._loaded: list[str] = []
        self._checked: list[str] = []
        self._checked_documents: set[tuple[str, float]] = set()
        self._shots = shots
        page.set_default_timeout(TIMEOUT_MS)
        page.on("load", lambda loaded: self._loaded.append(loaded.url))
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.problems.append(f"JavaScript error: {error}"))
        page.route("**/*", self._only_this_site)

    # Guards ------------------------------------------------------------------------------

    def _only_this_site(self, route: Route) -> None:
        url = route.request.url
        if url == self.base_url or url.startswith(self.base_url + "/"):
            route.continue_()
        else:
            self.problems.append(f"request outside the site (blocked): {url}")
            route.abort("blockedbyclient")

    def _on_console(self, message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.problems.append(f"CSP violation on {self.page.url}: {message.text}")

    def check_a11y(self) -> None:
        """Run axe on the current page; fail on serious or critical violations."""
        page = self.page
        page.wait_for_load_state("load")
        document = (page.url, page.evaluate("performance.timeOrigin"))
        if document in self._checked_documents:
            return
        self._checked_documents.add(document)
        self._checked.append(page.url)
        if self._shots is not None:
            self._shots.mkdir(parents=True, exist_ok=True)
            path = page.url.removeprefix(self.base_url).strip("/") or "home"
            name = f"{len(self._checked):02d}-{_slug(path)}"
            page.screenshot(path=self._shots / f"{name}.png", full_page=True)
        snapshot = hashlib.sha256(page.evaluate(PAGE_SNAPSHOT_JS).encode()).hexdigest()
        if snapshot not in _axe_verdicts:
            if page.evaluate(SCRIPTING_OFF_JS):
                page.evaluate(TIMERS_WITHOUT_SCRIPTING_JS)
            _axe_verdicts[snapshot] = [
                v
                for v in self._axe.run(page).response["violations"]
                if v.get("impact") in BLOCKING_IMPACTS
            ]
        violations = _axe_verdicts[snapshot]
        if violations:
            lines = [f"axe found accessibility violations on {page.url}:"]
            for v in violations:
                targets = "; ".join(" ".join(node["target"]) for node in v["nodes"])
                lines.append(f"  - {v['id']} ({v['impact']}): {v['help']} [{targets}]")
            raise AssertionError("\n".join(lines))

    def finish(self) -> None:
        """At the end of a test: check the last page, then report everything that went wrong."""
        if not self.page.is_closed() and Counter(self._loaded) - Counter(self._checked):
            self.check_a11y()
        problems = list(self.problems)
        unchecked = Counter(self._loaded) - Counter(self._checked)
        if unchecked:
            problems.append(
                "pages loaded but never checked with axe (use site.visit/submit/follow "
                "or site.check_a11y()): " + ", ".join(sorted(unchecked.elements()))
            )
        if problems:
            raise AssertionError("Browser guard:\n" + "\n".join(f"  - {p}" for p in problems))

    def reset(self) -> None:
        """Forget what the guards recorded (for the harness's own tests, after asserting it)."""
        self.problems.clear()
        self._loaded = list(self._checked)

    # Steps a person takes ----------------------------------------------------------------

    def url(self, path: str) -> str:
        return path if path.startswith("http") else self.base_url + path

    def visit(self, path: str) -> Response | None:
        response = self.page.goto(self.url(path))
        self.check_a11y()
        return response

    def submit(self, button: str) -> None:
        """Press a button that sends a form, wait for the next page and check it."""
        with self.page.expect_event("load"):
            self.page.get_by_role("button", name=button, exact=True).click()
        self.check_a11y()

    def follow(self, link: str) -> None:
        with self.page.expect_event("load"):
            self.page.get_by_role("link", name=link, exact=True).click()
        self.check_a11y()

    def log_in(self, username: str, password: str = PASSWORD) -> None:
        self.visit("/login")
        self.page.get_by_label("Username", exact=True).fill(username)
        self.page.get_by_label("Password", exact=True).fill(password)
        self.submit("Log in")

    def log_out(self) -> None:
        self.submit("Log out")


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("_")[:80] or "page"


def _shots_dir(request) -> Path | None:
    shots = os.environ.get("BROWSER_SHOTS")
    return Path(shots) / _slug(request.node.name) if shots else None


@pytest.fixture(autouse=True)
def site(request, live_server, page) -> Site:
    """Autouse, so no browser test can load a page that escapes the guards."""
    return Site(page, live_server.url, _shots_dir(request))


class SiteOpener:
    """Opens more guarded tabs, each in a new browser context: another person at another
    computer, or the same person in a browser with different settings."""

    def __init__(self, new_context, base_url: str, shots: Path | None):
        self._new_context = new_context
        self._base_url = base_url
        self._shots = shots
        self.sites: dict[str, Site] = {}

    def __call__(self, name: str, **context_args) -> Site:
        """`open_site("ben")`, `open_site("cal without JavaScript", java_script_enabled=False)`."""
        assert name not in self.sites, f"a tab called {name!r} is already open"
        context: BrowserContext = self._new_context(**context_args)
        shots = self._shots / _slug(name) if self._shots else None
        site = Site(context.new_page(), self._base_url, shots)
        self.sites[name] = site
        return site


@pytest.fixture
def open_site(request, live_server, new_context) -> SiteOpener:
    return SiteOpener(new_context, live_server.url, _shots_dir(request))


def _guarded_sites(item) -> dict[str, Site]:
    funcargs = getattr(item, "funcargs", {})
    sites = {}
    if isinstance(funcargs.get("site"), Site):
        sites["site"] = funcargs["site"]
    if isinstance(funcargs.get("open_site"), SiteOpener):
        sites.update(funcargs["open_site"].sites)
    return sites


# ---------------------------------------------------------------------------------------------
# Hooks: final guard check inside the test, screenshot of a failing test


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    # Only reached when the test body passed: report what the guards saw as a test failure.
    failures = []
    for name, site in _guarded_sites(item).items():
        try:
            site.finish()
        except AssertionError as error:
            failures.append(f"[{name}] {error}" if name != "site" else str(error))
    if failures:
        raise AssertionError("\n".join(failures))
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if not (report.when == "call" and report.failed):
        return report
    for name, site in _guarded_sites(item).items():
        if site.page.is_closed() or site.page.url == "about:blank":
            continue  # failed before this tab opened anything
        ARTIFACTS.mkdir(exist_ok=True)
        suffix = "" if name == "site" else f"-{_slug(name)}"
        path = ARTIFACTS / f"{_slug(item.nodeid)}{suffix}.png"
        try:
            site.page.screenshot(path=path, full_page=True)
        except Exception as error:  # noqa: BLE001 - never hide the real failure
            report.sections.append(("screenshot", f"could not take a screenshot: {error}"))
        else:
            report.sections.append(("screenshot", f"{path} (page: {site.page.url})"))
    return report
