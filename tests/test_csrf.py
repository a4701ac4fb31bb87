"""Every state-changing route refuses a request without a valid CSRF token."""

import re

import pytest

from board import accounts, posting
from board.models import PostKind

from .conftest import PASSWORD

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


@pytest.fixture
def config_overrides():
    return {"WTF_CSRF_ENABLED": True}


def csrf_token(client, path="/login") -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def login_with_token(client, username):
    token = csrf_token(client)
    response = client.post(
        "/login", data={"username": username, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302
    return csrf_token(client, "/me")  # logging in gave the session a new one


def fill(rule, people, join_code, post, reply):
    values = {
        "user_id": people.student.id,
        "code_id": join_code.id,
        "token": "no-such-invite",
        "filename": "css/board.css",
        "post_id": post.id,
        "reply_id": reply.id,
        "notification_id": 1,
        "kind": "celebrate",
        "username": people.student.username,
        "link_id": 1,
        "alert_id": 1,
        "word_id": 1,
        "item_id": post.id,
        "action": "approve",
        "name": "awaiting",
    }
    return rule.build({name: values[name] for name in rule.arguments})[1]


@pytest.mark.parametrize("token", [None, "not-a-valid-token"])
def test_every_state_changing_route_needs_a_csrf_token(app, client, people, token):
    join_code = accounts.create_join_code(people.staff, "Year 9", None, None)
    post = posting.create_post(
        people.student, posting.Draft(PostKind.HELP, "Fractions", "Stuck", "schoolwork")
    )
    reply = posting.add_reply(people.staff, post, "Happy to help")
    login_with_token(client, "head")
    adapter_rules = [r for r in app.url_map.iter_rules() if r.methods & STATE_CHANGING]
    assert len(adapter_rules) >= 8
    for rule in adapter_rules:
        url = fill(rule, people, join_code, post, reply)
        for method in rule.methods & STATE_CHANGING:
            data = {"csrf_token": token} if token else {}
            response = client.open(url, method=method, data=data)
            response.close()
            assert response.status_code == 400, f"{method} {url} accepted a request without CSRF"
            assert "form expired" in response.get_data(as_text=True)
    # Still logged in and nothing changed: the student was not suspended or reset.
    assert client.get("/").status_code == 200
    assert people.student.suspended_until is None
    assert not people.student.must_change_password


def test_login_form_itself_needs_the_token(client, people):
    response = client.post("/login", data={"username": "sam", "password": PASSWORD})
    assert response.status_code == 400


def test_a_valid_token_is_accepted(client, people):
    token = login_with_token(client, "sam")
    response = client.post("/logout", data={"csrf_token": token})
    assert response.status_code == 302
