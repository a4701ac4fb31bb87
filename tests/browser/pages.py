"""Finding things on the board's pages the way a person does (by role and name), shared by the
browser journeys."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page


def heading(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def flash(page: Page) -> Locator:
    return page.get_by_role("status")


def main(page: Page) -> Locator:
    return page.get_by_role("main")


def card(page: Page, title: str) -> Locator:
    """A post on a list of posts, found by its title."""
    return (
        main(page)
        .get_by_role("article")
        .filter(has=page.get_by_role("heading", name=title, exact=True))
    )


def notifications_link(page: Page) -> Locator:
    return page.get_by_role("navigation", name="Main").get_by_role(
        "link", name=re.compile(r"^Notifications")
    )


def staff_tools(page: Page) -> Locator:
    return page.get_by_role("navigation", name="Staff tools")


def click_to_load(site, target: Locator) -> None:
    """Click something that loads a page (a link whose name has more words than its title, a
    notification), then check the page like site.follow does."""
    with site.page.expect_event("load"):
        target.click()
    site.check_a11y()
