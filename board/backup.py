"""Backups: `flask --app board backup PATH` and `flask --app board restore PATH`.

A backup is one consistent moment of the whole database, taken while the board keeps serving:
SQLite's online backup API (the copy is made inside one read transaction, so writes committed
meanwhile are either all in it or not at all; copying the file with `cp` under load loses the
writes still in the write-ahead log), or `pg_dump` in its custom format (one snapshot). It is
written next to PATH and renamed into place, so PATH is never half a backup.

Restoring replaces the whole database with the backup, so it refuses a database that holds any
rows unless told `--yes`, and refuses a backup from a newer release than this one (its schema
revision is unknown here). A backup from an older release is migrated to this release's schema
afterwards (`flask db upgrade`). Stop the board before restoring.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

import click
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from flask import current_app
from flask_migrate import upgrade
from sqlalchemy import inspect, select, text
from sqlalchemy.engine import URL

from .extensions import db


class BackupError(click.ClickException):
    """Something the person running the command can fix; shown without a traceback."""


def _url() -> URL:
    return db.engine.url


def _is_sqlite() -> bool:
    return _url().get_backend_name() == "sqlite"


# ---------------------------------------------------------------------------------------------
# Backing up


def backup(path: Path) -> None:
    """Write a backup of the board's database to `path`."""
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Every student's posts: readable by whoever runs the backups only, from the first byte.
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        if _is_sqlite():
            _sqlite_backup(partial)
        else:
            _run("pg_dump", "--format=custom", "--file", str(partial))
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, path)


def _sqlite_backup(partial: Path) -> None:
    with db.engine.connect() as connection:
        source = connection.connection.driver_connection
        target = sqlite3.connect(partial)
        try:
            source.backup(target)  # all pages in one step: one read transaction, one moment
            # A backup is one self-contained file, whatever journal the live database keeps.
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()


# ---------------------------------------------------------------------------------------------
# Restoring


def restore(path: Path, replace: bool) -> tuple[str, str]:
    """Replace the board's database with the backup at `path`, then migrate it to this
    release's schema. Returns the backup's revision and the revision it was migrated to."""
    if not path.is_file():
        raise BackupError(f"No backup at {path}.")
    revision = revision_of(path)
    head = _check_known(revision)
    if not replace and holds_rows():
        raise BackupError(
            "The database already holds the board's data; restoring replaces all of it. "
            "Run again with --yes to do that (stop the board first)."
        )
    db.session.remove()
    if _is_sqlite():
        _sqlite_restore(path)
    else:
        _postgres_empty_schema()
        _run(
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            str(path),
        )
    db.engine.dispose()
    if revision != head:
        upgrade()
    return revision, head


def holds_rows() -> bool:
    """Whether any of the board's tables exists here and has a row."""
    existing = set(inspect(db.engine).get_table_names())
    with db.engine.connect() as connection:
        return any(
            connection.execute(select(text("1")).select_from(table).limit(1)).first()
            for table in db.metadata.sorted_tables
            if table.name in existing
        )


def _sqlite_restore(path: Path) -> None:
    source = _read_only(path)
    try:
        Path(_url().database).parent.mkdir(parents=True, exist_ok=True)
        with db.engine.connect() as connection:
            source.backup(connection.connection.driver_connection)
    finally:
        source.close()


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _postgres_empty_schema() -> None:
    """Drop every table of the schema the board uses, tables of a newer release included, so
    that the restored database is exactly the backup."""
    with db.engine.begin() as connection:
        # Another client (a worker still running) holding a table would make this wait forever.
        connection.execute(text("SET LOCAL lock_timeout = '10s'"))
        tables = connection.scalars(
            text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        ).all()
        if tables:
            names = ", ".join(f'"{name}"' for name in tables)
            connection.execute(text(f"DROP TABLE IF EXISTS {names} CASCADE"))


# ---------------------------------------------------------------------------------------------
# Schema revisions


def revision_of(path: Path) -> str:
    """The schema revision (alembic_version) stored in a backup file."""
    try:
        if _is_sqlite():
            backup_db = _read_only(path)
            try:
                return backup_db.execute("SELECT version_num FROM alembic_version").fetchone()[0]
            finally:
                backup_db.close()
        # The table's data as COPY text: a header line, the revision, then "\.".
        args = ("--data-only", "--table=alembic_version", "--file=-", str(path))
        dump = _run("pg_restore", *args, connect=False)
        return re.search(r"^COPY [^\n]*alembic_version[^\n]*\n(\w+)\n", dump, re.M)[1]
    except (sqlite3.DatabaseError, TypeError, BackupError) as error:
        raise BackupError(f"{path} is not a backup of this board's database ({error}).") from error


def _check_known(revision: str) -> str:
    """This release's head revision, after making sure it knows `revision`."""
    script = ScriptDirectory(current_app.extensions["migrate"].directory)
    try:
        script.get_revision(revision)
    except CommandError as error:
        raise BackupError(
            f"The backup is from a newer release of the board (schema {revision}) than this "
            "one: install that release (or a later one) to restore it."
        ) from error
    return script.get_current_head()


# ---------------------------------------------------------------------------------------------
# PostgreSQL's tools


def _run(tool: str, *args: str, connect: bool = True) -> str:
    """Run pg_dump or pg_restore (against the board's database unless `connect` is False);
    returns what it printed."""
    program = shutil.which(tool)
    if program is None:
        raise BackupError(
            f"{tool} is not installed. Install PostgreSQL's client tools, the same major version "
            "as the server or newer (Debian: apt-get install postgresql-client)."
        )
    command, environment = [program, *args], dict(os.environ)
    if connect:
        url = _url()
        if url.password:  # in the environment, not on the command line where ps shows it
            environment["PGPASSWORD"] = str(url.password)
        libpq = url.set(drivername="postgresql", password=None)
        command[1:1] = ["--dbname", libpq.render_as_string(hide_password=False)]
    done = subprocess.run(  # noqa: S603 - a fixed tool and arguments, no shell
        command, env=environment, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{tool} failed: {done.stderr.strip()}")
    return done.stdout


# ---------------------------------------------------------------------------------------------
# Commands


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(path: Path):
    """Back up the whole database to PATH while the board keeps running."""
    backup(path)
    click.echo(f"Backed up to {path} ({path.stat().st_size:,} bytes, schema {revision_of(path)}).")


@click.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace a database that already holds data.")
def restore_command(path: Path, yes: bool):
    """Replace the database with the backup at PATH, then bring it up to this release's schema.
    Stop the board first."""
    revision, head = restore(path, replace=yes)
    click.echo(f"Restored {path} (schema {revision}).")
    if revision != head:
        click.echo(f"Upgraded it to this release's schema ({head}).")
