"""Shared CLI pieces: the group class, the --data option, error reporting."""

from __future__ import annotations

import sys

import click

#: exit code for invalid input data
EXIT_INVALID = 2


class InnosysGroup(click.Group):
    """Lists commands in the order they were added and turns known errors into clean messages."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except Exception as e:  # noqa: BLE001 - the one place that turns errors into messages
            from innosys.io.problems import ValidationError

            if isinstance(e, ValidationError):
                click.echo(e.report(limit=200), err=True)
                sys.exit(EXIT_INVALID)
            if isinstance(e, (FileNotFoundError, KeyError, ValueError)) and not _debug():
                click.echo(f"Error: {e}", err=True)
                sys.exit(1)
            raise


def _debug() -> bool:
    import os

    return bool(os.environ.get("INNOSYS_DEBUG"))


def data_option(f):
    return click.option(
        "--data", "data_dir", type=click.Path(file_okay=False, path_type=str), default=None,
        help="Data directory (default: the dataset shipped with innosys).")(f)


def load(data_dir):
    """Load and validate a data directory (ValidationError is reported by the group)."""
    from innosys.io import load_dataset

    return load_dataset(data_dir)
