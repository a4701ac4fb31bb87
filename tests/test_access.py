"""Who reaches what: every URL rule, for every kind of visitor, checked against permissions.py."""

import pytest
from flask import url_for
from sqlalchemy import select

from board import accounts, moderation, permissions, posting, wall
from board.extensions import db
from board.models import KioskLink, Notification, PostKind, Role, SafeguardingAlert

VISITORS = ["anonymous", "student", "staff", "admin"]
METHODS = ("GET", "POST")


def example_values(rule, targets) -> dict:
    values = {}
    for name in rule.arguments:
        if name == "filename":
            values[name] = "css/board.css"
        elif name == "token":
            values[name] = "no-such-invite"
        elif name == "user_id" and rule.endpoint == "admin.pastoral_duty":
            values[name] = targets["staff"].id
        elif name == "user_id":
            values[name] = targets["student"].id
        elif name == "alert_id" and rule.endpoint == "mod.review_concern":
            values[name] = targets["concern_id"]
        elif name == "code_id":
            values[name] = targets["join_code"].id
        elif name in ("post_id", "reply_id", "notification_id", "link_id", "alert_id", "word_id"):
            values[name] = targets[name]
        elif name == "item_id":
            values[name] = targets["post_id"]
        elif name == "kind":
            values[name] = "post" if rule.endpoint == "mod.decide" else "celebrate"
        elif name == "action":
            values[name] = "approve"
        elif name == "name":
            values[name] = "awaiting"
        elif name == "username":
            values[name] = targets["student"].username
        else:
            raise AssertionError(f"test_access does not know how to fill <{name}> in {rule}")
    return values


@pytest.fixture
def targets(people, make_user):
    other = make_user("other")
    post = posting.create_post(
        other, posting.Draft(PostKind.HELP, "Fractions", "Stuck on fractions", "schoolwork")
    )
    reply = posting.add_reply(people.student, post, "Try drawing them as pizza slices")
    notification = db.session.scalar(select(Notification.id))
    wall.create_kiosk_link(people.staff, "Main hall")
    kiosk_link = db.session.scalar(select(KioskLink.id))
    word = moderation.add_watched_word(people.staff, "vape*", "flag")
    alert = SafeguardingAlert(student_id=other.id, severity="urgent", reasons="[]")
    concern = SafeguardingAlert(student_id=other.id, severity="concern", reasons="[]")
    # Staff and admin here are safeguarding leads, so that they pass the lead-only actions
    # (acknowledging an alert, the pastoral review queue).
    people.staff.is_safeguarding_lead = people.admin.is_safeguarding_lead = True
    db.session.add_all([alert, concern])
    db.session.commit()
    return {
        "alert_id": alert.id,
        "concern_id": concern.id,
        "staff": people.staff,
        "word_id": word.id,
        "student": people.student,
        "join_code": accounts.create_join_code(people.staff, "Year 9", None, None),
        "post_id": post.id,
        "reply_id": reply.id,
        "notification_id": notification,
        "link_id": kiosk_link,
    }


@pytest.mark.parametrize("visitor", VISITORS)
def test_every_route_follows_the_permissions_module(app, client, auth, people, targets, visitor):
    if visitor != "anonymous":
        auth.login(getattr(people, visitor).username)
    user = None if visitor == "anonymous" else getattr(people, visitor)
    checked = 0
    # Log out last: it is allowed for everyone logged in and would end the visit early.
    logging_out = ("people.log_out_everywhere", "auth.logout")
    rules = sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint in logging_out)
    for rule in rules:
        with app.test_request_context():
            url = url_for(rule.endpoint, **example_values(rule, targets))
        for method in METHODS:
            if method not in rule.methods:
                continue
            response = client.open(url, method=method)
            response.close()
            checked += 1
            allowed = permissions.may_enter(user, rule.endpoint)
            where = f"{visitor} {method} {url} ({rule.endpoint})"
            if allowed:
                # Past the area guard. A rule about this target (only the author may edit, say)
                # may still say 403 or 404; those rules have their own tests.
                assert response.status_code != 401, where
                assert "/login?next" not in response.headers.get("Location", ""), where
                if permissions.area_of(rule.endpoint) > permissions.Area.MEMBERS:
                    assert response.status_code != 403, where
            elif user is None:
                if method == "GET":
                    assert response.status_code == 302, where
                    assert response.headers["Location"].startswith("/login?next="), where
                else:
                    assert response.status_code == 401, where
            else:
                assert response.status_code == 403, where
            if user is not None and rule.endpoint in logging_out:
                auth.login(user.username)  # for the next one
    assert checked > 20


def test_areas_are_what_the_product_says(app):
    assert permissions.area_of("auth.login") == permissions.Area.PUBLIC
    assert permissions.area_of("auth.join") == permissions.Area.PUBLIC
    assert permissions.area_of("main.support") == permissions.Area.PUBLIC
    assert permissions.area_of("main.healthz") == permissions.Area.PUBLIC
    assert permissions.area_of("static") == permissions.Area.PUBLIC
    assert permissions.area_of("main.index") == permissions.Area.MEMBERS
    assert permissions.area_of("mod.students") == permissions.Area.STAFF
    assert permissions.area_of("admin.staff") == permissions.Area.ADMIN


def test_nothing_else_is_public(app):
    public = {
        rule.rule
        for rule in app.url_map.iter_rules()
        if permissions.area_of(rule.endpoint) == permissions.Area.PUBLIC
    }
    assert public == {
        "/login",
        "/join",
        "/invite/<token>",
        "/support",
        "/healthz",
        "/static/<path:filename>",
        "/wall/k/<token>",
    }


def test_every_mod_and_admin_url_is_guarded(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/mod"):
            assert permissions.area_of(rule.endpoint) >= permissions.Area.STAFF, rule
        if rule.rule.startswith("/admin"):
            assert permissions.area_of(rule.endpoint) == permissions.Area.ADMIN, rule


def test_student_sees_no_staff_links(client, auth, people):
    auth.login("sam")
    page = client.get("/").get_data(as_text=True)
    assert "/mod/" not in page and "/admin/" not in page
    assert "Staff tools" not in page


def test_staff_sees_staff_tools_but_not_admin(client, auth, people):
    auth.login("ms.lee")
    page = client.get("/").get_data(as_text=True)
    assert 'href="/mod/"' in page
    assert "/admin/" not in page
    assert client.get("/admin/staff").status_code == 403


def test_staff_cannot_manage_other_staff_but_admin_can(client, auth, people, make_user):
    other = make_user("mr.ray", role=Role.STAFF)
    auth.login("ms.lee")
    assert client.get(f"/mod/accounts/{other.id}").status_code == 403
    assert client.post(f"/mod/accounts/{people.admin.id}/suspend").status_code == 403
    auth.logout()
    auth.login("head")
    assert client.get(f"/mod/accounts/{other.id}").status_code == 200


def test_nobody_manages_their_own_account(people):
    assert not permissions.can_manage_account(people.admin, people.admin)
    assert not permissions.can_manage_account(people.staff, people.staff)
    assert permissions.can_manage_account(people.staff, people.student)
    assert not permissions.can_manage_account(people.student, people.student)
    assert not permissions.can_manage_account(people.staff, people.admin)
    assert permissions.can_manage_account(people.admin, people.staff)


def test_unknown_account_is_404_for_staff(client, auth, people):
    auth.login("ms.lee")
    assert client.get("/mod/accounts/99999").status_code == 404
