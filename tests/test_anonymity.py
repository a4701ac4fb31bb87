"""An anonymous help request never tells another student who asked.

Student A asks anonymously; classmates reply, react, and A marks a reply "This helped" and joins
the thread. Then classmates sign in and fetch every page and response they can reach that touches
the request (named ones, and every GET rule of the app, so that new pages are covered without
editing this file). A's username and display name must appear in no body, no header and no
session cookie. Staff and A themselves are the positive controls: they do see the author.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass, field

import pytest
from flask import url_for
from sqlalchemy import select

from board import posting
from board.extensions import db
from board.models import Notification, NotificationKind, PostKind, ReactionKind, Role

ASKER_USERNAME = "quietfox"
ASKER_NAME = "Zephyrine"
SECRETS = (ASKER_USERNAME.lower(), ASKER_NAME.lower())
TITLE = "Nervous about the drama audition"


@dataclass
class Scene:
    asker: object
    helper: object  # B: replied, and A marked the reply "This helped"
    classmate: object  # C: replied and reacted
    staff: object
    post: object
    helped_reply: object
    asker_reply: object


@pytest.fixture
def scene(make_user):
    asker = make_user(ASKER_USERNAME, display_name=ASKER_NAME)
    helper = make_user("bramble", display_name="Bram")
    classmate = make_user("cedar", display_name="Cedar")
    reactor = make_user("dune", display_name="Dune")
    staff = make_user("ms.lee", role=Role.STAFF, display_name="Ms Lee")

    post = posting.create_post(
        asker,
        posting.Draft(
            PostKind.HELP,
            TITLE,
            "My audition is on Friday and my hands shake. Any tips for calming down?",
            "wellbeing",
            anonymous=True,
        ),
    )
    assert post.anonymous
    helped_reply = posting.add_reply(helper, post, "Slow breathing helps me, and practise once.")
    posting.add_reply(classmate, post, "You will be great. Picture a friendly face in the room.")
    posting.mark_helped(post, helped_reply)
    asker_reply = posting.add_reply(asker, post, "Thank you both, I feel much calmer now!")
    for person, kind in [
        (helper, ReactionKind.SUPPORT),
        (classmate, ReactionKind.ME_TOO),
        (classmate, ReactionKind.SUPPORT),
        (reactor, ReactionKind.INSPIRED),
        (staff, ReactionKind.SUPPORT),
    ]:
        posting.toggle_reaction(person, post, kind)
    # Something unrelated on the helper's and classmate's profiles, so those pages have posts.
    posting.create_post(
        staff,
        posting.Draft(
            PostKind.SHOUTOUT,
            "Kind helpers",
            "Thank you for looking after each other this week.",
            "kindness",
            recipients=["bramble", "cedar"],
        ),
    )
    # Enough other requests that the board has an "Older posts" page to look at as well.
    others = [helper, classmate, reactor, staff]
    for number in range(24):
        posting.create_post(
            others[number % 4],
            posting.Draft(PostKind.HELP, f"Question {number}", "Any ideas?", "schoolwork"),
        )
    return Scene(asker, helper, classmate, staff, post, helped_reply, asker_reply)


@dataclass
class Sweep:
    """Fetches pages as one viewer and writes down every place the asker shows up."""

    app: object
    client: object
    leaks: list[str] = field(default_factory=list)
    fetched: dict[str, str] = field(default_factory=dict)  # url -> body

    def check(self, label: str, response) -> str:
        body = response.get_data(as_text=True)
        places = {"body": body}
        for name, value in response.headers.items():
            places[f"header {name}"] = value
        places["session cookie"] = self.session_contents()
        for where, text in places.items():
            found = [secret for secret in SECRETS if secret in text.lower()]
            if found:
                self.leaks.append(f"{label}: {where} contains {found}")
        self.fetched[label] = body
        return body

    def session_contents(self) -> str:
        cookie = self.client.get_cookie("session")
        if cookie is None:
            return ""
        serializer = self.app.session_interface.get_signing_serializer(self.app)
        return json.dumps(serializer.loads(cookie.value), default=str)

    def get(self, url: str, **kwargs) -> str:
        response = self.client.get(url, **kwargs)
        body = self.check(f"GET {url} ({response.status_code})", response)
        self.follow(response)
        return body

    def post(self, url: str, **kwargs):
        response = self.client.post(url, **kwargs)
        self.check(f"POST {url} ({response.status_code})", response)
        self.follow(response)
        return response

    def follow(self, response) -> None:
        location = response.headers.get("Location")
        if location and location.startswith("/"):
            target = location.split("#")[0]
            followed = self.client.get(target)
            self.check(f"GET {target} (after redirect, {followed.status_code})", followed)


def reply_ids(page: str) -> list[int]:
    return [int(number) for number in re.findall(r'id="reply-(\d+)"', page)]


def sweep_as(app, client, auth, viewer, scene: Scene) -> Sweep:
    """Everything a student can reach that touches the anonymous request."""
    auth.login(viewer.username)
    sweep = Sweep(app, client)
    post_id = scene.post.id

    board = sweep.get("/")
    older = re.search(r'class="pager".*?href="([^"]+)"', board, re.S)
    assert older, "the board has a second page"
    board += sweep.get(older.group(1).replace("&amp;", "&"))
    assert TITLE in board, "the request must be on the board, or this sweep proves nothing"
    page = sweep.get(f"/posts/{post_id}")
    assert TITLE in page and "The person who asked" in page and "Bram" in page
    # Every reply on the page, as the "Say thank you?" link after "This helped" shows it.
    for reply_id in reply_ids(page):
        sweep.get(f"/posts/{post_id}?thanked={reply_id}")
    assert scene.asker_reply.id in reply_ids(page)
    who = sweep.get(f"/posts/{post_id}/reactions")
    assert "Dune" in who
    for person in (scene.helper, scene.classmate):
        sweep.get(f"/u/{person.username}")
    sweep.get("/me")
    notifications = sweep.get("/notifications")
    export = sweep.get("/me/export")
    assert json.loads(export)["account"]["username"] == viewer.username
    for prefix in ("b", "c", "d", "br", "ce", "@bramble"):
        sweep.get(f"/people/suggest?q={prefix}")

    if viewer.id == scene.helper.id:
        assert "said your reply helped" in notifications and TITLE in notifications
        helped = db.session.scalar(
            select(Notification).where(
                Notification.user_id == viewer.id, Notification.kind == NotificationKind.HELPED
            )
        )
        assert helped is not None and helped.actor_id is None
        opened = sweep.post(f"/notifications/{helped.id}/open")
        assert opened.status_code == 302
        assert opened.headers["Location"] == f"/posts/{post_id}#reply-{helped.reply_id}"
        assert json.loads(export)["notifications"], "the helped notification is in the export"

    # Reacting, with the JavaScript (JSON) and without it (redirect), from the post and the board.
    json_headers = {"Accept": "application/json"}
    for _ in range(2):
        toggled = sweep.post(f"/posts/{post_id}/react/celebrate", headers=json_headers)
        assert toggled.status_code == 200 and toggled.is_json
    sweep.post(f"/posts/{post_id}/react/inspired")
    sweep.post(f"/posts/{post_id}/react/inspired", data={"next": "/"})

    # Replying, the page after it, and the form shown again with an error.
    replied = sweep.post(
        f"/posts/{post_id}/replies", data={"body": f"Good luck from {viewer.display_name}!"}
    )
    assert replied.status_code == 302
    assert sweep.post(f"/posts/{post_id}/replies", data={"body": "  "}).status_code == 400

    # Search and the feeds: the request is found by its words, never by its asker's name.
    if "main.search" in app.view_functions:
        found = sweep.get("/search?q=audition")
        assert f'href="/posts/{post_id}"' in found
        for query in ('"drama audition"', "audit*", "hands shake", "calmer"):
            sweep.get(f"/search?q={query}")
        for name in (ASKER_USERNAME, ASKER_NAME):
            by_name = client.get(f"/search?q={name}").get_data(as_text=True)
            assert f'href="/posts/{post_id}"' not in by_name, "found by the asker's name"

    # Every GET page of the app that takes nothing, a post, a reply or a username: plain, and
    # with the filters the feeds and search read (each view ignores those it doesn't use).
    filters = "?q=audition&category=wellbeing&period=term"
    choices = {
        "post_id": [post_id],
        "reply_id": reply_ids(page),  # the asker's own reply among them
        "username": [viewer.username, scene.helper.username, scene.classmate.username],
    }
    covered = set()
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        if not set(rule.arguments) <= set(choices):
            continue
        names = sorted(rule.arguments)
        for values in itertools.product(*(choices[name] for name in names)):
            with app.test_request_context():
                url = url_for(rule.endpoint, **dict(zip(names, values, strict=True)))
            sweep.get(url)
            if not names:
                sweep.get(url + filters)
        covered.add(rule.endpoint)
    assert {
        "main.index",
        "posts.show",
        "posts.reactions",
        "posts.edit",
        "posts.suggest",
        "people.profile",
        "people.me",
        "people.notification_list",
        "people.export",
    } <= covered
    auth.logout()
    return sweep


def test_student_cannot_learn_who_asked_anonymously(app, client, auth, scene):
    leaks = []
    for viewer in (scene.helper, scene.classmate):
        leaks += [
            f"as {viewer.username}: {leak}"
            for leak in sweep_as(app, client, auth, viewer, scene).leaks
        ]
    assert not leaks, "the anonymous asker is revealed:\n" + "\n".join(leaks)


def test_helper_is_told_their_reply_helped_without_learning_by_whom(client, auth, scene):
    auth.login(scene.helper.username)
    page = client.get("/notifications").get_data(as_text=True)
    assert "The person who asked said your reply helped" in page
    assert ASKER_NAME not in page


def test_staff_see_who_asked_anonymously(client, auth, scene):
    auth.login(scene.staff.username)
    page = client.get(f"/posts/{scene.post.id}").get_data(as_text=True)
    assert ASKER_NAME in page
    assert f'href="/u/{ASKER_USERNAME}"' in page
    assert "posted anonymously" in page
    assert "asked this" in page  # the asker's own reply is named for staff


def test_asker_sees_their_own_request_marked_posted_anonymously(client, auth, scene):
    auth.login(ASKER_USERNAME)
    page = client.get(f"/posts/{scene.post.id}").get_data(as_text=True)
    assert "posted anonymously" in page
    assert ASKER_NAME in page
    # Resolved, it has sunk below the newer questions: on the board's second page.
    board = client.get("/").get_data(as_text=True)
    older = re.search(r'href="(/\?after=[^"]+)"', board).group(1).replace("&amp;", "&")
    assert "posted anonymously" not in board
    assert "posted anonymously" in client.get(older).get_data(as_text=True)
    assert "posted anonymously" in client.get("/me").get_data(as_text=True)
