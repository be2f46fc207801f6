"""The `cantina` command: a Flask CLI group around create_app."""

import os
import sys

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy import inspect, select

from app.beneficiaries import cli as beneficiaries_cli
from app.core.errors import CliInputError
from app.delivery import cli as delivery_cli
from app.extensions import db
from app.ops import cli as ops_cli
from app.privacy import cli as privacy_cli
from app.reports import cli as reports_cli


def _create_app():
    from app import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=True)
def main():
    """Cantina: social canteens and home meal delivery."""


def register_commands(app) -> None:
    app.cli.add_command(demo_data)
    app.cli.add_command(users_group)
    app.cli.add_command(serve)
    app.cli.add_command(scheduler_command)
    app.cli.add_command(beneficiaries_cli.import_group)
    app.cli.add_command(delivery_cli.delivery_group)
    app.cli.add_command(ops_cli.backup_command)
    app.cli.add_command(ops_cli.restore_command)
    app.cli.add_command(ops_cli.job_command)
    app.cli.add_command(privacy_cli.export_person_command)
    app.cli.add_command(privacy_cli.retention_group)
    app.cli.add_command(reports_cli.report_group)


@click.command("demo-data")
@click.option("--if-empty", is_flag=True, help="Load only when the database has no site yet.")
@with_appcontext
def demo_data(if_empty: bool):
    """Load the deterministic demo data (districts, sites, users, people)."""
    from app import demo
    from app.core.db import writing
    from app.places.models import Site

    if not inspect(db.engine).has_table("site"):
        raise CliInputError("The database has no tables yet: run `cantina db upgrade` first.")
    if db.session.scalar(select(Site.id).limit(1)) is not None:
        if if_empty:
            click.echo("Demo data: the database already has sites; nothing loaded.")
            _print_logins(demo.logins())
            return
        raise CliInputError("The database is not empty; demo data goes into an empty one.")
    with writing():
        logins = demo.load()
        db.session.commit()
    click.echo("Demo data loaded.")
    _print_logins(logins)


def _print_logins(logins) -> None:
    click.echo("Demo logins (user / password):")
    for username, password, what in logins:
        click.echo(f"  {username:<28} {password:<22} {what}")


@click.group("users")
def users_group():
    """Manage user accounts."""


@users_group.command("create")
@click.option("--username", required=True)
@click.option("--full-name", required=True)
@click.option(
    "--role",
    required=True,
    type=click.Choice(["admin", "manager", "staff", "driver"]),
)
@click.option("--site", "sites", multiple=True, help="Site name or id (repeat for several).")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--language", default="ro", type=click.Choice(["ro", "ru", "en"]))
@with_appcontext
def users_create(username, full_name, role, sites, password, language):
    """Create a user account."""
    from marshmallow import ValidationError

    from app.auth import services
    from app.auth.schemas import UserCreateSchema
    from app.core.converters import named_by
    from app.core.errors import DomainError
    from app.places.models import Site

    site_ids = []
    for ref in sites:
        condition = named_by(Site, ref)
        site_id = None if condition is None else db.session.scalar(select(Site.id).where(condition))
        if site_id is None:
            raise CliInputError(f"--site {ref}: no such site.")
        site_ids.append(site_id)
    try:
        data = UserCreateSchema().load(
            {
                "username": username,
                "full_name": full_name,
                "role": role,
                "password": password,
                "site_ids": site_ids,
                "language": language,
            }
        )
        user = services.create_user(**data)
    except ValidationError as exc:
        lines = [
            f"--{k.replace('_', '-')}: {' '.join(map(str, v))}" for k, v in exc.messages.items()
        ]
        raise CliInputError("\n".join(lines)) from exc
    except DomainError as exc:
        raise CliInputError(exc.message) from exc
    db.session.commit()
    click.echo(f"User {user.username} ({user.role.value}) created.")


@users_group.command("reset-password")
@click.argument("username")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@with_appcontext
def users_reset_password(username, password):
    """Set a new password for an account; its sessions and API token end."""
    from marshmallow import ValidationError

    from app.auth import services
    from app.auth.models import User
    from app.auth.schemas import UserUpdateSchema

    user_id = db.session.scalar(select(User.id).where(User.username == username.strip().lower()))
    if user_id is None:
        raise CliInputError(f"USERNAME {username}: no such user.")
    try:
        data = UserUpdateSchema().load({"password": password})
    except ValidationError as exc:
        raise CliInputError(f"--password: {' '.join(exc.messages['password'])}") from exc
    services.update_user(user_id, data)
    db.session.commit()
    click.echo(f"Password of {username} changed; its sessions and API token ended.")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int)
@click.option(
    "--threads",
    default=1,
    show_default=True,
    type=int,
    help="Threads per worker; more than 1 runs gunicorn's threaded workers.",
)
def serve(host: str, port: int, workers: int, threads: int):
    """Serve the web app with gunicorn (a production WSGI server)."""
    # Check the configuration here so a bad one is reported before gunicorn starts.
    from app.config import ConfigError, check_production, load_config

    try:
        check_production(load_config())
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    # exec gunicorn: workers must not inherit this command's app context (its `g`
    # would then be shared by every request, and with it the logged-in user).
    args = [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread" if threads > 1 else "sync",
        "--threads",
        str(threads),
        "--timeout",
        "60",
        "--access-logfile",
        "-",
        # the path without its query string: searches carry people's names
        "--access-logformat",
        '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(L)ss',
        "--no-control-socket",
        "app.wsgi:app",
    ]
    os.execv(sys.executable, args)


@click.command("scheduler")
@click.option("--once", is_flag=True, help="Run the due jobs (catch-up) once and exit.")
def scheduler_command(once: bool):
    """Run the scheduler process (one per installation)."""
    from scheduler.main import run

    sys.exit(run(current_app._get_current_object(), once=once))


if __name__ == "__main__":
    main()
