"""The school's own copy of the screener: retraining from staff decisions switches only when
the new copy is no worse on the shipped held-out set, posts are then screened by it, admins
see its version and figures on insights, and any labelled file can be evaluated."""

from __future__ import annotations

import json

from sqlalchemy import select

from board import school_model
from board.extensions import db
from board.models import AuditEntry, Post, ScreeningExample, ScreeningModel
from board.screening import MODEL, training
from board.screening.model import Model

# Staff decisions a school might have made; with these the retrained copy is no worse on the
# held-out set, so it is switched to (the command is deterministic: seeded).
DECISIONS = [
    ("you lot are such sheep lol", "unkind"),
    ("my grandad's funeral is on friday", "clean"),
    ("i keep thinking about the canal at night", "urgent"),
] * 3


def add_decisions(pairs=DECISIONS) -> None:
    for text, label in pairs:
        db.session.add(ScreeningExample(text=text, label=label, source="nudge_fair"))
    db.session.commit()


def active_version() -> str | None:
    return db.session.scalar(select(ScreeningModel.version).where(ScreeningModel.active))


def test_a_new_school_screens_with_the_shipped_model(app):
    assert school_model.current() is None
    assert school_model.in_use() is MODEL
    assert MODEL.version.startswith("shipped-")


def test_retrain_learns_from_staff_decisions_and_switches_when_no_worse(app, runner):
    add_decisions()
    result = runner.invoke(args=["screening", "retrain"])
    assert result.exit_code == 0, result.output
    assert "9 staff decisions" in result.output
    assert "Before (the model in use):" in result.output and "After (school-1-" in result.output
    assert "crisis reaching a person" in result.output
    assert "Switched: posts are now screened by school-1-" in result.output
    version = active_version()
    assert version.startswith("school-1-")
    assert school_model.current().version == version
    row = db.session.scalar(select(ScreeningModel))
    assert row.labels == 9 and json.loads(row.figures)["heldout"]["n"] >= 800
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "retrain_screening"))
    assert version in entry.subject


def test_retrain_keeps_the_model_in_use_when_the_new_one_is_worse(app, monkeypatch):
    add_decisions()
    real = training.figures

    def worse_after(examples, judge):
        result = real(examples, judge)
        if judge.__name__ == "worse":
            result["crisis"]["recall"] -= 0.01
        return result

    def judge(model):
        def worse(text):
            return training.category_of(school_model.screening.screen(text, (), model))

        if model is MODEL:
            worse.__name__ = "before"
        return worse

    monkeypatch.setattr(training, "figures", worse_after)
    monkeypatch.setattr(school_model, "judge", judge)
    outcome = school_model.retrain()
    assert not outcome.switched
    assert active_version() is None
    assert db.session.scalar(select(ScreeningModel.version)) == outcome.version  # kept, unused


def test_no_worse_compares_every_figure_that_matters_for_a_child():
    base = {
        "crisis": {"recall": 0.8},
        "urgent": {"recall": 0.7},
        "unkind": {"recall": 0.6},
        "clean_flagged": 0.03,
        "clean_urgent": 2,
    }
    assert training.no_worse(base, base)
    for key, value in [
        ("crisis", {"recall": 0.79}),
        ("urgent", {"recall": 0.69}),
        ("unkind", {"recall": 0.59}),
        ("clean_flagged", 0.031),
        ("clean_urgent", 3),
    ]:
        assert not training.no_worse({**base, key: value}, base), key


def test_posts_are_screened_by_the_schools_active_copy(app, auth, people, client):
    # A copy that reads everything as a concern shows the seam uses the school's model. (The
    # second reader, which reads this post as clean, has half the say: the copy's crisis
    # threshold is set below that half.)
    data = json.loads(MODEL.to_json())
    data["version"] = "school-test-everything-concern"
    data["bias"] = [-5.0, -5.0, 5.0, -5.0]
    data["weights"] = {}
    data["thresholds"] = {**data["thresholds"], "crisis": 0.4}
    db.session.add(
        ScreeningModel(
            version=data["version"],
            weights=json.dumps(data),
            figures="{}",
            labels=0,
            active=True,
        )
    )
    db.session.commit()
    auth.login(people.student.username)
    response = client.post(
        "/posts/new?kind=help",
        data={"title": "Maths", "body": "Which page is the homework on?", "category": "schoolwork"},
    )
    assert response.status_code == 302 and "checkin=1" in response.headers["Location"]
    post = db.session.scalar(select(Post))
    assert json.loads(post.screening)["severity"] == "concern"


def test_admins_see_the_model_version_and_figures_on_insights(app, auth, people, client, runner):
    add_decisions()
    runner.invoke(args=["screening", "retrain"])
    auth.login(people.admin.username)
    page = client.get("/mod/insights").get_data(as_text=True)
    assert "The screener" in page and active_version() in page
    assert "Crisis posts that reach a person" in page
    assert "from 9 staff decisions" in page


def test_staff_who_are_not_admins_do_not_see_the_screener_section(app, auth, people, client):
    auth.login(people.staff.username)
    page = client.get("/mod/insights").get_data(as_text=True)
    assert "The screener" not in page


def test_evaluate_reports_on_any_labelled_file(app, runner, tmp_path):
    path = tmp_path / "ours.tsv"
    path.write_text(
        "label\ttext\n"
        "urgent\tI want to kill myself tonight\n"
        "clean\tyou killed it at the recital!!\n"
        "unkind\tyou're such a loser, nobody likes you\n",
        encoding="utf-8",
    )
    result = runner.invoke(args=["screening", "evaluate", str(path)])
    assert result.exit_code == 0, result.output
    assert "3 posts" in result.output
    assert "crisis reaching a person (urgent or concern): recall 1.000" in result.output
    assert "unkind: recall 1.000" in result.output
    assert "clean posts flagged: 0.000" in result.output


def test_evaluate_refuses_a_file_without_labels(app, runner, tmp_path):
    path = tmp_path / "bad.tsv"
    path.write_text("words\nhello\n", encoding="utf-8")
    result = runner.invoke(args=["screening", "evaluate", str(path)])
    assert result.exit_code != 0
    assert "the header must name the columns label and text" in result.output


def test_a_loaded_model_round_trips_through_json():
    again = Model.from_json(MODEL.to_json())
    assert again.version == MODEL.version and again.thresholds == MODEL.thresholds
    assert len(again.weights) == len(MODEL.weights)
