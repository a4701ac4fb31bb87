"""The "Staff" badge in a real browser: beside a teacher's name on their post, their reply and
their profile, readable (axe checks its contrast on every page), and beside no student's."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from board import posting
from board.extensions import db
from board.models import Post, PostKind, Role, User

from .pages import card, heading, main

pytestmark = pytest.mark.browser


def ask(app, author, title: str) -> int:
    with app.app_context():
        post = posting.create_post(
            db.session.get(User, author.id),
            posting.Draft(PostKind.HELP, title, "Anyone free on Thursday at lunch?", "clubs"),
        )
        return post.id


def test_staff_names_carry_a_visible_badge(site, page, accounts, live_server):
    teacher = accounts.create("ms.lee", Role.STAFF, display_name="Ms Lee")
    student = accounts.create("sam", display_name="Sam")
    ask(live_server.app, teacher, "Chess club needs players")
    question = ask(live_server.app, student, "Who else is learning chess?")
    with live_server.app.app_context():
        post = db.session.get(Post, question)
        posting.add_reply(db.session.get(User, teacher.id), post, "Come to chess club!")

    site.log_in(student.username)
    site.visit("/")
    teacher_byline = card(page, "Chess club needs players").locator(".byline")
    expect(teacher_byline.locator(".tag-staff")).to_have_text("Staff")
    expect(teacher_byline.locator(".tag-staff")).to_be_visible()
    expect(card(page, "Who else is learning chess?").locator(".tag-staff")).to_have_count(0)

    site.visit(f"/posts/{question}")
    reply = main(page).locator(".reply").filter(has_text="Come to chess club!")
    expect(reply.locator(".byline .tag-staff")).to_be_visible()

    site.visit(f"/u/{teacher.username}")
    expect(heading(page)).to_contain_text("Ms Lee Staff")
    expect(heading(page).locator(".tag-staff")).to_be_visible()
