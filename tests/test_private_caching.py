"""Nothing a logged-in person was shown stays in a browser's cache: on a shared school computer,
Back after logging out must not bring their pages back. Static files keep their caching."""

import pytest

from board.models import Role

from .test_posting import ask


def assert_not_stored(response) -> None:
    response.close()
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "username, path",
    [
        ("sam", "/"),
        ("sam", "/posts/{post}"),
        ("sam", "/me"),
        ("sam", "/me/export"),
        ("sam", "/notifications"),
        ("sam", "/u/ana"),
        ("sam", "/search?q=fractions"),
        ("ms.lee", "/mod/students"),
        ("ms.lee", "/mod/queue/awaiting"),
        ("ms.lee", "/mod/urgent"),
        ("ms.lee", "/mod/accounts/{sam}"),
        ("head", "/admin/audit"),
        ("head", "/admin/audit.csv"),
    ],
)
def test_pages_of_a_logged_in_person_are_not_stored(
    client, auth, people, make_user, username, path
):
    make_user("ana")
    post = ask(people.student)
    auth.login(username)
    response = client.get(path.format(post=post.id, sam=people.student.id))
    assert response.status_code == 200
    assert_not_stored(response)


def test_refusals_and_redirects_for_a_logged_in_person_are_not_stored(client, auth, people):
    auth.login("sam")
    assert_not_stored(client.get("/mod/"))  # 403
    assert_not_stored(client.get("/posts/999"))  # 404
    assert_not_stored(client.post("/posts/999/react/support"))  # 404 on a POST
    assert_not_stored(client.post("/me/settings", data={"shoutouts_need_ok": "ask"}))  # 302
    assert_not_stored(client.get("/posts/new?kind=help&nudge_id=1"))  # a form


def test_the_redirect_after_logging_in_is_not_stored(client, auth, people, make_user):
    response = auth.login("sam")
    assert response.status_code == 302
    assert_not_stored(response)
    make_user("new.teacher", role=Role.STAFF, must_change_password=True)
    client.post("/logout")
    auth.login("new.teacher")
    assert_not_stored(client.get("/"))  # sent to choose a password first


def test_static_files_keep_their_caching_for_a_logged_in_person(client, auth, people):
    auth.login("sam")
    response = client.get("/static/css/board.css")
    response.close()
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")
