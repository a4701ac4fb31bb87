"""The school's own copy of the screening model: which model screens posts, retraining it from
the shipped corpus plus staff decisions, and the figures admins see on insights.

A school starts with the shipped model (board/screening/model_weights.json). `flask --app board
screening retrain` trains a new copy from the shipped corpus plus the labelled examples that
staff decisions left in this database (screening_labels.py), reports held-out figures before and
after, and switches only when the new copy is no worse on the shipped held-out set. Copies live
in the database, so every worker and host screens with the same one; nothing leaves the school.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import click
from flask.cli import AppGroup
from sqlalchemy import func, select, update

from . import audit, screening, screening_labels
from .extensions import db
from .models import ScreeningModel, User, utcnow
from .screening import training
from .screening.model import Model

# Process-wide: the weights of the copy with this version, parsed once per worker.
_loaded: dict[str, Model] = {}


def current() -> Model | None:
    """The model that screens posts now: the school's active copy, or None for the shipped
    one. One small query; the weights are parsed once per worker per version."""
    version = db.session.scalar(
        select(ScreeningModel.version).where(ScreeningModel.active.is_(True))
    )
    if version is None:
        return None
    model = _loaded.get(version)
    if model is None:
        weights = db.session.scalar(
            select(ScreeningModel.weights).where(ScreeningModel.version == version)
        )
        model = Model.from_json(weights)
        _loaded.clear()  # one copy per worker; another thread may be reading its own `model`
        _loaded[version] = model
    return model


def in_use() -> Model:
    return current() or screening.MODEL


def judge(model: Model):
    """A function text -> the corpus label the whole screener (rules and `model`) gives it."""
    return lambda text: training.category_of(screening.screen(text, (), model))


@dataclass
class Retrained:
    before: dict
    after: dict
    labels: int
    switched: bool
    version: str


def retrain(actor: User | None = None, *, epochs: int = 3) -> Retrained:
    """Train a new copy from the shipped corpus plus this school's labelled examples, measure
    both on the shipped held-out set, and switch only when the new one is no worse."""
    labelled = screening_labels.labelled_examples()
    heldout = training.shipped_heldout()
    base = in_use()
    before = training.figures(heldout, judge(base))
    count = db.session.scalar(select(func.count()).select_from(ScreeningModel)) or 0
    tuned = training.fine_tune(
        screening.MODEL, labelled, training.shipped_training(), version="", epochs=epochs
    )
    # The version names the weights themselves, so no two different copies share a name.
    digest = hashlib.sha256(tuned.to_json().encode()).hexdigest()[:8]
    version = tuned.version = f"school-{count + 1}-{utcnow():%Y%m%d}-{digest}"
    after = training.figures(heldout, judge(tuned))
    switched = training.no_worse(after, before)
    tuned.figures = {"heldout": after, "labels": len(labelled), "trained_at": _now()}
    db.session.add(
        ScreeningModel(
            version=version,
            weights=tuned.to_json(),
            figures=json.dumps(tuned.figures),
            labels=len(labelled),
            active=False,
        )
    )
    if switched:
        db.session.execute(update(ScreeningModel).values(active=False))
        db.session.execute(
            update(ScreeningModel).where(ScreeningModel.version == version).values(active=True)
        )
    audit.record(
        actor,
        "retrain_screening",
        f"model {version}",
        f"{len(labelled)} staff labels; {'switched to it' if switched else 'kept ' + base.version}",
    )
    db.session.commit()
    return Retrained(before, after, len(labelled), switched, version)


_measured: dict[str, dict] = {}


def _figures_of(model: Model) -> dict:
    """Held-out figures of a model that does not carry them (the shipped one), once per
    worker: scoring the held-out set takes about half a second."""
    if model.version not in _measured:
        _measured[model.version] = training.figures(training.shipped_heldout(), judge(model))
    return _measured[model.version]


def _now() -> str:
    return f"{utcnow():%-d %B %Y, %H:%M} UTC"


def status() -> dict:
    """What admins see on insights: the version in use, its held-out figures, when it was
    trained and from how many staff decisions, and how many decisions wait for a retrain."""
    model = in_use()
    figures = model.figures.get("heldout") or _figures_of(model)
    return {
        "version": model.version,
        "trained_at": model.figures.get("trained_at"),
        "labels_used": model.figures.get("labels", 0),
        "labels_now": sum(screening_labels.label_counts().values()),
        "figures": figures,
    }


# ---------------------------------------------------------------------------------------------
# Command line: flask --app board screening retrain | evaluate FILE.tsv

screening_cli = AppGroup("screening", help="The school's screening model.")


@screening_cli.command("retrain")
@click.option("--epochs", default=3, show_default=True, help="passes over the examples")
def retrain_command(epochs: int) -> None:
    """Retrain the school's copy from the shipped corpus plus staff decisions."""
    decisions = sum(screening_labels.label_counts().values())
    click.echo(
        f"Retraining from the shipped corpus and {decisions} staff decisions; measuring on "
        "the shipped held-out set..."
    )
    result = retrain(epochs=epochs)
    click.echo("Before (the model in use):")
    click.echo("\n".join(training.describe(result.before)))
    click.echo(f"After ({result.version}):")
    click.echo("\n".join(training.describe(result.after)))
    if result.switched:
        click.echo(f"Switched: posts are now screened by {result.version}.")
    else:
        click.echo(
            "Not switched: the new model was worse on the held-out set on at least one "
            "figure; the model in use stays."
        )


@screening_cli.command("evaluate")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def evaluate_command(path: str) -> None:
    """Report how the screener does on a labelled file (tab-separated: label, text[, subtype])."""
    try:
        examples = training.read_examples(path)
    except (ValueError, UnicodeDecodeError) as error:
        raise click.ClickException(str(error)) from None
    model = in_use()
    click.echo(f"Model {model.version} on {path}:")
    click.echo("\n".join(training.describe(training.figures(examples, judge(model)))))


def init_app(app) -> None:
    app.cli.add_command(screening_cli)
