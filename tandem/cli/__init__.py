"""The `tandem` command line: a thin shell over the core and the Django actions.

Each command lives in its own module and is imported only when it is run, so that commands that
need no database (``tandem analyze``, ``tandem outcomes FILE``) start without importing Django.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

# command name -> "module:attribute"; every command must have help text with an example
# (tests/test_cli_docs.py checks it).
COMMANDS: dict[str, str] = {
    "serve": "tandem.cli.web:serve",
    "seed-demo": "tandem.cli.web:seed_demo",
    "createpractice": "tandem.cli.web:createpractice",
    "manage": "tandem.cli.web:manage",
    "instruments": "tandem.cli.instruments:instruments",
    "outcomes": "tandem.cli.outcomes:outcomes",
    "alerts": "tandem.cli.alerts:alerts",
    "analyze": "tandem.cli.analyse:analyse",
    "token": "tandem.cli.interop:token",
    "export": "tandem.cli.interop:export",
    "import-scores": "tandem.cli.interop:import_scores",
    "backup": "tandem.cli.interop:backup",
    "restore": "tandem.cli.interop:restore",
    "escalate": "tandem.cli.web:escalate",
    "audit": "tandem.cli.web:audit",
    "worker": "tandem.cli.worker:worker",
    "recompute": "tandem.cli.recompute:recompute",
    "link": "tandem.cli.link:link",
}


class LazyGroup(click.Group):
    """A click group that imports a command's module only when that command is used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                return None
            raise
        command: Any = getattr(module, attribute)
        return command  # type: ignore[no-any-return]


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tandem")
@click.option(
    "--help-settings",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=lambda ctx, _param, value: _print_settings(ctx) if value else None,
    help="List the environment variables Tandem reads, with their defaults, and exit.",
)
def main() -> None:
    """Tandem: feedback-informed therapy in which both people give and use feedback.

    \b
    Examples:
      tandem serve --port 8000
      tandem seed-demo
      tandem outcomes scores.csv --json
      tandem analyze session.vtt
    """


def _print_settings(ctx: click.Context) -> None:
    from tandem.conf import describe_settings

    click.echo(describe_settings())
    ctx.exit(0)
