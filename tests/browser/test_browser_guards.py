"""The guards in conftest.py must be able to fail: each test provokes one problem a page could
have and checks that the guard reports it (then clears it, so the test itself passes)."""

import pytest
from playwright.sync_api import Error, expect

pytestmark = pytest.mark.browser


def test_a_serious_accessibility_violation_fails_the_page(site, page):
    page.goto(site.url("/login"))
    page.evaluate("document.querySelector('label[for=password]').remove()")
    with pytest.raises(AssertionError, match=r"label \(critical\)"):
        site.check_a11y()


def test_a_page_loaded_but_never_checked_fails_the_test(site, page):
    page.goto(site.url("/login"))
    page.goto(site.url("/join"))
    with pytest.raises(AssertionError, match=r"never checked with axe.*/login"):
        site.finish()
    site.reset()


def test_requests_outside_the_site_are_blocked_and_fail_the_test(site, page):
    site.visit("/login")
    with pytest.raises(Error, match="ERR_BLOCKED_BY_CLIENT"):
        page.goto("http://tracker.example.invalid/pixel.gif")
    with pytest.raises(
        AssertionError, match=r"request outside the site.*tracker\.example\.invalid"
    ):
        site.finish()
    site.reset()


def test_the_content_security_policy_is_enforced_and_violations_fail_the_test(site, page):
    site.visit("/login")
    with page.expect_console_message(lambda m: "Content Security Policy" in m.text):
        page.evaluate(
            "document.head.insertAdjacentHTML('beforeend', '<style>body{color:red}</style>')"
        )
    expect(page.locator("body")).not_to_have_css("color", "rgb(255, 0, 0)")
    with pytest.raises(AssertionError, match="CSP violation"):
        site.finish()
    site.reset()


def test_a_javascript_error_fails_the_test(site, page):
    site.visit("/login")
    with page.expect_event("pageerror"):
        page.evaluate("setTimeout(() => { throw new Error('boom') })")
    with pytest.raises(AssertionError, match="JavaScript error: .*boom"):
        site.finish()
    site.reset()
