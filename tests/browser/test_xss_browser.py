"""Hostile text in a real browser: nothing a student types ever runs. The table-driven test in
tests/test_xss.py checks the HTML; this one lets Chromium load the pages and listens for a
dialog (alert, confirm, prompt) that injected script would open."""

from __future__ import annotations

import pytest

from board import posting
from board.extensions import db
from board.models import PostKind, User

pytestmark = pytest.mark.browser

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "<svg onload=alert(3)>",
    '"><script>alert(4)</script>',
    "javascript:alert(5)",
    "<a href=javascript:alert(6)>x</a>",
    "&lt;script&gt;alert(7)&lt;/script&gt;",
    "<details open ontoggle=alert(8)>",
    'https://example.com/"onmouseover="alert(9)',
    "<iframe srcdoc='<script>alert(10)</script>'>",
]


def test_no_dialog_fires_on_any_page_showing_hostile_text(site, accounts, live_server):
    app = live_server.app
    accounts.create("ben", display_name="Ben")
    accounts.create("ana", display_name="<svg onload=alert(0)>")
    post_ids = []
    with app.app_context():
        ana = db.session.scalar(db.select(User).where(User.username_key == "ana"))
        ben = db.session.scalar(db.select(User).where(User.username_key == "ben"))
        for number, payload in enumerate(PAYLOADS):
            help_post = posting.create_post(
                ana, posting.Draft(PostKind.HELP, payload, f"{payload}\n\n{payload}", "other")
            )
            posting.add_reply(ben, help_post, payload)
            posting.add_reply(ana, help_post, f"thanks @ben for this: {payload}")
            if number < 5:  # five shout-outs a day
                posting.create_post(
                    ana,
                    posting.Draft(
                        PostKind.SHOUTOUT, payload, payload, "kindness", recipients=["ben"]
                    ),
                )
            post_ids.append(help_post.id)

    dialogs: list[str] = []
    site.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    site.log_in("ben")
    for path in ["/", "/needs-help", "/celebrations", "/u/ana", "/notifications", "/me"]:
        site.visit(path)
        site.page.mouse.move(200, 300)  # give hover handlers their chance
    for post_id in post_ids:
        site.visit(f"/posts/{post_id}")
        site.page.hover("main")
    site.visit("/search?q=alert")
    site.visit("/posts/new?kind=shoutout&title=%3Cscript%3Ealert(11)%3C/script%3E")
    assert dialogs == []
    # The text is shown as typed, not swallowed.
    site.visit(f"/posts/{post_ids[0]}")
    assert "<script>alert(1)</script>" in site.page.locator("h1").inner_text()
